package logto

import (
	"crypto/rand"
	"encoding/hex"
	"math/big"
)

// Logto's ids come from nanoid with custom alphabets (packages/shared/src/utils/id.ts).
const (
	lowerAlphanumeric = "0123456789abcdefghijklmnopqrstuvwxyz"
	alphanumeric      = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	nanoidAlphabet    = "useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict"
	internalPrefix    = "#internal:"
)

func randomString(alphabet string, n int) string {
	out := make([]byte, n)
	max := big.NewInt(int64(len(alphabet)))
	for i := range out {
		j, _ := rand.Int(rand.Reader, max) // crypto/rand does not fail on supported platforms
		out[i] = alphabet[j.Int64()]
	}
	return string(out)
}

// standardID is generateStandardId: 21 lower-case alphanumerics (applications, roles,
// resources, scopes, ...).
func standardID() string { return randomString(lowerAlphanumeric, 21) }

// shortID is generateStandardShortId: 12 lower-case alphanumerics (users, organizations).
func shortID() string { return randomString(lowerAlphanumeric, 12) }

// standardSecret is generateStandardSecret: 32 alphanumerics, upper case included.
func standardSecret() string { return randomString(alphanumeric, 32) }

// tokenID is nanoid's default: 21 URL-safe characters (node-oidc-provider's jti).
func tokenID() string { return randomString(nanoidAlphabet, 21) }

// caseSensitiveKey lets a unique index that folds case (the store's) compare exactly:
// hex digits have no case.
func caseSensitiveKey(s string) string { return hex.EncodeToString([]byte(s)) }
