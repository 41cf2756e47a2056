package identityv1

import (
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/fixtures"
)

// Seeded defaults: what a fresh idemu holds, printed by `idemu serve`.
const (
	DefaultClientID     = "idemu-client"
	DefaultClientSecret = "idemu-secret"
	DefaultUsername     = "demo"
	DefaultPassword     = "Demo-password-1"
)

var allGrants = []string{"client_credentials", "password", "refresh_token"}

// Defaults implements platform.Provider.
func (h *Handler) Defaults() *fixtures.Document {
	return &fixtures.Document{Provider: "identityv1", Tenants: []fixtures.Tenant{{
		ID:      platform.DefaultTenant,
		Clients: []fixtures.Client{{ID: DefaultClientID, Secret: DefaultClientSecret, Name: "idemu default client", Grants: allGrants}},
		Users: []fixtures.User{{Username: DefaultUsername, Password: DefaultPassword, Email: "demo@example.test",
			Phone: "+15550100001", GivenName: "Demo", FamilyName: "User",
			Attributes: map[string]any{"customer-number": "C00000001"}}},
	}}}
}

// Seed implements platform.Provider. It is an upsert: seeding the same fixture twice
// (a restart with --data-dir and --fixtures) leaves one copy, with the fixture's values.
func (h *Handler) Seed(doc *fixtures.Document) error {
	// Generated users share one password: hashing each distinct password once per call
	// makes seeding thousands of users take well under a second instead of ~1 ms each.
	hashes := map[string]string{}
	for _, t := range doc.Tenants {
		if err := h.deps.Store.Update(func(tx *store.Tx) error { return h.seedTenant(tx, t, hashes) }); err != nil {
			return err
		}
	}
	return nil
}

func (h *Handler) seedTenant(tx *store.Tx, t fixtures.Tenant, hashes map[string]string) error {
	base, err := tenantSettings(tx, t.ID)
	if errors.Is(err, store.ErrNotFound) {
		base, err = defaultSettings(), nil
	}
	if err != nil {
		return err
	}
	set, err := mergeSettings(base, t.Settings)
	if err != nil {
		return &platform.SeedError{Reason: fmt.Sprintf("tenant %s: %v", t.ID, err)}
	}
	if err := settingsC.Put(tx, t.ID, settingsID, set); err != nil {
		return err
	}
	if _, err := h.tokens.EnsureKeys(tx, t.ID); err != nil {
		return err
	}
	for _, fc := range t.Clients {
		if !store.ValidName(fc.ID) {
			return unstorable(t.ID, "client id", fc.ID)
		}
		grants := fc.Grants
		if len(grants) == 0 {
			grants = allGrants
		}
		if err := clients.Put(tx, t.ID, fc.ID, client{ID: fc.ID, Secret: fc.Secret, Name: fc.Name, Grants: grants, Scopes: fc.Scopes}); err != nil {
			return err
		}
	}
	for _, fu := range t.Users {
		if !store.ValidName(fu.Username) {
			return unstorable(t.ID, "username", fu.Username)
		}
		if fu.ID != "" && !store.ValidName(fu.ID) {
			return unstorable(t.ID, "user id", fu.ID)
		}
		if err := h.seedUser(tx, t.ID, set, fu, hashes); err != nil {
			var ae *apiError
			if errors.As(err, &ae) {
				p, _ := ae.Body.(problemBody)
				return &platform.SeedError{Reason: fmt.Sprintf("tenant %s, user %s: %s", t.ID, fu.Username, p.Message)}
			}
			return err
		}
	}
	return nil
}

// unstorable is the seed error for a name the store cannot key a record by, which the
// admin API would otherwise answer with a 500.
func unstorable(tenant, what, name string) error {
	return &platform.SeedError{Reason: fmt.Sprintf("tenant %s: the %s %q cannot hold '/', control characters or invalid UTF-8", tenant, what, name)}
}

func (h *Handler) seedUser(tx *store.Tx, tenant string, set settings, fu fixtures.User, hashes map[string]string) error {
	u := user{ID: fu.ID, CreatedAt: tx.Now()}
	if id, err := tx.Lookup(tenant, users.Name, byUsername, fu.Username); err == nil {
		if u, err = users.Get(tx, tenant, id); err != nil {
			return err
		}
		if err := releaseAll(tx, tenant, u); err != nil {
			return err
		}
	} else if u.ID == "" {
		u.ID = uuid.NewString()
	}
	pw := fu.Password
	if pw == "" {
		pw = randomPassword(set.PasswordRequirements)
	}
	hash, ok := hashes[pw]
	if !ok {
		var err error
		if hash, err = platform.HashPassword(pw, h.deps.BcryptCost); err != nil {
			return err
		}
		hashes[pw] = hash
	}
	u.Username, u.PasswordHash, u.Email, u.Phone = fu.Username, hash, fu.Email, fu.Phone
	u.FirstName, u.LastName = fu.GivenName, fu.FamilyName
	u.EmailVerified, u.PhoneVerified = fu.Email != "", fu.Phone != "" // seeded contact points count as verified
	if v, ok := fu.Attributes["customer-number"].(string); ok {
		u.CustomerNumber = v
	}
	if v, ok := fu.Attributes["hint-picture-url"].(string); ok {
		u.HintPictureURL = v
	}
	if err := users.Delete(tx, tenant, u.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if err := insertUser(tx, tenant, u); err != nil {
		return err
	}
	if fu.Password == "" {
		return nil
	}
	return seeded.Put(tx, tenant, strings.ToLower(fu.Username), seededCredential{Username: fu.Username, Password: fu.Password, Email: fu.Email})
}

// releaseAll frees every unique value a user holds, before it is rewritten.
func releaseAll(tx *store.Tx, tenant string, u user) error {
	values := map[string]string{byUsername: u.Username, byEmail: u.Email, byPhone: u.Phone}
	for index, v := range values {
		if err := tx.Release(tenant, users.Name, index, v, u.ID); err != nil {
			return err
		}
	}
	for _, l := range u.LinkedLogins {
		if err := tx.Release(tenant, users.Name, byLogin, loginKey(l.Provider, l.Login), u.ID); err != nil {
			return err
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
		for _, t := range tenants {
			if _, err := tenantSettings(tx, t); err != nil {
				continue // not an Identity API tenant (only outbox, say)
			}
			url := platform.TenantURL(baseURL, t)
			ti := platform.TenantInfo{ID: t, BaseURL: url,
				DiscoveryURL: url + authBase + "/.well-known/openid-configuration",
				TokenURL:     url + authBase + "/connect/token",
				Clients:      []platform.ClientInfo{}, Users: []platform.UserInfo{}}
			cls, err := clients.List(tx, t)
			if err != nil {
				return err
			}
			for _, cl := range cls {
				ti.Clients = append(ti.Clients, platform.ClientInfo{ID: cl.ID, Secret: cl.Secret, Name: cl.Name, Grants: cl.Grants})
			}
			err = seeded.Each(tx, t, func(_ string, s seededCredential) bool {
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
