package akamai_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	client "github.com/idemu/idemu/client/akamai"
	"github.com/idemu/idemu/emulator"
	provider "github.com/idemu/idemu/emulator/akamai"
)

func startEmulator(t *testing.T) string {
	t.Helper()
	emu, err := emulator.New(emulator.Config{Providers: []string{"akamai"}, Ports: map[string]int{"akamai": 0}})
	require.NoError(t, err)
	require.NoError(t, emu.Start())
	t.Cleanup(func() { _ = emu.Close(context.Background()) })
	return emu.URL("akamai")
}

func ptr[T any](v T) *T { return &v }

// TestGeneratedClientRoundTrip creates a record with credentials as parameters, finds it
// with a janrain-signed request and reads it with HTTP Basic, all through the client.
func TestGeneratedClientRoundTrip(t *testing.T) {
	ctx := context.Background()
	base := startEmulator(t)

	c, err := client.NewWithCredentials(base, provider.DefaultOwnerClientID, provider.DefaultOwnerClientSecret)
	require.NoError(t, err)
	created, err := c.CreateEntityWithFormdataBodyWithResponse(ctx, client.CreateEntityFormdataRequestBody{
		TypeName: "user", Attributes: `{"email":"gen@example.test","givenName":"Gen"}`, IncludeRecord: ptr(true)})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, created.StatusCode(), string(created.Body))
	ok, err := created.JSON200.AsEntityCreateOk()
	require.NoError(t, err)
	require.Equal(t, "Gen", (*ok.Result)["givenName"])

	signed, err := client.NewClientWithResponses(base, client.WithSignature(provider.DefaultOwnerClientID, provider.DefaultOwnerClientSecret, nil))
	require.NoError(t, err)
	found, err := signed.FindEntitiesWithFormdataBodyWithResponse(ctx, client.FindEntitiesFormdataRequestBody{
		TypeName: "user", Filter: ptr("givenName = 'Gen'")})
	require.NoError(t, err)
	kind, err := found.JSON200.Discriminator()
	require.NoError(t, err)
	require.Equal(t, "ok", kind, string(found.Body))
	list, _ := found.JSON200.AsEntityFindOk()
	require.Equal(t, 1, list.ResultCount)

	basic, err := client.NewClientWithResponses(base, client.WithBasicAuth(provider.DefaultOwnerClientID, "wrong"))
	require.NoError(t, err)
	refused, err := basic.GetEntityWithFormdataBodyWithResponse(ctx, client.GetEntityFormdataRequestBody{TypeName: "user", Uuid: &ok.Uuid})
	require.NoError(t, err)
	failure, err := refused.JSON200.AsError()
	require.NoError(t, err)
	require.Equal(t, 402, failure.Code)
	require.Equal(t, "invalid_client_credentials", failure.Error)
}

func TestNativeLoginAndTokenExchange(t *testing.T) {
	ctx := context.Background()
	base := startEmulator(t)
	c, err := client.NewClientWithResponses(base)
	require.NoError(t, err)
	login, err := c.AuthNativeTraditionalWithFormdataBodyWithResponse(ctx, client.AuthNativeTraditionalFormdataRequestBody{
		ClientId: provider.DefaultLoginClientID, Locale: "en-US", RedirectUri: "https://app.test/cb", Form: "signInForm",
		ResponseType: ptr(client.FormAuthNativeTraditionalResponseTypeCode)},
		client.FormFields(url.Values{"signInEmailAddress": {provider.DefaultEmail}, "currentPassword": {provider.DefaultPassword}}))
	require.NoError(t, err)
	kind, err := login.JSON200.Discriminator()
	require.NoError(t, err)
	require.Equal(t, "ok", kind, string(login.Body))
	ok, err := login.JSON200.AsNativeLoginOk()
	require.NoError(t, err, string(login.Body))
	require.NotNil(t, ok.AuthorizationCode, string(login.Body))

	tokens, err := c.ExchangeTokenWithFormdataBodyWithResponse(ctx, client.ExchangeTokenFormdataRequestBody{
		GrantType: client.FormExchangeTokenGrantTypeAuthorizationCode, Code: ok.AuthorizationCode, RedirectUri: ptr("https://app.test/cb"),
		ClientId: ptr(provider.DefaultLoginClientID), ClientSecret: ptr(provider.DefaultLoginClientSecret)})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, tokens.StatusCode(), string(tokens.Body))
	require.Equal(t, 3600, tokens.JSON200.ExpiresIn)

	again, err := c.ExchangeTokenWithFormdataBodyWithResponse(ctx, client.ExchangeTokenFormdataRequestBody{
		GrantType: client.FormExchangeTokenGrantTypeAuthorizationCode, Code: ok.AuthorizationCode, RedirectUri: ptr("https://app.test/cb"),
		ClientId: ptr(provider.DefaultLoginClientID), ClientSecret: ptr(provider.DefaultLoginClientSecret)})
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, again.StatusCode())
	require.Equal(t, "invalid_grant", again.JSON400.Error)

	user, err := client.NewClientWithResponses(base, client.WithAccessToken(tokens.JSON200.AccessToken))
	require.NoError(t, err)
	rec, err := user.GetEntityWithFormdataBodyWithResponse(ctx, client.GetEntityFormdataRequestBody{TypeName: "user"})
	require.NoError(t, err)
	got, err := rec.JSON200.AsEntityOk()
	require.NoError(t, err, string(rec.Body))
	require.Equal(t, provider.DefaultEmail, got.Result.(map[string]interface{})["email"])
}

// TestHostedLoginConfiguration gets an administrative token with the seeded configuration
// client and manages a token policy through the generated client.
func TestHostedLoginConfiguration(t *testing.T) {
	ctx := context.Background()
	base := startEmulator(t)
	c, err := client.NewClientWithResponses(base)
	require.NoError(t, err)
	owner, err := client.NewWithCredentials(base, provider.DefaultOwnerClientID, provider.DefaultOwnerClientSecret)
	require.NoError(t, err)
	setting, err := owner.GetDefaultSettingWithFormdataBodyWithResponse(ctx, client.GetDefaultSettingFormdataRequestBody{Key: "customer_id"})
	require.NoError(t, err)
	ok, err := setting.JSON200.AsSettingValueOk()
	require.NoError(t, err, string(setting.Body))
	customer := *ok.Result

	tok, err := client.AdministrativeToken(ctx, c, customer, provider.DefaultConfigClientID, provider.DefaultConfigClientSecret, "*:config/**")
	require.NoError(t, err)
	created, err := c.CreateTokenPolicyWithResponse(ctx, customer, client.CreateTokenPolicyJSONRequestBody{
		Title: "short", AccessTokenLifetime: ptr(600)}, client.WithBearerToken(tok))
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, created.StatusCode(), string(created.Body))
	got, err := c.GetTokenPolicyWithResponse(ctx, customer, *created.JSON201, client.WithBearerToken(tok))
	require.NoError(t, err)
	require.Equal(t, 600, got.JSON200.AccessTokenLifetime)
	require.Equal(t, []string{"openid", "profile", "email", "phone", "address"}, got.JSON200.AllowedScopes)

	denied, err := c.ListTokenPoliciesWithResponse(ctx, customer)
	require.NoError(t, err)
	require.Equal(t, http.StatusUnauthorized, denied.StatusCode())
	require.NotNil(t, denied.JSON401)
}
