package appid

import (
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/oauth"
	"github.com/idemu/idemu/emulator/store"
)

// App ID's token version: a claim, and a JOSE header field its JavaScript SDK checks.
const tokenVersion = 4

var tokenHeader = map[string]any{"ver": tokenVersion}

// userScopes are the scopes every user token carries.
var userScopes = []string{"openid", "appid_default", "appid_readprofile", "appid_readuserattr", "appid_writeuserattr", "appid_authenticated"}

// tokenSettings is the part of the token configuration the OAuth server applies.
type tokenSettings struct {
	IDTokenClaims     []claimMapping `json:"idTokenClaims"`
	AccessTokenClaims []claimMapping `json:"accessTokenClaims"`
	Access            struct {
		ExpiresIn int `json:"expires_in"`
	} `json:"access"`
	Refresh struct {
		Enabled   bool `json:"enabled"`
		ExpiresIn int  `json:"expires_in"`
	} `json:"refresh"`
	AnonymousAccess struct {
		Enabled   bool `json:"enabled"`
		ExpiresIn int  `json:"expires_in"`
	} `json:"anonymousAccess"`
}

type claimMapping struct {
	Source           string `json:"source"`
	SourceClaim      string `json:"sourceClaim"`
	DestinationClaim string `json:"destinationClaim"`
}

// signIn is who a token is issued to: a user (with a profile) or, for client
// credentials, the application itself.
type signIn struct {
	app       application
	profile   *profile // nil for client credentials
	user      *cdUser  // the Cloud Directory user, when one signed in
	amr       []string
	nonce     string
	loginAt   time.Time // when the user authenticated; refresh tokens inherit it
	noRefresh bool      // client credentials and anonymous sessions get no refresh token
}

// Claims App ID computes itself, which a claim mapping may not replace.
var reservedClaims = []string{"iss", "sub", "aud", "exp", "iat", "nbf", "jti", "tenant", "amr", "scope", "version", "client_id", "azp", "nonce"}

// issueTokens answers a successful grant: an access token, an ID token for users and a
// refresh token when the tenant enables them.
func (h *Handler) issueTokens(c *gin.Context, tx *store.Tx, tenant string, s signIn) (gin.H, error) {
	cfg, err := decodeConfig[tokenSettings](tx, tenant, areaTokens)
	if err != nil {
		return nil, err
	}
	issuer := oauthServerURL(c, tenant)
	ttl := time.Duration(cfg.Access.ExpiresIn) * time.Second
	subject, scopes := s.app.ClientID, []string{"appid_default"}
	var roleIDs []string
	if s.profile != nil {
		subject, scopes, roleIDs = s.profile.ID, slices.Clone(userScopes), s.profile.Roles
		if slices.Contains(s.amr, providerAnonymous) {
			scopes = slices.DeleteFunc(scopes, func(x string) bool { return x == "appid_authenticated" })
			ttl = time.Duration(cfg.AnonymousAccess.ExpiresIn) * time.Second
		}
	} else {
		roleIDs = s.app.Roles
	}
	granted, roleNames, err := roleScopes(tx, tenant, roleIDs, s.app.ClientID, s.profile == nil)
	if err != nil {
		return nil, err
	}
	for _, g := range granted {
		if !slices.Contains(scopes, g) {
			scopes = append(scopes, g)
		}
	}
	extra := map[string]any{"tenant": tenant, "amr": s.amr, "version": tokenVersion, "azp": s.app.ClientID}
	if s.user != nil {
		extra["email_verified"] = s.user.Status == statusConfirmed
	}
	mapClaims(tenant, cfg.AccessTokenClaims, s, roleNames, extra)
	at, _, err := h.tokens.IssueAccess(tx, tenant, oauth.Access{Issuer: issuer, Subject: subject, ClientID: s.app.ClientID,
		Audience: []string{s.app.ClientID}, Scope: scopes, TTL: ttl, Extra: extra, Header: tokenHeader})
	if err != nil {
		return nil, err
	}
	out := gin.H{"access_token": at, "token_type": "Bearer", "expires_in": int(ttl.Seconds()), "scope": strings.Join(scopes, " ")}
	if s.profile == nil {
		return out, nil
	}
	if out["id_token"], err = h.idToken(tx, tenant, issuer, s, ttl, cfg, roleNames); err != nil {
		return nil, err
	}
	if cfg.Refresh.Enabled && !s.noRefresh {
		g := oauth.Grant{ClientID: s.app.ClientID, Subject: s.profile.ID, Scope: scopes,
			Extra: map[string]any{"amr": s.amr, "login_at": s.loginAt.Unix()}}
		if s.user != nil {
			g.Username = s.user.ID
		}
		if out["refresh_token"], err = h.tokens.IssueRefresh(tx, tenant, g, time.Duration(cfg.Refresh.ExpiresIn)*time.Second); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// roleScopes collects the scopes granted by roles: for a user, those on the requesting
// application; for an application (client credentials), all of them.
func roleScopes(tx *store.Tx, tenant string, ids []string, clientID string, allApps bool) ([]string, []string, error) {
	var scopes, names []string
	for _, id := range ids {
		r, err := roles.Get(tx, tenant, id)
		if isMissing(err) {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		names = append(names, r.Name)
		for _, a := range r.Access {
			if allApps || a.ApplicationID == clientID {
				scopes = append(scopes, a.Scopes...)
			}
		}
	}
	return scopes, names, nil
}

func (h *Handler) idToken(tx *store.Tx, tenant, issuer string, s signIn, ttl time.Duration, cfg tokenSettings, roleNames []string) (string, error) {
	now := tx.Now()
	claims := map[string]any{"iss": issuer, "aud": []string{s.app.ClientID}, "exp": now.Add(ttl).Unix(), "iat": now.Unix(),
		"tenant": tenant, "sub": s.profile.ID, "amr": s.amr, "version": tokenVersion, "azp": s.app.ClientID}
	ids := make([]any, 0, len(s.profile.Identities))
	for _, i := range s.profile.Identities {
		ids = append(ids, map[string]any{"provider": i.Provider, "id": i.ID})
	}
	claims["identities"] = ids
	if s.user != nil {
		claims["email"], claims["name"] = s.user.primaryEmail(), displayNameOf(*s.user)
		if s.user.UserName != "" {
			claims["preferred_username"] = s.user.UserName
		}
		if s.user.Name != nil {
			if s.user.Name.GivenName != "" {
				claims["given_name"] = s.user.Name.GivenName
			}
			if s.user.Name.FamilyName != "" {
				claims["family_name"] = s.user.Name.FamilyName
			}
		}
	}
	if s.nonce != "" {
		claims["nonce"] = s.nonce
	}
	mapClaims(tenant, cfg.IDTokenClaims, s, roleNames, claims)
	return h.tokens.SignWithHeaders(tx, tenant, "JWT", tokenHeader, claims)
}

// mapClaims adds the tenant's custom claims: profile attributes, Cloud Directory
// fields or role names, under their destination names.
func mapClaims(tenant string, mappings []claimMapping, s signIn, roleNames []string, claims map[string]any) {
	for _, m := range mappings {
		dest := m.DestinationClaim
		if dest == "" {
			dest = m.SourceClaim
		}
		var v any
		switch m.Source {
		case "roles":
			if dest == "" {
				dest = "roles"
			}
			v = roleNames
		case "attributes":
			if s.profile != nil {
				v = s.profile.Attributes[m.SourceClaim]
			}
		case providerCloudDirectory:
			if s.user != nil {
				v = scimView(tenant, *s.user)[m.SourceClaim]
			}
		}
		if v == nil || dest == "" || slices.Contains(reservedClaims, dest) {
			continue
		}
		claims[dest] = v
	}
}
