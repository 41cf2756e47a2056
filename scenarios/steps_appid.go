package scenarios

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/cucumber/godog"
)

// appIDClientGrant is IBM Cloud IAM's API key grant: the suite's client secret is an
// IAM API key with the Manager role on the App ID tenant (the suite's client id).
func appIDClientGrant(_, apikey string) url.Values {
	return url.Values{"grant_type": {"urn:ibm:params:oauth:grant-type:apikey"}, "apikey": {apikey}}
}

// registerAppID adds the App ID steps. App ID carries its tenant in every path, so
// each scenario gets ${tenantId} (the suite's client id) and ${apikey} (its secret).
func registerAppID(w *world, sc *godog.ScenarioContext) {
	sc.Before(func(ctx context.Context, _ *godog.Scenario) (context.Context, error) {
		w.vars["tenantId"], w.vars["apikey"] = w.opts.ClientID, w.opts.ClientSecret
		return ctx, nil
	})
	// A tenant of its own, for scenarios that change settings other scenarios rely on
	// (idemu only: it seeds the tenant through the admin API).
	sc.Step(`^a fresh App ID tenant$`, func() error {
		tenant, key := "t-"+w.vars["unique"], "k-"+w.vars["unique"]
		fixture := fmt.Sprintf(`{"provider":"appid","tenants":[{"id":%q,"clients":[`+
			`{"id":"manager","secret":%q,"attributes":{"kind":"apikey","role":"Manager"}},`+
			`{"id":"reader","secret":%q,"attributes":{"kind":"apikey","role":"Reader"}},`+
			`{"id":"writer","secret":%q,"attributes":{"kind":"apikey","role":"Writer"}}]}]}`,
			tenant, key, key+"-reader", key+"-writer")
		if _, err := w.adminCall(http.MethodPost, "/_emulator/seed", fixture); err != nil {
			return err
		}
		w.vars["tenantId"], w.vars["apikey"] = tenant, key
		return w.postTokenForm(appIDClientGrant("", key))
	})
	sc.Step(`^I am authenticated with the IAM API key "([^"]*)"$`, func(key string) error {
		k, err := w.expand(key)
		if err != nil {
			return err
		}
		return w.postTokenForm(appIDClientGrant("", k))
	})
	sc.Step(`^the link of that message should start with "([^"]*)"$`, func(prefix string) error {
		want, err := w.expand(prefix)
		if err != nil {
			return err
		}
		link, _ := w.lastMessage["link"].(string)
		if !strings.HasPrefix(link, want) {
			return fmt.Errorf("the message's link is %q, not starting with %q", link, want)
		}
		return nil
	})
	sc.Step(`^I store the response field "([^"]*)" as JSON "([^"]*)"$`, func(path, name string) error {
		v, err := w.field(path)
		if err != nil {
			return err
		}
		raw, err := json.Marshal(v)
		w.vars[name] = string(raw)
		return err
	})
	sc.Step(`^I set the request header "([^"]*)" to "([^"]*)"$`, func(name, value string) error {
		v, err := w.expand(value)
		w.headers[name] = v
		return err
	})
	sc.Step(`^the response field "([^"]*)" should be a token that verifies against the App ID OAuth server$`, w.verifyAppIDToken)
	sc.Step(`^the response body should contain "([^"]*)"$`, func(s string) error {
		if err := w.needResponse(); err != nil {
			return err
		}
		want, err := w.expand(s)
		if err != nil {
			return err
		}
		if !bytes.Contains(w.resp.body, []byte(want)) {
			return fmt.Errorf("the body does not contain %q: %s", want, truncate(w.resp.body))
		}
		return nil
	})
	sc.Step(`^I upload a (PNG|JPEG|GIF|text) file of (\d+) bytes to "([^"]*)"$`, w.uploadFile)
	sc.Step(`^I send a GET request to "([^"]*)" without following redirects$`, func(path string) error {
		return w.withoutRedirects(func() error { return w.do(http.MethodGet, path, nil, "") })
	})
	sc.Step(`^I send a POST request to "([^"]*)" with form and without following redirects:$`, func(path string, table *godog.Table) error {
		form, err := w.formFrom(table)
		if err != nil {
			return err
		}
		return w.withoutRedirects(func() error {
			return w.do(http.MethodPost, path, []byte(form.Encode()), "application/x-www-form-urlencoded")
		})
	})
	sc.Step(`^I store the query parameter "([^"]*)" of the response header "([^"]*)" as "([^"]*)"$`, func(param, header, name string) error {
		if err := w.needResponse(); err != nil {
			return err
		}
		u, err := url.Parse(w.resp.header.Get(header))
		if err != nil {
			return err
		}
		v := u.Query().Get(param)
		if v == "" {
			return fmt.Errorf("the %s header %q has no query parameter %s", header, w.resp.header.Get(header), param)
		}
		w.vars[name] = v
		return nil
	})
}

// withoutRedirects runs a request whose redirect the scenario inspects instead of
// following it (a redirect URI is the application's, not the target's).
func (w *world) withoutRedirects(fn func() error) error {
	saved := w.http
	c := *saved
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	w.http = &c
	defer func() { w.http = saved }()
	return fn()
}

// verifyAppIDToken checks a JWT with go-oidc against the tenant's OAuth server
// discovery document and public keys.
func (w *world) verifyAppIDToken(field string) error {
	v, ok := lookup(w.resp.json, field)
	raw, _ := v.(string)
	if !ok || raw == "" {
		return fmt.Errorf("no token in field %q", field)
	}
	ctx := oidc.ClientContext(context.Background(), w.http)
	provider, err := oidc.NewProvider(ctx, w.base+"/oauth/v4/"+w.vars["tenantId"])
	if err != nil {
		return err
	}
	_, err = provider.Verifier(&oidc.Config{SkipClientIDCheck: true}).Verify(ctx, raw)
	return err
}

// uploadFile posts a multipart "file" of the given kind and size: a real image padded
// to the size, or plain text.
func (w *world) uploadFile(kind string, size int, path string) error {
	var content bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 1, 1))
	switch kind {
	case "PNG":
		if err := png.Encode(&content, img); err != nil {
			return err
		}
	case "JPEG":
		if err := jpeg.Encode(&content, img, nil); err != nil {
			return err
		}
	case "GIF":
		content.WriteString("GIF89a")
	default:
		content.WriteString("plain text ")
	}
	if content.Len() > size {
		return errors.New("the file is smaller than its format's header")
	}
	content.Write(bytes.Repeat([]byte(" "), size-content.Len()))
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, err := mw.CreateFormFile("file", "logo."+strings.ToLower(kind))
	if err != nil {
		return err
	}
	if _, err := part.Write(content.Bytes()); err != nil {
		return err
	}
	if err := mw.Close(); err != nil {
		return err
	}
	return w.do(http.MethodPost, path, body.Bytes(), mw.FormDataContentType())
}
