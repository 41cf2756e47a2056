package appid

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/fixtures"
)

func TestIAMTokenAndItsErrors(t *testing.T) {
	x := newHarness(t)
	w := x.form("/identity/token", url.Values{"grant_type": {iamAPIKeyGrant}, "apikey": {DefaultAPIKey}, "response_type": {"cloud_iam"}}, "", "")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	body := decode(t, w.Body)
	require.Equal(t, "Bearer", body["token_type"])
	require.EqualValues(t, 3600, body["expires_in"])
	require.EqualValues(t, x.clock.Now().Add(time.Hour).Unix(), body["expiration"])
	require.Equal(t, "ibm openid", body["scope"])
	require.Len(t, strings.Split(body["access_token"].(string), "."), 3, "a JWT")

	refresh := x.form("/identity/token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {body["refresh_token"].(string)}}, "", "")
	require.Equal(t, http.StatusOK, refresh.Code, refresh.Body.String())

	for _, tc := range []struct {
		form url.Values
		code string
	}{
		{url.Values{"grant_type": {iamAPIKeyGrant}, "apikey": {"no-such-key"}}, iamCodeUnknownAPIKey},
		{url.Values{"grant_type": {iamAPIKeyGrant}}, iamCodeMissingProperty},
		{url.Values{"apikey": {DefaultAPIKey}}, iamCodeMissingProperty},
		{url.Values{"grant_type": {"password"}}, iamCodeUnsupportedGrant},
		{url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"nope"}}, iamCodeInvalidRefresh},
	} {
		w := x.form("/identity/token", tc.form, "", "")
		require.Equal(t, http.StatusBadRequest, w.Code, tc.form.Encode())
		require.Equal(t, tc.code, decode(t, w.Body)["errorCode"], tc.form.Encode())
	}
}

func TestManagementAuthenticationOrder(t *testing.T) {
	x := newHarness(t)
	require.NoError(t, x.h.Seed(&fixtures.Document{Provider: "appid", Tenants: []fixtures.Tenant{{ID: "other",
		Clients: []fixtures.Client{{ID: "k", Secret: "other-key", Attributes: map[string]any{"kind": "apikey", "role": "Manager"}}}}}}))

	w := x.json(http.MethodGet, mgmt+"/applications", "", "")
	require.Equal(t, http.StatusUnauthorized, w.Code)
	require.Equal(t, "UNAUTHORIZED", decode(t, w.Body)["code"])
	require.Equal(t, http.StatusUnauthorized, x.json(http.MethodGet, mgmt+"/applications", "not-a-token", "").Code)

	manager := x.manager()
	w = x.json(http.MethodGet, "/management/v4/nowhere/applications", manager, "")
	require.Equal(t, http.StatusNotFound, w.Code)
	require.Equal(t, "Not Found", w.Body.String())
	require.True(t, strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain"))

	// A valid IAM identity without a role on the tenant.
	w = x.json(http.MethodGet, mgmt+"/applications", x.iamToken("other-key"), "")
	require.Equal(t, http.StatusForbidden, w.Code)

	reader, writer := x.iamToken(DefaultReaderAPIKey), x.iamToken(DefaultWriterAPIKey)
	require.Equal(t, http.StatusOK, x.json(http.MethodGet, mgmt+"/applications", reader, "").Code)
	require.Equal(t, http.StatusForbidden, x.json(http.MethodPost, mgmt+"/applications", reader, `{"name":"a"}`).Code)
	require.Equal(t, http.StatusOK, x.json(http.MethodPost, mgmt+"/applications", writer, `{"name":"a"}`).Code)
	require.Equal(t, http.StatusForbidden, x.json(http.MethodGet, mgmt+"/cloud_directory/export?encryption_secret=s", writer, "").Code)
	require.Equal(t, http.StatusOK, x.json(http.MethodGet, mgmt+"/cloud_directory/export?encryption_secret=s", manager, "").Code)

	x.clock.Advance(61 * time.Minute)
	w = x.json(http.MethodGet, mgmt+"/applications", manager, "")
	require.Equal(t, http.StatusUnauthorized, w.Code, "the IAM token expired")
}

// signUp registers a user through the self-service API and returns its id.
func (x *harness) signUp(token, email, password string) string {
	x.tb.Helper()
	w := x.json(http.MethodPost, mgmt+"/cloud_directory/sign_up?shouldCreateProfile=true", token,
		fmt.Sprintf(`{"emails":[{"value":%q,"primary":true}],"password":%q}`, email, password))
	require.Equal(x.tb, http.StatusCreated, w.Code, w.Body.String())
	return decode(x.tb, w.Body)["id"].(string)
}

func TestSignUpVerificationAndExpiry(t *testing.T) {
	x := newHarness(t)
	tok := x.manager()
	id := x.signUp(tok, "ada@example.test", "Ada-password-1")
	msgs := x.messages("ada@example.test")
	require.Len(t, msgs, 1)
	require.Equal(t, "user-verification", msgs[0].Purpose)
	require.Contains(t, msgs[0].Link, "context="+msgs[0].Code)
	require.Contains(t, msgs[0].Body, msgs[0].Link)

	w := x.json(http.MethodPost, mgmt+"/cloud_directory/sign_up/confirmation_result", tok, `{"context":"`+msgs[0].Code+`"}`)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.Equal(t, map[string]any{"success": true, "uuid": id}, decode(t, w.Body))
	w = x.json(http.MethodGet, mgmt+"/cloud_directory/Users/"+id, tok, "")
	require.Equal(t, statusConfirmed, decode(t, w.Body)["status"])
	purposes := []string{}
	for _, m := range x.messages("ada@example.test") {
		purposes = append(purposes, m.Purpose)
	}
	require.ElementsMatch(t, []string{"user-verification", "welcome"}, purposes)

	// A reset context read as a verification context is unknown.
	w = x.json(http.MethodPost, mgmt+"/cloud_directory/forgot_password/confirmation_result", tok, `{"context":"`+msgs[0].Code+`"}`)
	require.Equal(t, http.StatusNotFound, w.Code)
	require.Equal(t, scimErrorSchema, decode(t, w.Body)["schemas"].([]any)[0])

	// Expired links answer GONE.
	x.signUp(tok, "bob@example.test", "Bob-password-1")
	ctx := x.messages("bob@example.test")[0].Code
	x.clock.Advance(25 * time.Hour)
	w = x.json(http.MethodPost, mgmt+"/cloud_directory/sign_up/confirmation_result", x.manager(), `{"context":"`+ctx+`"}`)
	require.Equal(t, http.StatusOK, w.Code)
	body := decode(t, w.Body)
	require.Equal(t, false, body["success"])
	require.Equal(t, "GONE", body["error"].(map[string]any)["code"])
}

func TestConcurrentSignUpsOfOneEmailNeverBothWin(t *testing.T) {
	x := newHarness(t)
	tok := x.manager()
	const n = 16
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = x.json(http.MethodPost, mgmt+"/cloud_directory/sign_up?shouldCreateProfile=true", tok,
				`{"emails":[{"value":"race@example.test"}],"password":"Race-password-1"}`).Code
		}()
	}
	wg.Wait()
	created := 0
	for _, c := range codes {
		if c == http.StatusCreated {
			created++
		} else {
			require.Equal(t, http.StatusConflict, c)
		}
	}
	require.Equal(t, 1, created)
}

// passwordGrant signs a user in with the default application.
func (x *harness) passwordGrant(username, password string) *httpResponse {
	w := x.form("/oauth/v4/"+DefaultTenant+"/token", url.Values{"grant_type": {"password"}, "username": {username}, "password": {password}},
		DefaultClientID, DefaultClientSecret)
	return &httpResponse{code: w.Code, body: decode(x.tb, w.Body)}
}

type httpResponse struct {
	code int
	body map[string]any
}

func TestPasswordGrantUserinfoRefreshAndRevocation(t *testing.T) {
	x := newHarness(t)
	tok := x.manager()
	require.Equal(t, http.StatusOK, x.json(http.MethodPut, mgmt+"/config/tokens", tok,
		`{"refresh":{"enabled":true,"expires_in":86400}}`).Code)

	bad := x.passwordGrant(DefaultUserEmail, "wrong")
	require.Equal(t, http.StatusUnauthorized, bad.code)
	require.Equal(t, "invalid_grant", bad.body["error"])

	r := x.passwordGrant(DefaultUserEmail, DefaultPassword)
	require.Equal(t, http.StatusOK, r.code, r.body)
	require.NotEmpty(t, r.body["id_token"])
	require.Contains(t, r.body["scope"], "appid_authenticated")
	for _, field := range []string{"access_token", "id_token"} {
		tok, err := jose.ParseSigned(r.body[field].(string), []jose.SignatureAlgorithm{jose.RS256})
		require.NoError(t, err)
		require.EqualValues(t, 4, tok.Signatures[0].Header.ExtraHeaders["ver"], "App ID's JavaScript SDK checks ver")
		require.NotEmpty(t, tok.Signatures[0].Header.KeyID)
	}

	w := x.json(http.MethodGet, "/oauth/v4/"+DefaultTenant+"/userinfo", r.body["access_token"].(string), "")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	info := decode(t, w.Body)
	require.Equal(t, DefaultUserEmail, info["email"])
	sub := info["sub"].(string)

	rt := r.body["refresh_token"].(string)
	w = x.form("/oauth/v4/"+DefaultTenant+"/token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}}, DefaultClientID, DefaultClientSecret)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	rt = decode(t, w.Body)["refresh_token"].(string)

	x.clock.Advance(time.Second)
	require.Equal(t, http.StatusNoContent, x.json(http.MethodPost, mgmt+"/users/"+sub+"/revoke_refresh_token", tok, "").Code)
	w = x.form("/oauth/v4/"+DefaultTenant+"/introspect", url.Values{"token": {rt}}, DefaultClientID, DefaultClientSecret)
	require.Equal(t, false, decode(t, w.Body)["active"])
	w = x.form("/oauth/v4/"+DefaultTenant+"/token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}}, DefaultClientID, DefaultClientSecret)
	require.Equal(t, http.StatusBadRequest, w.Code)
	require.Equal(t, "invalid_grant", decode(t, w.Body)["error"])

	cc := x.form("/oauth/v4/"+DefaultTenant+"/token", url.Values{"grant_type": {"client_credentials"}}, DefaultClientID, DefaultClientSecret)
	require.Equal(t, http.StatusOK, cc.Code)
	ccBody := decode(t, cc.Body)
	require.Nil(t, ccBody["id_token"])
	w = x.json(http.MethodGet, "/oauth/v4/"+DefaultTenant+"/userinfo", ccBody["access_token"].(string), "")
	require.Equal(t, http.StatusForbidden, w.Code)
}

func TestLockoutAfterFailedSignIns(t *testing.T) {
	x := newHarness(t)
	tok := x.manager()
	w := x.json(http.MethodPut, mgmt+"/config/cloud_directory/advanced_password_management", tok, `{"advancedPasswordManagement":{
		"enabled":true,"passwordReuse":{"enabled":false},"preventPasswordWithUsername":{"enabled":false},
		"passwordExpiration":{"enabled":false},"lockOutPolicy":{"enabled":true,"config":{"lockOutTimeSec":60,"numOfAttempts":2}}}}`)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.Equal(t, http.StatusUnauthorized, x.passwordGrant(DefaultUserEmail, "wrong").code)
	require.Equal(t, http.StatusUnauthorized, x.passwordGrant(DefaultUserEmail, "wrong").code)
	locked := x.passwordGrant(DefaultUserEmail, DefaultPassword)
	require.Equal(t, http.StatusUnauthorized, locked.code)
	require.Equal(t, "The user is locked", locked.body["error_description"])
	x.clock.Advance(61 * time.Second)
	require.Equal(t, http.StatusOK, x.passwordGrant(DefaultUserEmail, DefaultPassword).code)
}

func TestAuthorizationCodeWithPKCE(t *testing.T) {
	x := newHarness(t)
	tok := x.manager()
	require.Equal(t, http.StatusNoContent, x.json(http.MethodPut, mgmt+"/config/redirect_uris", tok,
		`{"redirectUris":["https://app.example.test/*"]}`).Code)
	verifier := "a-verifier-that-is-long-enough-to-be-used-for-pkce-0123456789"
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	authURL := "/oauth/v4/" + DefaultTenant + "/authorization?" + url.Values{"client_id": {DefaultClientID}, "response_type": {"code"},
		"redirect_uri": {"https://app.example.test/cb"}, "state": {"s1"}, "code_challenge": {challenge}, "code_challenge_method": {"S256"}}.Encode()
	w := x.do(http.MethodGet, authURL, "", "", "")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.Contains(t, w.Body.String(), `name="code_challenge"`)

	form := url.Values{"client_id": {DefaultClientID}, "response_type": {"code"}, "redirect_uri": {"https://app.example.test/cb"},
		"state": {"s1"}, "code_challenge": {challenge}, "code_challenge_method": {"S256"}, "username": {DefaultUserEmail}, "password": {"wrong"}}
	w = x.form("/oauth/v4/"+DefaultTenant+"/authorization", form, "", "")
	require.Equal(t, http.StatusOK, w.Code)
	require.Contains(t, w.Body.String(), "Invalid username or password")

	form.Set("password", DefaultPassword)
	w = x.form("/oauth/v4/"+DefaultTenant+"/authorization", form, "", "")
	require.Equal(t, http.StatusFound, w.Code)
	loc, err := url.Parse(w.Header().Get("Location"))
	require.NoError(t, err)
	require.Equal(t, "s1", loc.Query().Get("state"))
	code := loc.Query().Get("code")

	exchange := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {"https://app.example.test/cb"}, "code_verifier": {"wrong"}}
	w = x.form("/oauth/v4/"+DefaultTenant+"/token", exchange, DefaultClientID, DefaultClientSecret)
	require.Equal(t, http.StatusBadRequest, w.Code, "a wrong verifier spends the code")
	w = x.do(http.MethodGet, authURL, "", "", "")
	form.Set("password", DefaultPassword)
	w = x.form("/oauth/v4/"+DefaultTenant+"/authorization", form, "", "")
	loc, _ = url.Parse(w.Header().Get("Location"))
	exchange.Set("code", loc.Query().Get("code"))
	exchange.Set("code_verifier", verifier)
	w = x.form("/oauth/v4/"+DefaultTenant+"/token", exchange, DefaultClientID, DefaultClientSecret)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())

	w = x.do(http.MethodGet, strings.Replace(authURL, "app.example.test", "evil.example.test", 1), "", "", "")
	require.Equal(t, http.StatusBadRequest, w.Code, "an unregistered redirect URI is refused, not followed")
}

func TestJWTBearerWithTheCustomIdentityProvider(t *testing.T) {
	x := newHarness(t)
	tok := x.manager()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	require.NoError(t, err)
	pemKey := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	body := fmt.Sprintf(`{"isActive":true,"config":{"publicKey":%q}}`, pemKey)
	require.Equal(t, http.StatusOK, x.json(http.MethodPut, mgmt+"/config/idps/custom", tok, body).Code)

	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key}, nil)
	require.NoError(t, err)
	assertion, err := jwt.Signed(signer).Claims(jwt.Claims{Subject: "external-42", Audience: jwt.Audience{"http://example.com/oauth/v4/" + DefaultTenant},
		Expiry: jwt.NewNumericDate(x.clock.Now().Add(time.Minute))}).Serialize()
	require.NoError(t, err)
	w := x.form("/oauth/v4/"+DefaultTenant+"/token", url.Values{"grant_type": {grantJWTBearer}, "assertion": {assertion}}, DefaultClientID, DefaultClientSecret)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())

	w = x.json(http.MethodGet, mgmt+"/users?dataScope=index&id=external-42", tok, "")
	users := decode(t, w.Body)["users"].([]any)
	require.Len(t, users, 1)
	require.Equal(t, providerCustom, users[0].(map[string]any)["idp"])
}

func TestExportImportRoundTrip(t *testing.T) {
	x := newHarness(t)
	tok := x.manager()
	w := x.json(http.MethodGet, mgmt+"/cloud_directory/export?encryption_secret=s3cret", tok, "")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	export := decode(t, w.Body)
	require.EqualValues(t, 1, export["totalResults"])
	users := export["users"].([]any)

	require.NoError(t, x.h.Seed(&fixtures.Document{Provider: "appid", Tenants: []fixtures.Tenant{{ID: "copy",
		Clients: []fixtures.Client{{ID: "k", Secret: "copy-key", Attributes: map[string]any{"kind": "apikey", "role": "Manager"}}}}}}))
	copyTok := x.iamToken("copy-key")
	payload := fmt.Sprintf(`{"users":%s}`, mustJSON(t, users))
	w = x.json(http.MethodPost, "/management/v4/copy/cloud_directory/import?encryption_secret=wrong", copyTok, payload)
	require.Equal(t, http.StatusOK, w.Code)
	require.EqualValues(t, 1, decode(t, w.Body)["failed"])
	w = x.json(http.MethodPost, "/management/v4/copy/cloud_directory/import?encryption_secret=s3cret", copyTok, payload)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.EqualValues(t, 1, decode(t, w.Body)["added"])

	// The imported user signs in with the original password.
	w = x.form("/oauth/v4/copy/token", url.Values{"grant_type": {"client_credentials"}}, DefaultClientID, DefaultClientSecret)
	require.Equal(t, http.StatusUnauthorized, w.Code, "the application was not copied")
	w = x.json(http.MethodPost, "/management/v4/copy/applications", copyTok, `{"name":"copy app"}`)
	app := decode(t, w.Body)
	w = x.form("/oauth/v4/copy/token", url.Values{"grant_type": {"password"}, "username": {DefaultUserEmail}, "password": {DefaultPassword}},
		app["clientId"].(string), app["secret"].(string))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
}

func TestTokensConfigResetsWhatThePutLeavesOut(t *testing.T) {
	x := newHarness(t)
	tok := x.manager()
	require.Equal(t, http.StatusOK, x.json(http.MethodPut, mgmt+"/config/tokens", tok,
		`{"access":{"expires_in":900},"refresh":{"enabled":true,"expires_in":86400}}`).Code)
	w := x.json(http.MethodPut, mgmt+"/config/tokens", tok, `{"access":{"expires_in":1200}}`)
	body := decode(t, w.Body)
	require.EqualValues(t, 1200, body["access"].(map[string]any)["expires_in"])
	require.Equal(t, false, body["refresh"].(map[string]any)["enabled"], "left out: back to App ID's default")
	r := x.passwordGrant(DefaultUserEmail, DefaultPassword)
	require.EqualValues(t, 1200, r.body["expires_in"])
	require.Nil(t, r.body["refresh_token"])
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
