package appid

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// IAMTokenPath is IBM Cloud IAM's token endpoint, relative to the IAM base URL (idemu
// serves it beside App ID).
const IAMTokenPath = "/identity/token"

// iamAPIKeyGrant is IAM's grant type for API keys.
const iamAPIKeyGrant = "urn:ibm:params:oauth:grant-type:apikey"

// IAMAPIKey returns a token source for the management API: IAM access tokens for an
// API key, cached and renewed by golang.org/x/oauth2.
func IAMAPIKey(ctx context.Context, iamBaseURL, apikey string) oauth2.TokenSource {
	return oauth2.ReuseTokenSource(nil, &iamSource{ctx: ctx, url: strings.TrimRight(iamBaseURL, "/") + IAMTokenPath, apikey: apikey})
}

type iamSource struct {
	ctx    context.Context
	url    string
	apikey string
}

// Token performs the API key grant. IAM's expiration is epoch seconds.
func (s *iamSource) Token() (*oauth2.Token, error) {
	form := url.Values{"grant_type": {iamAPIKeyGrant}, "apikey": {s.apikey}}
	req, err := http.NewRequestWithContext(s.ctx, http.MethodPost, s.url, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := oauth2.NewClient(s.ctx, nil).Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("IAM token request answered %d: %s", resp.StatusCode, raw)
	}
	var body struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		Expiration  int64  `json:"expiration"`
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		return nil, err
	}
	return &oauth2.Token{AccessToken: body.AccessToken, TokenType: body.TokenType, Expiry: time.Unix(body.Expiration, 0)}, nil
}

// OAuthServerURL is the App ID OAuth server of a tenant.
func OAuthServerURL(baseURL, tenantID string) string {
	return strings.TrimRight(baseURL, "/") + "/oauth/v4/" + tenantID
}

// ApplicationCredentials returns a token source for an App ID application's client
// credentials grant (HTTP Basic client authentication, as App ID expects).
func ApplicationCredentials(ctx context.Context, baseURL, tenantID, clientID, secret string, scopes ...string) oauth2.TokenSource {
	cfg := clientcredentials.Config{ClientID: clientID, ClientSecret: secret, Scopes: scopes,
		TokenURL: OAuthServerURL(baseURL, tenantID) + "/token", AuthStyle: oauth2.AuthStyleInHeader}
	return cfg.TokenSource(ctx)
}

// PasswordGrant signs a Cloud Directory user in (resource owner password grant) and
// returns a token source that refreshes with the refresh token, when the tenant issues
// refresh tokens.
func PasswordGrant(ctx context.Context, baseURL, tenantID, clientID, secret, username, password string) (oauth2.TokenSource, error) {
	cfg := &oauth2.Config{ClientID: clientID, ClientSecret: secret,
		Endpoint: oauth2.Endpoint{TokenURL: OAuthServerURL(baseURL, tenantID) + "/token", AuthStyle: oauth2.AuthStyleInHeader}}
	tok, err := cfg.PasswordCredentialsToken(ctx, username, password)
	if err != nil {
		return nil, err
	}
	return cfg.TokenSource(ctx, tok), nil
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
