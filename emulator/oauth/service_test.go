package oauth

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/clock"
	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/emulator/token"
)

func setup(t *testing.T) (*Service, *store.Store, *clock.Adjustable) {
	t.Helper()
	clk := clock.NewAt(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
	st, err := store.Open(store.Options{Clock: clk})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	return New(token.ES256), st, clk
}

func issue(t *testing.T, s *Service, st *store.Store, tenant string, ttl time.Duration) string {
	t.Helper()
	var raw string
	require.NoError(t, st.Update(func(tx *store.Tx) (err error) {
		raw, _, err = s.IssueAccess(tx, tenant, Access{Issuer: "http://x", Subject: "u1", ClientID: "c1", TTL: ttl, Scope: []string{"a", "b"}})
		return err
	}))
	return raw
}

func verify(s *Service, st *store.Store, tenant, raw string) (claims map[string]any, err error) {
	_ = st.View(func(tx *store.Tx) error {
		claims, err = s.Verify(tx, tenant, raw)
		return nil
	})
	return
}

func TestAccessTokenExpiresOnTheEmulatorClock(t *testing.T) {
	s, st, clk := setup(t)
	raw := issue(t, s, st, "t1", time.Hour)
	claims, err := verify(s, st, "t1", raw)
	require.NoError(t, err)
	require.Equal(t, "a b", claims["scope"])
	clk.Advance(time.Hour)
	_, err = verify(s, st, "t1", raw)
	require.ErrorIs(t, err, ErrExpiredToken)
}

func TestATokenOfOneTenantIsInvalidInAnother(t *testing.T) {
	s, st, _ := setup(t)
	raw := issue(t, s, st, "t1", time.Hour)
	issue(t, s, st, "t2", time.Hour) // t2 has keys of its own
	_, err := verify(s, st, "t2", raw)
	require.ErrorIs(t, err, ErrInvalidToken)
	_, err = verify(s, st, "never-seeded", raw)
	require.ErrorIs(t, err, ErrInvalidToken)
}

func TestRefreshRotationAndReuseRevokesTheFamily(t *testing.T) {
	s, st, _ := setup(t)
	var first, second string
	require.NoError(t, st.Update(func(tx *store.Tx) (err error) {
		first, err = s.IssueRefresh(tx, "t1", Grant{ClientID: "c1", Subject: "u1"}, time.Hour)
		return err
	}))
	require.NoError(t, st.Update(func(tx *store.Tx) error {
		g, err := s.Rotate(tx, "t1", first, "c1")
		if err != nil {
			return err
		}
		second, err = s.IssueRefresh(tx, "t1", g, time.Hour)
		return err
	}))
	rotate := func(raw, client string) (err error) {
		_ = st.Update(func(tx *store.Tx) error { _, err = s.Rotate(tx, "t1", raw, client); return nil })
		return
	}
	require.ErrorIs(t, rotate(second, "other-client"), ErrWrongClient)
	require.ErrorIs(t, rotate(first, "c1"), ErrReusedToken, "the spent token came back")
	require.ErrorIs(t, rotate(second, "c1"), ErrRevokedToken, "its whole family is revoked")
	require.ErrorIs(t, rotate("unknown", "c1"), ErrInvalidToken)
}

func TestRevocationAndIntrospection(t *testing.T) {
	s, st, clk := setup(t)
	raw := issue(t, s, st, "t1", time.Hour)
	var refresh string
	require.NoError(t, st.Update(func(tx *store.Tx) (err error) {
		refresh, err = s.IssueRefresh(tx, "t1", Grant{ClientID: "c1", Subject: "u1", Scope: []string{"a"}}, time.Hour)
		return err
	}))
	introspect := func(tok string) (out map[string]any) {
		_ = st.View(func(tx *store.Tx) error { out = s.Introspect(tx, "t1", tok); return nil })
		return
	}
	require.Equal(t, true, introspect(raw)["active"])
	require.Equal(t, "c1", introspect(raw)["client_id"])
	require.Equal(t, "refresh_token", introspect(refresh)["token_type"])

	revoke := func(tok, client string) {
		require.NoError(t, st.Update(func(tx *store.Tx) error { return s.Revoke(tx, "t1", tok, "", client) }))
	}
	revoke(raw, "someone-else")
	require.Equal(t, true, introspect(raw)["active"], "only the token's own client may revoke it")
	revoke(raw, "c1")
	require.Equal(t, map[string]any{"active": false}, introspect(raw))
	_, err := verify(s, st, "t1", raw)
	require.ErrorIs(t, err, ErrRevokedToken)
	revoke(refresh, "c1")
	require.Equal(t, false, introspect(refresh)["active"])
	revoke("garbage", "c1") // RFC 7009: unknown tokens are not an error

	short := issue(t, s, st, "t1", time.Minute)
	require.Equal(t, true, introspect(short)["active"])
	clk.Advance(2 * time.Minute)
	require.Equal(t, map[string]any{"active": false}, introspect(short), "an expired token is inactive")
}
