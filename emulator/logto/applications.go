package logto

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"sort"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

const (
	appNative           = "Native"
	appSPA              = "SPA"
	appTraditional      = "Traditional"
	appMachineToMachine = "MachineToMachine"
	appProtected        = "Protected"
	appSAML             = "SAML"
	defaultSecretName   = "Default secret"
)

var appSearchFields = []string{"id", "name", "description"}

// hasSecrets is @logto/schemas' hasSecrets: the types that authenticate with a secret.
func hasSecrets(typ string) bool {
	return typ == appTraditional || typ == appMachineToMachine || typ == appProtected
}

// appBody is the applications row as Logto answers it, in its column order.
type appBody struct {
	TenantID             string          `json:"tenantId"`
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	Secret               string          `json:"secret"`
	Description          *string         `json:"description"`
	Type                 string          `json:"type"`
	OidcClientMetadata   json.RawMessage `json:"oidcClientMetadata"`
	CustomClientMetadata json.RawMessage `json:"customClientMetadata"`
	ProtectedAppMetadata json.RawMessage `json:"protectedAppMetadata"`
	CustomData           json.RawMessage `json:"customData"`
	IsThirdParty         bool            `json:"isThirdParty"`
	CreatedAt            int64           `json:"createdAt"`
}

func (a application) body(tenant string) appBody {
	protected := a.ProtectedAppMetadata
	if len(protected) == 0 {
		protected = json.RawMessage("null")
	}
	return appBody{TenantID: tenant, ID: a.ID, Name: a.Name, Secret: a.Secret, Description: a.Description, Type: a.Type,
		OidcClientMetadata: a.OidcClientMetadata, CustomClientMetadata: jsonb(a.CustomClientMetadata),
		ProtectedAppMetadata: protected, CustomData: jsonb(a.CustomData), IsThirdParty: a.IsThirdParty, CreatedAt: a.CreatedAt}
}

func loadApplication(tx *store.Tx, tenant, id string) (application, error) {
	a, err := applications.Get(tx, tenant, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return a, notFoundWithID("applications", id)
	}
	return a, err
}

// oidcClientMetadata is buildOidcClientMetadata: the given metadata over empty URI lists.
func oidcClientMetadata(given json.RawMessage) json.RawMessage {
	base := json.RawMessage(`{"redirectUris":[],"postLogoutRedirectUris":[]}`)
	if len(given) == 0 {
		return base
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(given, &m) != nil {
		return base
	}
	out := map[string]json.RawMessage{"redirectUris": json.RawMessage("[]"), "postLogoutRedirectUris": json.RawMessage("[]")}
	for k, v := range m {
		out[k] = v
	}
	// Logto writes the URI lists first, then the optional members.
	keys := []string{"redirectUris", "postLogoutRedirectUris", "backchannelLogoutUri", "backchannelLogoutSessionRequired", "logoUri"}
	var o ordered
	for _, k := range keys {
		if v, ok := out[k]; ok {
			o = append(o, kv{k, v})
			delete(out, k)
		}
	}
	rest := make([]string, 0, len(out))
	for k := range out {
		rest = append(rest, k)
	}
	sort.Strings(rest)
	for _, k := range rest {
		o = append(o, kv{k, out[k]})
	}
	raw, _ := o.MarshalJSON()
	return raw
}

// listedApplications filters applications newest first, as Logto orders them.
func listedApplications(tx *store.Tx, tenant string, s search, keep func(application) bool) ([]application, error) {
	all, err := applications.List(tx, tenant)
	if err != nil {
		return nil, err
	}
	var out []application
	for _, a := range all {
		if !keep(a) {
			continue
		}
		ok, err := s.matches(appSearchFields, func(f string) *string {
			switch f {
			case "id":
				return &a.ID
			case "name":
				return &a.Name
			}
			return a.Description
		})
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, a)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].CreatedAt != out[j].CreatedAt {
			return out[i].CreatedAt > out[j].CreatedAt
		}
		return out[i].ID > out[j].ID
	})
	return out, nil
}

func (h *Handler) listApplications(c *gin.Context) error {
	q := c.Request.URL.Query()
	p, err := pagination(q, true)
	if err != nil {
		return err
	}
	excludeRole, excludeOrg := q.Get("excludeRoleId"), q.Get("excludeOrganizationId")
	if excludeRole != "" && excludeOrg != "" {
		return invalidInput("Parameter `excludeRoleId` and `excludeOrganizationId` cannot be used at the same time.")
	}
	s, err := parseSearch(q, appSearchFields)
	if err != nil {
		return err
	}
	types := q["types"]
	third := q.Get("isThirdParty")
	tenant := platform.TenantOf(c)
	var list []application
	err = h.deps.Store.View(func(tx *store.Tx) error {
		excluded := map[string]bool{}
		if excludeRole != "" {
			if err := relatedTo(tx, tenant, appsRoles, "", excludeRole, func(r relation) { excluded[r.Left] = true }); err != nil {
				return err
			}
		}
		if excludeOrg != "" {
			if err := relatedTo(tx, tenant, orgApps, excludeOrg, "", func(r relation) { excluded[r.Right] = true }); err != nil {
				return err
			}
		}
		list, err = listedApplications(tx, tenant, s, func(a application) bool {
			return !excluded[a.ID] && (len(types) == 0 || slices.Contains(types, a.Type)) &&
				(third == "" || (third == "true") == a.IsThirdParty)
		})
		return err
	})
	if err != nil {
		return err
	}
	out := []appBody{}
	for _, a := range paginate(c, p, list) {
		out = append(out, a.body(tenant))
	}
	return h.respond(c, http.StatusOK, out)
}

type createAppBody struct {
	Name                 string          `json:"name"`
	Description          *string         `json:"description"`
	Type                 string          `json:"type"`
	OidcClientMetadata   json.RawMessage `json:"oidcClientMetadata"`
	CustomClientMetadata json.RawMessage `json:"customClientMetadata"`
	ProtectedAppMetadata *struct {
		SubDomain string `json:"subDomain"`
		Origin    string `json:"origin"`
	} `json:"protectedAppMetadata"`
	CustomData   json.RawMessage `json:"customData"`
	IsThirdParty bool            `json:"isThirdParty"`
}

func (h *Handler) createApplication(c *gin.Context) error {
	var in createAppBody
	if err := bind(c, &in); err != nil {
		return err
	}
	switch {
	case in.Type == appSAML:
		return fail(http.StatusBadRequest, "application.saml.use_saml_app_api")
	case in.Type == appProtected && in.ProtectedAppMetadata == nil:
		return fail(http.StatusBadRequest, "application.protected_app_metadata_is_required")
	case in.IsThirdParty && in.Type != appTraditional:
		return fail(http.StatusBadRequest, "application.invalid_third_party_application_type")
	}
	tenant := platform.TenantOf(c)
	var app application
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		app = newApplication(tx, in.Name, in.Type)
		app.Description, app.IsThirdParty = in.Description, in.IsThirdParty
		app.OidcClientMetadata = oidcClientMetadata(in.OidcClientMetadata)
		app.CustomClientMetadata, app.CustomData = jsonb(in.CustomClientMetadata), jsonb(in.CustomData)
		if in.ProtectedAppMetadata != nil && in.Type == appProtected {
			meta, err := claimProtectedHost(tx, tenant, app.ID, in.ProtectedAppMetadata.SubDomain, in.ProtectedAppMetadata.Origin)
			if err != nil {
				return err
			}
			app.ProtectedAppMetadata = meta
		}
		return applications.Insert(tx, tenant, app.ID, app)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, app.body(tenant))
}

// newApplication has an internal legacy secret and, for the types that use secrets,
// a "Default secret", as Logto creates them.
func newApplication(tx *store.Tx, name, typ string) application {
	app := application{ID: standardID(), Name: name, Type: typ, Secret: internalPrefix + standardSecret(),
		OidcClientMetadata: oidcClientMetadata(nil), CustomClientMetadata: jsonb(nil), CustomData: jsonb(nil),
		CreatedAt: tx.Now().UnixMilli()}
	if hasSecrets(typ) {
		app.Secrets = []appSecret{{Name: defaultSecretName, Value: standardSecret(), CreatedAt: tx.Now().UnixMilli()}}
	}
	return app
}

func (h *Handler) getApplication(c *gin.Context) error {
	tenant, id := platform.TenantOf(c), contract.Param(c, "id")
	var app application
	isAdmin := false
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		if app, err = loadApplication(tx, tenant, id); err != nil {
			return err
		}
		roleIDs, err := rights(tx, tenant, appsRoles, id)
		for _, rid := range roleIDs {
			if r, err := roles.Get(tx, tenant, rid); err == nil && r.Name == internalAdminRole {
				isAdmin = true
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, struct {
		appBody
		IsAdmin bool `json:"isAdmin"`
	}{app.body(tenant), isAdmin})
}

// internalAdminRole is the role Logto's console toggles for "admin access" apps.
const internalAdminRole = "#internal:admin"

func (h *Handler) updateApplication(c *gin.Context) error {
	var in struct {
		Name                 *string          `json:"name"`
		Description          optional[string] `json:"description"`
		OidcClientMetadata   json.RawMessage  `json:"oidcClientMetadata"`
		CustomClientMetadata json.RawMessage  `json:"customClientMetadata"`
		ProtectedAppMetadata json.RawMessage  `json:"protectedAppMetadata"`
		CustomData           json.RawMessage  `json:"customData"`
		IsThirdParty         *bool            `json:"isThirdParty"`
		IsAdmin              *bool            `json:"isAdmin"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var app application
	err := h.deps.Store.Update(func(tx *store.Tx) (err error) {
		if app, err = loadApplication(tx, tenant, contract.Param(c, "id")); err != nil {
			return err
		}
		if app.Type == appSAML {
			return fail(http.StatusBadRequest, "application.saml.use_saml_app_api")
		}
		if in.IsAdmin != nil {
			if err := setAdmin(tx, tenant, app.ID, *in.IsAdmin); err != nil {
				return err
			}
		}
		if len(in.ProtectedAppMetadata) > 0 && string(in.ProtectedAppMetadata) != "null" {
			if app.Type != appProtected {
				return fail(http.StatusBadRequest, "application.protected_application_only")
			}
			if len(app.ProtectedAppMetadata) == 0 {
				return fail(http.StatusUnprocessableEntity, "application.protected_application_misconfigured")
			}
			app.ProtectedAppMetadata = mergeJSONB(app.ProtectedAppMetadata, in.ProtectedAppMetadata)
		}
		if in.Name != nil {
			app.Name = *in.Name
		}
		if in.Description.Set {
			app.Description = in.Description.ptr()
		}
		if in.OidcClientMetadata != nil {
			app.OidcClientMetadata = oidcClientMetadata(in.OidcClientMetadata)
		}
		if in.CustomClientMetadata != nil {
			app.CustomClientMetadata = jsonb(in.CustomClientMetadata)
		}
		if in.CustomData != nil {
			app.CustomData = jsonb(in.CustomData)
		}
		if in.IsThirdParty != nil {
			app.IsThirdParty = *in.IsThirdParty
		}
		return applications.Put(tx, tenant, app.ID, app)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, app.body(tenant))
}

// setAdmin toggles the internal admin role, which Logto requires to exist.
func setAdmin(tx *store.Tx, tenant, appID string, admin bool) error {
	id, err := tx.Lookup(tenant, roles.Name, byRoleName, caseSensitiveKey(internalAdminRole))
	if err != nil {
		return fail(http.StatusInternalServerError, "entity.not_exists", "name", internalAdminRole)
	}
	has, err := linked(tx, tenant, appsRoles, appID, id)
	switch {
	case err != nil:
		return err
	case admin && !has:
		return link(tx, tenant, appsRoles, appID, id)
	case !admin && has:
		return unlink(tx, tenant, appsRoles, appID, id)
	}
	return nil
}

func (h *Handler) deleteApplication(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		app, err := loadApplication(tx, tenant, contract.Param(c, "id"))
		if err != nil {
			return err
		}
		if app.Type == appSAML {
			return fail(http.StatusBadRequest, "application.saml.use_saml_app_api")
		}
		return removeApplication(tx, tenant, app)
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

// removeApplication deletes an application and what names it, as Logto's foreign keys
// cascade.
func removeApplication(tx *store.Tx, tenant string, app application) error {
	if meta, ok := protectedMeta(app); ok {
		if len(meta.CustomDomains) > 0 {
			return fail(http.StatusUnprocessableEntity, "application.should_delete_custom_domains_first")
		}
		if err := tx.Release(tenant, applications.Name, bySubdomain, meta.Host, app.ID); err != nil {
			return err
		}
	}
	if err := applications.Delete(tx, tenant, app.ID); err != nil {
		return err
	}
	if err := deleteRelations(tx, tenant, appsRoles, app.ID, ""); err != nil {
		return err
	}
	if err := deleteWhere(tx, tenant, orgAppRoles, func(m orgMemberRole) bool { return m.Member == app.ID }); err != nil {
		return err
	}
	if err := deleteWhere(tx, tenant, samlSecrets, func(s samlSecret) bool { return s.AppID == app.ID }); err != nil {
		return err
	}
	if err := samlConfigs.Delete(tx, tenant, app.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return deleteRelations(tx, tenant, orgApps, "", app.ID)
}

// mutateApplication loads the path's application (named id or applicationId), lets
// change edit it and saves it.
func (h *Handler) mutateApplication(c *gin.Context, change func(tx *store.Tx, a *application) error) (application, error) {
	tenant := platform.TenantOf(c)
	id := contract.Param(c, "id")
	if id == "" {
		id = contract.Param(c, "applicationId")
	}
	var app application
	err := h.deps.Store.Update(func(tx *store.Tx) (err error) {
		if app, err = loadApplication(tx, tenant, id); err != nil {
			return err
		}
		if err := change(tx, &app); err != nil {
			return err
		}
		return applications.Put(tx, tenant, app.ID, app)
	})
	return app, err
}

// viewApplication reads the path's application (named id or applicationId).
func (h *Handler) viewApplication(c *gin.Context) (application, error) {
	tenant := platform.TenantOf(c)
	id := contract.Param(c, "id")
	if id == "" {
		id = contract.Param(c, "applicationId")
	}
	var app application
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		app, err = loadApplication(tx, tenant, id)
		return err
	})
	return app, err
}

// updateApplicationCustomData merges the body's keys into customData.
func (h *Handler) updateApplicationCustomData(c *gin.Context) error {
	var patch json.RawMessage
	if err := bind(c, &patch); err != nil {
		return err
	}
	app, err := h.mutateApplication(c, func(_ *store.Tx, a *application) error {
		a.CustomData = mergeJSONB(a.CustomData, patch)
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, jsonb(app.CustomData))
}
