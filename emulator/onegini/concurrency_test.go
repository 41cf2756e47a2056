package onegini

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestConcurrentWritesNeitherDuplicateNorLose: many callers add the same URL while
// others batch distinct message keys into one locale. The whitelist gains exactly one
// entry (all callers get its id) and every key is stored.
func TestConcurrentWritesNeitherDuplicateNorLose(t *testing.T) {
	x := newHarness(t)
	const n = 24
	ids := make([]string, n)
	codes := make([]int, 2*n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(2)
		go func() {
			defer wg.Done()
			w := x.as(http.MethodPost, "/api/v2/config/features/action-token/whitelisted-urls", `{"url":"https://race.example.test/cb"}`)
			codes[i] = w.Code
			if w.Code == http.StatusCreated {
				ids[i], _ = decode(t, w)["id"].(string)
			}
		}()
		go func() {
			defer wg.Done()
			codes[n+i] = x.as(http.MethodPut, "/api/v2/config/custom-messages/sv/batch", fmt.Sprintf(`{"key%d":"v%d"}`, i, i)).Code
		}()
	}
	wg.Wait()
	for i := range n {
		require.Equal(t, http.StatusCreated, codes[i])
		require.Equal(t, ids[0], ids[i])
		require.Equal(t, http.StatusNoContent, codes[n+i])
	}
	list := decode(t, x.as(http.MethodGet, "/api/v2/config/features/action-token/whitelisted-urls", ""))["whitelisted_urls"].([]any)
	require.Len(t, list, 2, "the default entry and one race entry")
	sv := at(t, decode(t, x.as(http.MethodGet, "/api/v2/config/custom-messages", "")), "locales", "sv").(map[string]any)
	require.Len(t, sv, n)
}
