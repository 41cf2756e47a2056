package logto

import (
	"bytes"
	"encoding/json"
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
	"github.com/idemu/idemu/emulator/platform"
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
	deps, clk := platformtest.Deps(tb, "logto")
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

// do sends a request; headers are name, value pairs.
func (x *harness) do(method, target, body string, headers ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if body == "" {
		r.Body = http.NoBody
	}
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	x.engine.ServeHTTP(w, r)
	return w
}

// api calls the Management API with a token and a JSON body.
func (x *harness) api(method, target, token, body string) *httptest.ResponseRecorder {
	h := []string{}
	if token != "" {
		h = append(h, "Authorization", "Bearer "+token)
	}
	if body != "" {
		h = append(h, "Content-Type", "application/json")
	}
	return x.do(method, target, body, h...)
}

// tokenFor runs client_credentials for a resource and scope with the default client.
func (x *harness) tokenFor(resource, scope string) string {
	x.tb.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "resource": {resource}, "scope": {scope}}
	w := x.do(http.MethodPost, "/oidc/token", form.Encode(), "Content-Type", "application/x-www-form-urlencoded",
		"Authorization", basic(DefaultClientID, DefaultClientSecret))
	require.Equal(x.tb, http.StatusOK, w.Code, w.Body.String())
	return decode(x.tb, w)["access_token"].(string)
}

// managementToken is a Management API token with the scope all.
func (x *harness) managementToken() string {
	return x.tokenFor(managementIndicator(platform.DefaultTenant), "all")
}

func basic(id, secret string) string {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.SetBasicAuth(id, secret)
	return r.Header.Get("Authorization")
}

func decode(tb testing.TB, w *httptest.ResponseRecorder) map[string]any {
	tb.Helper()
	var m map[string]any
	require.NoError(tb, json.Unmarshal(w.Body.Bytes(), &m), w.Body.String())
	return m
}

func decodeList(tb testing.TB, w *httptest.ResponseRecorder) []any {
	tb.Helper()
	var l []any
	require.NoError(tb, json.Unmarshal(w.Body.Bytes(), &l), w.Body.String())
	return l
}

func jsonBody(v any) string {
	var b bytes.Buffer
	_ = json.NewEncoder(&b).Encode(v)
	return b.String()
}

// conforms checks a recorded answer against the operation's documented responses, as
// the conformance suite does for the calls it makes.
func (x *harness) conforms(opID, method, target string, w *httptest.ResponseRecorder) {
	x.tb.Helper()
	group, err := x.h.schemas.group(x.h.idx.ops[opID].Group)
	require.NoError(x.tb, err)
	op := group.Operation(opID)
	r := httptest.NewRequest(method, target, nil)
	_, params, ok := group.Match(method, r.URL.Path)
	require.True(x.tb, ok, "%s %s", method, target)
	require.NoError(x.tb, group.ValidateResponse(r.Context(), op, r, params, w.Code, w.Header(), w.Body.Bytes()), "%s: %s", opID, w.Body.String())
}
