// Package idemu describes a running idemu, wherever it runs (in-process, in a
// container, on another machine): its base URL per provider, an admin client for
// each, and ready, authenticated API clients that use the default tenant's seeded
// credentials as /_emulator/info lists them.
package idemu

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"

	"github.com/idemu/idemu/client/admin"
	"github.com/idemu/idemu/client/akamai"
	"github.com/idemu/idemu/client/appid"
	"github.com/idemu/idemu/client/identityv1"
	"github.com/idemu/idemu/client/logto"
	"github.com/idemu/idemu/client/onegini"
)

// Instance is a running idemu.
type Instance struct {
	// URLs maps each started provider to its base URL.
	URLs map[string]string
	// HTTPClient is used by the helpers (default http.DefaultClient).
	HTTPClient *http.Client
}

// URL is a provider's base URL; it panics for a provider that is not running, since
// that is a mistake in the test itself.
func (i *Instance) URL(provider string) string {
	u, ok := i.URLs[provider]
	if !ok {
		panic(fmt.Sprintf("idemu: provider %q is not running (running: %v)", provider, i.Providers()))
	}
	return u
}

// Providers lists the running providers, sorted.
func (i *Instance) Providers() []string {
	out := make([]string, 0, len(i.URLs))
	for p := range i.URLs {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func (i *Instance) httpClient() *http.Client {
	if i.HTTPClient != nil {
		return i.HTTPClient
	}
	return http.DefaultClient
}

// Admin is the admin API client of a provider's listener.
func (i *Instance) Admin(provider string) *admin.Admin {
	a, err := admin.New(i.URL(provider), admin.WithHTTPClient(i.httpClient()))
	if err != nil {
		panic(err) // only a malformed base URL fails here
	}
	return a
}

// Credentials are a seeded client's id and secret.
type Credentials struct{ ID, Secret string }

// DefaultClient reads the default tenant's first seeded client from /_emulator/info.
func (i *Instance) DefaultClient(ctx context.Context, provider string) (Credentials, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, i.URL(provider)+"/_emulator/info", nil)
	if err != nil {
		return Credentials{}, err
	}
	resp, err := i.httpClient().Do(req)
	if err != nil {
		return Credentials{}, err
	}
	defer resp.Body.Close()
	var info struct {
		Tenants []struct {
			ID      string `json:"id"`
			Clients []struct {
				ID     string `json:"id"`
				Secret string `json:"secret"`
			} `json:"clients"`
		} `json:"tenants"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&info); err != nil {
		return Credentials{}, fmt.Errorf("%s /_emulator/info: %w", provider, err)
	}
	for _, t := range info.Tenants {
		if t.ID == "default" && len(t.Clients) > 0 {
			return Credentials{ID: t.Clients[0].ID, Secret: t.Clients[0].Secret}, nil
		}
	}
	return Credentials{}, fmt.Errorf("%s: the default tenant has no seeded client", provider)
}

// IdentityV1 is an Identity API v1 client authenticated with the seeded client's token.
func (i *Instance) IdentityV1(ctx context.Context) (*identityv1.ClientWithResponses, error) {
	creds, err := i.DefaultClient(ctx, "identityv1")
	if err != nil {
		return nil, err
	}
	base := i.URL("identityv1")
	ts := identityv1.ClientCredentials(ctx, base, creds.ID, creds.Secret)
	return identityv1.NewAuthenticated(base, ts, identityv1.WithHTTPClient(i.httpClient()))
}

// Onegini is an Onegini Configuration API client authenticated as the seeded
// technical user (HTTP Basic).
func (i *Instance) Onegini(ctx context.Context) (*onegini.ClientWithResponses, error) {
	creds, err := i.DefaultClient(ctx, "onegini")
	if err != nil {
		return nil, err
	}
	return onegini.NewAuthenticated(i.URL("onegini"), creds.ID, creds.Secret, onegini.WithHTTPClient(i.httpClient()))
}

// Logto is a Logto Management API client authenticated with the seeded
// machine-to-machine app's token for the default tenant's Management API.
func (i *Instance) Logto(ctx context.Context) (*logto.ClientWithResponses, error) {
	creds, err := i.DefaultClient(ctx, "logto")
	if err != nil {
		return nil, err
	}
	base := i.URL("logto")
	ts := logto.ClientCredentials(ctx, base, creds.ID, creds.Secret, logto.ManagementResource("default"), "all")
	return logto.NewAuthenticated(base, ts, logto.WithHTTPClient(i.httpClient()))
}

// AppID is an App ID Management API client authenticated with an IAM token for the
// seeded API key; tenantID is the tenant that key manages.
func (i *Instance) AppID(ctx context.Context) (c *appid.ClientWithResponses, tenantID string, err error) {
	creds, err := i.DefaultClient(ctx, "appid")
	if err != nil {
		return nil, "", err
	}
	base := i.URL("appid")
	c, err = appid.NewAuthenticated(base, appid.IAMAPIKey(ctx, base, creds.Secret), appid.WithHTTPClient(i.httpClient()))
	return c, creds.ID, err
}

// Akamai is a Capture API client that sends the seeded owner client's credentials.
func (i *Instance) Akamai(ctx context.Context) (*akamai.ClientWithResponses, error) {
	creds, err := i.DefaultClient(ctx, "akamai")
	if err != nil {
		return nil, err
	}
	return akamai.NewWithCredentials(i.URL("akamai"), creds.ID, creds.Secret, akamai.WithHTTPClient(i.httpClient()))
}
