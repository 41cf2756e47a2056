package logto

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// The scopes of roles, and what they grant in tokens.

// Role scopes.

// addRoleScopes assigns scopes to a role: each must exist, not be assigned yet, and a
// user role may not hold Management API scopes.
func addRoleScopes(tx *store.Tx, tenant string, r role, scopeIDs []string) error {
	for _, id := range scopeIDs {
		if ok, err := linked(tx, tenant, rolesScopes, r.ID, id); err != nil || ok {
			if err != nil {
				return err
			}
			return fail(http.StatusUnprocessableEntity, "role.scope_exists", "scopeId", id)
		}
	}
	for _, id := range scopeIDs {
		sc, err := loadScope(tx, tenant, id)
		if err != nil {
			return err
		}
		if r.Type == roleUser && sc.ResourceID == managementResourceID {
			return fail(http.StatusBadRequest, "role.management_api_scopes_not_assignable_to_user_role")
		}
	}
	for _, id := range scopeIDs {
		if err := link(tx, tenant, rolesScopes, r.ID, id); err != nil {
			return err
		}
	}
	return nil
}

func (h *Handler) listRoleScopes(c *gin.Context) error {
	q := c.Request.URL.Query()
	p, err := pagination(q, true)
	if err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	out := []scopeBody{}
	err = h.deps.Store.View(func(tx *store.Tx) error {
		r, err := loadRole(tx, tenant, contract.Param(c, "id"))
		if err != nil {
			return err
		}
		s, err := parseSearch(q, scopeSearchFields)
		if err != nil {
			return err
		}
		held := map[string]bool{}
		if err := relatedTo(tx, tenant, rolesScopes, r.ID, "", func(rel relation) { held[rel.Right] = true }); err != nil {
			return err
		}
		list, err := listedScopes(tx, tenant, s, func(sc scope) bool { return held[sc.ID] })
		if err != nil {
			return err
		}
		for _, sc := range paginate(c, p, list) {
			b := sc.body(tenant)
			res, err := loadResource(tx, tenant, sc.ResourceID)
			if err != nil {
				return err
			}
			rb := res.body(tenant)
			b.Resource = &rb
			out = append(out, b)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) assignRoleScopes(c *gin.Context) error {
	var in struct {
		ScopeIDs []string `json:"scopeIds"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	out := []scopeBody{}
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		r, err := loadRole(tx, tenant, contract.Param(c, "id"))
		if err != nil {
			return err
		}
		if err := addRoleScopes(tx, tenant, r, in.ScopeIDs); err != nil {
			return err
		}
		held := map[string]bool{}
		if err := relatedTo(tx, tenant, rolesScopes, r.ID, "", func(rel relation) { held[rel.Right] = true }); err != nil {
			return err
		}
		list, err := listedScopes(tx, tenant, search{joint: "or"}, func(sc scope) bool { return held[sc.ID] })
		for _, sc := range list {
			out = append(out, sc.body(tenant))
		}
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusCreated, out)
}

func (h *Handler) deleteRoleScope(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if _, err := loadRole(tx, tenant, contract.Param(c, "id")); err != nil {
			return err
		}
		return unlink(tx, tenant, rolesScopes, contract.Param(c, "id"), contract.Param(c, "scopeId"))
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

// appScopeNames lists the scope names an application holds on a resource through
// its roles: what a client_credentials token for that resource may carry.
func appScopeNames(tx *store.Tx, tenant, appID, resourceID string) (map[string]bool, error) {
	out := map[string]bool{}
	roleIDs, err := rights(tx, tenant, appsRoles, appID)
	if err != nil {
		return nil, err
	}
	for _, rid := range roleIDs {
		scopeIDs, err := rights(tx, tenant, rolesScopes, rid)
		if err != nil {
			return nil, err
		}
		for _, sid := range scopeIDs {
			sc, err := scopes.Get(tx, tenant, sid)
			if err == nil && sc.ResourceID == resourceID {
				out[sc.Name] = true
			}
		}
	}
	return out, nil
}
