package akamai

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// WithClientCredentials adds client_id and client_secret to every request's form, the
// way most Capture calls are authenticated.
func WithClientCredentials(clientID, clientSecret string) ClientOption {
	return WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		form, err := readForm(req)
		if err != nil {
			return err
		}
		form.Set("client_id", clientID)
		form.Set("client_secret", clientSecret)
		setForm(req, form)
		return nil
	})
}

// WithBasicAuth sends the client credentials as HTTP Basic, Capture's recommended method.
func WithBasicAuth(clientID, clientSecret string) ClientOption {
	return WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		req.SetBasicAuth(clientID, clientSecret)
		return nil
	})
}

// WithSignature signs every request the janrain-signed way: a Date header and
// "Authorization: Signature client_id:signature". now gives the time to sign with
// (nil: the wall clock).
func WithSignature(clientID, clientSecret string, now func() time.Time) ClientOption {
	if now == nil {
		now = time.Now // wall-clock: a signature carries the caller's real time
	}
	return WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		form, err := readForm(req)
		if err != nil {
			return err
		}
		params := url.Values{}
		for k, vs := range req.URL.Query() {
			params[k] = append(params[k], vs...)
		}
		for k, vs := range form {
			params[k] = append(params[k], vs...)
		}
		date := now().UTC().Format("2006-01-02 15:04:05")
		req.Header.Set("Date", date)
		req.Header.Set("Authorization", "Signature "+clientID+":"+Sign(req.URL.Path, date, params, clientSecret))
		return nil
	})
}

// WithAccessToken authenticates as a user (janrain-oauth): "Authorization: OAuth <token>".
func WithAccessToken(token string) ClientOption {
	return WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "OAuth "+token)
		return nil
	})
}

// WithBearerToken sends an OAuth 2.0 Bearer token: Hosted Login's access tokens at the
// userinfo endpoint, and administrative tokens on the v1.api configuration hosts.
func WithBearerToken(token string) RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+token)
		return nil
	}
}

// WithBasic sends HTTP Basic credentials on one call (the Configuration and SIEM APIs,
// and Hosted Login's confidential clients at its token endpoints).
func WithBasic(user, password string) RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		req.SetBasicAuth(user, password)
		return nil
	}
}

// AdministrativeToken asks a customer's Hosted Login token endpoint for an
// administrative token with a configuration client (client_credentials, HTTP Basic).
// scope is "*:**", "*:config/**" or "*:webhooks/**".
func AdministrativeToken(ctx context.Context, c *ClientWithResponses, customerID, clientID, clientSecret, scope string) (string, error) {
	scopeParam := scope
	res, err := c.HostedLoginTokenWithFormdataBodyWithResponse(ctx, customerID, HostedLoginTokenFormdataRequestBody{
		GrantType: HostedLoginTokenFormGrantTypeClientCredentials, Scope: &scopeParam}, WithBasic(clientID, clientSecret))
	if err != nil {
		return "", err
	}
	if res.JSON200 == nil {
		return "", fmt.Errorf("the token endpoint answered %d: %s", res.StatusCode(), res.Body)
	}
	return res.JSON200.AccessToken, nil
}

// Sign is the janrain-signed signature of a request: base64 HMAC-SHA1, keyed with the
// client secret, over the operation path, the Date and every parameter except the
// client credentials, as k=v lines sorted.
func Sign(path, date string, params url.Values, clientSecret string) string {
	var pairs []string
	for k, vs := range params {
		if k == "client_id" || k == "client_secret" {
			continue
		}
		for _, v := range vs {
			pairs = append(pairs, k+"="+v)
		}
	}
	sort.Strings(pairs)
	text := path + "\n" + date + "\n"
	if len(pairs) > 0 {
		text += strings.Join(pairs, "\n") + "\n"
	}
	mac := hmac.New(sha1.New, []byte(clientSecret))
	mac.Write([]byte(text))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// readForm reads (and puts back) a request's form body.
func readForm(req *http.Request) (url.Values, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return url.Values{}, nil
	}
	raw, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	req.Body = io.NopCloser(bytes.NewReader(raw))
	return url.ParseQuery(string(raw))
}

func setForm(req *http.Request, form url.Values) {
	body := form.Encode()
	req.Body = io.NopCloser(strings.NewReader(body))
	req.ContentLength = int64(len(body))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(body)), nil }
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
}

// NewWithCredentials is a client for an app's Capture host whose calls carry the client
// credentials as form parameters.
func NewWithCredentials(baseURL, clientID, clientSecret string, opts ...ClientOption) (*ClientWithResponses, error) {
	return NewClientWithResponses(strings.TrimRight(baseURL, "/"), append([]ClientOption{WithClientCredentials(clientID, clientSecret)}, opts...)...)
}

// FormFields adds a flow form's fields to a native call (signInEmailAddress,
// currentPassword, ...): the generated form bodies carry only the documented parameters.
func FormFields(fields url.Values) RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		form, err := readForm(req)
		if err != nil {
			return err
		}
		for k, vs := range fields {
			form[k] = vs
		}
		setForm(req, form)
		return nil
	}
}
