package token

import (
	"testing"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/stretchr/testify/require"
)

// TestSignWithHeadersAddsFieldsButNotKid: extra header fields are signed in, and cannot
// replace the kid a verifier picks the key by.
func TestSignWithHeadersAddsFieldsButNotKid(t *testing.T) {
	k := newKey(t, RS256)
	raw, err := SignWithHeaders(k, "JWT", map[string]any{"ver": 4, "kid": "forged"}, claimsAt(t0))
	require.NoError(t, err)
	obj, err := jose.ParseSigned(raw, acceptedAlgs)
	require.NoError(t, err)
	require.EqualValues(t, 4, obj.Signatures[0].Header.ExtraHeaders["ver"])
	require.Equal(t, k.ID, obj.Signatures[0].Header.KeyID)
	_, err = Verify(raw, KeySet{Keys: []*Key{k}}, t0)
	require.NoError(t, err)
}
