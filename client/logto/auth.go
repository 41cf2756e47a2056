package logto

import (
	"context"
	"net/http"
	"net/url"
	"strings"

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
