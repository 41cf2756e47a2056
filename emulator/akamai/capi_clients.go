package akamai

import (
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/store"
)

// Configuration API operations that more than owner clients may call: reading entity
// types (any client that reads records), and working with flows (owner and
// direct_access, as Akamai's permission tables give for fields).
var (
	configReaders  = []string{featureOwner, featureDirectAccess, featureDirectReadAccess}
	configFlowOps  = []string{featureOwner, featureDirectAccess}
	configPolicies = map[string][]string{
		"capiListEntityTypes": configReaders, "capiGetEntityType": configReaders,
		"capiListAttributes": configReaders, "capiGetAttribute": configReaders,
	}
)

func init() {
	// Every flow operation: the contract's Configuration API outside clients, settings and
	// entity types.
	for _, id := range []string{"listFlows", "getFlow", "updateFlow", "copyFlow", "promoteFlow", "listFlowVersions",
		"getFlowVersion", "restoreFlowVersion", "listFlowFields", "createFlowField", "getFlowField", "updateFlowField",
		"deleteFlowField", "listFlowForms", "createFlowForm", "getFlowForm", "updateFlowForm", "deleteFlowForm",
		"listMailTemplates", "getMailTemplate", "updateMailTemplate", "getMailTemplateBody", "updateMailTemplateBody",
		"getMailTemplateSubject", "updateMailTemplateSubject", "listHostedLoginUpgrades", "getHostedLoginUpgrade",
		"applyHostedLoginUpgrade", "listHostedLoginLinks", "createHostedLoginLink", "getHostedLoginLink",
		"updateHostedLoginLink", "deleteHostedLoginLink", "listTwoFactorMessages", "addDefaultTwoFactorMessages",
		"getTwoFactorMessage", "updateTwoFactorMessage", "getFlowLocale", "listLocalizedFields", "createLocalizedField",
		"getLocalizedField", "updateLocalizedField", "listFlowStrings", "createFlowString", "getFlowString",
		"updateFlowString", "deleteFlowString", "listLocalizedStrings", "createLocalizedString", "getLocalizedString",
		"updateLocalizedString", "deleteLocalizedString", "listScreens", "createScreen", "getScreen", "updateScreen",
		"deleteScreen", "listTranslations", "createTranslation", "updateTranslation", "getTranslation", "deleteTranslation"} {
		configPolicies[id] = configFlowOps
	}
}

// --- API clients ---------------------------------------------------------------------

// capiView is an API client as the Configuration API shows it.
func (cl client) capiView(app string) gin.H {
	self := "/config/" + app + "/clients/" + cl.ID
	return gin.H{"_self": self, "_id": cl.ID, "_secret": cl.Secret, "_settings": self + "/settings", "name": cl.Description,
		"features": nonNil(cl.Features), "ipWhitelist": nonNil(cl.Whitelist)}
}

type capiClientInput struct {
	Name        *string   `json:"name"`
	Features    *[]string `json:"features"`
	IPWhitelist *[]string `json:"ipWhitelist"`
}

// apply sets the properties the input gives; an allowlist entry must be an address or a
// CIDR range.
func (in capiClientInput) apply(cl *client) error {
	if in.Name != nil {
		cl.Description = *in.Name
	}
	if in.Features != nil {
		f := slices.Clone(*in.Features)
		slices.Sort(f)
		cl.Features = nonNil(slices.Compact(f))
	}
	if in.IPWhitelist != nil {
		for _, entry := range *in.IPWhitelist {
			if _, err := parseAllowed(entry); err != nil {
				return badRequest("Invalid request: ipWhitelist: " + entry + " is not an IP address or CIDR range")
			}
		}
		cl.Whitelist = nonNil(slices.Clone(*in.IPWhitelist))
	}
	return nil
}

func capiClient(tx *store.Tx, app, id string) (client, error) {
	cl, err := clients.Get(tx, app, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return client{}, configErr(http.StatusNotFound, "Client not found.")
	}
	return cl, err
}

func (h *Handler) capiListClients(_ *gin.Context, x *call) (int, any, error) {
	out := []gin.H{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		return clients.Each(tx, x.app, func(_ string, cl client) bool {
			out = append(out, cl.capiView(x.app))
			return true
		})
	})
	return http.StatusOK, out, err
}

func (h *Handler) capiCreateClient(c *gin.Context, x *call) (int, any, error) {
	var in capiClientInput
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	if in.Name == nil {
		return 0, nil, badRequest("Invalid request: name is required")
	}
	var cl client
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		cl = client{ID: lowerAlnum(32), Secret: lowerAlnum(32), Features: []string{}, Whitelist: defaultWhitelist, Created: tx.Now()}
		if err := in.apply(&cl); err != nil {
			return err
		}
		return clients.Insert(tx, x.app, cl.ID, cl)
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, cl.capiView(x.app), nil
}

func (h *Handler) capiGetClient(c *gin.Context, x *call) (int, any, error) {
	var cl client
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		cl, err = capiClient(tx, x.app, contract.Param(c, "client_id"))
		return err
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, cl.capiView(x.app), nil
}

// changeClient applies fn to the path's client.
func (h *Handler) changeClient(c *gin.Context, x *call, fn func(cl *client, now time.Time) error) (client, error) {
	var cl client
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		var err error
		if cl, err = capiClient(tx, x.app, contract.Param(c, "client_id")); err != nil {
			return err
		}
		if err := fn(&cl, tx.Now()); err != nil {
			return err
		}
		return clients.Put(tx, x.app, cl.ID, cl)
	})
	return cl, err
}

func (h *Handler) capiUpdateClient(c *gin.Context, x *call) (int, any, error) {
	var in capiClientInput
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	cl, err := h.changeClient(c, x, func(cl *client, _ time.Time) error { return in.apply(cl) })
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, cl.capiView(x.app), nil
}

// capiDeleteClient refuses owner clients, as documented.
func (h *Handler) capiDeleteClient(c *gin.Context, x *call) (int, any, error) {
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		cl, err := capiClient(tx, x.app, contract.Param(c, "client_id"))
		if err != nil {
			return err
		}
		if cl.has(featureOwner) {
			return badRequest("An API client with the owner feature cannot be deleted.")
		}
		return clients.Delete(tx, x.app, cl.ID)
	})
	return http.StatusNoContent, nil, err
}

// capiResetClientSecret gives the client a new secret; with hours_to_live the old one
// keeps working that long, as with /clients/reset_secret.
func (h *Handler) capiResetClientSecret(c *gin.Context, x *call) (int, any, error) {
	var in struct {
		HoursToLive int `json:"hours_to_live"`
	}
	if err := optionalJSONBody(c, &in); err != nil {
		return 0, nil, err
	}
	cl, err := h.changeClient(c, x, func(cl *client, now time.Time) error {
		cl.OldSecret, cl.OldSecretExpires = "", time.Time{}
		if in.HoursToLive > 0 {
			cl.OldSecret, cl.OldSecretExpires = cl.Secret, now.Add(time.Duration(in.HoursToLive)*time.Hour)
		}
		cl.Secret = lowerAlnum(32)
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, cl.capiView(x.app), nil
}

// --- entity types --------------------------------------------------------------------

func (h *Handler) capiEntityType(tx *store.Tx, app, name string) (*entityType, error) {
	et, err := h.loadType(tx, app, name)
	var ae *apiError
	if errors.As(err, &ae) {
		return nil, configErr(http.StatusNotFound, "Entity type not found.")
	}
	return et, err
}

// attributeView is an attribute as the Configuration API shows it, with its children.
func attributeView(base, path string, d *attrDef) gin.H {
	out := gin.H{"_self": base + "/attributes/" + path, "name": d.Name, "type": d.Type, "length": d.Length,
		"description": d.Description, "constraints": nonNil(d.Constraints), "features": nonNil(d.Features)}
	if d.Type == typeString {
		out["case-sensitive"] = d.caseSensitive()
	}
	if d.container() {
		children := []gin.H{}
		for _, child := range d.AttrDefs {
			children = append(children, attributeView(base, path+"."+child.Name, child))
		}
		out["attributes"] = children
	}
	return out
}

func typeAttributes(base string, et *entityType) []gin.H {
	out := []gin.H{}
	for _, name := range reservedAttributes {
		out = append(out, attributeView(base, name, systemDef(name)))
	}
	for _, d := range et.AttrDefs {
		out = append(out, attributeView(base, d.Name, d))
	}
	return out
}

func (h *Handler) capiListEntityTypes(_ *gin.Context, x *call) (int, any, error) {
	out := []gin.H{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		return entityTypes.Each(tx, x.app, func(name string, _ entityType) bool {
			out = append(out, gin.H{"_self": "/config/" + x.app + "/entityTypes/" + name, "name": name})
			return true
		})
	})
	return http.StatusOK, out, err
}

func (h *Handler) capiGetEntityType(c *gin.Context, x *call) (int, any, error) {
	var out gin.H
	err := h.deps.Store.View(func(tx *store.Tx) error {
		et, err := h.capiEntityType(tx, x.app, contract.Param(c, "entity_type"))
		if err != nil {
			return err
		}
		base := "/config/" + x.app + "/entityTypes/" + et.Name
		out = gin.H{"_self": base, "name": et.Name, "attributes": typeAttributes(base, et)}
		return nil
	})
	return http.StatusOK, out, err
}

func (h *Handler) capiListAttributes(c *gin.Context, x *call) (int, any, error) {
	var out []gin.H
	err := h.deps.Store.View(func(tx *store.Tx) error {
		et, err := h.capiEntityType(tx, x.app, contract.Param(c, "entity_type"))
		if err != nil {
			return err
		}
		out = typeAttributes("/config/"+x.app+"/entityTypes/"+et.Name, et)
		return nil
	})
	return http.StatusOK, out, err
}

// capiGetAttribute takes a dot path for attributes inside objects and plurals.
func (h *Handler) capiGetAttribute(c *gin.Context, x *call) (int, any, error) {
	var out gin.H
	err := h.deps.Store.View(func(tx *store.Tx) error {
		et, err := h.capiEntityType(tx, x.app, contract.Param(c, "entity_type"))
		if err != nil {
			return err
		}
		path := contract.Param(c, "attribute_name")
		p, d, err := et.resolveString(path)
		if err != nil {
			return configErr(http.StatusNotFound, "Attribute not found.")
		}
		out = attributeView("/config/"+x.app+"/entityTypes/"+et.Name, p.schemaPath(), d)
		return nil
	})
	return http.StatusOK, out, err
}
