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

// API resources and their scopes (permissions). Every tenant has the Management API
// resource, which cannot be changed or deleted.

const (
	managementResourceID = "management-api"
	managementScopeID    = "management-api-all"
	defaultTokenTTL      = 3600
)

var scopeSearchFields = []string{"id", "name", "description"}

type resourceBody struct {
	TenantID       string       `json:"tenantId"`
	ID             string       `json:"id"`
	Name           string       `json:"name"`
	Indicator      string       `json:"indicator"`
	IsDefault      bool         `json:"isDefault"`
	AccessTokenTTL float64      `json:"accessTokenTtl"`
	Scopes         *[]scopeBody `json:"scopes,omitempty"` // present (maybe empty) when asked for
}

func (r resource) body(tenant string) resourceBody {
	return resourceBody{TenantID: tenant, ID: r.ID, Name: r.Name, Indicator: r.Indicator, IsDefault: r.IsDefault, AccessTokenTTL: r.AccessTokenTTL}
}

type scopeBody struct {
	TenantID    string        `json:"tenantId"`
	ID          string        `json:"id"`
	ResourceID  string        `json:"resourceId"`
	Name        string        `json:"name"`
	Description *string       `json:"description"`
	CreatedAt   int64         `json:"createdAt"`
	Resource    *resourceBody `json:"resource,omitempty"`
}

func (s scope) body(tenant string) scopeBody {
	return scopeBody{TenantID: tenant, ID: s.ID, ResourceID: s.ResourceID, Name: s.Name, Description: s.Description, CreatedAt: s.CreatedAt}
}

func loadResource(tx *store.Tx, tenant, id string) (resource, error) {
	r, err := resources.Get(tx, tenant, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return r, notFoundWithID("resources", id)
	}
	return r, err
}

func loadScope(tx *store.Tx, tenant, id string) (scope, error) {
	s, err := scopes.Get(tx, tenant, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return s, notFoundWithID("scopes", id)
	}
	return s, err
}

// resourceByIndicator finds a resource by its indicator (exact).
func resourceByIndicator(tx *store.Tx, tenant, indicator string) (resource, error) {
	id, err := tx.Lookup(tenant, resources.Name, byIndicator, caseSensitiveKey(indicator))
	if err != nil {
		return resource{}, err
	}
	return resources.Get(tx, tenant, id)
}

func sortedResources(tx *store.Tx, tenant string) ([]resource, error) {
	all, err := resources.List(tx, tenant)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Seq < all[j].Seq })
	return all, nil
}

// resourceScopes lists a resource's scopes in insertion order, searched.
func resourceScopes(tx *store.Tx, tenant, resourceID string, s search) ([]scope, error) {
	return listedScopes(tx, tenant, s, func(sc scope) bool { return sc.ResourceID == resourceID })
}

func listedScopes(tx *store.Tx, tenant string, s search, keep func(scope) bool) ([]scope, error) {
	all, err := scopes.List(tx, tenant)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Seq < all[j].Seq })
	var out []scope
	for _, sc := range all {
		if !keep(sc) {
			continue
		}
		ok, err := s.matches(scopeSearchFields, func(f string) *string {
			switch f {
			case "id":
				return &sc.ID
			case "name":
				return &sc.Name
			}
			return sc.Description
		})
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, sc)
		}
	}
	return out, nil
}

func (h *Handler) listResources(c *gin.Context) error {
	q := c.Request.URL.Query()
	p, err := pagination(q, true)
	if err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	withScopes := truthy(q.Get("includeScopes"))
	var out []resourceBody
	err = h.deps.Store.View(func(tx *store.Tx) error {
		all, err := sortedResources(tx, tenant)
		if err != nil {
			return err
		}
		for _, r := range paginate(c, p, all) {
			b := r.body(tenant)
			if withScopes {
				list, err := resourceScopes(tx, tenant, r.ID, search{joint: "or"})
				if err != nil {
					return err
				}
				scopeList := []scopeBody{}
				for _, sc := range list {
					scopeList = append(scopeList, sc.body(tenant))
				}
				b.Scopes = &scopeList
			}
			out = append(out, b)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if out == nil {
		out = []resourceBody{}
	}
	return h.respond(c, http.StatusOK, out)
}

func claimIndicator(tx *store.Tx, tenant string, r resource) error {
	err := tx.Claim(tenant, resources.Name, byIndicator, caseSensitiveKey(r.Indicator), r.ID)
	if errors.Is(err, store.ErrDuplicate) {
		return fail(http.StatusUnprocessableEntity, "resource.resource_identifier_in_use", "indicator", r.Indicator)
	}
	return err
}

func (h *Handler) createResource(c *gin.Context) error {
	var in struct {
		Name           string   `json:"name"`
		Indicator      string   `json:"indicator"`
		AccessTokenTTL *float64 `json:"accessTokenTtl"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var r resource
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		seq, err := nextSeq(tx, tenant)
		if err != nil {
			return err
		}
		r = resource{ID: standardID(), Name: in.Name, Indicator: in.Indicator, AccessTokenTTL: defaultTokenTTL, Seq: seq}
		if in.AccessTokenTTL != nil {
			r.AccessTokenTTL = *in.AccessTokenTTL
		}
		if err := claimIndicator(tx, tenant, r); err != nil {
			return err
		}
		return resources.Insert(tx, tenant, r.ID, r)
	})
	if err != nil {
		return err
	}
	b := r.body(tenant)
	b.Scopes = &[]scopeBody{}
	return h.respond(c, http.StatusCreated, b)
}

func (h *Handler) getResource(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var r resource
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		r, err = loadResource(tx, tenant, contract.Param(c, "id"))
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, r.body(tenant))
}

// mutateResource changes a resource other than the Management API.
func (h *Handler) mutateResource(c *gin.Context, change func(r *resource)) error {
	tenant := platform.TenantOf(c)
	var r resource
	err := h.deps.Store.Update(func(tx *store.Tx) (err error) {
		if r, err = loadResource(tx, tenant, contract.Param(c, "id")); err != nil {
			return err
		}
		if r.ID == managementResourceID {
			return fail(http.StatusBadRequest, "resource.cannot_modify_management_api")
		}
		change(&r)
		return resources.Put(tx, tenant, r.ID, r)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, r.body(tenant))
}

func (h *Handler) updateResource(c *gin.Context) error {
	var in struct {
		Name           *string  `json:"name"`
		AccessTokenTTL *float64 `json:"accessTokenTtl"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	return h.mutateResource(c, func(r *resource) {
		if in.Name != nil {
			r.Name = *in.Name
		}
		if in.AccessTokenTTL != nil {
			r.AccessTokenTTL = *in.AccessTokenTTL
		}
	})
}

// updateResourceIsDefault sets the tenant's default resource: at most one is default.
func (h *Handler) updateResourceIsDefault(c *gin.Context) error {
	var in struct {
		IsDefault bool `json:"isDefault"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var r resource
	err := h.deps.Store.Update(func(tx *store.Tx) (err error) {
		if r, err = loadResource(tx, tenant, contract.Param(c, "id")); err != nil {
			return err
		}
		if r.ID == managementResourceID {
			return fail(http.StatusBadRequest, "resource.cannot_modify_management_api")
		}
		if in.IsDefault {
			all, err := resources.List(tx, tenant)
			if err != nil {
				return err
			}
			for _, other := range all {
				if other.IsDefault && other.ID != r.ID {
					other.IsDefault = false
					if err := resources.Put(tx, tenant, other.ID, other); err != nil {
						return err
					}
				}
			}
		}
		r.IsDefault = in.IsDefault
		return resources.Put(tx, tenant, r.ID, r)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, r.body(tenant))
}

// deleteResource removes a resource with its scopes and their role assignments.
func (h *Handler) deleteResource(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		r, err := loadResource(tx, tenant, contract.Param(c, "id"))
		if err != nil {
			return err
		}
		if r.ID == managementResourceID {
			return fail(http.StatusBadRequest, "resource.cannot_delete_management_api")
		}
		list, err := resourceScopes(tx, tenant, r.ID, search{joint: "or"})
		if err != nil {
			return err
		}
		for _, sc := range list {
			if err := removeScope(tx, tenant, sc); err != nil {
				return err
			}
		}
		if err := tx.Release(tenant, resources.Name, byIndicator, caseSensitiveKey(r.Indicator), r.ID); err != nil {
			return err
		}
		return resources.Delete(tx, tenant, r.ID)
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

func removeScope(tx *store.Tx, tenant string, sc scope) error {
	if err := tx.Release(tenant, scopes.Name, byScopeName, scopeNameKey(sc.ResourceID, sc.Name), sc.ID); err != nil {
		return err
	}
	if err := deleteRelations(tx, tenant, rolesScopes, "", sc.ID); err != nil {
		return err
	}
	if err := deleteRelations(tx, tenant, orgRoleResourceScopes, "", sc.ID); err != nil {
		return err
	}
	return scopes.Delete(tx, tenant, sc.ID)
}

func scopeNameKey(resourceID, name string) string { return resourceID + ":" + caseSensitiveKey(name) }

func (h *Handler) listResourceScopes(c *gin.Context) error {
	q := c.Request.URL.Query()
	p, err := pagination(q, true)
	if err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var list []scope
	err = h.deps.Store.View(func(tx *store.Tx) error {
		s, err := parseSearch(q, scopeSearchFields)
		if err != nil {
			return err
		}
		list, err = resourceScopes(tx, tenant, contract.Param(c, "resourceId"), s)
		return err
	})
	if err != nil {
		return err
	}
	out := []scopeBody{}
	for _, sc := range paginate(c, p, list) {
		out = append(out, sc.body(tenant))
	}
	return h.respond(c, http.StatusOK, out)
}

func claimScopeName(tx *store.Tx, tenant string, sc scope) error {
	if strings.ContainsAny(sc.Name, " \t\n") {
		return fail(http.StatusBadRequest, "scope.name_with_space")
	}
	err := tx.Claim(tenant, scopes.Name, byScopeName, scopeNameKey(sc.ResourceID, sc.Name), sc.ID)
	if errors.Is(err, store.ErrDuplicate) {
		return fail(http.StatusUnprocessableEntity, "scope.name_exists", "name", sc.Name)
	}
	return err
}

func (h *Handler) createResourceScope(c *gin.Context) error {
	var in struct {
		Name        string  `json:"name"`
		Description *string `json:"description"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var sc scope
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		r, err := loadResource(tx, tenant, contract.Param(c, "resourceId"))
		if err != nil {
			return err
		}
		if r.ID == managementResourceID {
			return fail(http.StatusBadRequest, "resource.cannot_modify_management_api")
		}
		seq, err := nextSeq(tx, tenant)
		if err != nil {
			return err
		}
		sc = scope{ID: standardID(), ResourceID: r.ID, Name: in.Name, Description: in.Description, CreatedAt: tx.Now().UnixMilli(), Seq: seq}
		if err := claimScopeName(tx, tenant, sc); err != nil {
			return err
		}
		return scopes.Insert(tx, tenant, sc.ID, sc)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusCreated, sc.body(tenant))
}

// resourceScope loads a scope of the path's resource (not the Management API's).
func resourceScope(c *gin.Context, tx *store.Tx, tenant string) (scope, error) {
	r, err := loadResource(tx, tenant, contract.Param(c, "resourceId"))
	if err != nil {
		return scope{}, err
	}
	if r.ID == managementResourceID {
		return scope{}, fail(http.StatusBadRequest, "resource.cannot_modify_management_api")
	}
	id := contract.Param(c, "scopeId")
	sc, err := loadScope(tx, tenant, id)
	if err == nil && sc.ResourceID != r.ID {
		return sc, notFoundWithID("scopes", id)
	}
	return sc, err
}

func (h *Handler) updateResourceScope(c *gin.Context) error {
	var in struct {
		Name        *string          `json:"name"`
		Description optional[string] `json:"description"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var sc scope
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		old, err := resourceScope(c, tx, tenant)
		if err != nil {
			return err
		}
		sc = old
		if in.Name != nil && *in.Name != old.Name {
			sc.Name = *in.Name
			if err := claimScopeName(tx, tenant, sc); err != nil {
				return err
			}
			if err := tx.Release(tenant, scopes.Name, byScopeName, scopeNameKey(old.ResourceID, old.Name), sc.ID); err != nil {
				return err
			}
		}
		if in.Description.Set {
			sc.Description = in.Description.ptr()
		}
		return scopes.Put(tx, tenant, sc.ID, sc)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, sc.body(tenant))
}

func (h *Handler) deleteResourceScope(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		sc, err := resourceScope(c, tx, tenant)
		if err != nil {
			return err
		}
		return removeScope(tx, tenant, sc)
	})
	if err != nil {
		return err
	}
	return noContent(c)
}
