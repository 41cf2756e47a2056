package akamai

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/idemu/idemu/emulator/outbox"
	"github.com/idemu/idemu/emulator/store"
)

// Webhooks v3 event types and event states.
const (
	eventCreated = "entityCreated"
	eventUpdated = "entityUpdated"
	eventDeleted = "entityDeleted"
	eventTest    = "test"

	stateAwaiting  = "awaiting-executing"
	stateExecuting = "executing"
	stateSuccess   = "success"
	stateFailure   = "failure"
)

// Event store retention (documented: 7 days), listing page size and delivery timeout
// (idemu's choices).
const (
	eventRetention  = 7 * 24 * time.Hour
	webhookPageSize = 10
	deliveryTimeout = 5 * time.Second
)

type subscription struct {
	Seq       int64     `json:"seq"` // creation order, which the clock alone may not give
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Endpoint  string    `json:"endpoint"`
	Events    []string  `json:"events"`
	Enabled   bool      `json:"enabled"`
	CreatedAt time.Time `json:"createdAt"`
}

var subscriptions = store.Collection[subscription]{Name: "webhook-subscriptions"}

type historyEntry struct {
	State      string    `json:"state"`
	Timestamp  time.Time `json:"timestamp"`
	StatusCode int       `json:"statusCode,omitempty"`
	Message    string    `json:"message,omitempty"`
}

type webhookEvent struct {
	Seq            int64          `json:"seq"`
	ID             string         `json:"id"`
	SubscriptionID string         `json:"subscriptionId"`
	Type           string         `json:"type"`
	State          string         `json:"state"`
	Attempts       int            `json:"attempts"`
	CreatedAt      time.Time      `json:"createdAt"`
	UpdatedAt      time.Time      `json:"updatedAt"`
	Data           map[string]any `json:"data"`
	History        []historyEntry `json:"history"`
}

// webhookEvents are keyed <subscription id>.<sequence number, zero-padded>, so that a
// subscription's events list in order.
var webhookEvents = store.Collection[webhookEvent]{Name: "webhook-events"}

// webhookSeq numbers an app's subscriptions and events in the order they were made.
var webhookSeq = store.Collection[int64]{Name: "webhook-seq"}

func nextSeq(tx *store.Tx, app string) (int64, error) {
	n, err := webhookSeq.Get(tx, app, "seq")
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return 0, err
	}
	return n + 1, webhookSeq.Put(tx, app, "seq", n+1)
}

// webhookPending names the events waiting for delivery (by their event key).
var webhookPending = store.Collection[string]{Name: "webhook-pending"}

func eventKey(e webhookEvent) string { return fmt.Sprintf("%s.%020d", e.SubscriptionID, e.Seq) }

// queueEntityEvent records a user profile event for every subscription of the app that
// asked for its type, inside the write's transaction. Enabled subscriptions get it
// delivered once the write commits; disabled ones keep it as a failure, as documented.
func queueEntityEvent(tx *store.Tx, app, eventType string, et *entityType, doc entityDoc) error {
	var subs []subscription
	err := subscriptions.Each(tx, app, func(_ string, s subscription) bool {
		if slices.Contains(s.Events, eventType) {
			subs = append(subs, s)
		}
		return true
	})
	if err != nil || len(subs) == 0 {
		return err
	}
	data := map[string]any{"applicationId": app, "entityType": et.Name, "uuid": doc.uuid(), "id": doc.id()}
	for _, s := range subs {
		if _, err := newEvent(tx, app, s, eventType, data); err != nil {
			return err
		}
	}
	return nil
}

func newEvent(tx *store.Tx, app string, s subscription, eventType string, data map[string]any) (webhookEvent, error) {
	now := tx.Now()
	seq, err := nextSeq(tx, app)
	if err != nil {
		return webhookEvent{}, err
	}
	e := webhookEvent{Seq: seq, ID: uuid.NewString(), SubscriptionID: s.ID, Type: eventType, State: stateAwaiting, CreatedAt: now,
		UpdatedAt: now, Data: data, History: []historyEntry{{State: stateAwaiting, Timestamp: now}}}
	if !s.Enabled {
		e.State = stateFailure
		e.History = append(e.History, historyEntry{State: stateFailure, Timestamp: now, Message: "the subscription is disabled"})
	}
	if err := webhookEvents.PutTTL(tx, app, eventKey(e), e, now.Add(eventRetention)); err != nil {
		return e, err
	}
	if !s.Enabled {
		return e, nil
	}
	return e, webhookPending.PutTTL(tx, app, eventKey(e), eventKey(e), now.Add(eventRetention))
}

// deliverPending delivers the app's queued events, each once: an event is claimed (taken
// off the pending list) in a transaction of its own before it is sent.
func (h *Handler) deliverPending(app string) {
	var keys []string
	_ = h.deps.Store.View(func(tx *store.Tx) error {
		return webhookPending.Each(tx, app, func(k string, _ string) bool {
			keys = append(keys, k)
			return true
		})
	})
	for _, key := range keys {
		if err := h.deliver(app, key); err != nil {
			h.deps.Logger.Error("webhook delivery failed", "app", app, "event", key, "error", err)
		}
	}
}

// delivery is one prepared attempt: the signed Security Event Token and where it goes.
type delivery struct {
	endpoint string
	set      string
}

// deliver claims one pending event, posts it, and records the attempt in the event's
// history and in the outbox (channel "webhook", to the endpoint). A 2xx answer is a
// success; anything else, or no answer, a failure. idemu makes one attempt: a failed
// event waits for a redelivery request.
func (h *Handler) deliver(app, key string) error {
	var d delivery
	claimed := false
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if _, err := webhookPending.Get(tx, app, key); errors.Is(err, store.ErrNotFound) {
			return nil // another request took it
		}
		if err := webhookPending.Delete(tx, app, key); err != nil {
			return err
		}
		e, err := webhookEvents.Get(tx, app, key)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		s, err := subscriptions.Get(tx, app, e.SubscriptionID)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if d, err = h.prepareDelivery(tx, app, s, e); err != nil {
			return err
		}
		e.State, e.UpdatedAt, e.Attempts = stateExecuting, tx.Now(), e.Attempts+1
		e.History = append(e.History, historyEntry{State: stateExecuting, Timestamp: tx.Now()})
		claimed = true
		return webhookEvents.Put(tx, app, key, e)
	})
	if err != nil || !claimed {
		return err
	}
	status, msg := post(d)
	return h.deps.Store.Update(func(tx *store.Tx) error {
		e, err := webhookEvents.Get(tx, app, key)
		if err != nil {
			return err
		}
		e.State = stateFailure
		if status >= 200 && status < 300 {
			e.State = stateSuccess
		}
		e.UpdatedAt = tx.Now()
		e.History = append(e.History, historyEntry{State: e.State, Timestamp: tx.Now(), StatusCode: status, Message: msg})
		if err := h.recordDelivery(tx, app, d, e.Type, e.ID); err != nil {
			return err
		}
		return webhookEvents.Put(tx, app, key, e)
	})
}

// prepareDelivery signs the event as a Security Event Token (RFC 8417) with the
// customer's Hosted Login keys, so the customer's JWKS verifies it.
func (h *Handler) prepareDelivery(tx *store.Tx, app string, s subscription, e webhookEvent) (delivery, error) {
	customer, err := customerOf(tx, app)
	if err != nil {
		return delivery{}, err
	}
	claims := map[string]any{"iss": "Akamai Identity Cloud", "iat": tx.Now().Unix(), "jti": e.ID, "aud": customer,
		"events": map[string]any{e.Type: e.Data}}
	set, err := h.oauth.SignWithHeaders(tx, app, "secevent+jwt", nil, claims)
	return delivery{endpoint: s.Endpoint, set: set}, err
}

func (h *Handler) recordDelivery(tx *store.Tx, app string, d delivery, eventType, id string) error {
	_, err := h.deps.Outbox.Send(tx, app, outbox.Message{Channel: "webhook", To: d.endpoint, Subject: eventType,
		Body: d.set, Code: id, Purpose: eventType})
	return err
}

// deliveryClient never follows redirects: a 3xx answer is a failed delivery.
var deliveryClient = &http.Client{Timeout: deliveryTimeout,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// post sends a Security Event Token and reports the listener's status (0 when it did not
// answer) and what happened.
func post(d delivery) (int, string) {
	ctx, cancel := context.WithTimeout(context.Background(), deliveryTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.endpoint, strings.NewReader(d.set))
	if err != nil {
		return 0, err.Error()
	}
	req.Header.Set("Content-Type", "application/secevent+jwt")
	resp, err := deliveryClient.Do(req)
	if err != nil {
		return 0, "the listener did not answer: " + err.Error()
	}
	defer resp.Body.Close()
	return resp.StatusCode, "the listener answered " + resp.Status
}
