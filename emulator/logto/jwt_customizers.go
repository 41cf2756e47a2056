package logto

import (
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// JWT customizers: the scripts that add claims to user access tokens
// (jwt.accessToken) and client-credentials tokens (jwt.clientCredentials), kept as
// logto_configs rows. idemu stores them and reads them back; it runs no JavaScript, so
// the tokens it issues carry no custom claims and the test endpoint stays in the ledger.

const (
	jwtAccessTokenKey       = "jwt.accessToken"
	jwtClientCredentialsKey = "jwt.clientCredentials"
)

// jwtCustomizerKeys maps the path's token type to the config key, in listing order.
var jwtCustomizerKeys = []struct{ path, key string }{
	{"access-token", jwtAccessTokenKey},
	{"client-credentials", jwtClientCredentialsKey},
}

// jwtCustomizerMembers are the guard's members in its key order, with their JSON type.
var jwtCustomizerMembers = []struct{ name, typ string }{
	{"script", "string"}, {"environmentVariables", "object"}, {"contextSample", "object"},
	{"blockIssuanceOnError", "boolean"}, {"tokenSample", "object"},
}

func jwtCustomizerKey(c *gin.Context) string {
	p := contract.Param(c, "tokenTypePath")
	for _, k := range jwtCustomizerKeys {
		if k.path == p {
			return k.key
		}
	}
	return jwtClientCredentialsKey
}

// parseJwtCustomizer is the strict zod guard of a customizer: script is required,
// members have their types, environment variables are strings, nothing else is allowed.
func parseJwtCustomizer(raw json.RawMessage) (map[string]any, error) {
	v, err := decodeNumbers(raw)
	body, ok := v.(map[string]any)
	if err != nil || !ok {
		return nil, guardFailure("body", []zodIssue{typeIssue(nil, "object", v, true)})
	}
	var issues []zodIssue
	for _, m := range jwtCustomizerMembers {
		val, present := body[m.name]
		if !present && m.name != "script" {
			continue
		}
		if !present || zodType(val) != m.typ {
			issues = append(issues, typeIssue([]any{m.name}, m.typ, val, present))
			continue
		}
		if m.name == "environmentVariables" {
			for k, ev := range val.(map[string]any) {
				if zodType(ev) != "string" {
					issues = append(issues, typeIssue([]any{m.name, k}, "string", ev, true))
				}
			}
		}
	}
	var unknown []string
	for k := range body {
		known := false
		for _, m := range jwtCustomizerMembers {
			known = known || m.name == k
		}
		if !known {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		issues = append(issues, zodIssue{code: "unrecognized_keys", path: []any{},
			fields:  ordered{{"code", "unrecognized_keys"}, {"keys", unknown}},
			message: "Unrecognized key(s) in object: '" + strings.Join(unknown, "', '") + "'"})
	}
	if len(issues) > 0 {
		return nil, guardFailure("body", issues)
	}
	return body, nil
}

// typeIssue is zod's invalid_type (a missing member is "Required").
func typeIssue(path []any, expected string, got any, present bool) zodIssue {
	received := "undefined"
	if present {
		received = zodType(got)
	}
	is := zodIssue{code: "invalid_type", path: path,
		fields:   ordered{{"code", "invalid_type"}, {"expected", expected}, {"received", received}},
		message:  "Expected " + expected + ", received " + received,
		typeLine: "Expected " + expected + " but received " + received + "."}
	if !present {
		is.message = "Required"
	}
	return is
}

// jwtCustomizerBody renders a stored customizer in the guard's key order.
func jwtCustomizerBody(v map[string]any) ordered {
	out := ordered{}
	for _, m := range jwtCustomizerMembers {
		if val, ok := v[m.name]; ok {
			if m.typ == "object" {
				raw, _ := json.Marshal(val)
				val = jsonb(raw)
			}
			out = append(out, kv{m.name, val})
		}
	}
	return out
}

func readJwtCustomizer(tx *store.Tx, tenant, key string) (map[string]any, error) {
	raw, err := logtoConfigs.Get(tx, tenant, key)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFoundWithID("logto_config", key)
	}
	if err != nil {
		return nil, err
	}
	v, err := decodeNumbers(raw)
	m, _ := v.(map[string]any)
	return m, err
}

func (h *Handler) listJwtCustomizers(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	out := []ordered{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		for _, k := range jwtCustomizerKeys {
			v, err := readJwtCustomizer(tx, tenant, k.key)
			var ae *apiError
			if errors.As(err, &ae) {
				continue
			}
			if err != nil {
				return err
			}
			out = append(out, ordered{{"key", k.key}, {"value", jwtCustomizerBody(v)}})
		}
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) getJwtCustomizer(c *gin.Context) error {
	tenant, key := platform.TenantOf(c), jwtCustomizerKey(c)
	var v map[string]any
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		v, err = readJwtCustomizer(tx, tenant, key)
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, jwtCustomizerBody(v))
}

// upsertJwtCustomizer (PUT) stores the whole customizer: 201 when it is new.
func (h *Handler) upsertJwtCustomizer(c *gin.Context) error {
	return h.writeJwtCustomizer(c, false)
}

// updateJwtCustomizer (PATCH) takes a full, valid customizer too and merges it over
// the stored one, which must exist.
func (h *Handler) updateJwtCustomizer(c *gin.Context) error {
	return h.writeJwtCustomizer(c, true)
}

func (h *Handler) writeJwtCustomizer(c *gin.Context, merge bool) error {
	var raw json.RawMessage
	if err := bind(c, &raw); err != nil {
		return err
	}
	body, err := parseJwtCustomizer(raw)
	if err != nil {
		return err
	}
	tenant, key := platform.TenantOf(c), jwtCustomizerKey(c)
	status := http.StatusOK
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		cur, err := readJwtCustomizer(tx, tenant, key)
		var ae *apiError
		switch {
		case errors.As(err, &ae) && merge:
			return err
		case errors.As(err, &ae):
			status = http.StatusCreated
		case err != nil:
			return err
		case merge:
			for k, v := range body {
				cur[k] = v
			}
			body = cur
		}
		stored, err := json.Marshal(body)
		if err != nil {
			return err
		}
		return logtoConfigs.Put(tx, tenant, key, jsonb(stored))
	})
	if err != nil {
		return err
	}
	return h.respond(c, status, jwtCustomizerBody(body))
}

func (h *Handler) deleteJwtCustomizer(c *gin.Context) error {
	tenant, key := platform.TenantOf(c), jwtCustomizerKey(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if _, err := readJwtCustomizer(tx, tenant, key); err != nil {
			var ae *apiError
			if errors.As(err, &ae) {
				return notFoundWithID("logto_configs", key)
			}
			return err
		}
		return logtoConfigs.Delete(tx, tenant, key)
	})
	if err != nil {
		return err
	}
	return noContent(c)
}
