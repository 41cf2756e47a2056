package logto

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/emulator/token"
)

// caller is who a Management API token speaks for.
type caller struct {
	Subject  string
	ClientID string
	IsApp    bool // sub == client_id: a machine-to-machine application
}

const callerKey = "logto.caller"

// managementScope is the Management API permission Logto checks on every route.
const managementScope = "all"

// managementIndicator is the Management API's resource indicator for a tenant, as Logto
// Cloud names it (OSS always uses the tenant id "default").
func managementIndicator(tenant string) string { return "https://" + tenant + ".logto.app/api" }

// authenticate is Logto's koaAuth for the Management API: a Bearer JWT signed by the
// tenant, for the tenant's Management API audience, with the scope "all".
func (h *Handler) authenticate(c *gin.Context) {
	if err := h.checkBearer(c); err != nil {
		h.render(c, err)
	}
}

func (h *Handler) checkBearer(c *gin.Context) error {
	header := c.GetHeader("Authorization")
	if header == "" {
		return fail(http.StatusUnauthorized, "auth.authorization_header_missing")
	}
	raw, ok := strings.CutPrefix(header, "Bearer")
	if !ok {
		return fail(http.StatusUnauthorized, "auth.authorization_token_type_not_supported").
			withData(gin.H{"supportedTypes": []string{"Bearer"}})
	}
	raw = strings.TrimSpace(raw)
	tenant := platform.TenantOf(c)
	var claims map[string]any
	err := h.deps.Store.View(func(tx *store.Tx) error {
		ks, err := h.tokens.Keys(tx, tenant)
		if errors.Is(err, store.ErrNotFound) {
			return joseFailure(token.ErrUnknownKey, nil, "")
		}
		if err != nil {
			return err
		}
		claims, err = token.Verify(raw, ks, tx.Now())
		if err != nil {
			return joseFailure(err, claims, "")
		}
		if !audienceHas(claims["aud"], managementIndicator(tenant)) {
			return joseFailure(nil, claims, "aud")
		}
		return nil
	})
	if err != nil {
		return err
	}
	sub, _ := claims["sub"].(string)
	if sub == "" {
		return fail(http.StatusUnauthorized, "auth.jwt_sub_missing")
	}
	scope, _ := claims["scope"].(string)
	if !slices.Contains(strings.Fields(scope), managementScope) {
		return fail(http.StatusForbidden, "auth.forbidden")
	}
	clientID, _ := claims["client_id"].(string)
	c.Set(callerKey, caller{Subject: sub, ClientID: clientID, IsApp: sub == clientID})
	return nil
}

func audienceHas(aud any, want string) bool {
	switch a := aud.(type) {
	case string:
		return a == want
	case []any:
		for _, v := range a {
			if v == want {
				return true
			}
		}
	}
	return false
}

// joseFailure is auth.unauthorized with the jose library's error as data, which is what
// Logto attaches (its enumerable fields: code, name, and for claim checks claim,
// reason and the payload).
func joseFailure(err error, claims map[string]any, claim string) *apiError {
	var data any
	switch {
	case claim != "":
		data = ordered{{"code", "ERR_JWT_CLAIM_VALIDATION_FAILED"}, {"name", "JWTClaimValidationFailed"},
			{"claim", claim}, {"reason", "check_failed"}, {"payload", payload(claims)}}
	case errors.Is(err, token.ErrExpired):
		data = ordered{{"code", "ERR_JWT_EXPIRED"}, {"name", "JWTExpired"},
			{"claim", "exp"}, {"reason", "check_failed"}, {"payload", payload(claims)}}
	case errors.Is(err, token.ErrNotYetValid):
		data = ordered{{"code", "ERR_JWT_CLAIM_VALIDATION_FAILED"}, {"name", "JWTClaimValidationFailed"},
			{"claim", "nbf"}, {"reason", "check_failed"}, {"payload", payload(claims)}}
	case errors.Is(err, token.ErrUnknownKey):
		data = ordered{{"code", "ERR_JWKS_NO_MATCHING_KEY"}, {"name", "JWKSNoMatchingKey"}}
	case errors.Is(err, token.ErrBadSignature):
		data = ordered{{"code", "ERR_JWS_SIGNATURE_VERIFICATION_FAILED"}, {"name", "JWSSignatureVerificationFailed"}}
	case errors.Is(err, token.ErrUnsupportedAlg):
		data = ordered{{"code", "ERR_JOSE_ALG_NOT_ALLOWED"}, {"name", "JOSEAlgNotAllowed"}}
	default:
		data = ordered{{"code", "ERR_JWS_INVALID"}, {"name", "JWSInvalid"}}
	}
	return fail(http.StatusUnauthorized, "auth.unauthorized").withData(data)
}

// payload renders verified claims with their numbers as written.
func payload(claims map[string]any) json.RawMessage {
	raw, err := json.Marshal(claims)
	if err != nil {
		return json.RawMessage("{}")
	}
	return raw
}

func callerOf(c *gin.Context) caller {
	v, _ := c.Get(callerKey)
	who, _ := v.(caller)
	return who
}
