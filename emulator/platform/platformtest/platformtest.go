// Package platformtest builds what a provider is constructed with, for the providers'
// own tests: an in-memory store on a clock fixed at a known instant, an outbox and a
// silent logger, all released when the test ends.
package platformtest

import (
	"log/slog"
	"testing"
	"time"

	"github.com/idemu/idemu/emulator/clock"
	"github.com/idemu/idemu/emulator/outbox"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// StartTime is the instant provider tests begin at, so timestamps are predictable.
func StartTime() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }

// Deps returns a provider's dependencies and the clock they share (to advance it).
func Deps(tb testing.TB, provider string) (platform.Deps, *clock.Adjustable) {
	tb.Helper()
	clk := clock.NewAt(StartTime())
	st, err := store.Open(store.Options{Clock: clk})
	if err != nil {
		tb.Fatalf("platformtest: %v", err)
	}
	tb.Cleanup(func() { _ = st.Close() })
	return platform.Deps{
		Store: st, Clock: clk, Outbox: &outbox.Outbox{Provider: provider},
		Logger: slog.New(slog.DiscardHandler), BcryptCost: 4,
	}, clk
}
