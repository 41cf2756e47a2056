package token

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// rsaBits is the modulus size of generated RS256 keys: the size every real
// provider publishes, and the floor accepted when loading a stored key.
const rsaBits = 2048

// Key is one private signing key. Its ID is the RFC 7638 JWK thumbprint
// (SHA-256, base64url, no padding), so the kid is derived from the key itself
// and a reloaded key keeps the kid of the tokens it already signed.
//
// The zero Key has no private key and cannot sign; obtain keys from
// GenerateKey or UnmarshalJSON.
type Key struct {
	ID        string
	Algorithm string
	CreatedAt time.Time

	signer crypto.Signer // *rsa.PrivateKey or *ecdsa.PrivateKey
}

// GenerateKey creates a fresh key for alg (RS256, ES256 or ES384). createdAt
// comes from the emulator clock; it is recorded so rotation can order keys.
func GenerateKey(alg string, createdAt time.Time) (*Key, error) {
	var (
		signer crypto.Signer
		err    error
	)
	switch alg {
	case RS256:
		signer, err = rsa.GenerateKey(rand.Reader, rsaBits)
	case ES256:
		signer, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case ES384:
		signer, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	default:
		return nil, fmt.Errorf("%w: %q", ErrUnsupportedAlg, alg)
	}
	if err != nil {
		return nil, fmt.Errorf("token: generate %s key: %w", alg, err)
	}
	id, err := thumbprint(signer.Public())
	if err != nil {
		return nil, err
	}
	return &Key{ID: id, Algorithm: alg, CreatedAt: createdAt, signer: signer}, nil
}

// MarshalJSON encodes the private JWK (kid, alg, use "sig") plus "created_at",
// so a store can persist the key and reload it across restarts. The output
// contains private key material: it must never be served.
func (k *Key) MarshalJSON() ([]byte, error) {
	if k == nil || k.signer == nil {
		return nil, fmt.Errorf("%w: key has no private part", ErrMalformed)
	}
	jwk := jose.JSONWebKey{Key: k.signer, KeyID: k.ID, Algorithm: k.Algorithm, Use: "sig"}
	raw, err := jwk.MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("token: marshal key: %w", err)
	}
	// Merge created_at into the JWK object rather than nesting the JWK, so the
	// stored form is still a valid JWK other tools can read.
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, fmt.Errorf("token: marshal key: %w", err)
	}
	created, err := json.Marshal(k.CreatedAt)
	if err != nil {
		return nil, fmt.Errorf("token: marshal key: %w", err)
	}
	fields["created_at"] = created
	return json.Marshal(fields)
}

// UnmarshalJSON decodes what MarshalJSON produced. It rejects public-only
// keys, keys whose type does not fit their alg, and a kid that is not the
// key's thumbprint, because a store that silently loaded such a key would
// publish a JWKS that no longer matches the tokens it signs.
func (k *Key) UnmarshalJSON(b []byte) error {
	var jwk jose.JSONWebKey
	if err := jwk.UnmarshalJSON(b); err != nil {
		return fmt.Errorf("%w: key: %v", ErrMalformed, err)
	}
	var meta struct {
		CreatedAt time.Time `json:"created_at"`
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return fmt.Errorf("%w: key created_at: %v", ErrMalformed, err)
	}
	signer, ok := jwk.Key.(crypto.Signer)
	if !ok || jwk.IsPublic() {
		return fmt.Errorf("%w: key has no private part", ErrMalformed)
	}
	alg, err := algorithmOf(signer.Public())
	if err != nil {
		return err
	}
	if jwk.Algorithm != "" && jwk.Algorithm != alg {
		return fmt.Errorf("%w: key alg %q does not fit a %s key", ErrUnsupportedAlg, jwk.Algorithm, alg)
	}
	id, err := thumbprint(signer.Public())
	if err != nil {
		return err
	}
	if jwk.KeyID != "" && jwk.KeyID != id {
		return fmt.Errorf("%w: key kid %q is not its thumbprint %q", ErrMalformed, jwk.KeyID, id)
	}
	*k = Key{ID: id, Algorithm: alg, CreatedAt: meta.CreatedAt, signer: signer}
	return nil
}

// Public returns the public JWK with kid, alg and use "sig", as published in
// the JWKS. It is the zero JSONWebKey for a key without private part.
func (k *Key) Public() jose.JSONWebKey {
	if k == nil || k.signer == nil {
		return jose.JSONWebKey{}
	}
	return jose.JSONWebKey{Key: k.signer.Public(), KeyID: k.ID, Algorithm: k.Algorithm, Use: "sig"}
}

// KeySet is one tenant's keys. The first is the active signing key; later
// ones are retired but still published and accepted, so tokens signed before
// a rotation keep verifying until they expire.
type KeySet struct{ Keys []*Key }

// Active returns the signing key, or nil for an empty set.
func (ks KeySet) Active() *Key {
	if len(ks.Keys) == 0 {
		return nil
	}
	return ks.Keys[0]
}

// Find returns the key with that kid, or nil. An empty kid matches nothing:
// the emulator always sets kid, so a token without one was not issued here.
func (ks KeySet) Find(kid string) *Key {
	if kid == "" {
		return nil
	}
	for _, k := range ks.Keys {
		if k != nil && k.ID == kid {
			return k
		}
	}
	return nil
}

// JWKS returns the public keys only. It marshals to {"keys":[...]}, with an
// empty array (not null) for an empty set, which strict clients require.
func (ks KeySet) JWKS() jose.JSONWebKeySet {
	set := jose.JSONWebKeySet{Keys: make([]jose.JSONWebKey, 0, len(ks.Keys))}
	for _, k := range ks.Keys {
		if k != nil && k.signer != nil {
			set.Keys = append(set.Keys, k.Public())
		}
	}
	return set
}

// thumbprint is the RFC 7638 SHA-256 thumbprint of a public key, base64url.
func thumbprint(pub crypto.PublicKey) (string, error) {
	jwk := jose.JSONWebKey{Key: pub}
	sum, err := jwk.Thumbprint(crypto.SHA256)
	if err != nil {
		return "", fmt.Errorf("token: thumbprint: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(sum), nil
}

// algorithmOf maps a public key to the one algorithm this package signs with
// for it; other key types and sizes are refused.
func algorithmOf(pub crypto.PublicKey) (string, error) {
	switch p := pub.(type) {
	case *rsa.PublicKey:
		if p.N.BitLen() < rsaBits {
			return "", fmt.Errorf("%w: RSA key of %d bits", ErrUnsupportedAlg, p.N.BitLen())
		}
		return RS256, nil
	case *ecdsa.PublicKey:
		switch p.Curve {
		case elliptic.P256():
			return ES256, nil
		case elliptic.P384():
			return ES384, nil
		}
		return "", fmt.Errorf("%w: curve %s", ErrUnsupportedAlg, p.Curve.Params().Name)
	}
	return "", fmt.Errorf("%w: key type %T", ErrUnsupportedAlg, pub)
}
