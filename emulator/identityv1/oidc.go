package identityv1

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/oauth"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/emulator/token"
)

// The OIDC side of ASEE's Authentication API, as idemu serves it under
// /v1/authentication (IdentityServer-style endpoint names).
const authBase = "/v1/authentication"

func issuer(r *http.Request) string { return platform.BaseURL(r) + authBase }

// audience of Identity API access tokens (IdentityServer's convention: <issuer>/resources).
func audience(iss string) string { return iss + "/resources" }

// knownTenant refuses tenants that were never seeded, so an unauthenticated request
// cannot create state (a signing key) for any name it makes up.
func (h *Handler) knownTenant(c *gin.Context) error {
	return h.deps.Store.View(func(tx *store.Tx) error {
		_, err := tenantSettings(tx, platform.TenantOf(c))
		if errors.Is(err, store.ErrNotFound) {
			return notFound("no tenant " + platform.TenantOf(c))
		}
		return err
	})
}

func (h *Handler) discovery(c *gin.Context) error {
	if err := h.knownTenant(c); err != nil {
		return err
	}
	iss := issuer(c.Request)
	c.JSON(http.StatusOK, token.Discovery(token.DiscoveryOptions{
		Issuer: iss,
		Endpoints: token.Endpoints{
			Token: iss + "/connect/token", UserInfo: iss + "/connect/userinfo",
			JWKS: iss + "/.well-known/openid-configuration/jwks", Revocation: iss + "/connect/revocation",
			Introspection: iss + "/connect/introspect",
		},
		GrantTypes: []string{"client_credentials", "password", "refresh_token"},
		Scopes:     []string{"openid", "profile", "email", "phone", "offline_access", "identity"},
		Claims: []string{"sub", "preferred_username", "email", "email_verified", "phone_number",
			"phone_number_verified", "given_name", "family_name"},
		SigningAlg: token.RS256,
	}))
	return nil
}

func (h *Handler) jwks(c *gin.Context) error {
	if err := h.knownTenant(c); err != nil {
		return err
	}
	var set any
	err := h.deps.Store.Update(func(tx *store.Tx) error { // seeding made the key; this only reads it
		ks, err := h.tokens.JWKS(tx, platform.TenantOf(c))
		set = ks
		return err
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, set)
	return nil
}

// authenticateClient accepts HTTP Basic or client_id/client_secret in the form.
func (h *Handler) authenticateClient(tx *store.Tx, c *gin.Context) (client, error) {
	id, secret, basic := c.Request.BasicAuth()
	if !basic {
		id, secret = c.PostForm("client_id"), c.PostForm("client_secret")
	}
	if id == "" {
		return client{}, oauthError(http.StatusUnauthorized, "invalid_client", "client authentication is required")
	}
	cl, err := clients.Get(tx, platform.TenantOf(c), id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && subtle.ConstantTimeCompare([]byte(cl.Secret), []byte(secret)) != 1) {
		return client{}, oauthError(http.StatusUnauthorized, "invalid_client", "client authentication failed")
	}
	return cl, err
}

type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
	IDToken      string `json:"id_token,omitempty"`
	Scope        string `json:"scope,omitempty"`
}

// requestToken is the token endpoint: client_credentials, password and refresh_token.
// Failed password attempts are counted and lock the account at the tenant's threshold,
// so the counter is committed even when the grant fails.
func (h *Handler) requestToken(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var resp tokenResponse
	var refused error
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		cl, err := h.authenticateClient(tx, c)
		if err != nil {
			return err
		}
		grant := c.PostForm("grant_type")
		if !slices.Contains(cl.Grants, grant) {
			return oauthError(http.StatusBadRequest, "unauthorized_client", "the client may not use the "+grant+" grant")
		}
		set, err := tenantSettings(tx, tenant)
		if err != nil {
			return err
		}
		g := tokenGrant{h: h, tx: tx, c: c, tenant: tenant, client: cl, set: set, iss: issuer(c.Request)}
		switch grant {
		case "client_credentials":
			resp, refused = g.clientCredentials()
		case "password":
			resp, refused = g.password()
		case "refresh_token":
			resp, refused = g.refresh()
		}
		var ae *apiError
		if refused != nil && !errors.As(refused, &ae) {
			return refused // unexpected: roll back
		}
		return nil
	})
	if err != nil {
		return err
	}
	if refused != nil {
		return refused
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, resp)
	return nil
}

// tokenGrant carries one token request through its grant.
type tokenGrant struct {
	h      *Handler
	tx     *store.Tx
	c      *gin.Context
	tenant string
	client client
	set    settings
	iss    string
}

func (g tokenGrant) scopes() ([]string, error) {
	requested := strings.Fields(g.c.PostForm("scope"))
	if len(requested) == 0 {
		if len(g.client.Scopes) > 0 {
			return g.client.Scopes, nil
		}
		return []string{"identity"}, nil
	}
	for _, s := range requested {
		if len(g.client.Scopes) > 0 && !slices.Contains(g.client.Scopes, s) {
			return nil, oauthError(http.StatusBadRequest, "invalid_scope", "the client may not request scope "+s)
		}
	}
	return requested, nil
}

func (g tokenGrant) clientCredentials() (tokenResponse, error) {
	scope, err := g.scopes()
	if err != nil {
		return tokenResponse{}, err
	}
	return g.issue(g.client.ID, nil, scope, "", time.Time{})
}

func (g tokenGrant) password() (tokenResponse, error) {
	username, pw := g.c.PostForm("username"), g.c.PostForm("password")
	if username == "" || pw == "" {
		return tokenResponse{}, oauthError(http.StatusBadRequest, "invalid_request", "username and password are required")
	}
	scope, err := g.scopes()
	if err != nil {
		return tokenResponse{}, err
	}
	bad := oauthError(http.StatusBadRequest, "invalid_grant", "the username or password is not valid")
	u, err := userByName(g.tx, g.tenant, username)
	if err != nil {
		return tokenResponse{}, bad
	}
	now := g.tx.Now()
	if u.locked(now) {
		return tokenResponse{}, oauthError(http.StatusBadRequest, "invalid_grant", "the account is locked until "+u.LockExpires.Format(time.RFC3339))
	}
	if !platform.PasswordMatches(u.PasswordHash, pw) {
		u.FailedLogins++
		if g.set.LockoutThreshold > 0 && u.FailedLogins >= g.set.LockoutThreshold {
			until := now.Add(time.Duration(g.set.LockoutDuration))
			u.LockExpires, u.FailedLogins = &until, 0
		}
		if err := users.Put(g.tx, g.tenant, u.ID, u); err != nil {
			return tokenResponse{}, err
		}
		return tokenResponse{}, bad
	}
	u.LastLogin, u.FailedLogins, u.LockExpires = &now, 0, nil
	if err := users.Put(g.tx, g.tenant, u.ID, u); err != nil {
		return tokenResponse{}, err
	}
	return g.issue(u.ID, &u, scope, "", now)
}

func (g tokenGrant) refresh() (tokenResponse, error) {
	raw := g.c.PostForm("refresh_token")
	if raw == "" {
		return tokenResponse{}, oauthError(http.StatusBadRequest, "invalid_request", "refresh_token is required")
	}
	grant, err := g.h.tokens.Rotate(g.tx, g.tenant, raw, g.client.ID)
	switch {
	case errors.Is(err, oauth.ErrReusedToken):
		return tokenResponse{}, oauthError(http.StatusBadRequest, "invalid_grant", "the refresh token was already used; its family is revoked")
	case err != nil && isTokenRefusal(err):
		return tokenResponse{}, oauthError(http.StatusBadRequest, "invalid_grant", "the refresh token is not valid")
	case err != nil:
		return tokenResponse{}, err
	}
	u, err := users.Get(g.tx, g.tenant, grant.Subject)
	if err != nil {
		return tokenResponse{}, oauthError(http.StatusBadRequest, "invalid_grant", "the user no longer exists")
	}
	if u.locked(g.tx.Now()) {
		return tokenResponse{}, oauthError(http.StatusBadRequest, "invalid_grant", "the account is locked until "+u.LockExpires.Format(time.RFC3339))
	}
	authTime, _ := grant.Extra["auth_time"].(float64)
	return g.issue(u.ID, &u, grant.Scope, grant.Family, time.Unix(int64(authTime), 0))
}

func isTokenRefusal(err error) bool {
	return errors.Is(err, oauth.ErrInvalidToken) || errors.Is(err, oauth.ErrRevokedToken) ||
		errors.Is(err, oauth.ErrWrongClient) || errors.Is(err, oauth.ErrExpiredToken)
}

// issue signs the access token and, for a user, a rotated refresh token and (with the
// openid scope) an ID token.
func (g tokenGrant) issue(sub string, u *user, scope []string, family string, authTime time.Time) (tokenResponse, error) {
	ttl := time.Duration(g.set.AccessTokenTTL)
	extra := map[string]any{}
	if u != nil {
		extra["auth_time"] = authTime.Unix()
		extra["amr"] = []string{"pwd"}
	}
	at, _, err := g.h.tokens.IssueAccess(g.tx, g.tenant, oauth.Access{
		Issuer: g.iss, Subject: sub, ClientID: g.client.ID, Audience: audience(g.iss),
		Scope: scope, TTL: ttl, Extra: extra,
	})
	if err != nil {
		return tokenResponse{}, err
	}
	resp := tokenResponse{AccessToken: at, TokenType: "Bearer", ExpiresIn: int64(ttl.Seconds()), Scope: strings.Join(scope, " ")}
	if u == nil {
		return resp, nil
	}
	resp.RefreshToken, err = g.h.tokens.IssueRefresh(g.tx, g.tenant, oauth.Grant{
		ClientID: g.client.ID, Subject: u.ID, Username: u.Username, Scope: scope, Family: family,
		Extra: map[string]any{"auth_time": float64(authTime.Unix())},
	}, time.Duration(g.set.RefreshTokenTTL))
	if err != nil {
		return tokenResponse{}, err
	}
	if slices.Contains(scope, "openid") {
		now := g.tx.Now()
		claims := profileClaims(*u)
		claims["iss"], claims["aud"], claims["iat"], claims["exp"] = g.iss, g.client.ID, now.Unix(), now.Add(ttl).Unix()
		claims["auth_time"], claims["at_hash"] = authTime.Unix(), token.HashHalf(token.RS256, at)
		if resp.IDToken, err = g.h.tokens.Sign(g.tx, g.tenant, "JWT", claims); err != nil {
			return tokenResponse{}, err
		}
	}
	return resp, nil
}

// profileClaims are the standard OIDC claims of a user.
func profileClaims(u user) map[string]any {
	m := map[string]any{"sub": u.ID, "preferred_username": u.Username,
		"email_verified": u.EmailVerified, "phone_number_verified": u.PhoneVerified}
	for k, v := range map[string]string{"email": u.Email, "phone_number": u.Phone, "given_name": u.FirstName, "family_name": u.LastName} {
		if v != "" {
			m[k] = v
		}
	}
	return m
}

func (h *Handler) userInfo(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	invalidToken := &apiError{Status: http.StatusUnauthorized,
		Body:   gin.H{"error": "invalid_token", "error_description": "a valid user access token is required"},
		Header: map[string]string{"WWW-Authenticate": `Bearer error="invalid_token"`}}
	raw, ok := bearer(c.GetHeader("Authorization"))
	if !ok {
		return invalidToken
	}
	var out map[string]any
	err := h.deps.Store.View(func(tx *store.Tx) error {
		claims, err := h.tokens.Verify(tx, tenant, raw)
		if err != nil {
			return invalidToken
		}
		sub, _ := claims["sub"].(string)
		u, err := users.Get(tx, tenant, sub)
		if err != nil {
			return invalidToken
		}
		out = profileClaims(u)
		return nil
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// revokeToken (RFC 7009): 200 whether or not the token was known.
func (h *Handler) revokeToken(c *gin.Context) error {
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		cl, err := h.authenticateClient(tx, c)
		if err != nil {
			return err
		}
		return h.tokens.Revoke(tx, platform.TenantOf(c), c.PostForm("token"), c.PostForm("token_type_hint"), cl.ID)
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusOK)
	return nil
}

// introspectToken (RFC 7662) for any authenticated client of the tenant.
func (h *Handler) introspectToken(c *gin.Context) error {
	var out map[string]any
	err := h.deps.Store.View(func(tx *store.Tx) error {
		if _, err := h.authenticateClient(tx, c); err != nil {
			return err
		}
		out = h.tokens.Introspect(tx, platform.TenantOf(c), c.PostForm("token"))
		return nil
	})
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, out)
	return nil
}
