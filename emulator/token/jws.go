package token

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// acceptedAlgs is the allowlist handed to the JWS parser. Verify never trusts
// the token's own alg beyond this list and the key's algorithm, which rules
// out "none" and HMAC-with-public-key confusion.
var acceptedAlgs = []jose.SignatureAlgorithm{jose.RS256, jose.ES256, jose.ES384}

// Sign signs claims with the key as a compact JWS. typ is the JOSE "typ"
// header ("JWT", or "at+jwt" for RFC 9068 access tokens; empty omits it); the
// "kid" header is the key ID so verifiers can pick the key from the JWKS.
// Nil claims sign as an empty object.
func Sign(k *Key, typ string, claims map[string]any) (string, error) {
	return SignWithHeaders(k, typ, nil, claims)
}

// SignWithHeaders is Sign with extra JOSE header fields, for providers whose tokens
// carry their own (App ID's "ver"). alg, kid and typ are always Sign's.
func SignWithHeaders(k *Key, typ string, headers map[string]any, claims map[string]any) (string, error) {
	if k == nil || k.signer == nil {
		return "", fmt.Errorf("%w: no signing key", ErrUnknownKey)
	}
	if claims == nil {
		claims = map[string]any{}
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("token: encode claims: %w", err)
	}
	opts := &jose.SignerOptions{}
	for name, v := range headers {
		opts = opts.WithHeader(jose.HeaderKey(name), v)
	}
	opts = opts.WithHeader(jose.HeaderKey("kid"), k.ID)
	if typ != "" {
		opts = opts.WithType(jose.ContentType(typ))
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.SignatureAlgorithm(k.Algorithm), Key: k.signer}, opts)
	if err != nil {
		return "", fmt.Errorf("token: signer for %s key: %w", k.Algorithm, err)
	}
	obj, err := signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("token: sign: %w", err)
	}
	return obj.CompactSerialize()
}

// Verify checks a compact JWS against the key set and returns its claims.
//
// The key is looked up by the kid header (ErrUnknownKey if absent, e.g. a
// token of another tenant) and the header alg must equal that key's algorithm
// (ErrUnsupportedAlg otherwise). After the signature (ErrBadSignature), exp
// and nbf are checked against now with no leeway: the emulator's clock is the
// only clock, so skew does not exist and tests can hit the exact second.
// exp <= now is ErrExpired, nbf > now is ErrNotYetValid; absent claims are not
// checked.
//
// Numbers in the returned claims are json.Number, never float64, so integer
// claims such as exp, iat and auth_time survive exactly (use Int64).
//
// On ErrExpired and ErrNotYetValid the claims are returned along with the
// error: the signature was good, and callers such as introspection or an
// end-session id_token_hint legitimately read an expired token's claims.
func Verify(raw string, ks KeySet, now time.Time) (map[string]any, error) {
	obj, err := jose.ParseSignedCompact(raw, acceptedAlgs)
	if err != nil {
		var unexpected *jose.ErrUnexpectedSignatureAlgorithm
		if errors.As(err, &unexpected) {
			return nil, fmt.Errorf("%w: %q", ErrUnsupportedAlg, unexpected.Got)
		}
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if len(obj.Signatures) != 1 {
		return nil, fmt.Errorf("%w: want exactly one signature", ErrMalformed)
	}
	hdr := obj.Signatures[0].Header
	key := ks.Find(hdr.KeyID)
	if key == nil || key.signer == nil {
		return nil, fmt.Errorf("%w: kid %q", ErrUnknownKey, hdr.KeyID)
	}
	if hdr.Algorithm != key.Algorithm {
		return nil, fmt.Errorf("%w: header alg %q, key %s is %s", ErrUnsupportedAlg, hdr.Algorithm, key.ID, key.Algorithm)
	}
	payload, err := obj.Verify(key.signer.Public())
	if err != nil {
		return nil, ErrBadSignature
	}
	claims, err := decodeClaims(payload)
	if err != nil {
		return nil, err
	}
	if exp, ok, err := numericDate(claims, "exp"); err != nil {
		return nil, err
	} else if ok && !now.Before(exp) {
		return claims, ErrExpired
	}
	if nbf, ok, err := numericDate(claims, "nbf"); err != nil {
		return nil, err
	} else if ok && now.Before(nbf) {
		return claims, ErrNotYetValid
	}
	return claims, nil
}

// Header returns the alg, kid and typ header fields of a compact JWS without
// verifying it, for routing and diagnostics only (never trust them). Any alg
// the token declares is reported, "none" included; ErrMalformed if raw is not
// a compact JWS.
func Header(raw string) (alg, kid, typ string, err error) {
	obj, err := jose.ParseSignedCompact(raw, acceptedAlgs)
	var unexpected *jose.ErrUnexpectedSignatureAlgorithm
	if errors.As(err, &unexpected) && unexpected.Got != "" {
		// The parser insists on an allowlist; to report a foreign alg, parse
		// again allowing exactly the alg the token declares.
		obj, err = jose.ParseSignedCompact(raw, []jose.SignatureAlgorithm{unexpected.Got})
	}
	if err != nil {
		return "", "", "", fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if len(obj.Signatures) != 1 {
		return "", "", "", fmt.Errorf("%w: want exactly one signature", ErrMalformed)
	}
	h := obj.Signatures[0].Header
	typ, _ = h.ExtraHeaders[jose.HeaderType].(string)
	return h.Algorithm, h.KeyID, typ, nil
}

// decodeClaims parses a JWT payload, which must be exactly one JSON object.
func decodeClaims(payload []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	var claims map[string]any
	if err := dec.Decode(&claims); err != nil || claims == nil {
		return nil, fmt.Errorf("%w: payload is not a JSON object", ErrMalformed)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: trailing data after claims", ErrMalformed)
	}
	return claims, nil
}

// numericDate reads an RFC 7519 NumericDate claim (seconds since the epoch,
// possibly fractional). ok is false when the claim is absent.
func numericDate(claims map[string]any, name string) (t time.Time, ok bool, err error) {
	v, present := claims[name]
	if !present {
		return time.Time{}, false, nil
	}
	n, isNum := v.(json.Number)
	if !isNum {
		return time.Time{}, false, fmt.Errorf("%w: %s is not a number", ErrMalformed, name)
	}
	if secs, err := n.Int64(); err == nil {
		return time.Unix(secs, 0), true, nil
	}
	f, err := n.Float64()
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return time.Time{}, false, fmt.Errorf("%w: %s is not a number", ErrMalformed, name)
	}
	whole, frac := math.Modf(f)
	return time.Unix(int64(whole), int64(frac*1e9)), true, nil
}
