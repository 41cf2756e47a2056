package clock

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestAdvanceAndSetMoveNow(t *testing.T) {
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	c := NewAt(base)
	require.Equal(t, base, c.Now())

	require.Equal(t, base.Add(90*time.Minute), c.Advance(90*time.Minute))
	target := time.Date(2030, 6, 1, 0, 0, 0, 0, time.UTC)
	require.Equal(t, target, c.Set(target))
	require.Equal(t, base, c.Reset())
}

func TestNowIsUTCAndTruncated(t *testing.T) {
	c := NewAt(time.Date(2026, 1, 1, 0, 0, 0, 123456789, time.FixedZone("x", 3600)))
	now := c.Now()
	require.Equal(t, time.UTC, now.Location())
	require.Equal(t, 123456000, now.Nanosecond())
}
