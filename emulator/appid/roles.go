package appid

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/store"
)

func roleView(r role) map[string]any {
	access := make([]any, len(r.Access))
	for i, a := range r.Access {
		access[i] = obj("application_id", a.ApplicationID, "scopes", a.Scopes)
	}
	v := obj("id", r.ID, "name", r.Name, "access", access)
	if r.Description != "" {
		v["description"] = r.Description
	}
	return v
}

func getRoleRecord(tx *store.Tx, tenant, id string) (role, error) {
	r, err := roles.Get(tx, tenant, id)
	if isMissing(err) {
		return r, notFound("Role not found")
	}
	return r, err
}

// roleRefs resolves role ids to {id, name}; an unknown id is the caller's mistake.
func roleRefs(tx *store.Tx, tenant string, ids []string) ([]any, error) {
	out := make([]any, 0, len(ids))
	for _, id := range ids {
		r, err := roles.Get(tx, tenant, id)
		if isMissing(err) {
			return nil, badRequest("the role " + id + " does not exist")
		}
		if err != nil {
			return nil, err
		}
		out = append(out, obj("id", r.ID, "name", r.Name))
	}
	return out, nil
}

// readRoleIDs reads {roles: {ids: [...]}}, without duplicates.
func (h *Handler) readRoleIDs(c *gin.Context) ([]string, error) {
	body, err := h.readBody(c)
	if err != nil {
		return nil, err
	}
	in := decodeMap[struct {
		Roles struct {
			IDs []string `json:"ids"`
		} `json:"roles"`
	}](body)
	ids := []string{}
	for _, id := range in.Roles.IDs {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// readRole decodes a role body and checks its access: each application must exist and
// define the scopes the role grants.
func (h *Handler) readRole(c *gin.Context, tx *store.Tx, r *role) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	in := decodeMap[role](body)
	r.Name, r.Description, r.Access = strings.TrimSpace(in.Name), in.Description, in.Access
	if r.Name == "" {
		return badRequest("name must not be blank")
	}
	for i, a := range r.Access {
		app, err := applications.Get(tx, tenantOf(c), a.ApplicationID)
		if isMissing(err) {
			return badRequest("access[" + itoa(i) + "].application_id: no application " + a.ApplicationID)
		}
		if err != nil {
			return err
		}
		for _, s := range a.Scopes {
			if !slices.Contains(app.Scopes, s) {
				return badRequest("access[" + itoa(i) + "].scopes: the application " + a.ApplicationID + " has no scope " + s)
			}
		}
		if r.Access[i].Scopes == nil {
			r.Access[i].Scopes = []string{}
		}
	}
	if r.Access == nil {
		r.Access = []roleAccess{}
	}
	return nil
}

func (h *Handler) listRoles(c *gin.Context) error {
	var out []any
	err := h.deps.Store.View(func(tx *store.Tx) error {
		all, err := roles.List(tx, tenantOf(c))
		if err != nil {
			return err
		}
		slices.SortFunc(all, func(a, b role) int { return a.Created.Compare(b.Created) })
		out = make([]any, len(all))
		for i, r := range all {
			out[i] = roleView(r)
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, obj("roles", out))
	return nil
}

// createRole adds a role; names are unique in a tenant (case-insensitively).
func (h *Handler) createRole(c *gin.Context) error {
	var r role
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		r = role{ID: newID(), Created: tx.Now()}
		if err := h.readRole(c, tx, &r); err != nil {
			return err
		}
		if err := claimRoleName(tx, tenantOf(c), r); err != nil {
			return err
		}
		return roles.Insert(tx, tenantOf(c), r.ID, r)
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, roleView(r))
	return nil
}

func claimRoleName(tx *store.Tx, tenant string, r role) error {
	err := tx.Claim(tenant, roles.Name, byRoleName, r.Name, r.ID)
	if errors.Is(err, store.ErrDuplicate) {
		return conflict("a role named " + r.Name + " already exists")
	}
	return err
}

func (h *Handler) getRole(c *gin.Context) error {
	var r role
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		r, err = getRoleRecord(tx, tenantOf(c), contract.Param(c, "roleId"))
		return err
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, roleView(r))
	return nil
}

func (h *Handler) updateRole(c *gin.Context) error {
	tenant := tenantOf(c)
	var r role
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		old, err := getRoleRecord(tx, tenant, contract.Param(c, "roleId"))
		if err != nil {
			return err
		}
		r = old
		if err := h.readRole(c, tx, &r); err != nil {
			return err
		}
		if err := tx.Release(tenant, roles.Name, byRoleName, old.Name, old.ID); err != nil {
			return err
		}
		if err := claimRoleName(tx, tenant, r); err != nil {
			return err
		}
		return roles.Put(tx, tenant, r.ID, r)
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, roleView(r))
	return nil
}

// deleteRole removes a role and takes it away from every user and application.
func (h *Handler) deleteRole(c *gin.Context) error {
	tenant, id := tenantOf(c), contract.Param(c, "roleId")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		r, err := getRoleRecord(tx, tenant, id)
		if err != nil {
			return err
		}
		if err := tx.Release(tenant, roles.Name, byRoleName, r.Name, r.ID); err != nil {
			return err
		}
		if err := roles.Delete(tx, tenant, id); err != nil {
			return err
		}
		ps, err := profiles.List(tx, tenant)
		if err != nil {
			return err
		}
		for _, p := range ps {
			if slices.Contains(p.Roles, id) {
				p.Roles = slices.DeleteFunc(p.Roles, func(s string) bool { return s == id })
				if err := profiles.Put(tx, tenant, p.ID, p); err != nil {
					return err
				}
			}
		}
		apps, err := applications.List(tx, tenant)
		if err != nil {
			return err
		}
		for _, a := range apps {
			if slices.Contains(a.Roles, id) {
				a.Roles = slices.DeleteFunc(a.Roles, func(s string) bool { return s == id })
				if err := applications.Put(tx, tenant, a.ClientID, a); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusAccepted)
	return nil
}
