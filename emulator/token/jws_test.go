package token

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/stretchr/testify/require"
)

func claimsAt(now time.Time) map[string]any {
	return map[string]any{
		"iss": "https://issuer.example",
		"sub": "user-1",
		"aud": "client-1",
		"iat": now.Unix(),
		"exp": now.Add(time.Hour).Unix(),
	}
}

func TestSignVerifyEachAlg(t *testing.T) {
	for _, alg := range allAlgs {
		for _, typ := range []string{"JWT", "at+jwt"} {
			t.Run(alg+"/"+typ, func(t *testing.T) {
				k := newKey(t, alg)
				raw, err := Sign(k, typ, claimsAt(t0))
				require.NoError(t, err)
				require.Equal(t, 2, strings.Count(raw, "."))

				hAlg, kid, hTyp, err := Header(raw)
				require.NoError(t, err)
				require.Equal(t, alg, hAlg)
				require.Equal(t, k.ID, kid)
				require.Equal(t, typ, hTyp)

				claims, err := Verify(raw, KeySet{Keys: []*Key{k}}, t0)
				require.NoError(t, err)
				require.Equal(t, "user-1", claims["sub"])
				exp, ok := claims["exp"].(json.Number)
				require.True(t, ok, "numbers come back as json.Number")
				n, err := exp.Int64()
				require.NoError(t, err)
				require.Equal(t, t0.Add(time.Hour).Unix(), n)
			})
		}
	}
}

func TestSignWithoutTyp(t *testing.T) {
	k := newKey(t, ES256)
	raw, err := Sign(k, "", nil)
	require.NoError(t, err)
	_, _, typ, err := Header(raw)
	require.NoError(t, err)
	require.Empty(t, typ)
	claims, err := Verify(raw, KeySet{Keys: []*Key{k}}, t0)
	require.NoError(t, err)
	require.Empty(t, claims)
}

func TestVerifyRetiredKeyStillAccepted(t *testing.T) {
	old := newKey(t, RS256)
	raw, err := Sign(old, "JWT", claimsAt(t0))
	require.NoError(t, err)
	rotated := KeySet{Keys: []*Key{newKey(t, RS256), old}}
	_, err = Verify(raw, rotated, t0)
	require.NoError(t, err)
}

func TestVerifyTimeChecks(t *testing.T) {
	k := newKey(t, ES256)
	ks := KeySet{Keys: []*Key{k}}
	sign := func(c map[string]any) string {
		raw, err := Sign(k, "JWT", c)
		require.NoError(t, err)
		return raw
	}

	cases := map[string]struct {
		claims map[string]any
		want   error
	}{
		"exp in future":    {map[string]any{"exp": t0.Unix() + 1}, nil},
		"exp == now":       {map[string]any{"exp": t0.Unix()}, ErrExpired},
		"exp in past":      {map[string]any{"exp": t0.Unix() - 60}, ErrExpired},
		"fractional exp":   {map[string]any{"exp": float64(t0.Unix()) + 0.5}, nil},
		"nbf == now":       {map[string]any{"nbf": t0.Unix()}, nil},
		"nbf in future":    {map[string]any{"nbf": t0.Unix() + 1}, ErrNotYetValid},
		"no exp, no nbf":   {map[string]any{"sub": "x"}, nil},
		"exp not a number": {map[string]any{"exp": "tomorrow"}, ErrMalformed},
		"nbf not a number": {map[string]any{"nbf": true}, ErrMalformed},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			claims, err := Verify(sign(c.claims), ks, t0)
			if c.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, c.want)
			if c.want == ErrExpired || c.want == ErrNotYetValid {
				require.NotNil(t, claims, "claims are still returned for time errors")
			}
		})
	}
}

// forge builds a compact token from raw header and payload JSON plus a
// signature segment, to exercise inputs Sign would never produce.
func forge(header, payload, sig string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(header)) + "." + enc([]byte(payload)) + "." + sig
}

func TestVerifyRejects(t *testing.T) {
	k := newKey(t, RS256)
	ks := KeySet{Keys: []*Key{k}}
	good, err := Sign(k, "JWT", claimsAt(t0))
	require.NoError(t, err)
	parts := strings.Split(good, ".")

	otherTenant, err := Sign(newKey(t, RS256), "JWT", claimsAt(t0))
	require.NoError(t, err)

	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"admin"}`)) + "." + parts[2]
	badSig := parts[0] + "." + parts[1] + "." + base64.RawURLEncoding.EncodeToString([]byte("not a signature"))

	// An ES256 signature presented under the RS256 key's kid: alg confusion.
	es := newKey(t, ES256)
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: es.signer},
		(&jose.SignerOptions{}).WithHeader("kid", k.ID))
	require.NoError(t, err)
	obj, err := signer.Sign([]byte(`{"sub":"x"}`))
	require.NoError(t, err)
	algMismatch, err := obj.CompactSerialize()
	require.NoError(t, err)

	none := forge(`{"alg":"none","kid":"`+k.ID+`"}`, `{"sub":"x"}`, "")
	hs256 := forge(`{"alg":"HS256","kid":"`+k.ID+`"}`, `{"sub":"x"}`, "c2ln")

	cases := map[string]struct {
		raw  string
		want error
	}{
		"other tenant":     {otherTenant, ErrUnknownKey},
		"no kid":           {forge(`{"alg":"RS256"}`, `{}`, parts[2]), ErrUnknownKey},
		"tampered payload": {tampered, ErrBadSignature},
		"bad signature":    {badSig, ErrBadSignature},
		"alg mismatch":     {algMismatch, ErrUnsupportedAlg},
		"alg none":         {none, ErrUnsupportedAlg},
		"alg HS256":        {hs256, ErrUnsupportedAlg},
		"garbage":          {"garbage", ErrMalformed},
		"empty":            {"", ErrMalformed},
		"four parts":       {good + ".x", ErrMalformed},
		"bad base64":       {"!!!." + parts[1] + "." + parts[2], ErrMalformed},
		"json serialized":  {`{"payload":"e30","protected":"` + parts[0] + `","signature":"` + parts[2] + `"}`, ErrMalformed},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			claims, err := Verify(c.raw, ks, t0)
			require.ErrorIs(t, err, c.want)
			require.Nil(t, claims)
		})
	}
}

func TestVerifyPayloadMustBeObject(t *testing.T) {
	k := newKey(t, ES256)
	for _, payload := range []string{`[1,2]`, `"str"`, `null`, `{"a":1} {"b":2}`, `not json`} {
		signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: k.signer},
			(&jose.SignerOptions{}).WithHeader("kid", k.ID))
		require.NoError(t, err)
		obj, err := signer.Sign([]byte(payload))
		require.NoError(t, err)
		raw, err := obj.CompactSerialize()
		require.NoError(t, err)
		_, err = Verify(raw, KeySet{Keys: []*Key{k}}, t0)
		require.ErrorIs(t, err, ErrMalformed, payload)
	}
}

func TestHeader(t *testing.T) {
	alg, kid, typ, err := Header(forge(`{"alg":"none","kid":"k1","typ":"JWT"}`, `{}`, ""))
	require.NoError(t, err, "Header reports foreign algs; Verify is what rejects them")
	require.Equal(t, []string{"none", "k1", "JWT"}, []string{alg, kid, typ})

	for _, raw := range []string{"", "garbage", "a.b", "a.b.c.d", forge(`{"kid":"k1"}`, `{}`, ""), forge(`not json`, `{}`, "")} {
		_, _, _, err := Header(raw)
		require.ErrorIs(t, err, ErrMalformed, raw)
	}
}

func TestSignVerifyConcurrent(t *testing.T) {
	k := newKey(t, ES384)
	ks := KeySet{Keys: []*Key{k}}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Go(func() {
			raw, err := Sign(k, "JWT", claimsAt(t0))
			if err == nil {
				_, err = Verify(raw, ks, t0)
			}
			require.NoError(t, err)
		})
	}
	wg.Wait()
}
