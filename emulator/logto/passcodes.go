package logto

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/outbox"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Passcodes are Logto's verification codes: six digits sent through the tenant's
// Email or SMS connector (to the outbox), valid ten minutes by idemu's clock, ten
// wrong tries at most. A new code for the same identifier and purpose replaces the
// unused ones; a verified code is consumed.

type passcode struct {
	ID        string `json:"id"`
	Jti       string `json:"jti,omitempty"` // the interaction or verification it belongs to
	Type      string `json:"type"`          // Logto's template type: Generic, SignIn, Register, ...
	Email     string `json:"email,omitempty"`
	Phone     string `json:"phone,omitempty"`
	Code      string `json:"code"`
	Consumed  bool   `json:"consumed"`
	TryCount  int    `json:"tryCount"`
	CreatedAt int64  `json:"createdAt"`
	Seq       int64  `json:"seq"`
}

var passcodes = store.Collection[passcode]{Name: "passcodes"}

const (
	passcodeTTL      = 10 * time.Minute
	passcodeMaxTries = 10
)

// passcodeTarget is who a code goes to: an email or a phone (digits).
type passcodeTarget struct {
	Email string `json:"email"`
	Phone string `json:"phone"`
}

func (t passcodeTarget) matches(p passcode) bool {
	return (t.Email != "" && p.Email == t.Email) || (t.Phone != "" && p.Phone == t.Phone)
}

// sendPasscode makes a code for the target and sends it through the matching
// connector. The code goes out with the template type as the message's purpose.
func (h *Handler) sendPasscode(tx *store.Tx, tenant, jti, typ string, to passcodeTarget) (passcode, error) {
	if to.Email == "" && to.Phone == "" {
		return passcode{}, fail(http.StatusBadRequest, "verification_code.phone_email_empty")
	}
	if err := deleteWhere(tx, tenant, passcodes, func(p passcode) bool {
		return !p.Consumed && p.Jti == jti && p.Type == typ && to.matches(p)
	}); err != nil {
		return passcode{}, err
	}
	seq, err := nextSeq(tx, tenant)
	if err != nil {
		return passcode{}, err
	}
	p := passcode{ID: standardID(), Jti: jti, Type: typ, Email: to.Email, Phone: to.Phone,
		Code: randomString("0123456789", 6), CreatedAt: tx.Now().UnixMilli(), Seq: seq}
	if err := passcodes.Insert(tx, tenant, p.ID, p); err != nil {
		return p, err
	}
	kind, address := connectorEmail, to.Email
	if to.Phone != "" {
		kind, address = connectorSMS, to.Phone
	}
	body := fmt.Sprintf("Your verification code is %s. It expires in %d minutes.", p.Code, int(passcodeTTL.Minutes()))
	return p, h.deliver(tx, tenant, kind, outbox.Message{To: address, Subject: "Verification code", Body: body,
		Code: p.Code, Purpose: typ})
}

// verifyPasscode checks a code against the latest unused one for the target, counting
// wrong tries, and consumes it.
func verifyPasscode(tx *store.Tx, tenant, jti, typ string, to passcodeTarget, code string) error {
	var found []passcode
	err := passcodes.Each(tx, tenant, func(_ string, p passcode) bool {
		if !p.Consumed && p.Jti == jti && p.Type == typ && to.matches(p) {
			found = append(found, p)
		}
		return true
	})
	if err != nil {
		return err
	}
	if len(found) == 0 {
		return fail(http.StatusBadRequest, "verification_code.not_found")
	}
	sort.Slice(found, func(i, j int) bool { return found[i].Seq > found[j].Seq })
	p := found[0]
	switch {
	case time.UnixMilli(p.CreatedAt).Add(passcodeTTL).Before(tx.Now()):
		return fail(http.StatusBadRequest, "verification_code.expired")
	case p.TryCount >= passcodeMaxTries:
		return fail(http.StatusBadRequest, "verification_code.exceed_max_try")
	case p.Code != code:
		p.TryCount++
		if err := passcodes.Put(tx, tenant, p.ID, p); err != nil {
			return err
		}
		return errPasscodeMismatch
	}
	p.Consumed = true
	return passcodes.Put(tx, tenant, p.ID, p)
}

// errPasscodeMismatch is returned with the try counted: the caller's transaction must
// commit so the count sticks.
var errPasscodeMismatch = fail(http.StatusBadRequest, "verification_code.code_mismatch")

// commitMismatch runs a verification in its own transaction so a wrong code's try is
// recorded even though the request fails.
func (h *Handler) commitMismatch(fn func(tx *store.Tx) error) error {
	var mismatch bool
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		err := fn(tx)
		if errors.Is(err, errPasscodeMismatch) {
			mismatch = true
			return nil
		}
		return err
	})
	if err == nil && mismatch {
		return errPasscodeMismatch
	}
	return err
}

// createVerificationCode is the Management API's POST /verification-codes: a Generic
// code for an email or a phone.
func (h *Handler) createVerificationCode(c *gin.Context) error {
	var to passcodeTarget
	if err := bind(c, &to); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		_, err := h.sendPasscode(tx, tenant, "", "Generic", to)
		return err
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

func (h *Handler) verifyVerificationCode(c *gin.Context) error {
	var in struct {
		passcodeTarget
		VerificationCode string `json:"verificationCode"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	err := h.commitMismatch(func(tx *store.Tx) error {
		return verifyPasscode(tx, tenant, "", "Generic", in.passcodeTarget, in.VerificationCode)
	})
	if err != nil {
		return err
	}
	return noContent(c)
}
