package scenarios

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/cucumber/godog"

	akamaiclient "github.com/idemu/idemu/client/akamai"
)

// registerAkamai adds the Capture steps. Capture operations take their parameters as a
// form, most of them with client credentials among the parameters; the native /oauth/
// endpoints take a login client's client_id instead, which the steps find with
// /clients/list (so that they work against any app the suite's owner client belongs to).
func registerAkamai(w *world, sc *godog.ScenarioContext) {
	sc.Before(func(ctx context.Context, _ *godog.Scenario) (context.Context, error) {
		w.vars["client_id"] = w.opts.ClientID
		w.vars["client_secret"] = w.opts.ClientSecret
		// The emulator itself can be a webhook listener: it is on loopback.
		w.vars["base_url"] = w.base
		return ctx, nil
	})
	sc.Step(`^I call "([^"]*)" with:$`, func(path string, table *godog.Table) error {
		return w.captureCall(path, table, func(form url.Values) {
			form.Set("client_id", w.opts.ClientID)
			form.Set("client_secret", w.opts.ClientSecret)
		}, nil)
	})
	sc.Step(`^I call "([^"]*)"$`, func(path string) error {
		return w.captureSend(path, url.Values{"client_id": {w.opts.ClientID}, "client_secret": {w.opts.ClientSecret}}, nil)
	})
	sc.Step(`^I call "([^"]*)" without credentials with:$`, func(path string, table *godog.Table) error {
		return w.captureCall(path, table, nil, nil)
	})
	sc.Step(`^I call "([^"]*)" with HTTP Basic credentials with:$`, func(path string, table *godog.Table) error {
		return w.captureCall(path, table, nil, func(req http.Header) {
			req.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(w.opts.ClientID+":"+w.opts.ClientSecret)))
		})
	})
	sc.Step(`^I call "([^"]*)" as a signed request with:$`, func(path string, table *godog.Table) error {
		form, err := w.formFrom(table)
		if err != nil {
			return err
		}
		// A signed request carries the caller's real time, as Capture SDKs send it.
		date := time.Now().UTC().Format("2006-01-02 15:04:05") // wall-clock: the signer's time, not the emulator's
		return w.captureSend(path, form, func(h http.Header) {
			h.Set("Date", date)
			h.Set("Authorization", "Signature "+w.opts.ClientID+":"+akamaiclient.Sign(path, date, form, w.opts.ClientSecret))
		})
	})
	sc.Step(`^I call "([^"]*)" with the user token "([^"]*)" with:$`, func(path, token string, table *godog.Table) error {
		tok, err := w.expand(token)
		if err != nil {
			return err
		}
		return w.captureCall(path, table, nil, func(h http.Header) { h.Set("Authorization", "OAuth "+tok) })
	})
	sc.Step(`^I call "([^"]*)" as the login client with:$`, func(path string, table *godog.Table) error {
		if err := w.findLoginClient(); err != nil {
			return err
		}
		return w.captureCall(path, table, func(form url.Values) { form.Set("client_id", w.vars["login_client_id"]) }, nil)
	})
	sc.Step(`^I exchange at "/oauth/token" as the login client with:$`, func(table *godog.Table) error {
		if err := w.findLoginClient(); err != nil {
			return err
		}
		return w.captureCall("/oauth/token", table, func(form url.Values) {
			form.Set("client_id", w.vars["login_client_id"])
			form.Set("client_secret", w.vars["login_client_secret"])
		}, nil)
	})
	sc.Step(`^the response should be a Capture success$`, func() error {
		if err := w.statusIs(http.StatusOK); err != nil {
			return err
		}
		return w.fieldIs("stat", "ok")
	})
	sc.Step(`^the response should be the Capture error (\d+) "([^"]*)"$`, w.captureError)
	sc.Step(`^I sign in at "([^"]*)" as "([^"]*)" with password "([^"]*)" with query:$`, w.hostedLoginSignIn)
	sc.Step(`^the response field "([^"]*)" should be a token that verifies against the issuer "([^"]*)"$`, w.verifyIssuerToken)
	sc.Step(`^the response should be a v1\.api error with status (\d+)$`, w.hostError)
}

// hostedLoginSignIn posts Hosted Login's sign-in form (the authorization request in the
// query) without following the redirect back to the client, and keeps what the redirect
// carries as ${hl_<name>}: hl_code, hl_state, hl_error, hl_access_token, ...
func (w *world) hostedLoginSignIn(path, email, password string, table *godog.Table) error {
	query, err := w.formFrom(table)
	if err != nil {
		return err
	}
	if email, err = w.expand(email); err != nil {
		return err
	}
	if password, err = w.expand(password); err != nil {
		return err
	}
	creds := url.Values{"signInEmailAddress": {email}, "currentPassword": {password}}
	err = w.withoutRedirects(func() error {
		return w.do(http.MethodPost, path+"?"+query.Encode(), []byte(creds.Encode()), "application/x-www-form-urlencoded")
	})
	if err != nil {
		return err
	}
	if w.resp.status != http.StatusFound {
		return fmt.Errorf("the sign-in answered %d, not a redirect: %s", w.resp.status, truncate(w.resp.body))
	}
	back, err := url.Parse(w.resp.header.Get("Location"))
	if err != nil {
		return err
	}
	params := back.Query()
	if back.Fragment != "" {
		if params, err = url.ParseQuery(back.Fragment); err != nil {
			return err
		}
	}
	for k := range params {
		w.vars["hl_"+k] = params.Get(k)
	}
	return nil
}

// verifyIssuerToken checks a JWT with go-oidc against an issuer's discovery document and
// keys (Hosted Login's issuer is per customer: <base>/<customer id>/login).
func (w *world) verifyIssuerToken(field, issuerPath string) error {
	v, ok := lookup(w.resp.json, field)
	raw, _ := v.(string)
	if !ok || raw == "" {
		return fmt.Errorf("no token in field %q", field)
	}
	p, err := w.expand(issuerPath)
	if err != nil {
		return err
	}
	ctx := oidc.ClientContext(context.Background(), w.http)
	provider, err := oidc.NewProvider(ctx, w.base+p)
	if err != nil {
		return err
	}
	_, err = provider.Verifier(&oidc.Config{SkipClientIDCheck: true}).Verify(ctx, raw)
	return err
}

// hostError checks the v1.api hosts' error: the status and an {"errors": ...} body.
func (w *world) hostError(status int) error {
	if err := w.statusIs(status); err != nil {
		return err
	}
	if v, ok := lookup(w.resp.json, "errors"); !ok || v == nil {
		return fmt.Errorf("the body has no errors member: %s", truncate(w.resp.body))
	}
	return nil
}

// captureCall posts a form read from a table, with credentials added by addParams and
// headers by addHeaders (either may be nil). A scenario's Basic or bearer credentials
// are not sent: each Capture step names its own.
func (w *world) captureCall(path string, table *godog.Table, addParams func(url.Values), addHeaders func(http.Header)) error {
	form, err := w.formFrom(table)
	if err != nil {
		return err
	}
	if addParams != nil {
		addParams(form)
	}
	return w.captureSend(path, form, addHeaders)
}

func (w *world) captureSend(path string, form url.Values, addHeaders func(http.Header)) error {
	savedToken, savedBasic, savedHeaders := w.token, w.basic, w.headers
	w.token, w.basic = "", [2]string{}
	if addHeaders != nil {
		h := http.Header{}
		addHeaders(h)
		w.headers = map[string]string{}
		for k, v := range savedHeaders {
			w.headers[k] = v
		}
		for k := range h {
			w.headers[k] = h.Get(k)
		}
	}
	defer func() { w.token, w.basic, w.headers = savedToken, savedBasic, savedHeaders }()
	return w.do(http.MethodPost, path, []byte(form.Encode()), "application/x-www-form-urlencoded")
}

// findLoginClient picks the app's first client with the login_client feature, as
// ${login_client_id} and ${login_client_secret}.
func (w *world) findLoginClient() error {
	if w.vars["login_client_id"] != "" {
		return nil
	}
	form := url.Values{"client_id": {w.opts.ClientID}, "client_secret": {w.opts.ClientSecret}, "has_features": {`["login_client"]`}}
	if err := w.captureSend("/clients/list", form, nil); err != nil {
		return err
	}
	id, _ := lookup(w.resp.json, "results[0].client_id")
	secret, _ := lookup(w.resp.json, "results[0].client_secret")
	if s, ok := id.(string); !ok || s == "" {
		return fmt.Errorf("the app has no login client: %s", truncate(w.resp.body))
	}
	w.vars["login_client_id"], w.vars["login_client_secret"] = id.(string), fmt.Sprint(secret)
	return nil
}

// captureError checks Capture's error envelope: stat error, the numeric code and its
// name (on the token endpoint the name is in sub_error, beside an OAuth error).
func (w *world) captureError(code int, name string) error {
	if err := w.fieldIs("stat", "error"); err != nil {
		return err
	}
	if err := w.fieldIsNumber("code", fmt.Sprint(code)); err != nil {
		return err
	}
	if _, ok := lookup(w.resp.json, "sub_error"); ok {
		return w.fieldIs("sub_error", name)
	}
	return w.fieldIs("error", name)
}
