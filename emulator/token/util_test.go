package token

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestOpaque(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		s := Opaque(32)
		b, err := base64.RawURLEncoding.DecodeString(s)
		require.NoError(t, err)
		require.Len(t, b, 32)
		require.False(t, seen[s])
		seen[s] = true
	}
	require.Len(t, Opaque(1), 2)
	require.Empty(t, Opaque(0))
	require.Empty(t, Opaque(-1))
}

func TestHashHalf(t *testing.T) {
	const v = "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"
	// The at_hash of the OpenID Connect Core spec's example access token.
	require.Equal(t, "77QmUPtjPfzWtF2AnpK9RQ", HashHalf(RS256, v))

	s256 := sha256.Sum256([]byte(v))
	s384 := sha512.Sum384([]byte(v))
	enc := base64.RawURLEncoding.EncodeToString
	require.Equal(t, enc(s256[:16]), HashHalf(ES256, v))
	require.Equal(t, enc(s384[:24]), HashHalf(ES384, v))
	require.Len(t, HashHalf(ES384, v), 32)
	require.Empty(t, HashHalf("none", v))
	require.Empty(t, HashHalf("", v))
}
