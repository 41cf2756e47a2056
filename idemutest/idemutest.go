// Package idemutest runs idemu inside a Go test: StartT starts every provider on random
// loopback ports and stops it when the test ends. The returned Emulator has the same
// helpers as the testcontainers module (URL, Admin, ready clients), so a test can move
// between the two without changes.
package idemutest

import (
	"context"
	"testing"
	"time"

	"github.com/idemu/idemu/client/idemu"
	"github.com/idemu/idemu/emulator"
	"github.com/idemu/idemu/fixtures"
)

// Emulator is an in-process idemu.
type Emulator struct {
	idemu.Instance
	// Server gives access to the emulator itself (its clock, say).
	Server *emulator.Emulator
}

// Option changes the emulator's configuration before it starts.
type Option func(*emulator.Config) error

// WithProviders starts only these providers.
func WithProviders(names ...string) Option {
	return func(c *emulator.Config) error { c.Providers = names; return nil }
}

// WithFixtureFiles loads fixture files at start (they are part of the reset baseline).
func WithFixtureFiles(paths ...string) Option {
	return func(c *emulator.Config) error {
		for _, p := range paths {
			doc, err := fixtures.Load(p)
			if err != nil {
				return err
			}
			c.Fixtures = append(c.Fixtures, doc)
		}
		return nil
	}
}

// WithDataDir persists the state in dir.
func WithDataDir(dir string) Option {
	return func(c *emulator.Config) error { c.DataDir = dir; return nil }
}

// WithConfig changes anything else.
func WithConfig(fn func(*emulator.Config)) Option {
	return func(c *emulator.Config) error { fn(c); return nil }
}

// StartT starts idemu for the duration of a test (or benchmark).
func StartT(tb testing.TB, opts ...Option) *Emulator {
	tb.Helper()
	cfg := emulator.Config{Ports: emulator.FreePorts()}
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			tb.Fatalf("idemutest: %v", err)
		}
	}
	emu, err := emulator.New(cfg)
	if err != nil {
		tb.Fatalf("idemutest: %v", err)
	}
	if err := emu.Start(); err != nil {
		tb.Fatalf("idemutest: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = emu.Close(ctx)
	})
	urls := map[string]string{}
	for _, p := range emu.Providers() {
		urls[p] = emu.URL(p)
	}
	return &Emulator{Instance: idemu.Instance{URLs: urls}, Server: emu}
}
