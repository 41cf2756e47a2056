package appid

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/fixtures"
)

// Seeded defaults: what a fresh idemu holds, printed by `idemu serve`.
const (
	DefaultTenant       = platform.DefaultTenant
	DefaultAPIKey       = "idemu-appid-manager-apikey"
	DefaultReaderAPIKey = "idemu-appid-reader-apikey"
	DefaultWriterAPIKey = "idemu-appid-writer-apikey"
	DefaultClientID     = "idemu-app"
	DefaultClientSecret = "idemu-app-secret"
	DefaultUserEmail    = "demo@example.test"
	DefaultPassword     = "Demo-password-1"
)

// Fixture client attributes: kind apikey makes an IAM API key (secret = the key) with
// an App ID role; anything else is an App ID application.
const (
	attrKind        = "kind"
	attrRole        = "role"
	attrType        = "type"
	kindAPIKey      = "apikey"
	kindApplication = "application"
)

// Defaults implements platform.Provider: the default tenant with three IAM API keys
// (Manager first: the suite's credentials), one application and one user.
func (h *Handler) Defaults() *fixtures.Document {
	key := func(id, secret, role string) fixtures.Client {
		return fixtures.Client{ID: id, Secret: secret, Name: "IAM API key (" + role + ")",
			Attributes: map[string]any{attrKind: kindAPIKey, attrRole: role}}
	}
	return &fixtures.Document{Provider: "appid", Tenants: []fixtures.Tenant{{
		ID: DefaultTenant,
		Clients: []fixtures.Client{
			key("idemu-manager", DefaultAPIKey, roleManager),
			key("idemu-writer", DefaultWriterAPIKey, roleWriter),
			key("idemu-reader", DefaultReaderAPIKey, roleReader),
			{ID: DefaultClientID, Secret: DefaultClientSecret, Name: "idemu default application", Scopes: []string{"read", "write"}},
		},
		Users: []fixtures.User{{Username: "demo", Password: DefaultPassword, Email: DefaultUserEmail,
			GivenName: "Demo", FamilyName: "User", Attributes: map[string]any{"customer-number": "C00000001"}}},
	}}}
}

// Seed implements platform.Provider. It is an upsert: seeding the same fixture twice
// leaves one copy, with the fixture's values.
func (h *Handler) Seed(doc *fixtures.Document) error {
	if err := h.deps.Store.Update(func(tx *store.Tx) error {
		_, err := h.tokens.EnsureKeys(tx, iamTenant)
		return err
	}); err != nil {
		return err
	}
	hashes := map[string]string{} // each distinct password is hashed once per call
	for _, t := range doc.Tenants {
		if err := h.deps.Store.Update(func(tx *store.Tx) error { return h.seedTenant(tx, t, hashes) }); err != nil {
			return err
		}
	}
	return nil
}

func (h *Handler) seedTenant(tx *store.Tx, t fixtures.Tenant, hashes map[string]string) error {
	seedErr := func(format string, args ...any) error {
		return &platform.SeedError{Reason: fmt.Sprintf("tenant %s: ", t.ID) + fmt.Sprintf(format, args...)}
	}
	if !tenantExists(tx, t.ID) {
		if err := tenants.Put(tx, t.ID, tenantDocID, tenantRecord{ID: t.ID, Created: tx.Now()}); err != nil {
			return err
		}
	}
	if _, err := h.tokens.EnsureKeys(tx, t.ID); err != nil {
		return err
	}
	if err := h.seedSettings(tx, t.ID, t.Settings); err != nil {
		return seedErr("%v", err)
	}
	for _, fc := range t.Clients {
		if err := h.seedClient(tx, t.ID, fc); err != nil {
			return seedErr("client %s: %v", fc.ID, err)
		}
	}
	for _, fu := range t.Users {
		if err := h.seedUser(tx, t.ID, fu, hashes); err != nil {
			var ae *apiError
			if errors.As(err, &ae) {
				return seedErr("user %s: %s", fu.Username, errorText(ae))
			}
			return err
		}
	}
	return nil
}

func errorText(ae *apiError) string {
	switch b := ae.Body.(type) {
	case scimBody:
		return b.Detail
	case mgmtBody:
		return b.Message
	}
	return ae.Error()
}

func (h *Handler) seedClient(tx *store.Tx, tenant string, fc fixtures.Client) error {
	kind, _ := fc.Attributes[attrKind].(string)
	switch kind {
	case kindAPIKey:
		role, _ := fc.Attributes[attrRole].(string)
		if role == "" {
			role = roleManager
		}
		if roleRank[role] == 0 {
			return fmt.Errorf("role %q: want Reader, Writer or Manager", role)
		}
		return apiKeys.Put(tx, tenant, iamIDOf(fc.Secret), apiKey{IAMID: iamIDOf(fc.Secret), Name: fc.ID, APIKey: fc.Secret, Role: role})
	case "", kindApplication:
		typ, _ := fc.Attributes[attrType].(string)
		if typ == "" {
			typ = appRegularWeb
		}
		if typ != appRegularWeb && typ != appSinglePage {
			return fmt.Errorf("type %q: want regularwebapp or singlepageapp", typ)
		}
		a := application{ClientID: fc.ID, Secret: fc.Secret, Name: fc.Name, Type: typ,
			Scopes: slices.Clone(fc.Scopes), Roles: []string{}, Created: tx.Now(), Seeded: true}
		if a.Name == "" {
			a.Name = fc.ID
		}
		if a.Scopes == nil {
			a.Scopes = []string{}
		}
		if old, err := applications.Get(tx, tenant, fc.ID); err == nil {
			a.Roles, a.Created = old.Roles, old.Created
		}
		return applications.Put(tx, tenant, a.ClientID, a)
	default:
		return fmt.Errorf("attributes.kind %q: want apikey or application", kind)
	}
}

// seedUser upserts a Cloud Directory user (matched by email) with a profile: the
// fixture's username is the userName, its attributes the profile's attributes.
func (h *Handler) seedUser(tx *store.Tx, tenant string, fu fixtures.User, hashes map[string]string) error {
	email := fu.Email
	if email == "" && strings.Contains(fu.Username, "@") {
		email = fu.Username
	}
	if email == "" {
		return scimInvalid("an email is required (App ID users sign in with it)")
	}
	now := tx.Now()
	u := cdUser{ID: fu.ID, Created: now}
	if id, err := tx.Lookup(tenant, cdUsers.Name, byEmail, email); err == nil {
		if u, err = cdUsers.Get(tx, tenant, id); err != nil {
			return err
		}
		if err := releaseUser(tx, tenant, u); err != nil {
			return err
		}
	} else if u.ID == "" {
		u.ID = newID()
	}
	pw := fu.Password
	if pw == "" {
		pw = newSecret() // a user without a password cannot sign in with one
	}
	hash, ok := hashes[pw]
	if !ok {
		var err error
		if hash, err = platform.HashPassword(pw, h.deps.BcryptCost); err != nil {
			return err
		}
		hashes[pw] = hash
	}
	u.UserName, u.Emails, u.Active, u.Status = fu.Username, []scimValue{{Value: email, Primary: true}}, true, statusConfirmed
	u.PasswordHash, u.PasswordChangedAt, u.LastModified = hash, now, now
	u.DisplayName = strings.TrimSpace(fu.GivenName + " " + fu.FamilyName)
	if u.DisplayName == "" {
		u.DisplayName = email
	}
	if fu.GivenName != "" || fu.FamilyName != "" {
		u.Name = &scimName{GivenName: fu.GivenName, FamilyName: fu.FamilyName, Formatted: u.DisplayName}
	}
	u.PhoneNumbers = nil
	if fu.Phone != "" {
		u.PhoneNumbers = []scimValue{{Value: fu.Phone, Primary: true}}
	}
	if err := cdUsers.Delete(tx, tenant, u.ID); err != nil && !isMissing(err) {
		return err
	}
	if err := insertUser(tx, tenant, u); err != nil {
		return err
	}
	p, err := ensureProfile(tx, tenant, providerCloudDirectory, u.ID, email)
	if err != nil {
		return err
	}
	if fu.Attributes != nil {
		p.Attributes = fu.Attributes
	}
	if err := profiles.Put(tx, tenant, p.ID, p); err != nil {
		return err
	}
	if fu.Password == "" {
		return nil
	}
	return seeded.Put(tx, tenant, u.ID, seededCredential{Username: email, Password: fu.Password, Email: email})
}

// seedSettings applies a fixture tenant's settings:
//
//	config:    {<area>: document}, e.g. tokens, cloud_directory, redirect_uris (each
//	           checked against the request schema of the operation that sets it)
//	templates: {<TEMPLATE_NAME>: {<language>: {subject, html_body, plain_text_body}}}
//	roles:     [{name, description, access: [{application_id, scopes}]}]
func (h *Handler) seedSettings(tx *store.Tx, tenant string, settings map[string]any) error {
	for key, v := range settings {
		switch key {
		case "config":
			m, ok := v.(map[string]any)
			if !ok {
				return fmt.Errorf("settings.config: want a map of configuration documents")
			}
			for name, doc := range m {
				if err := h.seedConfig(tx, tenant, name, doc); err != nil {
					return err
				}
			}
		case "templates":
			if err := seedTemplates(tx, tenant, v); err != nil {
				return err
			}
		case "roles":
			if err := seedRoles(tx, tenant, v); err != nil {
				return err
			}
		default:
			return fmt.Errorf("settings.%s: unknown (want config, templates or roles)", key)
		}
	}
	return nil
}

func (h *Handler) seedConfig(tx *store.Tx, tenant, name string, doc any) error {
	a, ok := settableAreas[name]
	if !ok {
		return fmt.Errorf("settings.config.%s: unknown configuration", name)
	}
	op := h.contract.Operation(a.setOp)
	schema := h.schemaOf(op.Method, op.Path)
	m, err := normalise(asMap(doc))
	if err != nil || m == nil {
		return fmt.Errorf("settings.config.%s: want an object", name)
	}
	if err := schema.VisitJSON(any(m)); err != nil {
		return fmt.Errorf("settings.config.%s: %v", name, err)
	}
	m, _ = prune(m, schema).(map[string]any)
	if name == "tokens" {
		def, err := normalise(areaTokens.defaults())
		if err != nil {
			return err
		}
		for k, v := range m {
			def[k] = v
		}
		m = def
	}
	return configs.Put(tx, tenant, a.id, m)
}

// asMap turns YAML-decoded maps into JSON-shaped ones.
func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func seedTemplates(tx *store.Tx, tenant string, v any) error {
	byName, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("settings.templates: want {TEMPLATE_NAME: {language: template}}")
	}
	for name, langs := range byName {
		if _, ok := defaultTemplates[name]; !ok {
			return fmt.Errorf("settings.templates.%s: unknown template", name)
		}
		m, ok := langs.(map[string]any)
		if !ok {
			return fmt.Errorf("settings.templates.%s: want {language: template}", name)
		}
		for lang, t := range m {
			tm, _ := t.(map[string]any)
			et := decodeMap[emailTemplate](tm)
			if et.Subject == "" {
				return fmt.Errorf("settings.templates.%s.%s: subject is required", name, lang)
			}
			if err := templates.Put(tx, tenant, templateID(name, lang), et.view()); err != nil {
				return err
			}
		}
	}
	return nil
}

func seedRoles(tx *store.Tx, tenant string, v any) error {
	list, ok := v.([]any)
	if !ok {
		return fmt.Errorf("settings.roles: want a list of roles")
	}
	for i, item := range list {
		m, _ := item.(map[string]any)
		r := decodeMap[role](m)
		if r.Name == "" {
			return fmt.Errorf("settings.roles[%d]: name is required", i)
		}
		if id, err := tx.Lookup(tenant, roles.Name, byRoleName, r.Name); err == nil {
			r.ID = id
		} else {
			r.ID = newID()
		}
		if r.Access == nil {
			r.Access = []roleAccess{}
		}
		r.Created = tx.Now()
		if err := tx.Claim(tenant, roles.Name, byRoleName, r.Name, r.ID); err != nil {
			return err
		}
		if err := roles.Put(tx, tenant, r.ID, r); err != nil {
			return err
		}
	}
	return nil
}

// maxInfoUsers caps how many seeded users /_emulator/info lists per tenant.
const maxInfoUsers = 20

// Info implements platform.Provider. An IAM API key is listed as a client whose id is
// the tenant id and whose secret is the key: what the conformance suite's
// --client-id and --client-secret mean for App ID. Applications follow.
func (h *Handler) Info(baseURL string) ([]platform.TenantInfo, error) {
	var out []platform.TenantInfo
	err := h.deps.Store.View(func(tx *store.Tx) error {
		all, err := tx.Tenants()
		if err != nil {
			return err
		}
		for _, t := range all {
			if !validTenantName(t) || !tenantExists(tx, t) {
				continue
			}
			server := baseURL + oauthBase + t
			ti := platform.TenantInfo{ID: t, BaseURL: baseURL + "/management/v4/" + t,
				DiscoveryURL: server + "/.well-known/openid-configuration", TokenURL: server + "/token",
				Clients: []platform.ClientInfo{}, Users: []platform.UserInfo{}}
			keys, err := apiKeys.List(tx, t)
			if err != nil {
				return err
			}
			slices.SortFunc(keys, func(a, b apiKey) int { return roleRank[b.Role] - roleRank[a.Role] })
			for _, k := range keys {
				ti.Clients = append(ti.Clients, platform.ClientInfo{ID: t, Secret: k.APIKey,
					Name: fmt.Sprintf("IAM API key %s, role %s", k.Name, k.Role), Grants: []string{iamAPIKeyGrant}})
			}
			apps, err := applications.List(tx, t)
			if err != nil {
				return err
			}
			for _, a := range apps {
				if a.Seeded {
					ti.Clients = append(ti.Clients, platform.ClientInfo{ID: a.ClientID, Secret: a.Secret, Name: a.Name,
						Grants: []string{"authorization_code", "client_credentials", "password", "refresh_token"}})
				}
			}
			err = seeded.Each(tx, t, func(_ string, s seededCredential) bool {
				ti.Users = append(ti.Users, platform.UserInfo{Username: s.Username, Password: s.Password, Email: s.Email})
				return len(ti.Users) < maxInfoUsers
			})
			if err != nil {
				return err
			}
			if ti.UserCount, err = tx.Count(t, cdUsers.Name); err != nil {
				return err
			}
			out = append(out, ti)
		}
		return nil
	})
	return out, err
}
