// Package clock is the emulator's one source of time. Token expiry, code expiry,
// timestamps and the outbox all read a Clock, so the admin API can move time forward
// and a test can watch a token expire without sleeping. Nothing else calls time.Now.
package clock

import (
	"sync"
	"time"
)

// Clock tells the current time.
type Clock interface {
	Now() time.Time
}

// Adjustable is wall time plus an offset the admin API can change. Time keeps
// flowing after an advance or a set; only the offset moves.
type Adjustable struct {
	mu     sync.RWMutex
	offset time.Duration
	wall   func() time.Time
}

// New returns an Adjustable clock that starts at wall time.
func New() *Adjustable {
	return &Adjustable{wall: time.Now}
}

// NewAt returns an Adjustable clock whose wall source is fixed at t, for tests that
// need exact timestamps.
func NewAt(t time.Time) *Adjustable {
	return &Adjustable{wall: func() time.Time { return t }}
}

// Now returns the emulated time, in UTC and truncated to microseconds so that it
// survives a JSON round trip unchanged.
func (c *Adjustable) Now() time.Time {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.wall().Add(c.offset).UTC().Truncate(time.Microsecond)
}

// Advance moves the clock forward by d (a negative d moves it back).
func (c *Adjustable) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
	return c.Now()
}

// Set moves the clock so that Now returns t at this instant.
func (c *Adjustable) Set(t time.Time) time.Time {
	c.mu.Lock()
	c.offset = t.Sub(c.wall())
	c.mu.Unlock()
	return c.Now()
}

// Offset is how far the clock is from wall time.
func (c *Adjustable) Offset() time.Duration {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.offset
}

// Reset puts the clock back on wall time.
func (c *Adjustable) Reset() time.Time {
	c.mu.Lock()
	c.offset = 0
	c.mu.Unlock()
	return c.Now()
}
