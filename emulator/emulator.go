package emulator

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/admin"
	"github.com/idemu/idemu/emulator/clock"
	"github.com/idemu/idemu/emulator/faults"
	"github.com/idemu/idemu/emulator/outbox"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/fixtures"
)

// Emulator is a set of provider instances, each on its own listener.
type Emulator struct {
	cfg       Config
	instances []*instance
}

type instance struct {
	name     string
	provider platform.Provider
	store    *store.Store
	engine   *gin.Engine
	baseline store.Snapshot
	server   *http.Server
	url      string
}

// New builds every configured provider, seeds its defaults and fixtures, and records
// that state as the baseline /_emulator/reset returns to. Nothing listens yet.
func New(cfg Config) (*Emulator, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	gin.SetMode(gin.ReleaseMode)
	e := &Emulator{cfg: cfg}
	for _, name := range cfg.Providers {
		inst, err := e.build(name)
		if err != nil {
			e.closeStores()
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		e.instances = append(e.instances, inst)
	}
	return e, nil
}

func (e *Emulator) build(name string) (*instance, error) {
	path := ""
	if e.cfg.DataDir != "" {
		if err := os.MkdirAll(e.cfg.DataDir, 0o755); err != nil {
			return nil, err
		}
		path = filepath.Join(e.cfg.DataDir, name+".db")
	}
	st, err := store.Open(store.Options{Path: path, Clock: e.cfg.Clock})
	if err != nil {
		return nil, err
	}
	deps := platform.Deps{
		Store: st, Clock: e.cfg.Clock, Outbox: &outbox.Outbox{Provider: name},
		Logger: e.cfg.Logger.With("provider", name), BcryptCost: e.cfg.BcryptCost,
	}
	p, err := newProvider(name, deps)
	if err != nil {
		st.Close()
		return nil, err
	}
	inst := &instance{name: name, provider: p, store: st}
	if err := inst.seed(p.Defaults()); err != nil {
		st.Close()
		return nil, fmt.Errorf("seeding defaults: %w", err)
	}
	for _, doc := range e.cfg.Fixtures {
		if doc.Provider == name {
			if err := inst.seed(doc); err != nil {
				st.Close()
				return nil, fmt.Errorf("seeding fixtures: %w", err)
			}
		}
	}
	if inst.baseline, err = st.Snapshot(); err != nil {
		st.Close()
		return nil, err
	}
	if inst.engine, err = e.engine(inst, deps); err != nil {
		st.Close()
		return nil, err
	}
	return inst, nil
}

func (inst *instance) seed(doc *fixtures.Document) error { return inst.provider.Seed(doc) }

func newProvider(name string, deps platform.Deps) (platform.Provider, error) {
	for _, r := range registry() {
		if r.name == name {
			return r.build(deps)
		}
	}
	return nil, fmt.Errorf("provider %q is not implemented", name)
}

// engine mounts the provider and the admin API behind recovery and the request log.
func (e *Emulator) engine(inst *instance, deps platform.Deps) (*gin.Engine, error) {
	r := gin.New()
	r.HandleMethodNotAllowed = true
	requests := admin.NewRequestLog(e.cfg.RequestLogSize)
	faultRules := faults.NewSet(e.cfg.Clock)
	r.Use(requests.Middleware(e.cfg.Clock), e.recovery(inst), tenantGuard, faultRules.Middleware())
	adm := &admin.Handler{
		Provider: inst.provider, Store: inst.store, Clock: e.cfg.Clock, Outbox: deps.Outbox,
		Requests: requests, Faults: faultRules, Logger: deps.Logger,
		Baseline: func() store.Snapshot { return inst.baseline },
	}
	if err := adm.Mount(r); err != nil {
		return nil, err
	}
	if err := inst.provider.Mount(r); err != nil {
		return nil, err
	}
	return r, nil
}

// recovery turns a panic into the provider's own 500 envelope and one log line with
// the stack, instead of gin's plain-text answer.
func (e *Emulator) recovery(inst *instance) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if v := recover(); v != nil {
				if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
					panic(v)
				}
				e.cfg.Logger.Error("panic while serving", "provider", inst.name,
					"method", c.Request.Method, "path", c.Request.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				c.Abort()
				if !c.Writer.Written() {
					inst.provider.Internal(c)
				}
			}
		}()
		c.Next()
	}
}

// tenantGuard refuses a request that selects (by X-Idemu-Tenant or <tenant>.localhost)
// a tenant no store can hold: a name with '/', a control character or invalid UTF-8.
// Without it every provider met the store's ErrInvalidKey deep inside a handler and
// answered 500. Tenant selection is idemu's, not the provider's, so the answer is in
// the admin API's envelope.
func tenantGuard(c *gin.Context) {
	if tenant := platform.TenantOf(c); !store.ValidName(tenant) {
		c.AbortWithStatusJSON(http.StatusBadRequest, gin.H{"error": gin.H{"code": "invalid_tenant",
			"message": fmt.Sprintf("%q cannot name a tenant: it holds a '/', a control character or invalid UTF-8", tenant)}})
	}
}

// Start binds every provider's listener and serves in the background. A port already
// in use is an error that names the provider and the port.
func (e *Emulator) Start() error {
	for _, inst := range e.instances {
		port, ok := e.cfg.Ports[inst.name]
		if !ok {
			port = DefaultPort(inst.name)
		}
		addr := net.JoinHostPort(e.cfg.Host, strconv.Itoa(port))
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			e.Close(context.Background())
			return fmt.Errorf("%s: cannot listen on %s: %w", inst.name, addr, err)
		}
		inst.url = "http://" + urlHost(e.cfg.Host, ln.Addr().(*net.TCPAddr).Port)
		// net/http logs what no handler saw (a panic outside the recovery, a bad
		// connection): into the emulator's log too, not the process's stderr.
		errorLog := slog.NewLogLogger(e.cfg.Logger.With("provider", inst.name).Handler(), slog.LevelError)
		inst.server = &http.Server{Handler: inst.engine, ReadHeaderTimeout: 10 * time.Second, ErrorLog: errorLog}
		go func(name string, s *http.Server) {
			// Serve returns early only when the listener fails: say so, or the port just goes quiet.
			if err := s.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
				e.cfg.Logger.Error("listener stopped", "provider", name, "error", err)
			}
		}(inst.name, inst.server)
	}
	return nil
}

func urlHost(host string, port int) string {
	if host == "0.0.0.0" || host == "" || host == "::" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, strconv.Itoa(port))
}

// Close stops the listeners (waiting for requests in flight until ctx ends) and closes
// the stores, flushing a --data-dir to disk.
func (e *Emulator) Close(ctx context.Context) error {
	var errs []error
	for _, inst := range e.instances {
		if inst.server != nil {
			errs = append(errs, inst.server.Shutdown(ctx))
		}
	}
	errs = append(errs, e.closeStores())
	return errors.Join(errs...)
}

func (e *Emulator) closeStores() error {
	var errs []error
	for _, inst := range e.instances {
		errs = append(errs, inst.store.Close())
	}
	return errors.Join(errs...)
}

// Providers lists the started providers in order.
func (e *Emulator) Providers() []string {
	out := make([]string, len(e.instances))
	for i, inst := range e.instances {
		out[i] = inst.name
	}
	return out
}

// URL is a started provider's base URL ("" before Start or for an unknown provider).
func (e *Emulator) URL(provider string) string {
	if inst := e.find(provider); inst != nil {
		return inst.url
	}
	return ""
}

// Handler serves a provider without a listener (for in-process use).
func (e *Emulator) Handler(provider string) http.Handler {
	if inst := e.find(provider); inst != nil {
		return inst.engine
	}
	return nil
}

// Info describes a provider's tenants as /_emulator/info does.
func (e *Emulator) Info(provider string) ([]platform.TenantInfo, error) {
	inst := e.find(provider)
	if inst == nil {
		return nil, fmt.Errorf("provider %q is not started", provider)
	}
	return inst.provider.Info(inst.url)
}

// Clock is the emulator's shared clock.
func (e *Emulator) Clock() *clock.Adjustable { return e.cfg.Clock }

func (e *Emulator) find(provider string) *instance {
	for _, inst := range e.instances {
		if inst.name == provider {
			return inst
		}
	}
	return nil
}

// Seed loads a fixture document into the provider it names (as POST /_emulator/seed
// does), without changing the reset baseline.
func (e *Emulator) Seed(doc *fixtures.Document) error {
	inst := e.find(doc.Provider)
	if inst == nil {
		return fmt.Errorf("provider %q is not started", doc.Provider)
	}
	return inst.seed(doc)
}
