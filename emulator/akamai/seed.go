package akamai

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/google/uuid"
	"golang.org/x/crypto/bcrypt"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/fixtures"
)

// Seeded defaults: what a fresh idemu holds, printed by `idemu serve`.
const (
	DefaultOwnerClientID     = "idemu-owner"
	DefaultOwnerClientSecret = "idemu-owner-secret"
	DefaultLoginClientID     = "idemu-login"
	DefaultLoginClientSecret = "idemu-login-secret"
	DefaultEmail             = "demo@example.test"
	DefaultPassword          = "Demo-password-1"
)

// Defaults implements platform.Provider: the default app with an owner client (the
// suite's credentials), a login client set up for the standard flow, and one user.
func (h *Handler) Defaults() *fixtures.Document {
	return &fixtures.Document{Provider: "akamai", Tenants: []fixtures.Tenant{{
		ID: platform.DefaultTenant,
		Clients: []fixtures.Client{
			{ID: DefaultOwnerClientID, Secret: DefaultOwnerClientSecret, Name: "idemu owner client",
				Attributes: map[string]any{"features": []any{featureOwner, featureAccessIssuer, featureDirectAccess}}},
			{ID: DefaultLoginClientID, Secret: DefaultLoginClientSecret, Name: "idemu login client",
				Attributes: map[string]any{"features": []any{featureLoginClient},
					"settings": map[string]any{"default_flow_name": standardFlow, "default_flow_version": headVersion}}},
		},
		Users: []fixtures.User{{Username: "demo", Password: DefaultPassword, Email: DefaultEmail,
			Phone: "+15550100001", GivenName: "Demo", FamilyName: "User"}},
	}}}
}

// seededCredential remembers a fixture user's password for /_emulator/info, and which
// record it became, so that seeding the same fixture again updates it.
type seededCredential struct {
	Username string `json:"username"`
	Password string `json:"password,omitempty"`
	Email    string `json:"email,omitempty"`
	UUID     string `json:"uuid"`
}

var seeded = store.Collection[seededCredential]{Name: "seeded-users"}

// Seed implements platform.Provider. It is an upsert: an app, client or user that exists
// is updated with the fixture's values.
func (h *Handler) Seed(doc *fixtures.Document) error {
	hashes := map[string]string{} // hash each distinct password once: generated users share one
	for _, t := range doc.Tenants {
		err := h.deps.Store.Update(func(tx *store.Tx) error { return h.seedApp(tx, t, hashes) })
		if err != nil {
			var ae *apiError
			if errors.As(err, &ae) {
				return &platform.SeedError{Reason: fmt.Sprintf("app %s: %s", t.ID, ae.Desc)}
			}
			return err
		}
	}
	return nil
}

func (h *Handler) seedApp(tx *store.Tx, t fixtures.Tenant, hashes map[string]string) error {
	app, err := appSettings(tx, t.ID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	for k, v := range t.Settings {
		app.Settings[k] = settingText(v)
	}
	if err := ensureManagedSettings(tx, t.ID, &app); err != nil {
		return err
	}
	if err := apps.Put(tx, t.ID, appDocID, app); err != nil {
		return err
	}
	if _, err := entityTypes.Get(tx, t.ID, "user"); errors.Is(err, store.ErrNotFound) {
		if err := saveType(tx, t.ID, standardUserType()); err != nil {
			return err
		}
	}
	if _, err := flows.Get(tx, t.ID, standardFlow); errors.Is(err, store.ErrNotFound) {
		if err := flows.Put(tx, t.ID, standardFlow, defaultFlow()); err != nil {
			return err
		}
	}
	for i, fc := range t.Clients {
		if err := seedClient(tx, t.ID, fc, fmt.Sprintf("tenants[%s].clients[%d]", t.ID, i)); err != nil {
			return err
		}
	}
	if err := seedHostedLogin(tx, t.ID); err != nil {
		return err
	}
	for _, fu := range t.Users {
		if err := h.seedUser(tx, t.ID, fu, hashes); err != nil {
			return &platform.SeedError{Reason: fmt.Sprintf("app %s, user %s: %v", t.ID, fu.Username, describeErr(err))}
		}
	}
	return nil
}

func describeErr(err error) string {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.Desc
	}
	return err.Error()
}

// settingText renders a fixture setting the way Capture stores settings: as a string.
func settingText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	}
	return strings.TrimSpace(fmt.Sprint(v))
}

// seedClient stores a fixture client. Its attributes may give features (default: owner),
// whitelist and settings.
func seedClient(tx *store.Tx, app string, fc fixtures.Client, at string) error {
	cl, err := clients.Get(tx, app, fc.ID)
	if errors.Is(err, store.ErrNotFound) {
		cl, err = client{ID: fc.ID, Whitelist: defaultWhitelist, Features: []string{featureOwner}, Created: tx.Now()}, nil
	}
	if err != nil {
		return err
	}
	cl.Secret, cl.Description = fc.Secret, fc.Name
	for key, v := range fc.Attributes {
		switch key {
		case "features", "whitelist":
			list, err := stringList(v)
			if err != nil {
				return &platform.SeedError{Reason: fmt.Sprintf("%s.attributes.%s: %v", at, key, err)}
			}
			if key == "features" {
				for _, f := range list {
					if !slices.Contains(knownFeatures, f) {
						return &platform.SeedError{Reason: fmt.Sprintf("%s.attributes.features: unknown feature %q", at, f)}
					}
				}
				cl.Features = list
			} else {
				cl.Whitelist = list
			}
		case "settings":
			m, ok := v.(map[string]any)
			if !ok {
				return &platform.SeedError{Reason: fmt.Sprintf("%s.attributes.settings: want a map of keys to values", at)}
			}
			if cl.Settings == nil {
				cl.Settings = map[string]string{}
			}
			for k, s := range m {
				cl.Settings[k] = settingText(s)
			}
		default:
			return &platform.SeedError{Reason: fmt.Sprintf("%s.attributes: unknown key %q (want features, whitelist, settings)", at, key)}
		}
	}
	return clients.Put(tx, app, cl.ID, cl)
}

func stringList(v any) ([]string, error) {
	items, ok := v.([]any)
	if !ok {
		return nil, errors.New("want a list of strings")
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		s, ok := it.(string)
		if !ok {
			return nil, errors.New("want a list of strings")
		}
		out = append(out, s)
	}
	return out, nil
}

// generatorOnlyAttributes are fixture attributes with no place in a Capture schema
// (the fake-user generator adds a customer number for every provider).
var generatorOnlyAttributes = []string{"customer-number"}

// seedUser stores a fixture user as a user record: email, displayName (the username),
// givenName, familyName, mobileNumber (the phone) and password, plus any attributes the
// fixture names that the schema has. Seeded addresses count as verified.
func (h *Handler) seedUser(tx *store.Tx, app string, fu fixtures.User, hashes map[string]string) error {
	et, err := h.loadType(tx, app, "user")
	if err != nil {
		return err
	}
	attrs := map[string]any{"displayName": fu.Username}
	for k, v := range map[string]string{"email": fu.Email, "givenName": fu.GivenName, "familyName": fu.FamilyName, "mobileNumber": fu.Phone} {
		if v != "" {
			attrs[k] = v
		}
	}
	if fu.Email != "" {
		attrs["emailVerified"] = systemTime(tx.Now())
	}
	for k, v := range fu.Attributes {
		if !slices.Contains(generatorOnlyAttributes, k) {
			attrs[k] = v
		}
	}
	if fu.Password != "" {
		hash, ok := hashes[fu.Password]
		if !ok {
			b, err := bcrypt.GenerateFromPassword([]byte(fu.Password), h.deps.BcryptCost)
			if err != nil {
				return err
			}
			hash = string(b)
			hashes[fu.Password] = hash
		}
		attrs["password"] = map[string]any{"type": bcryptPasswordType, "value": hash}
	}
	pinned := ""
	if fu.ID != "" {
		u, err := uuid.Parse(fu.ID)
		if err != nil {
			return fmt.Errorf("id %q is not a UUID, which Capture record uuids are", fu.ID)
		}
		pinned = u.String()
	}
	wc := writeContext{et: et, touchLastUpdated: true}
	var doc entityDoc
	key := strings.ToLower(fu.Username)
	prior, err := seeded.Get(tx, app, key)
	if err == nil {
		if old, err := entityByUUID(tx, app, et, prior.UUID); err == nil {
			doc, err = h.changeRecord(tx, app, wc, old, "", attrs, modeReplace)
			if err != nil {
				return err
			}
		}
	}
	if doc.Attrs == nil {
		if doc, err = h.createRecord(tx, app, wc, attrs, pinned); err != nil {
			return err
		}
	}
	cred := seededCredential{Username: fu.Username, Email: fu.Email, UUID: doc.uuid()}
	if fu.Password != "" {
		cred.Password = fu.Password
	}
	return seeded.Put(tx, app, key, cred)
}

// maxInfoUsers caps how many seeded users /_emulator/info lists per app.
const maxInfoUsers = 20

// Info implements platform.Provider. Owner clients come first, so the first client is
// one the conformance suite can use; the discovery URL is Hosted Login's, which the
// default app's customer serves from the same port.
func (h *Handler) Info(baseURL string) ([]platform.TenantInfo, error) {
	var out []platform.TenantInfo
	err := h.deps.Store.View(func(tx *store.Tx) error {
		tenants, err := tx.Tenants()
		if err != nil {
			return err
		}
		for _, t := range tenants {
			if _, err := apps.Get(tx, t, appDocID); err != nil {
				continue // not an app (a tenant that only has outbox messages, say)
			}
			url := platform.TenantURL(baseURL, t)
			customer, err := customerOf(tx, t)
			if err != nil {
				return err
			}
			ti := platform.TenantInfo{ID: t, BaseURL: url, TokenURL: url + "/oauth/token",
				DiscoveryURL: baseURL + "/" + customer + "/login/.well-known/openid-configuration",
				Clients:      []platform.ClientInfo{}, Users: []platform.UserInfo{}}
			cls, err := clients.List(tx, t)
			if err != nil {
				return err
			}
			sort.SliceStable(cls, func(i, j int) bool { return cls[i].has(featureOwner) && !cls[j].has(featureOwner) })
			for _, cl := range cls {
				ti.Clients = append(ti.Clients, platform.ClientInfo{ID: cl.ID, Secret: cl.Secret, Name: cl.Description, Grants: cl.Features})
			}
			// Hosted Login's clients come after the Capture clients; their grants are OAuth's.
			err = oidcClients.Each(tx, t, func(_ string, oc oidcClient) bool {
				grants := []string{"client_credentials"}
				if !oc.isConfig() {
					grants = []string{"authorization_code", "refresh_token"}
				}
				ti.Clients = append(ti.Clients, platform.ClientInfo{ID: oc.ID, Secret: oc.Secret, Name: oc.Name, Grants: grants})
				return true
			})
			if err != nil {
				return err
			}
			err = seeded.Each(tx, t, func(_ string, s seededCredential) bool {
				ti.Users = append(ti.Users, platform.UserInfo{Username: s.Username, Password: s.Password, Email: s.Email})
				return len(ti.Users) < maxInfoUsers
			})
			if err != nil {
				return err
			}
			if ti.UserCount, err = tx.Count(t, entities("user").Name); err != nil {
				return err
			}
			out = append(out, ti)
		}
		return nil
	})
	return out, err
}
