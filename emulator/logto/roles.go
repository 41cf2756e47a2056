package logto

import (
	"errors"
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

const (
	roleUser             = "User"
	roleMachineToMachine = "MachineToMachine"
	internalRolePrefix   = "#internal:"
)

var roleSearchFields = []string{"id", "name", "description"}

type roleBody struct {
	TenantID    string `json:"tenantId"`
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Type        string `json:"type"`
	IsDefault   bool   `json:"isDefault"`
}

func (r role) body(tenant string) roleBody {
	return roleBody{TenantID: tenant, ID: r.ID, Name: r.Name, Description: r.Description, Type: r.Type, IsDefault: r.IsDefault}
}

func loadRole(tx *store.Tx, tenant, id string) (role, error) {
	r, err := roles.Get(tx, tenant, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return r, notFoundWithID("roles", id)
	}
	return r, err
}

// listedRoles filters and orders roles as Logto's findRoles: internal roles hidden,
// insertion order.
func listedRoles(tx *store.Tx, tenant string, s search, keep func(role) bool) ([]role, error) {
	all, err := roles.List(tx, tenant)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Seq < all[j].Seq })
	var out []role
	for _, r := range all {
		if strings.HasPrefix(r.Name, internalRolePrefix) || !keep(r) {
			continue
		}
		ok, err := s.matches(roleSearchFields, func(f string) *string { return roleField(r, f) })
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, r)
		}
	}
	return out, nil
}

func roleField(r role, f string) *string {
	switch f {
	case "id":
		return &r.ID
	case "name":
		return &r.Name
	case "description":
		return &r.Description
	}
	return nil
}

type featuredUser struct {
	ID     string  `json:"id"`
	Avatar *string `json:"avatar"`
	Name   *string `json:"name"`
}

type featuredApp struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
}

type roleListBody struct {
	roleBody
	UsersCount           int            `json:"usersCount"`
	FeaturedUsers        []featuredUser `json:"featuredUsers"`
	ApplicationsCount    int            `json:"applicationsCount"`
	FeaturedApplications []featuredApp  `json:"featuredApplications"`
}

func (h *Handler) listRoles(c *gin.Context) error {
	q := c.Request.URL.Query()
	p, err := pagination(q, false)
	if err != nil {
		return err
	}
	s, err := parseSearch(q, roleSearchFields)
	if err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var out []roleListBody
	err = h.deps.Store.View(func(tx *store.Tx) error {
		excluded := map[string]bool{}
		if u := q.Get("excludeUserId"); u != "" {
			if err := relatedTo(tx, tenant, usersRoles, u, "", func(r relation) { excluded[r.Right] = true }); err != nil {
				return err
			}
		}
		if a := q.Get("excludeApplicationId"); a != "" {
			if err := relatedTo(tx, tenant, appsRoles, a, "", func(r relation) { excluded[r.Right] = true }); err != nil {
				return err
			}
		}
		typ := q.Get("type")
		list, err := listedRoles(tx, tenant, s, func(r role) bool { return !excluded[r.ID] && (typ == "" || r.Type == typ) })
		if err != nil {
			return err
		}
		for _, r := range paginate(c, p, list) {
			item, err := roleWithMembers(tx, tenant, r)
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
	if out == nil {
		out = []roleListBody{}
	}
	return h.respond(c, http.StatusOK, out)
}

// roleWithMembers adds the counts and the first three members of each kind.
func roleWithMembers(tx *store.Tx, tenant string, r role) (roleListBody, error) {
	item := roleListBody{roleBody: r.body(tenant), FeaturedUsers: []featuredUser{}, FeaturedApplications: []featuredApp{}}
	userIDs, err := lefts(tx, tenant, usersRoles, r.ID)
	if err != nil {
		return item, err
	}
	item.UsersCount = len(userIDs)
	for _, id := range userIDs[:min(3, len(userIDs))] {
		if u, err := users.Get(tx, tenant, id); err == nil {
			item.FeaturedUsers = append(item.FeaturedUsers, featuredUser{ID: u.ID, Avatar: u.Avatar, Name: u.Name})
		}
	}
	appIDs, err := lefts(tx, tenant, appsRoles, r.ID)
	if err != nil {
		return item, err
	}
	item.ApplicationsCount = len(appIDs)
	for _, id := range appIDs[:min(3, len(appIDs))] {
		if a, err := applications.Get(tx, tenant, id); err == nil {
			item.FeaturedApplications = append(item.FeaturedApplications, featuredApp{ID: a.ID, Name: a.Name, Type: a.Type})
		}
	}
	return item, nil
}

// claimRoleName enforces Logto's unique role names (exact, case-sensitive).
func claimRoleName(tx *store.Tx, tenant string, r role) error {
	err := tx.Claim(tenant, roles.Name, byRoleName, caseSensitiveKey(r.Name), r.ID)
	if errors.Is(err, store.ErrDuplicate) {
		return fail(http.StatusUnprocessableEntity, "role.name_in_use", "name", r.Name)
	}
	return err
}

func (h *Handler) createRole(c *gin.Context) error {
	var in struct {
		Name        string   `json:"name"`
		Description string   `json:"description"`
		Type        *string  `json:"type"`
		IsDefault   bool     `json:"isDefault"`
		ScopeIDs    []string `json:"scopeIds"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var r role
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		seq, err := nextSeq(tx, tenant)
		if err != nil {
			return err
		}
		r = role{ID: standardID(), Name: in.Name, Description: in.Description, Type: roleUser, IsDefault: in.IsDefault, Seq: seq}
		if in.Type != nil {
			r.Type = *in.Type
		}
		if err := claimRoleName(tx, tenant, r); err != nil {
			return err
		}
		if err := roles.Insert(tx, tenant, r.ID, r); err != nil {
			return err
		}
		return addRoleScopes(tx, tenant, r, in.ScopeIDs)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, r.body(tenant))
}

func (h *Handler) getRole(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var r role
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		r, err = loadRole(tx, tenant, contract.Param(c, "id"))
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, r.body(tenant))
}

func (h *Handler) updateRole(c *gin.Context) error {
	var in struct {
		Name        *string `json:"name"`
		Description *string `json:"description"`
		IsDefault   *bool   `json:"isDefault"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var r role
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		old, err := loadRole(tx, tenant, contract.Param(c, "id"))
		if err != nil {
			return err
		}
		r = old
		if in.Name != nil && *in.Name != old.Name {
			r.Name = *in.Name
			if err := claimRoleName(tx, tenant, r); err != nil {
				return err
			}
			if err := tx.Release(tenant, roles.Name, byRoleName, caseSensitiveKey(old.Name), r.ID); err != nil {
				return err
			}
		}
		if in.Description != nil {
			r.Description = *in.Description
		}
		if in.IsDefault != nil {
			r.IsDefault = *in.IsDefault
		}
		return roles.Put(tx, tenant, r.ID, r)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, r.body(tenant))
}

// deleteRole removes the role and, in cascade as Logto's foreign keys do, its
// assignments to users and applications and its scopes: a user or application loses
// the role's permissions at once (its next token no longer carries them).
func (h *Handler) deleteRole(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		r, err := loadRole(tx, tenant, contract.Param(c, "id"))
		if err != nil {
			return err
		}
		if err := tx.Release(tenant, roles.Name, byRoleName, caseSensitiveKey(r.Name), r.ID); err != nil {
			return err
		}
		if err := roles.Delete(tx, tenant, r.ID); err != nil {
			return err
		}
		for _, cascade := range []func() error{
			func() error { return deleteRelations(tx, tenant, usersRoles, "", r.ID) },
			func() error { return deleteRelations(tx, tenant, appsRoles, "", r.ID) },
			func() error { return deleteRelations(tx, tenant, rolesScopes, r.ID, "") },
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

func (h *Handler) listRoleUsers(c *gin.Context) error {
	q := c.Request.URL.Query()
	p, err := pagination(q, false)
	if err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var list []user
	err = h.deps.Store.View(func(tx *store.Tx) error {
		r, err := loadRole(tx, tenant, contract.Param(c, "id"))
		if err != nil {
			return err
		}
		s, err := parseSearch(q, userSearchFields)
		if err != nil {
			return err
		}
		members := map[string]bool{}
		if err := relatedTo(tx, tenant, usersRoles, "", r.ID, func(rel relation) { members[rel.Left] = true }); err != nil {
			return err
		}
		all, err := users.List(tx, tenant)
		if err != nil {
			return err
		}
		list, err = filterUsers(all, s, func(u user) bool { return members[u.ID] })
		return err
	})
	if err != nil {
		return err
	}
	out := []userBody{}
	for _, u := range paginate(c, p, list) {
		out = append(out, u.body())
	}
	return h.respond(c, http.StatusOK, out)
}

// assignRoleUsers adds users to a role: every user must exist and none may have it.
func (h *Handler) assignRoleUsers(c *gin.Context) error {
	var in struct {
		UserIDs []string `json:"userIds"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		r, err := loadRole(tx, tenant, contract.Param(c, "id"))
		if err != nil {
			return err
		}
		for _, uid := range in.UserIDs {
			if ok, err := linked(tx, tenant, usersRoles, uid, r.ID); err != nil || ok {
				if err != nil {
					return err
				}
				return fail(http.StatusUnprocessableEntity, "role.user_exists", "userId", uid)
			}
		}
		for _, uid := range in.UserIDs {
			if _, err := loadUser(tx, tenant, uid); err != nil {
				return err
			}
		}
		if r.Type != roleUser {
			return fail(http.StatusUnprocessableEntity, "user.invalid_role_type")
		}
		for _, uid := range in.UserIDs {
			if err := link(tx, tenant, usersRoles, uid, r.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return statusOnly(c, http.StatusCreated)
}

func (h *Handler) deleteRoleUser(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		return unlink(tx, tenant, usersRoles, contract.Param(c, "userId"), contract.Param(c, "id"))
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

func (h *Handler) listRoleApplications(c *gin.Context) error {
	q := c.Request.URL.Query()
	p, err := pagination(q, false)
	if err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var list []application
	err = h.deps.Store.View(func(tx *store.Tx) error {
		r, err := loadRole(tx, tenant, contract.Param(c, "id"))
		if err != nil {
			return err
		}
		s, err := parseSearch(q, appSearchFields)
		if err != nil {
			return err
		}
		members := map[string]bool{}
		if err := relatedTo(tx, tenant, appsRoles, "", r.ID, func(rel relation) { members[rel.Left] = true }); err != nil {
			return err
		}
		list, err = listedApplications(tx, tenant, s, func(a application) bool { return members[a.ID] })
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

// assignRoleApplications adds machine-to-machine applications to a role.
func (h *Handler) assignRoleApplications(c *gin.Context) error {
	var in struct {
		ApplicationIDs []string `json:"applicationIds"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		r, err := loadRole(tx, tenant, contract.Param(c, "id"))
		if err != nil {
			return err
		}
		for _, aid := range in.ApplicationIDs {
			if ok, err := linked(tx, tenant, appsRoles, aid, r.ID); err != nil || ok {
				if err != nil {
					return err
				}
				return fail(http.StatusUnprocessableEntity, "role.application_exists", "applicationId", aid)
			}
		}
		for _, aid := range in.ApplicationIDs {
			app, err := loadApplication(tx, tenant, aid)
			if err != nil {
				return err
			}
			if app.Type != appMachineToMachine {
				return fail(http.StatusUnprocessableEntity, "application.invalid_type")
			}
		}
		if r.Type != roleMachineToMachine {
			return fail(http.StatusUnprocessableEntity, "application.invalid_role_type")
		}
		for _, aid := range in.ApplicationIDs {
			if err := link(tx, tenant, appsRoles, aid, r.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return statusOnly(c, http.StatusCreated)
}

func (h *Handler) deleteRoleApplication(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		return unlink(tx, tenant, appsRoles, contract.Param(c, "applicationId"), contract.Param(c, "id"))
	})
	if err != nil {
		return err
	}
	return noContent(c)
}
