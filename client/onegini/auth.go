package onegini

import (
	"context"
	"net/http"
	"strings"
)

// WithBasicAuth sends a technical user's credentials with every request: the
// Configuration API takes HTTP Basic, with the configuration_rest role.
func WithBasicAuth(username, password string) ClientOption {
	return WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		req.SetBasicAuth(username, password)
		return nil
	})
}

// NewAuthenticated is a client whose requests carry the technical user's credentials.
func NewAuthenticated(baseURL, username, password string, opts ...ClientOption) (*ClientWithResponses, error) {
	return NewClientWithResponses(strings.TrimRight(baseURL, "/"), append([]ClientOption{WithBasicAuth(username, password)}, opts...)...)
}
