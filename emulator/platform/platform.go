// Package platform is what every emulated provider gets from the emulator and what the
// emulator asks of every provider: the shared dependencies (store, clock, outbox, token
// service, logger), the Provider interface the server and admin API drive, and tenant
// resolution, which works the same way on every listener.
package platform

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/clock"
	"github.com/idemu/idemu/emulator/outbox"
	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/fixtures"
)

// Deps are the emulator services a provider is built with. One set per provider
// listener; nothing is package-level, so two emulators can share a test binary.
type Deps struct {
	Store  *store.Store
	Clock  clock.Clock
	Outbox *outbox.Outbox
	Logger *slog.Logger
	// BcryptCost is the cost for stored password hashes: low by default so seeding
	// thousands of users and logging in stay fast.
	BcryptCost int
}

// Provider is one emulated identity provider.
type Provider interface {
	// Name is the provider's key: identityv1, logto, akamai, appid, onegini.
	Name() string
	// Mount registers every documented route on the provider's own listener.
	Mount(r *gin.Engine) error
	// Seed loads a fixture document (tenants, clients, users) into the store.
	Seed(doc *fixtures.Document) error
	// Defaults is the fixture every fresh instance starts from (the default tenant,
	// its client and user).
	Defaults() *fixtures.Document
	// Info describes each tenant for /_emulator/info: discovery URL, seeded clients and
	// users with their secrets, so a newcomer can get a token without reading code.
	Info(baseURL string) ([]TenantInfo, error)
	// Contract is the provider's OpenAPI document as JSON.
	Contract() ([]byte, error)
	// Internal renders an unexpected failure in the provider's 500 envelope.
	Internal(c *gin.Context)
}

// SeedError is a fixture that is valid on its own but clashes with the stored state
// (an email already held by another user, say). The admin API answers it with 400.
type SeedError struct{ Reason string }

func (e *SeedError) Error() string { return e.Reason }

// TenantInfo is what /_emulator/info and `idemu serve` tell about one tenant.
type TenantInfo struct {
	ID           string       `json:"id"`
	BaseURL      string       `json:"base_url"`
	DiscoveryURL string       `json:"discovery_url,omitempty"`
	TokenURL     string       `json:"token_url,omitempty"`
	Clients      []ClientInfo `json:"clients"`
	Users        []UserInfo   `json:"users"`
	UserCount    int          `json:"user_count"`
}

// ClientInfo is a seeded client and its secret.
type ClientInfo struct {
	ID     string   `json:"id"`
	Secret string   `json:"secret"`
	Name   string   `json:"name,omitempty"`
	Grants []string `json:"grants,omitempty"`
}

// UserInfo is a seeded user and the password the fixture gave it (users created
// through the API are counted, not listed: their passwords are only stored hashed).
type UserInfo struct {
	Username string `json:"username"`
	Password string `json:"password,omitempty"`
	Email    string `json:"email,omitempty"`
}

// TenantURL is the base URL that reaches a tenant by host name: the default tenant at
// the listener's own address, others at <tenant>.localhost on the same port.
func TenantURL(baseURL, tenant string) string {
	if tenant == DefaultTenant {
		return baseURL
	}
	scheme, rest, ok := strings.Cut(baseURL, "://")
	if !ok {
		return baseURL
	}
	port := ""
	if i := lastColon(rest); i >= 0 {
		port = rest[i:]
	}
	return scheme + "://" + tenant + ".localhost" + port
}

// TenantHeader selects a tenant when host names are not an option.
const TenantHeader = "X-Idemu-Tenant"

// DefaultTenant is the tenant a request reaches without a host name or header.
const DefaultTenant = "default"

const tenantKey = "idemu.tenant"

// Tenant resolves the tenant of a request: the X-Idemu-Tenant header first, then a
// host name of the form <tenant>.localhost (any port), else the default tenant.
func Tenant(r *http.Request) string {
	if t := r.Header.Get(TenantHeader); t != "" {
		return t
	}
	host := r.Host
	if i := lastColon(host); i >= 0 {
		host = host[:i]
	}
	const suffix = ".localhost"
	if len(host) > len(suffix) && host[len(host)-len(suffix):] == suffix {
		return host[:len(host)-len(suffix)]
	}
	return DefaultTenant
}

func lastColon(host string) int {
	if len(host) > 0 && host[len(host)-1] == ']' { // bare IPv6 literal
		return -1
	}
	for i := len(host) - 1; i >= 0; i-- {
		switch host[i] {
		case ':':
			return i
		case ']':
			return -1
		}
	}
	return -1
}

// TenantOf returns the tenant a gin request was resolved to.
func TenantOf(c *gin.Context) string {
	if t, ok := c.Get(tenantKey); ok {
		return t.(string)
	}
	t := Tenant(c.Request)
	c.Set(tenantKey, t)
	return t
}

// BaseURL is the scheme and host the caller used to reach this listener, so that
// issuers and links work behind any host name (127.0.0.1, acme.localhost, a container).
func BaseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "http" || p == "https" {
		scheme = p
	}
	return scheme + "://" + r.Host
}
