package akamai

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/store"
)

// --- settings ------------------------------------------------------------------------

// settingOption is one of Identity Cloud's standard settings.
type settingOption struct {
	Name       string   `json:"name"`
	Type       string   `json:"type"`
	Group      string   `json:"group"`
	GlobalOnly bool     `json:"globalOnly"`
	Values     []string `json:"values,omitempty"`
}

// settingOptions are the standard settings idemu knows: the ones its behaviour reads,
// and the managed ones. Settings outside this list are custom settings.
var settingOptions = []settingOption{
	{Name: "default_flow_name", Type: "string", Group: "General Settings"},
	{Name: "default_flow_version", Type: "string", Group: "General Settings"},
	{Name: "login_attempts", Type: "integer", Group: "General Settings"},
	{Name: "user_distinguisher_field", Type: "string", Group: "General Settings", GlobalOnly: true},
	{Name: "read_with_token", Type: "string", Group: "General Settings"},
	{Name: "write_with_token", Type: "string", Group: "General Settings"},
	{Name: "jump_publish_settings", Type: "string", Group: "General Settings"},
	{Name: settingCustomerID, Type: "string", Group: "General Settings", GlobalOnly: true},
	{Name: settingAkamaiAccount, Type: "string", Group: "General Settings", GlobalOnly: true},
	{Name: "verify_email_url", Type: "string", Group: "Transactional Emails"},
	{Name: "password_recover_url", Type: "string", Group: "Transactional Emails"},
	{Name: "recover_code_lifetime", Type: "integer", Group: "Transactional Emails"},
	{Name: settingRPXKey, Type: "string", Group: "Social Login", GlobalOnly: true},
	{Name: "rpx_app_id", Type: "string", Group: "Social Login", GlobalOnly: true},
	{Name: "backplane_server", Type: "string", Group: "Backplane"},
	{Name: "backplane_bus", Type: "string", Group: "Backplane"},
	{Name: "customer_care_portal_enabled", Type: "boolean", Group: "Customer Care Portal", Values: []string{"true", "false"}},
}

func optionNamed(name string) (settingOption, bool) {
	i := slices.IndexFunc(settingOptions, func(o settingOption) bool { return o.Name == name })
	if i < 0 {
		return settingOption{}, false
	}
	return settingOptions[i], true
}

// splitSettings separates standard settings from custom ones.
func splitSettings(settings map[string]string) (standard, custom map[string]string) {
	standard, custom = map[string]string{}, map[string]string{}
	for k, v := range settings {
		if _, ok := optionNamed(k); ok {
			standard[k] = v
		} else {
			custom[k] = v
		}
	}
	return standard, custom
}

// settingsInput reads a settings change: null deletes a key; numbers and booleans are
// stored as their text, like every Capture setting. Managed settings cannot change,
// global-only ones only on the application, and an option with fixed values only takes
// one of them.
func settingsInput(c *gin.Context, global bool) (map[string]*string, error) {
	var raw map[string]json.RawMessage
	if err := jsonBody(c, &raw); err != nil {
		return nil, err
	}
	out := map[string]*string{}
	for k, v := range raw {
		opt, standard := optionNamed(k)
		switch {
		case k == "":
			return nil, badRequest("Invalid request: a setting name is empty")
		case slices.Contains(managedSettings, k):
			return nil, badRequest("Invalid request: " + k + " is managed by Akamai")
		case standard && opt.GlobalOnly && !global:
			return nil, badRequest("Invalid request: " + k + " can only be set for the application")
		}
		if string(v) == "null" {
			out[k] = nil
			continue
		}
		var s string
		if json.Unmarshal(v, &s) != nil {
			s = string(v)
		}
		if standard && len(opt.Values) > 0 && !slices.Contains(opt.Values, s) {
			return nil, badRequest("Invalid request: " + k + " must be one of the option's values")
		}
		if standard && opt.Type == "integer" {
			if _, err := strconv.Atoi(s); err != nil {
				return nil, badRequest("Invalid request: " + k + " must be an integer")
			}
		}
		out[k] = &s
	}
	return out, nil
}

func applySettings(settings map[string]string, in map[string]*string) {
	for k, v := range in {
		if v == nil {
			delete(settings, k)
		} else {
			settings[k] = *v
		}
	}
}

func (h *Handler) appSettingsView(tx *store.Tx, app string, withClients bool) (gin.H, error) {
	doc, err := appSettings(tx, app)
	if err != nil {
		return nil, err
	}
	standard, custom := splitSettings(doc.Settings)
	out := gin.H{"global": standard, "custom": custom}
	if withClients {
		per := map[string]map[string]string{}
		err := clients.Each(tx, app, func(_ string, cl client) bool {
			per[cl.ID] = orEmpty(maps.Clone(cl.Settings))
			return true
		})
		if err != nil {
			return nil, err
		}
		out["clients"] = per
	}
	return out, nil
}

func (h *Handler) capiGetSettings(c *gin.Context, x *call) (int, any, error) {
	var out gin.H
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		out, err = h.appSettingsView(tx, x.app, c.Query("include_clients") == "true")
		return err
	})
	return http.StatusOK, out, err
}

func (h *Handler) capiUpdateSettings(c *gin.Context, x *call) (int, any, error) {
	in, err := settingsInput(c, true)
	if err != nil {
		return 0, nil, err
	}
	var out gin.H
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		doc, err := appSettings(tx, x.app)
		if err != nil {
			return err
		}
		applySettings(doc.Settings, in)
		if err := apps.Put(tx, x.app, appDocID, doc); err != nil {
			return err
		}
		out, err = h.appSettingsView(tx, x.app, false)
		return err
	})
	return http.StatusOK, out, err
}

func (h *Handler) capiGetSettingOptions(*gin.Context, *call) (int, any, error) {
	return http.StatusOK, settingOptions, nil
}

func clientSettingsView(tx *store.Tx, app string, cl client) (gin.H, error) {
	doc, err := appSettings(tx, app)
	if err != nil {
		return nil, err
	}
	own, custom := splitSettings(cl.Settings)
	return gin.H{"client": own, "custom": custom, "global": orEmpty(maps.Clone(doc.Settings))}, nil
}

func (h *Handler) capiGetClientSettings(c *gin.Context, x *call) (int, any, error) {
	var out gin.H
	err := h.deps.Store.View(func(tx *store.Tx) error {
		cl, err := capiClient(tx, x.app, contract.Param(c, "client_id"))
		if err != nil {
			return err
		}
		out, err = clientSettingsView(tx, x.app, cl)
		return err
	})
	return http.StatusOK, out, err
}

func (h *Handler) capiUpdateClientSettings(c *gin.Context, x *call) (int, any, error) {
	in, err := settingsInput(c, false)
	if err != nil {
		return 0, nil, err
	}
	var out gin.H
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		cl, err := capiClient(tx, x.app, contract.Param(c, "client_id"))
		if err != nil {
			return err
		}
		if cl.Settings == nil {
			cl.Settings = map[string]string{}
		}
		applySettings(cl.Settings, in)
		if err := clients.Put(tx, x.app, cl.ID, cl); err != nil {
			return err
		}
		out, err = clientSettingsView(tx, x.app, cl)
		return err
	})
	return http.StatusOK, out, err
}
