package akamai

import (
	"bytes"
	"encoding/base64"
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
	val    any // the body as any JSON value (arrays, strings, booleans)
	raw    string
}

func (r reply) code() int {
	n, _ := r.body["code"].(float64)
	return int(n)
}

// send posts a form with extra request headers.
func (x *harness) send(path string, form url.Values, header http.Header) reply {
	x.tb.Helper()
	return x.sendMethod(http.MethodPost, path, form, header)
}

// sendMethod sends a form with any method.
func (x *harness) sendMethod(method, path string, form url.Values, header http.Header) reply {
	x.tb.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
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

// do sends a request as it is and decodes the answer (any JSON value lands in val). The
// answer must match the contract of the operation it came from.
func (x *harness) do(req *http.Request) reply {
	x.tb.Helper()
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	w := httptest.NewRecorder()
	x.engine.ServeHTTP(w, req)
	if op, params, ok := x.h.contract.Match(req.Method, req.URL.Path); ok {
		check := httptest.NewRequest(req.Method, req.URL.String(), bytes.NewReader(body))
		check.Header = req.Header
		err := x.h.contract.ValidateResponse(req.Context(), op, check, params, w.Code, w.Header(), w.Body.Bytes())
		require.NoError(x.tb, err, "%s %s answered outside its contract: %s", req.Method, req.URL.Path, w.Body.String())
	}
	out := reply{status: w.Code, header: w.Header(), raw: w.Body.String()}
	_ = json.Unmarshal(w.Body.Bytes(), &out.body)
	_ = json.Unmarshal(w.Body.Bytes(), &out.val)
	return out
}

// jsonCall sends a JSON body (nil for none) with an optional Bearer token.
func (x *harness) jsonCall(method, path, bearerToken string, body any) reply {
	x.tb.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(x.tb, err)
		rd = bytes.NewReader(b)
	}
	req := httptest.NewRequest(method, path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if bearerToken != "" {
		req.Header.Set("Authorization", "Bearer "+bearerToken)
	}
	return x.do(req)
}

// basicJSON sends a JSON body (nil for none) with HTTP Basic credentials.
func (x *harness) basicJSON(method, path, user, password string, body any) reply {
	x.tb.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(x.tb, err)
		rd = bytes.NewReader(b)
	}
	req := httptest.NewRequest(method, path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.SetBasicAuth(user, password)
	return x.do(req)
}

// status asserts an HTTP status and returns the reply.
func (r reply) is(tb testing.TB, status int) reply {
	tb.Helper()
	require.Equal(tb, status, r.status, r.raw)
	return r
}

// hostError asserts a v1.api error: the status and an {"errors": ...} body.
func (r reply) hostError(tb testing.TB, status int) string {
	tb.Helper()
	require.Equal(tb, status, r.status, r.raw)
	msg, ok := r.body["errors"].(string)
	require.True(tb, ok, r.raw)
	require.NotEmpty(tb, msg)
	return msg
}

// oauthError asserts an OAuth error body.
func (r reply) oauthError(tb testing.TB, status int, name string) {
	tb.Helper()
	require.Equal(tb, status, r.status, r.raw)
	require.Equal(tb, name, r.body["error"], r.raw)
}
