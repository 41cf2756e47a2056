package appid

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/oauth"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/emulator/token"
)

// Grant types of App ID's token endpoint.
const (
	grantAuthorizationCode = "authorization_code"
	grantPassword          = "password"
	grantClientCredentials = "client_credentials"
	grantRefreshToken      = "refresh_token"
	grantJWTBearer         = "urn:ietf:params:oauth:grant-type:jwt-bearer"
)

// discovery is the tenant's OpenID configuration, with App ID's extra endpoints.
func (h *Handler) discovery(c *gin.Context) error {
	tenant := tenantOf(c)
	issuer := oauthServerURL(c, tenant)
	doc := token.Discovery(token.DiscoveryOptions{
		Issuer: issuer,
		Endpoints: token.Endpoints{Authorization: issuer + "/authorization", Token: issuer + "/token",
			UserInfo: issuer + "/userinfo", JWKS: issuer + "/publickeys",
			Introspection: issuer + "/introspect", Revocation: issuer + "/revoke"},
		GrantTypes:    []string{grantAuthorizationCode, grantPassword, grantRefreshToken, grantClientCredentials, grantJWTBearer},
		ResponseTypes: []string{"code"},
		Scopes:        []string{"openid"},
		Claims:        []string{"iss", "aud", "exp", "tenant", "iat", "sub", "nonce", "amr", "oauth_client"},
		AuthMethods:   []string{"client_secret_basic"},
	})
	doc["profiles_endpoint"] = platform.BaseURL(c.Request)
	doc["management_endpoint"] = platform.BaseURL(c.Request) + "/management/v4/" + tenant
	doc["service_documentation"] = "https://cloud.ibm.com/docs/appid"
	c.JSON(http.StatusOK, doc)
	return nil
}

func (h *Handler) publicKeys(c *gin.Context) error {
	var body any
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		ks, err := h.tokens.JWKS(tx, tenantOf(c))
		body = ks
		return err
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, body)
	return nil
}

// clientCredentials reads the client from HTTP Basic or the form.
func clientCredentials(c *gin.Context) (id, secret string) {
	if id, secret, ok := c.Request.BasicAuth(); ok {
		return id, secret
	}
	return c.Request.PostForm.Get("client_id"), c.Request.PostForm.Get("client_secret")
}

// authenticateClient checks an application's credentials. A single-page app has no
// secret: what it sends in the secret's place (its PKCE verifier) is checked by the
// grant instead.
func authenticateClient(tx *store.Tx, tenant, id, secret string) (application, error) {
	if id == "" {
		return application{}, oauthError(http.StatusUnauthorized, "invalid_client", "client authentication is required")
	}
	app, err := applications.Get(tx, tenant, id)
	if isMissing(err) {
		return app, oauthError(http.StatusUnauthorized, "invalid_client", "unknown client")
	}
	if err != nil {
		return app, err
	}
	if app.Type != appSinglePage && subtle.ConstantTimeCompare([]byte(secret), []byte(app.Secret)) != 1 {
		return app, oauthError(http.StatusUnauthorized, "invalid_client", "the client credentials are not valid")
	}
	return app, nil
}

// oauthToken is the token endpoint. Failures that must stick (a failed sign-in
// counting towards a lockout) are committed before the error is answered.
func (h *Handler) oauthToken(c *gin.Context) error {
	if err := c.Request.ParseForm(); err != nil {
		return oauthError(http.StatusBadRequest, "invalid_request", "the body must be a form")
	}
	form := c.Request.PostForm
	tenant := tenantOf(c)
	id, secret := clientCredentials(c)
	var out gin.H
	var refused error
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		app, err := authenticateClient(tx, tenant, id, secret)
		if err != nil {
			return err
		}
		var s signIn
		switch grant := form.Get("grant_type"); grant {
		case grantPassword:
			u, err := h.checkCredentials(tx, tenant, form.Get("username"), form.Get("password"))
			if err != nil {
				var ae *apiError
				if errors.As(err, &ae) {
					refused = err
					return nil
				}
				return err
			}
			s, err = userSignIn(tx, tenant, app, u)
			if err != nil {
				return err
			}
		case grantClientCredentials:
			if app.Type == appSinglePage {
				return oauthError(http.StatusBadRequest, "unauthorized_client", "a single-page application cannot use client credentials")
			}
			s = signIn{app: app, amr: []string{"appid_client_credentials"}, noRefresh: true}
		case grantAuthorizationCode:
			if s, err = h.redeemCode(tx, tenant, app, form.Get("code"), form.Get("redirect_uri"), codeVerifier(app, secret, form.Get("code_verifier"))); err != nil {
				return err
			}
		case grantRefreshToken:
			if s, err = h.refreshSignIn(tx, tenant, app, form.Get("refresh_token")); err != nil {
				return err
			}
		case grantJWTBearer:
			if s, err = h.assertionSignIn(c, tx, tenant, app, form.Get("assertion")); err != nil {
				return err
			}
		case "":
			return oauthError(http.StatusBadRequest, "invalid_request", "grant_type is required")
		default:
			return oauthError(http.StatusBadRequest, "unsupported_grant_type", "grant_type "+grant+" is not supported")
		}
		out, err = h.issueTokens(c, tx, tenant, s)
		return err
	})
	if err != nil {
		return err
	}
	if refused != nil {
		return refused
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, out)
	return nil
}

// codeVerifier is the PKCE verifier: a single-page app sends it as its Basic password.
func codeVerifier(app application, secret, form string) string {
	if form == "" && app.Type == appSinglePage {
		return secret
	}
	return form
}

// userSignIn builds the sign-in of a Cloud Directory user, creating the profile on
// first sign-in.
func userSignIn(tx *store.Tx, tenant string, app application, u cdUser) (signIn, error) {
	p, err := ensureProfile(tx, tenant, providerCloudDirectory, u.ID, u.primaryEmail())
	if err != nil {
		return signIn{}, err
	}
	return signIn{app: app, profile: &p, user: &u, amr: []string{providerCloudDirectory}, loginAt: tx.Now()}, nil
}

// refreshSignIn spends a refresh token (App ID rotates them) and signs its user in
// again, unless the user's refresh tokens were revoked after it was first issued.
func (h *Handler) refreshSignIn(tx *store.Tx, tenant string, app application, raw string) (signIn, error) {
	invalid := oauthError(http.StatusBadRequest, "invalid_grant", "the refresh token is not valid")
	if raw == "" {
		return signIn{}, oauthError(http.StatusBadRequest, "invalid_request", "refresh_token is required")
	}
	g, err := h.tokens.Rotate(tx, tenant, raw, app.ClientID)
	if err != nil {
		return signIn{}, invalid
	}
	p, err := profiles.Get(tx, tenant, g.Subject)
	if err != nil {
		return signIn{}, invalid
	}
	loginAt := time.Unix(int64(number(g.Extra["login_at"])), 0)
	if !p.RefreshRevokedAt.IsZero() && !loginAt.After(p.RefreshRevokedAt) {
		return signIn{}, invalid
	}
	s := signIn{app: app, profile: &p, amr: stringList(g.Extra["amr"]), loginAt: loginAt}
	if g.Username != "" {
		u, err := cdUsers.Get(tx, tenant, g.Username)
		if err != nil {
			return signIn{}, invalid
		}
		s.user = &u
	}
	return s, nil
}

func number(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int64:
		return float64(n)
	case int:
		return float64(n)
	}
	return 0
}

func stringList(v any) []string {
	items, _ := v.([]any)
	out := make([]string, 0, len(items))
	for _, it := range items {
		if s, ok := it.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// introspect answers whether a token is active, as App ID does: {"active": bool}.
func (h *Handler) introspect(c *gin.Context) error {
	if err := c.Request.ParseForm(); err != nil {
		return oauthError(http.StatusBadRequest, "invalid_request", "the body must be a form")
	}
	raw := c.Request.PostForm.Get("token")
	tenant := tenantOf(c)
	active := false
	err := h.deps.Store.View(func(tx *store.Tx) error {
		id, secret := clientCredentials(c)
		if _, err := authenticateClient(tx, tenant, id, secret); err != nil {
			return err
		}
		if raw == "" {
			return oauthError(http.StatusBadRequest, "invalid_request", "token is required")
		}
		res := h.tokens.Introspect(tx, tenant, raw)
		active, _ = res["active"].(bool)
		if active && res["token_type"] == "refresh_token" {
			sub, _ := res["sub"].(string)
			issued := time.Unix(int64(number(res["iat"])), 0)
			if p, err := profiles.Get(tx, tenant, sub); err != nil || (!p.RefreshRevokedAt.IsZero() && !issued.After(p.RefreshRevokedAt)) {
				active = false // the user is gone, or their refresh tokens were revoked since
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"active": active})
	return nil
}

// revoke revokes a refresh token (RFC 7009): unknown tokens are not an error.
func (h *Handler) revoke(c *gin.Context) error {
	if err := c.Request.ParseForm(); err != nil {
		return oauthError(http.StatusBadRequest, "invalid_request", "the body must be a form")
	}
	raw := c.Request.PostForm.Get("token")
	tenant := tenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		id, secret := clientCredentials(c)
		app, err := authenticateClient(tx, tenant, id, secret)
		if err != nil {
			return err
		}
		if raw == "" {
			return oauthError(http.StatusBadRequest, "invalid_request", "token is required")
		}
		return h.tokens.Revoke(tx, tenant, raw, c.Request.PostForm.Get("token_type_hint"), app.ClientID)
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusOK)
	return nil
}

// userInfo answers the signed-in user's claims for a user access token of the tenant.
func (h *Handler) userInfo(c *gin.Context) error {
	raw, ok := bearer(c.GetHeader("Authorization"))
	if !ok {
		return bearerError(http.StatusUnauthorized, "invalid_token", "an access token is required")
	}
	tenant := tenantOf(c)
	var out gin.H
	err := h.deps.Store.View(func(tx *store.Tx) error {
		claims, err := h.tokens.Verify(tx, tenant, raw)
		if errors.Is(err, oauth.ErrInvalidToken) || errors.Is(err, oauth.ErrExpiredToken) || errors.Is(err, oauth.ErrRevokedToken) {
			return bearerError(http.StatusUnauthorized, "invalid_token", "the access token is not valid")
		}
		if err != nil {
			return err
		}
		scope, _ := claims["scope"].(string)
		if !strings.Contains(" "+scope+" ", " openid ") {
			return bearerError(http.StatusForbidden, "insufficient_scope", "the access token has no openid scope")
		}
		sub, _ := claims["sub"].(string)
		p, err := profiles.Get(tx, tenant, sub)
		if isMissing(err) {
			return bearerError(http.StatusUnauthorized, "invalid_token", "the user of the access token no longer exists")
		}
		if err != nil {
			return err
		}
		view, err := profileView(tx, tenant, p)
		if err != nil {
			return err
		}
		out = gin.H{"sub": p.ID, "identities": view["identities"]}
		for _, k := range []string{"name", "email", "picture"} {
			if v, ok := view[k]; ok {
				out[k] = v
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// bearerError is a protected resource's OAuth error, with its WWW-Authenticate.
func bearerError(status int, code, desc string) *apiError {
	e := oauthError(status, code, desc)
	e.Header = map[string]string{"WWW-Authenticate": `Bearer scope="openid", error="` + code + `"`}
	return e
}
