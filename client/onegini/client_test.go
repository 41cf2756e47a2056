package onegini_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	client "github.com/idemu/idemu/client/onegini"
	"github.com/idemu/idemu/emulator"
	provider "github.com/idemu/idemu/emulator/onegini"
)

func startEmulator(t *testing.T) string {
	t.Helper()
	emu, err := emulator.New(emulator.Config{Providers: []string{"onegini"}, Ports: map[string]int{"onegini": 0}})
	require.NoError(t, err)
	require.NoError(t, emu.Start())
	t.Cleanup(func() { _ = emu.Close(context.Background()) })
	return emu.URL("onegini")
}

func ptr[T any](v T) *T { return &v }

// TestGeneratedClientRoundTrip writes through the typed client and reads the writes
// back, in v2 and in the v1 view derived from it.
func TestGeneratedClientRoundTrip(t *testing.T) {
	ctx := context.Background()
	c, err := client.NewAuthenticated(startEmulator(t), provider.DefaultUsername, provider.DefaultPassword)
	require.NoError(t, err)

	step, err := c.UpdateStepUpWithResponse(ctx, client.StepUpConfiguration{Stategy: ptr(client.STRONGESTAVAILABLE)})
	require.NoError(t, err)
	require.Equal(t, http.StatusNoContent, step.StatusCode())
	got, err := c.GetStepUpWithResponse(ctx)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, got.StatusCode())
	require.Equal(t, client.STRONGESTAVAILABLE, *got.JSON200.Stategy)
	require.Equal(t, 3, *got.JSON200.Actions.DefaultStepUpAuthenticationLevel, "fields left out stay")

	batch, err := c.UpdateLocaleCustomMessagesWithResponse(ctx, "de_AT", client.LocaleCustomMessages{"greeting": "Servus"})
	require.NoError(t, err)
	require.Equal(t, http.StatusNoContent, batch.StatusCode())
	v1, err := c.GetConfigurationWithResponse(ctx, &client.GetConfigurationParams{Fields: &[]client.Fields{client.FieldsMessages}})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, v1.StatusCode())
	require.Equal(t, "Servus", (*v1.JSON200.Messages)["de_AT"]["greeting"])
	require.Nil(t, v1.JSON200.PasswordPolicy)

	added, err := c.AddWhitelistedUrlWithResponse(ctx, client.WhitelistedUrl{Url: ptr("https://client.example.test/cb")})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, added.StatusCode())
	require.NotNil(t, added.JSON201.Id)
	list, err := c.GetWhitelistedUrlsWithResponse(ctx)
	require.NoError(t, err)
	require.Len(t, *list.JSON200.WhitelistedUrls, 2)
	del, err := c.DeleteWhitelistedUrlWithResponse(ctx, added.JSON201.Id.String())
	require.NoError(t, err)
	require.Equal(t, http.StatusNoContent, del.StatusCode())

	idps, err := c.GetIdentityProvidersWithResponse(ctx)
	require.NoError(t, err)
	require.Equal(t, "Facebook", *(*idps.JSON200.Result)[0].Name)
}

func TestClientWithWrongCredentialsGets401WithoutBody(t *testing.T) {
	c, err := client.NewAuthenticated(startEmulator(t), provider.DefaultUsername, "wrong")
	require.NoError(t, err)
	resp, err := c.GetCIMConfigurationWithResponse(context.Background())
	require.NoError(t, err)
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode())
	require.Empty(t, resp.Body)
	require.Nil(t, resp.JSON200)
}
