package appid

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// area is one singleton configuration document of a tenant, with App ID's default for
// a new instance and the operation that replaces it (whose request schema says which
// fields are kept).
type area struct {
	id       string
	setOp    string
	defaults func() map[string]any
}

var (
	areaFacebook = area{"idp-facebook", "setFacebookIDP", func() map[string]any { return obj("isActive", false) }}
	areaGoogle   = area{"idp-google", "setGoogleIDP", func() map[string]any { return obj("isActive", false) }}
	areaCustom   = area{"idp-custom", "setCustomIDP", func() map[string]any { return obj("isActive", false) }}
	areaSAML     = area{"idp-saml", "setSAMLIDP", func() map[string]any { return obj("isActive", false) }}
	// Cloud Directory is on in a new instance: it is App ID's own directory.
	areaCloudDirectory = area{"idp-cloud_directory", "setCloudDirectoryIDP", func() map[string]any {
		return obj("isActive", true, "config", obj(
			"selfServiceEnabled", true, "signupEnabled", true, "identityField", "email",
			"interactions", obj(
				"identityConfirmation", obj("accessMode", "FULL", "methods", []any{"email"}),
				"welcomeEnabled", true, "resetPasswordEnabled", true, "resetPasswordNotificationEnable", true)))
	}}
	areaTokens = area{"tokens", "putTokensConfig", func() map[string]any {
		return obj("idTokenClaims", []any{}, "accessTokenClaims", []any{},
			"access", obj("expires_in", 3600),
			"refresh", obj("enabled", false, "expires_in", 2592000),
			"anonymousAccess", obj("enabled", true, "expires_in", 2592000))
	}}
	areaRedirectURIs  = area{"redirect_uris", "updateRedirectUris", func() map[string]any { return obj("redirectUris", []any{}) }}
	areaUsersProfile  = area{"users_profile", "updateUserProfilesConfig", func() map[string]any { return obj("isActive", true) }}
	areaThemeText     = area{"theme_text", "postThemeText", func() map[string]any { return obj("tabTitle", "Login", "footnote", "Powered by App ID") }}
	areaThemeColor    = area{"theme_color", "postThemeColor", func() map[string]any { return obj("headerColor", "#EEF2F5") }}
	areaMedia         = area{"media", "", func() map[string]any { return obj("image", nil) }}
	areaLanguages     = area{"languages", "updateLocalization", func() map[string]any { return obj("languages", []any{"en"}) }}
	areaAudit         = area{"capture_runtime_activity", "setAuditStatus", func() map[string]any { return obj("isActive", false) }}
	areaSenderDetails = area{"sender_details", "setCloudDirectorySenderDetails", func() map[string]any {
		return obj("senderDetails", obj("from", obj("name", "App ID", "email", "no-reply@appid.cloud.ibm.com"), "linkExpirationSec", 86400))
	}}
	areaActionURLs      = area{"action_urls", "", func() map[string]any { return obj() }}
	areaPasswordRegex   = area{"password_regex", "setCloudDirectoryPasswordRegex", func() map[string]any { return obj("regex", "", "base64_encoded_regex", "", "error_message", "") }}
	areaEmailDispatcher = area{"email_dispatcher", "setCloudDirectoryEmailDispatcher", func() map[string]any { return obj("provider", "appid") }}
	areaAPM             = area{"advanced_password_management", "setCloudDirectoryAdvancedPasswordManagement", func() map[string]any {
		return obj("advancedPasswordManagement", obj(
			"enabled", false,
			"passwordReuse", obj("enabled", false, "config", obj("maxPasswordReuse", 8)),
			"preventPasswordWithUsername", obj("enabled", false),
			"passwordExpiration", obj("enabled", false, "config", obj("daysToExpire", 30)),
			"lockOutPolicy", obj("enabled", false, "config", obj("lockOutTimeSec", 1800, "numOfAttempts", 3)),
			"minPasswordChangeInterval", obj("enabled", false, "config", obj("minHoursToChangePassword", 0))))
	}}
	areaMFA         = area{"mfa", "updateMFAConfig", func() map[string]any { return obj("isActive", false) }}
	areaMFAChannels = area{"mfa_channels", "", func() map[string]any {
		return obj("email", obj("isActive", true), "nexmo", obj("isActive", false))
	}}
	areaSSO = area{"sso", "updateSSOConfig", func() map[string]any {
		return obj("isActive", false, "inactivityTimeoutSeconds", 86400, "logoutRedirectUris", []any{})
	}}
	areaRateLimit = area{"rate_limit", "updateRateLimitConfig", func() map[string]any {
		return obj("signUpLimitPerMinute", 50, "signInLimitPerMinute", 60)
	}}
)

// settableAreas can be given in a fixture's tenant settings under "config", by name.
var settableAreas = map[string]area{
	"facebook": areaFacebook, "google": areaGoogle, "custom": areaCustom, "saml": areaSAML,
	"cloud_directory": areaCloudDirectory, "tokens": areaTokens, "redirect_uris": areaRedirectURIs,
	"users_profile": areaUsersProfile, "theme_text": areaThemeText, "theme_color": areaThemeColor,
	"languages": areaLanguages, "capture_runtime_activity": areaAudit, "sender_details": areaSenderDetails,
	"password_regex": areaPasswordRegex, "email_dispatcher": areaEmailDispatcher,
	"advanced_password_management": areaAPM, "mfa": areaMFA, "sso": areaSSO, "rate_limit": areaRateLimit,
}

func extensionArea(name string) area {
	return area{"mfa_extension_" + name, "updateExtensionConfig", func() map[string]any { return obj("isActive", false) }}
}

// obj builds a JSON object from alternating keys and values.
func obj(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

// loadConfig returns the stored document, or App ID's default when never set.
func loadConfig(tx *store.Tx, tenant string, a area) (map[string]any, error) {
	v, err := configs.Get(tx, tenant, a.id)
	if isMissing(err) {
		return normalise(a.defaults())
	}
	return v, err
}

// normalise gives a document the shape it has after a store round trip (numbers as
// float64, slices as []any), so defaults and stored values compare and merge alike.
func normalise(v map[string]any) (map[string]any, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out map[string]any
	return out, json.Unmarshal(raw, &out)
}

// decodeConfig reads a configuration document into a typed view.
func decodeConfig[T any](tx *store.Tx, tenant string, a area) (T, error) {
	var out T
	m, err := loadConfig(tx, tenant, a)
	if err != nil {
		return out, err
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return out, err
	}
	return out, json.Unmarshal(raw, &out)
}

// readBody decodes the JSON body (already validated against the contract) and drops
// every field the operation's request schema does not define.
func (h *Handler) readBody(c *gin.Context) (map[string]any, error) {
	raw, err := io.ReadAll(c.Request.Body)
	if err != nil {
		return nil, badRequest("the request body could not be read")
	}
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil || body == nil {
		return nil, badRequest("the request body must be a JSON object")
	}
	if s := h.requestSchema(c); s != nil {
		body, _ = prune(body, s).(map[string]any)
	}
	return body, nil
}

// requestSchema is the JSON request schema of the operation a request was routed to.
func (h *Handler) requestSchema(c *gin.Context) *openapi3.Schema {
	op := h.contract.Operation(operationID(c))
	if op == nil {
		return nil
	}
	return h.schemaOf(op.Method, op.Path)
}

func (h *Handler) schemaOf(method, path string) *openapi3.Schema {
	item := h.contract.Document().Paths.Value(path)
	if item == nil {
		return nil
	}
	o := item.GetOperation(method)
	if o == nil || o.RequestBody == nil || o.RequestBody.Value == nil {
		return nil
	}
	mt := o.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil
	}
	return mt.Schema.Value
}

// prune keeps what a schema defines: objects with declared properties lose the
// others, so a PUT then GET round-trips exactly the documented fields.
func prune(v any, s *openapi3.Schema) any {
	if s == nil {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		if len(s.Properties) == 0 {
			return x
		}
		out := make(map[string]any, len(x))
		for k, val := range x {
			if p, ok := s.Properties[k]; ok && p != nil {
				out[k] = prune(val, p.Value)
			}
		}
		return out
	case []any:
		if s.Items == nil {
			return x
		}
		out := make([]any, len(x))
		for i, it := range x {
			out[i] = prune(it, s.Items.Value)
		}
		return out
	}
	return v
}

// getConfig answers a configuration document.
func (h *Handler) getConfig(a area) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		var v map[string]any
		err := h.deps.Store.View(func(tx *store.Tx) error {
			var err error
			v, err = loadConfig(tx, tenantOf(c), a)
			return err
		})
		if err != nil {
			return err
		}
		c.JSON(http.StatusOK, v)
		return nil
	}
}

// putConfig replaces a configuration document with the body and answers status (204:
// no body; otherwise the stored document).
func (h *Handler) putConfig(a area, status int) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		body, err := h.readBody(c)
		if err != nil {
			return err
		}
		if err := h.deps.Store.Update(func(tx *store.Tx) error { return configs.Put(tx, tenantOf(c), a.id, body) }); err != nil {
			return err
		}
		respond(c, status, body)
		return nil
	}
}

// mergeConfig changes only the fields the body gives, keeping the others.
func (h *Handler) mergeConfig(a area, status int) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		body, err := h.readBody(c)
		if err != nil {
			return err
		}
		var merged map[string]any
		err = h.deps.Store.Update(func(tx *store.Tx) error {
			cur, err := loadConfig(tx, tenantOf(c), a)
			if err != nil {
				return err
			}
			for k, v := range body {
				cur[k] = v
			}
			merged = cur
			return configs.Put(tx, tenantOf(c), a.id, cur)
		})
		if err != nil {
			return err
		}
		respond(c, status, merged)
		return nil
	}
}

func respond(c *gin.Context, status int, body any) {
	if status == http.StatusNoContent {
		c.Status(status)
		return
	}
	c.JSON(status, body)
}

// putTokensConfig replaces the token configuration: App ID resets every token object
// the body leaves out to its default.
func (h *Handler) putTokensConfig(c *gin.Context) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	stored, err := normalise(areaTokens.defaults())
	if err != nil {
		return err
	}
	for k, v := range body {
		stored[k] = v
	}
	if err := h.deps.Store.Update(func(tx *store.Tx) error { return configs.Put(tx, tenantOf(c), areaTokens.id, stored) }); err != nil {
		return err
	}
	c.JSON(http.StatusOK, stored)
	return nil
}

// redirectURL is where a social identity provider sends users back to App ID.
func redirectURL(c *gin.Context) string {
	return platform.BaseURL(c.Request) + oauthBase + tenantOf(c) + "/callback"
}

func (h *Handler) getSocialIDP(a area) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		var v map[string]any
		err := h.deps.Store.View(func(tx *store.Tx) error {
			var err error
			v, err = loadConfig(tx, tenantOf(c), a)
			return err
		})
		if err != nil {
			return err
		}
		v["redirectURL"] = redirectURL(c)
		c.JSON(http.StatusOK, v)
		return nil
	}
}

// setSocialIDP stores a Facebook or Google configuration. Without one, App ID signs
// users in with IBM's development credentials, so an active IdP needs none.
func (h *Handler) setSocialIDP(a area) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		body, err := h.readBody(c)
		if err != nil {
			return err
		}
		if err := h.deps.Store.Update(func(tx *store.Tx) error { return configs.Put(tx, tenantOf(c), a.id, body) }); err != nil {
			return err
		}
		body["redirectURL"] = redirectURL(c)
		c.JSON(http.StatusOK, body)
		return nil
	}
}

// operationID is the contract operation a request was routed to.
func operationID(c *gin.Context) string {
	if op := contract.OperationOf(c); op != nil {
		return op.ID
	}
	return ""
}
