package logto

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestTheSentinelLocksOutAnIdentifierAfterTooManyFailures(t *testing.T) {
	x := newHarness(t)
	admin := x.managementToken()
	x.created(admin, "/api/users", `{"username":"ada","password":"Ada-passw0rd-1"}`)
	w := x.api(http.MethodPatch, "/api/sign-in-exp", admin, `{"sentinelPolicy":{"maxAttempts":3,"lockoutDuration":10}}`)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())

	b := &browser{t: t, x: x}
	require.Equal(t, http.StatusNoContent, b.call(http.MethodPut, "/api/experience", `{"interactionEvent":"SignIn"}`).Code)
	password := func(pw string) map[string]any {
		w := b.call(http.MethodPost, "/api/experience/verification/password", `{"identifier":{"type":"username","value":"ada"},"password":"`+pw+`"}`)
		out := decode(t, w)
		out["status"] = w.Code
		return out
	}
	for range 2 {
		require.Equal(t, "session.invalid_credentials", password("wrong")["code"])
	}
	r := password("wrong")
	require.Equal(t, http.StatusBadRequest, r["status"])
	require.Equal(t, "session.verification_blocked_too_many_attempts", r["code"])
	require.Equal(t, "Too many attempts in a short time. Please try again in 10 minutes.", r["message"])
	require.Equal(t, "session.verification_blocked_too_many_attempts", password("Ada-passw0rd-1")["code"], "the right password too")

	// Another identifier is not affected; the lockout ends with its duration.
	x.created(admin, "/api/users", `{"username":"bob","password":"Bob-passw0rd-1"}`)
	w = b.call(http.MethodPost, "/api/experience/verification/password", `{"identifier":{"type":"username","value":"bob"},"password":"Bob-passw0rd-1"}`)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	x.clock.Advance(11 * time.Minute)
	require.Equal(t, http.StatusOK, password("Ada-passw0rd-1")["status"])

	// An administrator unblocks an identifier by forgetting its last hour.
	for range 3 {
		password("wrong")
	}
	require.Equal(t, "session.verification_blocked_too_many_attempts", password("Ada-passw0rd-1")["code"])
	w = x.api(http.MethodPost, "/api/sentinel-activities/delete", admin, `{"targetType":"User","targets":["ada"]}`)
	require.Equal(t, http.StatusNoContent, w.Code)
	require.Equal(t, http.StatusOK, password("Ada-passw0rd-1")["status"])
}
