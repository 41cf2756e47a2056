package logto

import (
	"encoding/json"
	"errors"
	"net/http"
	"sort"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Organizations: Logto's SchemaRouter for the organizations table (ids of 12
// characters, keyword search on id and name, insertion order) plus the relation routes
// in org_*.go. Relation failures are mapped as Logto's organization error handler maps
// PostgreSQL's: a duplicate is 422 entity.unique_integrity_violation, a missing foreign
// key 422 entity.relation_foreign_key_not_found.

type organization struct {
	ID            string          `json:"id"`
	Name          string          `json:"name"`
	Description   *string         `json:"description"`
	CustomData    json.RawMessage `json:"customData"`
	IsMfaRequired bool            `json:"isMfaRequired"`
	Color         json.RawMessage `json:"color"`
	Branding      json.RawMessage `json:"branding"`
	CustomCSS     *string         `json:"customCss"`
	CreatedAt     int64           `json:"createdAt"`
	Seq           int64           `json:"seq"`
}

// organizationBody is Logto's organization response.
type organizationBody struct {
	TenantID      string          `json:"tenantId"`
	ID            string          `json:"id"`
	Name          string          `json:"name"`
	Description   *string         `json:"description"`
	CustomData    json.RawMessage `json:"customData"`
	IsMfaRequired bool            `json:"isMfaRequired"`
	Color         json.RawMessage `json:"color"`
	Branding      json.RawMessage `json:"branding"`
	CustomCSS     *string         `json:"customCss"`
	CreatedAt     int64           `json:"createdAt"`
}

func (o organization) body(tenant string) organizationBody {
	return organizationBody{TenantID: tenant, ID: o.ID, Name: o.Name, Description: o.Description,
		CustomData: jsonb(o.CustomData), IsMfaRequired: o.IsMfaRequired, Color: jsonb(o.Color),
		Branding: jsonb(o.Branding), CustomCSS: o.CustomCSS, CreatedAt: o.CreatedAt}
}

// loadOrganization is the SchemaRouter's findById.
func loadOrganization(tx *store.Tx, tenant, id string) (organization, error) {
	o, err := organizations.Get(tx, tenant, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return o, notFoundWithID("organizations", id)
	}
	return o, err
}

// organizationBodies reads organizations by id, skipping any that are gone.
func organizationBodies(tx *store.Tx, tenant string, ids []string) ([]organizationBody, error) {
	out := []organizationBody{}
	for _, id := range ids {
		o, err := organizations.Get(tx, tenant, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, o.body(tenant))
	}
	return out, nil
}

// orgWithRoles is an organization with the roles a member holds in it.
type orgWithRoles struct {
	organizationBody
	OrganizationRoles []roleRef `json:"organizationRoles"`
}

// organizationsWithRoles reads a member's organizations with its roles in each.
func organizationsWithRoles(tx *store.Tx, tenant string, orgIDs []string, coll store.Collection[orgMemberRole], member string) ([]orgWithRoles, error) {
	orgs, err := organizationBodies(tx, tenant, orgIDs)
	if err != nil {
		return nil, err
	}
	out := make([]orgWithRoles, 0, len(orgs))
	for _, o := range orgs {
		held, err := memberRoles(tx, tenant, coll, o.ID, member)
		if err != nil {
			return nil, err
		}
		out = append(out, orgWithRoles{o, roleRefs(held)})
	}
	return out, nil
}

// organizationInput is the organizations create and update guard.
type organizationInput struct {
	Name          *string                   `json:"name"`
	Description   optional[string]          `json:"description"`
	CustomData    optional[json.RawMessage] `json:"customData"`
	IsMfaRequired *bool                     `json:"isMfaRequired"`
	Color         optional[json.RawMessage] `json:"color"`
	Branding      optional[json.RawMessage] `json:"branding"`
	CustomCSS     optional[string]          `json:"customCss"`
}

// apply writes the members given; a JSON column is replaced whole (jsonb mode
// "replace", as the SchemaRouter's PATCH uses).
func (in organizationInput) apply(o *organization) {
	if in.Name != nil {
		o.Name = *in.Name
	}
	if in.Description.Set {
		o.Description = in.Description.ptr()
	}
	if in.CustomData.Set {
		o.CustomData = jsonb(in.CustomData.Value)
	}
	if in.IsMfaRequired != nil {
		o.IsMfaRequired = *in.IsMfaRequired
	}
	if in.Color.Set {
		o.Color = jsonb(in.Color.Value)
	}
	if in.Branding.Set {
		o.Branding = jsonb(in.Branding.Value)
	}
	if in.CustomCSS.Set {
		o.CustomCSS = in.CustomCSS.ptr()
	}
}

type organizationListItem struct {
	organizationBody
	UsersCount    *int           `json:"usersCount,omitempty"`
	FeaturedUsers []featuredUser `json:"featuredUsers,omitempty"`
}

func (h *Handler) listOrganizations(c *gin.Context) error {
	q := c.Request.URL.Query()
	p, err := pagination(q, false)
	if err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var out []organizationListItem
	err = h.deps.Store.View(func(tx *store.Tx) error {
		all, err := organizations.List(tx, tenant)
		if err != nil {
			return err
		}
		sort.SliceStable(all, func(i, j int) bool { return all[i].Seq < all[j].Seq })
		kw := keyword(q.Get("q"))
		var list []organization
		for _, o := range all {
			if kw.matches(o.ID, o.Name) {
				list = append(list, o)
			}
		}
		for _, o := range paginate(c, p, list) {
			item := organizationListItem{organizationBody: o.body(tenant)}
			if truthy(q.Get("showFeatured")) {
				members, err := rights(tx, tenant, orgUsers, o.ID)
				if err != nil {
					return err
				}
				n := len(members)
				item.UsersCount, item.FeaturedUsers = &n, []featuredUser{}
				for _, id := range members[:min(3, n)] {
					if u, err := users.Get(tx, tenant, id); err == nil {
						item.FeaturedUsers = append(item.FeaturedUsers, featuredUser{ID: u.ID, Avatar: u.Avatar, Name: u.Name})
					}
				}
			}
			out = append(out, item)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if out == nil {
		out = []organizationListItem{}
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) createOrganization(c *gin.Context) error {
	var in organizationInput
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var o organization
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		seq, err := nextSeq(tx, tenant)
		if err != nil {
			return err
		}
		o = organization{ID: shortID(), CustomData: jsonb(nil), Color: jsonb(nil), Branding: jsonb(nil),
			CreatedAt: tx.Now().UnixMilli(), Seq: seq}
		in.apply(&o)
		return organizations.Insert(tx, tenant, o.ID, o)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusCreated, o.body(tenant))
}

func (h *Handler) getOrganization(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var o organization
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		o, err = loadOrganization(tx, tenant, contract.Param(c, "id"))
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, o.body(tenant))
}

func (h *Handler) updateOrganization(c *gin.Context) error {
	var in organizationInput
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var o organization
	err := h.deps.Store.Update(func(tx *store.Tx) (err error) {
		if o, err = loadOrganization(tx, tenant, contract.Param(c, "id")); err != nil {
			return err
		}
		in.apply(&o)
		return organizations.Put(tx, tenant, o.ID, o)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, o.body(tenant))
}

// deleteOrganization removes the organization and what Logto's foreign keys delete in
// cascade: memberships and their roles, JIT settings and invitations.
func (h *Handler) deleteOrganization(c *gin.Context) error {
	tenant, id := platform.TenantOf(c), contract.Param(c, "id")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if err := organizations.Delete(tx, tenant, id); errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return entityNotFound()
		} else if err != nil {
			return err
		}
		return deleteOrganizationTraces(tx, tenant, id)
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

func deleteOrganizationTraces(tx *store.Tx, tenant, id string) error {
	for _, coll := range []store.Collection[relation]{orgUsers, orgApps, orgJitRoles, orgJitSsoConnectors} {
		if err := deleteRelations(tx, tenant, coll, id, ""); err != nil {
			return err
		}
	}
	inOrg := func(m orgMemberRole) bool { return m.Org == id }
	if err := deleteWhere(tx, tenant, orgUserRoles, inOrg); err != nil {
		return err
	}
	if err := deleteWhere(tx, tenant, orgAppRoles, inOrg); err != nil {
		return err
	}
	if err := deleteWhere(tx, tenant, orgJitDomains, func(d jitEmailDomain) bool { return d.Org == id }); err != nil {
		return err
	}
	return deleteWhere(tx, tenant, orgInvitations, func(inv invitation) bool { return inv.OrganizationID == id })
}

// keyword is the SchemaRouter's q: a case-insensitive substring of any search field
// (SQL ILIKE '%q%', so the client's % and _ stay wildcards).
type keyword string

func (k keyword) matches(fields ...string) bool {
	if k == "" {
		return true
	}
	re := likePattern("%"+string(k)+"%", false)
	for _, f := range fields {
		if re.MatchString(f) {
			return true
		}
	}
	return false
}
