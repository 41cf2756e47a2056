package logto

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/store"
)

// userSession is a user with an Account API token, made the way idemu documents:
// a subject token exchanged by an application that allows token exchange.
type userSession struct {
	x      *harness
	admin  string
	userID string
	token  string
	proof  string // logto-verification-id
}

func newUserSession(t *testing.T, scopes string) *userSession {
	x := newHarness(t)
	s := &userSession{x: x, admin: x.managementToken()}
	s.userID = x.created(s.admin, "/api/users", `{"username":"ada","password":"Ada-passw0rd-1","primaryEmail":"ada@example.test"}`)
	app := x.created(s.admin, "/api/applications", `{"name":"portal","type":"Traditional","oidcClientMetadata":{"redirectUris":["https://app.example.test/cb"],"postLogoutRedirectUris":[]},"customClientMetadata":{"allowTokenExchange":true}}`)
	secret := decodeList(t, x.api(http.MethodGet, "/api/applications/"+app+"/secrets", s.admin, ""))[0].(map[string]any)["value"].(string)
	w := x.api(http.MethodPost, "/api/subject-tokens", s.admin, `{"userId":"`+s.userID+`"}`)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	form := url.Values{"grant_type": {grantTokenExchange}, "subject_token": {decode(t, w)["subjectToken"].(string)},
		"subject_token_type": {tokenTypeAccessToken}, "scope": {scopes}}
	w = x.do(http.MethodPost, "/oidc/token", form.Encode(), "Content-Type", "application/x-www-form-urlencoded",
		"Authorization", basic(app, secret))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	s.token = decode(t, w)["access_token"].(string)
	w = x.api(http.MethodPatch, "/api/account-center", s.admin, `{"enabled":true,"fields":{"email":"Edit","phone":"Edit","password":"Edit","mfa":"Edit","session":"Edit","social":"Edit"}}`)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	w = x.api(http.MethodPost, "/api/connectors", s.admin, `{"connectorId":"simple-mail-transfer-protocol","config":{"host":"h","port":25,"fromEmail":"a@example.test"}}`)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	return s
}

// call sends an Account API request with the user's token and proof.
func (s *userSession) call(method, path, body string) *httptest.ResponseRecorder {
	h := []string{"Authorization", "Bearer " + s.token}
	if body != "" {
		h = append(h, "Content-Type", "application/json")
	}
	if s.proof != "" {
		h = append(h, verificationHeader, s.proof)
	}
	return s.x.do(method, path, body, h...)
}

// lastCode reads the last code the outbox holds for an address.
func (s *userSession) lastCode(t *testing.T, to string) string {
	var code string
	require.NoError(t, s.x.h.deps.Store.View(func(tx *store.Tx) error {
		msgs, err := s.x.h.deps.Outbox.List(tx, "default", to)
		require.NotEmpty(t, msgs)
		code = msgs[len(msgs)-1].Code
		return err
	}))
	return code
}

func TestAccountAPIChangesNeedAProofOfIdentity(t *testing.T) {
	s := newUserSession(t, "openid profile email identities")
	w := s.call(http.MethodPost, "/api/my-account/password", `{"password":"N3w-passw0rd!"}`)
	require.Equal(t, http.StatusUnauthorized, w.Code)
	require.Equal(t, "verification_record.permission_denied", decode(t, w)["code"])

	w = s.call(http.MethodPost, "/api/verifications/password", `{"password":"Ada-passw0rd-1"}`)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	s.proof = decode(t, w)["verificationRecordId"].(string)
	require.Equal(t, http.StatusNoContent, s.call(http.MethodPost, "/api/my-account/password", `{"password":"N3w-passw0rd!"}`).Code)
	w = s.x.api(http.MethodPost, "/api/users/"+s.userID+"/password/verify", s.admin, `{"password":"N3w-passw0rd!"}`)
	require.Equal(t, http.StatusNoContent, w.Code, "the new password is the user's")

	// A new email is proven with a code sent to it.
	w = s.call(http.MethodPost, "/api/verifications/verification-code", `{"identifier":{"type":"email","value":"lovelace@example.test"}}`)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	record := decode(t, w)["verificationRecordId"].(string)
	w = s.call(http.MethodPost, "/api/my-account/primary-email", `{"email":"lovelace@example.test","newIdentifierVerificationRecordId":"`+record+`"}`)
	require.Equal(t, http.StatusBadRequest, w.Code, "not verified yet")
	code := s.lastCode(t, "lovelace@example.test")
	w = s.call(http.MethodPost, "/api/verifications/verification-code/verify", `{"identifier":{"type":"email","value":"lovelace@example.test"},"verificationId":"`+record+`","code":"`+code+`"}`)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	w = s.call(http.MethodPost, "/api/my-account/primary-email", `{"email":"lovelace@example.test","newIdentifierVerificationRecordId":"`+record+`"}`)
	require.Equal(t, http.StatusNoContent, w.Code, w.Body.String())
	w = s.call(http.MethodGet, "/api/my-account", "")
	require.Equal(t, "lovelace@example.test", decode(t, w)["primaryEmail"])

	// A code sent to the user's own email proves the user too.
	s.proof = ""
	s.x.clock.Advance(time.Second) // the outbox orders messages by send time
	w = s.call(http.MethodPost, "/api/verifications/verification-code", `{"identifier":{"type":"email","value":"lovelace@example.test"}}`)
	own := decode(t, w)["verificationRecordId"].(string)
	code = s.lastCode(t, "lovelace@example.test")
	w = s.call(http.MethodPost, "/api/verifications/verification-code/verify", `{"identifier":{"type":"email","value":"lovelace@example.test"},"verificationId":"`+own+`","code":"`+code+`"}`)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	s.proof = own
	require.Equal(t, http.StatusNoContent, s.call(http.MethodDelete, "/api/my-account/primary-email", "").Code)

	// The proof lasts ten minutes.
	s.x.clock.Advance(verificationTTL + 1)
	require.Equal(t, http.StatusUnauthorized, s.call(http.MethodPost, "/api/my-account/password", `{"password":"An0ther-passw0rd!"}`).Code)
}

func TestAccountAPIBindsTotpAndBackupCodes(t *testing.T) {
	s := newUserSession(t, "openid profile identities")
	w := s.call(http.MethodPost, "/api/verifications/password", `{"password":"Ada-passw0rd-1"}`)
	s.proof = decode(t, w)["verificationRecordId"].(string)

	w = s.call(http.MethodPost, "/api/my-account/mfa-verifications/totp-secret/generate", "")
	secret := decode(t, w)["secret"].(string)
	code, err := totpCode(secret, s.x.clock.Now())
	require.NoError(t, err)
	w = s.call(http.MethodPost, "/api/my-account/mfa-verifications", `{"type":"Totp","secret":"`+secret+`","code":"`+code+`"}`)
	require.Equal(t, http.StatusNoContent, w.Code, w.Body.String())
	w = s.call(http.MethodPost, "/api/my-account/mfa-verifications", `{"type":"Totp","secret":"`+secret+`"}`)
	require.Equal(t, "user.totp_already_in_use", decode(t, w)["code"])

	w = s.call(http.MethodPost, "/api/my-account/mfa-verifications/backup-codes/generate", "")
	codes := decode(t, w)["codes"].([]any)
	w = s.call(http.MethodPost, "/api/my-account/mfa-verifications", jsonBody(map[string]any{"type": "BackupCode", "codes": codes}))
	require.Equal(t, http.StatusNoContent, w.Code, w.Body.String())
	w = s.call(http.MethodGet, "/api/my-account/mfa-verifications/backup-codes", "")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.Len(t, decode(t, w)["codes"], 10)

	w = s.call(http.MethodGet, "/api/my-account/mfa-verifications", "")
	list := decodeList(t, w)
	require.Len(t, list, 2)
	require.EqualValues(t, 10, list[1].(map[string]any)["remainCodes"])

	// The Management API sees the same factors.
	w = s.x.api(http.MethodGet, "/api/users/"+s.userID+"/mfa-verifications", s.admin, "")
	require.Len(t, decodeList(t, w), 2)
}

func TestTotpCodesFollowRFC6238(t *testing.T) {
	// RFC 6238's SHA-1 test vector (secret "12345678901234567890") at 59 s: 94287082.
	code, err := totpCode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", unixSeconds(59))
	require.NoError(t, err)
	require.Equal(t, "287082", code)
	require.True(t, totpValid("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "287082", unixSeconds(59+30)), "one step of drift")
	require.False(t, totpValid("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "287082", unixSeconds(59+90)))
}

func unixSeconds(s int64) time.Time { return time.Unix(s, 0) }
