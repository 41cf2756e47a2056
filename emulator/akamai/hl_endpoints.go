package akamai

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/emulator/token"
)

// --- introspection and revocation -----------------------------------------------------

// introspectHostedLoginToken answers RFC 7662 for access, refresh and administrative
// tokens to any confidential client of the customer.
func (h *Handler) introspectHostedLoginToken(c *gin.Context, x *call) (int, any, error) {
	form, err := tokenForm(c)
	if err != nil {
		return 0, nil, err
	}
	var out gin.H
	err = h.deps.Store.View(func(tx *store.Tx) error {
		if _, err := oidcClientAuth(tx, c, x.app, form, false); err != nil {
			return err
		}
		raw := form.Get("token")
		if raw == "" {
			return oauthErr(http.StatusBadRequest, "invalid_request", "token is required")
		}
		out = h.introspect(tx, x, raw)
		return nil
	})
	return http.StatusOK, out, err
}

func (h *Handler) introspect(tx *store.Tx, x *call, raw string) gin.H {
	if tok, err := adminTokens.Get(tx, x.app, tokenHash(raw)); err == nil {
		return gin.H{"active": true, "scope": strings.Join(tok.Scope, " "), "client_id": tok.ClientID, "token_type": "Bearer",
			"iat": tok.IssuedAt.Unix(), "exp": tok.Expires.Unix(), "iss": x.issuer()}
	}
	if _, rec, ok := h.lookupAccess(tx, x.app, raw); ok {
		out := gin.H{"active": true, "scope": strings.Join(rec.Auth.Scopes, " "), "client_id": rec.ClientID, "token_type": "Bearer",
			"iat": rec.IssuedAt.Unix(), "exp": rec.Expires.Unix(), "aud": rec.Audience, "iss": x.issuer()}
		if rec.Auth.Subject != "" {
			out["sub"] = rec.Auth.Subject
		}
		return out
	}
	if isJWT(raw) {
		return gin.H{"active": false}
	}
	info := h.oauth.Introspect(tx, x.app, raw)
	if info["active"] != true {
		return gin.H{"active": false}
	}
	return gin.H{"active": true, "scope": info["scope"], "client_id": info["client_id"], "token_type": "refresh_token",
		"iat": info["iat"], "exp": info["exp"], "sub": info["sub"], "aud": []string{info["client_id"].(string)}, "iss": x.issuer()}
}

// revokeHostedLoginToken revokes an access token, or a refresh token with its family and
// the access token issued beside it. A token of another client, or no token at all, is
// left alone and still answers 200 (RFC 7009).
func (h *Handler) revokeHostedLoginToken(c *gin.Context, x *call) (int, any, error) {
	form, err := tokenForm(c)
	if err != nil {
		return 0, nil, err
	}
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		cl, err := oidcClientAuth(tx, c, x.app, form, true)
		if err != nil {
			return err
		}
		raw := form.Get("token")
		if raw == "" {
			return oauthErr(http.StatusBadRequest, "invalid_request", "token is required")
		}
		if key, rec, ok := h.lookupAccess(tx, x.app, raw); ok {
			if rec.ClientID != cl.ID {
				return nil
			}
			return hlAccess.Delete(tx, x.app, key)
		}
		if info := h.oauth.Introspect(tx, x.app, raw); info["active"] != true || info["client_id"] != cl.ID {
			return nil
		}
		if err := h.oauth.Revoke(tx, x.app, raw, "refresh_token", cl.ID); err != nil {
			return err
		}
		key, err := hlRefreshAccess.Get(tx, x.app, tokenHash(raw))
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := hlAccess.Delete(tx, x.app, key); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		return nil
	})
	return http.StatusOK, nil, err
}

// --- discovery, keys and userinfo -----------------------------------------------------

func (h *Handler) getHostedLoginDiscovery(_ *gin.Context, x *call) (int, any, error) {
	root := x.base + "/" + x.customer
	doc := token.Discovery(token.DiscoveryOptions{
		Issuer: x.issuer(),
		Endpoints: token.Endpoints{Authorization: root + "/login/authorize", Token: root + "/login/token",
			UserInfo: root + "/profiles/oidc/userinfo", JWKS: root + "/login/jwk",
			Revocation: root + "/login/token/revoke", Introspection: root + "/login/token/introspect"},
		GrantTypes: knownGrantTypes, ResponseTypes: knownResponseTypes, Scopes: hostedLoginScopes,
		Claims:      []string{"sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "c_hash", "name", "given_name", "family_name", "middle_name", "preferred_username", "gender", "birthdate", "updated_at", "email", "email_verified", "phone_number", "address"},
		AuthMethods: []string{"client_secret_basic", "client_secret_post", "none"},
		SigningAlg:  token.RS256,
	})
	doc["code_challenge_methods_supported"] = []string{"S256"}
	doc["response_modes_supported"] = []string{"query", "fragment"}
	doc["claims_parameter_supported"] = true
	doc["introspection_endpoint_auth_methods_supported"] = []string{"client_secret_basic", "client_secret_post"}
	return http.StatusOK, doc, nil
}

func (h *Handler) getHostedLoginJWKS(_ *gin.Context, x *call) (int, any, error) {
	var out any
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		ks, err := h.oauth.JWKS(tx, x.app)
		out = ks
		return err
	})
	return http.StatusOK, out, err
}

// getHostedLoginUserinfo answers the claims of a user access token: the standard claims
// of its scopes and the login policy's userinfo custom claims.
func (h *Handler) getHostedLoginUserinfo(c *gin.Context, x *call) (int, any, error) {
	raw, ok := bearer(c)
	invalid := &hostError{Status: http.StatusUnauthorized, Body: gin.H{"error": "invalid_token", "error_description": "the access token is missing, expired or revoked"},
		Header: map[string]string{"WWW-Authenticate": `Bearer error="invalid_token"`}}
	var out map[string]any
	err := h.deps.Store.View(func(tx *store.Tx) error {
		if !ok {
			return invalid
		}
		_, rec, found := h.lookupAccess(tx, x.app, raw)
		if !found || rec.Auth.Subject == "" {
			return invalid
		}
		if !slices.Contains(rec.Auth.Scopes, "openid") {
			return &hostError{Status: http.StatusForbidden, Body: gin.H{"error": "insufficient_scope", "error_description": "the token was not granted openid"},
				Header: map[string]string{"WWW-Authenticate": `Bearer error="insufficient_scope"`}}
		}
		cl, err := oidcClients.Get(tx, x.app, rec.ClientID)
		if err != nil {
			return invalid
		}
		lp, err := loginPolicies.Get(tx, x.app, cl.LoginPolicy)
		if err != nil {
			return invalid
		}
		et, doc, err := h.hlUser(tx, x.app, rec.Auth)
		if err != nil {
			return invalid
		}
		out = releasedClaims(et, doc.Attrs, rec.Auth, lp, true)
		out["sub"] = rec.Auth.Subject
		return nil
	})
	return http.StatusOK, out, err
}
