package logto_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

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
