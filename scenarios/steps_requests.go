package scenarios

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/cucumber/godog"
)

func (w *world) registerAuth(sc *godog.ScenarioContext) {
	sc.Step(`^I am authenticated as the client$`, w.clientToken)
	sc.Step(`^I am authenticated as "([^"]*)" with password "([^"]*)"$`, w.userToken)
	sc.Step(`^I am not authenticated$`, func() error { w.token, w.basic = "", [2]string{}; return nil })
	sc.Step(`^I use basic credentials "([^"]*)" and "([^"]*)"$`, func(user, pw string) error {
		u, err := w.expand(user)
		if err != nil {
			return err
		}
		p, err := w.expand(pw)
		w.basic, w.token = [2]string{u, p}, ""
		return err
	})
	sc.Step(`^I use the access token "([^"]*)"$`, func(v string) error {
		t, err := w.expand(v)
		w.token = t
		return err
	})
	sc.Step(`^I request a token with form:$`, w.tokenRequest)
	sc.Step(`^I request a token as the client with form:$`, w.clientTokenRequest)
	sc.Step(`^the response field "([^"]*)" should be a token that verifies against the provider's JWKS$`, w.verifyToken)
}

// clientToken authenticates as the suite's client: a client_credentials token, or
// HTTP Basic credentials for APIs without a token endpoint.
func (w *world) clientToken() error {
	if w.target.tokenPath == "" {
		w.basic = [2]string{w.opts.ClientID, w.opts.ClientSecret}
		w.token = ""
		return nil
	}
	if w.target.clientGrant != nil {
		return w.postTokenForm(w.target.clientGrant(w.opts.ClientID, w.opts.ClientSecret))
	}
	return w.obtainToken(url.Values{"grant_type": {"client_credentials"}})
}

func (w *world) userToken(username, password string) error {
	u, err := w.expand(username)
	if err != nil {
		return err
	}
	p, err := w.expand(password)
	if err != nil {
		return err
	}
	return w.obtainToken(url.Values{"grant_type": {"password"}, "username": {u}, "password": {p}, "scope": {"openid"}})
}

// obtainToken asks the token endpoint with the suite's client and keeps the access token.
func (w *world) obtainToken(form url.Values) error {
	form.Set("client_id", w.opts.ClientID)
	form.Set("client_secret", w.opts.ClientSecret)
	return w.postTokenForm(form)
}

// postTokenForm posts a complete form to the token endpoint and keeps the access token
// (and refresh token, as ${refresh_token}) it answers with.
func (w *world) postTokenForm(form url.Values) error {
	saved := w.token
	w.token = ""
	if err := w.do(http.MethodPost, w.target.tokenPath, []byte(form.Encode()), "application/x-www-form-urlencoded"); err != nil {
		return err
	}
	if w.resp.status != http.StatusOK {
		w.token = saved
		return fmt.Errorf("token request answered %d: %s", w.resp.status, w.resp.body)
	}
	at, _ := lookup(w.resp.json, "access_token")
	s, ok := at.(string)
	if !ok || s == "" {
		return fmt.Errorf("token response has no access_token: %s", w.resp.body)
	}
	w.token = s
	if rt, ok := lookup(w.resp.json, "refresh_token"); ok {
		w.vars["refresh_token"], _ = rt.(string)
	}
	w.vars["access_token"] = s
	return nil
}

// tokenRequest posts a raw form to the token endpoint (no client added), for errors.
func (w *world) tokenRequest(table *godog.Table) error {
	form, err := w.formFrom(table)
	if err != nil {
		return err
	}
	w.token = ""
	return w.do(http.MethodPost, w.target.tokenPath, []byte(form.Encode()), "application/x-www-form-urlencoded")
}

// clientTokenRequest posts a form with the suite's client credentials added.
func (w *world) clientTokenRequest(table *godog.Table) error {
	form, err := w.formFrom(table)
	if err != nil {
		return err
	}
	form.Set("client_id", w.opts.ClientID)
	form.Set("client_secret", w.opts.ClientSecret)
	w.token = ""
	return w.do(http.MethodPost, w.target.tokenPath, []byte(form.Encode()), "application/x-www-form-urlencoded")
}

// verifyToken checks a JWT with go-oidc against the provider's own discovery document
// and JWKS, as a relying party's standard OIDC library would.
func (w *world) verifyToken(field string) error {
	v, ok := lookup(w.resp.json, field)
	raw, _ := v.(string)
	if !ok || raw == "" {
		return fmt.Errorf("no token in field %q", field)
	}
	ctx := oidc.ClientContext(context.Background(), w.http)
	provider, err := oidc.NewProvider(ctx, w.base+w.target.issuerPath)
	if err != nil {
		return err
	}
	_, err = provider.Verifier(&oidc.Config{SkipClientIDCheck: true}).Verify(ctx, raw)
	return err
}

func (w *world) registerRequests(sc *godog.ScenarioContext) {
	sc.Step(`^I send a (GET|DELETE|POST|PUT|PATCH) request to "([^"]*)"$`, func(method, path string) error {
		return w.do(method, path, nil, "")
	})
	sc.Step(`^I send a (POST|PUT|PATCH|DELETE) request to "([^"]*)" with JSON:$`, func(method, path string, doc *godog.DocString) error {
		body, err := w.expand(doc.Content)
		if err != nil {
			return err
		}
		return w.do(method, path, []byte(body), "application/json")
	})
	sc.Step(`^I send a (POST|PUT|PATCH) request to "([^"]*)" with body "([^"]*)" of type "([^"]*)"$`, func(method, path, body, ct string) error {
		b, err := w.expand(body)
		if err != nil {
			return err
		}
		return w.do(method, path, []byte(b), ct)
	})
	sc.Step(`^I send a (POST|PUT) request to "([^"]*)" with form:$`, func(method, path string, table *godog.Table) error {
		form, err := w.formFrom(table)
		if err != nil {
			return err
		}
		return w.do(method, path, []byte(form.Encode()), "application/x-www-form-urlencoded")
	})
	sc.Step(`^I store "([^"]*)" as "([^"]*)"$`, func(value, name string) error {
		v, err := w.expand(value)
		w.vars[name] = v
		return err
	})
}

// formFrom reads a two-column table (name | value) into a form.
func (w *world) formFrom(table *godog.Table) (url.Values, error) {
	form := url.Values{}
	for _, row := range table.Rows {
		if len(row.Cells) != 2 {
			return nil, fmt.Errorf("form tables have two columns: name | value")
		}
		v, err := w.expand(row.Cells[1].Value)
		if err != nil {
			return nil, err
		}
		form.Add(strings.TrimSpace(row.Cells[0].Value), v)
	}
	return form, nil
}

// adminCall talks to idemu's admin API (only from @emulator steps).
func (w *world) adminCall(method, path, body string) (map[string]any, error) {
	return w.adminCallType(method, path, body, "application/json")
}

func (w *world) adminCallType(method, path, body, contentType string) (map[string]any, error) {
	req, err := http.NewRequest(method, w.base+path, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", contentType)
	for k, v := range w.headers {
		req.Header.Set(k, v)
	}
	resp, err := w.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return out, fmt.Errorf("%s %s answered %d: %v", method, path, resp.StatusCode, out)
	}
	return out, nil
}
