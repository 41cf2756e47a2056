package scenarios

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/cucumber/godog"

	"github.com/idemu/idemu/emulator/contract"
)

// world is one scenario's state: its variables, credentials and last response.
type world struct {
	opts     Options
	target   target
	contract *contract.Contract
	http     *http.Client
	base     string

	vars        map[string]string
	token       string
	basic       [2]string // HTTP Basic user and password, when set
	headers     map[string]string
	resp        *response
	violations  []string // contract mismatches seen in this scenario
	clockMoved  bool
	lastMessage map[string]any
}

type response struct {
	status int
	header http.Header
	body   []byte
	json   any // nil when the body is not JSON
}

func (w *world) register(sc *godog.ScenarioContext) {
	sc.Before(func(ctx context.Context, _ *godog.Scenario) (context.Context, error) {
		w.vars = map[string]string{"unique": randomString("abcdefghijklmnopqrstuvwxyz0123456789", 10)}
		w.vars["uniqueDigits"] = randomString("0123456789", 7)
		w.headers = map[string]string{}
		return ctx, nil
	})
	sc.After(func(ctx context.Context, _ *godog.Scenario, err error) (context.Context, error) {
		if w.clockMoved {
			// Leave the emulator's clock as the scenario found it, for the next one.
			_, _ = w.adminCall(http.MethodPost, "/_emulator/clock", `{"reset":true}`)
		}
		if err == nil && len(w.violations) > 0 {
			return ctx, fmt.Errorf("responses broke the contract:\n  %s", strings.Join(w.violations, "\n  "))
		}
		return ctx, err
	})
	w.registerAuth(sc)
	w.registerRequests(sc)
	w.registerAssertions(sc)
	w.registerEmulator(sc)
	w.registerIdentityV1(sc)
	if w.target.steps != nil {
		w.target.steps(w, sc)
	}
}

var varRef = regexp.MustCompile(`\$\{([A-Za-z0-9_.-]+)\}`)

// expand replaces ${name} with a stored value; an unknown name is an error, so a typo
// fails loudly instead of sending a literal "${name}".
func (w *world) expand(s string) (string, error) {
	var missing []string
	out := varRef.ReplaceAllStringFunc(s, func(m string) string {
		name := m[2 : len(m)-1]
		if v, ok := w.vars[name]; ok {
			return v
		}
		missing = append(missing, name)
		return m
	})
	if len(missing) > 0 {
		return "", fmt.Errorf("unknown variable(s) %v", missing)
	}
	return out, nil
}

// do sends a request to the target and records the response.
func (w *world) do(method, path string, body []byte, contentType string) error {
	path, err := w.expand(path)
	if err != nil {
		return err
	}
	req, err := http.NewRequest(method, w.base+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	if body == nil {
		req.Body = http.NoBody
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if w.token != "" {
		req.Header.Set("Authorization", "Bearer "+w.token)
	} else if w.basic[0] != "" {
		req.SetBasicAuth(w.basic[0], w.basic[1])
	}
	for k, v := range w.headers {
		req.Header.Set(k, v)
	}
	resp, err := w.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	w.resp = &response{status: resp.StatusCode, header: resp.Header, body: raw}
	if len(bytes.TrimSpace(raw)) > 0 {
		_ = json.Unmarshal(raw, &w.resp.json)
	}
	w.checkContract(req, body)
	return nil
}

// checkContract validates the last response against the operation it answered.
func (w *world) checkContract(req *http.Request, body []byte) {
	u, _ := url.Parse(req.URL.String())
	op, params, ok := w.contract.Match(req.Method, u.Path)
	if !ok {
		return // not a documented operation (an admin call, a deliberate wrong path)
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	err := w.contract.ValidateResponse(context.Background(), op, req, params, w.resp.status, w.resp.header, w.resp.body)
	if err != nil {
		w.violations = append(w.violations, fmt.Sprintf("%s %s -> %d: %v", req.Method, u.Path, w.resp.status, err))
	}
}

func randomString(alphabet string, n int) string {
	out := make([]byte, n)
	for i := range out {
		j, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		out[i] = alphabet[j.Int64()]
	}
	return string(out)
}
