package logto

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// A user's roles: user-type roles only.

func (h *Handler) listUserRoles(c *gin.Context) error {
	q := c.Request.URL.Query()
	p, err := pagination(q, false)
	if err != nil {
		return err
	}
	tenant, id := platform.TenantOf(c), contract.Param(c, "userId")
	var list []role
	err = h.deps.Store.View(func(tx *store.Tx) error {
		if _, err := loadUser(tx, tenant, id); err != nil {
			return err
		}
		s, err := parseSearch(q, roleSearchFields)
		if err != nil {
			return err
		}
		held := map[string]bool{}
		if err := relatedTo(tx, tenant, usersRoles, id, "", func(r relation) { held[r.Right] = true }); err != nil {
			return err
		}
		list, err = listedRoles(tx, tenant, s, func(r role) bool { return held[r.ID] && r.Type == roleUser })
		return err
	})
	if err != nil {
		return err
	}
	out := []roleBody{}
	for _, r := range paginate(c, p, list) {
		out = append(out, r.body(tenant))
	}
	return h.respond(c, http.StatusOK, out)
}

// setUserRoles adds the roles the user lacks (replace: and drops the others). Roles
// already held are skipped; every new one must exist and be a user role.
func (h *Handler) setUserRoles(c *gin.Context, replace bool) ([]string, []string, error) {
	var in struct {
		RoleIDs []string `json:"roleIds"`
	}
	if err := bind(c, &in); err != nil {
		return nil, nil, err
	}
	tenant, id := platform.TenantOf(c), contract.Param(c, "userId")
	var added []string
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if _, err := loadUser(tx, tenant, id); err != nil {
			return err
		}
		held, err := rights(tx, tenant, usersRoles, id)
		if err != nil {
			return err
		}
		for _, rid := range in.RoleIDs {
			if slices.Contains(held, rid) || slices.Contains(added, rid) {
				continue
			}
			r, err := loadRole(tx, tenant, rid)
			if err != nil {
				return err
			}
			if r.Type != roleUser {
				return fail(http.StatusUnprocessableEntity, "user.invalid_role_type")
			}
			added = append(added, rid)
		}
		if replace {
			for _, rid := range held {
				if !slices.Contains(in.RoleIDs, rid) {
					if err := unlink(tx, tenant, usersRoles, id, rid); err != nil {
						return err
					}
				}
			}
		}
		for _, rid := range added {
			if err := link(tx, tenant, usersRoles, id, rid); err != nil {
				return err
			}
		}
		return nil
	})
	if added == nil {
		added = []string{}
	}
	return in.RoleIDs, added, err
}

func (h *Handler) assignUserRoles(c *gin.Context) error {
	ids, added, err := h.setUserRoles(c, false)
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusCreated, gin.H{"roleIds": ids, "addedRoleIds": added})
}

func (h *Handler) replaceUserRoles(c *gin.Context) error {
	ids, _, err := h.setUserRoles(c, true)
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, gin.H{"roleIds": ids})
}

func (h *Handler) deleteUserRole(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		return unlink(tx, tenant, usersRoles, contract.Param(c, "userId"), contract.Param(c, "roleId"))
	})
	if err != nil {
		return err
	}
	return noContent(c)
}
