package logto

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/store"
)

// browser is the sign-in UI: it keeps the interaction cookie between calls.
type browser struct {
	t      *testing.T
	x      *harness
	cookie string
}

func (b *browser) call(method, path, body string) *httptest.ResponseRecorder {
	b.t.Helper()
	h := []string{}
	if body != "" {
		h = append(h, "Content-Type", "application/json")
	}
	if b.cookie != "" {
		h = append(h, "Cookie", interactionCookie+"="+b.cookie)
	}
	w := b.x.do(method, path, body, h...)
	for _, c := range w.Result().Cookies() {
		if c.Name == interactionCookie {
			b.cookie = c.Value
		}
	}
	return w
}

// verification posts a verification step and returns its id.
func (b *browser) verification(path, body string) string {
	b.t.Helper()
	w := b.call(http.MethodPost, path, body)
	require.Equal(b.t, http.StatusOK, w.Code, "%s: %s", path, w.Body.String())
	return decode(b.t, w)["verificationId"].(string)
}

func TestExperienceRegistersThenSignsInWithAPassword(t *testing.T) {
	x := newHarness(t)
	b := &browser{t: t, x: x}
	require.Equal(t, http.StatusBadRequest, b.call(http.MethodPost, "/api/experience/submit", "").Code, "no interaction yet")

	require.Equal(t, http.StatusNoContent, b.call(http.MethodPut, "/api/experience", `{"interactionEvent":"Register"}`).Code)
	require.NotEmpty(t, b.cookie)
	w := b.call(http.MethodPost, "/api/experience/submit", "")
	require.Equal(t, http.StatusUnprocessableEntity, w.Code)
	require.Equal(t, "user.missing_profile", decode(t, w)["code"])
	require.Equal(t, []any{"username", "password"}, decode(t, w)["data"].(map[string]any)["missingProfile"])

	w = b.call(http.MethodPost, "/api/experience/verification/new-password-identity", `{"identifier":{"type":"username","value":"grace"},"password":"short"}`)
	require.Equal(t, http.StatusUnprocessableEntity, w.Code)
	require.Equal(t, "password.rejected", decode(t, w)["code"])
	id := b.verification("/api/experience/verification/new-password-identity", `{"identifier":{"type":"username","value":"grace"},"password":"Gr4ce-Hopper!"}`)
	require.Equal(t, http.StatusCreated, b.call(http.MethodPost, "/api/experience/identification", `{"verificationId":"`+id+`"}`).Code)
	w = b.call(http.MethodGet, "/api/experience/interaction", "")
	require.Equal(t, "grace", decode(t, w)["profile"].(map[string]any)["username"])
	x.conforms("GetInteraction", http.MethodGet, "/api/experience/interaction", w)
	w = b.call(http.MethodPost, "/api/experience/submit", "")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.True(t, strings.HasPrefix(decode(t, w)["redirectTo"].(string), "http://example.com/oidc/auth/"))

	admin := x.managementToken()
	users := decodeList(t, x.api(http.MethodGet, "/api/users?search.username=grace", admin, ""))
	require.Len(t, users, 1)
	uid := users[0].(map[string]any)["id"].(string)
	require.NotNil(t, users[0].(map[string]any)["lastSignInAt"])

	// The same user signs in with the password; a wrong one is refused.
	b = &browser{t: t, x: x}
	require.Equal(t, http.StatusNoContent, b.call(http.MethodPut, "/api/experience", `{"interactionEvent":"SignIn"}`).Code)
	w = b.call(http.MethodPost, "/api/experience/verification/password", `{"identifier":{"type":"username","value":"grace"},"password":"wrong"}`)
	require.Equal(t, http.StatusUnprocessableEntity, w.Code)
	require.Equal(t, "session.invalid_credentials", decode(t, w)["code"])
	id = b.verification("/api/experience/verification/password", `{"identifier":{"type":"username","value":"grace"},"password":"Gr4ce-Hopper!"}`)
	require.Equal(t, http.StatusNoContent, b.call(http.MethodPost, "/api/experience/identification", `{"verificationId":"`+id+`"}`).Code)
	require.Equal(t, uid, decode(t, b.call(http.MethodGet, "/api/experience/interaction", ""))["userId"])
	require.Equal(t, http.StatusOK, b.call(http.MethodPost, "/api/experience/submit", "").Code)
	require.Equal(t, http.StatusBadRequest, b.call(http.MethodGet, "/api/experience/interaction", "").Code, "the interaction ended")

	sessions := decode(t, x.api(http.MethodGet, "/api/users/"+uid+"/sessions", admin, ""))["sessions"].([]any)
	require.Len(t, sessions, 2, "one per sign-in")
	w = x.api(http.MethodGet, "/api/logs?logKey=Interaction.SignIn.Submit&userId="+uid, admin, "")
	require.Len(t, decodeList(t, w), 1)
}

func TestExperienceAsksForMfaAtSignIn(t *testing.T) {
	x := newHarness(t)
	admin := x.managementToken()
	uid := x.created(admin, "/api/users", `{"username":"linus","password":"L1nus-passw0rd"}`)
	w := x.api(http.MethodPost, "/api/users/"+uid+"/mfa-verifications", admin, `{"type":"Totp","secret":"JBSWY3DPEHPK3PXP"}`)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())

	b := &browser{t: t, x: x}
	b.call(http.MethodPut, "/api/experience", `{"interactionEvent":"SignIn"}`)
	id := b.verification("/api/experience/verification/password", `{"identifier":{"type":"username","value":"linus"},"password":"L1nus-passw0rd"}`)
	b.call(http.MethodPost, "/api/experience/identification", `{"verificationId":"`+id+`"}`)
	w = b.call(http.MethodPost, "/api/experience/submit", "")
	require.Equal(t, http.StatusForbidden, w.Code)
	require.Equal(t, "session.mfa.require_mfa_verification", decode(t, w)["code"])
	require.Equal(t, []any{"Totp"}, decode(t, w)["data"].(map[string]any)["availableFactors"])

	w = b.call(http.MethodPost, "/api/experience/verification/totp/verify", `{"code":"000000"}`)
	require.Equal(t, http.StatusBadRequest, w.Code)
	code, err := totpCode("JBSWY3DPEHPK3PXP", x.clock.Now())
	require.NoError(t, err)
	b.verification("/api/experience/verification/totp/verify", `{"code":"`+code+`"}`)
	b.call(http.MethodPost, "/api/experience/verification/backup-code/generate", "")
	x.conforms("GetInteraction", http.MethodGet, "/api/experience/interaction", b.call(http.MethodGet, "/api/experience/interaction", ""))
	require.Equal(t, http.StatusOK, b.call(http.MethodPost, "/api/experience/submit", "").Code)
}

func TestExperienceResetsAPasswordWithAnEmailedCode(t *testing.T) {
	x := newHarness(t)
	admin := x.managementToken()
	uid := x.created(admin, "/api/users", `{"username":"ken","password":"K3n-old-passw0rd","primaryEmail":"ken@example.test"}`)
	w := x.api(http.MethodPost, "/api/connectors", admin, `{"connectorId":"simple-mail-transfer-protocol","config":{"host":"h","port":25,"fromEmail":"a@example.test"}}`)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())

	b := &browser{t: t, x: x}
	b.call(http.MethodPut, "/api/experience", `{"interactionEvent":"ForgotPassword"}`)
	id := b.verification("/api/experience/verification/verification-code", `{"identifier":{"type":"email","value":"ken@example.test"},"interactionEvent":"ForgotPassword"}`)
	var code string
	require.NoError(t, x.h.deps.Store.View(func(tx *store.Tx) error {
		msgs, err := x.h.deps.Outbox.List(tx, "default", "ken@example.test")
		require.Len(t, msgs, 1)
		require.Equal(t, "ForgotPassword", msgs[0].Purpose)
		code = msgs[0].Code
		return err
	}))
	b.verification("/api/experience/verification/verification-code/verify", `{"identifier":{"type":"email","value":"ken@example.test"},"verificationId":"`+id+`","code":"`+code+`"}`)
	require.Equal(t, http.StatusNoContent, b.call(http.MethodPost, "/api/experience/identification", `{"verificationId":"`+id+`"}`).Code)
	x.conforms("GetInteraction", http.MethodGet, "/api/experience/interaction", b.call(http.MethodGet, "/api/experience/interaction", ""))
	w = b.call(http.MethodPost, "/api/experience/submit", "")
	require.Equal(t, "user.new_password_required_in_profile", decode(t, w)["code"])
	w = b.call(http.MethodPut, "/api/experience/profile/password", `{"password":"K3n-old-passw0rd"}`)
	require.Equal(t, "user.same_password", decode(t, w)["code"])
	require.Equal(t, http.StatusNoContent, b.call(http.MethodPut, "/api/experience/profile/password", `{"password":"K3n-new-passw0rd"}`).Code)
	require.Equal(t, http.StatusOK, b.call(http.MethodPost, "/api/experience/submit", "").Code)

	w = x.api(http.MethodPost, "/api/users/"+uid+"/password/verify", admin, `{"password":"K3n-new-passw0rd"}`)
	require.Equal(t, http.StatusNoContent, w.Code)
}

func TestExperienceRegistersWithASocialIdentity(t *testing.T) {
	x := newHarness(t)
	b := &browser{t: t, x: x}
	b.call(http.MethodPut, "/api/experience", `{"interactionEvent":"Register"}`)
	w := b.call(http.MethodPost, "/api/experience/verification/social/github/authorization-uri", `{"redirectUri":"https://app.example.test/cb","state":"s1"}`)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.True(t, strings.HasPrefix(decode(t, w)["authorizationUri"].(string), "https://github.com/login/oauth/authorize?"))
	id := decode(t, w)["verificationId"].(string)
	b.verification("/api/experience/verification/social/github/verify", `{"verificationId":"`+id+`","connectorData":{"userId":"gh-42","name":"Octo Cat"}}`)
	require.Equal(t, http.StatusCreated, b.call(http.MethodPost, "/api/experience/identification", `{"verificationId":"`+id+`"}`).Code)
	w = b.call(http.MethodPost, "/api/experience/submit", "")
	require.Equal(t, http.StatusUnprocessableEntity, w.Code, "sign-up asks for a username")
	require.Equal(t, []any{"username"}, decode(t, w)["data"].(map[string]any)["missingProfile"])
	require.Equal(t, http.StatusNoContent, b.call(http.MethodPost, "/api/experience/profile", `{"type":"username","value":"octocat"}`).Code)
	require.Equal(t, http.StatusOK, b.call(http.MethodPost, "/api/experience/submit", "").Code)

	// Signing in again with the same identity finds that user.
	b = &browser{t: t, x: x}
	b.call(http.MethodPut, "/api/experience", `{"interactionEvent":"SignIn"}`)
	w = b.call(http.MethodPost, "/api/experience/verification/social/github/authorization-uri", `{"redirectUri":"https://app.example.test/cb","state":"s2"}`)
	id = decode(t, w)["verificationId"].(string)
	b.verification("/api/experience/verification/social/github/verify", `{"verificationId":"`+id+`","connectorData":{"userId":"gh-42"}}`)
	require.Equal(t, http.StatusNoContent, b.call(http.MethodPost, "/api/experience/identification", `{"verificationId":"`+id+`"}`).Code)
	w = b.call(http.MethodGet, "/api/experience/interaction", "")
	x.conforms("GetInteraction", http.MethodGet, "/api/experience/interaction", w)
	user := decode(t, w)["userId"].(string)
	w = x.api(http.MethodGet, "/api/users/"+user, x.managementToken(), "")
	require.Equal(t, "Octo Cat", decode(t, w)["name"])
	require.Equal(t, "gh-42", decode(t, w)["identities"].(map[string]any)["github"].(map[string]any)["userId"])
}

func TestExperienceSignsInWithAOneTimeToken(t *testing.T) {
	x := newHarness(t)
	admin := x.managementToken()
	x.created(admin, "/api/users", `{"username":"dennis","primaryEmail":"dennis@example.test"}`)
	w := x.api(http.MethodPost, "/api/one-time-tokens", admin, `{"email":"dennis@example.test","expiresIn":60}`)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	token := decode(t, w)["token"].(string)

	b := &browser{t: t, x: x}
	b.call(http.MethodPut, "/api/experience", `{"interactionEvent":"SignIn"}`)
	w = b.call(http.MethodPost, "/api/experience/verification/one-time-token/verify", `{"identifier":{"type":"email","value":"other@example.test"},"token":"`+token+`"}`)
	require.Equal(t, "one_time_token.email_mismatch", decode(t, w)["code"])
	id := b.verification("/api/experience/verification/one-time-token/verify", `{"identifier":{"type":"email","value":"dennis@example.test"},"token":"`+token+`"}`)
	require.Equal(t, http.StatusNoContent, b.call(http.MethodPost, "/api/experience/identification", `{"verificationId":"`+id+`"}`).Code)
	x.conforms("GetInteraction", http.MethodGet, "/api/experience/interaction", b.call(http.MethodGet, "/api/experience/interaction", ""))
	w = b.call(http.MethodPost, "/api/experience/submit", "")
	require.Equal(t, http.StatusUnprocessableEntity, w.Code, "no password, which sign-up requires")
	require.Equal(t, []any{"password"}, decode(t, w)["data"].(map[string]any)["missingProfile"])

	w = b.call(http.MethodPost, "/api/experience/verification/one-time-token/verify", `{"identifier":{"type":"email","value":"dennis@example.test"},"token":"`+token+`"}`)
	require.Equal(t, "one_time_token.token_consumed", decode(t, w)["code"])
}
