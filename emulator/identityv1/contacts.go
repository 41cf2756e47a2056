package identityv1

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/outbox"
	"github.com/idemu/idemu/emulator/store"
)

// A contact point (email or phone) changes in two steps: register sets it unverified
// and sends a one-time code; confirm with the code before it expires verifies it.
type contactKind struct {
	index, channel, purpose, label string
	get                            func(*user) (*string, *bool, **verification)
	used                           func(value string) *apiError
}

var emailKind = contactKind{
	index: byEmail, channel: outbox.Email, purpose: "email-verification", label: "email address",
	get: func(u *user) (*string, *bool, **verification) {
		return &u.Email, &u.EmailVerified, &u.EmailVerification
	},
}

var phoneKind = contactKind{
	index: byPhone, channel: outbox.SMS, purpose: "phone-number-verification", label: "phone number",
	get: func(u *user) (*string, *bool, **verification) {
		return &u.Phone, &u.PhoneVerified, &u.PhoneVerification
	},
}

// codeLength of emailed and texted one-time codes.
const codeLength = 6

func (h *Handler) registerEmail(c *gin.Context) error {
	var cmd struct {
		NewEmail string `json:"new-email"`
	}
	if err := bind(c, &cmd); err != nil {
		return err
	}
	return h.registerContact(c, emailKind, cmd.NewEmail)
}

func (h *Handler) registerPhoneNumber(c *gin.Context) error {
	var cmd struct {
		NewPhone string `json:"new-phone-number"`
	}
	if err := bind(c, &cmd); err != nil {
		return err
	}
	return h.registerContact(c, phoneKind, cmd.NewPhone)
}

func (h *Handler) registerContact(c *gin.Context, kind contactKind, value string) error {
	who := callerOf(c)
	err := h.updateMe(c, func(tx *store.Tx, set settings, u *user) error {
		current, verified, pending := kind.get(u)
		if err := claim(tx, who.Tenant, kind.index, value, u.ID); err != nil {
			return err
		}
		if *current != "" && !strings.EqualFold(*current, value) {
			if err := tx.Release(who.Tenant, users.Name, kind.index, *current, u.ID); err != nil {
				return err
			}
		}
		code := randomDigits(codeLength)
		*current, *verified = value, false
		*pending = &verification{Value: value, CodeHash: hashSecret(code), Expires: tx.Now().Add(time.Duration(set.VerificationTTL))}
		_, err := h.deps.Outbox.Send(tx, who.Tenant, outbox.Message{
			Channel: kind.channel, To: value, Subject: "Confirm your " + kind.label,
			Body: fmt.Sprintf("Your confirmation code is %s. It expires in %s.", code, time.Duration(set.VerificationTTL)),
			Code: code, Purpose: kind.purpose,
		})
		return err
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusAccepted)
	return nil
}

type confirmCommand struct {
	Username string `json:"username"`
	Email    string `json:"email"`
	Phone    string `json:"phone-number"`
	Code     string `json:"confirmation-code"`
}

func (h *Handler) confirmEmail(c *gin.Context) error {
	var cmd confirmCommand
	if err := bind(c, &cmd); err != nil {
		return err
	}
	return h.confirmContact(c, emailKind, cmd.Username, cmd.Email, cmd.Code)
}

func (h *Handler) confirmPhoneNumber(c *gin.Context) error {
	var cmd confirmCommand
	if err := bind(c, &cmd); err != nil {
		return err
	}
	return h.confirmContact(c, phoneKind, cmd.Username, cmd.Phone, cmd.Code)
}

func (h *Handler) confirmContact(c *gin.Context, kind contactKind, username, value, code string) error {
	err := h.updateMe(c, func(tx *store.Tx, _ settings, u *user) error {
		if username != "" && !strings.EqualFold(username, u.Username) {
			return invalid("username", "not-on-list", "username must be the authenticated user's")
		}
		_, verified, pending := kind.get(u)
		p := *pending
		if p == nil || !strings.EqualFold(p.Value, value) {
			return problem("confirmation-code-not-valid", fmt.Sprintf("No verification of %s is pending", value))
		}
		if !tx.Now().Before(p.Expires) {
			return problem("verification-expired", "Time allowed for verification has expired")
		}
		if hashSecret(code) != p.CodeHash {
			return problem("confirmation-code-not-valid", "The confirmation code is not valid")
		}
		*verified, *pending = true, nil
		return nil
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}
