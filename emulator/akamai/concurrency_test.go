package akamai

import (
	"fmt"
	"net/http"
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
