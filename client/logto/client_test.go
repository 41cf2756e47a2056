package logto_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	client "github.com/idemu/idemu/client/logto"
	"github.com/idemu/idemu/emulator"
	provider "github.com/idemu/idemu/emulator/logto"
)

func startEmulator(t *testing.T) string {
	t.Helper()
	emu, err := emulator.New(emulator.Config{Providers: []string{"logto"}, Ports: map[string]int{"logto": 0}})
	require.NoError(t, err)
	require.NoError(t, emu.Start())
	t.Cleanup(func() { _ = emu.Close(context.Background()) })
	return emu.URL("logto")
}

// TestGeneratedClientRoundTrip gets a Management API token for the seeded application,
// creates a user and reads it back, all through the generated client.
func TestGeneratedClientRoundTrip(t *testing.T) {
	ctx := context.Background()
	base := startEmulator(t)
	ts := client.ClientCredentials(ctx, base, provider.DefaultClientID, provider.DefaultClientSecret,
		client.ManagementResource("default"), "all")
	c, err := client.NewAuthenticated(base, ts)
	require.NoError(t, err)

	username := "ada"
	created, err := c.CreateUserWithResponse(ctx, client.CreateUserJSONRequestBody{Username: &username})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, created.StatusCode(), string(created.Body))
	require.Len(t, created.JSON200.Id, 12)

	got, err := c.GetUserWithResponse(ctx, created.JSON200.Id, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, got.StatusCode(), string(got.Body))
	require.Equal(t, "ada", *got.JSON200.Username)

	again, err := c.CreateUserWithResponse(ctx, client.CreateUserJSONRequestBody{Username: &username})
	require.NoError(t, err)
	require.Equal(t, http.StatusUnprocessableEntity, again.StatusCode())
}

func TestClientWithoutTokenGets401(t *testing.T) {
	base := startEmulator(t)
	c, err := client.NewClientWithResponses(base)
	require.NoError(t, err)
	resp, err := c.ListUsersWithResponse(context.Background(), nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode())
	require.Contains(t, string(resp.Body), "auth.authorization_header_missing")
}

// TestGeneratedClientManagesOrganizations creates an organization and a member through
// the generated client and reads the membership back.
func TestGeneratedClientManagesOrganizations(t *testing.T) {
	ctx := context.Background()
	base := startEmulator(t)
	ts := client.ClientCredentials(ctx, base, provider.DefaultClientID, provider.DefaultClientSecret,
		client.ManagementResource("default"), "all")
	c, err := client.NewAuthenticated(base, ts)
	require.NoError(t, err)

	org, err := c.CreateOrganizationWithResponse(ctx, client.CreateOrganizationJSONRequestBody{Name: "Acme"})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, org.StatusCode(), string(org.Body))
	username := "grace"
	user, err := c.CreateUserWithResponse(ctx, client.CreateUserJSONRequestBody{Username: &username})
	require.NoError(t, err)

	added, err := c.AddOrganizationUsersWithResponse(ctx, org.JSON201.Id, client.AddOrganizationUsersJSONRequestBody{UserIds: []string{user.JSON200.Id}})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, added.StatusCode(), string(added.Body))
	members, err := c.ListOrganizationUsersWithResponse(ctx, org.JSON201.Id, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, members.StatusCode(), string(members.Body))
	require.Len(t, *members.JSON200, 1)
	require.Equal(t, "grace", *(*members.JSON200)[0].Username)
}

// TestGeneratedClientReadsTheSignInExperienceAndManagesConnectors reads the default
// sign-in experience and creates an email connector through the generated client.
func TestGeneratedClientReadsTheSignInExperienceAndManagesConnectors(t *testing.T) {
	ctx := context.Background()
	base := startEmulator(t)
	ts := client.ClientCredentials(ctx, base, provider.DefaultClientID, provider.DefaultClientSecret,
		client.ManagementResource("default"), "all")
	c, err := client.NewAuthenticated(base, ts)
	require.NoError(t, err)

	sie, err := c.GetSignInExpWithResponse(ctx)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, sie.StatusCode(), string(sie.Body))
	require.Equal(t, "default", sie.JSON200.Id)

	config := map[string]interface{}{"host": "smtp.example.test", "port": 25, "fromEmail": "noreply@example.test"}
	created, err := c.CreateConnectorWithResponse(ctx, client.CreateConnectorJSONRequestBody{
		ConnectorId: "simple-mail-transfer-protocol", Config: &config})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, created.StatusCode(), string(created.Body))
	got, err := c.GetConnectorWithResponse(ctx, created.JSON200.Id)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, got.StatusCode(), string(got.Body))
	require.Equal(t, "smtp.example.test", got.JSON200.Config["host"])
}

// TestGeneratedClientReadsTheAccountOfAUser exchanges a subject token for a user's
// token and reads the user's own account through the generated client.
func TestGeneratedClientReadsTheAccountOfAUser(t *testing.T) {
	ctx := context.Background()
	base := startEmulator(t)
	ts := client.ClientCredentials(ctx, base, provider.DefaultClientID, provider.DefaultClientSecret,
		client.ManagementResource("default"), "all")
	admin, err := client.NewAuthenticated(base, ts)
	require.NoError(t, err)

	username := "barbara"
	user, err := admin.CreateUserWithResponse(ctx, client.CreateUserJSONRequestBody{Username: &username})
	require.NoError(t, err)
	allow := true
	app, err := admin.CreateApplicationWithResponse(ctx, client.CreateApplicationJSONRequestBody{Name: "portal", Type: "Traditional",
		CustomClientMetadata: &struct {
			AllowTokenExchange      *bool     `json:"allowTokenExchange,omitempty"`
			AlwaysIssueRefreshToken *bool     `json:"alwaysIssueRefreshToken,omitempty"`
			CorsAllowedOrigins      *[]string `json:"corsAllowedOrigins,omitempty"`
			IdTokenTtl              *float32  `json:"idTokenTtl,omitempty"`
			IsDeviceFlow            *bool     `json:"isDeviceFlow,omitempty"`
			MaxAllowedGrants        *float32  `json:"maxAllowedGrants,omitempty"`
			RefreshTokenTtl         *float32  `json:"refreshTokenTtl,omitempty"`
			RefreshTokenTtlInDays   *float32  `json:"refreshTokenTtlInDays,omitempty"`
			RotateRefreshToken      *bool     `json:"rotateRefreshToken,omitempty"`
			TenantId                *string   `json:"tenantId,omitempty"`
		}{AllowTokenExchange: &allow}})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, app.StatusCode(), string(app.Body))
	enabled := true
	_, err = admin.UpdateAccountCenterSettingsWithResponse(ctx, client.UpdateAccountCenterSettingsJSONRequestBody{Enabled: &enabled})
	require.NoError(t, err)
	subject, err := admin.CreateSubjectTokenWithResponse(ctx, client.CreateSubjectTokenJSONRequestBody{UserId: user.JSON200.Id})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, subject.StatusCode(), string(subject.Body))

	secrets, err := admin.ListApplicationSecretsWithResponse(ctx, app.JSON200.Id)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, secrets.StatusCode(), string(secrets.Body))
	tok, err := client.ExchangeSubjectToken(ctx, base, app.JSON200.Id, (*secrets.JSON200)[0].Value, subject.JSON201.SubjectToken, "", "openid", "profile")
	require.NoError(t, err)
	me, err := client.NewAuthenticated(base, oauth2.StaticTokenSource(tok))
	require.NoError(t, err)
	profile, err := me.GetProfileWithResponse(ctx)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, profile.StatusCode(), string(profile.Body))
	require.Equal(t, user.JSON200.Id, *profile.JSON200.Id)
}

// TestGeneratedClientManagesCustomProfileFields creates a field from raw JSON (the body
// is a union of field types), lists it through the typed answer and counts users.
func TestGeneratedClientManagesCustomProfileFields(t *testing.T) {
	ctx := context.Background()
	base := startEmulator(t)
	ts := client.ClientCredentials(ctx, base, provider.DefaultClientID, provider.DefaultClientSecret,
		client.ManagementResource("default"), "all")
	c, err := client.NewAuthenticated(base, ts)
	require.NoError(t, err)

	created, err := c.CreateCustomProfileFieldWithBodyWithResponse(ctx, "application/json",
		strings.NewReader(`{"name":"company","type":"Text","label":"Company","required":true}`))
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, created.StatusCode(), string(created.Body))
	require.Equal(t, "company", created.JSON201.Name)

	list, err := c.ListCustomProfileFieldsWithResponse(ctx)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, list.StatusCode(), string(list.Body))
	require.Len(t, *list.JSON200, 1)
	require.EqualValues(t, 1, (*list.JSON200)[0].SieOrder)

	total, err := c.GetTotalUserCountWithResponse(ctx)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, total.StatusCode(), string(total.Body))
}
