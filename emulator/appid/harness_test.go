package appid

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
	"github.com/idemu/idemu/emulator/outbox"
	"github.com/idemu/idemu/emulator/platform/platformtest"
	"github.com/idemu/idemu/emulator/store"
)

// mgmt is the management API base of the default tenant.
const mgmt = "/management/v4/" + DefaultTenant

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
	deps, clk := platformtest.Deps(tb, "appid")
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

func (x *harness) form(target string, form url.Values, user, pass string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if user != "" {
		r.SetBasicAuth(user, pass)
	}
	w := httptest.NewRecorder()
	x.engine.ServeHTTP(w, r)
	return w
}

// iamToken exchanges an API key for an IAM access token.
func (x *harness) iamToken(apikey string) string {
	x.tb.Helper()
	w := x.form("/identity/token", url.Values{"grant_type": {iamAPIKeyGrant}, "apikey": {apikey}}, "", "")
	require.Equal(x.tb, http.StatusOK, w.Code, w.Body.String())
	return decode(x.tb, w.Body)["access_token"].(string)
}

func (x *harness) manager() string { return x.iamToken(DefaultAPIKey) }

func decode(tb testing.TB, r io.Reader) map[string]any {
	tb.Helper()
	var m map[string]any
	require.NoError(tb, json.NewDecoder(r).Decode(&m))
	return m
}

// messages lists the outbox to an address.
func (x *harness) messages(to string) []outbox.Message {
	x.tb.Helper()
	var out []outbox.Message
	require.NoError(x.tb, x.store.View(func(tx *store.Tx) error {
		var err error
		out, err = x.outbox.List(tx, "", to)
		return err
	}))
	return out
}
