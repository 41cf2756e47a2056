package identityv1

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/clock"
	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform/platformtest"
)

// harness is the provider on a bare gin engine, served without a listener.
type harness struct {
	tb     testing.TB
	h      *Handler
	engine *gin.Engine
	clock  *clock.Adjustable
	mu     sync.Mutex
	routed []string // operation ids the router picked, in order
}

func newHarness(tb testing.TB) *harness {
	tb.Helper()
	gin.SetMode(gin.TestMode)
	deps, clk := platformtest.Deps(tb, "identityv1")
	h, err := New(deps)
	require.NoError(tb, err)
	require.NoError(tb, h.Seed(h.Defaults()))
	x := &harness{tb: tb, h: h, clock: clk, engine: gin.New()}
	x.engine.Use(func(c *gin.Context) {
		c.Next()
		if op := contract.OperationOf(c); op != nil {
			x.mu.Lock()
			x.routed = append(x.routed, op.ID)
			x.mu.Unlock()
		}
	})
	require.NoError(tb, h.Mount(x.engine))
	return x
}

func (x *harness) do(method, target, token, contentType, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if body == "" {
		r.Body = http.NoBody
	}
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	x.engine.ServeHTTP(w, r)
	return w
}

func (x *harness) json(method, target, token, body string) *httptest.ResponseRecorder {
	return x.do(method, target, token, "application/json", body)
}

// token runs a grant with the default client and returns the access token.
func (x *harness) token(form url.Values) string {
	x.tb.Helper()
	form.Set("client_id", DefaultClientID)
	form.Set("client_secret", DefaultClientSecret)
	w := x.do(http.MethodPost, "/v1/authentication/connect/token", "", "application/x-www-form-urlencoded", form.Encode())
	require.Equal(x.tb, http.StatusOK, w.Code, w.Body.String())
	var body struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(x.tb, json.Unmarshal(w.Body.Bytes(), &body))
	return body.AccessToken
}

func (x *harness) clientToken() string {
	return x.token(url.Values{"grant_type": {"client_credentials"}})
}

func (x *harness) userToken(username, password string) string {
	return x.token(url.Values{"grant_type": {"password"}, "username": {username}, "password": {password}})
}

func decode(tb testing.TB, r io.Reader) map[string]any {
	tb.Helper()
	var m map[string]any
	require.NoError(tb, json.NewDecoder(r).Decode(&m))
	return m
}
