package logto

import (
	_ "embed"
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/oauth"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/token"
)

//go:embed ledger.txt
var ledgerText string

// Ledger lists the documented operations without a handler yet (ledger.txt).
func Ledger() []string {
	var out []string
	for _, line := range strings.Split(ledgerText, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// Handler is the Logto emulator.
type Handler struct {
	deps    platform.Deps
	tokens  *oauth.Service
	idx     *index
	schemas *schemas
	routes  *contract.Contract
	ledger  map[string]bool
}

// New builds the provider. Logto signs with an EC key (ES384). Only the route table is
// read here; each group's schemas load on its first request (see contract.go).
func New(deps platform.Deps) (*Handler, error) {
	idx, sch, err := loadContract()
	if err != nil {
		return nil, err
	}
	routes, err := contract.Load("logto", idx.routes)
	if err != nil {
		return nil, err
	}
	ledger := map[string]bool{}
	for _, id := range Ledger() {
		ledger[id] = true
	}
	return &Handler{deps: deps, tokens: oauth.New(token.ES384), idx: idx, schemas: sch, routes: routes, ledger: ledger}, nil
}

// Name implements platform.Provider.
func (h *Handler) Name() string { return "logto" }

// Contract implements platform.Provider: the derived contract, as embedded.
func (h *Handler) Contract() ([]byte, error) { return contractJSON, nil }

// Mount registers every operation of the contract. Validation runs in the provider
// (validate.go), after authentication, against the operation's group schemas.
func (h *Handler) Mount(r *gin.Engine) error {
	r.HandleMethodNotAllowed = true
	// Koa answers an unknown route with a plain-text 404, and a known path with the
	// wrong method with 405 and Allow.
	r.NoRoute(func(c *gin.Context) {
		h.render(c, &apiError{Status: http.StatusNotFound, text: "Not Found"})
	})
	r.NoMethod(func(c *gin.Context) {
		h.render(c, &apiError{Status: http.StatusMethodNotAllowed, text: "Method Not Allowed",
			Header: map[string]string{"Allow": strings.Join(h.allowed(c.Request.URL.Path), ", ")}})
	})
	return h.routes.Mount(r, h.handlers(), contract.MountOptions{
		Ledger:         Ledger(),
		NotImplemented: h.notImplemented,
		SkipValidation: h.idx.sortedOps(),
		Before:         h.before,
	})
}

// before authenticates Management API operations, then validates the request, as
// Logto's koaAuth runs ahead of each route's koaGuard. The token endpoint validates
// its own form so that every failure is OAuth-shaped; ledger operations answer 501
// without either.
func (h *Handler) before(op *contract.Operation) []gin.HandlerFunc {
	meta := h.idx.ops[op.ID]
	if h.ledger[op.ID] {
		return nil
	}
	var chain []gin.HandlerFunc
	if meta.Secured {
		chain = append(chain, h.authenticate)
	}
	if op.ID != "OidcToken" {
		chain = append(chain, h.validate(op, meta))
	}
	return chain
}

// notImplemented answers an operation idemu does not emulate yet, in Logto's body.
func (h *Handler) notImplemented(c *gin.Context) {
	op := contract.OperationOf(c)
	id := ""
	if op != nil {
		id = op.ID
	}
	e := &apiError{Status: http.StatusNotImplemented, Code: "idemu.not_implemented",
		Message: "idemu does not emulate this Logto operation yet.", Data: gin.H{"operationId": id}}
	h.render(c, e)
}

// allowed lists the methods the contract documents for a concrete path.
func (h *Handler) allowed(path string) []string {
	var out []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if _, _, ok := h.routes.Match(m, path); ok {
			out = append(out, m)
		}
	}
	sort.Strings(out)
	return out
}

// handlers maps every implemented operationId to its handler: the provider's table of
// contents. The rest are in ledger.txt.
func (h *Handler) handlers() contract.Handlers {
	return contract.Handlers{
		// OIDC provider
		"OidcToken":     h.handle(h.token),
		"OidcJwks":      h.handle(h.jwks),
		"OidcDiscovery": h.handle(h.discovery),
		// Status and the API document
		"GetStatus":      h.handle(func(c *gin.Context) error { return noContent(c) }),
		"GetSwaggerJson": h.handle(h.swagger),
		// Users
		"ListUsers":                     h.handle(h.listUsers),
		"CreateUser":                    h.handle(h.createUser),
		"GetUser":                       h.handle(h.getUser),
		"UpdateUser":                    h.handle(h.updateUser),
		"DeleteUser":                    h.handle(h.deleteUser),
		"ListUserCustomData":            h.handle(h.getUserCustomData),
		"UpdateUserCustomData":          h.handle(h.updateUserCustomData),
		"UpdateUserProfile":             h.handle(h.updateUserProfile),
		"ListUserLogtoConfigs":          h.handle(h.getUserLogtoConfigs),
		"UpdateUserLogtoConfigs":        h.handle(h.updateUserLogtoConfigs),
		"UpdateUserPassword":            h.handle(h.updateUserPassword),
		"VerifyUserPassword":            h.handle(h.verifyUserPassword),
		"GetUserHasPassword":            h.handle(h.userHasPassword),
		"UpdateUserIsSuspended":         h.handle(h.updateUserIsSuspended),
		"ListUserRoles":                 h.handle(h.listUserRoles),
		"AssignUserRoles":               h.handle(h.assignUserRoles),
		"ReplaceUserRoles":              h.handle(h.replaceUserRoles),
		"DeleteUserRole":                h.handle(h.deleteUserRole),
		"GetUserIdentity":               h.handle(h.getUserIdentity),
		"ReplaceUserIdentity":           h.handle(h.replaceUserIdentity),
		"DeleteUserIdentity":            h.handle(h.deleteUserIdentity),
		"CreateUserIdentity":            h.handle(h.createUserIdentity),
		"ListUserAllIdentities":         h.handle(h.listUserAllIdentities),
		"GetUserSsoIdentity":            h.handle(h.getUserSsoIdentity),
		"ListUserOrganizations":         h.handle(h.listUserOrganizations),
		"ListUserMfaVerifications":      h.handle(h.listUserMfaVerifications),
		"CreateUserMfaVerification":     h.handle(h.createUserMfaVerification),
		"DeleteUserMfaVerification":     h.handle(h.deleteUserMfaVerification),
		"ListUserPersonalAccessTokens":  h.handle(h.listPersonalAccessTokens),
		"CreateUserPersonalAccessToken": h.handle(h.createPersonalAccessToken),
		"UpdateUserPersonalAccessToken": h.handle(h.renamePersonalAccessTokenByPath),
		"UpdatePersonalAccessTokenName": h.handle(h.renamePersonalAccessTokenByBody),
		"DeleteUserPersonalAccessToken": h.handle(h.deletePersonalAccessTokenByPath),
		"DeletePersonalAccessTokenPost": h.handle(h.deletePersonalAccessTokenByBody),
		"ListUserSessions":              h.handle(h.listUserSessions),
		"GetUserSession":                h.handle(h.getUserSession),
		"DeleteUserSession":             h.handle(h.deleteUserSession),
		"ListUserGrants":                h.handle(h.listUserGrants),
		"DeleteUserGrant":               h.handle(h.deleteUserGrant),
		// Roles
		"ListRoles":             h.handle(h.listRoles),
		"CreateRole":            h.handle(h.createRole),
		"GetRole":               h.handle(h.getRole),
		"UpdateRole":            h.handle(h.updateRole),
		"DeleteRole":            h.handle(h.deleteRole),
		"ListRoleUsers":         h.handle(h.listRoleUsers),
		"CreateRoleUser":        h.handle(h.assignRoleUsers),
		"DeleteRoleUser":        h.handle(h.deleteRoleUser),
		"ListRoleApplications":  h.handle(h.listRoleApplications),
		"CreateRoleApplication": h.handle(h.assignRoleApplications),
		"DeleteRoleApplication": h.handle(h.deleteRoleApplication),
		"ListRoleScopes":        h.handle(h.listRoleScopes),
		"CreateRoleScope":       h.handle(h.assignRoleScopes),
		"DeleteRoleScope":       h.handle(h.deleteRoleScope),
		// Resources and their scopes
		"ListResources":           h.handle(h.listResources),
		"CreateResource":          h.handle(h.createResource),
		"GetResource":             h.handle(h.getResource),
		"UpdateResource":          h.handle(h.updateResource),
		"DeleteResource":          h.handle(h.deleteResource),
		"UpdateResourceIsDefault": h.handle(h.updateResourceIsDefault),
		"ListResourceScopes":      h.handle(h.listResourceScopes),
		"CreateResourceScope":     h.handle(h.createResourceScope),
		"UpdateResourceScope":     h.handle(h.updateResourceScope),
		"DeleteResourceScope":     h.handle(h.deleteResourceScope),
		// Applications
		"ListApplications":                                  h.handle(h.listApplications),
		"CreateApplication":                                 h.handle(h.createApplication),
		"GetApplication":                                    h.handle(h.getApplication),
		"UpdateApplication":                                 h.handle(h.updateApplication),
		"DeleteApplication":                                 h.handle(h.deleteApplication),
		"UpdateApplicationCustomData":                       h.handle(h.updateApplicationCustomData),
		"ListApplicationSecrets":                            h.handle(h.listApplicationSecrets),
		"CreateApplicationSecret":                           h.handle(h.createApplicationSecret),
		"UpdateApplicationSecret":                           h.handle(h.updateApplicationSecret),
		"DeleteApplicationSecret":                           h.handle(h.deleteApplicationSecret),
		"DeleteApplicationLegacySecret":                     h.handle(h.deleteApplicationLegacySecret),
		"ListApplicationRoles":                              h.handle(h.listApplicationRoles),
		"AssignApplicationRoles":                            h.handle(h.assignApplicationRoles),
		"ReplaceApplicationRoles":                           h.handle(h.replaceApplicationRoles),
		"DeleteApplicationRole":                             h.handle(h.deleteApplicationRole),
		"ListApplicationUserConsentScopes":                  h.handle(h.listConsentScopes),
		"CreateApplicationUserConsentScope":                 h.handle(h.addConsentScopes),
		"DeleteApplicationUserConsentScope":                 h.handle(h.deleteConsentScope),
		"GetApplicationSignInExperience":                    h.handle(h.getApplicationSignInExperience),
		"ReplaceApplicationSignInExperience":                h.handle(h.replaceApplicationSignInExperience),
		"ListApplicationProtectedAppMetadataCustomDomains":  h.handle(h.listCustomDomains),
		"CreateApplicationProtectedAppMetadataCustomDomain": h.handle(h.addCustomDomain),
		"DeleteApplicationProtectedAppMetadataCustomDomain": h.handle(h.deleteCustomDomain),
		"ListApplicationOrganizations":                      h.handle(h.listApplicationOrganizations),
		"ListApplicationUserConsentOrganizations":           h.handle(h.listConsentOrganizations),
		"ReplaceApplicationUserConsentOrganizations":        h.handle(h.replaceConsentOrganizations),
		"CreateApplicationUserConsentOrganization":          h.handle(h.addConsentOrganizations),
		"DeleteApplicationUserConsentOrganization":          h.handle(h.deleteConsentOrganization),
	}
}

// swagger serves the API document, as Logto serves its own at /api/swagger.json.
func (h *Handler) swagger(c *gin.Context) error {
	c.Data(http.StatusOK, "application/json; charset=utf-8", contractJSON)
	return nil
}
