package onegini

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// The v1 view is derived from the stored units on every read, so it can never
// disagree with v2: its messages are the custom messages, its identity providers the
// external login methods.

// getConfiguration answers the parts `fields` asks for (every part without it).
func (h *Handler) getConfiguration(c *gin.Context) error {
	// Split and checked against the Fields enum before this; read from the URL, which
	// splitFieldsParameter rewrote, rather than gin's query cache.
	fields := c.Request.URL.Query()["fields"]
	want := func(part string) bool { return len(fields) == 0 || slices.Contains(fields, part) }
	out := document{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		tenant := platform.TenantOf(c)
		for _, part := range []string{"messages", unitPasswordPolicy, unitProfile} {
			if !want(part) {
				continue
			}
			unit := part
			if part == "messages" {
				unit = unitCustomMessages
			}
			doc, err := loadUnit(tx, tenant, unit)
			if err != nil {
				return err
			}
			if part == "messages" {
				doc = messagesView(doc)
			}
			out[part] = doc
		}
		return nil
	})
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, out)
}

// messagesView is the v1 Messages map: "default" and each locale, to their messages.
func messagesView(custom document) document {
	out := document{defaultLocale: object(custom, "default")}
	for locale, msgs := range object(custom, "locales") {
		out[locale] = msgs
	}
	return out
}

// reloadExtension has nothing to reload in the emulator: extension messages and static
// resources are not emulated. It answers as the real one does once reloaded.
func (h *Handler) reloadExtension(c *gin.Context) error {
	c.Status(http.StatusOK)
	return nil
}

// getIdentityProviders lists the tenant's external login methods as identity providers.
func (h *Handler) getIdentityProviders(c *gin.Context) error {
	var methods document
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		methods, err = loadUnit(tx, platform.TenantOf(c), unitLoginMethods)
		return err
	})
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, document{"result": identityProviders(methods)})
}

// identityProviders derives IdentityProviderConfig entries from login methods: every
// method with a type other than USERNAME_AND_PASSWORD (CIM's own login, not an
// identity provider), in order, enabled or not. The type is the method's type in lower
// case and the SAML authn context is urn:com:onegini:saml:<type>, as the source's
// Facebook example shows.
func identityProviders(methods document) []any {
	out := []any{}
	list, _ := methods["login_methods"].([]any)
	for _, e := range list {
		m, _ := e.(map[string]any)
		typ, _ := m["type"].(string)
		if typ == "" || typ == "USERNAME_AND_PASSWORD" {
			continue
		}
		idp := document{"id": m["id"], "type": strings.ToLower(typ),
			"saml_properties": document{"authn_context": "urn:com:onegini:saml:" + strings.ToLower(typ)}}
		if name, ok := m["name"].(string); ok {
			idp["name"] = name
		}
		out = append(out, idp)
	}
	return out
}
