package token

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/stretchr/testify/require"
)

// t0 is the fixed "now" of the tests: the package never reads the wall clock
// and neither do its tests.
var t0 = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

var allAlgs = []string{RS256, ES256, ES384}

func newKey(t testing.TB, alg string) *Key {
	t.Helper()
	k, err := GenerateKey(alg, t0)
	require.NoError(t, err)
	return k
}

func TestGenerateKeyIDIsThumbprint(t *testing.T) {
	for _, alg := range allAlgs {
		t.Run(alg, func(t *testing.T) {
			k := newKey(t, alg)
			require.Equal(t, alg, k.Algorithm)
			require.Equal(t, t0, k.CreatedAt)

			pub := k.Public()
			require.True(t, pub.IsPublic())
			require.True(t, pub.Valid())
			require.Equal(t, k.ID, pub.KeyID)
			require.Equal(t, alg, pub.Algorithm)
			require.Equal(t, "sig", pub.Use)

			// Independent thumbprint from a bare public JWK (no kid/alg/use).
			bare := jose.JSONWebKey{Key: pub.Key}
			sum, err := bare.Thumbprint(crypto.SHA256)
			require.NoError(t, err)
			require.Equal(t, base64.RawURLEncoding.EncodeToString(sum), k.ID)
		})
	}
}

func TestGenerateKeyRejectsUnknownAlg(t *testing.T) {
	for _, alg := range []string{"", "HS256", "none", "ES512", "rs256"} {
		_, err := GenerateKey(alg, t0)
		require.ErrorIs(t, err, ErrUnsupportedAlg, alg)
	}
}

func TestKeyJSONRoundTrip(t *testing.T) {
	for _, alg := range allAlgs {
		t.Run(alg, func(t *testing.T) {
			k := newKey(t, alg)
			raw, err := Sign(k, "JWT", map[string]any{"sub": "u1", "exp": t0.Add(time.Hour).Unix()})
			require.NoError(t, err)

			b, err := json.Marshal(k)
			require.NoError(t, err)
			var fields map[string]any
			require.NoError(t, json.Unmarshal(b, &fields))
			require.Contains(t, fields, "d", "stored form must keep the private part")
			require.Equal(t, k.ID, fields["kid"])
			require.Equal(t, alg, fields["alg"])
			require.Equal(t, t0.Format(time.RFC3339Nano), fields["created_at"])

			var back Key
			require.NoError(t, json.Unmarshal(b, &back))
			require.Equal(t, k.ID, back.ID)
			require.Equal(t, k.Algorithm, back.Algorithm)
			require.True(t, k.CreatedAt.Equal(back.CreatedAt))

			// A token signed before the round trip verifies with the reloaded key,
			// and the reloaded key still signs.
			claims, err := Verify(raw, KeySet{Keys: []*Key{&back}}, t0)
			require.NoError(t, err)
			require.Equal(t, "u1", claims["sub"])
			raw2, err := Sign(&back, "JWT", map[string]any{"sub": "u2"})
			require.NoError(t, err)
			_, err = Verify(raw2, KeySet{Keys: []*Key{k}}, t0)
			require.NoError(t, err)
		})
	}
}

func TestKeyUnmarshalRejects(t *testing.T) {
	k := newKey(t, ES256)
	pub, err := json.Marshal(k.Public())
	require.NoError(t, err)

	other, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	wrongKid, err := json.Marshal(jose.JSONWebKey{Key: other, KeyID: k.ID, Algorithm: ES256})
	require.NoError(t, err)
	wrongAlg, err := json.Marshal(jose.JSONWebKey{Key: other, Algorithm: ES384})
	require.NoError(t, err)
	p521, err := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	require.NoError(t, err)
	badCurve, err := json.Marshal(jose.JSONWebKey{Key: p521})
	require.NoError(t, err)
	stored, err := json.Marshal(k)
	require.NoError(t, err)
	var fields map[string]any
	require.NoError(t, json.Unmarshal(stored, &fields))
	fields["created_at"] = "yesterday"
	badTime, err := json.Marshal(fields)
	require.NoError(t, err)

	cases := map[string]struct {
		in   []byte
		want error
	}{
		"public only":   {pub, ErrMalformed},
		"kid mismatch":  {wrongKid, ErrMalformed},
		"alg mismatch":  {wrongAlg, ErrUnsupportedAlg},
		"P-521":         {badCurve, ErrUnsupportedAlg},
		"not json":      {[]byte(`{"kty":`), ErrMalformed},
		"bad timestamp": {badTime, ErrMalformed},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			var got Key
			require.ErrorIs(t, got.UnmarshalJSON(c.in), c.want)
		})
	}

	// A JWK without kid/alg/created_at (e.g. imported) gets them derived.
	bare, err := json.Marshal(jose.JSONWebKey{Key: other})
	require.NoError(t, err)
	var got Key
	require.NoError(t, json.Unmarshal(bare, &got))
	require.Equal(t, ES256, got.Algorithm)
	require.NotEmpty(t, got.ID)
	require.True(t, got.CreatedAt.IsZero())
}

func TestZeroKeyCannotSignOrMarshal(t *testing.T) {
	var k Key
	_, err := Sign(&k, "JWT", nil)
	require.Error(t, err)
	_, err = json.Marshal(&k)
	require.Error(t, err)
	require.Equal(t, jose.JSONWebKey{}, k.Public())
}

func TestKeySet(t *testing.T) {
	active, old := newKey(t, RS256), newKey(t, ES384)
	ks := KeySet{Keys: []*Key{active, old}}

	require.Same(t, active, ks.Active())
	require.Same(t, old, ks.Find(old.ID))
	require.Nil(t, ks.Find("nope"))
	require.Nil(t, ks.Find(""))
	require.Nil(t, KeySet{}.Active())

	b, err := json.Marshal(ks.JWKS())
	require.NoError(t, err)
	var doc struct {
		Keys []map[string]any `json:"keys"`
	}
	require.NoError(t, json.Unmarshal(b, &doc))
	require.Len(t, doc.Keys, 2)
	for i, want := range ks.Keys {
		require.Equal(t, want.ID, doc.Keys[i]["kid"])
		require.Equal(t, want.Algorithm, doc.Keys[i]["alg"])
		require.Equal(t, "sig", doc.Keys[i]["use"])
		for _, private := range []string{"d", "p", "q", "dp", "dq", "qi"} {
			require.NotContains(t, doc.Keys[i], private)
		}
	}

	empty, err := json.Marshal(KeySet{}.JWKS())
	require.NoError(t, err)
	require.JSONEq(t, `{"keys":[]}`, string(empty))
}
