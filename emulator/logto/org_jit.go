package logto

import (
	"errors"
	"net/http"
	"sort"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Just-in-time provisioning of an organization: the email domains whose users join it
// on sign-up, the organization roles they get, and the enterprise SSO connectors whose
// users join it. idemu has no interactive sign-up, so these are stored and read back;
// they take effect nowhere else.

type jitEmailDomain struct {
	Org    string `json:"organizationId"`
	Domain string `json:"emailDomain"`
	Seq    int64  `json:"seq"`
}

func jitDomainID(org, domain string) string { return org + ":" + caseSensitiveKey(domain) }

type jitEmailDomainBody struct {
	TenantID       string `json:"tenantId"`
	OrganizationID string `json:"organizationId"`
	EmailDomain    string `json:"emailDomain"`
}

func (d jitEmailDomain) body(tenant string) jitEmailDomainBody {
	return jitEmailDomainBody{TenantID: tenant, OrganizationID: d.Org, EmailDomain: d.Domain}
}

func orgJitDomainList(tx *store.Tx, tenant, org string) ([]jitEmailDomain, error) {
	var out []jitEmailDomain
	err := orgJitDomains.Each(tx, tenant, func(_ string, d jitEmailDomain) bool {
		if d.Org == org {
			out = append(out, d)
		}
		return true
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out, err
}

// listJitEmailDomains reads the domains; like Logto, it does not check the
// organization exists.
func (h *Handler) listJitEmailDomains(c *gin.Context) error {
	p, err := pagination(c.Request.URL.Query(), false)
	if err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var list []jitEmailDomain
	err = h.deps.Store.View(func(tx *store.Tx) (err error) {
		list, err = orgJitDomainList(tx, tenant, contract.Param(c, "id"))
		return err
	})
	if err != nil {
		return err
	}
	out := []jitEmailDomainBody{}
	for _, d := range paginate(c, p, list) {
		out = append(out, d.body(tenant))
	}
	return h.respond(c, http.StatusOK, out)
}

func addJitDomain(tx *store.Tx, tenant, org, domain string) (jitEmailDomain, error) {
	id := jitDomainID(org, domain)
	if ok, err := exists(tx, tenant, orgJitDomains, id); err != nil || ok {
		if err != nil {
			return jitEmailDomain{}, err
		}
		return jitEmailDomain{}, fail(http.StatusUnprocessableEntity, "entity.unique_integrity_violation")
	}
	seq, err := nextSeq(tx, tenant)
	if err != nil {
		return jitEmailDomain{}, err
	}
	d := jitEmailDomain{Org: org, Domain: domain, Seq: seq}
	return d, orgJitDomains.Put(tx, tenant, id, d)
}

func (h *Handler) createJitEmailDomain(c *gin.Context) error {
	var in struct {
		EmailDomain string `json:"emailDomain"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant, org := platform.TenantOf(c), contract.Param(c, "id")
	var d jitEmailDomain
	err := h.deps.Store.Update(func(tx *store.Tx) (err error) {
		if err := orgMustExist(tx, tenant, org); err != nil {
			return err
		}
		d, err = addJitDomain(tx, tenant, org, in.EmailDomain)
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusCreated, d.body(tenant))
}

// replaceJitEmailDomains makes the list the organization's whole set; a domain given
// twice is a unique violation.
func (h *Handler) replaceJitEmailDomains(c *gin.Context) error {
	var in struct {
		EmailDomains []string `json:"emailDomains"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant, org := platform.TenantOf(c), contract.Param(c, "id")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if len(in.EmailDomains) > 0 {
			if err := orgMustExist(tx, tenant, org); err != nil {
				return err
			}
		}
		if err := deleteWhere(tx, tenant, orgJitDomains, func(d jitEmailDomain) bool { return d.Org == org }); err != nil {
			return err
		}
		for _, domain := range in.EmailDomains {
			if _, err := addJitDomain(tx, tenant, org, domain); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

func (h *Handler) deleteJitEmailDomain(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		err := orgJitDomains.Delete(tx, tenant, jitDomainID(contract.Param(c, "id"), contract.Param(c, "emailDomain")))
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return entityNotFound()
		}
		return err
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

// orgLinks describes one of the SchemaRouter relation routes of an organization that
// link it to other entities (JIT roles and SSO connectors).
type orgLinks struct {
	coll  store.Collection[relation]
	key   string // the body member carrying the ids
	param string // the path parameter of a linked id
	list  func(tx *store.Tx, tenant string, ids []string) []any
	check func(tx *store.Tx, tenant string) func(id string) error
}

var jitRoleLinks = orgLinks{coll: orgJitRoles, key: "organizationRoleIds", param: "organizationRoleId",
	list: func(tx *store.Tx, tenant string, ids []string) []any {
		out := []any{}
		for _, id := range ids {
			if r, err := orgRoles.Get(tx, tenant, id); err == nil {
				out = append(out, r.body(tenant))
			}
		}
		return out
	},
	check: func(tx *store.Tx, tenant string) func(string) error { return mustExist(tx, tenant, orgRoles) },
}

var jitSsoLinks = orgLinks{coll: orgJitSsoConnectors, key: "ssoConnectorIds", param: "ssoConnectorId",
	list: func(tx *store.Tx, tenant string, ids []string) []any {
		out := []any{}
		for _, id := range ids {
			if s, err := ssoConnectors.Get(tx, tenant, id); err == nil {
				out = append(out, s.body(tenant))
			}
		}
		return out
	},
	check: func(tx *store.Tx, tenant string) func(string) error { return mustExist(tx, tenant, ssoConnectors) },
}

// listOrgLinks: the organization must exist; pagination is optional.
func (h *Handler) listOrgLinks(l orgLinks) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		p, err := pagination(c.Request.URL.Query(), true)
		if err != nil {
			return err
		}
		tenant := platform.TenantOf(c)
		var list []any
		err = h.deps.Store.View(func(tx *store.Tx) error {
			o, err := loadOrganization(tx, tenant, contract.Param(c, "id"))
			if err != nil {
				return err
			}
			ids, err := rights(tx, tenant, l.coll, o.ID)
			list = l.list(tx, tenant, ids)
			return err
		})
		if err != nil {
			return err
		}
		return h.respond(c, http.StatusOK, paginate(c, p, list))
	}
}

func (h *Handler) setOrgLinks(l orgLinks, replace bool) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		ids, err := bindIDs(c, l.key, !replace)
		if err != nil {
			return err
		}
		tenant, org := platform.TenantOf(c), contract.Param(c, "id")
		err = h.deps.Store.Update(func(tx *store.Tx) error {
			if len(ids) > 0 {
				if err := orgMustExist(tx, tenant, org); err != nil {
					return err
				}
			}
			if replace {
				return replaceLinks(tx, tenant, l.coll, org, ids, l.check(tx, tenant))
			}
			return addLinks(tx, tenant, l.coll, org, ids, l.check(tx, tenant))
		})
		if err != nil {
			return err
		}
		if replace {
			return noContent(c)
		}
		return statusOnly(c, http.StatusCreated)
	}
}

func (h *Handler) deleteOrgLink(l orgLinks) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		tenant := platform.TenantOf(c)
		err := h.deps.Store.Update(func(tx *store.Tx) error {
			return unlinkDocumented(tx, tenant, l.coll, contract.Param(c, "id"), contract.Param(c, l.param))
		})
		if err != nil {
			return err
		}
		return noContent(c)
	}
}
