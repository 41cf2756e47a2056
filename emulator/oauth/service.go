package oauth

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/emulator/token"
)

// Errors a provider maps to its own envelope.
var (
	ErrInvalidToken = errors.New("oauth: invalid token")        // unknown, malformed, bad signature, other tenant
	ErrExpiredToken = errors.New("oauth: token expired")        // signature fine, past exp
	ErrRevokedToken = errors.New("oauth: token revoked")        // revoked access token or refresh family
	ErrReusedToken  = errors.New("oauth: refresh token reused") // a rotated refresh token came back
	ErrWrongClient  = errors.New("oauth: token belongs to another client")
)

// Service issues and checks tokens for one provider's store.
type Service struct {
	// Algorithm signs every tenant's tokens (RS256, ES384, ...).
	Algorithm string

	mu    sync.Mutex
	cache map[string]cachedKeys // tenant -> parsed keys, keyed by their stored JSON
}

type cachedKeys struct {
	raw  string
	keys token.KeySet
}

// New returns a Service that signs with alg.
func New(alg string) *Service {
	return &Service{Algorithm: alg, cache: map[string]cachedKeys{}}
}

var (
	keyDocs     = store.Collection[[]*token.Key]{Name: "oauth-keys"}
	refreshDocs = store.Collection[refreshRecord]{Name: "oauth-refresh"}
	familyDocs  = store.Collection[family]{Name: "oauth-family"}
	revokedDocs = store.Collection[revokedAccess]{Name: "oauth-revoked"}
)

const keysID = "signing"

// EnsureKeys returns the tenant's key set, generating and storing a key the first time.
// It needs a writable transaction when the tenant has no key yet.
func (s *Service) EnsureKeys(tx *store.Tx, tenant string) (token.KeySet, error) {
	ks, err := s.Keys(tx, tenant)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return ks, err
	}
	k, err := token.GenerateKey(s.Algorithm, tx.Now())
	if err != nil {
		return token.KeySet{}, err
	}
	if err := keyDocs.Put(tx, tenant, keysID, []*token.Key{k}); err != nil {
		return token.KeySet{}, err
	}
	return token.KeySet{Keys: []*token.Key{k}}, nil
}

// Keys returns the tenant's stored key set (store.ErrNotFound when it has none).
// Parsed keys are cached by their stored text, so a restore or reset that changes the
// keys is seen at once.
func (s *Service) Keys(tx *store.Tx, tenant string) (token.KeySet, error) {
	raw, err := tx.GetRaw(tenant, keyDocs.Name, keysID)
	if err != nil {
		return token.KeySet{}, err
	}
	s.mu.Lock()
	c, ok := s.cache[tenant]
	s.mu.Unlock()
	if ok && c.raw == string(raw) {
		return c.keys, nil
	}
	var keys []*token.Key
	if err := json.Unmarshal(raw, &keys); err != nil {
		return token.KeySet{}, fmt.Errorf("oauth: stored keys of %s: %w", tenant, err)
	}
	ks := token.KeySet{Keys: keys}
	s.mu.Lock()
	s.cache[tenant] = cachedKeys{raw: string(raw), keys: ks}
	s.mu.Unlock()
	return ks, nil
}

// JWKS is the tenant's public key set (generating a key on first use).
func (s *Service) JWKS(tx *store.Tx, tenant string) (jose.JSONWebKeySet, error) {
	ks, err := s.EnsureKeys(tx, tenant)
	if err != nil {
		return jose.JSONWebKeySet{}, err
	}
	return ks.JWKS(), nil
}

// Sign signs claims with the tenant's active key.
func (s *Service) Sign(tx *store.Tx, tenant, typ string, claims map[string]any) (string, error) {
	return s.SignWithHeaders(tx, tenant, typ, nil, claims)
}

// SignWithHeaders is Sign with extra JOSE header fields (see token.SignWithHeaders).
func (s *Service) SignWithHeaders(tx *store.Tx, tenant, typ string, headers, claims map[string]any) (string, error) {
	ks, err := s.EnsureKeys(tx, tenant)
	if err != nil {
		return "", err
	}
	return token.SignWithHeaders(ks.Active(), typ, headers, claims)
}

// Access describes an access token to issue.
type Access struct {
	Issuer   string
	Subject  string // the user, or the client for a client token
	ClientID string
	Audience any // a string or []string; nil leaves aud out
	Scope    []string
	TTL      time.Duration
	Typ      string         // "JWT" (default) or "at+jwt"
	Extra    map[string]any // provider-specific claims
	Header   map[string]any // provider-specific JOSE header fields (App ID's "ver"); nil for none
}

// IssueAccess signs an access token and returns it with its claims.
func (s *Service) IssueAccess(tx *store.Tx, tenant string, a Access) (string, map[string]any, error) {
	now := tx.Now()
	claims := map[string]any{}
	for k, v := range a.Extra {
		claims[k] = v
	}
	claims["iss"] = a.Issuer
	claims["sub"] = a.Subject
	claims["client_id"] = a.ClientID
	claims["iat"] = now.Unix()
	claims["nbf"] = now.Unix()
	claims["exp"] = now.Add(a.TTL).Unix()
	claims["jti"] = token.Opaque(16)
	if a.Audience != nil {
		claims["aud"] = a.Audience
	}
	if len(a.Scope) > 0 {
		claims["scope"] = strings.Join(a.Scope, " ")
	}
	typ := a.Typ
	if typ == "" {
		typ = "JWT"
	}
	raw, err := s.SignWithHeaders(tx, tenant, typ, a.Header, claims)
	return raw, claims, err
}

// Verify checks a bearer token for the tenant: signature with the tenant's keys (a token
// of another tenant fails here), expiry on the emulator clock, and revocation.
func (s *Service) Verify(tx *store.Tx, tenant, raw string) (map[string]any, error) {
	ks, err := s.Keys(tx, tenant)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, ErrInvalidToken
		}
		return nil, err
	}
	claims, err := token.Verify(raw, ks, tx.Now())
	switch {
	case errors.Is(err, token.ErrExpired):
		return nil, ErrExpiredToken
	case err != nil:
		return nil, ErrInvalidToken
	}
	if jti, _ := claims["jti"].(string); jti != "" {
		if _, err := revokedDocs.Get(tx, tenant, jti); err == nil {
			return nil, ErrRevokedToken
		}
	}
	return claims, nil
}

func hashToken(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}
