package logto

import (
	"errors"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Organization members: users and machine-to-machine applications, and the
// organization roles each holds in the organization. Both kinds share Logto's rules;
// memberKind says where each keeps its links.

type memberKind struct {
	membership store.Collection[relation]      // organization -> member
	roles      store.Collection[orgMemberRole] // the member's roles per organization
	param      string                          // the member's path parameter
	idsKey     string                          // the body member listing member ids
	roleType   string                          // the organization role type it may hold
	// check is the foreign key (and type) check of a member id
	check func(tx *store.Tx, tenant, id string) error
}

var userMembers = memberKind{membership: orgUsers, roles: orgUserRoles, param: "userId", idsKey: "userIds", roleType: roleUser,
	check: func(tx *store.Tx, tenant, id string) error { return mustExist(tx, tenant, users)(id) }}

// Logto's organization_application_relations accept machine-to-machine applications
// only (a check constraint).
var appMembers = memberKind{membership: orgApps, roles: orgAppRoles, param: "applicationId", idsKey: "applicationIds",
	roleType: roleMachineToMachine,
	check: func(tx *store.Tx, tenant, id string) error {
		app, err := applications.Get(tx, tenant, id)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return foreignKeyMissing()
		}
		if err == nil && app.Type != appMachineToMachine {
			return fail(http.StatusUnprocessableEntity, "entity.db_constraint_violated")
		}
		return err
	}}

// orgMustExist is the foreign key check of the organization a relation names.
func orgMustExist(tx *store.Tx, tenant, org string) error {
	ok, err := exists(tx, tenant, organizations, org)
	if err == nil && !ok {
		return foreignKeyMissing()
	}
	return err
}

func (k memberKind) checker(tx *store.Tx, tenant string) func(string) error {
	return func(id string) error { return k.check(tx, tenant, id) }
}

// addMembers is POST /organizations/{id}/<members>. Users answer the ids added, as
// Logto's newer routes do; applications answer Koa's "Created".
func (h *Handler) addMembers(k memberKind) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		ids, err := bindIDs(c, k.idsKey, true)
		if err != nil {
			return err
		}
		tenant, org := platform.TenantOf(c), contract.Param(c, "id")
		err = h.deps.Store.Update(func(tx *store.Tx) error {
			if err := orgMustExist(tx, tenant, org); err != nil {
				return err
			}
			return addLinks(tx, tenant, k.membership, org, ids, k.checker(tx, tenant))
		})
		if err != nil {
			return err
		}
		if k.idsKey == userMembers.idsKey {
			return h.respond(c, http.StatusCreated, gin.H{k.idsKey: ids})
		}
		return statusOnly(c, http.StatusCreated)
	}
}

// replaceMembers is PUT: members left out lose their roles in the organization.
func (h *Handler) replaceMembers(k memberKind) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		ids, err := bindIDs(c, k.idsKey, false)
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
			keep := map[string]bool{}
			for _, id := range ids {
				keep[id] = true
			}
			if err := deleteWhere(tx, tenant, k.roles, func(m orgMemberRole) bool { return m.Org == org && !keep[m.Member] }); err != nil {
				return err
			}
			return replaceLinks(tx, tenant, k.membership, org, ids, k.checker(tx, tenant))
		})
		if err != nil {
			return err
		}
		return noContent(c)
	}
}

func (h *Handler) removeMember(k memberKind) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		tenant, org, member := platform.TenantOf(c), contract.Param(c, "id"), contract.Param(c, k.param)
		err := h.deps.Store.Update(func(tx *store.Tx) error {
			remove := unlink
			if k.idsKey == appMembers.idsKey {
				remove = unlinkDocumented // DELETE .../applications/{applicationId} documents 422, not 404
			}
			if err := remove(tx, tenant, k.membership, org, member); err != nil {
				return err
			}
			return dropMemberRoles(tx, tenant, k.roles, org, member)
		})
		if err != nil {
			return err
		}
		return noContent(c)
	}
}

// assignRolesToMembers is POST /organizations/{id}/<members>/roles: every role to
// every member.
func (h *Handler) assignRolesToMembers(k memberKind) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		lists, err := bindIDLists(c, true, k.idsKey, "organizationRoleIds")
		if err != nil {
			return err
		}
		members, roleIDs := lists[0], lists[1]
		tenant, org := platform.TenantOf(c), contract.Param(c, "id")
		err = h.deps.Store.Update(func(tx *store.Tx) error {
			for _, m := range members {
				if err := addMemberRoles(tx, tenant, k.roles, k.membership, org, m, roleIDs, k.roleType); err != nil {
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
}

// requireMembership is the guard Logto puts on /organizations/{id}/<members>/{memberId}/...
func requireMembership(tx *store.Tx, tenant string, k memberKind, org, member string) error {
	ok, err := linked(tx, tenant, k.membership, org, member)
	if err == nil && !ok {
		return fail(http.StatusUnprocessableEntity, "organization.require_membership")
	}
	return err
}

func (h *Handler) listMemberRoles(k memberKind) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		p, err := pagination(c.Request.URL.Query(), true)
		if err != nil {
			return err
		}
		tenant, org, member := platform.TenantOf(c), contract.Param(c, "id"), contract.Param(c, k.param)
		var list []orgRole
		err = h.deps.Store.View(func(tx *store.Tx) error {
			if err := requireMembership(tx, tenant, k, org, member); err != nil {
				return err
			}
			list, err = memberRoles(tx, tenant, k.roles, org, member)
			return err
		})
		if err != nil {
			return err
		}
		out := []orgRoleBody{}
		for _, r := range paginate(c, p, list) {
			out = append(out, r.body(tenant))
		}
		return h.respond(c, http.StatusOK, out)
	}
}

type memberRolesInput struct {
	IDs   []string `json:"organizationRoleIds"`
	Names []string `json:"organizationRoleNames"`
}

// memberRoleInput reads a member's role ids and, for users, role names. A name that
// names no role is 422 organization.role_names_not_found.
func memberRoleInput(tx *store.Tx, tenant string, in memberRolesInput) ([]string, error) {
	ids := append([]string{}, in.IDs...)
	if len(in.Names) == 0 {
		return ids, nil
	}
	byName := map[string]string{}
	all, err := orgRoles.List(tx, tenant)
	if err != nil {
		return nil, err
	}
	for _, r := range all {
		byName[r.Name] = r.ID
	}
	var missing []string
	for _, n := range in.Names {
		id, ok := byName[n]
		if !ok {
			missing = append(missing, n)
			continue
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(missing) > 0 {
		return nil, fail(http.StatusUnprocessableEntity, "organization.role_names_not_found",
			"names,list(type:conjunction)", conjunction(missing)).withData(gin.H{"roleNames": missing})
	}
	return ids, nil
}

// conjunction is Intl.ListFormat's English conjunction: "a", "a and b", "a, b, and c".
func conjunction(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	case 2:
		return items[0] + " and " + items[1]
	}
	return strings.Join(items[:len(items)-1], ", ") + ", and " + items[len(items)-1]
}

// setMemberRoles is POST (add) and PUT (replace) of one member's roles.
func (h *Handler) setMemberRoles(k memberKind, replace bool) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		var in memberRolesInput
		if err := bind(c, &in); err != nil {
			return err
		}
		if k.idsKey == appMembers.idsKey && !replace && len(in.IDs) == 0 {
			return guardFailure("body", []zodIssue{tooFewItems("organizationRoleIds")})
		}
		tenant, org, member := platform.TenantOf(c), contract.Param(c, "id"), contract.Param(c, k.param)
		var ids []string
		err := h.deps.Store.Update(func(tx *store.Tx) (err error) {
			if err := requireMembership(tx, tenant, k, org, member); err != nil {
				return err
			}
			if ids, err = memberRoleInput(tx, tenant, in); err != nil {
				return err
			}
			if replace {
				if err := dropMemberRoles(tx, tenant, k.roles, org, member); err != nil {
					return err
				}
			}
			return addMemberRoles(tx, tenant, k.roles, k.membership, org, member, ids, k.roleType)
		})
		if err != nil {
			return err
		}
		switch {
		case replace:
			return noContent(c)
		case k.idsKey == userMembers.idsKey:
			return h.respond(c, http.StatusCreated, gin.H{"organizationRoleIds": ids})
		}
		return statusOnly(c, http.StatusCreated)
	}
}

func (h *Handler) deleteMemberRole(k memberKind) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		tenant, org, member := platform.TenantOf(c), contract.Param(c, "id"), contract.Param(c, k.param)
		err := h.deps.Store.Update(func(tx *store.Tx) error {
			if err := requireMembership(tx, tenant, k, org, member); err != nil {
				return err
			}
			err := k.roles.Delete(tx, tenant, memberRoleID(org, member, contract.Param(c, "organizationRoleId")))
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
}

// listOrganizationUserScopes is the union of the organization scopes of the user's
// roles in the organization, by name.
func (h *Handler) listOrganizationUserScopes(c *gin.Context) error {
	tenant, org, member := platform.TenantOf(c), contract.Param(c, "id"), contract.Param(c, "userId")
	out := []orgScopeBody{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		if err := requireMembership(tx, tenant, userMembers, org, member); err != nil {
			return err
		}
		held, err := memberRoles(tx, tenant, orgUserRoles, org, member)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, r := range held {
			ids, err := rights(tx, tenant, orgRoleScopes, r.ID)
			if err != nil {
				return err
			}
			for _, id := range ids {
				if s, err := orgScopes.Get(tx, tenant, id); err == nil && !seen[id] {
					seen[id] = true
					out = append(out, s.body(tenant))
				}
			}
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

// orgUserBody is a member user: userInfoSelectFields and the roles held.
type orgUserBody struct {
	userBody
	HasPassword       *bool     `json:"hasPassword,omitempty"` // not in userInfoSelectFields
	OrganizationRoles []roleRef `json:"organizationRoles"`
}

func (h *Handler) listOrganizationUsers(c *gin.Context) error {
	q := c.Request.URL.Query()
	p, err := pagination(q, false)
	if err != nil {
		return err
	}
	tenant, org := platform.TenantOf(c), contract.Param(c, "id")
	out := []orgUserBody{}
	err = h.deps.Store.View(func(tx *store.Tx) error {
		ids, err := rights(tx, tenant, orgUsers, org)
		if err != nil {
			return err
		}
		kw := keyword(q.Get("q"))
		var list []user
		for _, id := range ids {
			u, err := users.Get(tx, tenant, id)
			if err != nil {
				continue
			}
			if kw.matches(u.ID, deref(u.PrimaryEmail), deref(u.PrimaryPhone), deref(u.Username), deref(u.Name)) {
				list = append(list, u)
			}
		}
		for _, u := range paginate(c, p, list) {
			held, err := memberRoles(tx, tenant, orgUserRoles, org, u.ID)
			if err != nil {
				return err
			}
			out = append(out, orgUserBody{userBody: u.body(), OrganizationRoles: roleRefs(held)})
		}
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

type orgAppBody struct {
	appBody
	OrganizationRoles []roleRef `json:"organizationRoles"`
}

func (h *Handler) listOrganizationApplications(c *gin.Context) error {
	q := c.Request.URL.Query()
	p, err := pagination(q, false)
	if err != nil {
		return err
	}
	tenant, org := platform.TenantOf(c), contract.Param(c, "id")
	out := []orgAppBody{}
	err = h.deps.Store.View(func(tx *store.Tx) error {
		ids, err := rights(tx, tenant, orgApps, org)
		if err != nil {
			return err
		}
		kw := keyword(q.Get("q"))
		var list []application
		for _, id := range ids {
			a, err := applications.Get(tx, tenant, id)
			if err != nil {
				continue
			}
			if kw.matches(a.ID, a.Name, deref(a.Description)) {
				list = append(list, a)
			}
		}
		for _, a := range paginate(c, p, list) {
			held, err := memberRoles(tx, tenant, orgAppRoles, org, a.ID)
			if err != nil {
				return err
			}
			out = append(out, orgAppBody{appBody: a.body(tenant), OrganizationRoles: roleRefs(held)})
		}
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}
