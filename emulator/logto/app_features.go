package logto

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Third-party applications' consent scopes, organizations and sign-in experience;
// protected applications' custom domains; application organization memberships.

// thirdPartyApp is validateThirdPartyApplicationById.
func thirdPartyApp(tx *store.Tx, tenant, id string) (application, error) {
	app, err := loadApplication(tx, tenant, id)
	if err == nil && !app.IsThirdParty {
		return app, fail(http.StatusUnprocessableEntity, "application.third_party_application_only")
	}
	return app, err
}

var userScopes = []string{"profile", "email", "phone", "address", "custom_data", "identities", "roles",
	"urn:logto:scope:organizations", "urn:logto:scope:organization_roles", "urn:logto:scope:sessions"}

type consentScopesBody struct {
	OrganizationScopes         []gin.H  `json:"organizationScopes"`
	ResourceScopes             []gin.H  `json:"resourceScopes"`
	OrganizationResourceScopes []gin.H  `json:"organizationResourceScopes"`
	UserScopes                 []string `json:"userScopes"`
}

// groupByResource renders scope ids as [{resource, scopes}], resources in order met.
func groupByResource(tx *store.Tx, tenant string, ids []string) ([]gin.H, error) {
	out := []gin.H{}
	at := map[string]int{}
	for _, id := range ids {
		sc, err := scopes.Get(tx, tenant, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		i, ok := at[sc.ResourceID]
		if !ok {
			res, err := resources.Get(tx, tenant, sc.ResourceID)
			if err != nil {
				return nil, err
			}
			i = len(out)
			at[sc.ResourceID] = i
			out = append(out, gin.H{"resource": gin.H{"id": res.ID, "name": res.Name, "indicator": res.Indicator}, "scopes": []gin.H{}})
		}
		out[i]["scopes"] = append(out[i]["scopes"].([]gin.H), gin.H{"id": sc.ID, "name": sc.Name, "description": sc.Description})
	}
	return out, nil
}

func (h *Handler) listConsentScopes(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var body consentScopesBody
	err := h.deps.Store.View(func(tx *store.Tx) error {
		app, err := loadApplication(tx, tenant, contract.Param(c, "applicationId"))
		if err != nil {
			return err
		}
		cs := app.ConsentScopes
		body.OrganizationScopes = []gin.H{}
		for _, id := range cs.OrganizationScopes {
			if s, err := orgScopes.Get(tx, tenant, id); err == nil {
				body.OrganizationScopes = append(body.OrganizationScopes, gin.H{"id": s.ID, "name": s.Name, "description": s.Description})
			}
		}
		if body.ResourceScopes, err = groupByResource(tx, tenant, cs.ResourceScopes); err != nil {
			return err
		}
		if body.OrganizationResourceScopes, err = groupByResource(tx, tenant, cs.OrganizationResourceScopes); err != nil {
			return err
		}
		body.UserScopes = append([]string{}, cs.UserScopes...)
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, body)
}

// addConsentScopes is validateThirdPartyApplicationById, validateUserConsentScopes, then
// an insert: every scope must exist
// and none may be a Management API scope.
func (h *Handler) addConsentScopes(c *gin.Context) error {
	var in consentScopes
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		app, err := thirdPartyApp(tx, tenant, contract.Param(c, "applicationId"))
		if err != nil {
			return err
		}
		for _, id := range in.OrganizationScopes {
			if ok, err := exists(tx, tenant, orgScopes, id); err != nil || !ok {
				if err != nil {
					return err
				}
				return fail(http.StatusUnprocessableEntity, "application.user_consent_scopes_not_found")
			}
		}
		for _, id := range append(append([]string{}, in.ResourceScopes...), in.OrganizationResourceScopes...) {
			sc, err := scopes.Get(tx, tenant, id)
			if err != nil {
				return fail(http.StatusUnprocessableEntity, "application.user_consent_scopes_not_found")
			}
			if sc.ResourceID == managementResourceID {
				return fail(http.StatusUnprocessableEntity, "application.consent_management_api_scopes_not_allowed")
			}
		}
		cs := &app.ConsentScopes
		cs.OrganizationScopes = union(cs.OrganizationScopes, in.OrganizationScopes)
		cs.ResourceScopes = union(cs.ResourceScopes, in.ResourceScopes)
		cs.OrganizationResourceScopes = union(cs.OrganizationResourceScopes, in.OrganizationResourceScopes)
		cs.UserScopes = union(cs.UserScopes, in.UserScopes)
		return applications.Put(tx, tenant, app.ID, app)
	})
	if err != nil {
		return err
	}
	return statusOnly(c, http.StatusCreated)
}

func union(have, add []string) []string {
	for _, v := range add {
		if !slices.Contains(have, v) {
			have = append(have, v)
		}
	}
	return have
}

func (h *Handler) deleteConsentScope(c *gin.Context) error {
	tenant, scopeID := platform.TenantOf(c), contract.Param(c, "scopeId")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		app, err := loadApplication(tx, tenant, contract.Param(c, "applicationId"))
		if err != nil {
			return err
		}
		cs := &app.ConsentScopes
		lists := map[string]*[]string{
			"organization-scopes": &cs.OrganizationScopes, "resource-scopes": &cs.ResourceScopes,
			"organization-resource-scopes": &cs.OrganizationResourceScopes, "user-scopes": &cs.UserScopes,
		}
		list := lists[contract.Param(c, "scopeType")]
		i := slices.Index(*list, scopeID)
		if i < 0 {
			return entityNotFound()
		}
		*list = slices.Delete(*list, i, i+1)
		return applications.Put(tx, tenant, app.ID, app)
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

// Sign-in experience of a third-party application (its consent page).

type appSignInExperience struct {
	Color            json.RawMessage `json:"color"`
	Branding         json.RawMessage `json:"branding"`
	CustomCSS        *string         `json:"customCss"`
	TermsOfUseURL    *string         `json:"termsOfUseUrl"`
	PrivacyPolicyURL *string         `json:"privacyPolicyUrl"`
	DisplayName      *string         `json:"displayName"`
}

func (h *Handler) getApplicationSignInExperience(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var app application
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		app, err = thirdPartyApp(tx, tenant, contract.Param(c, "applicationId"))
		return err
	})
	if err != nil {
		return err
	}
	if len(app.SignInExperience) == 0 {
		return entityNotFound()
	}
	return h.respond(c, http.StatusOK, sieBody(tenant, app))
}

func sieBody(tenant string, app application) ordered {
	var s appSignInExperience
	_ = json.Unmarshal(app.SignInExperience, &s)
	return ordered{{"tenantId", tenant}, {"applicationId", app.ID}, {"color", jsonb(s.Color)}, {"branding", jsonb(s.Branding)},
		{"customCss", s.CustomCSS}, {"termsOfUseUrl", s.TermsOfUseURL}, {"privacyPolicyUrl", s.PrivacyPolicyURL}, {"displayName", s.DisplayName}}
}

// replaceApplicationSignInExperience creates (201) or replaces (200) it.
func (h *Handler) replaceApplicationSignInExperience(c *gin.Context) error {
	var in appSignInExperience
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	status := http.StatusOK
	var app application
	err := h.deps.Store.Update(func(tx *store.Tx) (err error) {
		if app, err = thirdPartyApp(tx, tenant, contract.Param(c, "applicationId")); err != nil {
			return err
		}
		if len(app.SignInExperience) == 0 {
			status = http.StatusCreated
		}
		in.Color, in.Branding = jsonb(in.Color), jsonb(in.Branding)
		app.SignInExperience, _ = json.Marshal(in)
		return applications.Put(tx, tenant, app.ID, app)
	})
	if err != nil {
		return err
	}
	return h.respond(c, status, sieBody(tenant, app))
}
