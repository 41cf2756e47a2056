package logto

import (
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Protected applications' custom domains.

// Protected applications. idemu emulates Logto Cloud's protected-app provider: hosts
// are <subDomain>.<protectedAppDomain>, and custom domains wait for DNS verification.

const protectedAppDomain = "protected.logto.app"

type protectedMetadata struct {
	Host            string         `json:"host"`
	Origin          string         `json:"origin"`
	SessionDuration float64        `json:"sessionDuration"`
	PageRules       []any          `json:"pageRules"`
	CustomDomains   []customDomain `json:"customDomains,omitempty"`
}

type customDomain struct {
	Domain         string  `json:"domain"`
	Status         string  `json:"status"`
	ErrorMessage   *string `json:"errorMessage"`
	DNSRecords     []gin.H `json:"dnsRecords"`
	CloudflareData gin.H   `json:"cloudflareData"`
}

func protectedMeta(app application) (protectedMetadata, bool) {
	var m protectedMetadata
	if len(app.ProtectedAppMetadata) == 0 || string(app.ProtectedAppMetadata) == "null" {
		return m, false
	}
	return m, json.Unmarshal(app.ProtectedAppMetadata, &m) == nil
}

var dnsLabel = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// claimProtectedHost builds a protected app's metadata, its host unique in the tenant.
func claimProtectedHost(tx *store.Tx, tenant, appID, subDomain, origin string) (json.RawMessage, error) {
	if !dnsLabel.MatchString(subDomain) {
		return nil, fail(http.StatusUnprocessableEntity, "application.invalid_subdomain")
	}
	host := subDomain + "." + protectedAppDomain
	err := tx.Claim(tenant, applications.Name, bySubdomain, host, appID)
	if errors.Is(err, store.ErrDuplicate) {
		return nil, fail(http.StatusUnprocessableEntity, "application.protected_application_subdomain_exists")
	}
	if err != nil {
		return nil, err
	}
	raw, _ := json.Marshal(protectedMetadata{Host: host, Origin: origin, SessionDuration: 1209600, PageRules: []any{}})
	return raw, nil
}

func protectedApp(app application) (protectedMetadata, error) {
	if app.Type != appProtected {
		return protectedMetadata{}, fail(http.StatusBadRequest, "application.protected_application_only")
	}
	m, ok := protectedMeta(app)
	if !ok {
		return m, fail(http.StatusUnprocessableEntity, "application.protected_application_misconfigured")
	}
	return m, nil
}

func (h *Handler) listCustomDomains(c *gin.Context) error {
	app, err := h.viewApplication(c)
	if err != nil {
		return err
	}
	m, err := protectedApp(app)
	if err != nil {
		return err
	}
	out := m.CustomDomains
	if out == nil {
		out = []customDomain{}
	}
	return h.respond(c, http.StatusOK, out)
}

// addCustomDomain adds the one custom domain a protected app may have, pending the
// CNAME that points it at the app's host.
func (h *Handler) addCustomDomain(c *gin.Context) error {
	var in struct {
		Domain string `json:"domain"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	domain := strings.ToLower(strings.TrimSpace(in.Domain))
	_, err := h.mutateApplication(c, func(tx *store.Tx, a *application) error {
		m, err := protectedApp(*a)
		if err != nil {
			return err
		}
		if len(m.CustomDomains) > 0 {
			return fail(http.StatusUnprocessableEntity, "domain.limit_to_one_domain")
		}
		if err := tx.Claim(tenant, applications.Name, bySubdomain, domain, a.ID); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return fail(http.StatusUnprocessableEntity, "domain.hostname_already_exists")
			}
			return err
		}
		m.CustomDomains = append(m.CustomDomains, customDomain{
			Domain: domain, Status: "PendingVerification",
			DNSRecords:     []gin.H{{"name": domain, "type": "CNAME", "value": m.Host}},
			CloudflareData: gin.H{"id": standardID(), "status": "pending", "ssl": gin.H{"status": "initializing"}},
		})
		a.ProtectedAppMetadata, _ = json.Marshal(m)
		return nil
	})
	if err != nil {
		return err
	}
	return statusOnly(c, http.StatusCreated)
}

func (h *Handler) deleteCustomDomain(c *gin.Context) error {
	tenant, domain := platform.TenantOf(c), contract.Param(c, "domain")
	_, err := h.mutateApplication(c, func(tx *store.Tx, a *application) error {
		m, err := protectedApp(*a)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(m.CustomDomains, func(d customDomain) bool { return d.Domain == domain })
		if i < 0 {
			return fail(http.StatusNotFound, "application.custom_domain_not_found")
		}
		m.CustomDomains = slices.Delete(m.CustomDomains, i, i+1)
		a.ProtectedAppMetadata, _ = json.Marshal(m)
		return tx.Release(tenant, applications.Name, bySubdomain, domain, a.ID)
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

// Organizations an application belongs to, and those a user consented to share with a
// third-party application.

func (h *Handler) listApplicationOrganizations(c *gin.Context) error {
	q := c.Request.URL.Query()
	p, err := pagination(q, true)
	if err != nil {
		return err
	}
	tenant, id := platform.TenantOf(c), contract.Param(c, "id")
	var list []orgWithRoles
	err = h.deps.Store.View(func(tx *store.Tx) error {
		if _, err := loadApplication(tx, tenant, id); err != nil {
			return err
		}
		orgIDs, err := lefts(tx, tenant, orgApps, id)
		if err != nil {
			return err
		}
		list, err = organizationsWithRoles(tx, tenant, orgIDs, orgAppRoles, id)
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, paginate(c, p, list))
}

// consentTarget checks the third-party application and the user of a consent path.
func consentTarget(c *gin.Context, tx *store.Tx, tenant string) (application, string, error) {
	app, err := thirdPartyApp(tx, tenant, contract.Param(c, "id"))
	if err != nil {
		return app, "", err
	}
	uid := contract.Param(c, "userId")
	_, err = loadUser(tx, tenant, uid)
	return app, uid, err
}

func (h *Handler) listConsentOrganizations(c *gin.Context) error {
	q := c.Request.URL.Query()
	p, err := pagination(q, false)
	if err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var list []organizationBody
	err = h.deps.Store.View(func(tx *store.Tx) error {
		app, uid, err := consentTarget(c, tx, tenant)
		if err != nil {
			return err
		}
		list, err = organizationBodies(tx, tenant, app.ConsentOrganizations[uid])
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, gin.H{"organizations": paginate(c, p, list)})
}

// setConsentOrganizations checks the user belongs to every organization, then lets
// change compute the new list.
func (h *Handler) setConsentOrganizations(c *gin.Context, change func(have, ids []string) ([]string, error)) error {
	var in struct {
		OrganizationIDs []string `json:"organizationIds"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	return h.deps.Store.Update(func(tx *store.Tx) error {
		app, uid, err := consentTarget(c, tx, tenant)
		if err != nil {
			return err
		}
		for _, org := range in.OrganizationIDs {
			member, err := linked(tx, tenant, orgUsers, org, uid)
			if err != nil {
				return err
			}
			if !member {
				return fail(http.StatusUnprocessableEntity, "organization.require_membership")
			}
		}
		if app.ConsentOrganizations == nil {
			app.ConsentOrganizations = map[string][]string{}
		}
		list, err := change(app.ConsentOrganizations[uid], in.OrganizationIDs)
		if err != nil {
			return err
		}
		app.ConsentOrganizations[uid] = list
		return applications.Put(tx, tenant, app.ID, app)
	})
}

func (h *Handler) replaceConsentOrganizations(c *gin.Context) error {
	err := h.setConsentOrganizations(c, func(_, ids []string) ([]string, error) { return union(nil, ids), nil })
	if err != nil {
		return err
	}
	return noContent(c)
}

func (h *Handler) addConsentOrganizations(c *gin.Context) error {
	err := h.setConsentOrganizations(c, func(have, ids []string) ([]string, error) {
		for _, id := range ids {
			if slices.Contains(have, id) {
				return nil, fail(http.StatusUnprocessableEntity, "entity.unique_integrity_violation")
			}
		}
		return union(have, ids), nil
	})
	if err != nil {
		return err
	}
	return statusOnly(c, http.StatusCreated)
}

func (h *Handler) deleteConsentOrganization(c *gin.Context) error {
	tenant, org := platform.TenantOf(c), contract.Param(c, "organizationId")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		app, uid, err := consentTarget(c, tx, tenant)
		if err != nil {
			return err
		}
		list := app.ConsentOrganizations[uid]
		i := slices.Index(list, org)
		if i < 0 {
			return entityNotFound()
		}
		app.ConsentOrganizations[uid] = slices.Delete(list, i, i+1)
		return applications.Put(tx, tenant, app.ID, app)
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

// getSystemApplicationConfig names the domain protected apps get their hosts under.
func (h *Handler) getSystemApplicationConfig(c *gin.Context) error {
	return h.respond(c, http.StatusOK, gin.H{"protectedApps": gin.H{"defaultDomain": protectedAppDomain}})
}
