package faults

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/clock"
)

func serve(t *testing.T, s *Set) func(method, path string, header ...string) *httptest.ResponseRecorder {
	gin.SetMode(gin.TestMode)
	r := gin.New()
	r.Use(s.Middleware())
	r.Any("/*path", func(c *gin.Context) { c.String(http.StatusOK, "real") })
	return func(method, path string, header ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		w := httptest.NewRecorder()
		r.ServeHTTP(w, req)
		return w
	}
}

func TestAStatusRuleFiresForItsRouteTheGivenNumberOfTimes(t *testing.T) {
	s := NewSet(clock.New())
	do := serve(t, s)
	_, err := s.Add(Rule{Method: "POST", Path: "/v1/identity/users", Status: 503, Body: json.RawMessage(`{"problem":"down"}`), Times: 2})
	require.NoError(t, err)

	require.Equal(t, "real", do("GET", "/v1/identity/users").Body.String(), "another method is untouched")
	for range 2 {
		w := do("POST", "/v1/identity/users")
		require.Equal(t, 503, w.Code)
		require.JSONEq(t, `{"problem":"down"}`, w.Body.String())
		require.Equal(t, "true", w.Header().Get("X-Idemu-Fault"))
	}
	require.Equal(t, 200, do("POST", "/v1/identity/users").Code, "the rule retired after two")
	require.Empty(t, s.List())
}

func TestPrefixTenantAndAdminPaths(t *testing.T) {
	s := NewSet(clock.New())
	do := serve(t, s)
	_, err := s.Add(Rule{Path: "/api/*", Tenant: "acme", Status: 500})
	require.NoError(t, err)
	require.Equal(t, 500, do("GET", "/api/users/1", "X-Idemu-Tenant", "acme").Code)
	require.Equal(t, 200, do("GET", "/api/users/1").Code, "other tenants are untouched")
	require.Equal(t, 200, do("GET", "/other").Code)

	_, err = s.Add(Rule{Path: "/_emulator/health", Status: 500})
	require.ErrorContains(t, err, "admin API")
	s.Clear()
	require.Equal(t, 200, do("GET", "/api/users/1", "X-Idemu-Tenant", "acme").Code)
}

func TestRateLimitWindowRunsOnTheEmulatorClock(t *testing.T) {
	clk := clock.NewAt(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	s := NewSet(clk)
	do := serve(t, s)
	_, err := s.Add(Rule{Path: "/token", RateLimit: &RateLimit{Requests: 2, Per: "1m"}})
	require.NoError(t, err)
	require.Equal(t, 200, do("POST", "/token").Code)
	require.Equal(t, 200, do("POST", "/token").Code)
	w := do("POST", "/token")
	require.Equal(t, 429, w.Code)
	require.Equal(t, "1", w.Header().Get("Retry-After"))
	clk.Advance(61 * time.Second)
	require.Equal(t, 200, do("POST", "/token").Code, "a new window")
	require.Equal(t, 1, s.List()[0].Fired)
}

func TestLatencyDelaysTheRealAnswer(t *testing.T) {
	s := NewSet(clock.New())
	do := serve(t, s)
	_, err := s.Add(Rule{Path: "/slow", LatencyMS: 50})
	require.NoError(t, err)
	start := time.Now() // wall-clock: latency is real time by design
	require.Equal(t, "real", do("GET", "/slow").Body.String())
	require.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)
}

func TestInvalidRulesSayWhatIsWrong(t *testing.T) {
	s := NewSet(clock.New())
	for _, r := range []Rule{
		{Path: "no-slash", Status: 500},
		{Path: "/x"},
		{Path: "/x", Status: 42},
		{Path: "/x", Status: 101}, // not a final status
		{Path: "/x", LatencyMS: 60_000},
		{Path: "/x", RateLimit: &RateLimit{Requests: 0, Per: "1m"}},
		{Path: "/x", Status: 500, Body: json.RawMessage(`{`)},
	} {
		_, err := s.Add(r)
		require.Error(t, err, "%+v", r)
	}
	require.Empty(t, s.List())
}
