package akamai

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/store"
)

func (x *harness) rpxKey() string {
	x.tb.Helper()
	return x.call("/settings/get_default", "key", "rpx_key").ok(x.tb)["result"].(string)
}

// social posts a Social Login API call.
func (x *harness) social(op string, kv ...string) reply {
	x.tb.Helper()
	req := httptest.NewRequest(http.MethodPost, "/api/v2/"+op, strings.NewReader(pairs(kv...).Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return x.do(req)
}

func (r reply) socialFails(tb testing.TB, code int) {
	tb.Helper()
	require.Equal(tb, http.StatusBadRequest, r.status, r.raw)
	require.Equal(tb, "fail", r.body["stat"], r.raw)
	require.Equal(tb, float64(code), r.body["err"].(map[string]any)["code"], r.raw)
}

func TestSocialLoginKeysProvidersAndSettings(t *testing.T) {
	x := newHarness(t)
	key := x.rpxKey()
	require.Len(t, key, 40)
	x.social("get_domain_patterns").socialFails(t, socialMissingParameter)
	x.social("get_domain_patterns", "apiKey", "wrong").socialFails(t, socialAuthenticationErr)

	x.social("set_auth_providers", "apiKey", key, "providers", "facebook,myspace").socialFails(t, socialInvalidParameter)
	x.social("set_auth_providers", "apiKey", key, "providers", "facebook, google ,twitter").is(t, http.StatusOK)
	x.social("set_auth_providers", "apiKey", key, "providers", "apple", "device_type", "iphone").is(t, http.StatusOK)
	p := x.social("providers").is(t, http.StatusOK)
	require.Equal(t, []any{"facebook", "google", "twitter"}, p.body["signin"])
	require.Equal(t, []any{"facebook", "twitter"}, p.body["shareWidget"].(map[string]any)["share"])
	require.Equal(t, []any{"apple"}, x.social("get_available_providers", "device_type", "iphone").is(t, http.StatusOK).body["signin"])

	x.social("set_domain_patterns", "apiKey", key, "domains", "*.example.com, bad domain").socialFails(t, socialInvalidParameter)
	x.social("set_domain_patterns", "apiKey", key, "domains", "*.example.com,localhost").is(t, http.StatusOK)
	x.social("add_domain_patterns", "apiKey", key, "domains", "app.test, localhost").is(t, http.StatusOK)
	require.Equal(t, []any{"*.example.com", "localhost", "app.test"},
		x.social("get_domain_patterns", "apiKey", key).is(t, http.StatusOK).body["domains"])

	x.social("set_app_settings", "apiKey", key, "oneTimeUseTokens", "maybe").socialFails(t, socialInvalidParameter)
	x.social("set_app_settings", "apiKey", key, "oneTimeUseTokens", "true", "privacyPolicy", "https://app.test/privacy").is(t, http.StatusOK)
	settings := x.social("get_application_settings", "apiKey", key).is(t, http.StatusOK)
	require.Equal(t, "true", settings.body["oneTimeUseTokens"])
	require.Equal(t, "false", settings.body["postToTokenUrl"])
	require.Equal(t, "https://app.test/privacy", settings.body["privacyPolicy"])

	// Multipart works too.
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	require.NoError(t, w.WriteField("apiKey", key))
	require.NoError(t, w.Close())
	req := httptest.NewRequest(http.MethodPost, "/api/v2/get_domain_patterns", &b)
	req.Header.Set("Content-Type", w.FormDataContentType())
	require.Len(t, x.do(req).is(t, http.StatusOK).body["domains"], 3)

	// An unknown call and an app with no social configuration.
	r := x.social("nothing")
	require.Equal(t, http.StatusNotFound, r.status, r.raw)
	req = httptest.NewRequest(http.MethodPost, "/api/v2/providers", nil)
	req.Header.Set("X-Idemu-Tenant", "nowhere")
	x.do(req).socialFails(t, socialAppNotFound)
}

func TestSocialLoginTokensAndMappings(t *testing.T) {
	x := newHarness(t)
	key := x.rpxKey()
	identity := `{"identifier":"https://social.example/u/7","email":"seven@example.test","givenName":"Seven","displayName":"seven"}`
	x.social("signin/oauth_token", "token", identity, "provider", "facebook").socialFails(t, socialInvalidParameter)
	x.social("set_auth_providers", "apiKey", key, "providers", "facebook").is(t, http.StatusOK)
	x.social("signin/oauth_token", "token", "not json", "provider", "facebook").socialFails(t, socialInvalidParameter)
	token := x.social("signin/oauth_token", "token", identity, "provider", "facebook").is(t, http.StatusOK).body["token"].(string)

	info := x.social("auth_info", "apiKey", key, "token", token, "extended", "true").is(t, http.StatusOK)
	profile := info.body["profile"].(map[string]any)
	require.Equal(t, "https://social.example/u/7", profile["identifier"])
	require.Equal(t, "facebook", profile["providerName"])
	require.NotContains(t, profile, "primaryKey")
	require.Contains(t, info.body, "merged_poco")

	x.social("map", "apiKey", key, "identifier", "https://social.example/u/7", "primaryKey", "42").is(t, http.StatusOK)
	x.social("map", "apiKey", key, "identifier", "https://social.example/u/7", "primaryKey", "43", "overwrite", "false").
		socialFails(t, socialMappingExists)
	require.Equal(t, "42", x.social("auth_info", "apiKey", key, "token", token).is(t, http.StatusOK).body["profile"].(map[string]any)["primaryKey"])
	x.social("unmap", "apiKey", key, "identifier", "https://social.example/u/7", "primaryKey", "99").socialFails(t, socialDataNotFound)
	x.social("unmap", "apiKey", key, "primaryKey", "42", "all_identifiers", "true").is(t, http.StatusOK)

	// The domain allowlist guards tokenURL; one-time tokens work once.
	x.social("set_domain_patterns", "apiKey", key, "domains", "*.example.com").is(t, http.StatusOK)
	x.social("auth_info", "apiKey", key, "token", token, "tokenURL", "https://evil.test/cb").socialFails(t, socialAuthenticationErr)
	x.social("set_app_settings", "apiKey", key, "oneTimeUseTokens", "true").is(t, http.StatusOK)
	x.social("auth_info", "apiKey", key, "token", token, "tokenURL", "https://app.example.com/cb").is(t, http.StatusOK)
	x.social("auth_info", "apiKey", key, "token", token).socialFails(t, socialInvalidParameter)

	// A Social Login token also signs in with /oauth/auth_native.
	second := x.social("signin/oauth_token", "token", identity, "provider", "facebook").is(t, http.StatusOK).body["token"].(string)
	login := x.login("/oauth/auth_native", "locale", "en-US", "redirect_uri", "https://app.test/cb", "token", second,
		"thin_registration", "true").ok(t)
	require.Equal(t, "seven@example.test", login["capture_user"].(map[string]any)["email"])
}

func TestCustomProviders(t *testing.T) {
	x := newHarness(t)
	tok := x.adminToken(scopeAll)
	base := hl("/v2/config/low/services/engage-v2/apps")
	apps := x.jsonCall(http.MethodGet, base, tok, nil).is(t, http.StatusOK)
	require.Equal(t, "default", apps.val.([]any)[0].(map[string]any)["id"])
	x.jsonCall(http.MethodGet, base+"/other", tok, nil).hostError(t, http.StatusNotFound)
	x.jsonCall(http.MethodGet, base+"/default", x.adminToken(scopeWebhooks), nil).hostError(t, http.StatusForbidden)

	cp := base + "/default/custom-providers"
	x.jsonCall(http.MethodPost, cp, tok, map[string]any{"title": "Acme SSO", "protocol": "openidconnect",
		"auth_url": "http://sso.acme.test/authorize"}).hostError(t, http.StatusBadRequest)
	x.jsonCall(http.MethodPost, cp, tok, map[string]any{"title": "Acme SSO", "protocol": "openidconnect",
		"auth_url": "https://sso.acme.test/authorize"}).hostError(t, http.StatusBadRequest)
	x.jsonCall(http.MethodPost, cp, tok, map[string]any{"title": "Acme SAML", "protocol": "saml2",
		"auth_url": "https://sso.acme.test/saml", "idp_certificate": "not a certificate"}).hostError(t, http.StatusBadRequest)
	oidc := map[string]any{"title": "Acme SSO", "protocol": "openidconnect", "auth_url": "https://sso.acme.test/authorize",
		"token_url": "https://sso.acme.test/token", "client_id": "idemu", "client_secret": "s3cret", "scopes": []string{"openid", "email"},
		"attribute_map": map[string]string{"/email": "/email_address"}}
	created := x.jsonCall(http.MethodPost, cp, tok, oidc).is(t, http.StatusCreated)
	require.Equal(t, "acme_sso", created.body["id"])
	require.Equal(t, "Acme SSO", created.body["ui"].(map[string]any)["title"])
	require.Equal(t, "acme_sso_2", x.jsonCall(http.MethodPost, cp, tok, oidc).is(t, http.StatusCreated).body["id"])

	patched := x.jsonCall(http.MethodPatch, cp+"/acme_sso", tok, map[string]any{"attribute_map": map[string]string{"/givenName": "/first"}}).
		is(t, http.StatusOK)
	require.Equal(t, map[string]any{"/givenName": "/first"}, patched.body["attribute_map"])
	x.jsonCall(http.MethodPatch, cp+"/acme_sso", tok, map[string]any{"protocol": "saml2"}).hostError(t, http.StatusBadRequest)
	x.jsonCall(http.MethodPatch, cp+"/acme_sso", tok, map[string]any{"attribute_map": map[string]string{"/nope": "x"}}).
		hostError(t, http.StatusBadRequest)
	require.Len(t, x.jsonCall(http.MethodGet, cp, tok, nil).is(t, http.StatusOK).val, 2)
	x.jsonCall(http.MethodGet, cp+"/ghost", tok, nil).hostError(t, http.StatusNotFound)

	// The custom provider is a provider of the app's Social Login.
	key := x.rpxKey()
	x.social("set_auth_providers", "apiKey", key, "providers", "acme_sso,google").is(t, http.StatusOK)
	token := x.social("signin/oauth_token", "token", `{"identifier":"acme|1"}`, "provider", "acme_sso").is(t, http.StatusOK).body["token"].(string)
	require.Equal(t, "acme_sso", x.social("auth_info", "apiKey", key, "token", token).body["profile"].(map[string]any)["providerName"])
	require.NoError(t, x.store.View(func(tx *store.Tx) error {
		ok, err := knownProvider(tx, "default", "acme_sso")
		require.True(t, ok)
		return err
	}))
}
