package akamai

import (
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestConcurrentRegistrationsNeverBothWin: many clients register one address at once;
// exactly one succeeds, every other one gets the form error, and one record holds it.
func TestConcurrentRegistrationsNeverBothWin(t *testing.T) {
	x := newHarness(t)
	const n = 16
	replies := make([]reply, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			replies[i] = x.login("/oauth/register_native_traditional", "locale", "en-US", "redirect_uri", redirect,
				"form", "registrationForm", "emailAddress", "race@example.test", "displayName", fmt.Sprint(i),
				"newPassword", "Race-password-1", "newPasswordConfirm", "Race-password-1")
		}()
	}
	wg.Wait()
	won := 0
	for _, r := range replies {
		require.Equal(t, http.StatusOK, r.status)
		if r.body["stat"] == "ok" {
			won++
			continue
		}
		require.Equal(t, float64(codeInvalidFormFields), r.body["code"], r.raw)
	}
	require.Equal(t, 1, won)
	require.Equal(t, 1.0, x.call("/entity.count", "type_name", "user", "filter", "email = 'race@example.test'").ok(t)["total_count"])
}

// TestConcurrentNamesAndRedemptions: OIDC client names and webhook titles are claimed in
// the write's transaction, and an authorization code is redeemed once, however many
// callers race.
func TestConcurrentNamesAndRedemptions(t *testing.T) {
	x := newHarness(t)
	tok := x.adminToken(scopeAll)
	back, _ := x.signIn(authQuery(), DefaultEmail, DefaultPassword, "")
	code := back.Query().Get("code")
	const n = 12
	var clientsWon, hooksWon, codesWon int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range n {
		wg.Add(3)
		go func() {
			defer wg.Done()
			r := x.jsonCall(http.MethodPost, hl("/config/clients"), tok, map[string]any{"name": "race", "type": "confidential"})
			mu.Lock()
			defer mu.Unlock()
			if r.status == http.StatusCreated {
				clientsWon++
			} else {
				require.Equal(t, http.StatusConflict, r.status, r.raw)
			}
		}()
		go func() {
			defer wg.Done()
			r := x.jsonCall(http.MethodPost, hl(hooks), tok, map[string]any{"title": "race", "endpoint": "http://localhost:9/in", "events": []string{}})
			mu.Lock()
			defer mu.Unlock()
			if r.status == http.StatusCreated {
				hooksWon++
			} else {
				require.Equal(t, http.StatusConflict, r.status, r.raw)
			}
		}()
		go func() {
			defer wg.Done()
			r := x.tokenForm("/login/token", DefaultOIDCClientID, DefaultOIDCClientSecret, url.Values{"grant_type": {"authorization_code"},
				"code": {code}, "redirect_uri": {DefaultRedirectURI}})
			mu.Lock()
			defer mu.Unlock()
			if r.status == http.StatusOK {
				codesWon++
			} else {
				require.Equal(t, "invalid_grant", r.body["error"], r.raw)
			}
		}()
	}
	wg.Wait()
	require.Equal(t, []int{1, 1, 1}, []int{clientsWon, hooksWon, codesWon})
}
