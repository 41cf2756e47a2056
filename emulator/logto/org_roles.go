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

// Organization roles: the organization template's roles, listed by name, with their
// organization scopes and API resource scopes. Names are unique (case-sensitive).

type orgRole struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Description *string `json:"description"`
	Type        string  `json:"type"`
}

type orgRoleBody struct {
	TenantID    string  `json:"tenantId"`
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Description *string `json:"description"`
	Type        string  `json:"type"`
}

func (r orgRole) body(tenant string) orgRoleBody {
	return orgRoleBody{TenantID: tenant, ID: r.ID, Name: r.Name, Description: r.Description, Type: r.Type}
}

var orgRoleSearchFields = []string{"id", "name", "description"}

// loadOrgRole is the organization roles' findById, a single-row query: an unknown id
// is slonik's NotFound (entity.not_found).
func loadOrgRole(tx *store.Tx, tenant, id string) (orgRole, error) {
	r, err := orgRoles.Get(tx, tenant, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return r, entityNotFound()
	}
	return r, err
}

// claimOrgName makes an organization role or scope name unique; a clash is the
// unique violation the organization routes answer 422.
func claimOrgName(tx *store.Tx, tenant, coll, name, id string) error {
	err := tx.Claim(tenant, coll, byOrgName, caseSensitiveKey(name), id)
	if errors.Is(err, store.ErrDuplicate) {
		return fail(http.StatusUnprocessableEntity, "entity.unique_integrity_violation")
	}
	return err
}

func renameOrgEntity(tx *store.Tx, tenant, coll, oldName, newName, id string) error {
	if newName == oldName {
		return nil
	}
	if err := claimOrgName(tx, tenant, coll, newName, id); err != nil {
		return err
	}
	return tx.Release(tenant, coll, byOrgName, caseSensitiveKey(oldName), id)
}

type scopeRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type resourceScopeRef struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Resource scopeRef `json:"resource"`
}

type orgRoleWithScopes struct {
	orgRoleBody
	Scopes         []scopeRef         `json:"scopes"`
	ResourceScopes []resourceScopeRef `json:"resourceScopes"`
}

// withScopes adds the role's scopes, ordered by id as Logto's json_agg(distinct ...)
// leaves them.
func (r orgRole) withScopes(tx *store.Tx, tenant string) (orgRoleWithScopes, error) {
	out := orgRoleWithScopes{orgRoleBody: r.body(tenant), Scopes: []scopeRef{}, ResourceScopes: []resourceScopeRef{}}
	ids, err := rights(tx, tenant, orgRoleScopes, r.ID)
	if err != nil {
		return out, err
	}
	for _, id := range ids {
		if s, err := orgScopes.Get(tx, tenant, id); err == nil {
			out.Scopes = append(out.Scopes, scopeRef{ID: s.ID, Name: s.Name})
		}
	}
	if ids, err = rights(tx, tenant, orgRoleResourceScopes, r.ID); err != nil {
		return out, err
	}
	for _, id := range ids {
		s, err := scopes.Get(tx, tenant, id)
		if err != nil {
			continue
		}
		res, err := resources.Get(tx, tenant, s.ResourceID)
		if err != nil {
			continue
		}
		out.ResourceScopes = append(out.ResourceScopes, resourceScopeRef{ID: s.ID, Name: s.Name, Resource: scopeRef{ID: res.ID, Name: res.Name}})
	}
	sort.Slice(out.Scopes, func(i, j int) bool { return out.Scopes[i].ID < out.Scopes[j].ID })
	sort.Slice(out.ResourceScopes, func(i, j int) bool { return out.ResourceScopes[i].ID < out.ResourceScopes[j].ID })
	return out, nil
}

// sortedOrgRoles lists the roles by name, filtered by the keyword.
func sortedOrgRoles(tx *store.Tx, tenant string, kw keyword) ([]orgRole, error) {
	all, err := orgRoles.List(tx, tenant)
	if err != nil {
		return nil, err
	}
	var out []orgRole
	for _, r := range all {
		if kw.matches(r.ID, r.Name, deref(r.Description)) {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func (h *Handler) listOrganizationRoles(c *gin.Context) error {
	q := c.Request.URL.Query()
	p, err := pagination(q, false)
	if err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	out := []orgRoleWithScopes{}
	err = h.deps.Store.View(func(tx *store.Tx) error {
		list, err := sortedOrgRoles(tx, tenant, keyword(q.Get("q")))
		if err != nil {
			return err
		}
		for _, r := range paginate(c, p, list) {
			item, err := r.withScopes(tx, tenant)
			if err != nil {
				return err
			}
			out = append(out, item)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) createOrganizationRole(c *gin.Context) error {
	var in struct {
		Name                 string   `json:"name"`
		Description          *string  `json:"description"`
		Type                 *string  `json:"type"`
		OrganizationScopeIDs []string `json:"organizationScopeIds"`
		ResourceScopeIDs     []string `json:"resourceScopeIds"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	r := orgRole{ID: standardID(), Name: in.Name, Description: in.Description, Type: roleUser}
	if in.Type != nil {
		r.Type = *in.Type
	}
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if err := claimOrgName(tx, tenant, orgRoles.Name, r.Name, r.ID); err != nil {
			return err
		}
		if err := orgRoles.Insert(tx, tenant, r.ID, r); err != nil {
			return err
		}
		if err := addLinks(tx, tenant, orgRoleScopes, r.ID, in.OrganizationScopeIDs, mustExist(tx, tenant, orgScopes)); err != nil {
			return err
		}
		return addLinks(tx, tenant, orgRoleResourceScopes, r.ID, in.ResourceScopeIDs, mustExist(tx, tenant, scopes))
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusCreated, r.body(tenant))
}

func (h *Handler) getOrganizationRole(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var r orgRole
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		r, err = loadOrgRole(tx, tenant, contract.Param(c, "id"))
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, r.body(tenant))
}

func (h *Handler) updateOrganizationRole(c *gin.Context) error {
	var in struct {
		Name        *string          `json:"name"`
		Description optional[string] `json:"description"`
		Type        *string          `json:"type"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant, id := platform.TenantOf(c), contract.Param(c, "id")
	var r orgRole
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		old, err := orgRoles.Get(tx, tenant, id)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return notFoundWithID("organization_roles", id)
		}
		if err != nil {
			return err
		}
		r = old
		if in.Name != nil {
			if err := renameOrgEntity(tx, tenant, orgRoles.Name, old.Name, *in.Name, id); err != nil {
				return err
			}
			r.Name = *in.Name
		}
		if in.Description.Set {
			r.Description = in.Description.ptr()
		}
		if in.Type != nil {
			r.Type = *in.Type
		}
		return orgRoles.Put(tx, tenant, id, r)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, r.body(tenant))
}

// deleteOrganizationRole removes the role everywhere Logto's foreign keys cascade:
// its scopes, its holders in every organization, JIT defaults and invitations.
func (h *Handler) deleteOrganizationRole(c *gin.Context) error {
	tenant, id := platform.TenantOf(c), contract.Param(c, "id")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		r, err := loadOrgRole(tx, tenant, id)
		if err != nil {
			return err
		}
		if err := tx.Release(tenant, orgRoles.Name, byOrgName, caseSensitiveKey(r.Name), id); err != nil {
			return err
		}
		if err := orgRoles.Delete(tx, tenant, id); err != nil {
			return err
		}
		for _, cascade := range []func() error{
			func() error { return deleteRelations(tx, tenant, orgRoleScopes, id, "") },
			func() error { return deleteRelations(tx, tenant, orgRoleResourceScopes, id, "") },
			func() error { return deleteRelations(tx, tenant, orgJitRoles, "", id) },
			func() error {
				return deleteWhere(tx, tenant, orgUserRoles, func(m orgMemberRole) bool { return m.Role == id })
			},
			func() error {
				return deleteWhere(tx, tenant, orgAppRoles, func(m orgMemberRole) bool { return m.Role == id })
			},
			func() error { return dropInvitationRole(tx, tenant, id) },
		} {
			if err := cascade(); err != nil {
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

// orgRoleLinks describes one of an organization role's relation routes.
type orgRoleLinks struct {
	coll store.Collection[relation]
	key  string // the body member that carries the ids
	// body reads the linked entities
	list func(tx *store.Tx, tenant string, ids []string) ([]any, error)
	// target is the collection the ids must exist in
	target func(tx *store.Tx, tenant string) func(id string) error
}

var orgRoleScopeLinks = orgRoleLinks{coll: orgRoleScopes, key: "organizationScopeIds",
	list: func(tx *store.Tx, tenant string, ids []string) ([]any, error) {
		out := []any{}
		for _, id := range ids {
			if s, err := orgScopes.Get(tx, tenant, id); err == nil {
				out = append(out, s.body(tenant))
			}
		}
		return out, nil
	},
	target: func(tx *store.Tx, tenant string) func(string) error { return mustExist(tx, tenant, orgScopes) },
}

var orgRoleResourceScopeLinks = orgRoleLinks{coll: orgRoleResourceScopes, key: "scopeIds",
	list: func(tx *store.Tx, tenant string, ids []string) ([]any, error) {
		out := []any{}
		for _, id := range ids {
			if s, err := scopes.Get(tx, tenant, id); err == nil {
				out = append(out, s.body(tenant))
			}
		}
		return out, nil
	},
	target: func(tx *store.Tx, tenant string) func(string) error { return mustExist(tx, tenant, scopes) },
}

// listLinks is the relation GET: the role must exist; pagination is optional.
func (h *Handler) listOrgRoleLinks(l orgRoleLinks) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		p, err := pagination(c.Request.URL.Query(), true)
		if err != nil {
			return err
		}
		tenant := platform.TenantOf(c)
		var list []any
		err = h.deps.Store.View(func(tx *store.Tx) error {
			r, err := loadOrgRole(tx, tenant, contract.Param(c, "id"))
			if err != nil {
				return err
			}
			ids, err := rights(tx, tenant, l.coll, r.ID)
			if err != nil {
				return err
			}
			list, err = l.list(tx, tenant, ids)
			return err
		})
		if err != nil {
			return err
		}
		return h.respond(c, http.StatusOK, paginate(c, p, list))
	}
}

// setOrgRoleLinks is the relation POST (add) and PUT (replace). Logto checks no role
// here: an unknown role is a foreign key violation.
func (h *Handler) setOrgRoleLinks(l orgRoleLinks, replace bool) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		ids, err := bindIDs(c, l.key, !replace)
		if err != nil {
			return err
		}
		tenant, id := platform.TenantOf(c), contract.Param(c, "id")
		err = h.deps.Store.Update(func(tx *store.Tx) error {
			if ok, err := exists(tx, tenant, orgRoles, id); err != nil || !ok {
				if err != nil {
					return err
				}
				return foreignKeyMissing()
			}
			if replace {
				return replaceLinks(tx, tenant, l.coll, id, ids, l.target(tx, tenant))
			}
			return addLinks(tx, tenant, l.coll, id, ids, l.target(tx, tenant))
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

func (h *Handler) deleteOrgRoleLink(l orgRoleLinks, param string) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		tenant := platform.TenantOf(c)
		err := h.deps.Store.Update(func(tx *store.Tx) error {
			return unlinkDocumented(tx, tenant, l.coll, contract.Param(c, "id"), contract.Param(c, param))
		})
		if err != nil {
			return err
		}
		return noContent(c)
	}
}
