package appid

import (
	"encoding/base64"
	"net/http"
	"time"

	"github.com/dlclark/regexp2"
	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/outbox"
	"github.com/idemu/idemu/emulator/store"
)

// getActionURL answers the page App ID sends users to after a verification or a reset
// link; an empty actionUrl means App ID's own page.
func (h *Handler) getActionURL(c *gin.Context) error {
	var url string
	err := h.deps.Store.View(func(tx *store.Tx) error {
		urls, err := loadConfig(tx, tenantOf(c), areaActionURLs)
		url, _ = urls[contract.Param(c, "action")].(string)
		return err
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, obj("actionUrl", url))
	return nil
}

func (h *Handler) setActionURL(c *gin.Context) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	url, _ := body["actionUrl"].(string)
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		urls, err := loadConfig(tx, tenantOf(c), areaActionURLs)
		if err != nil {
			return err
		}
		urls[contract.Param(c, "action")] = url
		return configs.Put(tx, tenantOf(c), areaActionURLs.id, urls)
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, obj("actionUrl", url))
	return nil
}

func (h *Handler) deleteActionURL(c *gin.Context) error {
	action := contract.Param(c, "action")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		urls, err := loadConfig(tx, tenantOf(c), areaActionURLs)
		if err != nil {
			return err
		}
		if _, ok := urls[action]; !ok {
			return notFound("no action URL is set for " + action)
		}
		delete(urls, action)
		return configs.Put(tx, tenantOf(c), areaActionURLs.id, urls)
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// setPasswordRegex stores the password rule in both of App ID's forms: the regex and
// its base64 encoding (which wins when both are given, as it survives JSON escaping).
// The rule is a JavaScript regular expression, so it is compiled as one.
func (h *Handler) setPasswordRegex(c *gin.Context) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	regex, _ := body["regex"].(string)
	if b64, _ := body["base64_encoded_regex"].(string); b64 != "" {
		raw, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			return badRequest("base64_encoded_regex is not valid base64")
		}
		regex = string(raw)
	}
	if _, err := regexp2.Compile(regex, regexp2.ECMAScript); err != nil {
		return badRequest("the password regex is not valid: " + err.Error())
	}
	msg, _ := body["error_message"].(string)
	stored := obj("regex", regex, "base64_encoded_regex", base64.StdEncoding.EncodeToString([]byte(regex)), "error_message", msg)
	if err := h.deps.Store.Update(func(tx *store.Tx) error { return configs.Put(tx, tenantOf(c), areaPasswordRegex.id, stored) }); err != nil {
		return err
	}
	c.JSON(http.StatusOK, stored)
	return nil
}

// dispatcherSettings are the parts of an email dispatcher a test or an update checks.
type dispatcherSettings struct {
	Provider string         `json:"provider"`
	Sendgrid map[string]any `json:"sendgrid"`
	Custom   map[string]any `json:"custom"`
}

// check requires the settings of the chosen provider.
func (d dispatcherSettings) check(prefix string) error {
	switch {
	case d.Provider == "sendgrid" && d.Sendgrid == nil:
		return badRequest(prefix + "sendgrid is required when the provider is sendgrid")
	case d.Provider == "custom" && d.Custom == nil:
		return badRequest(prefix + "custom is required when the provider is custom")
	}
	return nil
}

// statusCode is what the dispatcher answers a message with: SendGrid queues mail
// (202); App ID's own mailer and custom dispatchers are taken as answering 200.
func (d dispatcherSettings) statusCode() int {
	if d.Provider == "sendgrid" {
		return http.StatusAccepted
	}
	return http.StatusOK
}

func (h *Handler) setEmailDispatcher(c *gin.Context) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	if err := decodeMap[dispatcherSettings](body).check(""); err != nil {
		return err
	}
	if err := h.deps.Store.Update(func(tx *store.Tx) error { return configs.Put(tx, tenantOf(c), areaEmailDispatcher.id, body) }); err != nil {
		return err
	}
	c.JSON(http.StatusOK, body)
	return nil
}

// emailSettingTest "sends" a test message with settings that are not saved. idemu
// calls no external dispatcher: the message lands in the outbox.
func (h *Handler) emailSettingTest(c *gin.Context) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	settings, _ := body["emailSettings"].(map[string]any)
	d := decodeMap[dispatcherSettings](settings)
	if err := d.check("emailSettings."); err != nil {
		return err
	}
	to, _ := body["emailTo"].(string)
	if err := h.sendTest(c, to, "email-settings-test"); err != nil {
		return err
	}
	c.JSON(http.StatusOK, obj("success", true, "dispatcherStatusCode", d.statusCode(), "dispatcherResponse", obj()))
	return nil
}

// emailDispatcherTest sends a test message through the saved dispatcher.
func (h *Handler) emailDispatcherTest(c *gin.Context) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	var d dispatcherSettings
	err = h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		d, err = decodeConfig[dispatcherSettings](tx, tenantOf(c), areaEmailDispatcher)
		return err
	})
	if err != nil {
		return err
	}
	to, _ := body["email"].(string)
	if err := h.sendTest(c, to, "email-dispatcher-test"); err != nil {
		return err
	}
	c.JSON(http.StatusOK, obj("statusCode", d.statusCode(), "headers", obj()))
	return nil
}

func (h *Handler) sendTest(c *gin.Context, to, purpose string) error {
	return h.deps.Store.Update(func(tx *store.Tx) error {
		_, err := h.deps.Outbox.Send(tx, tenantOf(c), outbox.Message{Channel: outbox.Email, To: to,
			Subject: "App ID test email", Body: "This is a test email from App ID.", Purpose: purpose})
		return err
	})
}

// mfaChannels is the stored state of the two MFA channels.
type mfaChannels struct {
	Email struct {
		IsActive bool `json:"isActive"`
	} `json:"email"`
	Nexmo struct {
		IsActive bool           `json:"isActive"`
		Config   map[string]any `json:"config,omitempty"`
	} `json:"nexmo"`
}

func (m mfaChannels) view(channel string) map[string]any {
	if channel == "email" {
		return obj("type", "email", "isActive", m.Email.IsActive)
	}
	v := obj("type", "sms", "isActive", m.Nexmo.IsActive)
	if m.Nexmo.Config != nil {
		cfg := obj("provider", "nexmo")
		for k, x := range m.Nexmo.Config {
			cfg[k] = x
		}
		v["config"] = cfg
	}
	return v
}

// smsConfigured reports whether the Nexmo channel has what sending an SMS needs.
func (m mfaChannels) smsConfigured() bool {
	for _, k := range []string{"key", "secret", "from"} {
		if s, _ := m.Nexmo.Config[k].(string); s == "" {
			return false
		}
	}
	return true
}

func (h *Handler) loadChannels(c *gin.Context) (mfaChannels, error) {
	var m mfaChannels
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		m, err = decodeConfig[mfaChannels](tx, tenantOf(c), areaMFAChannels)
		return err
	})
	return m, err
}

func (h *Handler) listChannels(c *gin.Context) error {
	m, err := h.loadChannels(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, obj("channels", []any{m.view("email"), m.view("nexmo")}))
	return nil
}

func (h *Handler) getChannel(c *gin.Context) error {
	m, err := h.loadChannels(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, m.view(contract.Param(c, "channel")))
	return nil
}

// updateChannel switches a channel. One channel is active at a time and email is the
// fallback: activating one deactivates the other, and switching SMS off turns email on.
func (h *Handler) updateChannel(c *gin.Context) error {
	channel := contract.Param(c, "channel")
	if channel != "email" && channel != "nexmo" {
		return notFound("no MFA channel " + channel)
	}
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	active, _ := body["isActive"].(bool)
	var m mfaChannels
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		var err error
		if m, err = decodeConfig[mfaChannels](tx, tenantOf(c), areaMFAChannels); err != nil {
			return err
		}
		if channel == "nexmo" {
			if cfg, ok := body["config"].(map[string]any); ok {
				delete(cfg, "provider")
				m.Nexmo.Config = cfg
			}
			if active && !m.smsConfigured() {
				return badRequest("config.key, config.secret and config.from are required to activate the nexmo channel")
			}
			m.Nexmo.IsActive, m.Email.IsActive = active, !active
		} else {
			if !active && !m.Nexmo.IsActive {
				return badRequest("the email channel is the fallback: activate the nexmo channel instead")
			}
			m.Email.IsActive, m.Nexmo.IsActive = active, !active && m.Nexmo.IsActive
		}
		return putTyped(tx, tenantOf(c), areaMFAChannels, m)
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, m.view(channel))
	return nil
}

// putMFAConfig turns MFA on or off; App ID answers only the switch.
func (h *Handler) putMFAConfig(c *gin.Context) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	if err := h.deps.Store.Update(func(tx *store.Tx) error { return configs.Put(tx, tenantOf(c), areaMFA.id, body) }); err != nil {
		return err
	}
	c.JSON(http.StatusOK, obj("isActive", body["isActive"]))
	return nil
}

// smsDispatcherTest sends a test code over the configured Nexmo channel.
func (h *Handler) smsDispatcherTest(c *gin.Context) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	m, err := h.loadChannels(c)
	if err != nil {
		return err
	}
	if !m.smsConfigured() {
		return badRequest("the SMS channel (nexmo) is not configured")
	}
	phone, _ := body["phone_number"].(string)
	code := numericCode(6)
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		_, err := h.deps.Outbox.Send(tx, tenantOf(c), outbox.Message{Channel: outbox.SMS, To: phone,
			Body: "Your App ID test code is " + code, Code: code, Purpose: "sms-dispatcher-test"})
		return err
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, obj("confirmationCode", atoi(code), "phoneNumber", phone))
	return nil
}

func (h *Handler) getExtension(c *gin.Context) error {
	return h.getConfig(extensionArea(contract.Param(c, "name")))(c)
}

// updateExtension stores a pre- or post-MFA extension; an active one needs its URL.
func (h *Handler) updateExtension(c *gin.Context) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	if err := requireExtensionURL(body); err != nil {
		return err
	}
	a := extensionArea(contract.Param(c, "name"))
	if err := h.deps.Store.Update(func(tx *store.Tx) error { return configs.Put(tx, tenantOf(c), a.id, body) }); err != nil {
		return err
	}
	c.JSON(http.StatusOK, body)
	return nil
}

func requireExtensionURL(ext map[string]any) error {
	cfg, _ := ext["config"].(map[string]any)
	if url, _ := cfg["url"].(string); url == "" && ext["isActive"] == true {
		return badRequest("config.url is required when the extension is active")
	}
	return nil
}

// updateExtensionActive switches an extension, keeping its URL and headers.
func (h *Handler) updateExtensionActive(c *gin.Context) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	a := extensionArea(contract.Param(c, "name"))
	var ext map[string]any
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		var err error
		if ext, err = loadConfig(tx, tenantOf(c), a); err != nil {
			return err
		}
		ext["isActive"] = body["isActive"]
		if err := requireExtensionURL(ext); err != nil {
			return err
		}
		return configs.Put(tx, tenantOf(c), a.id, ext)
	})
	if err != nil {
		return err
	}
	out := obj("isActive", ext["isActive"])
	if cfg, ok := ext["config"]; ok {
		out["config"] = cfg
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// testExtension would call the extension's URL; idemu calls nothing outside loopback,
// so it answers as a reachable extension would once a URL is configured.
func (h *Handler) testExtension(c *gin.Context) error {
	var ext map[string]any
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		ext, err = loadConfig(tx, tenantOf(c), extensionArea(contract.Param(c, "name")))
		return err
	})
	if err != nil {
		return err
	}
	cfg, _ := ext["config"].(map[string]any)
	if url, _ := cfg["url"].(string); url == "" {
		return badRequest("the extension has no URL to test")
	}
	c.JSON(http.StatusOK, obj("statusCode", http.StatusOK, "headers", obj()))
	return nil
}

// passwordPolicy is what Cloud Directory checks a new password against.
type passwordPolicy struct {
	Regex        string `json:"regex"`
	ErrorMessage string `json:"error_message"`
}

type apmSettings struct {
	APM struct {
		Enabled       bool `json:"enabled"`
		PasswordReuse struct {
			Enabled bool `json:"enabled"`
			Config  struct {
				MaxPasswordReuse int `json:"maxPasswordReuse"`
			} `json:"config"`
		} `json:"passwordReuse"`
		PreventPasswordWithUsername struct {
			Enabled bool `json:"enabled"`
		} `json:"preventPasswordWithUsername"`
		PasswordExpiration struct {
			Enabled bool `json:"enabled"`
			Config  struct {
				DaysToExpire int `json:"daysToExpire"`
			} `json:"config"`
		} `json:"passwordExpiration"`
		LockOutPolicy struct {
			Enabled bool `json:"enabled"`
			Config  struct {
				LockOutTimeSec int `json:"lockOutTimeSec"`
				NumOfAttempts  int `json:"numOfAttempts"`
			} `json:"config"`
		} `json:"lockOutPolicy"`
		MinPasswordChangeInterval struct {
			Enabled bool `json:"enabled"`
			Config  struct {
				MinHoursToChangePassword int `json:"minHoursToChangePassword"`
			} `json:"config"`
		} `json:"minPasswordChangeInterval"`
	} `json:"advancedPasswordManagement"`
}

func (a apmSettings) lockout() (attempts int, lock time.Duration, on bool) {
	p := a.APM.LockOutPolicy
	return p.Config.NumOfAttempts, time.Duration(p.Config.LockOutTimeSec) * time.Second, a.APM.Enabled && p.Enabled
}

func (a apmSettings) expiry() (time.Duration, bool) {
	p := a.APM.PasswordExpiration
	return time.Duration(p.Config.DaysToExpire) * 24 * time.Hour, a.APM.Enabled && p.Enabled
}
