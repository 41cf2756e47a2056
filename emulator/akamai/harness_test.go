package akamai

import (
	"encoding/base64"
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
	"github.com/idemu/idemu/emulator/outbox"
	"github.com/idemu/idemu/emulator/platform/platformtest"
	"github.com/idemu/idemu/emulator/store"
)

// harness is the provider on a bare gin engine, served without a listener.
type harness struct {
	tb     testing.TB
	h      *Handler
	engine *gin.Engine
	clock  *clock.Adjustable
	store  *store.Store
	outbox *outbox.Outbox
	mu     sync.Mutex
	routed []string // operation ids the router picked, in order
}

func newHarness(tb testing.TB) *harness {
	tb.Helper()
	gin.SetMode(gin.TestMode)
	deps, clk := platformtest.Deps(tb, "akamai")
	ob := deps.Outbox
	h, err := New(deps)
	require.NoError(tb, err)
	require.NoError(tb, h.Seed(h.Defaults()))
	x := &harness{tb: tb, h: h, clock: clk, store: deps.Store, outbox: ob, engine: gin.New()}
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

// reply is a decoded response.
type reply struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func (r reply) code() int {
	n, _ := r.body["code"].(float64)
	return int(n)
}

// send posts a form with extra request headers.
func (x *harness) send(path string, form url.Values, header http.Header) reply {
	x.tb.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, vs := range header {
		req.Header[k] = vs
	}
	w := httptest.NewRecorder()
	x.engine.ServeHTTP(w, req)
	out := reply{status: w.Code, header: w.Header(), raw: w.Body.String()}
	_ = json.Unmarshal(w.Body.Bytes(), &out.body)
	return out
}

// call posts a form with the default owner client's credentials as parameters.
func (x *harness) call(path string, kv ...string) reply {
	x.tb.Helper()
	form := pairs(kv...)
	form.Set("client_id", DefaultOwnerClientID)
	form.Set("client_secret", DefaultOwnerClientSecret)
	return x.send(path, form, nil)
}

// login posts a form for the default login client (client_id only).
func (x *harness) login(path string, kv ...string) reply {
	x.tb.Helper()
	form := pairs(kv...)
	form.Set("client_id", DefaultLoginClientID)
	return x.send(path, form, nil)
}

func pairs(kv ...string) url.Values {
	form := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		form.Add(kv[i], kv[i+1])
	}
	return form
}

// ok asserts a stat ok answer and returns its body.
func (r reply) ok(tb testing.TB) map[string]any {
	tb.Helper()
	require.Equal(tb, http.StatusOK, r.status, r.raw)
	require.Equal(tb, "ok", r.body["stat"], r.raw)
	return r.body
}

// fails asserts a stat error answer with the code (and its name) and HTTP status.
func (r reply) fails(tb testing.TB, status, code int) map[string]any {
	tb.Helper()
	require.Equal(tb, status, r.status, r.raw)
	require.Equal(tb, "error", r.body["stat"], r.raw)
	require.Equal(tb, code, r.code(), r.raw)
	name := r.body["error"]
	if sub, ok := r.body["sub_error"]; ok { // the token endpoint: an OAuth error, Capture's name beside it
		name = sub
	}
	require.Equal(tb, errorNames[code], name, r.raw)
	require.NotEmpty(tb, r.body["error_description"], r.raw)
	require.Len(tb, r.body["request_id"], 16)
	return r.body
}

// createUser creates a user record and returns its uuid.
func (x *harness) createUser(attrs string) string {
	x.tb.Helper()
	body := x.call("/entity.create", "type_name", "user", "attributes", attrs).ok(x.tb)
	return body["uuid"].(string)
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
