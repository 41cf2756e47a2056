// Package token is the emulator's stateless cryptography: signing keys, JWS
// signing and verification, the public JWKS, and the OIDC discovery document.
//
// It owns no state. The stateful grant logic (authorization codes, refresh
// tokens, sessions, key rotation schedules) lives in the provider packages,
// which keep each tenant's KeySet in their store, call Sign to mint ID and
// access tokens, Verify to check tokens presented back to the emulator
// (introspection, userinfo, id_token_hint), and serve JWKS and Discovery at
// the well-known endpoints. Keeping the crypto here means every emulated
// provider issues tokens a real relying party accepts, and the one place that
// touches private keys is small enough to audit.
//
// All JOSE work goes through github.com/go-jose/go-jose/v4 so that nothing is
// hand-rolled: a token the emulator issues is byte-for-byte what a standard
// library would produce and verify.
//
// Nothing here reads the wall clock. Key creation times and the "now" used for
// exp/nbf checks are passed in, because the emulator has one injectable clock
// (package clock) that tests and the admin API move forward to expire tokens
// without sleeping.
package token

import "errors"

// Algorithms the emulated providers use. Only asymmetric algorithms are
// offered: relying parties verify with the published JWKS, never a secret.
const (
	RS256 = "RS256" // RSA 2048
	ES256 = "ES256" // P-256
	ES384 = "ES384" // P-384 (Logto signs with it)
)

// Errors returned by Verify, Header and key handling. Callers match them with
// errors.Is; some are wrapped with detail.
var (
	ErrMalformed      = errors.New("token: malformed")
	ErrUnknownKey     = errors.New("token: unknown signing key") // kid not in the key set (e.g. token of another tenant)
	ErrBadSignature   = errors.New("token: bad signature")
	ErrExpired        = errors.New("token: expired")
	ErrNotYetValid    = errors.New("token: not yet valid")
	ErrUnsupportedAlg = errors.New("token: unsupported algorithm")
)
