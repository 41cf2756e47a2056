// Package outbox keeps the emails and SMS messages the emulator "sent", with their
// codes and links, so a test can finish a verification flow the way a user would.
// Messages live in the store, so snapshots, resets and --data-dir cover them too.
package outbox

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/emulator/token"
)

// Channels a message goes out on.
const (
	Email = "email"
	SMS   = "sms"
)

// Message is one sent email or SMS.
type Message struct {
	ID       string    `json:"id"`
	Tenant   string    `json:"tenant"`
	Provider string    `json:"provider"`
	Channel  string    `json:"channel"`
	To       string    `json:"to"`
	Subject  string    `json:"subject,omitempty"`
	Body     string    `json:"body"`
	Code     string    `json:"code,omitempty"`
	Link     string    `json:"link,omitempty"`
	Purpose  string    `json:"purpose,omitempty"` // what the message is for, e.g. email-verification
	SentAt   time.Time `json:"sent_at"`
}

var messages = store.Collection[Message]{Name: "outbox"}

// Outbox records messages for one provider's store.
type Outbox struct {
	Provider string
}

// Send records a message inside the caller's transaction, so a message exists exactly
// when the change that sent it was committed.
func (o *Outbox) Send(tx *store.Tx, tenant string, m Message) (Message, error) {
	now := tx.Now()
	m.Tenant, m.Provider, m.SentAt = tenant, o.Provider, now
	// ids sort by send time, so a listing comes out in order without an index.
	m.ID = fmt.Sprintf("%019d-%s", now.UnixNano(), token.Opaque(6))
	return m, messages.Insert(tx, tenant, m.ID, m)
}

// List returns the messages of every tenant (or of one), oldest first, optionally only
// those sent to one address or number (case-insensitive).
func (o *Outbox) List(tx *store.Tx, tenant, to string) ([]Message, error) {
	tenants := []string{tenant}
	if tenant == "" {
		var err error
		if tenants, err = tx.Tenants(); err != nil {
			return nil, err
		}
	}
	out := []Message{}
	for _, t := range tenants {
		err := messages.Each(tx, t, func(_ string, m Message) bool {
			if to == "" || strings.EqualFold(m.To, to) {
				out = append(out, m)
			}
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Clear deletes the messages of every tenant (or of one).
func (o *Outbox) Clear(tx *store.Tx, tenant string) (int, error) {
	msgs, err := o.List(tx, tenant, "")
	if err != nil {
		return 0, err
	}
	for _, m := range msgs {
		if err := messages.Delete(tx, m.Tenant, m.ID); err != nil {
			return 0, err
		}
	}
	return len(msgs), nil
}
