package scenarios_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator"
	"github.com/idemu/idemu/emulator/identityv1"
	"github.com/idemu/idemu/scenarios"
)

// TestConformance runs every provider's features against an in-process emulator over
// real loopback HTTP, with the @emulator scenarios included.
func TestConformance(t *testing.T) {
	emu, err := emulator.New(emulator.Config{Ports: map[string]int{"identityv1": 0}})
	require.NoError(t, err)
	require.NoError(t, emu.Start())
	t.Cleanup(func() { _ = emu.Close(context.Background()) })

	for _, p := range emu.Providers() {
		t.Run(p, func(t *testing.T) {
			status, err := scenarios.Run(scenarios.Options{
				Provider: p, BaseURL: emu.URL(p), Emulator: true, Format: "progress", T: t,
				ClientID: identityv1.DefaultClientID, ClientSecret: identityv1.DefaultClientSecret,
			})
			require.NoError(t, err)
			require.Zero(t, status, "the %s suite failed", p)
		})
	}
}
