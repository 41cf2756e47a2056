package akamai

import (
	_ "embed"
	"fmt"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
)

//go:embed openapi.yaml
var contractYAML []byte

// ContractDocument is the provider's OpenAPI document (YAML), for the suite and tools.
func ContractDocument() []byte { return contractYAML }

// Handler is the Capture host emulator.
type Handler struct {
	deps     platform.Deps
	contract *contract.Contract
	specs    map[string]*opSpec // by operationId
	types    *typeCache
}

// New builds the provider and indexes each operation's form schema and auth policy.
func New(deps platform.Deps) (*Handler, error) {
	c, err := contract.Load("akamai", contractYAML)
	if err != nil {
		return nil, err
	}
	h := &Handler{deps: deps, contract: c, specs: map[string]*opSpec{}, types: &typeCache{byKey: map[string]cachedType{}}}
	for _, op := range c.Operations() {
		pol, ok := policies[op.ID]
		if !ok {
			return nil, fmt.Errorf("akamai: operation %s has no auth policy", op.ID)
		}
		h.specs[op.ID] = &opSpec{
			id: op.ID, path: op.Path, policy: pol, form: formSchema(op, c.Document()),
			bodyOnly: strings.HasPrefix(op.Path, "/oauth/"),
		}
	}
	return h, nil
}

// formSchema is the operation's form-encoded request schema.
func formSchema(op *contract.Operation, doc *openapi3.T) *openapi3.Schema {
	item := doc.Paths.Value(op.Path)
	o := item.GetOperation(op.Method)
	if o == nil || o.RequestBody == nil || o.RequestBody.Value == nil {
		return &openapi3.Schema{}
	}
	mt := o.RequestBody.Value.Content.Get("application/x-www-form-urlencoded")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return &openapi3.Schema{}
	}
	return mt.Schema.Value
}

// Name implements platform.Provider.
func (h *Handler) Name() string { return "akamai" }

// Contract implements platform.Provider.
func (h *Handler) Contract() ([]byte, error) { return h.contract.JSON() }

// Mount registers every operation of the contract. Capture validates its own parameters
// (and answers HTTP 200 with a numeric code), so contract validation runs inside the
// provider's pipeline, on the merged query and form parameters, after authentication.
// Older Capture documentation reads the read-style operations with GET and a query
// string; every operation outside /oauth/ (which takes body parameters only) answers GET
// the same way as POST.
func (h *Handler) Mount(r *gin.Engine) error {
	r.HandleMethodNotAllowed = true
	unknown := func(c *gin.Context) {
		h.render(c, fail(codeInvalidAPIMethod, "This API endpoint does not exist").withStatus(http.StatusNotFound))
	}
	r.NoRoute(unknown)
	r.NoMethod(unknown)
	var skip []string
	for _, op := range h.contract.Operations() {
		skip = append(skip, op.ID)
	}
	handlers := h.handlers()
	err := h.contract.Mount(r, handlers, contract.MountOptions{
		SkipValidation: skip,
		Before:         func(op *contract.Operation) []gin.HandlerFunc { return []gin.HandlerFunc{h.prepare(h.specs[op.ID])} },
	})
	if err != nil {
		return err
	}
	for _, op := range h.contract.Operations() {
		if !h.specs[op.ID].bodyOnly {
			r.GET(op.GinPath, h.prepare(h.specs[op.ID]), handlers[op.ID])
		}
	}
	return nil
}

// handlers maps every operationId of the contract to its handler: the provider's
// table of contents.
func (h *Handler) handlers() contract.Handlers {
	return contract.Handlers{
		// Entity API
		"getEntity":          h.op(h.getEntity),
		"findEntities":       h.op(h.findEntities),
		"countEntities":      h.op(h.countEntities),
		"createEntity":       h.op(h.createEntity),
		"bulkCreateEntities": h.op(h.bulkCreateEntities),
		"updateEntity":       h.op(h.updateEntity),
		"replaceEntity":      h.op(h.replaceEntity),
		"deleteEntity":       h.op(h.deleteEntity),
		"deleteEntityAccess": h.op(h.deleteEntityAccess),
		// EntityType API
		"listEntityTypes":                   h.op(h.listEntityTypes),
		"getEntityType":                     h.op(h.getEntityType),
		"createEntityType":                  h.op(h.createEntityType),
		"addEntityTypeAttribute":            h.op(h.addEntityTypeAttribute),
		"removeEntityTypeAttribute":         h.op(h.removeEntityTypeAttribute),
		"listEntityTypeRules":               h.op(h.listEntityTypeRules),
		"addEntityTypeRule":                 h.op(h.addEntityTypeRule),
		"removeEntityTypeRule":              h.op(h.removeEntityTypeRule),
		"setEntityTypeAttributeConstraints": h.op(h.setEntityTypeAttributeConstraints),
		"setEntityTypePasswordSettings":     h.op(h.setEntityTypePasswordSettings),
		"getEntityTypeAccessSchema":         h.op(h.getEntityTypeAccessSchema),
		"setEntityTypeAccessSchema":         h.op(h.setEntityTypeAccessSchema),
		"deleteEntityTypeAccessSchema":      h.op(h.deleteEntityTypeAccessSchema),
		// Access tokens and codes
		"getAuthorizationCode": h.op(h.getAuthorizationCode),
		"getAccessToken":       h.op(h.getAccessToken),
		"getVerificationCode":  h.op(h.getVerificationCode),
		"useVerificationCode":  h.op(h.useVerificationCode),
		"getCreationToken":     h.op(h.getCreationToken),
		// OAuth native login, registration and profiles
		"authNativeTraditional":     h.op(h.authNativeTraditional),
		"registerNativeTraditional": h.op(h.registerNativeTraditional),
		"authNative":                h.op(h.authNative),
		"registerNative":            h.op(h.registerNative),
		"exchangeToken":             h.op(h.exchangeToken),
		"updateProfileNative":       h.op(h.updateProfileNative),
		"forgotPasswordNative":      h.op(h.forgotPasswordNative),
		"verifyEmailNative":         h.op(h.verifyEmailNative),
		"linkAccountNative":         h.op(h.linkAccountNative),
		"unlinkAccountNative":       h.op(h.unlinkAccountNative),
		// Legacy clients
		"listClients":          h.op(h.listClients),
		"addClient":            h.op(h.addClient),
		"deleteClient":         h.op(h.deleteClient),
		"setClientFeatures":    h.op(h.setClientFeatures),
		"setClientDescription": h.op(h.setClientDescription),
		"resetClientSecret":    h.op(h.resetClientSecret),
		"setClientWhitelist":   h.op(h.setClientWhitelist),
		"clearClientWhitelist": h.op(h.clearClientWhitelist),
		// Legacy settings
		"getSetting":              h.op(h.getSetting),
		"getDefaultSetting":       h.op(h.getDefaultSetting),
		"getSettings":             h.op(h.getSettings),
		"getSettingItems":         h.op(h.getSettingItems),
		"getSettingKeys":          h.op(h.getSettingKeys),
		"setSetting":              h.op(h.setSetting),
		"setSettings":             h.op(h.setSettings),
		"setDefaultSetting":       h.op(h.setDefaultSetting),
		"setDefaultSettings":      h.op(h.setDefaultSettings),
		"deleteSetting":           h.op(h.deleteSetting),
		"deleteDefaultSetting":    h.op(h.deleteDefaultSetting),
		"getPublishedSettings":    h.op(h.getPublishedSettings),
		"listPublishedSettings":   h.op(h.listPublishedSettings),
		"publishSettings":         h.op(h.publishSettings),
		"deletePublishedSettings": h.op(h.deletePublishedSettings),
	}
}
