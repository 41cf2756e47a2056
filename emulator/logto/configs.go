package logto

import (
	"encoding/json"
	"errors"
	"net/http"
	"sort"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Logto configs: the logto_configs rows the Management API exposes (the admin
// console's flags, the ID token's extended claims, the OIDC session TTL) and the OIDC
// keys. Private keys are the tenant's signing keys (the JWKS); cookie keys are
// idemu's own record, as idemu sets no interaction cookies with them.

var logtoConfigs = store.Collection[json.RawMessage]{Name: "logto-configs"}

const (
	adminConsoleKey = "adminConsole"
	idTokenKey      = "idToken"
	oidcSessionKey  = "oidc.session"
	cookieKeysKey   = "oidc.cookieKeys"
	// defaultSessionTTL is node-oidc-provider's session lifetime Logto configures: 14 days.
	defaultSessionTTL = 1209600
)

// configKeyOrder is each config's zod guard key order, which Logto's responses follow.
var configKeyOrder = map[string][]string{
	adminConsoleKey: {"signInExperienceCustomized", "organizationCreated", "developmentTenantMigrationNotification", "checkedChargeNotification"},
}

// inGuardOrder renders a config object with its guard's keys first, in order.
func inGuardOrder(key string, v json.RawMessage) any {
	order := configKeyOrder[key]
	if order == nil {
		return v
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(v, &m) != nil {
		return v
	}
	out := ordered{}
	for _, k := range order {
		if val, ok := m[k]; ok {
			out = append(out, kv{k, val})
			delete(m, k)
		}
	}
	rest := make([]string, 0, len(m))
	for k := range m {
		rest = append(rest, k)
	}
	sort.Strings(rest)
	for _, k := range rest {
		out = append(out, kv{k, m[k]})
	}
	return out
}

var configDefaults = map[string]string{
	adminConsoleKey: `{"signInExperienceCustomized":false,"organizationCreated":false}`,
	oidcSessionKey:  `{"ttl":1209600}`,
}

// readConfig reads a config row; ok is false when it is unset and has no default.
func readConfig(tx *store.Tx, tenant, key string) (json.RawMessage, bool, error) {
	v, err := logtoConfigs.Get(tx, tenant, key)
	if errors.Is(err, store.ErrNotFound) {
		d, ok := configDefaults[key]
		return json.RawMessage(d), ok, nil
	}
	return v, err == nil, err
}

func (h *Handler) getConfig(key string) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		tenant := platform.TenantOf(c)
		var v json.RawMessage
		err := h.deps.Store.View(func(tx *store.Tx) error {
			var ok bool
			var err error
			if v, ok, err = readConfig(tx, tenant, key); err == nil && !ok {
				return entityNotFound()
			}
			return err
		})
		if err != nil {
			return err
		}
		return h.respond(c, http.StatusOK, inGuardOrder(key, v))
	}
}

// mergeConfig is a PATCH: the members given replace the stored ones.
func (h *Handler) mergeConfig(key string) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		var patch json.RawMessage
		if err := bind(c, &patch); err != nil {
			return err
		}
		tenant := platform.TenantOf(c)
		var v json.RawMessage
		err := h.deps.Store.Update(func(tx *store.Tx) error {
			cur, _, err := readConfig(tx, tenant, key)
			if err != nil {
				return err
			}
			v = mergeJSONB(cur, patch)
			return logtoConfigs.Put(tx, tenant, key, v)
		})
		if err != nil {
			return err
		}
		return h.respond(c, http.StatusOK, inGuardOrder(key, v))
	}
}

// replaceConfig is a PUT (or Logto's PATCH of the ID token config): the body is the
// whole config.
func (h *Handler) replaceConfig(key string) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		var v json.RawMessage
		if err := bind(c, &v); err != nil {
			return err
		}
		v = jsonb(v)
		tenant := platform.TenantOf(c)
		err := h.deps.Store.Update(func(tx *store.Tx) error { return logtoConfigs.Put(tx, tenant, key, v) })
		if err != nil {
			return err
		}
		return h.respond(c, http.StatusOK, v)
	}
}

// oidcKeyBody is oidcConfigKeysResponseGuard without the key material.
type oidcKeyBody struct {
	ID                  string `json:"id"`
	CreatedAt           int64  `json:"createdAt"`
	SigningKeyAlgorithm string `json:"signingKeyAlgorithm,omitempty"`
}

type cookieKey struct {
	ID        string `json:"id"`
	Value     string `json:"value"`
	CreatedAt int64  `json:"createdAt"`
}

// cookieKeys reads the tenant's cookie keys, making the first one when there is none.
func cookieKeys(tx *store.Tx, tenant string) ([]cookieKey, error) {
	var keys []cookieKey
	raw, err := logtoConfigs.Get(tx, tenant, cookieKeysKey)
	if errors.Is(err, store.ErrNotFound) {
		keys = []cookieKey{newCookieKey(tx)}
		raw, _ = json.Marshal(keys)
		return keys, logtoConfigs.Put(tx, tenant, cookieKeysKey, raw)
	}
	if err != nil {
		return nil, err
	}
	return keys, json.Unmarshal(raw, &keys)
}

func newCookieKey(tx *store.Tx) cookieKey {
	return cookieKey{ID: standardID(), Value: randomString(alphanumeric, 21), CreatedAt: tx.Now().UnixMilli()}
}

// keyAlgorithmFamily is the JWK kty of a signing algorithm.
func keyAlgorithmFamily(alg string) string {
	if alg == "RS256" {
		return "RSA"
	}
	return "EC"
}

// oidcKeys lists the keys of a type, newest (the one in use) first.
func (h *Handler) oidcKeys(tx *store.Tx, tenant, keyType string) ([]oidcKeyBody, error) {
	out := []oidcKeyBody{}
	if keyType == "cookie-keys" {
		keys, err := cookieKeys(tx, tenant)
		for _, k := range keys {
			out = append(out, oidcKeyBody{ID: k.ID, CreatedAt: k.CreatedAt})
		}
		return out, err
	}
	ks, err := h.tokens.EnsureKeys(tx, tenant)
	for _, k := range ks.Keys {
		out = append(out, oidcKeyBody{ID: k.ID, CreatedAt: k.CreatedAt.UnixMilli(), SigningKeyAlgorithm: keyAlgorithmFamily(k.Algorithm)})
	}
	return out, err
}

func (h *Handler) getOidcKeys(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var out []oidcKeyBody
	// A tenant's first cookie key is made on first read.
	err := h.deps.Store.Update(func(tx *store.Tx) (err error) {
		out, err = h.oidcKeys(tx, tenant, contract.Param(c, "keyType"))
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}
