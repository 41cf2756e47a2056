package onegini

import (
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/fixtures"
)

// The default tenant's technical user, modelled on CIM's
// IDP_CONFIGURATION_API_REST_USERNAME / _PASSWORD: it holds the configuration_rest role.
const (
	DefaultUsername = "idemu-client"
	DefaultPassword = "idemu-secret"
)

// defaultUnits is every unit a tenant starts with (the source's example values where
// they are meaningful, plausible ones where the example has placeholders).
//
//go:embed defaults.json
var defaultUnits []byte

// Defaults implements platform.Provider.
func (h *Handler) Defaults() *fixtures.Document {
	return &fixtures.Document{Provider: "onegini", Tenants: []fixtures.Tenant{{
		ID: platform.DefaultTenant,
		Clients: []fixtures.Client{{ID: DefaultUsername, Secret: DefaultPassword, Name: "idemu technical user",
			Attributes: map[string]any{"roles": []any{RoleConfiguration}}}},
	}}}
}

// Seed implements platform.Provider. It is an upsert: a tenant seen for the first time
// starts from the default units; settings then change units as the API's updates
// would (login methods are upserted by id); technical users are created or replaced.
func (h *Handler) Seed(doc *fixtures.Document) error {
	for _, t := range doc.Tenants {
		err := h.deps.Store.Update(func(tx *store.Tx) error { return h.seedTenant(tx, t) })
		var ae *apiError
		if errors.As(err, &ae) {
			return &platform.SeedError{Reason: fmt.Sprintf("tenant %s: %s", t.ID, ae.reason)}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (h *Handler) seedTenant(tx *store.Tx, t fixtures.Tenant) error {
	if _, err := loadUnit(tx, t.ID, unitFeatures); errors.Is(err, store.ErrNotFound) {
		if err := h.writeDefaults(tx, t.ID); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	if err := h.applySettings(tx, t.ID, t.Settings); err != nil {
		return err
	}
	for i, fc := range t.Clients {
		if err := seedTechnicalUser(tx, t.ID, fc.ID, fc.Secret, fc.Attributes, false); err != nil {
			return located(fmt.Sprintf("clients[%d]", i), err)
		}
	}
	for i, fu := range t.Users {
		if err := seedTechnicalUser(tx, t.ID, fu.Username, fu.Password, fu.Attributes, true); err != nil {
			return located(fmt.Sprintf("users[%d]", i), err)
		}
	}
	return nil
}

// fixtureError is a fixture problem, which Seed reports as a platform.SeedError.
func fixtureError(format string, args ...any) *apiError {
	return badRequest(fmt.Sprintf(format, args...))
}

// located prefixes a fixture problem with where it is; other errors pass unchanged.
func located(at string, err error) error {
	var ae *apiError
	if errors.As(err, &ae) {
		return fixtureError("%s: %s", at, ae.reason)
	}
	return err
}

func (h *Handler) writeDefaults(tx *store.Tx, tenant string) error {
	v, err := decodeJSON(defaultUnits)
	if err != nil {
		return err
	}
	for unit, doc := range v.(map[string]any) {
		if err := saveUnit(tx, tenant, unit, doc.(map[string]any)); err != nil {
			return err
		}
	}
	return nil
}

// seedTechnicalUser stores an HTTP Basic identity. Roles come from the fixture's
// attributes.roles; without them the user gets every role, like CIM's general API user.
func seedTechnicalUser(tx *store.Tx, tenant, name, password string, attrs map[string]any, fromUsers bool) error {
	if password == "" {
		return fixtureError("a technical user needs a password")
	}
	roles := slices.Clone(Roles)
	if raw, ok := attrs["roles"]; ok {
		list, ok := raw.([]any)
		if !ok {
			return fixtureError("attributes.roles must be a list")
		}
		roles = []string{}
		for _, r := range list {
			s, _ := r.(string)
			if !slices.Contains(Roles, s) {
				return fixtureError("unknown role %v (roles: %s)", r, strings.Join(Roles, ", "))
			}
			roles = append(roles, s)
		}
	}
	// A client's other attributes are misspellings; a user's may be meant for other
	// providers (the generator gives every user a customer-number), so they are ignored.
	for k := range attrs {
		if k != "roles" && !fromUsers {
			return fixtureError("unknown attribute %q (technical users take roles only)", k)
		}
	}
	err := technicalUsers.Put(tx, tenant, name, technicalUser{Username: name, Password: password, Roles: roles, FromUsers: fromUsers})
	if errors.Is(err, store.ErrInvalidKey) {
		return fixtureError("the name %q cannot hold '/' or control characters", name)
	}
	return err
}

// maxInfoUsers caps how many fixture users /_emulator/info lists per tenant.
const maxInfoUsers = 20

// Info implements platform.Provider. Clients with the configuration_rest role come
// first, so the first client of a tenant is one that may call this API.
func (h *Handler) Info(baseURL string) ([]platform.TenantInfo, error) {
	var out []platform.TenantInfo
	err := h.deps.Store.View(func(tx *store.Tx) error {
		tenants, err := tx.Tenants()
		if err != nil {
			return err
		}
		for _, t := range tenants {
			if _, err := loadUnit(tx, t, unitFeatures); err != nil {
				continue // not a CIM tenant (only outbox entries, say)
			}
			ti := platform.TenantInfo{ID: t, BaseURL: platform.TenantURL(baseURL, t),
				Clients: []platform.ClientInfo{}, Users: []platform.UserInfo{}}
			list, err := technicalUsers.List(tx, t)
			if err != nil {
				return err
			}
			sort.SliceStable(list, func(i, j int) bool {
				return slices.Contains(list[i].Roles, RoleConfiguration) && !slices.Contains(list[j].Roles, RoleConfiguration)
			})
			for _, u := range list {
				if u.FromUsers {
					ti.UserCount++
					if len(ti.Users) < maxInfoUsers {
						ti.Users = append(ti.Users, platform.UserInfo{Username: u.Username, Password: u.Password})
					}
					continue
				}
				ti.Clients = append(ti.Clients, platform.ClientInfo{ID: u.Username, Secret: u.Password,
					Name: "roles: " + strings.Join(u.Roles, ", ")})
			}
			out = append(out, ti)
		}
		return nil
	})
	return out, err
}
