package logto

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/fixtures"
)

// Seeded defaults: a tenant starts as a fresh Logto does (the Management API resource
// with its "all" scope and the "Logto Management API access" role) plus one
// machine-to-machine application holding that role, so a client can get a Management
// API token at once. There are no users.
const (
	DefaultClientID     = "idemudefaultm2mclient"            // 21 characters, Logto's id alphabet
	DefaultClientSecret = "IdemuLogtoDefaultM2mSecret000000" // 32 characters, Logto's secret alphabet
	managementRoleName  = "Logto Management API access"
)

// Defaults implements platform.Provider.
func (h *Handler) Defaults() *fixtures.Document {
	return &fixtures.Document{Provider: "logto", Tenants: []fixtures.Tenant{{
		ID:      platform.DefaultTenant,
		Clients: []fixtures.Client{{ID: DefaultClientID, Secret: DefaultClientSecret, Name: "idemu M2M app"}},
	}}}
}

// Seed implements platform.Provider. It is an upsert: seeding a fixture twice leaves one
// copy of everything, with the fixture's values.
func (h *Handler) Seed(doc *fixtures.Document) error {
	hashes := map[string]string{} // one bcrypt per distinct password: generated users share one
	for _, t := range doc.Tenants {
		err := h.deps.Store.Update(func(tx *store.Tx) error {
			if err := h.seedTenant(tx, t.ID); err != nil {
				return err
			}
			for _, fc := range t.Clients {
				if err := seedClient(tx, t.ID, fc); err != nil {
					return err
				}
			}
			for _, fu := range t.Users {
				if err := h.seedUser(tx, t.ID, fu, hashes); err != nil {
					return err
				}
			}
			return seedSettings(tx, t.ID, t.Settings)
		})
		if err != nil {
			var ae *apiError
			if errors.As(err, &ae) {
				return &platform.SeedError{Reason: fmt.Sprintf("tenant %s: %s", t.ID, ae.Message)}
			}
			return err
		}
	}
	return nil
}

// seedTenant gives a tenant what every Logto tenant has.
func (h *Handler) seedTenant(tx *store.Tx, tenant string) error {
	if _, err := tenantStates.Get(tx, tenant, tenantStateID); errors.Is(err, store.ErrNotFound) {
		if err := tenantStates.Put(tx, tenant, tenantStateID, tenantState{}); err != nil {
			return err
		}
	}
	if _, err := h.tokens.EnsureKeys(tx, tenant); err != nil {
		return err
	}
	if _, err := resources.Get(tx, tenant, managementResourceID); errors.Is(err, store.ErrNotFound) {
		seq, err := nextSeq(tx, tenant)
		if err != nil {
			return err
		}
		r := resource{ID: managementResourceID, Name: "Logto Management API", Indicator: managementIndicator(tenant), AccessTokenTTL: defaultTokenTTL, Seq: seq}
		if err := claimIndicator(tx, tenant, r); err != nil {
			return err
		}
		if err := resources.Put(tx, tenant, r.ID, r); err != nil {
			return err
		}
		desc := "Default scope for Management API, allows all permissions."
		sc := scope{ID: managementScopeID, ResourceID: r.ID, Name: managementScope, Description: &desc, CreatedAt: tx.Now().UnixMilli(), Seq: seq}
		if err := claimScopeName(tx, tenant, sc); err != nil {
			return err
		}
		if err := scopes.Put(tx, tenant, sc.ID, sc); err != nil {
			return err
		}
	}
	if _, err := tx.Lookup(tenant, roles.Name, byRoleName, caseSensitiveKey(managementRoleName)); errors.Is(err, store.ErrNotFound) {
		seq, err := nextSeq(tx, tenant)
		if err != nil {
			return err
		}
		r := role{ID: standardID(), Name: managementRoleName, Description: "This default role grants access to the Logto management API.",
			Type: roleMachineToMachine, Seq: seq}
		if err := claimRoleName(tx, tenant, r); err != nil {
			return err
		}
		if err := roles.Put(tx, tenant, r.ID, r); err != nil {
			return err
		}
		if err := link(tx, tenant, rolesScopes, r.ID, managementScopeID); err != nil {
			return err
		}
	}
	for _, target := range socialTargets {
		if _, err := connectors.Get(tx, tenant, target); errors.Is(err, store.ErrNotFound) {
			seq, err := nextSeq(tx, tenant)
			if err != nil {
				return err
			}
			cn := connector{ID: target, ConnectorID: target + "-universal", Config: jsonb(nil), Metadata: jsonb(nil), Seq: seq}
			if err := connectors.Put(tx, tenant, target, cn); err != nil {
				return err
			}
		}
	}
	return nil
}

// socialTargets are the emulated social connectors every tenant has: the connector's
// id is its target, its factory "<target>-universal".
var socialTargets = []string{"apple", "facebook", "github", "google", "microsoft"}

// seedClient upserts a fixture client as an application. The fixture secret is its
// "Default secret". attributes: type (default MachineToMachine), description, roles
// (role names; default: the Management API access role for machine-to-machine apps).
func seedClient(tx *store.Tx, tenant string, fc fixtures.Client) error {
	if len(fc.ID) > 21 {
		return &platform.SeedError{Reason: fmt.Sprintf("tenant %s, client %s: Logto application ids have at most 21 characters", tenant, fc.ID)}
	}
	typ := appMachineToMachine
	if t, ok := fc.Attributes["type"].(string); ok {
		typ = t
	}
	name := fc.Name
	if name == "" {
		name = fc.ID
	}
	app, err := applications.Get(tx, tenant, fc.ID)
	if errors.Is(err, store.ErrNotFound) {
		app = newApplication(tx, name, typ)
		app.ID = fc.ID
	} else if err != nil {
		return err
	}
	app.Name, app.Type = name, typ
	if d, ok := fc.Attributes["description"].(string); ok {
		app.Description = &d
	}
	app.Secrets = []appSecret{{Name: defaultSecretName, Value: fc.Secret, CreatedAt: tx.Now().UnixMilli()}}
	if err := applications.Put(tx, tenant, app.ID, app); err != nil {
		return err
	}
	roleNames := []string{}
	if typ == appMachineToMachine {
		roleNames = []string{managementRoleName}
	}
	if list, ok := fc.Attributes["roles"].([]any); ok {
		roleNames = roleNames[:0]
		for _, r := range list {
			roleNames = append(roleNames, fmt.Sprint(r))
		}
	}
	for _, rn := range roleNames {
		if err := linkByRoleName(tx, tenant, appsRoles, app.ID, rn); err != nil {
			return err
		}
	}
	prev, err := seededClients.Get(tx, tenant, fc.ID)
	seq := prev.Seq
	if errors.Is(err, store.ErrNotFound) {
		if seq, err = nextSeq(tx, tenant); err != nil {
			return err
		}
	}
	return seededClients.Put(tx, tenant, fc.ID, seededClient{ID: fc.ID, Secret: fc.Secret, Name: name, Seq: seq})
}

func linkByRoleName(tx *store.Tx, tenant string, coll store.Collection[relation], left, roleName string) error {
	id, err := tx.Lookup(tenant, roles.Name, byRoleName, caseSensitiveKey(roleName))
	if errors.Is(err, store.ErrNotFound) {
		return &platform.SeedError{Reason: fmt.Sprintf("tenant %s: no role named %q", tenant, roleName)}
	}
	if err != nil {
		return err
	}
	if ok, err := linked(tx, tenant, coll, left, id); err != nil || ok {
		return err
	}
	return link(tx, tenant, coll, left, id)
}

// seedUser upserts a fixture user by username. attributes: customData, avatar,
// isSuspended, roles (role names), identities ({target: {userId, details}}),
// ssoIdentities ([{ssoConnectorId, issuer, identityId, detail}]) and sessions (client
// ids: a signed-in session with a grant for each).
func (h *Handler) seedUser(tx *store.Tx, tenant string, fu fixtures.User, hashes map[string]string) error {
	var old user
	existing := false
	if id, err := tx.Lookup(tenant, users.Name, byUsername, fu.Username); err == nil {
		if old, err = users.Get(tx, tenant, id); err != nil {
			return err
		}
		existing = true
	}
	u := old
	if !existing {
		u = user{ID: fu.ID, CreatedAt: tx.Now().UnixMilli(), Identities: map[string]identity{}}
		if u.ID == "" {
			u.ID = shortID()
		}
		if len(u.ID) > 12 {
			return &platform.SeedError{Reason: fmt.Sprintf("tenant %s, user %s: Logto user ids have at most 12 characters", tenant, fu.Username)}
		}
	}
	u.UpdatedAt = tx.Now().UnixMilli()
	u.Username = strPtr(fu.Username)
	u.PrimaryEmail = strPtr(fu.Email)
	u.PrimaryPhone = strPtr(strings.TrimPrefix(fu.Phone, "+"))
	u.Name = strPtr(strings.TrimSpace(fu.GivenName + " " + fu.FamilyName))
	profile := map[string]string{}
	if fu.GivenName != "" {
		profile["givenName"] = fu.GivenName
	}
	if fu.FamilyName != "" {
		profile["familyName"] = fu.FamilyName
	}
	raw, _ := json.Marshal(profile)
	u.Profile = jsonb(raw)
	if err := applyUserAttributes(&u, fu.Attributes, tx.Now().UnixMilli()); err != nil {
		return &platform.SeedError{Reason: fmt.Sprintf("tenant %s, user %s: %v", tenant, fu.Username, err)}
	}
	u.PasswordDigest, u.PasswordAlgorithm = "", ""
	if fu.Password != "" {
		hash, ok := hashes[fu.Password]
		if !ok {
			b, err := hashPassword(fu.Password, h.deps.BcryptCost)
			if err != nil {
				return err
			}
			hash = b
			hashes[fu.Password] = hash
		}
		u.PasswordDigest, u.PasswordAlgorithm = hash, algBcrypt
	}
	if err := saveUser(tx, tenant, old, u); err != nil {
		var ae *apiError
		if errors.As(err, &ae) {
			return &platform.SeedError{Reason: fmt.Sprintf("tenant %s, user %s: %s", tenant, fu.Username, ae.Message)}
		}
		return err
	}
	if list, ok := fu.Attributes["roles"].([]any); ok {
		for _, r := range list {
			if err := linkByRoleName(tx, tenant, usersRoles, u.ID, fmt.Sprint(r)); err != nil {
				return err
			}
		}
	}
	if list, ok := fu.Attributes["sessions"].([]any); ok {
		active, err := activeSessions(tx, tenant, u.ID)
		if err != nil {
			return err
		}
		for _, clientID := range list {
			if slices.ContainsFunc(active, func(s oidcSession) bool { return s.ClientID == fmt.Sprint(clientID) }) {
				continue // seeding again keeps the session it made
			}
			if err := seedSession(tx, tenant, u.ID, fmt.Sprint(clientID)); err != nil {
				return err
			}
		}
	}
	if fu.Password == "" {
		return nil
	}
	return seededUsers.Put(tx, tenant, u.ID, seededCredential{Username: fu.Username, Password: fu.Password, Email: fu.Email})
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// applyUserAttributes reads the Logto-specific fixture attributes of a user.
func applyUserAttributes(u *user, attrs map[string]any, now int64) error {
	for k, v := range attrs {
		raw, err := json.Marshal(v)
		if err != nil {
			return err
		}
		switch k {
		case "customData":
			u.CustomData = jsonb(raw)
		case "avatar":
			u.Avatar = strPtr(fmt.Sprint(v))
		case "isSuspended":
			u.IsSuspended = v == true
		case "identities":
			var ids map[string]identity
			if err := json.Unmarshal(raw, &ids); err != nil {
				return fmt.Errorf("attributes.identities: %w", err)
			}
			for target, id := range ids {
				u.Identities[target] = id
			}
		case "ssoIdentities":
			var list []ssoIdentity
			if err := json.Unmarshal(raw, &list); err != nil {
				return fmt.Errorf("attributes.ssoIdentities: %w", err)
			}
			for i := range list {
				list[i].ID, list[i].CreatedAt, list[i].UpdatedAt = standardID(), now, now
			}
			u.SsoIdentities = list
		case "roles", "sessions":
		default:
			return fmt.Errorf("unknown attribute %q (known: customData, avatar, isSuspended, identities, ssoIdentities, roles, sessions)", k)
		}
	}
	return nil
}

// maxInfoUsers caps how many seeded users /_emulator/info lists per tenant.
const maxInfoUsers = 20

// Info implements platform.Provider.
func (h *Handler) Info(baseURL string) ([]platform.TenantInfo, error) {
	var out []platform.TenantInfo
	err := h.deps.Store.View(func(tx *store.Tx) error {
		tenants, err := tx.Tenants()
		if err != nil {
			return err
		}
		// The default tenant first: tools take its first client as "the" client.
		sort.SliceStable(tenants, func(i, j int) bool {
			return tenants[i] == platform.DefaultTenant && tenants[j] != platform.DefaultTenant
		})
		for _, t := range tenants {
			if _, err := tenantStates.Get(tx, t, tenantStateID); err != nil {
				continue // not a Logto tenant (an outbox only, say)
			}
			url := platform.TenantURL(baseURL, t)
			ti := platform.TenantInfo{ID: t, BaseURL: url, DiscoveryURL: url + oidcBase + "/.well-known/openid-configuration",
				TokenURL: url + oidcBase + "/token", Clients: []platform.ClientInfo{}, Users: []platform.UserInfo{}}
			clients, err := seededClients.List(tx, t)
			if err != nil {
				return err
			}
			sort.SliceStable(clients, func(i, j int) bool { return clients[i].Seq < clients[j].Seq })
			for _, cl := range clients {
				ti.Clients = append(ti.Clients, platform.ClientInfo{ID: cl.ID, Secret: cl.Secret, Name: cl.Name, Grants: []string{"client_credentials"}})
			}
			err = seededUsers.Each(tx, t, func(_ string, s seededCredential) bool {
				ti.Users = append(ti.Users, platform.UserInfo{Username: s.Username, Password: s.Password, Email: s.Email})
				return len(ti.Users) < maxInfoUsers
			})
			if err != nil {
				return err
			}
			if ti.UserCount, err = tx.Count(t, users.Name); err != nil {
				return err
			}
			out = append(out, ti)
		}
		return nil
	})
	return out, err
}
