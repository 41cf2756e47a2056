package logto

import (
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestConcurrentCreatesClaimAUsernameOnce: of many simultaneous creations with one
// username, exactly one succeeds; the rest are 422, and one user is stored.
func TestConcurrentCreatesClaimAUsernameOnce(t *testing.T) {
	x := newHarness(t)
	token := x.managementToken()
	const n = 16
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = x.api(http.MethodPost, "/api/users", token, `{"username":"racer","primaryEmail":"racer@example.test"}`).Code
		}()
	}
	wg.Wait()
	ok := 0
	for _, c := range codes {
		if c == http.StatusOK {
			ok++
		} else {
			require.Equal(t, http.StatusUnprocessableEntity, c)
		}
	}
	require.Equal(t, 1, ok)
	w := x.api(http.MethodGet, "/api/users?search.username=racer", token, "")
	require.Equal(t, "1", w.Header().Get("Total-Number"))
}
