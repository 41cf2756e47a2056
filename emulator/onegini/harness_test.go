package onegini

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/platform/platformtest"
	"github.com/idemu/idemu/fixtures"
)

// harness is the provider on a bare gin engine, served without a listener.
type harness struct {
	tb     testing.TB
	h      *Handler
	engine *gin.Engine
	mu     sync.Mutex
	routed []string // operation ids the router picked, in order
}

func newHarness(tb testing.TB) *harness {
	tb.Helper()
	gin.SetMode(gin.TestMode)
	deps, _ := platformtest.Deps(tb, "onegini")
	h, err := New(deps)
	require.NoError(tb, err)
	require.NoError(tb, h.Seed(h.Defaults()))
	x := &harness{tb: tb, h: h, engine: gin.New()}
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

// request is one call; the zero value is an anonymous GET without body.
type request struct {
	method, target, body, contentType string
	user, password                    string
	tenant                            string
}

func (x *harness) send(q request) *httptest.ResponseRecorder {
	if q.method == "" {
		q.method = http.MethodGet
	}
	r := httptest.NewRequest(q.method, q.target, strings.NewReader(q.body))
	if q.body == "" {
		r.Body = http.NoBody
	}
	if q.contentType != "" {
		r.Header.Set("Content-Type", q.contentType)
	}
	if q.user != "" {
		r.SetBasicAuth(q.user, q.password)
	}
	if q.tenant != "" {
		r.Header.Set(platform.TenantHeader, q.tenant)
	}
	w := httptest.NewRecorder()
	x.engine.ServeHTTP(w, r)
	return w
}

// as calls with the default technical user; a body is sent as JSON.
func (x *harness) as(method, target, body string) *httptest.ResponseRecorder {
	ct := ""
	if body != "" {
		ct = "application/json"
	}
	return x.send(request{method: method, target: target, body: body, contentType: ct, user: DefaultUsername, password: DefaultPassword})
}

// seed loads a fixture document given in YAML, as POST /_emulator/seed does.
func (x *harness) seed(yaml string) error {
	doc, err := fixtures.Parse([]byte(yaml))
	require.NoError(x.tb, err)
	return x.h.Seed(doc)
}

func decode(tb testing.TB, w *httptest.ResponseRecorder) map[string]any {
	tb.Helper()
	var m map[string]any
	require.NoError(tb, json.Unmarshal(w.Body.Bytes(), &m), w.Body.String())
	return m
}

// at reads a value by a path of keys and indexes.
func at(tb testing.TB, v any, path ...any) any {
	tb.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			require.True(tb, ok, "not an object at %v", k)
			v, ok = m[k]
			require.True(tb, ok, "no key %q", k)
		case int:
			a, ok := v.([]any)
			require.True(tb, ok && k < len(a), "no index %d", k)
			v = a[k]
		}
	}
	return v
}
