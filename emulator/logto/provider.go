package logto

import (
	_ "embed"
	"net/http"
	"sort"
	"strings"
	"sync"

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
	// deliveries counts webhook deliveries under way (tests wait for them).
	deliveries sync.WaitGroup
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
	switch {
	case meta.Group == "My account":
		// The Account API takes a user's opaque token and needs the account center on.
		chain = append(chain, h.authenticateUser, h.requireAccountCenter)
	case meta.Group == "Verifications":
		chain = append(chain, h.authenticateUser)
	case meta.Secured:
		chain = append(chain, h.authenticate)
	}
	// The token endpoint answers OAuth errors itself; uploads are guarded by their
	// handlers, as Logto guards files rather than a body.
	if op.ID != "OidcToken" && !meta.Multipart {
		chain = append(chain, h.validate(op, meta))
	}
	if event, ok := dataHookEvents[op.ID]; ok {
		chain = append(chain, h.dataHooks(op, event))
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
		// Organizations
		"ListOrganizations":                     h.handle(h.listOrganizations),
		"CreateOrganization":                    h.handle(h.createOrganization),
		"GetOrganization":                       h.handle(h.getOrganization),
		"UpdateOrganization":                    h.handle(h.updateOrganization),
		"DeleteOrganization":                    h.handle(h.deleteOrganization),
		"ListOrganizationUsers":                 h.handle(h.listOrganizationUsers),
		"AddOrganizationUsers":                  h.handle(h.addMembers(userMembers)),
		"ReplaceOrganizationUsers":              h.handle(h.replaceMembers(userMembers)),
		"DeleteOrganizationUser":                h.handle(h.removeMember(userMembers)),
		"AssignOrganizationRolesToUsers":        h.handle(h.assignRolesToMembers(userMembers)),
		"ListOrganizationUserRoles":             h.handle(h.listMemberRoles(userMembers)),
		"AssignOrganizationRolesToUser":         h.handle(h.setMemberRoles(userMembers, false)),
		"ReplaceOrganizationUserRoles":          h.handle(h.setMemberRoles(userMembers, true)),
		"DeleteOrganizationUserRole":            h.handle(h.deleteMemberRole(userMembers)),
		"ListOrganizationUserScopes":            h.handle(h.listOrganizationUserScopes),
		"ListOrganizationApplications":          h.handle(h.listOrganizationApplications),
		"AddOrganizationApplications":           h.handle(h.addMembers(appMembers)),
		"ReplaceOrganizationApplications":       h.handle(h.replaceMembers(appMembers)),
		"DeleteOrganizationApplication":         h.handle(h.removeMember(appMembers)),
		"AssignOrganizationRolesToApplications": h.handle(h.assignRolesToMembers(appMembers)),
		"ListOrganizationApplicationRoles":      h.handle(h.listMemberRoles(appMembers)),
		"AssignOrganizationRolesToApplication":  h.handle(h.setMemberRoles(appMembers, false)),
		"ReplaceOrganizationApplicationRoles":   h.handle(h.setMemberRoles(appMembers, true)),
		"DeleteOrganizationApplicationRole":     h.handle(h.deleteMemberRole(appMembers)),
		"ListOrganizationJitEmailDomains":       h.handle(h.listJitEmailDomains),
		"CreateOrganizationJitEmailDomain":      h.handle(h.createJitEmailDomain),
		"ReplaceOrganizationJitEmailDomains":    h.handle(h.replaceJitEmailDomains),
		"DeleteOrganizationJitEmailDomain":      h.handle(h.deleteJitEmailDomain),
		"ListOrganizationJitRoles":              h.handle(h.listOrgLinks(jitRoleLinks)),
		"CreateOrganizationJitRole":             h.handle(h.setOrgLinks(jitRoleLinks, false)),
		"ReplaceOrganizationJitRoles":           h.handle(h.setOrgLinks(jitRoleLinks, true)),
		"DeleteOrganizationJitRole":             h.handle(h.deleteOrgLink(jitRoleLinks)),
		"ListOrganizationJitSsoConnectors":      h.handle(h.listOrgLinks(jitSsoLinks)),
		"CreateOrganizationJitSsoConnector":     h.handle(h.setOrgLinks(jitSsoLinks, false)),
		"ReplaceOrganizationJitSsoConnectors":   h.handle(h.setOrgLinks(jitSsoLinks, true)),
		"DeleteOrganizationJitSsoConnector":     h.handle(h.deleteOrgLink(jitSsoLinks)),
		// Organization roles and scopes (the organization template)
		"ListOrganizationRoles":                 h.handle(h.listOrganizationRoles),
		"CreateOrganizationRole":                h.handle(h.createOrganizationRole),
		"GetOrganizationRole":                   h.handle(h.getOrganizationRole),
		"UpdateOrganizationRole":                h.handle(h.updateOrganizationRole),
		"DeleteOrganizationRole":                h.handle(h.deleteOrganizationRole),
		"ListOrganizationRoleScopes":            h.handle(h.listOrgRoleLinks(orgRoleScopeLinks)),
		"CreateOrganizationRoleScope":           h.handle(h.setOrgRoleLinks(orgRoleScopeLinks, false)),
		"ReplaceOrganizationRoleScopes":         h.handle(h.setOrgRoleLinks(orgRoleScopeLinks, true)),
		"DeleteOrganizationRoleScope":           h.handle(h.deleteOrgRoleLink(orgRoleScopeLinks, "organizationScopeId")),
		"ListOrganizationRoleResourceScopes":    h.handle(h.listOrgRoleLinks(orgRoleResourceScopeLinks)),
		"CreateOrganizationRoleResourceScope":   h.handle(h.setOrgRoleLinks(orgRoleResourceScopeLinks, false)),
		"ReplaceOrganizationRoleResourceScopes": h.handle(h.setOrgRoleLinks(orgRoleResourceScopeLinks, true)),
		"DeleteOrganizationRoleResourceScope":   h.handle(h.deleteOrgRoleLink(orgRoleResourceScopeLinks, "scopeId")),
		"ListOrganizationScopes":                h.handle(h.listOrganizationScopes),
		"CreateOrganizationScope":               h.handle(h.createOrganizationScope),
		"GetOrganizationScope":                  h.handle(h.getOrganizationScope),
		"UpdateOrganizationScope":               h.handle(h.updateOrganizationScope),
		"DeleteOrganizationScope":               h.handle(h.deleteOrganizationScope),
		// Organization invitations
		"ListOrganizationInvitations":         h.handle(h.listOrganizationInvitations),
		"CreateOrganizationInvitation":        h.handle(h.createOrganizationInvitation),
		"GetOrganizationInvitation":           h.handle(h.getOrganizationInvitation),
		"DeleteOrganizationInvitation":        h.handle(h.deleteOrganizationInvitation),
		"CreateOrganizationInvitationMessage": h.handle(h.createOrganizationInvitationMessage),
		"ReplaceOrganizationInvitationStatus": h.handle(h.replaceOrganizationInvitationStatus),
		// Sign-in experience and custom phrases
		"GetSignInExp":    h.handle(h.getSignInExperience),
		"UpdateSignInExp": h.handle(h.updateSignInExperience),
		"CheckPasswordWithDefaultSignInExperience": h.handle(h.checkPassword),
		"ListCustomPhrases":                        h.handle(h.listCustomPhrases),
		"GetCustomPhrase":                          h.handle(h.getCustomPhrase),
		"ReplaceCustomPhrase":                      h.handle(h.replaceCustomPhrase),
		"DeleteCustomPhrase":                       h.handle(h.deleteCustomPhrase),
		// Configs
		"GetAdminConsoleConfig":    h.handle(h.getConfig(adminConsoleKey)),
		"UpdateAdminConsoleConfig": h.handle(h.mergeConfig(adminConsoleKey)),
		"GetIdTokenConfig":         h.handle(h.getConfig(idTokenKey)),
		"UpsertIdTokenConfig":      h.handle(h.replaceConfig(idTokenKey)),
		"GetOidcSessionConfig":     h.handle(h.getConfig(oidcSessionKey)),
		"UpdateOidcSessionConfig":  h.handle(h.mergeConfig(oidcSessionKey)),
		"GetOidcKeys":              h.handle(h.getOidcKeys),
		// Domains and verification codes
		"ListDomains":            h.handle(h.listDomains),
		"CreateDomain":           h.handle(h.createDomain),
		"GetDomain":              h.handle(h.getDomain),
		"DeleteDomain":           h.handle(h.deleteDomain),
		"CleanupDomains":         h.handle(h.cleanupDomains),
		"CreateVerificationCode": h.handle(h.createVerificationCode),
		"VerifyVerificationCode": h.handle(h.verifyVerificationCode),
		// Connectors and connector factories
		"ListConnectors":                  h.handle(h.listConnectors),
		"CreateConnector":                 h.handle(h.createConnector),
		"GetConnector":                    h.handle(h.getConnector),
		"UpdateConnector":                 h.handle(h.updateConnector),
		"DeleteConnector":                 h.handle(h.deleteConnector),
		"CreateConnectorAuthorizationUri": h.handle(h.createConnectorAuthorizationURI),
		"CreateConnectorTest":             h.handle(h.createConnectorTest),
		"ListConnectorFactories":          h.handle(h.listConnectorFactories),
		"GetConnectorFactory":             h.handle(h.getConnectorFactory),
		// SSO connectors
		"ListSsoConnectorProviders": h.handle(h.listSsoConnectorProviders),
		"ListSsoConnectors":         h.handle(h.listSsoConnectors),
		"CreateSsoConnector":        h.handle(h.createSsoConnector),
		"GetSsoConnector":           h.handle(h.getSsoConnector),
		"UpdateSsoConnector":        h.handle(h.updateSsoConnector),
		"DeleteSsoConnector":        h.handle(h.deleteSsoConnector),
		// Hooks and logs
		"ListHooks":            h.handle(h.listHooks),
		"CreateHook":           h.handle(h.createHook),
		"GetHook":              h.handle(h.getHook),
		"UpdateHook":           h.handle(h.updateHook),
		"DeleteHook":           h.handle(h.deleteHook),
		"UpdateHookSigningKey": h.handle(h.updateHookSigningKey),
		"CreateHookTest":       h.handle(h.createHookTest),
		"ListHookRecentLogs":   h.handle(h.listHookRecentLogs),
		"ListLogs":             h.handle(h.listLogs),
		"GetLog":               h.handle(h.getLog),
		// Account center, subject tokens and the Account API
		"GetAccountCenterSettings":             h.handle(h.getAccountCenter),
		"UpdateAccountCenterSettings":          h.handle(h.updateAccountCenter),
		"GetWellKnownAccountCenter":            h.handle(h.getAccountCenter),
		"CreateSubjectToken":                   h.handle(h.createSubjectToken),
		"CreateVerificationByPassword":         h.handle(h.createVerificationByPassword),
		"CreateVerificationByVerificationCode": h.handle(h.createVerificationByVerificationCode),
		"VerifyVerificationByVerificationCode": h.handle(h.verifyVerificationByVerificationCode),
		"CreateVerificationBySocial":           h.handle(h.createVerificationBySocial),
		"VerifyVerificationBySocial":           h.handle(h.verifyVerificationBySocial),
		"GetProfile":                           h.handle(h.getProfile),
		"UpdateProfile":                        h.handle(h.updateProfile),
		"UpdateOtherProfile":                   h.handle(h.updateOtherProfile),
		"UpdatePassword":                       h.handle(h.updateMyPassword),
		"UpdatePrimaryEmail":                   h.handle(h.updatePrimaryIdentifier(emailField)),
		"DeletePrimaryEmail":                   h.handle(h.deletePrimaryIdentifier(emailField)),
		"UpdatePrimaryPhone":                   h.handle(h.updatePrimaryIdentifier(phoneField)),
		"DeletePrimaryPhone":                   h.handle(h.deletePrimaryIdentifier(phoneField)),
		"AddUserIdentities":                    h.handle(h.addMyIdentity),
		"DeleteIdentity":                       h.handle(h.deleteMyIdentity),
		"GetLogtoConfig":                       h.handle(h.getMyLogtoConfig),
		"UpdateLogtoConfig":                    h.handle(h.updateMyLogtoConfig),
		"GetMfaSettings":                       h.handle(h.getMfaSettings),
		"UpdateMfaSettings":                    h.handle(h.updateMfaSettings),
		"GetMfaVerifications":                  h.handle(h.getMyMfaVerifications),
		"AddMfaVerification":                   h.handle(h.addMyMfaVerification),
		"GenerateTotpSecret":                   h.handle(h.generateMyTotpSecret),
		"GenerateMyAccountBackupCodes":         h.handle(h.generateMyBackupCodes),
		"GetBackupCodes":                       h.handle(h.getMyBackupCodes),
		"CreateOrReplaceTotpMfaVerification":   h.handle(h.replaceMyTotp),
		"DeleteMfaVerification":                h.handle(h.deleteMyMfaVerification),
		"GetSessions":                          h.handle(h.getMySessions),
		"DeleteSessionById":                    h.handle(h.deleteMySession),
		"GetGrants":                            h.handle(h.getMyGrants),
		"DeleteGrantById":                      h.handle(h.deleteMyGrant),
		// Experience API
		"InitInteraction":                       h.handle(h.initInteraction),
		"UpdateInteractionEvent":                h.handle(h.updateInteractionEvent),
		"GetInteraction":                        h.handle(h.getInteraction),
		"IdentifyUser":                          h.handle(h.identifyUser),
		"SubmitInteraction":                     h.handle(h.submitInteraction),
		"AddUserProfile":                        h.handle(h.addUserProfile),
		"ResetUserPassword":                     h.handle(h.resetUserPassword),
		"BindMfaVerification":                   h.handle(h.bindMfaVerification),
		"MarkMfaEnabled":                        h.handle(h.mfaFlag(func(m *interactionMfa) { m.Enabled = true }, false)),
		"SkipMfaBindingFlow":                    h.handle(h.mfaFlag(func(m *interactionMfa) { m.Skipped = true }, true)),
		"SkipMfaSuggestion":                     h.handle(h.mfaFlag(func(m *interactionMfa) { m.SuggestionSkipped = true }, false)),
		"SkipPasskeyBinding":                    h.handle(h.mfaFlag(func(m *interactionMfa) { m.PasskeySkipped = true }, false)),
		"GetEnabledSsoConnectors":               h.handle(h.getEnabledSsoConnectors),
		"CreatePasswordVerification":            h.handle(h.createPasswordVerification),
		"CreateAndSendVerificationCode":         h.handle(h.createAndSendVerificationCode),
		"VerifyVerificationCodeVerification":    h.handle(h.verifyVerificationCodeVerification),
		"CreateNewPasswordIdentityVerification": h.handle(h.createNewPasswordIdentity),
		"CreateSocialVerification":              h.handle(h.createSocialExperience(false)),
		"VerifySocialVerification":              h.handle(h.verifySocialExperience(false)),
		"CreateEnterpriseSsoVerification":       h.handle(h.createSocialExperience(true)),
		"VerifyEnterpriseSsoVerification":       h.handle(h.verifySocialExperience(true)),
		"CreateTotpSecret":                      h.handle(h.createTotpSecret),
		"VerifyTotpVerification":                h.handle(h.verifyTotpVerification),
		"GenerateBackupCodes":                   h.handle(h.generateBackupCodes),
		"VerifyBackupCode":                      h.handle(h.verifyBackupCode),
		"CreateAndSendMfaVerificationCode":      h.handle(h.createAndSendMfaVerificationCode),
		"VerifyMfaVerificationCode":             h.handle(h.verifyMfaVerificationCode),
		// One-time tokens
		"ListOneTimeTokens":              h.handle(h.listOneTimeTokens),
		"AddOneTimeTokens":               h.handle(h.addOneTimeToken),
		"GetOneTimeToken":                h.handle(h.getOneTimeToken),
		"DeleteOneTimeToken":             h.handle(h.deleteOneTimeToken),
		"ReplaceOneTimeTokenStatus":      h.handle(h.replaceOneTimeTokenStatus),
		"VerifyOneTimeToken":             h.handle(h.verifyOneTimeToken),
		"VerifyOneTimeTokenVerification": h.handle(h.verifyOneTimeTokenVerification),
		// Dashboard, email templates, captcha provider, well-known documents
		"GetTotalUserCount":                 h.handle(h.getTotalUserCount),
		"GetNewUserCounts":                  h.handle(h.getNewUserCounts),
		"GetActiveUserCounts":               h.handle(h.getActiveUserCounts),
		"ListEmailTemplates":                h.handle(h.listEmailTemplates),
		"ReplaceEmailTemplates":             h.handle(h.replaceEmailTemplates),
		"DeleteEmailTemplates":              h.handle(h.deleteEmailTemplates),
		"GetEmailTemplate":                  h.handle(h.getEmailTemplate),
		"DeleteEmailTemplate":               h.handle(h.deleteEmailTemplate),
		"UpdateEmailTemplateDetails":        h.handle(h.updateEmailTemplateDetails),
		"GetCaptchaProvider":                h.handle(h.getCaptchaProvider),
		"UpdateCaptchaProvider":             h.handle(h.updateCaptchaProvider),
		"DeleteCaptchaProvider":             h.handle(h.deleteCaptchaProvider),
		"GetWellKnownManagementOpenapiJson": h.handle(h.wellKnownDocument("management")),
		"GetWellKnownUserOpenapiJson":       h.handle(h.wellKnownDocument("user")),
		"GetWellKnownExperienceOpenapiJson": h.handle(h.wellKnownDocument("experience")),
		"GetSignInExperienceConfig":         h.handle(h.getSignInExperienceConfig),
		"GetWellKnownExperience":            h.handle(h.getSignInExperienceConfig),
		// Custom profile fields
		"ListCustomProfileFields":           h.handle(h.listCustomProfileFields),
		"CreateCustomProfileField":          h.handle(h.createCustomProfileField),
		"CreateCustomProfileFieldsBatch":    h.handle(h.createCustomProfileFieldsBatch),
		"UpdateCustomProfileFieldsSieOrder": h.handle(h.updateCustomProfileFieldsSieOrder),
		"GetCustomProfileFieldByName":       h.handle(h.getCustomProfileFieldByName),
		"UpdateCustomProfileFieldByName":    h.handle(h.updateCustomProfileFieldByName),
		"DeleteCustomProfileFieldByName":    h.handle(h.deleteCustomProfileFieldByName),
		// Authn
		"GetHasuraAuth": h.handle(h.hasuraAuth),
		// Configs: JWT customizers
		"ListJwtCustomizers":  h.handle(h.listJwtCustomizers),
		"GetJwtCustomizer":    h.handle(h.getJwtCustomizer),
		"UpsertJwtCustomizer": h.handle(h.upsertJwtCustomizer),
		"UpdateJwtCustomizer": h.handle(h.updateJwtCustomizer),
		"DeleteJwtCustomizer": h.handle(h.deleteJwtCustomizer),
		// Systems
		"GetSystemApplicationConfig": h.handle(h.getSystemApplicationConfig),
		// User assets
		"GetUserAssetServiceStatus": h.handle(h.getUserAssetServiceStatus),
		"CreateUserAsset":           h.handle(h.createUserAsset),
		"UploadCustomUiAssets":      h.handle(h.uploadCustomUiAssets),
		// Sentinel activities
		"DeleteSentinelActivities": h.handle(h.deleteSentinelActivities),
		// SAML applications
		"CreateSamlApplication":       h.handle(h.createSamlApplication),
		"GetSamlApplication":          h.handle(h.getSamlApplication),
		"UpdateSamlApplication":       h.handle(h.updateSamlApplication),
		"DeleteSamlApplication":       h.handle(h.deleteSamlApplication),
		"ListSamlApplicationMetadata": h.handle(h.getSamlApplicationMetadata),
		"CreateSamlApplicationSecret": h.handle(h.createSamlApplicationSecret),
		"ListSamlApplicationSecrets":  h.handle(h.listSamlApplicationSecrets),
		"UpdateSamlApplicationSecret": h.handle(h.updateSamlApplicationSecret),
		"DeleteSamlApplicationSecret": h.handle(h.deleteSamlApplicationSecret),
	}
}

// swagger serves the API document, as Logto serves its own at /api/swagger.json.
func (h *Handler) swagger(c *gin.Context) error {
	c.Data(http.StatusOK, "application/json; charset=utf-8", contractJSON)
	return nil
}
