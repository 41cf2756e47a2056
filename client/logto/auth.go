package logto

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// TokenPath is Logto's OIDC token endpoint, relative to the base URL.
const TokenPath = "/oidc/token"

// ManagementResource is the Management API's resource indicator for a tenant
// ("default" for Logto OSS and idemu's default tenant).
func ManagementResource(tenant string) string { return "https://" + tenant + ".logto.app/api" }

// ClientCredentials returns a token source for a machine-to-machine application's
// tokens for one resource (cached and renewed by golang.org/x/oauth2). For the
// Management API use ManagementResource and the scope "all".
func ClientCredentials(ctx context.Context, baseURL, clientID, clientSecret, resource string, scopes ...string) oauth2.TokenSource {
	cfg := clientcredentials.Config{
		ClientID: clientID, ClientSecret: clientSecret, Scopes: scopes,
		TokenURL:       strings.TrimRight(baseURL, "/") + TokenPath,
		EndpointParams: url.Values{"resource": {resource}},
	}
	return cfg.TokenSource(ctx)
}

// WithTokenSource adds "Authorization: Bearer <token>" to every request.
func WithTokenSource(ts oauth2.TokenSource) ClientOption {
	return WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		tok, err := ts.Token()
		if err != nil {
			return err
		}
		tok.SetAuthHeader(req)
		return nil
	})
}

// NewAuthenticated is a client whose requests carry tokens from ts.
func NewAuthenticated(baseURL string, ts oauth2.TokenSource, opts ...ClientOption) (*ClientWithResponses, error) {
	return NewClientWithResponses(strings.TrimRight(baseURL, "/"), append([]ClientOption{WithTokenSource(ts)}, opts...)...)
}

// ExchangeSubjectToken trades a subject token (POST /api/subject-tokens of the
// Management API) for a user's access token with Logto's token exchange grant. The
// application must allow token exchange (customClientMetadata.allowTokenExchange).
// Without a resource the token is opaque and opens the Account API.
func ExchangeSubjectToken(ctx context.Context, baseURL, clientID, clientSecret, subjectToken, resource string, scopes ...string) (*oauth2.Token, error) {
	form := url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:token-exchange"},
		"subject_token": {subjectToken}, "subject_token_type": {"urn:ietf:params:oauth:token-type:access_token"},
		"scope": {strings.Join(scopes, " ")}}
	if resource != "" {
		form.Set("resource", resource)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(baseURL, "/")+TokenPath, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(url.QueryEscape(clientID), url.QueryEscape(clientSecret))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var body struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("token exchange: %s: %s", body.Error, body.Description)
	}
	return &oauth2.Token{AccessToken: body.AccessToken, TokenType: body.TokenType,
		Expiry: time.Now().Add(time.Duration(body.ExpiresIn) * time.Second)}, nil
}
