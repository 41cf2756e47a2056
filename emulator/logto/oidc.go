package logto

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/emulator/token"
)

// Logto's OIDC provider is node-oidc-provider under /oidc. idemu emulates what a
// machine-to-machine client uses (the token endpoint's client_credentials grant with a
// resource indicator, the JWKS and the discovery document) and the token exchange of
// a subject token for a user's token (user_tokens.go).

const oidcBase = "/oidc"

func issuerOf(c *gin.Context) string { return platform.BaseURL(c.Request) + oidcBase }

// oidcError is node-oidc-provider's error, with the code and message Logto adds in
// front (koa-oidc-error-handler).
func oidcError(status int, code, description string) *apiError {
	msg, ok := phrases["oidc."+code]
	if !ok {
		msg = phrase("oidc.provider_error_fallback", "code", "oidc."+code)
	}
	msg = strings.ReplaceAll(msg, "{{error_description}}", description)
	return &apiError{Status: status, raw: ordered{
		{"code", "oidc." + code}, {"message", msg}, {"error", code}, {"error_description", description},
	}}
}

func invalidClient(c *gin.Context) *apiError {
	e := oidcError(http.StatusUnauthorized, "invalid_client", "client authentication failed")
	e.Header = map[string]string{"WWW-Authenticate": fmt.Sprintf(
		`Basic realm=%q, error="invalid_client", error_description="client authentication failed"`, issuerOf(c))}
	return e
}

// token is POST /oidc/token. The order of checks is node-oidc-provider's: body, client
// authentication, grant type, then the grant's own parameters.
func (h *Handler) token(c *gin.Context) error {
	c.Header("Cache-Control", "no-store")
	mediaType, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if mediaType != "application/x-www-form-urlencoded" {
		return oidcError(http.StatusBadRequest, "invalid_request",
			"only application/x-www-form-urlencoded content-type bodies are supported on POST /token")
	}
	if err := c.Request.ParseForm(); err != nil {
		return oidcError(http.StatusBadRequest, "invalid_request", "could not parse the request body")
	}
	form := c.Request.PostForm
	for name, values := range form {
		if len(values) > 1 && name != "resource" {
			return oidcError(http.StatusBadRequest, "invalid_request", fmt.Sprintf("'%s' parameter must not be provided twice", name))
		}
	}
	clientID, secret, err := clientCredentials(c, form)
	if err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var out ordered
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		app, err := applications.Get(tx, tenant, clientID)
		// Public clients (SPA, native) authenticate with their id alone.
		if errors.Is(err, store.ErrNotFound) || (err == nil && hasSecrets(app.Type) && !secretMatches(app, secret, tx.Now())) {
			return invalidClient(c)
		}
		if err != nil {
			return err
		}
		grant := form.Get("grant_type")
		switch {
		case grant == "":
			return oidcError(http.StatusBadRequest, "invalid_request", "missing required parameter 'grant_type'")
		case !slices.Contains(supportedGrants, grant):
			return oidcError(http.StatusBadRequest, "unsupported_grant_type", "unsupported grant_type requested")
		case grant == grantTokenExchange && app.Type != appMachineToMachine && allowsTokenExchange(app):
			out, err = h.tokenExchange(c, tx, tenant, app, form)
			return err
		case grant != "client_credentials" || app.Type != appMachineToMachine:
			return oidcError(http.StatusBadRequest, "unauthorized_client", "requested grant type is not allowed for this client")
		}
		out, err = h.clientCredentials(c, tx, tenant, app, form)
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

// supportedGrants are the grant types Logto's provider knows; idemu issues
// client_credentials and token exchange and answers the others unauthorized_client.
var supportedGrants = []string{
	"authorization_code", "refresh_token", "client_credentials",
	"urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:token-exchange",
}

// clientCredentials reads the client from HTTP Basic (client_secret_basic, its parts
// form-urlencoded) or the form (client_secret_post), but not both.
func clientCredentials(c *gin.Context, form url.Values) (string, string, error) {
	header := c.GetHeader("Authorization")
	if basic, ok := strings.CutPrefix(header, "Basic "); ok {
		if form.Get("client_id") != "" && form.Get("client_secret") != "" {
			return "", "", oidcError(http.StatusBadRequest, "invalid_request", "client authentication must only be provided using one mechanism")
		}
		raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(basic))
		id, secret, ok := strings.Cut(string(raw), ":")
		if err != nil || !ok {
			return "", "", oidcError(http.StatusBadRequest, "invalid_request", "invalid authorization header value format")
		}
		id, errID := url.QueryUnescape(id)
		secret, errSecret := url.QueryUnescape(secret)
		if errID != nil || errSecret != nil {
			return "", "", oidcError(http.StatusBadRequest, "invalid_request", "client_id and client_secret in the authorization header are not properly encoded")
		}
		return id, secret, nil
	}
	id := form.Get("client_id")
	if id == "" {
		return "", "", oidcError(http.StatusBadRequest, "invalid_request", "no client authentication mechanism provided")
	}
	return id, form.Get("client_secret"), nil
}

// secretMatches accepts the application's legacy secret (unless it is internal) and
// any of its secrets that have not expired.
func secretMatches(app application, secret string, now time.Time) bool {
	if secret == "" {
		return false
	}
	if !strings.HasPrefix(app.Secret, internalPrefix) && equal(app.Secret, secret) {
		return true
	}
	for _, s := range app.Secrets {
		if (s.ExpiresAt == nil || *s.ExpiresAt > now.UnixMilli()) && equal(s.Value, secret) {
			return true
		}
	}
	return false
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// clientCredentials issues an access token for one resource: the Management API or one
// of the tenant's API resources. The token's scopes are those asked for that the
// application holds on the resource through its roles; others are dropped.
func (h *Handler) clientCredentials(c *gin.Context, tx *store.Tx, tenant string, app application, form url.Values) (ordered, error) {
	indicators := form["resource"]
	if len(indicators) > 1 {
		return nil, oidcError(http.StatusBadRequest, "invalid_target", "only a single resource indicator value is supported for this grant type")
	}
	if len(indicators) == 0 || indicators[0] == "" {
		return nil, oidcError(http.StatusBadRequest, "invalid_target", "resource indicator is missing, or unknown")
	}
	res, err := resourceByIndicator(tx, tenant, indicators[0])
	if errors.Is(err, store.ErrNotFound) {
		return nil, oidcError(http.StatusBadRequest, "invalid_target", "resource indicator is missing, or unknown")
	}
	if err != nil {
		return nil, err
	}
	held, err := appScopeNames(tx, tenant, app.ID, res.ID)
	if err != nil {
		return nil, err
	}
	var granted []string
	for _, s := range strings.Fields(form.Get("scope")) {
		if held[s] && !slices.Contains(granted, s) {
			granted = append(granted, s)
		}
	}
	ttl := time.Duration(res.AccessTokenTTL) * time.Second
	now := tx.Now()
	claims := map[string]any{
		"jti": tokenID(), "sub": app.ID, "iat": now.Unix(), "exp": now.Add(ttl).Unix(),
		"client_id": app.ID, "iss": issuerOf(c), "aud": res.Indicator,
	}
	if len(granted) > 0 {
		claims["scope"] = strings.Join(granted, " ")
	}
	raw, err := h.tokens.Sign(tx, tenant, "at+jwt", claims)
	if err != nil {
		return nil, err
	}
	out := ordered{{"access_token", raw}, {"expires_in", int64(res.AccessTokenTTL)}, {"token_type", "Bearer"}}
	if len(granted) > 0 {
		out = append(out, kv{"scope", strings.Join(granted, " ")})
	}
	entry := requestContext(c)
	entry.Key, entry.Result, entry.ApplicationID = "ExchangeTokenBy.ClientCredentials", logSuccess, app.ID
	return out, writeLog(tx, tenant, entry, map[string]any{"params": map[string]any{"resource": res.Indicator, "scope": form.Get("scope")}})
}

// jwks is GET /oidc/jwks.
func (h *Handler) jwks(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var set any
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		ks, err := h.tokens.JWKS(tx, tenant)
		set = ks
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, set)
}

// discovery is GET /oidc/.well-known/openid-configuration. It lists the endpoints idemu
// serves; Logto's also names the interactive ones (authorization, userinfo, end
// session, ...), which idemu does not emulate.
func (h *Handler) discovery(c *gin.Context) error {
	iss := issuerOf(c)
	doc := token.Discovery(token.DiscoveryOptions{
		Issuer:     iss,
		Endpoints:  token.Endpoints{Token: iss + "/token", JWKS: iss + "/jwks"},
		GrantTypes: []string{"client_credentials", grantTokenExchange},
		Scopes:     []string{"openid", "offline_access", "profile", "email", "phone"},
		SigningAlg: token.ES384,
	})
	return h.respond(c, http.StatusOK, doc)
}
