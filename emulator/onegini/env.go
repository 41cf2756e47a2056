package onegini

import (
	"fmt"
	"slices"
	"strings"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/fixtures"
)

// The environment variables through which CIM itself is given its technical users:
// the Configuration API's own user (role configuration_rest) and the general API
// user, whose roles are a comma-separated list (every role when unset).
const (
	EnvConfigurationUsername = "IDP_CONFIGURATION_API_REST_USERNAME"
	EnvConfigurationPassword = "IDP_CONFIGURATION_API_REST_PASSWORD"
	EnvGeneralUsername       = "IDP_API_REST_USERNAME"
	EnvGeneralPassword       = "IDP_API_REST_PASSWORD"
	EnvGeneralRoles          = "IDP_API_REST_USER_ROLES"
)

// EnvFixture reads those variables into a fixture for the default tenant, so that a
// deployment's CIM environment works against idemu unchanged. It returns nil when none
// of the user names is set, and an error for a user name without its password or an
// unknown role.
func EnvFixture(getenv func(string) string) (*fixtures.Document, error) {
	tenant := fixtures.Tenant{ID: platform.DefaultTenant}
	if name := getenv(EnvConfigurationUsername); name != "" {
		pw := getenv(EnvConfigurationPassword)
		if pw == "" {
			return nil, fmt.Errorf("%s is set but %s is not", EnvConfigurationUsername, EnvConfigurationPassword)
		}
		tenant.Clients = append(tenant.Clients, fixtures.Client{ID: name, Secret: pw,
			Attributes: map[string]any{"roles": []any{RoleConfiguration}}})
	}
	if name := getenv(EnvGeneralUsername); name != "" {
		pw := getenv(EnvGeneralPassword)
		if pw == "" {
			return nil, fmt.Errorf("%s is set but %s is not", EnvGeneralUsername, EnvGeneralPassword)
		}
		roles := []any{}
		for _, r := range strings.Split(getenv(EnvGeneralRoles), ",") {
			if r = strings.TrimSpace(r); r == "" {
				continue
			}
			if !slices.Contains(Roles, r) {
				return nil, fmt.Errorf("%s: unknown role %q (roles: %s)", EnvGeneralRoles, r, strings.Join(Roles, ", "))
			}
			roles = append(roles, r)
		}
		c := fixtures.Client{ID: name, Secret: pw}
		if len(roles) > 0 {
			c.Attributes = map[string]any{"roles": roles}
		}
		tenant.Clients = append(tenant.Clients, c)
	}
	if len(tenant.Clients) == 0 {
		return nil, nil
	}
	return &fixtures.Document{Provider: "onegini", Tenants: []fixtures.Tenant{tenant}}, nil
}
