package onegini

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
)

//go:embed openapi.yaml
var contractYAML []byte

// ContractDocument is the provider's OpenAPI document (YAML), for the suite and tools.
func ContractDocument() []byte { return contractYAML }

// Handler is the Onegini CIM Configuration API emulator.
type Handler struct {
	deps     platform.Deps
	contract *contract.Contract
	schemas  *schemas
}

// New builds the provider.
func New(deps platform.Deps) (*Handler, error) {
	c, err := contract.Load("onegini", contractYAML)
	if err != nil {
		return nil, err
	}
	s, err := newSchemas(c)
	if err != nil {
		return nil, err
	}
	return &Handler{deps: deps, contract: c, schemas: s}, nil
}

// Name implements platform.Provider.
func (h *Handler) Name() string { return "onegini" }

// Contract implements platform.Provider.
func (h *Handler) Contract() ([]byte, error) { return h.contract.JSON() }

// Mount registers every operation of the contract. Unknown paths are 404 and known
// paths with another method 405 (with Allow), all with empty bodies.
func (h *Handler) Mount(r *gin.Engine) error {
	r.HandleMethodNotAllowed = true
	r.NoRoute(func(c *gin.Context) { h.render(c, notFound("no such path")) })
	r.NoMethod(func(c *gin.Context) { h.render(c, fail(http.StatusMethodNotAllowed, "unsupported method")) })
	return h.contract.Mount(r, h.handlers(), contract.MountOptions{
		Before: h.before,
		Invalid: func(c *gin.Context, _ *contract.Operation, vs []contract.Violation) {
			h.render(c, violation(vs))
		},
	})
}

// handlers maps every operationId of the contract to its handler: the provider's
// table of contents.
func (h *Handler) handlers() contract.Handlers {
	return contract.Handlers{
		// v1: a read-only view derived from the v2 units
		"getConfiguration":     h.handle(h.getConfiguration),
		"reloadExtension":      h.handle(h.reloadExtension),
		"getIdentityProviders": h.handle(h.getIdentityProviders),
		// v2: whole configuration
		"getCIMConfiguration":    h.handle(h.getCIMConfiguration),
		"updateCIMConfiguration": h.handle(h.updateCIMConfiguration),
		// v2: units
		"getAttributes":     h.handle(h.getUnit(unitAttributes)),
		"updateAttributes":  h.handle(h.mergeUnit(unitAttributes)),
		"getFeatures":       h.handle(h.getUnit(unitFeatures)),
		"updateFeatures":    h.handle(h.mergeUnit(unitFeatures)),
		"getLoginMethods":   h.handle(h.getUnit(unitLoginMethods)),
		"getStepUp":         h.handle(h.getUnit(unitStepUp)),
		"updateStepUp":      h.handle(h.mergeUnit(unitStepUp)),
		"getUIExtension":    h.handle(h.getUnit(unitUIExtension)),
		"updateUIExtension": h.handle(h.mergeUnit(unitUIExtension)),
		// v2: custom messages
		"getCustomMessages":          h.handle(h.getUnit(unitCustomMessages)),
		"updateCustomMessages":       h.handle(h.replaceCustomMessages),
		"updateLocaleCustomMessages": h.handle(h.updateLocaleCustomMessages),
		"deleteCustomMessage":        h.handle(h.deleteCustomMessage),
		// v2: action-token redirect whitelist
		"getWhitelistedUrls":   h.handle(h.getWhitelistedUrls),
		"addWhitelistedUrl":    h.handle(h.addWhitelistedUrl),
		"deleteWhitelistedUrl": h.handle(h.deleteWhitelistedUrl),
	}
}

// before runs ahead of validation: the caller learns that its credentials or the API
// switch refuse it before any detail of its request. A JSON body is then reduced to
// what the schema declares, as the real service's JSON binding ignores the rest.
func (h *Handler) before(op *contract.Operation) []gin.HandlerFunc {
	chain := []gin.HandlerFunc{}
	if op.ID == "getConfiguration" {
		chain = append(chain, splitFieldsParameter)
	}
	chain = append(chain, h.admit(op))
	if s := h.schemas.requestBody(op); s != nil {
		chain = append(chain, h.jsonBody(s))
	}
	return chain
}

// violation maps contract violations to this API's bare 400 (a body in another media
// type was answered 415 before validation, see jsonBody).
func violation(vs []contract.Violation) *apiError {
	reason := "invalid request"
	if len(vs) > 0 {
		reason = vs[0].Field() + ": " + vs[0].Message
	}
	return badRequest(reason)
}
