package store

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/clock"
)

var t0 = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

type user struct {
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
	N     int    `json:"n,omitempty"`
}

var users = Collection[user]{Name: "users"}

type opener func(t *testing.T, clk clock.Clock) *Store

func TestMemoryStore(t *testing.T) {
	runStoreTests(t, func(t *testing.T, clk clock.Clock) *Store {
		s, err := Open(Options{Clock: clk})
		require.NoError(t, err)
		t.Cleanup(func() { _ = s.Close() })
		return s
	})
}

func TestFileStore(t *testing.T) {
	runStoreTests(t, func(t *testing.T, clk clock.Clock) *Store {
		s, err := Open(Options{Path: filepath.Join(t.TempDir(), "nested", "idemu.db"), Clock: clk})
		require.NoError(t, err)
		t.Cleanup(func() { _ = s.Close() })
		return s
	})
}

// runStoreTests is the conformance suite every backing (memory, file) must pass.
func runStoreTests(t *testing.T, open opener) {
	cases := []struct {
		name string
		fn   func(t *testing.T, open opener)
	}{
		{"CRUD", testCRUD},
		{"RawSentinels", testRawSentinels},
		{"UpdateCollection", testUpdateCollection},
		{"UpdateRollback", testUpdateRollback},
		{"PanicRollsBack", testPanicRollsBack},
		{"ScanOrderAndStop", testScanOrderAndStop},
		{"PrefixIsolation", testPrefixIsolation},
		{"TTL", testTTL},
		{"TTLKeptAndCleared", testTTLKeptAndCleared},
		{"Sweep", testSweep},
		{"ClaimReleaseLookup", testClaimReleaseLookup},
		{"ClaimOfExpiredHolder", testClaimOfExpiredHolder},
		{"InsertClaimFailureLeavesNothing", testInsertClaimFailureLeavesNothing},
		{"ConcurrentClaims", testConcurrentClaims},
		{"SnapshotRestore", testSnapshotRestore},
		{"TenantSnapshotRestore", testTenantSnapshotRestore},
		{"TenantsAndDeleteTenant", testTenantsAndDeleteTenant},
		{"InvalidKeys", testInvalidKeys},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.fn(t, open) })
	}
}

func TestOpenRequiresClock(t *testing.T) {
	_, err := Open(Options{})
	require.Error(t, err)
}

func TestFileStoreReopenKeepsData(t *testing.T) {
	clk := clock.NewAt(t0)
	path := filepath.Join(t.TempDir(), "idemu.db")
	s, err := Open(Options{Path: path, Clock: clk})
	require.NoError(t, err)
	require.NoError(t, s.Update(func(tx *Tx) error {
		if err := users.Insert(tx, "acme", "u1", user{Name: "Ann", Email: "ann@x.io"}); err != nil {
			return err
		}
		if err := tx.Claim("acme", "users", "email", "ann@x.io", "u1"); err != nil {
			return err
		}
		return users.PutTTL(tx, "acme", "tmp", user{Name: "Tmp"}, t0.Add(time.Minute))
	}))
	require.NoError(t, s.Close())

	s, err = Open(Options{Path: path, Clock: clk})
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.View(func(tx *Tx) error {
		u, err := users.Get(tx, "acme", "u1")
		require.NoError(t, err)
		require.Equal(t, "Ann", u.Name)
		id, err := tx.Lookup("acme", "users", "email", "ANN@x.io")
		require.NoError(t, err)
		require.Equal(t, "u1", id)
		_, err = users.Get(tx, "acme", "tmp")
		require.NoError(t, err)
		return nil
	}))
	clk.Advance(time.Minute)
	require.NoError(t, s.View(func(tx *Tx) error {
		_, err := users.Get(tx, "acme", "tmp")
		require.ErrorIs(t, err, ErrNotFound)
		return nil
	}))
}

func testCRUD(t *testing.T, open opener) {
	s := open(t, clock.NewAt(t0))
	require.NoError(t, s.Update(func(tx *Tx) error {
		require.NoError(t, users.Insert(tx, "acme", "u1", user{Name: "Ann"}))
		require.ErrorIs(t, users.Insert(tx, "acme", "u1", user{Name: "Again"}), ErrAlreadyExists)
		require.NoError(t, users.Put(tx, "acme", "u2", user{Name: "Bob"}))
		require.NoError(t, users.Put(tx, "acme", "u2", user{Name: "Bobby"}))
		return nil
	}))
	require.NoError(t, s.View(func(tx *Tx) error {
		u, err := users.Get(tx, "acme", "u1")
		require.NoError(t, err)
		require.Equal(t, user{Name: "Ann"}, u)
		u, err = users.Get(tx, "acme", "u2")
		require.NoError(t, err)
		require.Equal(t, "Bobby", u.Name)
		_, err = users.Get(tx, "acme", "nope")
		require.ErrorIs(t, err, ErrNotFound)
		_, err = users.Get(tx, "other", "u1")
		require.ErrorIs(t, err, ErrNotFound)
		list, err := users.List(tx, "acme")
		require.NoError(t, err)
		require.Equal(t, []user{{Name: "Ann"}, {Name: "Bobby"}}, list)
		// Writes are refused in a read-only transaction.
		require.Error(t, users.Put(tx, "acme", "u3", user{}))
		return nil
	}))
	require.NoError(t, s.Update(func(tx *Tx) error {
		require.NoError(t, users.Delete(tx, "acme", "u1"))
		require.ErrorIs(t, users.Delete(tx, "acme", "u1"), ErrNotFound)
		_, err := users.Get(tx, "acme", "u1")
		require.ErrorIs(t, err, ErrNotFound)
		require.NoError(t, users.Insert(tx, "acme", "u1", user{Name: "Reborn"}))
		return nil
	}))
}

func testRawSentinels(t *testing.T, open opener) {
	s := open(t, clock.NewAt(t0))
	require.NoError(t, s.Update(func(tx *Tx) error {
		require.Equal(t, t0, tx.Now())
		require.Equal(t, t0, s.Now())
		_, err := tx.GetRaw("acme", "raw", "a")
		require.ErrorIs(t, err, ErrNotFound)
		require.ErrorIs(t, tx.Delete("acme", "raw", "a"), ErrNotFound)
		require.NoError(t, tx.PutRaw("acme", "raw", "a", []byte(`{"k":"v*?"}`), time.Time{}))
		require.Error(t, tx.PutRaw("acme", "raw", "b", []byte(`not json`), time.Time{}))
		doc, err := tx.GetRaw("acme", "raw", "a")
		require.NoError(t, err)
		require.JSONEq(t, `{"k":"v*?"}`, string(doc))
		return nil
	}))
}

func testUpdateCollection(t *testing.T, open opener) {
	s := open(t, clock.NewAt(t0))
	boom := errors.New("boom")
	require.NoError(t, s.Update(func(tx *Tx) error {
		_, err := users.Update(tx, "acme", "u1", func(*user) error { return nil })
		require.ErrorIs(t, err, ErrNotFound)
		require.NoError(t, users.Insert(tx, "acme", "u1", user{Name: "Ann", N: 1}))
		got, err := users.Update(tx, "acme", "u1", func(u *user) error { u.N++; return nil })
		require.NoError(t, err)
		require.Equal(t, 2, got.N)
		_, err = users.Update(tx, "acme", "u1", func(u *user) error { u.N = 99; return boom })
		require.Same(t, boom, err)
		u, err := users.Get(tx, "acme", "u1")
		require.NoError(t, err)
		require.Equal(t, 2, u.N)
		return nil
	}))
}

func testUpdateRollback(t *testing.T, open opener) {
	s := open(t, clock.NewAt(t0))
	require.NoError(t, s.Update(func(tx *Tx) error {
		return users.Insert(tx, "acme", "keep", user{Name: "Keep"})
	}))
	boom := errors.New("boom")
	err := s.Update(func(tx *Tx) error {
		require.NoError(t, users.Insert(tx, "acme", "new", user{Name: "New"}))
		require.NoError(t, users.Delete(tx, "acme", "keep"))
		require.NoError(t, tx.Claim("acme", "users", "email", "a@b.c", "new"))
		return boom
	})
	require.Same(t, boom, err)
	require.NoError(t, s.View(func(tx *Tx) error {
		_, err := users.Get(tx, "acme", "keep")
		require.NoError(t, err)
		_, err = users.Get(tx, "acme", "new")
		require.ErrorIs(t, err, ErrNotFound)
		_, err = tx.Lookup("acme", "users", "email", "a@b.c")
		require.ErrorIs(t, err, ErrNotFound)
		return nil
	}))
}

func testPanicRollsBack(t *testing.T, open opener) {
	s := open(t, clock.NewAt(t0))
	require.PanicsWithValue(t, "kaboom", func() {
		_ = s.Update(func(tx *Tx) error {
			require.NoError(t, users.Insert(tx, "acme", "half", user{Name: "Half"}))
			panic("kaboom")
		})
	})
	require.NoError(t, s.View(func(tx *Tx) error {
		_, err := users.Get(tx, "acme", "half")
		require.ErrorIs(t, err, ErrNotFound)
		return nil
	}))
}

func testScanOrderAndStop(t *testing.T, open opener) {
	s := open(t, clock.NewAt(t0))
	ids := []string{"c", "a", "b2", "b", "a*", "a?"}
	require.NoError(t, s.Update(func(tx *Tx) error {
		for _, id := range ids {
			require.NoError(t, users.Put(tx, "acme", id, user{Name: id}))
		}
		return nil
	}))
	require.NoError(t, s.View(func(tx *Tx) error {
		var seen []string
		require.NoError(t, tx.Scan("acme", "users", func(id string, doc []byte) bool {
			seen = append(seen, id)
			return true
		}))
		require.Equal(t, []string{"a", "a*", "a?", "b", "b2", "c"}, seen)
		seen = nil
		require.NoError(t, users.Each(tx, "acme", func(id string, u user) bool {
			require.Equal(t, id, u.Name)
			seen = append(seen, id)
			return len(seen) < 2
		}))
		require.Equal(t, []string{"a", "a*"}, seen)
		n, err := tx.Count("acme", "users")
		require.NoError(t, err)
		require.Equal(t, len(ids), n)
		return nil
	}))
	// Scan collects before calling back, so the callback may write.
	require.NoError(t, s.Update(func(tx *Tx) error {
		return tx.Scan("acme", "users", func(id string, _ []byte) bool {
			require.NoError(t, tx.Delete("acme", "users", id))
			return true
		})
	}))
	require.NoError(t, s.View(func(tx *Tx) error {
		n, err := tx.Count("acme", "users")
		require.NoError(t, err)
		require.Zero(t, n)
		return nil
	}))
}
