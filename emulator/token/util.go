package token

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"hash"
	"strings"
)

// Opaque returns n random bytes from crypto/rand, base64url-encoded without
// padding. It serves refresh tokens, authorization codes and ids: values whose
// only property is being unguessable, so they carry no structure to parse.
func Opaque(n int) string {
	if n <= 0 {
		return ""
	}
	b := make([]byte, n)
	// crypto/rand.Read never fails on supported platforms (it crashes the
	// program instead), so there is no error to hand back.
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashHalf computes an OIDC at_hash or c_hash (OIDC Core 3.1.3.6): the left
// half of the digest of value's ASCII bytes, base64url without padding. The
// hash is the one of the ID token's alg: SHA-256 for *256, SHA-384 for *384,
// SHA-512 for *512. It returns "" for an alg it cannot map, which a relying
// party will then reject, rather than guessing a hash.
func HashHalf(alg, value string) string {
	var h hash.Hash
	switch {
	case strings.HasSuffix(alg, "256"):
		h = sha256.New()
	case strings.HasSuffix(alg, "384"):
		h = sha512.New384()
	case strings.HasSuffix(alg, "512"):
		h = sha512.New()
	default:
		return ""
	}
	h.Write([]byte(value))
	sum := h.Sum(nil)
	return base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2])
}
