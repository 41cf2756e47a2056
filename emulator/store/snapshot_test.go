package store

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/clock"
)

// seed gives a tenant a doc with an expiry and a claim, so snapshots must carry all
// three kinds of key.
func seed(t *testing.T, s *Store, tenant string) {
	t.Helper()
	require.NoError(t, s.Update(func(tx *Tx) error {
		require.NoError(t, users.Insert(tx, tenant, "u1", user{Name: tenant + "-ann", Email: "ann@x.io"}))
		require.NoError(t, tx.Claim(tenant, "users", "email", "ann@x.io", "u1"))
		return users.PutTTL(tx, tenant, "code", user{Name: "c"}, t0.Add(time.Hour))
	}))
}

func mutate(t *testing.T, s *Store, tenant string) {
	t.Helper()
	require.NoError(t, s.Update(func(tx *Tx) error {
		_, err := users.Update(tx, tenant, "u1", func(u *user) error { u.Name = "changed"; return nil })
		require.NoError(t, err)
		require.NoError(t, tx.Release(tenant, "users", "email", "ann@x.io", "u1"))
		require.NoError(t, users.Put(tx, tenant, "code", user{Name: "c"})) // drops expiry
		return users.Insert(tx, tenant, "u2", user{Name: "new"})
	}))
}

// state renders a tenant through the public API, expiry included.
func state(t *testing.T, s *Store, tenant string) string {
	t.Helper()
	var b strings.Builder
	require.NoError(t, s.View(func(tx *Tx) error {
		require.NoError(t, users.Each(tx, tenant, func(id string, u user) bool {
			b.WriteString(id + "=" + u.Name + ";")
			return true
		}))
		id, err := tx.Lookup(tenant, "users", "email", "ann@x.io")
		b.WriteString("email:" + id + ";")
		if err != nil {
			require.ErrorIs(t, err, ErrNotFound)
		}
		return nil
	}))
	return b.String()
}

func testSnapshotRestore(t *testing.T, open opener) {
	clk := clock.NewAt(t0)
	s := open(t, clk)
	seed(t, s, "acme")
	seed(t, s, "beta")
	snap, err := s.Snapshot()
	require.NoError(t, err)
	require.Equal(t, 1, snap.Version)

	// The snapshot must survive JSON, which is how the admin API will move it.
	raw, err := json.Marshal(snap)
	require.NoError(t, err)
	var back Snapshot
	require.NoError(t, json.Unmarshal(raw, &back))
	require.Equal(t, snap, back)

	before := state(t, s, "acme") + state(t, s, "beta")
	mutate(t, s, "acme")
	require.NoError(t, s.Update(func(tx *Tx) error { return users.Put(tx, "gamma", "g", user{}) }))
	require.NotEqual(t, before, state(t, s, "acme")+state(t, s, "beta"))

	require.NoError(t, s.Restore(back))
	require.Equal(t, before, state(t, s, "acme")+state(t, s, "beta"))
	require.NoError(t, s.View(func(tx *Tx) error {
		tenants, err := tx.Tenants()
		require.NoError(t, err)
		require.Equal(t, []string{"acme", "beta"}, tenants)
		return nil
	}))
	clk.Advance(time.Hour) // the restored expiry still applies
	require.NotContains(t, state(t, s, "acme"), "code=")

	require.ErrorIs(t, s.Restore(Snapshot{Version: 2}), ErrInvalidSnapshot)
	require.ErrorIs(t, s.RestoreTenant("acme", Snapshot{}), ErrInvalidSnapshot)

	// Entries the store would never have written are refused, and nothing changes.
	kept := state(t, s, "acme") + state(t, s, "beta")
	for _, bad := range []map[string]string{
		{"acme/d/users/u9": "not json"},
		{"acme/x/users/u1": "tomorrow"},
	} {
		require.ErrorIs(t, s.Restore(Snapshot{Version: 1, Entries: bad}), ErrInvalidSnapshot)
		require.ErrorIs(t, s.RestoreTenant("acme", Snapshot{Version: 1, Entries: bad}), ErrInvalidSnapshot)
		require.Equal(t, kept, state(t, s, "acme")+state(t, s, "beta"))
	}
}

func testTenantSnapshotRestore(t *testing.T, open opener) {
	s := open(t, clock.NewAt(t0))
	seed(t, s, "acme")
	seed(t, s, "acme2") // shares a textual prefix with acme
	snap, err := s.SnapshotTenant("acme")
	require.NoError(t, err)
	for k := range snap.Entries {
		require.True(t, strings.HasPrefix(k, "acme/"), k)
	}
	before := state(t, s, "acme")

	mutate(t, s, "acme")
	mutate(t, s, "acme2")
	otherAfter := state(t, s, "acme2")

	require.NoError(t, s.RestoreTenant("acme", snap))
	require.Equal(t, before, state(t, s, "acme"))
	require.Equal(t, otherAfter, state(t, s, "acme2"), "other tenant untouched")

	// A whole-store snapshot can roll back one tenant; its other tenants are ignored.
	full, err := s.Snapshot()
	require.NoError(t, err)
	mutate(t, s, "acme")
	require.NoError(t, s.Update(func(tx *Tx) error { return tx.DeleteTenant("acme2") }))
	require.NoError(t, s.RestoreTenant("acme", full))
	require.Equal(t, before, state(t, s, "acme"))
	require.Equal(t, "email:;", state(t, s, "acme2"))

	// Restoring from a snapshot without the tenant empties it.
	require.NoError(t, s.RestoreTenant("acme", Snapshot{Version: 1}))
	require.Equal(t, "email:;", state(t, s, "acme"))
}

func testTenantsAndDeleteTenant(t *testing.T, open opener) {
	s := open(t, clock.NewAt(t0))
	for _, tn := range []string{"b", "a", "a0", "a-b", "c"} {
		seed(t, s, tn)
	}
	tenants := func() []string {
		var out []string
		require.NoError(t, s.View(func(tx *Tx) (err error) { out, err = tx.Tenants(); return }))
		return out
	}
	require.Equal(t, []string{"a", "a-b", "a0", "b", "c"}, tenants())
	require.NoError(t, s.Update(func(tx *Tx) error {
		require.NoError(t, tx.DeleteTenant("a"))
		return tx.DeleteTenant("nobody")
	}))
	require.Equal(t, []string{"a-b", "a0", "b", "c"}, tenants())
	require.Equal(t, "email:;", state(t, s, "a"))
	require.Contains(t, state(t, s, "a0"), "email:u1;")
	snap, err := s.SnapshotTenant("a")
	require.NoError(t, err)
	require.Empty(t, snap.Entries)
}

func testInvalidKeys(t *testing.T, open opener) {
	s := open(t, clock.NewAt(t0))
	bad := []string{"", "a/b", "tab\there", "nl\n", "nul\x00", "\xff"}
	require.NoError(t, s.Update(func(tx *Tx) error {
		for _, b := range bad {
			_, err := tx.GetRaw(b, "c", "id")
			require.ErrorIs(t, err, ErrInvalidKey, "tenant %q", b)
			_, err = tx.GetRaw("t", b, "id")
			require.ErrorIs(t, err, ErrInvalidKey, "collection %q", b)
			_, err = tx.GetRaw("t", "c", b)
			require.ErrorIs(t, err, ErrInvalidKey, "id %q", b)
			require.ErrorIs(t, tx.PutRaw("t", "c", b, []byte(`{}`), time.Time{}), ErrInvalidKey)
			require.ErrorIs(t, tx.Delete("t", "c", b), ErrInvalidKey)
			require.ErrorIs(t, tx.Scan(b, "c", func(string, []byte) bool { return true }), ErrInvalidKey)
			_, err = tx.Count("t", b)
			require.ErrorIs(t, err, ErrInvalidKey)
			require.ErrorIs(t, tx.Claim("t", "c", b, "v", "id"), ErrInvalidKey)
			require.ErrorIs(t, tx.Claim("t", "c", "email", "v", b), ErrInvalidKey)
			require.ErrorIs(t, tx.Release("t", "c", b, "v", "id"), ErrInvalidKey)
			_, err = tx.Lookup(b, "c", "email", "v")
			require.ErrorIs(t, err, ErrInvalidKey)
			require.ErrorIs(t, tx.DeleteTenant(b), ErrInvalidKey)
			require.ErrorIs(t, users.Insert(tx, "t", b, user{}), ErrInvalidKey)
			require.ErrorIs(t, Collection[user]{Name: b}.Put(tx, "t", "id", user{}), ErrInvalidKey)
			_, err = users.List(tx, b)
			require.ErrorIs(t, err, ErrInvalidKey)
		}
		return nil
	}))
	for _, b := range bad {
		_, err := s.SnapshotTenant(b)
		require.ErrorIs(t, err, ErrInvalidKey)
		require.ErrorIs(t, s.RestoreTenant(b, Snapshot{Version: 1}), ErrInvalidKey)
	}
	// Names may contain anything else, including buntdb pattern characters.
	require.NoError(t, s.Update(func(tx *Tx) error {
		return tx.PutRaw("t*", "c?", "ïd %20", []byte(`{}`), time.Time{})
	}))
}

func testPrefixIsolation(t *testing.T, open opener) {
	s := open(t, clock.NewAt(t0))
	require.NoError(t, s.Update(func(tx *Tx) error {
		for _, c := range []string{"u", "u0", "u-x", "us"} {
			require.NoError(t, tx.PutRaw("acme", c, "id", []byte(`"`+c+`"`), time.Time{}))
		}
		require.NoError(t, tx.Claim("acme", "u", "email", "a@b", "id"))
		return tx.PutRaw("acme0", "u", "other", []byte(`1`), time.Time{})
	}))
	require.NoError(t, s.View(func(tx *Tx) error {
		var got []string
		require.NoError(t, tx.Scan("acme", "u", func(id string, doc []byte) bool {
			got = append(got, id+"="+string(doc))
			return true
		}))
		require.Equal(t, []string{`id="u"`}, got)
		return nil
	}))
}
