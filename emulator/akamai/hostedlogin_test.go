package akamai

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/token"
)

var defaultCustomer = defaultCustomerID("default")

func hl(path string) string { return "/" + defaultCustomer + path }

// tokenForm posts a form to the Hosted Login token endpoint with HTTP Basic credentials
// (none when user is "").
func (x *harness) tokenForm(path, user, password string, form url.Values) reply {
	x.tb.Helper()
	req := httptest.NewRequest(http.MethodPost, hl(path), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if user != "" {
		req.SetBasicAuth(user, password)
	}
	return x.do(req)
}

// adminToken gets an administrative token for the seeded configuration client.
func (x *harness) adminToken(scope string) string {
	x.tb.Helper()
	r := x.tokenForm("/login/token", DefaultConfigClientID, DefaultConfigClientSecret,
		url.Values{"grant_type": {"client_credentials"}, "scope": {scope}}).is(x.tb, http.StatusOK)
	require.Equal(x.tb, "Bearer", r.body["token_type"])
	require.Equal(x.tb, 3600.0, r.body["expires_in"])
	return r.body["access_token"].(string)
}

func TestHostedLoginDiscoveryAndKeys(t *testing.T) {
	x := newHarness(t)
	d := x.jsonCall(http.MethodGet, hl("/login/.well-known/openid-configuration"), "", nil).is(t, http.StatusOK)
	require.Equal(t, "http://example.com/"+defaultCustomer+"/login", d.body["issuer"])
	require.Equal(t, "http://example.com/"+defaultCustomer+"/login/jwk", d.body["jwks_uri"])
	require.Contains(t, d.body["scopes_supported"], "address")
	keys := x.jsonCall(http.MethodGet, hl("/login/jwk"), "", nil).is(t, http.StatusOK)
	require.Len(t, keys.body["keys"], 1)
	// A customer id no app has is a 404 in the v1.api format; any other path is too.
	x.jsonCall(http.MethodGet, "/00000000-0000-0000-0000-000000000000/login/jwk", "", nil).hostError(t, http.StatusNotFound)
	x.jsonCall(http.MethodGet, hl("/nothing/here"), "", nil).hostError(t, http.StatusNotFound)
}

func TestAdministrativeTokens(t *testing.T) {
	x := newHarness(t)
	x.tokenForm("/login/token", DefaultConfigClientID, "wrong", url.Values{"grant_type": {"client_credentials"}}).
		oauthError(t, http.StatusUnauthorized, "invalid_client")
	x.tokenForm("/login/token", DefaultConfigClientID, DefaultConfigClientSecret,
		url.Values{"grant_type": {"client_credentials"}, "scope": {"openid"}}).oauthError(t, http.StatusBadRequest, "invalid_scope")
	x.tokenForm("/login/token", DefaultConfigClientID, DefaultConfigClientSecret,
		url.Values{"grant_type": {"password"}}).oauthError(t, http.StatusBadRequest, "unsupported_grant_type")

	x.jsonCall(http.MethodGet, hl("/config/clients"), "", nil).hostError(t, http.StatusUnauthorized)
	x.jsonCall(http.MethodGet, hl("/config/clients"), "not-a-token", nil).hostError(t, http.StatusForbidden)
	hooks := x.adminToken(scopeWebhooks)
	x.jsonCall(http.MethodGet, hl("/config/clients"), hooks, nil).hostError(t, http.StatusForbidden)

	tok := x.adminToken(scopeConfig)
	list := x.jsonCall(http.MethodGet, hl("/config/clients"), tok, nil).is(t, http.StatusOK)
	require.Len(t, list.val, 2, "the seeded configuration and login clients")
	in := x.tokenForm("/login/token/introspect", DefaultOIDCClientID, DefaultOIDCClientSecret, url.Values{"token": {tok}}).is(t, http.StatusOK)
	require.Equal(t, true, in.body["active"])
	require.Equal(t, scopeConfig, in.body["scope"])

	x.clock.Advance(61 * time.Minute)
	x.jsonCall(http.MethodGet, hl("/config/clients"), tok, nil).hostError(t, http.StatusForbidden)
}

func TestTokenAndLoginPolicies(t *testing.T) {
	x := newHarness(t)
	tok := x.adminToken(scopeAll)

	x.jsonCall(http.MethodPost, hl("/config/tokenPolicies"), tok, map[string]any{"title": "t", "accessTokenLifetime": 5000}).
		hostError(t, http.StatusBadRequest)
	x.jsonCall(http.MethodPost, hl("/config/tokenPolicies"), tok, map[string]any{"title": "t", "allowedScopes": []string{"email"}}).
		hostError(t, http.StatusBadRequest)
	created := x.jsonCall(http.MethodPost, hl("/config/tokenPolicies"), tok, map[string]any{"title": "short", "accessTokenLifetime": 120}).
		is(t, http.StatusCreated)
	id, ok := created.val.(string)
	require.True(t, ok, created.raw)
	got := x.jsonCall(http.MethodGet, hl("/config/tokenPolicies/"+id), tok, nil).is(t, http.StatusOK)
	require.Equal(t, 120.0, got.body["accessTokenLifetime"])
	require.Equal(t, float64(defaultRefreshTTL), got.body["refreshTokenLifetime"])
	require.NotContains(t, got.body, "allowedGrantTypes", "grant types have their own endpoint")

	x.jsonCall(http.MethodPut, hl("/config/tokenPolicies/"+id+"/allowedGrantTypes"), tok, []string{"magic"}).hostError(t, http.StatusBadRequest)
	x.jsonCall(http.MethodPut, hl("/config/tokenPolicies/"+id+"/allowedGrantTypes"), tok, []string{"refresh_token", "authorization_code", "implicit"}).
		is(t, http.StatusNoContent)
	grants := x.jsonCall(http.MethodGet, hl("/config/tokenPolicies/"+id+"/allowedGrantTypes"), tok, nil).is(t, http.StatusOK)
	require.Equal(t, []any{"authorization_code", "implicit", "refresh_token"}, grants.val)

	// Login policies check their connection to the Capture app.
	lp := map[string]any{"title": "p", "loginURL": "https://login.example.test/login", "identityStoreDetails": map[string]any{
		"type": "janrainCapture", "connectionDetails": map[string]any{"applicationId": "default", "clientId": DefaultOwnerClientID,
			"clientSecret": "wrong", "domain": "x", "entityType": "user"}}}
	x.jsonCall(http.MethodPost, hl("/config/loginPolicies"), tok, lp).hostError(t, http.StatusBadRequest)
	lp["identityStoreDetails"].(map[string]any)["connectionDetails"].(map[string]any)["clientSecret"] = DefaultOwnerClientSecret
	lp["customClaims"] = map[string]any{"id_token": map[string]string{"nick": "nothing"}}
	x.jsonCall(http.MethodPost, hl("/config/loginPolicies"), tok, lp).hostError(t, http.StatusBadRequest)
	lp["customClaims"] = map[string]any{"id_token": map[string]string{"nick": "displayName"}}
	lpID := x.jsonCall(http.MethodPost, hl("/config/loginPolicies"), tok, lp).is(t, http.StatusCreated).val.(string)
	x.jsonCall(http.MethodPut, hl("/config/loginPolicies/"+lpID+"/pushClaims"), tok, true).is(t, http.StatusNoContent)
	require.Equal(t, true, x.jsonCall(http.MethodGet, hl("/config/loginPolicies/"+lpID+"/pushClaims"), tok, nil).val)
	x.jsonCall(http.MethodPut, hl("/config/loginPolicies/"+lpID+"/allowedResponseTypes"), tok, []string{"id_token code", "code"}).
		is(t, http.StatusNoContent)
	require.Equal(t, []any{"code id_token", "code"}, x.jsonCall(http.MethodGet, hl("/config/loginPolicies/"+lpID+"/allowedResponseTypes"), tok, nil).val)

	// A client ties both; neither policy can go while it does.
	cl := x.jsonCall(http.MethodPost, hl("/config/clients"), tok, map[string]any{"name": "spa", "type": "public",
		"redirectURIs": []string{"http://localhost:3000/cb"}, "loginPolicy": lpID, "tokenPolicy": id}).is(t, http.StatusCreated)
	clID := cl.body["id"].(string)
	x.jsonCall(http.MethodDelete, hl("/config/tokenPolicies/"+id), tok, nil).hostError(t, http.StatusConflict)
	x.jsonCall(http.MethodDelete, hl("/config/loginPolicies/"+lpID), tok, nil).hostError(t, http.StatusConflict)
	x.jsonCall(http.MethodDelete, hl("/config/clients/"+clID), tok, nil).is(t, http.StatusNoContent)
	x.jsonCall(http.MethodDelete, hl("/config/loginPolicies/"+lpID), tok, nil).is(t, http.StatusNoContent)
	x.jsonCall(http.MethodGet, hl("/config/loginPolicies/"+lpID), tok, nil).hostError(t, http.StatusNotFound)
}

func TestOIDCClients(t *testing.T) {
	x := newHarness(t)
	tok := x.adminToken(scopeConfig)
	tp := seededID("default", "token-policy")
	lp := seededID("default", "login-policy")
	x.jsonCall(http.MethodPost, hl("/config/clients"), tok, map[string]any{"name": "bad", "type": "confidential",
		"redirectURIs": []string{"http://app.example/cb"}, "loginPolicy": lp, "tokenPolicy": tp}).hostError(t, http.StatusBadRequest)
	x.jsonCall(http.MethodPost, hl("/config/clients"), tok, map[string]any{"name": "bad", "type": "public"}).hostError(t, http.StatusBadRequest)
	x.jsonCall(http.MethodPost, hl("/config/clients"), tok, map[string]any{"name": "idemu login client", "type": "confidential"}).
		hostError(t, http.StatusConflict)

	web := x.jsonCall(http.MethodPost, hl("/config/clients"), tok, map[string]any{"name": "web", "type": "confidential",
		"redirectURIs": []string{"https://web.example/cb", "com.example.app:/cb"}, "loginPolicy": lp, "tokenPolicy": tp}).is(t, http.StatusCreated)
	require.NotContains(t, web.body, "secret")
	id := web.body["id"].(string)
	appClient := web.body["_links"].(map[string]any)["applicationClient"].(map[string]any)["href"].(string)
	appClientID := appClient[strings.LastIndex(appClient, "/")+1:]
	listed := x.call("/clients/list", "has_features", `["login_client"]`).ok(t)["results"].([]any)
	var descriptions []any
	for _, cl := range listed {
		if cl.(map[string]any)["client_id"] == appClientID {
			descriptions = append(descriptions, cl.(map[string]any)["description"])
		}
	}
	require.Equal(t, []any{"web (Hosted Login)"}, descriptions, "creating a login client creates its application client")

	secret := x.jsonCall(http.MethodGet, hl("/config/clients/"+id+"/secret"), tok, nil).is(t, http.StatusOK).body["secret"].(string)
	x.tokenForm("/login/token/introspect", id, secret, url.Values{"token": {"x"}}).is(t, http.StatusOK)
	reset := x.jsonCall(http.MethodPut, "/config/clients/"+id+"/secret", tok, nil).is(t, http.StatusOK).body["secret"].(string)
	require.NotEqual(t, secret, reset)
	x.tokenForm("/login/token/introspect", id, secret, url.Values{"token": {"x"}}).oauthError(t, http.StatusUnauthorized, "invalid_client")
	x.tokenForm("/login/token/introspect", id, reset, url.Values{"token": {"x"}}).is(t, http.StatusOK)

	x.jsonCall(http.MethodPut, hl("/config/clients/"+id), tok, map[string]any{"name": "web", "type": "public"}).hostError(t, http.StatusBadRequest)
	renamed := x.jsonCall(http.MethodPut, hl("/config/clients/"+id), tok, map[string]any{"name": "web2", "type": "confidential",
		"redirectURIs": []string{"https://web.example/cb"}, "loginPolicy": lp, "tokenPolicy": tp}).is(t, http.StatusOK)
	require.Equal(t, "web2", renamed.body["name"])
	x.jsonCall(http.MethodDelete, hl("/config/clients/"+id), tok, nil).is(t, http.StatusNoContent)
	x.call("/clients/delete", "client_id_for_deletion", appClientID).fails(t, http.StatusOK, codeInvalidArgument)
	x.jsonCall(http.MethodGet, hl("/config/clients/"+id), tok, nil).hostError(t, http.StatusNotFound)
}

// signIn runs the authorization request and the sign-in page's post, and returns the
// redirect and the session cookie.
func (x *harness) signIn(query url.Values, email, password, cookie string) (*url.URL, string) {
	x.tb.Helper()
	req := httptest.NewRequest(http.MethodPost, hl("/login.idemu.test/login/token?")+query.Encode(),
		strings.NewReader(url.Values{"signInEmailAddress": {email}, "currentPassword": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	r := x.do(req).is(x.tb, http.StatusFound)
	u, err := url.Parse(r.header.Get("Location"))
	require.NoError(x.tb, err)
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == sessionCookie {
			cookie = c.Name + "=" + c.Value
		}
	}
	return u, cookie
}

func authQuery(extra ...string) url.Values {
	q := url.Values{"client_id": {DefaultOIDCClientID}, "redirect_uri": {DefaultRedirectURI}, "response_type": {"code"},
		"scope": {"openid email profile"}, "state": {"st"}, "nonce": {"n1"}}
	for i := 0; i+1 < len(extra); i += 2 {
		q.Set(extra[i], extra[i+1])
	}
	return q
}

func verifyJWT(t *testing.T, x *harness, raw string) map[string]any {
	t.Helper()
	keys := x.jsonCall(http.MethodGet, hl("/login/jwk"), "", nil).is(t, http.StatusOK)
	var set jose.JSONWebKeySet
	require.NoError(t, json.Unmarshal([]byte(keys.raw), &set))
	sig, err := jose.ParseSigned(raw, []jose.SignatureAlgorithm{jose.RS256})
	require.NoError(t, err)
	payload, err := sig.Verify(set.Key(sig.Signatures[0].Header.KeyID)[0])
	require.NoError(t, err)
	var claims map[string]any
	require.NoError(t, json.Unmarshal(payload, &claims))
	return claims
}

func TestHostedLoginCodeFlow(t *testing.T) {
	x := newHarness(t)
	page := x.do(httptest.NewRequest(http.MethodGet, hl("/login/authorize?")+authQuery().Encode(), nil)).is(t, http.StatusOK)
	require.Contains(t, page.raw, `action="/`+defaultCustomer+`/login.idemu.test/login/token?`)

	// A wrong password shows the page again.
	req := httptest.NewRequest(http.MethodPost, hl("/login.idemu.test/login/token?")+authQuery().Encode(),
		strings.NewReader(url.Values{"signInEmailAddress": {DefaultEmail}, "currentPassword": {"nope"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	require.Contains(t, x.do(req).is(t, http.StatusOK).raw, `role="alert"`)
	// Another hosted login domain is not the client's.
	req = httptest.NewRequest(http.MethodPost, hl("/elsewhere.test/login/token?")+authQuery().Encode(), nil)
	x.do(req).hostError(t, http.StatusNotFound)

	back, cookie := x.signIn(authQuery(), DefaultEmail, DefaultPassword, "")
	require.Equal(t, "st", back.Query().Get("state"))
	code := back.Query().Get("code")
	require.NotEmpty(t, code)
	require.NotEmpty(t, cookie)

	exchange := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {DefaultRedirectURI}}
	x.tokenForm("/login/token", DefaultOIDCClientID, DefaultOIDCClientSecret, url.Values{"grant_type": {"authorization_code"},
		"code": {code}, "redirect_uri": {"https://other.test/cb"}}).oauthError(t, http.StatusBadRequest, "invalid_grant")
	tokens := x.tokenForm("/login/token", DefaultOIDCClientID, DefaultOIDCClientSecret, exchange).is(t, http.StatusOK)
	require.Equal(t, 3600.0, tokens.body["expires_in"])
	idClaims := verifyJWT(t, x, tokens.body["id_token"].(string))
	require.Equal(t, DefaultEmail, idClaims["email"])
	require.Equal(t, "n1", idClaims["nonce"])
	require.Equal(t, DefaultOIDCClientID, idClaims["aud"])
	require.Equal(t, token.HashHalf(token.RS256, tokens.body["access_token"].(string)), idClaims["at_hash"])
	x.tokenForm("/login/token", DefaultOIDCClientID, DefaultOIDCClientSecret, exchange).oauthError(t, http.StatusBadRequest, "invalid_grant")

	access := tokens.body["access_token"].(string)
	info := x.jsonCall(http.MethodGet, hl("/profiles/oidc/userinfo"), access, nil).is(t, http.StatusOK)
	require.Equal(t, DefaultEmail, info.body["email"])
	require.Equal(t, "Demo", info.body["given_name"])
	require.NotContains(t, info.body, "address", "the address scope was not asked for")

	// Refresh rotates; reusing a spent refresh token revokes the family.
	refresh := tokens.body["refresh_token"].(string)
	next := x.tokenForm("/login/token", DefaultOIDCClientID, DefaultOIDCClientSecret,
		url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}}).is(t, http.StatusOK)
	x.tokenForm("/login/token", DefaultOIDCClientID, DefaultOIDCClientSecret,
		url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}}).oauthError(t, http.StatusBadRequest, "invalid_grant")
	x.tokenForm("/login/token", DefaultOIDCClientID, DefaultOIDCClientSecret,
		url.Values{"grant_type": {"refresh_token"}, "refresh_token": {next.body["refresh_token"].(string)}}).oauthError(t, http.StatusBadRequest, "invalid_grant")

	// Revoking an access token ends it; introspection says so.
	x.tokenForm("/login/token/revoke", DefaultOIDCClientID, DefaultOIDCClientSecret, url.Values{"token": {access}}).is(t, http.StatusOK)
	x.jsonCall(http.MethodGet, hl("/profiles/oidc/userinfo"), access, nil).oauthError(t, http.StatusUnauthorized, "invalid_token")
	in := x.tokenForm("/login/token/introspect", DefaultOIDCClientID, DefaultOIDCClientSecret, url.Values{"token": {access}}).is(t, http.StatusOK)
	require.Equal(t, map[string]any{"active": false}, in.body)

	// The session signs the user in again without the page; logout ends it.
	q := authQuery("prompt", "none")
	req = httptest.NewRequest(http.MethodGet, hl("/login/authorize?")+q.Encode(), nil)
	req.Header.Set("Cookie", cookie)
	again, err := url.Parse(x.do(req).is(t, http.StatusFound).header.Get("Location"))
	require.NoError(t, err)
	require.NotEmpty(t, again.Query().Get("code"))
	req = httptest.NewRequest(http.MethodGet, hl("/login.idemu.test/auth-ui/logout?client_id="+DefaultOIDCClientID+"&redirect_uri="+url.QueryEscape(DefaultRedirectURI)), nil)
	req.Header.Set("Cookie", cookie)
	require.Equal(t, DefaultRedirectURI, x.do(req).is(t, http.StatusFound).header.Get("Location"))
	req = httptest.NewRequest(http.MethodGet, hl("/login/authorize?")+q.Encode(), nil)
	req.Header.Set("Cookie", cookie)
	gone, err := url.Parse(x.do(req).is(t, http.StatusFound).header.Get("Location"))
	require.NoError(t, err)
	require.Equal(t, "login_required", gone.Query().Get("error"))
}

func TestRevokingARefreshTokenRevokesItsAccessToken(t *testing.T) {
	x := newHarness(t)
	back, _ := x.signIn(authQuery(), DefaultEmail, DefaultPassword, "")
	tokens := x.tokenForm("/login/token", DefaultOIDCClientID, DefaultOIDCClientSecret, url.Values{"grant_type": {"authorization_code"},
		"code": {back.Query().Get("code")}, "redirect_uri": {DefaultRedirectURI}}).is(t, http.StatusOK)
	refresh := tokens.body["refresh_token"].(string)
	in := x.tokenForm("/login/token/introspect", DefaultOIDCClientID, DefaultOIDCClientSecret, url.Values{"token": {refresh}}).is(t, http.StatusOK)
	require.Equal(t, true, in.body["active"])
	x.tokenForm("/login/token/revoke", DefaultOIDCClientID, DefaultOIDCClientSecret, url.Values{"token": {refresh}}).is(t, http.StatusOK)
	x.jsonCall(http.MethodGet, hl("/profiles/oidc/userinfo"), tokens.body["access_token"].(string), nil).oauthError(t, http.StatusUnauthorized, "invalid_token")
	x.tokenForm("/login/token", DefaultOIDCClientID, DefaultOIDCClientSecret,
		url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}}).oauthError(t, http.StatusBadRequest, "invalid_grant")
}

// TestPoliciesShapeTokens: the token policy's lifetime, JWT switch and scopes, and the
// login policy's custom and push claims, change what the tokens carry.
func TestPoliciesShapeTokens(t *testing.T) {
	x := newHarness(t)
	tok := x.adminToken(scopeAll)
	tp := seededID("default", "token-policy")
	lp := seededID("default", "login-policy")
	x.jsonCall(http.MethodPut, hl("/config/tokenPolicies/"+tp), tok, map[string]any{"title": "opaque", "accessTokenLifetime": 120,
		"allowedScopes": []string{"openid", "email"}, "useAccessJWT": false}).is(t, http.StatusOK)
	policy := x.jsonCall(http.MethodGet, hl("/config/loginPolicies/"+lp), tok, nil).is(t, http.StatusOK).body
	delete(policy, "id")
	policy["customClaims"] = map[string]any{"id_token": map[string]string{"nickname": "displayName"},
		"userinfo": map[string]string{"phone": "mobileNumber"}}
	x.jsonCall(http.MethodPut, hl("/config/loginPolicies/"+lp), tok, policy).is(t, http.StatusOK)

	exchange := func(q url.Values) reply {
		back, _ := x.signIn(q, DefaultEmail, DefaultPassword, "")
		return x.tokenForm("/login/token", DefaultOIDCClientID, DefaultOIDCClientSecret, url.Values{"grant_type": {"authorization_code"},
			"code": {back.Query().Get("code")}, "redirect_uri": {DefaultRedirectURI}}).is(t, http.StatusOK)
	}
	tokens := exchange(authQuery("scope", "openid email profile"))
	require.Equal(t, 120.0, tokens.body["expires_in"])
	require.Equal(t, "openid email", tokens.body["scope"], "profile is not among the policy's scopes")
	access := tokens.body["access_token"].(string)
	require.False(t, isJWT(access))
	id := verifyJWT(t, x, tokens.body["id_token"].(string))
	require.NotContains(t, id, "nickname", "custom claims are released on request unless pushed")
	require.NotContains(t, id, "given_name")
	info := x.jsonCall(http.MethodGet, hl("/profiles/oidc/userinfo"), access, nil).is(t, http.StatusOK)
	require.NotContains(t, info.body, "phone")

	requested := exchange(authQuery("claims", `{"id_token":{"nickname":null},"userinfo":{"phone":null}}`))
	require.Equal(t, "demo", verifyJWT(t, x, requested.body["id_token"].(string))["nickname"])
	info = x.jsonCall(http.MethodGet, hl("/profiles/oidc/userinfo"), requested.body["access_token"].(string), nil).is(t, http.StatusOK)
	require.Equal(t, "+15550100001", info.body["phone"])

	x.jsonCall(http.MethodPut, hl("/config/loginPolicies/"+lp+"/pushClaims"), tok, true).is(t, http.StatusNoContent)
	pushed := exchange(authQuery("scope", "openid"))
	require.Equal(t, "openid email", pushed.body["scope"], "push claims grant the policy's scopes")
	require.Equal(t, "demo", verifyJWT(t, x, pushed.body["id_token"].(string))["nickname"])

	x.clock.Advance(3 * time.Minute)
	x.jsonCall(http.MethodGet, hl("/profiles/oidc/userinfo"), access, nil).oauthError(t, http.StatusUnauthorized, "invalid_token")
}

func TestPublicClientsUsePKCEAndResourceIndicators(t *testing.T) {
	x := newHarness(t)
	tok := x.adminToken(scopeConfig)
	tp := seededID("default", "token-policy")
	x.jsonCall(http.MethodPut, hl("/config/tokenPolicies/"+tp+"/allowedResourceIndicators"), tok, []string{"https://api.example/"}).
		is(t, http.StatusNoContent)
	spa := x.jsonCall(http.MethodPost, hl("/config/clients"), tok, map[string]any{"name": "spa", "type": "public",
		"redirectURIs": []string{"http://localhost:3000/cb"}, "loginPolicy": seededID("default", "login-policy"), "tokenPolicy": tp}).
		is(t, http.StatusCreated).body["id"].(string)
	q := authQuery("client_id", spa, "redirect_uri", "http://localhost:3000/cb")
	back, _ := x.signIn(q, DefaultEmail, DefaultPassword, "")
	require.Equal(t, "invalid_request", back.Query().Get("error"), "a public client must use PKCE")

	verifier := "a-verifier-of-enough-length-0123456789-abcdefghijkl"
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	back, _ = x.signIn(authQuery("client_id", spa, "redirect_uri", "http://localhost:3000/cb", "code_challenge", challenge,
		"code_challenge_method", "S256", "resource", "https://other.example/"), DefaultEmail, DefaultPassword, "")
	require.Equal(t, "invalid_target", back.Query().Get("error"))
	back, _ = x.signIn(authQuery("client_id", spa, "redirect_uri", "http://localhost:3000/cb", "code_challenge", challenge,
		"code_challenge_method", "S256", "resource", "https://api.example/"), DefaultEmail, DefaultPassword, "")
	code := back.Query().Get("code")
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {"http://localhost:3000/cb"}, "client_id": {spa}}
	x.tokenForm("/login/token", "", "", form).oauthError(t, http.StatusBadRequest, "invalid_request")
	form.Set("code_verifier", verifier)
	tokens := x.tokenForm("/login/token", "", "", form).is(t, http.StatusOK)
	claims := verifyJWT(t, x, tokens.body["access_token"].(string))
	require.Equal(t, []any{spa, "https://api.example/"}, claims["aud"])
}
