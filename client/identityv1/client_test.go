package identityv1_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	client "github.com/idemu/idemu/client/identityv1"
	"github.com/idemu/idemu/emulator"
	provider "github.com/idemu/idemu/emulator/identityv1"
)

func startEmulator(t *testing.T) string {
	t.Helper()
	emu, err := emulator.New(emulator.Config{Ports: map[string]int{"identityv1": 0}})
	require.NoError(t, err)
	require.NoError(t, emu.Start())
	t.Cleanup(func() { _ = emu.Close(context.Background()) })
	return emu.URL("identityv1")
}

// TestGeneratedClientRoundTrip registers a user with a client token, signs in as that
// user and reads the profile back, all through the generated client.
func TestGeneratedClientRoundTrip(t *testing.T) {
	ctx := context.Background()
	base := startEmulator(t)

	c, err := client.NewAuthenticated(base, client.ClientCredentials(ctx, base, provider.DefaultClientID, provider.DefaultClientSecret))
	require.NoError(t, err)
	first := "Ada"
	reg, err := c.RegisterUserWithResponse(ctx, client.RegisterUserCommand{
		Username: "ada", Password: "Ada-password-1", Email: "ada@example.test", PhoneNumber: "+15550142424", FirstName: &first,
	})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, reg.StatusCode(), string(reg.Body))
	require.NotNil(t, reg.JSON201.UserId)

	again, err := c.RegisterUserWithResponse(ctx, client.RegisterUserCommand{
		Username: "ada", Password: "Ada-password-1", Email: "ada2@example.test", PhoneNumber: "+15550142425",
	})
	require.NoError(t, err)
	require.Equal(t, provider.StatusBusinessProblem, again.StatusCode())

	ts, err := client.PasswordGrant(ctx, base, provider.DefaultClientID, provider.DefaultClientSecret, "ada", "Ada-password-1")
	require.NoError(t, err)
	me, err := client.NewAuthenticated(base, ts)
	require.NoError(t, err)
	profile, err := me.GetMeWithResponse(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, profile.StatusCode(), string(profile.Body))
	require.Equal(t, *reg.JSON201.UserId, *profile.JSON200.UserId)
	require.Equal(t, "Ada", *profile.JSON200.FirstName)
}

func TestClientWithoutTokenGets401(t *testing.T) {
	base := startEmulator(t)
	c, err := client.NewClientWithResponses(base)
	require.NoError(t, err)
	resp, err := c.GetPasswordRequirementsWithResponse(context.Background())
	require.NoError(t, err)
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode())
	require.Equal(t, "unauthorized", resp.JSON401.Problem)
}
