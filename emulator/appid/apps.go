package appid

import (
	"encoding/base64"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Application types: a single-page app is a public client without a secret.
const (
	appRegularWeb = "regularwebapp"
	appSinglePage = "singlepageapp"
)

// oauthBase is the path prefix of App ID's OAuth server; the tenant follows it.
const oauthBase = "/oauth/v4/"

func oauthServerURL(c *gin.Context, tenant string) string {
	return platform.BaseURL(c.Request) + oauthBase + tenant
}

func appView(c *gin.Context, tenant string, a application) map[string]any {
	server := oauthServerURL(c, tenant)
	v := obj("clientId", a.ClientID, "tenantId", tenant, "name", a.Name, "type", a.Type,
		"oAuthServerUrl", server, "profilesUrl", platform.BaseURL(c.Request),
		"discoveryEndpoint", server+"/.well-known/openid-configuration")
	if a.Type != appSinglePage {
		v["secret"] = a.Secret
	}
	return v
}

// newSecret is a client secret in App ID's format: base64 of a UUID string.
func newSecret() string { return base64.StdEncoding.EncodeToString([]byte(newID())) }

func getApp(tx *store.Tx, tenant, id string) (application, error) {
	a, err := applications.Get(tx, tenant, id)
	if isMissing(err) {
		return a, notFound("Application not found")
	}
	return a, err
}

func (h *Handler) listApplications(c *gin.Context) error {
	tenant := tenantOf(c)
	var out []any
	err := h.deps.Store.View(func(tx *store.Tx) error {
		all, err := applications.List(tx, tenant)
		if err != nil {
			return err
		}
		slices.SortFunc(all, func(a, b application) int { return a.Created.Compare(b.Created) })
		out = make([]any, len(all))
		for i, a := range all {
			out[i] = appView(c, tenant, a)
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, obj("applications", out))
	return nil
}

func (h *Handler) registerApplication(c *gin.Context) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	a := application{ClientID: newID(), Type: appRegularWeb, Scopes: []string{}, Roles: []string{}}
	a.Name, _ = body["name"].(string)
	if t, ok := body["type"].(string); ok {
		a.Type = t
	}
	if a.Type != appSinglePage {
		a.Secret = newSecret()
	}
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		a.Created = tx.Now()
		return applications.Insert(tx, tenantOf(c), a.ClientID, a)
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, appView(c, tenantOf(c), a))
	return nil
}

// withApp runs fn on the path's application inside a transaction; write selects an
// update transaction, in which fn's changes are stored.
func (h *Handler) withApp(c *gin.Context, write bool, fn func(tx *store.Tx, a *application) error) (application, error) {
	var a application
	run := func(tx *store.Tx) error {
		var err error
		if a, err = getApp(tx, tenantOf(c), contract.Param(c, "clientId")); err != nil {
			return err
		}
		if err := fn(tx, &a); err != nil {
			return err
		}
		if write {
			return applications.Put(tx, tenantOf(c), a.ClientID, a)
		}
		return nil
	}
	if write {
		return a, h.deps.Store.Update(run)
	}
	return a, h.deps.Store.View(run)
}

func noChange(*store.Tx, *application) error { return nil }

func (h *Handler) getApplication(c *gin.Context) error {
	a, err := h.withApp(c, false, noChange)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, appView(c, tenantOf(c), a))
	return nil
}

// updateApplication renames an application (its only changeable field); App ID
// answers 201.
func (h *Handler) updateApplication(c *gin.Context) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	a, err := h.withApp(c, true, func(_ *store.Tx, a *application) error {
		a.Name, _ = body["name"].(string)
		return nil
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, appView(c, tenantOf(c), a))
	return nil
}

// deleteApplication removes the application and the access roles granted to it.
func (h *Handler) deleteApplication(c *gin.Context) error {
	tenant, id := tenantOf(c), contract.Param(c, "clientId")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if _, err := getApp(tx, tenant, id); err != nil {
			return err
		}
		if err := applications.Delete(tx, tenant, id); err != nil {
			return err
		}
		all, err := roles.List(tx, tenant)
		if err != nil {
			return err
		}
		for _, r := range all {
			n := len(r.Access)
			r.Access = slices.DeleteFunc(r.Access, func(a roleAccess) bool { return a.ApplicationID == id })
			if len(r.Access) != n {
				if err := roles.Put(tx, tenant, r.ID, r); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

func (h *Handler) getApplicationScopes(c *gin.Context) error {
	a, err := h.withApp(c, false, noChange)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, obj("scopes", a.Scopes))
	return nil
}

// putApplicationScopes replaces the scopes the application defines.
func (h *Handler) putApplicationScopes(c *gin.Context) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	in := decodeMap[struct {
		Scopes []string `json:"scopes"`
	}](body)
	a, err := h.withApp(c, true, func(_ *store.Tx, a *application) error {
		a.Scopes = []string{}
		for _, s := range in.Scopes {
			if !slices.Contains(a.Scopes, s) {
				a.Scopes = append(a.Scopes, s)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, obj("scopes", a.Scopes))
	return nil
}

func (h *Handler) getApplicationRoles(c *gin.Context) error {
	var refs []any
	_, err := h.withApp(c, false, func(tx *store.Tx, a *application) error {
		var err error
		refs, err = roleRefs(tx, tenantOf(c), a.Roles)
		return err
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, obj("roles", refs))
	return nil
}

// putApplicationRoles replaces the roles the application holds in the client
// credentials flow; every role must exist.
func (h *Handler) putApplicationRoles(c *gin.Context) error {
	ids, err := h.readRoleIDs(c)
	if err != nil {
		return err
	}
	var refs []any
	_, err = h.withApp(c, true, func(tx *store.Tx, a *application) error {
		var err error
		if refs, err = roleRefs(tx, tenantOf(c), ids); err != nil {
			return err
		}
		a.Roles = ids
		return nil
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, obj("roles", refs))
	return nil
}
