package akamai

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/oauth"
	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/emulator/token"
)

// hlAccessToken is an issued Hosted Login access token. JWT access tokens are kept by
// their jti, opaque ones by the SHA-256 of their value; revoking one deletes its record.
type hlAccessToken struct {
	ClientID string    `json:"client_id"`
	Auth     hlAuth    `json:"auth"`
	Audience []string  `json:"aud"`
	IssuedAt time.Time `json:"iat"`
	Expires  time.Time `json:"exp"`
}

var hlAccess = store.Collection[hlAccessToken]{Name: "hl-access"}

// hlRefreshAccess links a refresh token (by hash) to the access token issued with it:
// revoking the refresh token revokes that access token too, as documented.
var hlRefreshAccess = store.Collection[string]{Name: "hl-refresh-access"}

func jwtKey(jti string) string    { return "j." + jti }
func opaqueKey(raw string) string { return "o." + tokenHash(raw) }

func isJWT(raw string) bool { return strings.Count(raw, ".") == 2 }

func (x *call) issuer() string { return x.base + "/" + x.customer + "/login" }

// lookupAccess finds a live access token: a JWT that verifies against the customer's keys
// and still has its record, or a known opaque value.
func (h *Handler) lookupAccess(tx *store.Tx, app, raw string) (string, hlAccessToken, bool) {
	key := opaqueKey(raw)
	if isJWT(raw) {
		claims, err := h.oauth.Verify(tx, app, raw)
		if err != nil {
			return "", hlAccessToken{}, false
		}
		jti, _ := claims["jti"].(string)
		key = jwtKey(jti)
	}
	rec, err := hlAccess.Get(tx, app, key)
	return key, rec, err == nil
}

// issued is a token response in the making.
type issued map[string]any

// issueAccess signs or stores an access token for an authorization under a token
// policy: a JWT when the policy says useAccessJWT, else an opaque value.
func (h *Handler) issueAccess(tx *store.Tx, x *call, tp tokenPolicy, auth hlAuth) (string, string, error) {
	ttl := time.Duration(tp.AccessTTL) * time.Second
	aud := []string{auth.ClientID}
	if auth.Resource != "" {
		aud = append(aud, auth.Resource)
	}
	rec := hlAccessToken{ClientID: auth.ClientID, Auth: auth, Audience: aud, IssuedAt: tx.Now(), Expires: tx.Now().Add(ttl)}
	if !tp.UseAccessJWT {
		raw := token.Opaque(48)
		return raw, opaqueKey(raw), hlAccess.PutTTL(tx, x.app, opaqueKey(raw), rec, rec.Expires)
	}
	subject := auth.Subject
	if subject == "" {
		subject = auth.ClientID // a client_credentials token is about the client itself
	}
	raw, claims, err := h.oauth.IssueAccess(tx, x.app, oauth.Access{Issuer: x.issuer(), Subject: subject, ClientID: auth.ClientID,
		Audience: aud, Scope: auth.Scopes, TTL: ttl})
	if err != nil {
		return "", "", err
	}
	jti, _ := claims["jti"].(string)
	return raw, jwtKey(jti), hlAccess.PutTTL(tx, x.app, jwtKey(jti), rec, rec.Expires)
}

// issueIDToken signs an identity token with the user's claims.
func (h *Handler) issueIDToken(tx *store.Tx, x *call, tp tokenPolicy, lp loginPolicy, auth hlAuth, hashes map[string]string) (string, error) {
	et, doc, err := h.hlUser(tx, x.app, auth)
	if err != nil {
		return "", err
	}
	now := tx.Now()
	claims := releasedClaims(et, doc.Attrs, auth, lp, false)
	for k, v := range map[string]any{"iss": x.issuer(), "sub": auth.Subject, "aud": auth.ClientID, "iat": now.Unix(),
		"exp": now.Add(time.Duration(tp.AccessTTL) * time.Second).Unix(), "auth_time": auth.AuthTime.Unix(), "jti": token.Opaque(16)} {
		claims[k] = v
	}
	if auth.Nonce != "" {
		claims["nonce"] = auth.Nonce
	}
	for k, v := range hashes {
		claims[k] = token.HashHalf(token.RS256, v)
	}
	return h.oauth.Sign(tx, x.app, "JWT", claims)
}

// issueTokens answers a code or refresh token exchange: an access token, a refresh token
// when the token policy allows the refresh_token grant, and an identity token when openid
// was granted. family continues a refresh token family ("" starts one).
func (h *Handler) issueTokens(tx *store.Tx, x *call, cl oidcClient, tp tokenPolicy, auth hlAuth, family string) (issued, error) {
	access, accessKey, err := h.issueAccess(tx, x, tp, auth)
	if err != nil {
		return nil, err
	}
	out := issued{"access_token": access, "token_type": "Bearer", "expires_in": tp.AccessTTL, "scope": strings.Join(auth.Scopes, " ")}
	if slices.Contains(tp.GrantTypes, "refresh_token") {
		extra := map[string]any{}
		raw, _ := json.Marshal(auth)
		_ = json.Unmarshal(raw, &extra)
		refresh, err := h.oauth.IssueRefresh(tx, x.app, oauth.Grant{ClientID: cl.ID, Subject: auth.Subject, Scope: auth.Scopes,
			Family: family, Extra: extra}, time.Duration(tp.RefreshTTL)*time.Second)
		if err != nil {
			return nil, err
		}
		if err := hlRefreshAccess.PutTTL(tx, x.app, tokenHash(refresh), accessKey, tx.Now().Add(time.Duration(tp.RefreshTTL)*time.Second)); err != nil {
			return nil, err
		}
		out["refresh_token"] = refresh
	}
	if slices.Contains(auth.Scopes, "openid") {
		lp, err := getLoginPolicy(tx, x.app, cl.LoginPolicy)
		if err != nil {
			return nil, err
		}
		id, err := h.issueIDToken(tx, x, tp, lp, auth, map[string]string{"at_hash": access})
		if err != nil {
			return nil, err
		}
		out["id_token"] = id
	}
	return out, nil
}

// --- the token endpoint ---------------------------------------------------------------

// tokenForm reads the token endpoint's form body.
func tokenForm(c *gin.Context) (url.Values, error) {
	if err := c.Request.ParseForm(); err != nil {
		return nil, oauthErr(http.StatusBadRequest, "invalid_request", "the body must be a form")
	}
	return c.Request.PostForm, nil
}

// oidcClientAuth authenticates a client at the token, introspection and revocation
// endpoints: HTTP Basic or client_id and client_secret in the form (confidential
// clients), or client_id alone (public clients, when publicOK).
func oidcClientAuth(tx *store.Tx, c *gin.Context, app string, form url.Values, publicOK bool) (oidcClient, error) {
	id, secret, basic := c.Request.BasicAuth()
	if !basic {
		id, secret = form.Get("client_id"), form.Get("client_secret")
	}
	unauthorized := &hostError{Status: http.StatusUnauthorized, Body: gin.H{"error": "invalid_client",
		"error_description": "client authentication failed"}, Header: map[string]string{"WWW-Authenticate": `Basic realm="hosted-login"`}}
	if id == "" {
		return oidcClient{}, unauthorized
	}
	cl, err := oidcClients.Get(tx, app, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return oidcClient{}, unauthorized
	}
	if err != nil {
		return oidcClient{}, err
	}
	if cl.Type == clientPublic {
		if !publicOK || basic || secret != "" {
			return oidcClient{}, unauthorized
		}
		return cl, nil
	}
	if subtle.ConstantTimeCompare([]byte(cl.Secret), []byte(secret)) != 1 {
		return oidcClient{}, unauthorized
	}
	return cl, nil
}

func (h *Handler) hostedLoginToken(c *gin.Context, x *call) (int, any, error) {
	form, err := tokenForm(c)
	if err != nil {
		return 0, nil, err
	}
	grant := form.Get("grant_type")
	switch {
	case grant == "":
		return 0, nil, oauthErr(http.StatusBadRequest, "invalid_request", "grant_type is required")
	case !slices.Contains(knownGrantTypes, grant) || grant == "implicit":
		return 0, nil, oauthErr(http.StatusBadRequest, "unsupported_grant_type", "grant_type "+grant+" is not supported")
	}
	var out issued
	var failure error
	// An OAuth failure is kept apart from the transaction's error so that what the
	// exchange did (a reused refresh token revokes its family) is committed. The grants
	// check everything before they write anything else.
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		cl, err := oidcClientAuth(tx, c, x.app, form, true)
		if err != nil {
			failure = err
			return nil
		}
		switch grant {
		case "client_credentials":
			out, err = h.clientCredentialsGrant(tx, x, cl, form)
		case "authorization_code":
			out, err = h.codeGrant(tx, x, cl, form)
		default:
			out, err = h.refreshGrant(tx, x, cl, form)
		}
		var he *hostError
		if errors.As(err, &he) {
			failure = he
			return nil
		}
		return err
	})
	if err == nil {
		err = failure
	}
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

func badGrant(desc string) *hostError { return oauthErr(http.StatusBadRequest, "invalid_grant", desc) }

// clientPolicy is the token policy of a login client, which must allow the grant.
func clientPolicy(tx *store.Tx, app string, cl oidcClient, grant string) (tokenPolicy, error) {
	if cl.isConfig() {
		return tokenPolicy{}, oauthErr(http.StatusBadRequest, "unauthorized_client", "a configuration client only has the client_credentials grant")
	}
	tp, err := tokenPolicies.Get(tx, app, cl.TokenPolicy)
	if err != nil {
		return tokenPolicy{}, err
	}
	if !slices.Contains(tp.GrantTypes, grant) {
		return tokenPolicy{}, oauthErr(http.StatusBadRequest, "unauthorized_client", "the client's token policy does not allow the "+grant+" grant")
	}
	return tp, nil
}

// clientCredentialsGrant answers the client_credentials grant: a configuration client gets an
// administrative token; a confidential login client whose token policy allows the grant
// gets an access token about itself.
func (h *Handler) clientCredentialsGrant(tx *store.Tx, x *call, cl oidcClient, form url.Values) (issued, error) {
	if cl.Type != clientConfidential {
		return nil, oauthErr(http.StatusBadRequest, "unauthorized_client", "public clients cannot use the client_credentials grant")
	}
	requested := strings.Fields(form.Get("scope"))
	if cl.isConfig() {
		if len(requested) == 0 {
			requested = []string{scopeConfig}
		}
		for _, s := range requested {
			if !slices.Contains(adminScopes, s) {
				return nil, oauthErr(http.StatusBadRequest, "invalid_scope", "scope "+s+" is not an administrative scope")
			}
		}
		raw := token.Opaque(48)
		tok := adminToken{ClientID: cl.ID, Scope: requested, IssuedAt: tx.Now(), Expires: tx.Now().Add(adminTokenTTL)}
		if err := adminTokens.PutTTL(tx, x.app, tokenHash(raw), tok, tok.Expires); err != nil {
			return nil, err
		}
		return issued{"access_token": raw, "token_type": "Bearer", "expires_in": int(adminTokenTTL.Seconds()), "scope": strings.Join(requested, " ")}, nil
	}
	tp, err := clientPolicy(tx, x.app, cl, "client_credentials")
	if err != nil {
		return nil, err
	}
	var scopes []string
	for _, s := range requested {
		if s == "openid" || !slices.Contains(tp.Scopes, s) {
			return nil, oauthErr(http.StatusBadRequest, "invalid_scope", "scope "+s+" is not allowed for a client's own token")
		}
		scopes = append(scopes, s)
	}
	access, _, err := h.issueAccess(tx, x, tp, hlAuth{ClientID: cl.ID, Scopes: scopes, AuthTime: tx.Now()})
	if err != nil {
		return nil, err
	}
	return issued{"access_token": access, "token_type": "Bearer", "expires_in": tp.AccessTTL, "scope": strings.Join(scopes, " ")}, nil
}

// hlCode is an authorization code from the authorization endpoint.
type hlCode struct {
	Auth        hlAuth `json:"auth"`
	RedirectURI string `json:"redirect_uri"`
	Challenge   string `json:"code_challenge,omitempty"`
}

var hlCodes = store.Collection[hlCode]{Name: "hl-codes"}

// hlCodeTTL: how long an authorization code can be exchanged (idemu's choice).
const hlCodeTTL = 5 * time.Minute

func pkceChallenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func (h *Handler) codeGrant(tx *store.Tx, x *call, cl oidcClient, form url.Values) (issued, error) {
	raw := form.Get("code")
	if raw == "" {
		return nil, oauthErr(http.StatusBadRequest, "invalid_request", "code is required")
	}
	tp, err := clientPolicy(tx, x.app, cl, "authorization_code")
	if err != nil {
		return nil, err
	}
	code, err := hlCodes.Get(tx, x.app, tokenHash(raw))
	if errors.Is(err, store.ErrNotFound) {
		return nil, badGrant("the authorization code is unknown, used or expired")
	}
	if err != nil {
		return nil, err
	}
	switch {
	case code.Auth.ClientID != cl.ID:
		return nil, badGrant("the authorization code was issued to another client")
	case form.Get("redirect_uri") != code.RedirectURI:
		return nil, badGrant("redirect_uri does not match the authorization request's")
	case code.Challenge != "" && form.Get("code_verifier") == "":
		return nil, oauthErr(http.StatusBadRequest, "invalid_request", "code_verifier is required")
	case code.Challenge != "" && subtle.ConstantTimeCompare([]byte(pkceChallenge(form.Get("code_verifier"))), []byte(code.Challenge)) != 1:
		return nil, badGrant("code_verifier does not match the code challenge")
	}
	if err := hlCodes.Delete(tx, x.app, tokenHash(raw)); err != nil {
		return nil, err
	}
	if _, _, err := h.hlUser(tx, x.app, code.Auth); err != nil {
		return nil, badGrant("the user no longer exists")
	}
	return h.issueTokens(tx, x, cl, tp, code.Auth, "")
}

func (h *Handler) refreshGrant(tx *store.Tx, x *call, cl oidcClient, form url.Values) (issued, error) {
	raw := form.Get("refresh_token")
	if raw == "" {
		return nil, oauthErr(http.StatusBadRequest, "invalid_request", "refresh_token is required")
	}
	tp, err := clientPolicy(tx, x.app, cl, "refresh_token")
	if err != nil {
		return nil, err
	}
	g, err := h.oauth.Rotate(tx, x.app, raw, cl.ID)
	switch {
	case errors.Is(err, oauth.ErrReusedToken):
		return nil, badGrant("the refresh token was already used; its family is revoked")
	case errors.Is(err, oauth.ErrInvalidToken), errors.Is(err, oauth.ErrRevokedToken), errors.Is(err, oauth.ErrWrongClient):
		return nil, badGrant("the refresh token is unknown, revoked, expired or another client's")
	case err != nil:
		return nil, err
	}
	var auth hlAuth
	b, _ := json.Marshal(g.Extra)
	if err := json.Unmarshal(b, &auth); err != nil {
		return nil, err
	}
	if scope := strings.Fields(form.Get("scope")); len(scope) > 0 {
		for _, s := range scope {
			if !slices.Contains(auth.Scopes, s) {
				return nil, oauthErr(http.StatusBadRequest, "invalid_scope", "scope "+s+" was not granted")
			}
		}
		auth.Scopes = scope
	}
	if _, _, err := h.hlUser(tx, x.app, auth); err != nil {
		return nil, badGrant("the user no longer exists")
	}
	return h.issueTokens(tx, x, cl, tp, auth, g.Family)
}
