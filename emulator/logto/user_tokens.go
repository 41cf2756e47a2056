package logto

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// User tokens. A user's opaque access token (what node-oidc-provider issues when no
// resource is asked for) opens the Account API. idemu issues them through Logto's
// impersonation flow: the Management API makes a subject token for a user (POST
// /api/subject-tokens), and an application that allows token exchange trades it at
// /oidc/token (RFC 8693). With a resource, the exchange gives a JWT for that resource
// instead, with the scopes the user's roles hold there.

const (
	grantTokenExchange   = "urn:ietf:params:oauth:grant-type:token-exchange"
	tokenTypeAccessToken = "urn:ietf:params:oauth:token-type:access_token"
	subjectTokenTTL      = 600 * time.Second
	userTokenTTL         = time.Hour
)

type subjectToken struct {
	UserID    string          `json:"userId"`
	Context   json.RawMessage `json:"context,omitempty"`
	ExpiresAt int64           `json:"expiresAt"`
	Consumed  bool            `json:"consumed"`
}

// opaqueToken is an opaque access token; its key is the token itself.
type opaqueToken struct {
	UserID    string   `json:"userId"`
	ClientID  string   `json:"clientId"`
	Scopes    []string `json:"scopes"`
	ExpiresAt int64    `json:"expiresAt"`
}

var (
	subjectTokens = store.Collection[subjectToken]{Name: "subject-tokens"}
	opaqueTokens  = store.Collection[opaqueToken]{Name: "oidc-access-tokens"}
)

// userScopes are the scopes a user's token may carry without a resource: OIDC's and
// Logto's user claims scopes.
var userTokenScopes = []string{"openid", "offline_access", "profile", "email", "phone", "address", "custom_data",
	"identities", "roles", "urn:logto:scope:organizations", "urn:logto:scope:organization_roles", "urn:logto:scope:sessions"}

func (h *Handler) createSubjectToken(c *gin.Context) error {
	var in struct {
		UserID  string          `json:"userId"`
		Context json.RawMessage `json:"context"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	raw := "sub_" + randomString(alphanumeric, 32)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if _, err := loadUser(tx, tenant, in.UserID); err != nil {
			return err
		}
		expires := tx.Now().Add(subjectTokenTTL)
		return subjectTokens.PutTTL(tx, tenant, raw, subjectToken{UserID: in.UserID, Context: in.Context, ExpiresAt: expires.UnixMilli()}, expires)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusCreated, ordered{{"subjectToken", raw}, {"expiresIn", int(subjectTokenTTL.Seconds())}})
}

// allowsTokenExchange reads customClientMetadata.allowTokenExchange.
func allowsTokenExchange(app application) bool {
	var meta struct {
		AllowTokenExchange bool `json:"allowTokenExchange"`
	}
	_ = json.Unmarshal(app.CustomClientMetadata, &meta)
	return meta.AllowTokenExchange
}

// tokenExchange is the token exchange grant for a subject token.
func (h *Handler) tokenExchange(c *gin.Context, tx *store.Tx, tenant string, app application, form url.Values) (ordered, error) {
	raw := form.Get("subject_token")
	switch {
	case raw == "":
		return nil, oidcError(http.StatusBadRequest, "invalid_request", "missing required parameter 'subject_token'")
	case form.Get("subject_token_type") == "":
		return nil, oidcError(http.StatusBadRequest, "invalid_request", "missing required parameter 'subject_token_type'")
	case form.Get("subject_token_type") != tokenTypeAccessToken:
		return nil, oidcError(http.StatusBadRequest, "invalid_request", "unsupported subject token type")
	}
	st, err := subjectTokens.Get(tx, tenant, raw)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) || (err == nil && st.Consumed) {
		return nil, oidcError(http.StatusBadRequest, "invalid_grant", "subject token not found or consumed")
	}
	if err != nil {
		return nil, err
	}
	u, err := users.Get(tx, tenant, st.UserID)
	if err != nil || u.IsSuspended {
		return nil, oidcError(http.StatusBadRequest, "invalid_grant", "the subject token's user is not available")
	}
	st.Consumed = true
	if err := subjectTokens.PutTTL(tx, tenant, raw, st, time.UnixMilli(st.ExpiresAt)); err != nil {
		return nil, err
	}
	asked := strings.Fields(form.Get("scope"))
	now := tx.Now()
	var token string
	var granted []string
	if indicator := form.Get("resource"); indicator != "" {
		res, err := resourceByIndicator(tx, tenant, indicator)
		if errors.Is(err, store.ErrNotFound) {
			return nil, oidcError(http.StatusBadRequest, "invalid_target", "resource indicator is missing, or unknown")
		}
		if err != nil {
			return nil, err
		}
		held, err := userScopeNames(tx, tenant, u.ID, res.ID)
		if err != nil {
			return nil, err
		}
		for _, s := range asked {
			if held[s] && !slices.Contains(granted, s) {
				granted = append(granted, s)
			}
		}
		claims := map[string]any{"jti": tokenID(), "sub": u.ID, "iat": now.Unix(), "exp": now.Add(userTokenTTL).Unix(),
			"client_id": app.ID, "iss": issuerOf(c), "aud": res.Indicator}
		if len(granted) > 0 {
			claims["scope"] = strings.Join(granted, " ")
		}
		if token, err = h.tokens.Sign(tx, tenant, "at+jwt", claims); err != nil {
			return nil, err
		}
	} else {
		for _, s := range asked {
			if slices.Contains(userTokenScopes, s) && !slices.Contains(granted, s) {
				granted = append(granted, s)
			}
		}
		token = randomString(nanoidAlphabet, 43)
		expires := now.Add(userTokenTTL)
		if err := opaqueTokens.PutTTL(tx, tenant, token, opaqueToken{UserID: u.ID, ClientID: app.ID, Scopes: granted, ExpiresAt: expires.UnixMilli()}, expires); err != nil {
			return nil, err
		}
	}
	entry := requestContext(c)
	entry.Key, entry.Result, entry.ApplicationID, entry.UserID = "ExchangeTokenBy.TokenExchange", logSuccess, app.ID, u.ID
	if err := writeLog(tx, tenant, entry, nil); err != nil {
		return nil, err
	}
	out := ordered{{"access_token", token}, {"issued_token_type", tokenTypeAccessToken}, {"token_type", "Bearer"},
		{"expires_in", int(userTokenTTL.Seconds())}}
	if len(granted) > 0 {
		out = append(out, kv{"scope", strings.Join(granted, " ")})
	}
	return out, nil
}

// userScopeNames are the scope names a user holds on a resource through its roles.
func userScopeNames(tx *store.Tx, tenant, userID, resourceID string) (map[string]bool, error) {
	held := map[string]bool{}
	roleIDs, err := rights(tx, tenant, usersRoles, userID)
	if err != nil {
		return nil, err
	}
	for _, rid := range roleIDs {
		scopeIDs, err := rights(tx, tenant, rolesScopes, rid)
		if err != nil {
			return nil, err
		}
		for _, sid := range scopeIDs {
			if sc, err := scopes.Get(tx, tenant, sid); err == nil && sc.ResourceID == resourceID {
				held[sc.Name] = true
			}
		}
	}
	return held, nil
}

// accountCaller is who an Account API token speaks for.
type accountCaller struct {
	UserID string
	Scopes []string
	// Token is the access token, to find the caller's verification records.
	Token string
}

const accountCallerKey = "logto.account"

func (a accountCaller) has(scope string) bool { return slices.Contains(a.Scopes, scope) }

// authenticateUser is koaOidcAuth: a Bearer opaque access token of a user, with openid.
func (h *Handler) authenticateUser(c *gin.Context) {
	if err := h.checkUserBearer(c); err != nil {
		h.render(c, err)
	}
}

func (h *Handler) checkUserBearer(c *gin.Context) error {
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
	var t opaqueToken
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		t, err = opaqueTokens.Get(tx, tenant, raw)
		return err
	})
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) || raw == "" {
		return fail(http.StatusUnauthorized, "auth.unauthorized")
	}
	if err != nil {
		return err
	}
	if !slices.Contains(t.Scopes, "openid") {
		return fail(http.StatusForbidden, "auth.forbidden")
	}
	c.Set(accountCallerKey, accountCaller{UserID: t.UserID, Scopes: t.Scopes, Token: raw})
	return nil
}

func accountCallerOf(c *gin.Context) accountCaller {
	v, _ := c.Get(accountCallerKey)
	a, _ := v.(accountCaller)
	return a
}
