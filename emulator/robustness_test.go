package emulator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator"
	"github.com/idemu/idemu/emulator/admin"
	"github.com/idemu/idemu/emulator/akamai"
	"github.com/idemu/idemu/emulator/appid"
	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/identityv1"
	"github.com/idemu/idemu/emulator/logto"
	"github.com/idemu/idemu/emulator/onegini"
)

// The project's rule, tested for every provider and every operation of its contract: a
// client mistake gets a clear error, never a panic and never a 5xx. Each provider runs
// in an emulator of its own (which also proves two emulators share a binary), in
// parallel, and gets a deterministic battery of mistakes per operation (see battery).

// robustnessSeed fixes the battery's pseudo-random choices, so a failure reproduces.
const robustnessSeed = 20240611

// rbTarget is what the battery needs to know about one provider.
type rbTarget struct {
	name     string
	contract []byte
	// login gets the credentials the authenticated requests carry.
	login func(r *rbRun) error
	// authFor is the Authorization header that lets a request reach the operation.
	authFor func(r *rbRun, op *contract.Operation) string
	// pathValues are plausible path parameter values by name (default: a made-up id).
	pathValues map[string]string
	// discover finds more plausible values (ids of seeded records) once logged in.
	discover func(r *rbRun) map[string]string
}

func targetNamed(name string) rbTarget {
	for _, tg := range rbTargets() {
		if tg.name == name {
			return tg
		}
	}
	panic("no robustness target " + name)
}

func rbTargets() []rbTarget {
	basic := func(r *rbRun, _ *contract.Operation) string { return basicAuth(r.creds.ID, r.creds.Secret) }
	return []rbTarget{
		{name: "identityv1", contract: identityv1.ContractDocument(),
			login: func(r *rbRun) error {
				var err error
				form := url.Values{"grant_type": {"client_credentials"}}
				if r.tokens["client"], err = r.token("/v1/authentication/connect/token", form, basicAuth(r.creds.ID, r.creds.Secret)); err != nil {
					return err
				}
				form = url.Values{"grant_type": {"password"}, "username": {r.user.Username}, "password": {r.user.Password}, "scope": {"openid identity"}}
				r.tokens["user"], err = r.token("/v1/authentication/connect/token", form, basicAuth(r.creds.ID, r.creds.Secret))
				return err
			},
			authFor: func(r *rbRun, op *contract.Operation) string {
				switch {
				case strings.HasPrefix(op.Path, "/v1/identity/me"), strings.HasSuffix(op.Path, "/userinfo"):
					return "Bearer " + r.tokens["user"]
				case strings.HasPrefix(op.Path, "/v1/authentication/connect/"):
					return basicAuth(r.creds.ID, r.creds.Secret)
				}
				return "Bearer " + r.tokens["client"]
			},
			pathValues: map[string]string{"username": identityv1.DefaultUsername, "login": "google"}},
		{name: "onegini", contract: onegini.ContractDocument(), login: func(*rbRun) error { return nil }, authFor: basic,
			pathValues: map[string]string{"locale_variant": "de", "message_key": "personal.general.next"},
			discover: func(r *rbRun) map[string]string {
				var out struct {
					URLs []struct{ ID string } `json:"whitelisted_urls"`
				}
				r.getJSON("/api/v2/config/features/action-token/whitelisted-urls", basicAuth(r.creds.ID, r.creds.Secret), &out)
				if len(out.URLs) == 0 {
					return nil
				}
				return map[string]string{"url-id": out.URLs[0].ID}
			}},
		{name: "appid", contract: appid.ContractDocument(),
			login: func(r *rbRun) error {
				var err error
				form := url.Values{"grant_type": {"urn:ibm:params:oauth:grant-type:apikey"}, "apikey": {r.creds.Secret}}
				r.tokens["iam"], err = r.token("/identity/token", form, "")
				return err
			},
			authFor: func(r *rbRun, op *contract.Operation) string {
				if strings.HasPrefix(op.Path, "/oauth/") {
					return basicAuth(appid.DefaultClientID, appid.DefaultClientSecret)
				}
				return "Bearer " + r.tokens["iam"]
			},
			pathValues: map[string]string{"tenantId": appid.DefaultTenant, "clientId": appid.DefaultClientID,
				"templateName": "WELCOME", "language": "en", "channel": "email", "action": "on_user_verified", "name": "premfa"},
			discover: func(r *rbRun) map[string]string {
				var cd struct{ Resources []struct{ ID string } }
				var profiles struct{ Users []struct{ ID string } }
				auth := "Bearer " + r.tokens["iam"]
				r.getJSON("/management/v4/default/cloud_directory/Users", auth, &cd)
				r.getJSON("/management/v4/default/users?dataScope=index&email="+url.QueryEscape(appid.DefaultUserEmail), auth, &profiles)
				out := map[string]string{}
				if len(cd.Resources) > 0 {
					out["userId"] = cd.Resources[0].ID
				}
				if len(profiles.Users) > 0 {
					out["id"] = profiles.Users[0].ID
				}
				return out
			}},
		{name: "logto", contract: logto.ContractDocument(),
			login: func(r *rbRun) error {
				var err error
				form := url.Values{"grant_type": {"client_credentials"}, "resource": {"https://default.logto.app/api"}, "scope": {"all"}}
				r.tokens["m2m"], err = r.token("/oidc/token", form, basicAuth(r.creds.ID, r.creds.Secret))
				return err
			},
			authFor: func(r *rbRun, op *contract.Operation) string {
				if strings.HasPrefix(op.Path, "/oidc/") {
					return basicAuth(r.creds.ID, r.creds.Secret)
				}
				return "Bearer " + r.tokens["m2m"]
			},
			pathValues: map[string]string{"applicationId": "idemudefaultm2mclient"}},
		{name: "akamai", contract: akamai.ContractDocument(), login: func(*rbRun) error { return nil }, authFor: basic},
	}
}

func TestRobustnessEveryProviderEveryOperation(t *testing.T) {
	if testing.Short() {
		t.Skip("the full battery takes several seconds")
	}
	started := time.Now() // wall-clock: the battery's own run time, reported below
	adminContract, err := admin.Contract()
	require.NoError(t, err)
	for _, tg := range rbTargets() {
		t.Run(tg.name, func(t *testing.T) {
			t.Parallel()
			r := newRun(t, tg)
			c, err := contract.Load(tg.name, tg.contract)
			require.NoError(t, err)
			for _, op := range c.Operations() {
				r.battery(c, op, func() string { return tg.authFor(r, op) }, r.pathValues)
			}
			// The admin API is on every port, and is the last: restore and reset change
			// everything the provider's battery relies on.
			for _, op := range adminContract.Operations() {
				r.battery(adminContract, op, func() string { return "" }, map[string]string{"provider": tg.name})
			}
			r.report()
		})
	}
	t.Cleanup(func() { t.Logf("robustness battery: %s in all", time.Since(started).Round(time.Millisecond)) })
}

func TestATenantNoStoreCanHoldIsAClientError(t *testing.T) {
	emu, err := emulator.New(emulator.Config{Ports: emulator.FreePorts()})
	require.NoError(t, err)
	require.NoError(t, emu.Start())
	t.Cleanup(func() { _ = emu.Close(context.Background()) })
	for _, provider := range emu.Providers() {
		for _, tenant := range []string{"a/b", "bad\xffutf8"} {
			req, err := http.NewRequest(http.MethodGet, emu.URL(provider)+"/_emulator/health", nil)
			require.NoError(t, err)
			req.Header.Set("X-Idemu-Tenant", tenant)
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			var body struct{ Error struct{ Code string } }
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
			resp.Body.Close()
			require.Equal(t, http.StatusBadRequest, resp.StatusCode, "%s %q", provider, tenant)
			require.Equal(t, "invalid_tenant", body.Error.Code, "%s %q", provider, tenant)
		}
	}
}

func TestASnapshotWithEntriesTheStoreNeverWritesIsRefused(t *testing.T) {
	_, c := start(t, emulator.Config{})
	_, tok := c.token("default")
	for _, entries := range []string{`{"default/d/users/x":"not json"}`, `{"default/x/users/x":"soon"}`} {
		status, body := c.call(http.MethodPost, "/_emulator/restore", "application/json", `{"version":1,"entries":`+entries+`}`)
		require.Equal(t, http.StatusBadRequest, status, entries)
		require.Equal(t, "invalid_snapshot", body["error"].(map[string]any)["code"], entries)
	}
	require.True(t, c.userExists(tok, identityv1.DefaultUsername), "the refused restore changed nothing")
}

// rbRun is one provider's emulator and what its battery found.
type rbRun struct {
	t      testing.TB
	target rbTarget
	emu    *emulator.Emulator
	base   string
	http   *http.Client
	log    *syncBuffer
	rng    *rand.Rand
	creds  struct{ ID, Secret string }
	user   struct{ Username, Password string }
	tokens map[string]string
	// pathValues are the target's plausible path values plus the discovered ones.
	pathValues map[string]string

	requests       int
	statuses       map[int]int // answers by status class (2 for 2xx, ...), to see how far the battery reaches
	notImplemented int         // operations that answer 501 (a provider's ledger)
	operations     int         // operations the battery ran
	served         int         // operations whose plausible request succeeded (2xx or 3xx)
	pending        []pendingFinding
	findings       []string
}

func newRun(t testing.TB, tg rbTarget) *rbRun {
	log := &syncBuffer{}
	emu, err := emulator.New(emulator.Config{Providers: []string{tg.name}, Ports: emulator.FreePorts(),
		Logger: slog.New(slog.NewTextHandler(log, nil))})
	require.NoError(t, err)
	require.NoError(t, emu.Start())
	t.Cleanup(func() { _ = emu.Close(context.Background()) })
	r := &rbRun{t: t, target: tg, emu: emu, base: emu.URL(tg.name), log: log, tokens: map[string]string{}, statuses: map[int]int{},
		rng: rand.New(rand.NewPCG(robustnessSeed, uint64(len(tg.name)))),
		http: &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			Transport: &http.Transport{MaxIdleConnsPerHost: 4}}}
	t.Cleanup(r.http.CloseIdleConnections)
	info, err := emu.Info(tg.name)
	require.NoError(t, err)
	for _, ti := range info {
		if ti.ID == "default" && len(ti.Clients) > 0 {
			r.creds.ID, r.creds.Secret = ti.Clients[0].ID, ti.Clients[0].Secret
			if len(ti.Users) > 0 {
				r.user.Username, r.user.Password = ti.Users[0].Username, ti.Users[0].Password
			}
		}
	}
	require.NoError(t, tg.login(r), "logging in to %s", tg.name)
	r.pathValues = maps.Clone(tg.pathValues)
	if tg.discover != nil {
		maps.Copy(r.pathValues, tg.discover(r))
	}
	return r
}

// getJSON reads a seeded resource for discover.
func (r *rbRun) getJSON(path, auth string, out any) {
	req, err := http.NewRequest(http.MethodGet, r.base+path, nil)
	require.NoError(r.t, err)
	req.Header.Set("Authorization", auth)
	resp, err := r.http.Do(req)
	require.NoError(r.t, err)
	defer resp.Body.Close()
	require.Equal(r.t, http.StatusOK, resp.StatusCode, path)
	require.NoError(r.t, json.NewDecoder(resp.Body).Decode(out), path)
}

// probe is one request of the battery.
type probe struct {
	op, variant string
	method      string
	path        string // already escaped: sent as is
	query       string // already escaped: sent as is
	header      http.Header
	body        []byte
}

// send makes the request and records it as a finding when the answer is a 5xx or the
// connection broke. It reports the status and whether it was a success.
func (r *rbRun) send(p probe) int {
	r.t.Helper()
	r.requests++
	u, err := url.Parse(r.base)
	require.NoError(r.t, err)
	u.Opaque, u.RawQuery = p.path, p.query // Opaque: the path goes out byte for byte
	req, err := http.NewRequest(p.method, r.base, bytes.NewReader(p.body))
	require.NoError(r.t, err)
	req.URL = u
	req.Header = p.header
	resp, err := r.http.Do(req)
	if err != nil {
		r.pending = append(r.pending, pendingFinding{p, 0, err.Error()})
		return 0
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 2048))
	r.statuses[resp.StatusCode/100]++
	if resp.StatusCode >= 500 {
		r.pending = append(r.pending, pendingFinding{p, resp.StatusCode, string(body)})
	}
	return resp.StatusCode
}

// pendingFinding is a 5xx of the operation under test, kept until the battery (or a
// fuzz input) is over.
type pendingFinding struct {
	probe  probe
	status int
	answer string
}

// settle turns the operation's 5xx answers into findings.
func (r *rbRun) settle() {
	for _, f := range r.pending {
		r.finding(f.probe, f.status, f.answer)
	}
	r.pending = nil
}

func (r *rbRun) finding(p probe, status int, answer string) {
	reqBody := string(p.body)
	if len(reqBody) > 300 {
		reqBody = reqBody[:300] + fmt.Sprintf("... (%d bytes)", len(p.body))
	}
	target := p.path
	if p.query != "" {
		target += "?" + p.query
	}
	if len(target) > 300 {
		target = target[:300] + "..."
	}
	r.findings = append(r.findings, fmt.Sprintf("%s %s [%s] %s %s\n    Content-Type: %q Authorization: %q X-Idemu-Tenant: %q\n    body: %q\n    -> %d %s",
		r.target.name, p.op, p.variant, p.method, target, p.header.Get("Content-Type"), abbreviate(p.header.Get("Authorization")),
		p.header.Get("X-Idemu-Tenant"), reqBody, status, strings.TrimSpace(answer)))
}

// report fails on every 5xx and every panic the emulator logged, unless the provider
// is report-only for now.
func (r *rbRun) report() {
	logged := r.log.String()
	var panics []string
	for _, line := range strings.Split(logged, "\n") {
		if strings.Contains(strings.ToLower(line), "panic") {
			panics = append(panics, line)
		}
	}
	r.t.Logf("%s: %d requests (2xx %d, 3xx %d, 4xx %d, 5xx %d) on %d operations, %d of them served a plausible request; "+
		"%d 5xx or broken answers to report, %d panics logged; %d operations not implemented (501)",
		r.target.name, r.requests, r.statuses[2], r.statuses[3], r.statuses[4], r.statuses[5], r.operations, r.served,
		len(r.findings), len(panics), r.notImplemented)
	// A battery that never gets past authentication proves nothing about the handlers.
	require.NotZero(r.t, r.served, "%s: no plausible request succeeded", r.target.name)
	problems := append(slices.Clone(r.findings), panics...)
	if len(problems) == 0 {
		return
	}
	for _, pr := range problems {
		r.t.Errorf("%s", pr)
	}
	if errs := errorLines(logged); len(errs) > 0 {
		r.t.Logf("%s: the emulator logged:\n%s", r.target.name, strings.Join(errs, "\n"))
	}
}

func errorLines(logged string) []string {
	var out []string
	for _, line := range strings.Split(logged, "\n") {
		if strings.Contains(line, "level=ERROR") {
			if len(line) > 600 {
				line = line[:600] + "..."
			}
			out = append(out, line)
		}
	}
	return out
}

// resetAndLogin puts the provider back to its start-up state after a request that may
// have changed it (deleted the seeded user, switched an API off, ...).
func (r *rbRun) resetAndLogin() {
	resp, err := r.http.Post(r.base+"/_emulator/reset", "application/json", nil)
	require.NoError(r.t, err)
	resp.Body.Close()
	require.Equal(r.t, http.StatusOK, resp.StatusCode)
	require.NoError(r.t, r.target.login(r))
}

func (r *rbRun) token(path string, form url.Values, auth string) (string, error) {
	req, err := http.NewRequest(http.MethodPost, r.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := r.http.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		AccessToken string `json:"access_token"`
	}
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &out); err != nil || out.AccessToken == "" {
		return "", fmt.Errorf("POST %s: %d %s", path, resp.StatusCode, raw)
	}
	return out.AccessToken, nil
}

// syncBuffer collects the emulator's log lines from every serving goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
