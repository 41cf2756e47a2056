package appid_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	client "github.com/idemu/idemu/client/appid"
	"github.com/idemu/idemu/emulator"
	provider "github.com/idemu/idemu/emulator/appid"
)

func startEmulator(t *testing.T) string {
	t.Helper()
	emu, err := emulator.New(emulator.Config{Ports: map[string]int{"appid": 0}, Providers: []string{"appid"}})
	require.NoError(t, err)
	require.NoError(t, emu.Start())
	t.Cleanup(func() { _ = emu.Close(context.Background()) })
	return emu.URL("appid")
}

// TestGeneratedClientRoundTrip registers an application with an IAM token, then signs
// a user in through App ID's OAuth server with that application.
func TestGeneratedClientRoundTrip(t *testing.T) {
	ctx := context.Background()
	base := startEmulator(t)
	c, err := client.NewAuthenticated(base, client.IAMAPIKey(ctx, base, provider.DefaultAPIKey))
	require.NoError(t, err)

	kind := client.Regularwebapp
	reg, err := c.RegisterApplicationWithResponse(ctx, provider.DefaultTenant, client.RegisterApplication{Name: "generated", Type: &kind})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, reg.StatusCode(), string(reg.Body))

	list, err := c.ListApplicationsWithResponse(ctx, provider.DefaultTenant)
	require.NoError(t, err)
	require.Len(t, list.JSON200.Applications, 2)

	ts, err := client.PasswordGrant(ctx, base, provider.DefaultTenant, *reg.JSON200.ClientId, *reg.JSON200.Secret,
		provider.DefaultUserEmail, provider.DefaultPassword)
	require.NoError(t, err)
	tok, err := ts.Token()
	require.NoError(t, err)
	require.NotEmpty(t, tok.Extra("id_token"))

	app, err := client.ApplicationCredentials(ctx, base, provider.DefaultTenant, *reg.JSON200.ClientId, *reg.JSON200.Secret).Token()
	require.NoError(t, err)
	require.NotEmpty(t, app.AccessToken)
}

func TestClientWithoutTokenGets401(t *testing.T) {
	base := startEmulator(t)
	c, err := client.NewClientWithResponses(base)
	require.NoError(t, err)
	resp, err := c.GetTokensConfigWithResponse(context.Background(), provider.DefaultTenant)
	require.NoError(t, err)
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode())
	require.Equal(t, "UNAUTHORIZED", resp.JSON401.Code)
}
