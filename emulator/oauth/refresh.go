package oauth

import (
	"errors"
	"strings"
	"time"

	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/emulator/token"
)

// Grant is what a refresh token stands for: who, for which client, with what scope.
type Grant struct {
	ClientID string         `json:"client_id"`
	Subject  string         `json:"sub"`
	Username string         `json:"username,omitempty"`
	Scope    []string       `json:"scope,omitempty"`
	Audience any            `json:"aud,omitempty"`
	Extra    map[string]any `json:"extra,omitempty"`
	Family   string         `json:"family"`
	IssuedAt time.Time      `json:"iat"`
	Expires  time.Time      `json:"exp"`
}

// refreshRecord is a stored refresh token, keyed by the SHA-256 of its value so the
// store never holds a usable token.
type refreshRecord struct {
	Grant Grant `json:"grant"`
	Used  bool  `json:"used"`
}

// family links every refresh token descended from one login, so reuse of any rotated
// member can revoke them all (as OAuth 2.0 Security BCP recommends).
type family struct {
	Revoked bool `json:"revoked"`
}

// revokedAccess remembers a revoked access token until it would have expired anyway.
type revokedAccess struct {
	RevokedAt time.Time `json:"revoked_at"`
}

// IssueRefresh stores a new refresh token for the grant (a new family when the grant
// has none) and returns its value.
func (s *Service) IssueRefresh(tx *store.Tx, tenant string, g Grant, ttl time.Duration) (string, error) {
	now := tx.Now()
	if g.Family == "" {
		g.Family = token.Opaque(12)
		if err := familyDocs.PutTTL(tx, tenant, g.Family, family{}, now.Add(ttl)); err != nil {
			return "", err
		}
	}
	g.IssuedAt, g.Expires = now, now.Add(ttl)
	raw := token.Opaque(32)
	return raw, refreshDocs.PutTTL(tx, tenant, hashToken(raw), refreshRecord{Grant: g}, g.Expires)
}

// Rotate spends a refresh token and returns its grant, so the caller can issue the next
// pair. A token that was already spent revokes its whole family and fails with
// ErrReusedToken; one of another client fails with ErrWrongClient.
func (s *Service) Rotate(tx *store.Tx, tenant, raw, clientID string) (Grant, error) {
	id := hashToken(raw)
	rec, err := refreshDocs.Get(tx, tenant, id)
	if errors.Is(err, store.ErrNotFound) {
		return Grant{}, ErrInvalidToken
	}
	if err != nil {
		return Grant{}, err
	}
	if rec.Grant.ClientID != clientID {
		return Grant{}, ErrWrongClient
	}
	fam, err := familyDocs.Get(tx, tenant, rec.Grant.Family)
	if err != nil || fam.Revoked {
		return Grant{}, ErrRevokedToken
	}
	if rec.Used {
		if _, err := familyDocs.Update(tx, tenant, rec.Grant.Family, func(f *family) error {
			f.Revoked = true
			return nil
		}); err != nil {
			return Grant{}, err
		}
		return Grant{}, ErrReusedToken
	}
	if _, err := refreshDocs.Update(tx, tenant, id, func(r *refreshRecord) error {
		r.Used = true
		return nil
	}); err != nil {
		return Grant{}, err
	}
	return rec.Grant, nil
}

// Revoke revokes a refresh token (its whole family) or an access token (until it
// expires). Per RFC 7009 an unknown or invalid token is not an error. hint may be
// "refresh_token", "access_token" or empty. A token of another client is left alone.
func (s *Service) Revoke(tx *store.Tx, tenant, raw, hint, clientID string) error {
	if hint != "access_token" {
		if rec, err := refreshDocs.Get(tx, tenant, hashToken(raw)); err == nil {
			if rec.Grant.ClientID != clientID {
				return nil
			}
			_, err := familyDocs.Update(tx, tenant, rec.Grant.Family, func(f *family) error {
				f.Revoked = true
				return nil
			})
			if errors.Is(err, store.ErrNotFound) {
				return nil
			}
			return err
		}
	}
	claims, err := s.Verify(tx, tenant, raw)
	if err != nil {
		return nil
	}
	if cid, _ := claims["client_id"].(string); cid != clientID {
		return nil
	}
	jti, _ := claims["jti"].(string)
	exp := unixClaim(claims["exp"])
	if jti == "" {
		return nil
	}
	return revokedDocs.PutTTL(tx, tenant, jti, revokedAccess{RevokedAt: tx.Now()}, exp)
}

// Introspect answers RFC 7662 for a token: {"active": false} for anything not currently
// valid, else its claims. Refresh tokens answer with their grant.
func (s *Service) Introspect(tx *store.Tx, tenant, raw string) map[string]any {
	inactive := map[string]any{"active": false}
	if rec, err := refreshDocs.Get(tx, tenant, hashToken(raw)); err == nil {
		fam, ferr := familyDocs.Get(tx, tenant, rec.Grant.Family)
		if rec.Used || ferr != nil || fam.Revoked {
			return inactive
		}
		out := map[string]any{
			"active": true, "token_type": "refresh_token", "client_id": rec.Grant.ClientID,
			"sub": rec.Grant.Subject, "iat": rec.Grant.IssuedAt.Unix(), "exp": rec.Grant.Expires.Unix(),
		}
		if rec.Grant.Username != "" {
			out["username"] = rec.Grant.Username
		}
		if len(rec.Grant.Scope) > 0 {
			out["scope"] = joinScope(rec.Grant.Scope)
		}
		return out
	}
	claims, err := s.Verify(tx, tenant, raw)
	if err != nil {
		return inactive
	}
	out := map[string]any{"active": true, "token_type": "access_token"}
	for k, v := range claims {
		out[k] = v
	}
	return out
}

func unixClaim(v any) time.Time {
	switch n := v.(type) {
	case float64:
		return time.Unix(int64(n), 0)
	case int64:
		return time.Unix(n, 0)
	case interface{ Int64() (int64, error) }:
		i, _ := n.Int64()
		return time.Unix(i, 0)
	}
	return time.Time{}
}

func joinScope(s []string) string { return strings.Join(s, " ") }
