package logto

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"sort"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Organization scopes (permissions of the organization template): a plain
// SchemaRouter, listed by name, keyword search on the name, unique names.

type orgScope struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Description *string `json:"description"`
}

type orgScopeBody struct {
	TenantID    string  `json:"tenantId"`
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Description *string `json:"description"`
}

func (s orgScope) body(tenant string) orgScopeBody {
	return orgScopeBody{TenantID: tenant, ID: s.ID, Name: s.Name, Description: s.Description}
}

func loadOrgScope(tx *store.Tx, tenant, id string) (orgScope, error) {
	s, err := orgScopes.Get(tx, tenant, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return s, notFoundWithID("organization_scopes", id)
	}
	return s, err
}

func (h *Handler) listOrganizationScopes(c *gin.Context) error {
	q := c.Request.URL.Query()
	p, err := pagination(q, false)
	if err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var list []orgScope
	err = h.deps.Store.View(func(tx *store.Tx) error {
		all, err := orgScopes.List(tx, tenant)
		if err != nil {
			return err
		}
		kw := keyword(q.Get("q"))
		for _, s := range all {
			if kw.matches(s.Name) {
				list = append(list, s)
			}
		}
		sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
		return nil
	})
	if err != nil {
		return err
	}
	out := []orgScopeBody{}
	for _, s := range paginate(c, p, list) {
		out = append(out, s.body(tenant))
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) createOrganizationScope(c *gin.Context) error {
	var in struct {
		Name        string  `json:"name"`
		Description *string `json:"description"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	s := orgScope{ID: standardID(), Name: in.Name, Description: in.Description}
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if err := claimOrgName(tx, tenant, orgScopes.Name, s.Name, s.ID); err != nil {
			return err
		}
		return orgScopes.Insert(tx, tenant, s.ID, s)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusCreated, s.body(tenant))
}

func (h *Handler) getOrganizationScope(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var s orgScope
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		s, err = loadOrgScope(tx, tenant, contract.Param(c, "id"))
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, s.body(tenant))
}

func (h *Handler) updateOrganizationScope(c *gin.Context) error {
	var in struct {
		Name        *string          `json:"name"`
		Description optional[string] `json:"description"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var s orgScope
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		old, err := loadOrgScope(tx, tenant, contract.Param(c, "id"))
		if err != nil {
			return err
		}
		s = old
		if in.Name != nil {
			if err := renameOrgEntity(tx, tenant, orgScopes.Name, old.Name, *in.Name, s.ID); err != nil {
				return err
			}
			s.Name = *in.Name
		}
		if in.Description.Set {
			s.Description = in.Description.ptr()
		}
		return orgScopes.Put(tx, tenant, s.ID, s)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, s.body(tenant))
}

// deleteOrganizationScope removes the scope from every role and from third-party
// applications' consent scopes.
func (h *Handler) deleteOrganizationScope(c *gin.Context) error {
	tenant, id := platform.TenantOf(c), contract.Param(c, "id")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		s, err := orgScopes.Get(tx, tenant, id)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return entityNotFound()
		}
		if err != nil {
			return err
		}
		if err := tx.Release(tenant, orgScopes.Name, byOrgName, caseSensitiveKey(s.Name), id); err != nil {
			return err
		}
		if err := orgScopes.Delete(tx, tenant, id); err != nil {
			return err
		}
		if err := deleteRelations(tx, tenant, orgRoleScopes, "", id); err != nil {
			return err
		}
		return forgetConsentScope(tx, tenant, func(cs *consentScopes) *[]string { return &cs.OrganizationScopes }, id)
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

// forgetConsentScope removes a deleted scope from every application's consent list.
func forgetConsentScope(tx *store.Tx, tenant string, list func(*consentScopes) *[]string, id string) error {
	all, err := applications.List(tx, tenant)
	if err != nil {
		return err
	}
	for _, app := range all {
		l := list(&app.ConsentScopes)
		if i := slices.Index(*l, id); i >= 0 {
			*l = slices.Delete(*l, i, i+1)
			if err := applications.Put(tx, tenant, app.ID, app); err != nil {
				return err
			}
		}
	}
	return nil
}

// bindIDs reads the id list of a relation route's body. Adding takes a non-empty list
// (zod's nonempty()), which the derived contract does not say.
func bindIDs(c *gin.Context, key string, nonEmpty bool) ([]string, error) {
	lists, err := bindIDLists(c, nonEmpty, key)
	if err != nil {
		return nil, err
	}
	return lists[0], nil
}

// bindIDLists reads several id lists of one body, in the order of keys; every empty
// one that must not be is an issue of one guard failure.
func bindIDLists(c *gin.Context, nonEmpty bool, keys ...string) ([][]string, error) {
	var in map[string]json.RawMessage
	if err := bind(c, &in); err != nil {
		return nil, err
	}
	out := make([][]string, len(keys))
	var issues []zodIssue
	for i, key := range keys {
		if raw, ok := in[key]; ok {
			if err := json.Unmarshal(raw, &out[i]); err != nil {
				return nil, err
			}
		}
		if nonEmpty && len(out[i]) == 0 {
			issues = append(issues, tooFewItems(key))
		}
	}
	if len(issues) > 0 {
		return nil, guardFailure("body", issues)
	}
	return out, nil
}

// tooFewItems is zod's too_small issue for an empty array that must have an item.
func tooFewItems(key string) zodIssue {
	return sizeIssue(zodIssue{path: []any{key}}, "too_small", 1, []any{})
}
