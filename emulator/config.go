package emulator

import (
	"fmt"
	"log/slog"
	"slices"

	"github.com/idemu/idemu/emulator/clock"
	"github.com/idemu/idemu/fixtures"
)

// Config is everything New needs. The CLI builds it from flags and environment;
// tests build it directly. Server packages never read the environment themselves.
type Config struct {
	// Host is the address listeners bind to (default 127.0.0.1).
	Host string
	// Ports overrides a provider's port; 0 picks a free port. A provider missing from
	// the map gets its documented default port (see DefaultPort).
	Ports map[string]int
	// Providers to start (default: every implemented one).
	Providers []string
	// DataDir persists each provider's store as <DataDir>/<provider>.db; empty keeps
	// everything in memory.
	DataDir string
	// Fixtures are loaded after each provider's defaults, for the provider they name.
	Fixtures []*fixtures.Document
	// BcryptCost hashes stored passwords (default 4, the minimum, to keep seeding fast).
	BcryptCost int
	// Clock is shared by all providers (default: wall time, adjustable by the admin API).
	Clock *clock.Adjustable
	// Logger receives error and start-up lines (default: discard).
	Logger *slog.Logger
	// RequestLogSize is how many requests /_emulator/requests keeps (default 500).
	RequestLogSize int
}

// Implemented lists the providers this build can emulate, in display order.
func Implemented() []string {
	var out []string
	for _, r := range registry() {
		out = append(out, r.name)
	}
	return out
}

// Known lists every provider idemu is meant to emulate, implemented or not.
func Known() []string { return []string{"logto", "akamai", "appid", "onegini", "identityv1"} }

// DefaultPort is the documented fixed port of a provider.
func DefaultPort(provider string) int {
	switch provider {
	case "logto":
		return 4701
	case "akamai":
		return 4702
	case "appid":
		return 4703
	case "onegini":
		return 4704
	case "identityv1":
		return 4705
	}
	return 0
}

func (c Config) withDefaults() (Config, error) {
	if c.Host == "" {
		c.Host = "127.0.0.1"
	}
	if len(c.Providers) == 0 {
		c.Providers = Implemented()
	}
	for _, p := range c.Providers {
		if !slices.Contains(Implemented(), p) {
			return c, fmt.Errorf("provider %q is not implemented (implemented: %v)", p, Implemented())
		}
	}
	if c.BcryptCost == 0 {
		c.BcryptCost = 4
	}
	if c.BcryptCost < 4 || c.BcryptCost > 31 {
		return c, fmt.Errorf("bcrypt cost %d is outside 4..31", c.BcryptCost)
	}
	if c.Clock == nil {
		c.Clock = clock.New()
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.RequestLogSize <= 0 {
		c.RequestLogSize = 500
	}
	for _, doc := range c.Fixtures {
		if !slices.Contains(c.Providers, doc.Provider) {
			return c, fmt.Errorf("a fixture is for %q, which is not started (started: %v)", doc.Provider, c.Providers)
		}
	}
	return c, nil
}

// FreePorts maps every provider to port 0, so each listens on any free port: for tests
// and for several emulators on one machine.
func FreePorts() map[string]int {
	out := map[string]int{}
	for _, p := range Known() {
		out[p] = 0
	}
	return out
}
