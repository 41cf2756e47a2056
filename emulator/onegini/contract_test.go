package onegini

import (
	"context"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"
)

func loadContract(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(contractYAML)
	require.NoError(t, err)
	return doc
}

func TestContractIsValid(t *testing.T) {
	require.NoError(t, loadContract(t).Validate(context.Background()))
}

// operationIDs are the source's 21 operations.
var operationIDs = []string{
	"getConfiguration", "reloadExtension", "getIdentityProviders",
	"getAttributes", "updateAttributes", "getCIMConfiguration", "updateCIMConfiguration",
	"getCustomMessages", "updateCustomMessages", "updateLocaleCustomMessages", "deleteCustomMessage",
	"getFeatures", "updateFeatures", "getWhitelistedUrls", "addWhitelistedUrl", "deleteWhitelistedUrl",
	"getLoginMethods", "getStepUp", "updateStepUp", "getUIExtension", "updateUIExtension",
}

func TestContractHasTheSourcesOperations(t *testing.T) {
	doc := loadContract(t)
	var ids []string
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			ids = append(ids, op.OperationID)
			require.Equal(t, []string{"basic_auth"}, securityNames(doc, op), op.OperationID)
		}
	}
	require.Len(t, operationIDs, 21)
	require.ElementsMatch(t, operationIDs, ids)
}

func securityNames(doc *openapi3.T, op *openapi3.Operation) []string {
	reqs := doc.Security
	if op.Security != nil {
		reqs = *op.Security
	}
	var out []string
	for _, r := range reqs {
		for name := range r {
			out = append(out, name)
		}
	}
	return out
}

// The source defines 58 models; the contract has each under its own name (plus the
// LocaleVariant pattern, idemu's), with the source's spelling of every field.
func TestContractHasTheSourcesModels(t *testing.T) {
	models := []string{
		"ActionTokenApp2WebLogin", "ActionTokenConfiguration", "ActionTokenCoupling", "ActionTokenLogin",
		"AttributeType", "AttributesConfiguration", "AttributesVerification", "AzureAdB2cAttributes",
		"BaseOAuthAttributes", "CIMConfiguration", "Configuration", "CustomAttributeField",
		"CustomAttributesMapping", "CustomEmailValidation", "CustomMessages", "DigidAttributes",
		"EidasAttributes", "ExternallyDeliveredCode", "FacebookAttributes", "FeaturesConfiguration", "Fields",
		"GoogleAttributes", "IdentityProviderConfig", "IdentityProviderConfigResultSet", "IdinAttributes",
		"InvitationVerification", "ItsmeAttributes", "KerberosAttributes", "LdapAttributes", "LinkedInAttributes",
		"LocaleCustomMessages", "LoginMethod", "LoginMethodsAttributeMapping", "LoginMethodsConfiguration",
		"Messages", "MobileLogin", "OpenIdConnectAttributes", "PasswordPolicy", "PaypalAttributes",
		"PersonActivationConfiguration", "PersonCreationMandatoryAttributes", "Profile", "QrCodeAttributes",
		"RequiredAttributesValidationRule", "SamlAttributes", "SamlAuthenticationLevelMapping",
		"SamlMutualSslTlsAttributes", "SamlProperties", "SignInWithAppleAttributes", "SignUpFormFields",
		"StepUpActionsConfiguration", "StepUpAuthenticationMethodsConfiguration", "StepUpConfiguration",
		"Translations", "TwitterAttributes", "UIExtensionConfiguration", "WhitelistedUrl", "WhitelistedUrls",
	}
	require.Len(t, models, 58)
	schemas := loadContract(t).Components.Schemas
	for _, m := range models {
		require.Contains(t, schemas, m)
	}
	require.Len(t, schemas, 59)

	// The odd names are the wire format.
	require.Contains(t, schemas["LoginMethod"].Value.Properties, "ladp_attributes")
	require.Contains(t, schemas["StepUpConfiguration"].Value.Properties, "stategy")
	require.Contains(t, schemas["BaseOAuthAttributes"].Value.Properties, "clientId")
	require.Contains(t, schemas["BaseOAuthAttributes"].Value.Properties, "client_secret")
	require.Len(t, schemas["FeaturesConfiguration"].Value.Properties, 31)
	require.Len(t, schemas["LoginMethod"].Value.Properties, 32)
	require.Len(t, schemas["PasswordPolicy"].Value.Required, 6)
}

// The default units are complete models of the contract.
func TestDefaultsConformToTheContract(t *testing.T) {
	x := newHarness(t)
	v, err := decodeJSON(defaultUnits)
	require.NoError(t, err)
	units := v.(map[string]any)
	require.Len(t, units, len(unitSchemaNames))
	for unit, doc := range units {
		require.NoError(t, conforms(doc.(map[string]any), x.h.schemas.units[unit]), unit)
	}
}
