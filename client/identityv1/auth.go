package identityv1

import (
	"context"
	"net/http"
	"strings"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// TokenPath is the Authentication API's token endpoint, relative to the base URL.
const TokenPath = "/v1/authentication/connect/token"

// ClientCredentials returns a token source for a client token (cached and renewed by
// golang.org/x/oauth2).
func ClientCredentials(ctx context.Context, baseURL, clientID, clientSecret string, scopes ...string) oauth2.TokenSource {
	cfg := clientcredentials.Config{
		ClientID: clientID, ClientSecret: clientSecret, Scopes: scopes,
		TokenURL: strings.TrimRight(baseURL, "/") + TokenPath,
	}
	return cfg.TokenSource(ctx)
}

// PasswordGrant signs a user in with the resource-owner password grant and returns a token
// source that refreshes with the refresh token it got.
func PasswordGrant(ctx context.Context, baseURL, clientID, clientSecret, username, password string, scopes ...string) (oauth2.TokenSource, error) {
	cfg := &oauth2.Config{
		ClientID: clientID, ClientSecret: clientSecret, Scopes: scopes,
		Endpoint: oauth2.Endpoint{TokenURL: strings.TrimRight(baseURL, "/") + TokenPath},
	}
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
