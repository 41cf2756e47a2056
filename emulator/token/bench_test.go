package token

import "testing"

func benchSign(b *testing.B, alg string) {
	k := newKey(b, alg)
	claims := claimsAt(t0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Sign(k, "JWT", claims); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSignRS256(b *testing.B) { benchSign(b, RS256) }
func BenchmarkSignES384(b *testing.B) { benchSign(b, ES384) }

func BenchmarkVerifyRS256(b *testing.B) {
	k := newKey(b, RS256)
	ks := KeySet{Keys: []*Key{k}}
	raw, err := Sign(k, "JWT", claimsAt(t0))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Verify(raw, ks, t0); err != nil {
			b.Fatal(err)
		}
	}
}
