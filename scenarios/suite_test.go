package scenarios_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator"
	"github.com/idemu/idemu/scenarios"
)

// TestConformance runs every provider's features against an in-process emulator over
// real loopback HTTP, with the @emulator scenarios included. The suite's credentials
// are the default tenant's first seeded client, as /_emulator/info lists them.
func TestConformance(t *testing.T) {
	emu, err := emulator.New(emulator.Config{Ports: emulator.FreePorts()})
	require.NoError(t, err)
	require.NoError(t, emu.Start())
	t.Cleanup(func() { _ = emu.Close(context.Background()) })

	for _, p := range emu.Providers() {
		t.Run(p, func(t *testing.T) {
			tenants, err := emu.Info(p)
			require.NoError(t, err)
			require.NotEmpty(t, tenants[0].Clients, "the default tenant of %s has no client", p)
			status, err := scenarios.Run(scenarios.Options{
				Provider: p, BaseURL: emu.URL(p), Emulator: true, Format: "progress", T: t,
				ClientID: tenants[0].Clients[0].ID, ClientSecret: tenants[0].Clients[0].Secret,
			})
			require.NoError(t, err)
			require.Zero(t, status, "the %s suite failed", p)
		})
	}
}
