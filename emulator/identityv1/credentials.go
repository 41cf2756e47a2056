package identityv1

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/outbox"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

func (h *Handler) changePassword(c *gin.Context) error {
	var cmd struct {
		Old string `json:"old-password"`
		New string `json:"new-password"`
	}
	if err := bind(c, &cmd); err != nil {
		return err
	}
	err := h.updateMe(c, func(_ *store.Tx, set settings, u *user) error {
		if !platform.PasswordMatches(u.PasswordHash, cmd.Old) {
			return problem("old-password-not-valid", "The old password is not valid")
		}
		if cmd.Old == cmd.New {
			return problem("password-same-as-existing", "New password cannot be same as existing password")
		}
		if !meetsPolicy(cmd.New, set.PasswordRequirements) {
			return problem("password-does-not-meet-requirements", "Password is weaker than the password policy allows")
		}
		return h.setPassword(u, cmd.New)
	})
	return noContent(c, err)
}

func (h *Handler) setPassword(u *user, pw string) error {
	hash, err := platform.HashPassword(pw, h.deps.BcryptCost)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	return nil
}

func (h *Handler) changeUsername(c *gin.Context) error {
	var cmd struct {
		NewUsername string `json:"new-username"`
	}
	if err := bind(c, &cmd); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	err := h.updateMe(c, func(tx *store.Tx, _ settings, u *user) error {
		if err := claim(tx, tenant, byUsername, cmd.NewUsername, u.ID); err != nil {
			return err
		}
		if !strings.EqualFold(u.Username, cmd.NewUsername) {
			if err := tx.Release(tenant, users.Name, byUsername, u.Username, u.ID); err != nil {
				return err
			}
		}
		u.Username = cmd.NewUsername
		return nil
	})
	return noContent(c, err)
}

// usernameCommand reads a {"username"} command whose username must name the user of
// the path (password reset and username recovery).
func usernameCommand(c *gin.Context) (string, error) {
	var cmd struct {
		Username string `json:"username"`
	}
	if err := bind(c, &cmd); err != nil {
		return "", err
	}
	if !strings.EqualFold(cmd.Username, contract.Param(c, "username")) {
		return "", invalid("username", "not-on-list", "username in the body must be the username of the path")
	}
	return cmd.Username, nil
}

// resetPassword sets a random password that meets the policy and sends it to the
// user's email (or by SMS when there is no email); the message's code is the password.
func (h *Handler) resetPassword(c *gin.Context) error {
	username, err := usernameCommand(c)
	if err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	err = h.updateUser(tenant, username, func(tx *store.Tx, set settings, u *user) error {
		pw := randomPassword(set.PasswordRequirements)
		if err := h.setPassword(u, pw); err != nil {
			return err
		}
		now := tx.Now()
		u.LastPasswordReset, u.FailedLogins, u.LockExpires = &now, 0, nil
		return h.notify(tx, tenant, u, outbox.Message{
			Subject: "Your password was reset", Purpose: "password-reset", Code: pw,
			Body: fmt.Sprintf("Your new password is %s. Change it after you sign in.", pw),
		})
	})
	return noContent(c, err)
}

// recoverUsername sends the username to the user's email (or by SMS); the message's
// code is the username.
func (h *Handler) recoverUsername(c *gin.Context) error {
	username, err := usernameCommand(c)
	if err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	err = h.updateUser(tenant, username, func(tx *store.Tx, _ settings, u *user) error {
		return h.notify(tx, tenant, u, outbox.Message{
			Subject: "Your username", Purpose: "username-recovery", Code: u.Username,
			Body: fmt.Sprintf("Your username is %s.", u.Username),
		})
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusAccepted)
	return nil
}

// notify sends a message to the user's email, or by SMS when there is no email.
func (h *Handler) notify(tx *store.Tx, tenant string, u *user, m outbox.Message) error {
	switch {
	case u.Email != "":
		m.Channel, m.To = outbox.Email, u.Email
	case u.Phone != "":
		m.Channel, m.To, m.Subject = outbox.SMS, u.Phone, ""
	default:
		return problem("no-contact-point", "The user has neither an email address nor a phone number")
	}
	_, err := h.deps.Outbox.Send(tx, tenant, m)
	return err
}

func (h *Handler) setHintPicture(c *gin.Context) error {
	return h.setPicture(c, func(u *user, url string) { u.HintPictureURL = url })
}

func (h *Handler) setProfilePicture(c *gin.Context) error {
	return h.setPicture(c, func(u *user, url string) { u.ProfilePictureURL = url })
}

// setPicture stores a picture URL; a body without url clears it.
func (h *Handler) setPicture(c *gin.Context, set func(*user, string)) error {
	var cmd struct {
		URL string `json:"url"`
	}
	if err := bind(c, &cmd); err != nil {
		return err
	}
	err := h.updateUser(platform.TenantOf(c), contract.Param(c, "username"), func(_ *store.Tx, _ settings, u *user) error {
		set(u, cmd.URL)
		return nil
	})
	return noContent(c, err)
}

func noContent(c *gin.Context, err error) error {
	if err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}
