package appid

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/outbox"
	"github.com/idemu/idemu/emulator/store"
)

// Email templates of Cloud Directory.
const (
	tmplVerification    = "USER_VERIFICATION"
	tmplWelcome         = "WELCOME"
	tmplResetPassword   = "RESET_PASSWORD"
	tmplPasswordChanged = "PASSWORD_CHANGED"
	tmplMFA             = "MFA_VERIFICATION"
	defaultLanguage     = "en"
)

// emailTemplate is a template as App ID answers it.
type emailTemplate struct {
	Subject   string `json:"subject"`
	HTMLBody  string `json:"html_body,omitempty"`
	PlainText string `json:"plain_text_body,omitempty"`
}

func (t emailTemplate) view() map[string]any {
	v := obj("subject", t.Subject, "html_body", t.HTMLBody,
		"base64_encoded_html_body", base64.StdEncoding.EncodeToString([]byte(t.HTMLBody)))
	if t.PlainText != "" {
		v["plain_text_body"] = t.PlainText
	}
	return v
}

// defaultTemplates are the English texts a template has until it is customised. The
// %{...} placeholders are App ID's.
var defaultTemplates = map[string]emailTemplate{
	tmplVerification: {
		Subject:   "Verify your email address",
		HTMLBody:  `<p>Hi %{user.displayName},</p><p>Confirm your email address with <a href="%{verify.link}">this link</a>. It expires in %{linkExpiration.hours} hours.</p>`,
		PlainText: "Hi %{user.displayName},\nConfirm your email address: %{verify.link}\nThe link expires in %{linkExpiration.hours} hours.",
	},
	tmplWelcome: {
		Subject:   "Welcome",
		HTMLBody:  `<p>Hi %{user.displayName},</p><p>Your account %{user.email} is ready.</p>`,
		PlainText: "Hi %{user.displayName},\nYour account %{user.email} is ready.",
	},
	tmplResetPassword: {
		Subject:   "Reset your password",
		HTMLBody:  `<p>Hi %{user.displayName},</p><p>Choose a new password with <a href="%{resetPassword.link}">this link</a>. It expires in %{linkExpiration.hours} hours.</p>`,
		PlainText: "Hi %{user.displayName},\nChoose a new password: %{resetPassword.link}\nThe link expires in %{linkExpiration.hours} hours.",
	},
	tmplPasswordChanged: {
		Subject:   "Your password was changed",
		HTMLBody:  `<p>Hi %{user.displayName},</p><p>Your password was changed on %{passwordChangeInfo.time} from %{passwordChangeInfo.ipAddress}.</p>`,
		PlainText: "Hi %{user.displayName},\nYour password was changed on %{passwordChangeInfo.time} from %{passwordChangeInfo.ipAddress}.",
	},
	tmplMFA: {
		Subject:   "Your verification code",
		HTMLBody:  `<p>Hi %{user.displayName},</p><p>Your verification code is %{mfa.code}.</p>`,
		PlainText: "Hi %{user.displayName},\nYour verification code is %{mfa.code}.",
	},
}

func templateID(name, lang string) string { return name + ":" + lang }

// requireLanguage refuses a language the tenant has not configured (App ID's 400).
func requireLanguage(tx *store.Tx, tenant, lang string) error {
	v, err := decodeConfig[struct {
		Languages []string `json:"languages"`
	}](tx, tenant, areaLanguages)
	if err != nil {
		return err
	}
	if !slices.Contains(v.Languages, lang) {
		return badRequest("the language " + lang + " is not in the tenant's languages (config/ui/languages)")
	}
	return nil
}

// templateFor is the customised template of a language, else the customised English
// one, else App ID's default.
func templateFor(tx *store.Tx, tenant, name, lang string) (emailTemplate, error) {
	for _, l := range []string{lang, defaultLanguage} {
		m, err := templates.Get(tx, tenant, templateID(name, l))
		if err == nil {
			return decodeMap[emailTemplate](m), nil
		}
		if !isMissing(err) {
			return emailTemplate{}, err
		}
	}
	return defaultTemplates[name], nil
}

func (h *Handler) getTemplate(c *gin.Context) error {
	tenant, name, lang := tenantOf(c), contract.Param(c, "templateName"), contract.Param(c, "language")
	var t emailTemplate
	err := h.deps.Store.View(func(tx *store.Tx) error {
		if err := requireLanguage(tx, tenant, lang); err != nil {
			return err
		}
		var err error
		t, err = templateFor(tx, tenant, name, lang)
		return err
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, t.view())
	return nil
}

// updateTemplate customises a template: 201 the first time, 200 after, and 204 when
// the caller prefers a minimal answer.
func (h *Handler) updateTemplate(c *gin.Context) error {
	tenant, name, lang := tenantOf(c), contract.Param(c, "templateName"), contract.Param(c, "language")
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	t := decodeMap[emailTemplate](body)
	if b64, _ := body["base64_encoded_html_body"].(string); b64 != "" {
		raw, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			return badRequest("base64_encoded_html_body is not valid base64")
		}
		t.HTMLBody = string(raw)
	}
	if t.HTMLBody == "" && t.PlainText == "" {
		return badRequest("html_body, base64_encoded_html_body or plain_text_body is required")
	}
	status := http.StatusOK
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		if err := requireLanguage(tx, tenant, lang); err != nil {
			return err
		}
		if _, err := templates.Get(tx, tenant, templateID(name, lang)); isMissing(err) {
			status = http.StatusCreated
		}
		return templates.Put(tx, tenant, templateID(name, lang), t.view())
	})
	if err != nil {
		return err
	}
	if strings.Contains(c.GetHeader("Prefer"), "return=minimal") || strings.Contains(c.GetHeader("Prefer"), "return_minimal") {
		status = http.StatusNoContent
	}
	respond(c, status, t.view())
	return nil
}

// deleteTemplate drops a customisation, so App ID's default applies again.
func (h *Handler) deleteTemplate(c *gin.Context) error {
	tenant, name, lang := tenantOf(c), contract.Param(c, "templateName"), contract.Param(c, "language")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if err := requireLanguage(tx, tenant, lang); err != nil {
			return err
		}
		err := templates.Delete(tx, tenant, templateID(name, lang))
		if isMissing(err) {
			return notFound("the template " + name + " has no customisation in " + lang)
		}
		return err
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// mail is one Cloud Directory email to send.
type mail struct {
	template string
	language string
	user     cdUser
	link     string // the verification or reset link, if any
	code     string // what a test needs to finish the flow: the link's context, or the MFA code
	vars     map[string]string
	purpose  string
}

// send renders the template for the user and records the message in the outbox.
func (h *Handler) send(tx *store.Tx, tenant string, m mail) error {
	t, err := templateFor(tx, tenant, m.template, m.language)
	if err != nil {
		return err
	}
	sender, err := decodeConfig[struct {
		SenderDetails struct {
			LinkExpirationSec int `json:"linkExpirationSec"`
		} `json:"senderDetails"`
	}](tx, tenant, areaSenderDetails)
	if err != nil {
		return err
	}
	u := m.user
	vars := map[string]string{
		"user.displayName":       displayNameOf(u),
		"user.email":             u.primaryEmail(),
		"user.username":          u.UserName,
		"linkExpiration.hours":   strconv.Itoa(sender.SenderDetails.LinkExpirationSec / 3600),
		"linkExpiration.minutes": strconv.Itoa(sender.SenderDetails.LinkExpirationSec / 60),
	}
	if u.Name != nil {
		vars["user.firstName"], vars["user.lastName"] = u.Name.GivenName, u.Name.FamilyName
	}
	for k, v := range m.vars {
		vars[k] = v
	}
	pairs := make([]string, 0, 2*len(vars))
	for k, v := range vars {
		pairs = append(pairs, "%{"+k+"}", v)
	}
	r := strings.NewReplacer(pairs...)
	text := t.PlainText
	if text == "" {
		text = t.HTMLBody
	}
	_, err = h.deps.Outbox.Send(tx, tenant, outbox.Message{Channel: outbox.Email, To: u.primaryEmail(),
		Subject: r.Replace(t.Subject), Body: r.Replace(text), Code: m.code, Link: m.link, Purpose: m.purpose})
	return err
}

// displayNameOf is how App ID addresses a user: the display name, else the email.
func displayNameOf(u cdUser) string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.primaryEmail()
}
