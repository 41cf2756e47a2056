package identityv1

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/oauth"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/token"
)

//go:embed openapi.yaml
var contractYAML []byte

// ContractDocument is the provider's OpenAPI document (YAML), for the suite and tools.
func ContractDocument() []byte { return contractYAML }

// Handler is the Identity API v1 emulator.
type Handler struct {
	deps     platform.Deps
	tokens   *oauth.Service
	contract *contract.Contract
}

// New builds the provider. ASEE's Authentication API signs RS256.
func New(deps platform.Deps) (*Handler, error) {
	c, err := contract.Load("identityv1", contractYAML)
	if err != nil {
		return nil, err
	}
	return &Handler{deps: deps, tokens: oauth.New(token.RS256), contract: c}, nil
}

// Name implements platform.Provider.
func (h *Handler) Name() string { return "identityv1" }

// Contract implements platform.Provider.
func (h *Handler) Contract() ([]byte, error) { return h.contract.JSON() }

// Mount registers every operation of the contract, each validated before its handler.
func (h *Handler) Mount(r *gin.Engine) error {
	r.HandleMethodNotAllowed = true
	r.NoRoute(func(c *gin.Context) { h.render(c, notFound("no such resource")) })
	r.NoMethod(func(c *gin.Context) {
		h.render(c, httpProblem(http.StatusMethodNotAllowed, "method-not-allowed", "the method is not allowed on this resource"))
	})
	return h.contract.Mount(r, h.handlers(), contract.MountOptions{
		Before: h.before,
		Invalid: func(c *gin.Context, op *contract.Operation, vs []contract.Violation) {
			if op.HasTag("authentication") {
				h.render(c, oauthViolation(vs))
				return
			}
			h.render(c, validationProblem(vs))
		},
	})
}

// handlers maps every operationId of the contract to its handler: the provider's
// table of contents.
func (h *Handler) handlers() contract.Handlers {
	return contract.Handlers{
		// Users
		"registerUser":           h.handle(h.registerUser),
		"findUser":               h.handle(h.findUser),
		"getUser":                h.handle(h.getUser),
		"checkUsernameAvailable": h.handle(h.checkUsernameAvailable),
		"getMe":                  h.handle(h.getMe),
		// Contact points of the authenticated user
		"registerEmail":       h.handle(h.registerEmail),
		"confirmEmail":        h.handle(h.confirmEmail),
		"registerPhoneNumber": h.handle(h.registerPhoneNumber),
		"confirmPhoneNumber":  h.handle(h.confirmPhoneNumber),
		// Credentials
		"changePassword":          h.handle(h.changePassword),
		"changeUsername":          h.handle(h.changeUsername),
		"resetPassword":           h.handle(h.resetPassword),
		"recoverUsername":         h.handle(h.recoverUsername),
		"setHintPicture":          h.handle(h.setHintPicture),
		"setProfilePicture":       h.handle(h.setProfilePicture),
		"getSecurityQuestions":    h.handle(h.getSecurityQuestions),
		"setSecurityAnswers":      h.handle(h.setSecurityAnswers),
		"validateSecurityAnswers": h.handle(h.validateSecurityAnswers),
		"addLinkedLogin":          h.handle(h.addLinkedLogin),
		"removeLinkedLogin":       h.handle(h.removeLinkedLogin),
		// Policy
		"getPasswordRequirements": h.handle(h.getPasswordRequirements),
		// Authentication API (OIDC)
		"getOpenIDConfiguration": h.handle(h.discovery),
		"getJwks":                h.handle(h.jwks),
		"requestToken":           h.handle(h.requestToken),
		"getUserInfo":            h.handle(h.userInfo),
		"revokeToken":            h.handle(h.revokeToken),
		"introspectToken":        h.handle(h.introspectToken),
	}
}

// before authenticates Identity API operations ahead of validation. The OIDC
// endpoints authenticate their clients themselves.
func (h *Handler) before(op *contract.Operation) []gin.HandlerFunc {
	if !op.HasTag("identity") {
		return nil
	}
	return []gin.HandlerFunc{h.authenticate(isMeOperation(op))}
}
