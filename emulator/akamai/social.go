package akamai

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/store"
)

// socialConfig is an app's Social Login configuration: its providers per device type, its
// domain allowlist, its settings, and the mappings of identifiers to primary keys.
type socialConfig struct {
	Providers      map[string][]string `json:"providers"`
	DomainPatterns []string            `json:"domain_patterns"`
	Settings       map[string]string   `json:"settings"`
	Mappings       map[string]string   `json:"mappings"` // identifier -> primary key
}

var socialConfigs = store.Collection[socialConfig]{Name: "social"}

const socialConfigID = "config"

func loadSocial(tx *store.Tx, app string) (socialConfig, error) {
	cfg, err := socialConfigs.Get(tx, app, socialConfigID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return cfg, err
	}
	if cfg.Providers == nil {
		cfg.Providers = map[string][]string{}
	}
	if cfg.Settings == nil {
		cfg.Settings = map[string]string{}
	}
	if cfg.Mappings == nil {
		cfg.Mappings = map[string]string{}
	}
	return cfg, nil
}

// socialProviders is idemu's catalogue of predefined identity providers; an app's custom
// providers count too. Those that share content are listed for sharing.
var (
	socialProviders = []string{"amazon", "apple", "facebook", "google", "instagram", "linkedin", "live_id", "paypal",
		"twitter", "wordpress", "yahoo"}
	sharingProviders = []string{"facebook", "linkedin", "twitter"}
)

const deviceWeb = "web"

// engageToken is a Social Login token: what signin/oauth_token hands out for a provider
// token, and what auth_info and /oauth/auth_native take. Stored by its hash.
type engageToken struct {
	Identity json.RawMessage `json:"identity"`
	Provider string          `json:"provider"`
}

var engageTokens = store.Collection[engageToken]{Name: "engage-tokens"}

// engageTokenTTL: how long a Social Login token is good for (idemu's choice).
const engageTokenTTL = time.Hour

// socialIdentityJSON resolves the identity behind a social token: a Social Login token
// from signin/oauth_token, or (idemu's stand-in for a provider's token) the identity
// itself as JSON.
func socialIdentityJSON(tx *store.Tx, app, raw string) string {
	if strings.HasPrefix(strings.TrimSpace(raw), "{") {
		return raw
	}
	if t, err := engageTokens.Get(tx, app, tokenHash(raw)); err == nil {
		return string(t.Identity)
	}
	return raw
}

// socialForm reads the Social Login API's parameters: a form, url-encoded or multipart.
func socialForm(c *gin.Context) (url.Values, error) {
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if mt == "multipart/form-data" {
		if err := c.Request.ParseMultipartForm(1 << 20); err != nil {
			return nil, socialErr(socialInvalidParameter, "the multipart body could not be read")
		}
		return url.Values(c.Request.MultipartForm.Value), nil
	}
	if err := c.Request.ParseForm(); err != nil {
		return nil, socialErr(socialInvalidParameter, "the form could not be read")
	}
	return c.Request.PostForm, nil
}

// socialCall reads the form and, for operations that need it, checks the apiKey against
// the app's rpx_key setting.
func (h *Handler) socialCall(c *gin.Context, x *call, needKey bool) (url.Values, error) {
	form, err := socialForm(c)
	if err != nil || !needKey {
		return form, err
	}
	var key string
	if err := h.deps.Store.View(func(tx *store.Tx) error {
		doc, err := appSettings(tx, x.app)
		key = doc.Settings[settingRPXKey]
		return err
	}); err != nil {
		return nil, err
	}
	if key == "" || subtle.ConstantTimeCompare([]byte(key), []byte(form.Get("apiKey"))) != 1 {
		return nil, socialErr(socialAuthenticationErr, "the apiKey is not valid for this application")
	}
	return form, nil
}

// changeSocial applies fn to the app's Social Login configuration.
func (h *Handler) changeSocial(x *call, fn func(tx *store.Tx, cfg *socialConfig) error) error {
	return h.deps.Store.Update(func(tx *store.Tx) error {
		cfg, err := loadSocial(tx, x.app)
		if err != nil {
			return err
		}
		if err := fn(tx, &cfg); err != nil {
			return err
		}
		return socialConfigs.Put(tx, x.app, socialConfigID, cfg)
	})
}

var socialOK = gin.H{"stat": "ok"}

// knownProvider: a predefined provider, or one of the app's custom providers.
func knownProvider(tx *store.Tx, app, name string) (bool, error) {
	if slices.Contains(socialProviders, name) {
		return true, nil
	}
	_, err := customProviders.Get(tx, app, name)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return false, nil
	}
	return err == nil, err
}

// --- tokens and authentication -------------------------------------------------------

// socialSignInToken exchanges a provider's token for a Social Login token. idemu has no
// provider behind it: the provider token is the identity, as JSON
// ({"identifier", "email", "givenName", ...}); domain and providerName default to the
// provider. The provider must be configured for the app (any device type).
func (h *Handler) socialSignInToken(c *gin.Context, x *call) (int, any, error) {
	form, err := h.socialCall(c, x, false)
	if err != nil {
		return 0, nil, err
	}
	provider := form.Get("provider")
	var identity map[string]any
	if json.Unmarshal([]byte(form.Get("token")), &identity) != nil {
		return 0, nil, socialErr(socialInvalidParameter, "token is not a provider token idemu reads (a JSON identity)")
	}
	if id, _ := identity["identifier"].(string); id == "" {
		return 0, nil, socialErr(socialInvalidParameter, "the provider token has no identifier")
	}
	for k, v := range map[string]string{"domain": provider, "providerName": provider} {
		if s, _ := identity[k].(string); s == "" {
			identity[k] = v
		}
	}
	raw, _ := json.Marshal(identity)
	engage := newRPXKey()
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		cfg, err := loadSocial(tx, x.app)
		if err != nil {
			return err
		}
		configured := false
		for _, list := range cfg.Providers {
			configured = configured || slices.Contains(list, provider)
		}
		if !configured {
			return socialErr(socialInvalidParameter, "provider "+provider+" is not configured for this application")
		}
		return engageTokens.PutTTL(tx, x.app, tokenHash(engage), engageToken{Identity: raw, Provider: provider}, tx.Now().Add(engageTokenTTL))
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, gin.H{"stat": "ok", "token": engage}, nil
}

// socialAuthInfo answers the profile behind a Social Login token, with the primary key the
// identifier is mapped to. tokenURL must be on the domain allowlist when it is set; with
// the oneTimeUseTokens setting, a token works once.
func (h *Handler) socialAuthInfo(c *gin.Context, x *call) (int, any, error) {
	form, err := h.socialCall(c, x, true)
	if err != nil {
		return 0, nil, err
	}
	var out gin.H
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		cfg, err := loadSocial(tx, x.app)
		if err != nil {
			return err
		}
		if tu := form.Get("tokenURL"); tu != "" && len(cfg.DomainPatterns) > 0 && !allowedDomain(cfg.DomainPatterns, tu) {
			return socialErr(socialAuthenticationErr, "tokenURL is not on the application's domain allowlist")
		}
		key := tokenHash(form.Get("token"))
		t, err := engageTokens.Get(tx, x.app, key)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return socialErr(socialInvalidParameter, "token is unknown, used or expired")
		}
		if err != nil {
			return err
		}
		if cfg.Settings["oneTimeUseTokens"] == "true" {
			if err := engageTokens.Delete(tx, x.app, key); err != nil {
				return err
			}
		}
		out = gin.H{"stat": "ok", "profile": socialProfile(t, cfg)}
		if form.Get("extended") == "true" {
			out["merged_poco"] = mergedPoco(t)
		}
		return nil
	})
	return http.StatusOK, out, err
}

func socialProfile(t engageToken, cfg socialConfig) gin.H {
	var id socialIdentity
	_ = json.Unmarshal(t.Identity, &id) // stored by socialSignInToken, so it decodes
	p := gin.H{"identifier": id.Identifier, "providerName": id.ProviderName}
	for k, v := range map[string]string{"displayName": id.DisplayName, "preferredUsername": id.DisplayName,
		"email": id.Email, "verifiedEmail": id.VerifiedEmail} {
		if v != "" {
			p[k] = v
		}
	}
	if id.GivenName != "" || id.FamilyName != "" {
		p["name"] = gin.H{"givenName": id.GivenName, "familyName": id.FamilyName,
			"formatted": strings.TrimSpace(id.GivenName + " " + id.FamilyName)}
	}
	if key, ok := cfg.Mappings[id.Identifier]; ok {
		p["primaryKey"] = key
	}
	return p
}

// mergedPoco is the extended profile, in Portable Contacts form.
func mergedPoco(t engageToken) gin.H {
	var id socialIdentity
	_ = json.Unmarshal(t.Identity, &id)
	out := gin.H{"displayName": id.DisplayName, "name": gin.H{"givenName": id.GivenName, "familyName": id.FamilyName}}
	if id.Email != "" {
		out["emails"] = []gin.H{{"value": id.Email, "primary": true}}
	}
	return out
}

// --- providers -----------------------------------------------------------------------

func deviceOf(form url.Values) string {
	if d := form.Get("device_type"); d != "" {
		return d
	}
	return deviceWeb
}

func (h *Handler) configuredProviders(x *call, device string) ([]string, error) {
	var out []string
	err := h.deps.Store.View(func(tx *store.Tx) error {
		cfg, err := loadSocial(tx, x.app)
		out = nonNil(cfg.Providers[device])
		return err
	})
	return out, err
}

func sharing(providers []string) []string {
	out := []string{}
	for _, p := range providers {
		if slices.Contains(sharingProviders, p) {
			out = append(out, p)
		}
	}
	return out
}

func (h *Handler) socialGetAvailableProviders(c *gin.Context, x *call) (int, any, error) {
	form, err := h.socialCall(c, x, false)
	if err != nil {
		return 0, nil, err
	}
	list, err := h.configuredProviders(x, deviceOf(form))
	return http.StatusOK, gin.H{"stat": "ok", "signin": list, "social": sharing(list), "share": sharing(list)}, err
}

func (h *Handler) socialProviders(c *gin.Context, x *call) (int, any, error) {
	form, err := h.socialCall(c, x, false)
	if err != nil {
		return 0, nil, err
	}
	list, err := h.configuredProviders(x, deviceOf(form))
	return http.StatusOK, gin.H{"stat": "ok", "signin": list, "social": sharing(list),
		"shareWidget": gin.H{"share": sharing(list), "email": []string{}}}, err
}

// commaList splits a comma-separated parameter, dropping blanks.
func commaList(s string) []string {
	out := []string{}
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// socialSetAuthProviders replaces a device type's providers: predefined ones or the app's
// custom providers.
func (h *Handler) socialSetAuthProviders(c *gin.Context, x *call) (int, any, error) {
	form, err := h.socialCall(c, x, true)
	if err != nil {
		return 0, nil, err
	}
	list := commaList(form.Get("providers"))
	return http.StatusOK, socialOK, h.changeSocial(x, func(tx *store.Tx, cfg *socialConfig) error {
		for _, p := range list {
			ok, err := knownProvider(tx, x.app, p)
			if err != nil {
				return err
			}
			if !ok {
				return socialErr(socialInvalidParameter, "unknown provider "+p)
			}
		}
		cfg.Providers[deviceOf(form)] = slices.Compact(list)
		return nil
	})
}
