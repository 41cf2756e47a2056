package identityv1

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestConcurrentRegistrationsNeverBothWin: many clients register the same username
// (each with its own email and phone) at once; exactly one gets 201, every other one the
// documented 440, and the store holds one user with that name.
func TestConcurrentRegistrationsNeverBothWin(t *testing.T) {
	x := newHarness(t)
	token := x.clientToken()
	const n = 24
	codes := make([]int, n)
	problems := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf(`{"username":"race","password":"Race-password-1","email":"race%d@example.test","phone-number":"+1555020%04d"}`, i, i)
			w := x.json(http.MethodPost, "/v1/identity/users", token, body)
			codes[i] = w.Code
			if w.Code == StatusBusinessProblem {
				problems[i], _ = decode(t, w.Body)["problem"].(string)
			}
		}()
	}
	wg.Wait()
	created := 0
	for i, c := range codes {
		switch c {
		case http.StatusCreated:
			created++
		case StatusBusinessProblem:
			require.Equal(t, "username-already-used", problems[i])
		default:
			t.Fatalf("unexpected status %d", c)
		}
	}
	require.Equal(t, 1, created)
	w := x.json(http.MethodGet, "/v1/identity/users/race", token, "")
	require.Equal(t, http.StatusOK, w.Code)
}
