package akamai

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
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

// Handler is the Identity Cloud emulator: the Capture host and the other hosts, on one
// port.
type Handler struct {
	deps     platform.Deps
	contract *contract.Contract
	specs    map[string]*opSpec // Capture operations, by operationId
	types    *typeCache
	oauth    *oauth.Service // Hosted Login's signing keys, JWTs and refresh tokens
}

// New builds the provider and indexes each Capture operation's form schema and auth
// policy.
func New(deps platform.Deps) (*Handler, error) {
	c, err := contract.Load("akamai", contractYAML)
	if err != nil {
		return nil, err
	}
	h := &Handler{deps: deps, contract: c, specs: map[string]*opSpec{}, types: &typeCache{byKey: map[string]cachedType{}},
		oauth: oauth.New(token.RS256)}
	for _, op := range c.Operations() {
		if familyOf(op) != famCapture {
			continue
		}
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
// (and answers HTTP 200 with a numeric code), so for Capture operations contract
// validation runs inside the provider's pipeline, on the merged query and form
// parameters, after authentication. Older Capture documentation reads the read-style
// operations with GET and a query string; every Capture operation outside /oauth/
// (which takes body parameters only) answers GET the same way as POST. The other hosts
// authenticate first, then the contract validates the request and violations are
// rendered in the host's format; Hosted Login's protocol endpoints check their own
// parameters, since every failure there is an OAuth error.
func (h *Handler) Mount(r *gin.Engine) error {
	r.HandleMethodNotAllowed = true
	r.NoRoute(h.hostNotFound)
	r.NoMethod(h.hostNotFound)
	var skip []string
	for _, op := range h.contract.Operations() {
		if fam := familyOf(op); fam == famCapture || fam == famHostedLogin {
			skip = append(skip, op.ID)
		}
	}
	handlers := h.handlers()
	err := h.contract.Mount(r, handlers, contract.MountOptions{
		Invalid:        h.invalid,
		SkipValidation: skip,
		Before:         h.before,
	})
	if err != nil {
		return err
	}
	for _, op := range h.contract.Operations() {
		if spec := h.specs[op.ID]; spec != nil && !spec.bodyOnly {
			r.GET(op.GinPath, h.prepare(spec), handlers[op.ID])
		}
	}
	return nil
}

// before gives the handlers that run ahead of validation: Capture's pipeline, or the
// other hosts' resolution of the app and the caller.
func (h *Handler) before(op *contract.Operation) []gin.HandlerFunc {
	if spec := h.specs[op.ID]; spec != nil {
		return []gin.HandlerFunc{h.prepare(spec)}
	}
	return []gin.HandlerFunc{h.prepareHost(op)}
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
		// Hosted Login: OAuth 2.0 and OpenID Connect
		"hostedLoginToken":           h.host(h.hostedLoginToken),
		"introspectHostedLoginToken": h.host(h.introspectHostedLoginToken),
		"revokeHostedLoginToken":     h.host(h.revokeHostedLoginToken),
		"getHostedLoginDiscovery":    h.host(h.getHostedLoginDiscovery),
		"getHostedLoginJWKS":         h.host(h.getHostedLoginJWKS),
		"getHostedLoginUserinfo":     h.host(h.getHostedLoginUserinfo),
		"authorizeHostedLogin":       h.host(h.authorizeHostedLogin),
		"submitAuthorizationRequest": h.host(h.submitAuthorizationRequest),
		"logoutHostedLogin":          h.host(h.logoutHostedLogin),
		// Hosted Login configuration
		"listOIDCClients":                     h.host(h.listOIDCClients),
		"createOIDCClient":                    h.host(h.createOIDCClient),
		"getOIDCClient":                       h.host(h.getOIDCClient),
		"updateOIDCClient":                    h.host(h.updateOIDCClient),
		"deleteOIDCClient":                    h.host(h.deleteOIDCClient),
		"getOIDCClientSecret":                 h.host(h.getOIDCClientSecret),
		"resetOIDCClientSecret":               h.host(h.resetOIDCClientSecret),
		"listLoginPolicies":                   h.host(h.listLoginPolicies),
		"createLoginPolicy":                   h.host(h.createLoginPolicy),
		"getLoginPolicy":                      h.host(h.getLoginPolicy),
		"updateLoginPolicy":                   h.host(h.updateLoginPolicy),
		"deleteLoginPolicy":                   h.host(h.deleteLoginPolicy),
		"getLoginPolicyPushClaims":            h.host(h.getLoginPolicyPushClaims),
		"updateLoginPolicyPushClaims":         h.host(h.updateLoginPolicyPushClaims),
		"getLoginPolicyResponseTypes":         h.host(h.getLoginPolicyResponseTypes),
		"updateLoginPolicyResponseTypes":      h.host(h.updateLoginPolicyResponseTypes),
		"listTokenPolicies":                   h.host(h.listTokenPolicies),
		"createTokenPolicy":                   h.host(h.createTokenPolicy),
		"getTokenPolicy":                      h.host(h.getTokenPolicy),
		"updateTokenPolicy":                   h.host(h.updateTokenPolicy),
		"deleteTokenPolicy":                   h.host(h.deleteTokenPolicy),
		"getTokenPolicyGrantTypes":            h.host(h.getTokenPolicyGrantTypes),
		"updateTokenPolicyGrantTypes":         h.host(h.updateTokenPolicyGrantTypes),
		"getTokenPolicyResourceIndicators":    h.host(h.getTokenPolicyResourceIndicators),
		"updateTokenPolicyResourceIndicators": h.host(h.updateTokenPolicyResourceIndicators),
		// SIEM event delivery
		"siemReadStatus":       h.host(h.siemReadStatus),
		"siemActivate":         h.host(h.siemActivate),
		"siemDeactivate":       h.host(h.siemDeactivate),
		"siemReadBlocklist":    h.host(h.siemReadBlocklist),
		"siemReadBlocklistGet": h.host(h.siemReadBlocklist),
		"siemAddBlocklist":     h.host(h.siemAddBlocklist),
		"siemAddBlocklistPost": h.host(h.siemAddBlocklist),
		"siemDeleteBlocklist":  h.host(h.siemDeleteBlocklist),
		"siemReadKeys":         h.host(h.siemReadKeys),
		"siemReadKeysGet":      h.host(h.siemReadKeys),
		"siemAddKeys":          h.host(h.siemAddKeys),
		"siemAddKeysPost":      h.host(h.siemAddKeys),
		"siemDeleteKeys":       h.host(h.siemDeleteKeys),
		// Configuration API: API clients, settings, entity types
		"capiListClients":          h.host(h.capiListClients),
		"capiCreateClient":         h.host(h.capiCreateClient),
		"capiGetClient":            h.host(h.capiGetClient),
		"capiUpdateClient":         h.host(h.capiUpdateClient),
		"capiDeleteClient":         h.host(h.capiDeleteClient),
		"capiResetClientSecret":    h.host(h.capiResetClientSecret),
		"capiGetSettings":          h.host(h.capiGetSettings),
		"capiUpdateSettings":       h.host(h.capiUpdateSettings),
		"capiGetSettingOptions":    h.host(h.capiGetSettingOptions),
		"capiGetClientSettings":    h.host(h.capiGetClientSettings),
		"capiUpdateClientSettings": h.host(h.capiUpdateClientSettings),
		"capiListEntityTypes":      h.host(h.capiListEntityTypes),
		"capiGetEntityType":        h.host(h.capiGetEntityType),
		"capiListAttributes":       h.host(h.capiListAttributes),
		"capiGetAttribute":         h.host(h.capiGetAttribute),
		// Configuration API: flows
		"listFlows":          h.host(h.listFlows),
		"getFlow":            h.host(h.getFlow),
		"updateFlow":         h.host(h.updateFlow),
		"copyFlow":           h.host(h.copyFlow),
		"promoteFlow":        h.host(h.promoteFlow),
		"listFlowVersions":   h.host(h.listFlowVersions),
		"getFlowVersion":     h.host(h.getFlowVersion),
		"restoreFlowVersion": h.host(h.restoreFlowVersion),
		"listFlowFields":     h.host(h.listFlowFields),
		"createFlowField":    h.host(h.createFlowField),
		"getFlowField":       h.host(h.getFlowField),
		"updateFlowField":    h.host(h.updateFlowField),
		"deleteFlowField":    h.host(h.deleteFlowField),
		"listFlowForms":      h.host(h.listFlowForms),
		"createFlowForm":     h.host(h.createFlowForm),
		"getFlowForm":        h.host(h.getFlowForm),
		"updateFlowForm":     h.host(h.updateFlowForm),
		"deleteFlowForm":     h.host(h.deleteFlowForm),
		// Configuration API: locales, strings, translations, mail templates
		"getFlowLocale":             h.host(h.getFlowLocale),
		"listLocalizedFields":       h.host(h.listLocalizedFields),
		"createLocalizedField":      h.host(h.createLocalizedField),
		"getLocalizedField":         h.host(h.getLocalizedField),
		"updateLocalizedField":      h.host(h.updateLocalizedField),
		"listFlowStrings":           h.host(h.listFlowStrings),
		"createFlowString":          h.host(h.createFlowString),
		"getFlowString":             h.host(h.getFlowString),
		"updateFlowString":          h.host(h.updateFlowString),
		"deleteFlowString":          h.host(h.deleteFlowString),
		"listLocalizedStrings":      h.host(h.listLocalizedStrings),
		"createLocalizedString":     h.host(h.createLocalizedString),
		"getLocalizedString":        h.host(h.getLocalizedString),
		"updateLocalizedString":     h.host(h.updateLocalizedString),
		"deleteLocalizedString":     h.host(h.deleteLocalizedString),
		"listTranslations":          h.host(h.listTranslations),
		"createTranslation":         h.host(h.createTranslation),
		"updateTranslation":         h.host(h.updateTranslation),
		"getTranslation":            h.host(h.getTranslation),
		"deleteTranslation":         h.host(h.deleteTranslation),
		"listMailTemplates":         h.host(h.listMailTemplates),
		"getMailTemplate":           h.host(h.getMailTemplate),
		"updateMailTemplate":        h.host(h.editMailTemplate),
		"getMailTemplateBody":       h.host(h.getMailTemplateBody),
		"updateMailTemplateBody":    h.host(h.editMailTemplate),
		"getMailTemplateSubject":    h.host(h.getMailTemplateSubject),
		"updateMailTemplateSubject": h.host(h.editMailTemplate),
		// Configuration API: screens, Hosted Login links, 2FA messages, upgrades
		"listScreens":                 h.host(h.listScreens),
		"createScreen":                h.host(h.createScreen),
		"getScreen":                   h.host(h.getScreen),
		"updateScreen":                h.host(h.updateScreen),
		"deleteScreen":                h.host(h.deleteScreen),
		"listHostedLoginLinks":        h.host(h.listHostedLoginLinks),
		"createHostedLoginLink":       h.host(h.createHostedLoginLink),
		"getHostedLoginLink":          h.host(h.getHostedLoginLink),
		"updateHostedLoginLink":       h.host(h.updateHostedLoginLink),
		"deleteHostedLoginLink":       h.host(h.deleteHostedLoginLink),
		"listTwoFactorMessages":       h.host(h.listTwoFactorMessages),
		"addDefaultTwoFactorMessages": h.host(h.addDefaultTwoFactorMessages),
		"getTwoFactorMessage":         h.host(h.getTwoFactorMessage),
		"updateTwoFactorMessage":      h.host(h.updateTwoFactorMessage),
		"listHostedLoginUpgrades":     h.host(h.listHostedLoginUpgrades),
		"getHostedLoginUpgrade":       h.host(h.getHostedLoginUpgrade),
		"applyHostedLoginUpgrade":     h.host(h.applyHostedLoginUpgrade),
		// Webhooks v3
		"listWebhookSubscriptions":  h.host(h.listWebhookSubscriptions),
		"createWebhookSubscription": h.host(h.createWebhookSubscription),
		"getWebhookSubscription":    h.host(h.getWebhookSubscription),
		"updateWebhookSubscription": h.host(h.updateWebhookSubscription),
		"deleteWebhookSubscription": h.host(h.deleteWebhookSubscription),
		"listWebhookEvents":         h.host(h.listWebhookEvents),
		"getWebhookEvent":           h.host(h.getWebhookEvent),
		"getWebhookEventHistory":    h.host(h.getWebhookEventHistory),
		"redeliverWebhookEvent":     h.host(h.redeliverWebhookEvent),
		"testWebhookSubscription":   h.host(h.testWebhookSubscription),
		// Social Login API
		"socialAuthInfo":               h.host(h.socialAuthInfo),
		"socialSignInToken":            h.host(h.socialSignInToken),
		"socialGetAvailableProviders":  h.host(h.socialGetAvailableProviders),
		"socialProviders":              h.host(h.socialProviders),
		"socialSetAuthProviders":       h.host(h.socialSetAuthProviders),
		"socialGetDomainPatterns":      h.host(h.socialGetDomainPatterns),
		"socialSetDomainPatterns":      h.host(h.socialSetDomainPatterns),
		"socialAddDomainPatterns":      h.host(h.socialAddDomainPatterns),
		"socialGetApplicationSettings": h.host(h.socialGetApplicationSettings),
		"socialSetAppSettings":         h.host(h.socialSetAppSettings),
		"socialMap":                    h.host(h.socialMap),
		"socialUnmap":                  h.host(h.socialUnmap),
		// Custom Provider API
		"listSocialApps":       h.host(h.listSocialApps),
		"getSocialApp":         h.host(h.getSocialApp),
		"listCustomProviders":  h.host(h.listCustomProviders),
		"createCustomProvider": h.host(h.createCustomProvider),
		"getCustomProvider":    h.host(h.getCustomProvider),
		"updateCustomProvider": h.host(h.updateCustomProvider),
	}
}
