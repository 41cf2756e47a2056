package appid

import (
	_ "embed"
	"net/http"
	"strings"

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

// Operation families, by contract tag: each has its own error format.
const (
	tagManagement = "management" // IAM-protected, {status, code, message} errors
	tagSCIM       = "scim"       // IAM-protected Cloud Directory, SCIM errors
	tagOAuth      = "oauth"      // App ID's OAuth server, RFC 6749 errors
	tagIAM        = "iam"        // the IAM token service, IAM errors
)

// Handler is the IBM Cloud App ID emulator.
type Handler struct {
	deps     platform.Deps
	tokens   *oauth.Service // signs App ID OAuth tokens (per tenant) and IAM tokens
	contract *contract.Contract
}

// New builds the provider. App ID and IAM both sign RS256.
func New(deps platform.Deps) (*Handler, error) {
	c, err := contract.Load("appid", contractYAML)
	if err != nil {
		return nil, err
	}
	return &Handler{deps: deps, tokens: oauth.New(token.RS256), contract: c}, nil
}

// Name implements platform.Provider.
func (h *Handler) Name() string { return "appid" }

// Contract implements platform.Provider.
func (h *Handler) Contract() ([]byte, error) { return h.contract.JSON() }

// Mount registers every operation of the contract, each validated before its handler.
func (h *Handler) Mount(r *gin.Engine) error {
	r.HandleMethodNotAllowed = true
	r.NoRoute(func(c *gin.Context) { h.render(c, notFound("no such resource")) })
	r.NoMethod(func(c *gin.Context) {
		h.render(c, mgmtError(http.StatusMethodNotAllowed, "the method is not allowed on this resource"))
	})
	return h.contract.Mount(r, h.handlers(), contract.MountOptions{
		Before:  h.before,
		Invalid: h.invalid,
		// The token endpoints answer malformed forms in their own OAuth or IAM format.
		SkipValidation: []string{"requestIamToken", "oauthToken", "authorizeSubmit", "introspectToken", "revokeToken"},
	})
}

// handlers maps every operationId of the contract to its handler: the provider's
// table of contents.
func (h *Handler) handlers() contract.Handlers {
	return contract.Handlers{
		// IBM Cloud IAM
		"requestIamToken":           h.handle(h.iamToken),
		"getIamKeys":                h.handle(h.iamKeys),
		"getIamOpenIDConfiguration": h.handle(h.iamDiscovery),
		// App ID OAuth server
		"getOpenIDConfiguration": h.handle(h.discovery),
		"getPublicKeys":          h.handle(h.publicKeys),
		"oauthToken":             h.handle(h.oauthToken),
		"authorize":              h.handle(h.authorize),
		"authorizeSubmit":        h.handle(h.authorizeSubmit),
		"introspectToken":        h.handle(h.introspect),
		"revokeToken":            h.handle(h.revoke),
		"getUserInfo":            h.handle(h.userInfo),
		// Identity providers
		"getFacebookIDP":       h.handle(h.getSocialIDP(areaFacebook)),
		"setFacebookIDP":       h.handle(h.setSocialIDP(areaFacebook)),
		"getGoogleIDP":         h.handle(h.getSocialIDP(areaGoogle)),
		"setGoogleIDP":         h.handle(h.setSocialIDP(areaGoogle)),
		"getCustomIDP":         h.handle(h.getConfig(areaCustom)),
		"setCustomIDP":         h.handle(h.setCustomIDP),
		"getCloudDirectoryIDP": h.handle(h.getConfig(areaCloudDirectory)),
		"setCloudDirectoryIDP": h.handle(h.putConfig(areaCloudDirectory, http.StatusOK)),
		"getSAMLIDP":           h.handle(h.getConfig(areaSAML)),
		"setSAMLIDP":           h.handle(h.setSAMLIDP),
		"getSAMLMetadata":      h.handle(h.samlMetadata),
		// Tokens, redirect URIs, profiles, login widget
		"getTokensConfig":          h.handle(h.getConfig(areaTokens)),
		"putTokensConfig":          h.handle(h.putTokensConfig),
		"getRedirectUris":          h.handle(h.getConfig(areaRedirectURIs)),
		"updateRedirectUris":       h.handle(h.putConfig(areaRedirectURIs, http.StatusNoContent)),
		"getUserProfilesConfig":    h.handle(h.getConfig(areaUsersProfile)),
		"updateUserProfilesConfig": h.handle(h.putConfig(areaUsersProfile, http.StatusNoContent)),
		"getThemeText":             h.handle(h.getConfig(areaThemeText)),
		"postThemeText":            h.handle(h.mergeConfig(areaThemeText, http.StatusNoContent)),
		"getThemeColor":            h.handle(h.getConfig(areaThemeColor)),
		"postThemeColor":           h.handle(h.putConfig(areaThemeColor, http.StatusNoContent)),
		"getMedia":                 h.handle(h.getConfig(areaMedia)),
		"postMedia":                h.handle(h.postMedia),
		"getLocalization":          h.handle(h.getConfig(areaLanguages)),
		"updateLocalization":       h.handle(h.putConfig(areaLanguages, http.StatusNoContent)),
		"getAuditStatus":           h.handle(h.getConfig(areaAudit)),
		"setAuditStatus":           h.handle(h.putConfig(areaAudit, http.StatusNoContent)),
		// Cloud Directory configuration
		"getTemplate":                                 h.handle(h.getTemplate),
		"updateTemplate":                              h.handle(h.updateTemplate),
		"deleteTemplate":                              h.handle(h.deleteTemplate),
		"getCloudDirectorySenderDetails":              h.handle(h.getConfig(areaSenderDetails)),
		"setCloudDirectorySenderDetails":              h.handle(h.putConfig(areaSenderDetails, http.StatusNoContent)),
		"getCloudDirectoryActionURL":                  h.handle(h.getActionURL),
		"setCloudDirectoryAction":                     h.handle(h.setActionURL),
		"deleteActionURL":                             h.handle(h.deleteActionURL),
		"getCloudDirectoryPasswordRegex":              h.handle(h.getConfig(areaPasswordRegex)),
		"setCloudDirectoryPasswordRegex":              h.handle(h.setPasswordRegex),
		"getCloudDirectoryEmailDispatcher":            h.handle(h.getConfig(areaEmailDispatcher)),
		"setCloudDirectoryEmailDispatcher":            h.handle(h.setEmailDispatcher),
		"emailSettingTest":                            h.handle(h.emailSettingTest),
		"postEmailDispatcherTest":                     h.handle(h.emailDispatcherTest),
		"postSMSDispatcherTest":                       h.handle(h.smsDispatcherTest),
		"getCloudDirectoryAdvancedPasswordManagement": h.handle(h.getConfig(areaAPM)),
		"setCloudDirectoryAdvancedPasswordManagement": h.handle(h.putConfig(areaAPM, http.StatusOK)),
		// MFA, SSO, rate limits
		"getMFAConfig":          h.handle(h.getConfig(areaMFA)),
		"updateMFAConfig":       h.handle(h.putMFAConfig),
		"listChannels":          h.handle(h.listChannels),
		"getChannel":            h.handle(h.getChannel),
		"updateChannel":         h.handle(h.updateChannel),
		"getExtensionConfig":    h.handle(h.getExtension),
		"updateExtensionConfig": h.handle(h.updateExtension),
		"updateExtensionActive": h.handle(h.updateExtensionActive),
		"postExtensionsTest":    h.handle(h.testExtension),
		"getSSOConfig":          h.handle(h.getConfig(areaSSO)),
		"updateSSOConfig":       h.handle(h.putConfig(areaSSO, http.StatusCreated)),
		"getRateLimitConfig":    h.handle(h.getConfig(areaRateLimit)),
		"updateRateLimitConfig": h.handle(h.putConfig(areaRateLimit, http.StatusCreated)),
		// Cloud Directory users (SCIM)
		"listCloudDirectoryUsers":   h.handle(h.listUsers),
		"createCloudDirectoryUser":  h.handle(h.createUser),
		"getCloudDirectoryUser":     h.handle(h.getUser),
		"updateCloudDirectoryUser":  h.handle(h.updateUser),
		"deleteCloudDirectoryUser":  h.handle(h.deleteUser),
		"invalidateUserSSOSessions": h.handle(h.invalidateSSO),
		"cloudDirectoryExport":      h.handle(h.exportUsers),
		"cloudDirectoryImport":      h.handle(h.importUsers),
		"cloudDirectoryGetUserinfo": h.handle(h.userAndProfile),
		"cloudDirectoryRemove":      h.handle(h.removeUser),
		// Cloud Directory self-service flows
		"startSignUp":            h.handle(h.signUp),
		"userVerificationResult": h.handle(h.confirmationResult(kindVerify)),
		"startForgotPassword":    h.handle(h.forgotPassword),
		"forgotPasswordResult":   h.handle(h.confirmationResult(kindReset)),
		"changePassword":         h.handle(h.changePassword),
		"resendNotification":     h.handle(h.resend),
		// User profiles
		"usersSearchUserProfile":  h.handle(h.searchProfiles),
		"usersNominateUser":       h.handle(h.nominateUser),
		"userProfilesExport":      h.handle(h.exportProfiles),
		"userProfilesImport":      h.handle(h.importProfiles),
		"usersDeleteUserProfile":  h.handle(h.deleteProfile),
		"usersRevokeRefreshToken": h.handle(h.revokeRefreshTokens),
		"usersGetUserProfile":     h.handle(h.getProfile),
		"usersSetUserProfile":     h.handle(h.setProfile),
		"getUserRoles":            h.handle(h.getUserRoles),
		"updateUserRoles":         h.handle(h.updateUserRoles),
		// Applications
		"listApplications":      h.handle(h.listApplications),
		"registerApplication":   h.handle(h.registerApplication),
		"getApplication":        h.handle(h.getApplication),
		"updateApplication":     h.handle(h.updateApplication),
		"deleteApplication":     h.handle(h.deleteApplication),
		"getApplicationScopes":  h.handle(h.getApplicationScopes),
		"putApplicationsScopes": h.handle(h.putApplicationScopes),
		"getApplicationRoles":   h.handle(h.getApplicationRoles),
		"putApplicationsRoles":  h.handle(h.putApplicationRoles),
		// Roles
		"listRoles":  h.handle(h.listRoles),
		"createRole": h.handle(h.createRole),
		"getRole":    h.handle(h.getRole),
		"updateRole": h.handle(h.updateRole),
		"deleteRole": h.handle(h.deleteRole),
	}
}

// Operations that need the IAM Manager role: App ID reserves exports and imports to it.
var managerOperations = map[string]bool{
	"cloudDirectoryExport": true, "cloudDirectoryImport": true,
	"userProfilesExport": true, "userProfilesImport": true,
}

// before authenticates management operations (IAM token, tenant, role) and checks the
// tenant of OAuth server operations, ahead of validation.
func (h *Handler) before(op *contract.Operation) []gin.HandlerFunc {
	switch {
	case op.HasTag(tagIAM):
		return nil
	case op.HasTag(tagOAuth):
		return []gin.HandlerFunc{h.requireTenant}
	}
	need := roleWriter
	switch {
	case managerOperations[op.ID]:
		need = roleManager
	case strings.EqualFold(op.Method, http.MethodGet):
		need = roleReader
	}
	return []gin.HandlerFunc{h.authenticate(need)}
}
