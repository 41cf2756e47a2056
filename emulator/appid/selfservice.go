package appid

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/emulator/token"
)

// contextGrace keeps an expired context answerable (success false, code GONE) for a
// day before it is forgotten (then: 404).
const contextGrace = 24 * time.Hour

// Outbox purposes of Cloud Directory mail.
var purposes = map[string]string{
	tmplVerification:    "user-verification",
	tmplWelcome:         "welcome",
	tmplResetPassword:   "reset-password",
	tmplPasswordChanged: "password-changed",
}

func language(c *gin.Context) string {
	if l := c.Query("language"); l != "" {
		return l
	}
	return defaultLanguage
}

// newContext stores a link context and returns it with the link the email carries:
// the tenant's action URL when one is set, else App ID's own page.
func newContext(c *gin.Context, tx *store.Tx, tenant, kind, userID string) (string, string, error) {
	sender, err := decodeConfig[struct {
		SenderDetails struct {
			LinkExpirationSec int `json:"linkExpirationSec"`
		} `json:"senderDetails"`
	}](tx, tenant, areaSenderDetails)
	if err != nil {
		return "", "", err
	}
	expires := tx.Now().Add(time.Duration(sender.SenderDetails.LinkExpirationSec) * time.Second)
	ctx := token.Opaque(32)
	if err := confirmations.PutTTL(tx, tenant, ctx, confirmation{Kind: kind, UserID: userID, Expires: expires}, expires.Add(contextGrace)); err != nil {
		return "", "", err
	}
	action, page := "on_user_verified", "verify"
	if kind == kindReset {
		action, page = "on_reset_password", "reset_password"
	}
	urls, err := loadConfig(tx, tenant, areaActionURLs)
	if err != nil {
		return "", "", err
	}
	link, _ := urls[action].(string)
	if link == "" {
		link = platform.BaseURL(c.Request) + oauthBase + tenant + "/cloud_directory/" + page
	}
	sep := "?"
	if strings.Contains(link, "?") {
		sep = "&"
	}
	return ctx, link + sep + "context=" + ctx, nil
}

// sendLink sends a verification or reset email with a fresh context.
func (h *Handler) sendLink(c *gin.Context, tx *store.Tx, tenant, tmpl string, u cdUser) error {
	kind, linkVar := kindVerify, "verify.link"
	if tmpl == tmplResetPassword {
		kind, linkVar = kindReset, "resetPassword.link"
	}
	ctx, link, err := newContext(c, tx, tenant, kind, u.ID)
	if err != nil {
		return err
	}
	return h.send(tx, tenant, mail{template: tmpl, language: language(c), user: u, link: link, code: ctx,
		vars: map[string]string{linkVar: link}, purpose: purposes[tmpl]})
}

func (h *Handler) sendPlain(c *gin.Context, tx *store.Tx, tenant, tmpl string, u cdUser, vars map[string]string) error {
	return h.send(tx, tenant, mail{template: tmpl, language: language(c), user: u, vars: vars, purpose: purposes[tmpl]})
}

// signUp registers a user the way App ID's sign-up page does: PENDING with a
// verification email when the tenant verifies emails, else CONFIRMED with a welcome.
func (h *Handler) signUp(c *gin.Context) error {
	in, err := h.readSCIM(c)
	if err != nil {
		return err
	}
	tenant := tenantOf(c)
	var u cdUser
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		settings, err := loadCDSettings(tx, tenant)
		if err != nil {
			return err
		}
		status := statusConfirmed
		if settings.verifiesEmail() {
			status = statusPending
		}
		if u, err = h.newUser(tx, tenant, in, status); err != nil {
			return err
		}
		if err := insertUser(tx, tenant, u); err != nil {
			return err
		}
		if c.Query("shouldCreateProfile") == "true" {
			if _, err := ensureProfile(tx, tenant, providerCloudDirectory, u.ID, u.primaryEmail()); err != nil {
				return err
			}
		}
		if u.Status == statusPending && settings.verifiesEmail() {
			return h.sendLink(c, tx, tenant, tmplVerification, u)
		}
		if settings.Config.Interactions.WelcomeEnabled {
			return h.sendPlain(c, tx, tenant, tmplWelcome, u, nil)
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, scimView(tenant, u))
	return nil
}

// confirmationResult answers what a link's context stands for. Holding the context
// means the user followed the link, so a verification context confirms the user (and
// sends the welcome email when the tenant does).
func (h *Handler) confirmationResult(kind string) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		body, err := h.readBody(c)
		if err != nil {
			return err
		}
		ctxID, _ := body["context"].(string)
		tenant := tenantOf(c)
		var out map[string]any
		err = h.deps.Store.Update(func(tx *store.Tx) error {
			conf, err := confirmations.Get(tx, tenant, ctxID)
			if isMissing(err) || (err == nil && conf.Kind != kind) {
				return scimNotFound("Context not found")
			}
			if err != nil {
				return err
			}
			if !tx.Now().Before(conf.Expires) {
				out = obj("success", false, "uuid", conf.UserID, "error", obj("code", "GONE", "description", "The link has expired"))
				return nil
			}
			u, err := cdUsers.Get(tx, tenant, conf.UserID)
			if isMissing(err) {
				out = obj("success", false, "error", obj("code", "NOT_FOUND", "description", "User not found"))
				return nil
			}
			if err != nil {
				return err
			}
			out = obj("success", true, "uuid", u.ID)
			if kind != kindVerify || u.Status == statusConfirmed {
				return nil
			}
			u.Status, u.LastModified = statusConfirmed, tx.Now()
			if err := cdUsers.Put(tx, tenant, u.ID, u); err != nil {
				return err
			}
			settings, err := loadCDSettings(tx, tenant)
			if err != nil || !settings.Config.Interactions.WelcomeEnabled {
				return err
			}
			return h.sendPlain(c, tx, tenant, tmplWelcome, u, nil)
		})
		if err != nil {
			return err
		}
		c.JSON(http.StatusOK, out)
		return nil
	}
}

// findUserByIdentity finds a user by email or userName.
func findUserByIdentity(tx *store.Tx, tenant, who string) (cdUser, error) {
	for _, index := range []string{byEmail, byUserName} {
		if id, err := tx.Lookup(tenant, cdUsers.Name, index, who); err == nil {
			return getCDUser(tx, tenant, id)
		}
	}
	return cdUser{}, scimNotFound("User not found")
}

// forgotPassword starts a reset: a RESET_PASSWORD email whose link carries a context.
func (h *Handler) forgotPassword(c *gin.Context) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	who, _ := body["user"].(string)
	tenant := tenantOf(c)
	var u cdUser
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		settings, err := loadCDSettings(tx, tenant)
		if err != nil {
			return err
		}
		if !settings.Config.Interactions.ResetPasswordEnabled {
			return scimInvalid("Reset password is disabled for this tenant")
		}
		if u, err = findUserByIdentity(tx, tenant, strings.TrimSpace(who)); err != nil {
			return err
		}
		if u.Status != statusConfirmed {
			return scimError(http.StatusConflict, scimInvalidValue, "User account not verified")
		}
		return h.sendLink(c, tx, tenant, tmplResetPassword, u)
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, scimView(tenant, u))
	return nil
}

// changePassword sets a new password (the end of a reset, or a signed-in change) and
// tells the user when the tenant sends password-changed notifications.
func (h *Handler) changePassword(c *gin.Context) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	in := decodeMap[struct {
		UUID             string `json:"uuid"`
		NewPassword      string `json:"newPassword"`
		ChangedIPAddress string `json:"changedIpAddress"`
	}](body)
	tenant := tenantOf(c)
	var u cdUser
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		old, err := getCDUser(tx, tenant, in.UUID)
		if err != nil {
			return err
		}
		u = old
		if err := checkPassword(tx, tenant, &old, u, in.NewPassword); err != nil {
			return err
		}
		if err := h.setPassword(&u, in.NewPassword, tx.Now()); err != nil {
			return err
		}
		u.FailedSignIns, u.LastModified = 0, tx.Now()
		if err := cdUsers.Put(tx, tenant, u.ID, u); err != nil {
			return err
		}
		settings, err := loadCDSettings(tx, tenant)
		if err != nil || !settings.Config.Interactions.ResetPasswordNotificationEnable {
			return err
		}
		return h.sendPlain(c, tx, tenant, tmplPasswordChanged, u, map[string]string{
			"passwordChangeInfo.time": scimTime(tx.Now()), "passwordChangeInfo.ipAddress": in.ChangedIPAddress})
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, scimView(tenant, u))
	return nil
}

// resend sends a user notification again; a verification needs an unconfirmed user
// and a reset a confirmed one (409 otherwise).
func (h *Handler) resend(c *gin.Context) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	uuid, _ := body["uuid"].(string)
	tmpl, tenant := contract.Param(c, "templateName"), tenantOf(c)
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		u, err := getCDUser(tx, tenant, uuid)
		if err != nil {
			return err
		}
		switch tmpl {
		case tmplVerification:
			if u.Status == statusConfirmed {
				return scimError(http.StatusConflict, scimInvalidValue, "User account already confirmed")
			}
			return h.sendLink(c, tx, tenant, tmpl, u)
		case tmplResetPassword:
			if u.Status != statusConfirmed {
				return scimError(http.StatusConflict, scimInvalidValue, "User account not verified")
			}
			return h.sendLink(c, tx, tenant, tmpl, u)
		case tmplPasswordChanged:
			return h.sendPlain(c, tx, tenant, tmpl, u, map[string]string{
				"passwordChangeInfo.time": scimTime(u.PasswordChangedAt), "passwordChangeInfo.ipAddress": ""})
		default:
			return h.sendPlain(c, tx, tenant, tmpl, u, nil)
		}
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusAccepted, obj("message", "The notification will be sent"))
	return nil
}
