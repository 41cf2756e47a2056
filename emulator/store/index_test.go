package store

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/clock"
)

func testTTL(t *testing.T, open opener) {
	clk := clock.NewAt(t0)
	s := open(t, clk)
	require.NoError(t, s.Update(func(tx *Tx) error {
		require.NoError(t, users.Put(tx, "acme", "forever", user{Name: "F"}))
		return users.PutTTL(tx, "acme", "code", user{Name: "C"}, t0.Add(time.Minute))
	}))
	visible := func() bool {
		var ok bool
		require.NoError(t, s.View(func(tx *Tx) error {
			_, err := users.Get(tx, "acme", "code")
			ok = err == nil
			if !ok {
				require.ErrorIs(t, err, ErrNotFound)
			}
			return nil
		}))
		return ok
	}
	count := func() int {
		var n int
		require.NoError(t, s.View(func(tx *Tx) (err error) { n, err = tx.Count("acme", "users"); return }))
		return n
	}
	require.True(t, visible())
	require.Equal(t, 2, count())
	clk.Advance(time.Minute - time.Microsecond)
	require.True(t, visible())
	clk.Advance(time.Microsecond) // expiresAt <= now: gone
	require.False(t, visible())
	require.Equal(t, 1, count())
	require.NoError(t, s.View(func(tx *Tx) error {
		list, err := users.List(tx, "acme")
		require.NoError(t, err)
		require.Equal(t, []user{{Name: "F"}}, list)
		_, err = users.Update(tx, "acme", "code", func(*user) error { return nil })
		require.ErrorIs(t, err, ErrNotFound)
		return nil
	}))
	// An expired doc is absent: Insert over it succeeds, Delete reports ErrNotFound.
	require.NoError(t, s.Update(func(tx *Tx) error {
		require.NoError(t, users.Insert(tx, "acme", "code", user{Name: "C2"}))
		require.NoError(t, users.PutTTL(tx, "acme", "gone", user{}, tx.Now()))
		require.ErrorIs(t, users.Delete(tx, "acme", "gone"), ErrNotFound)
		return nil
	}))
	require.True(t, visible())
	clk.Advance(24 * time.Hour) // Insert cleared the old expiry
	require.True(t, visible())
}

func testTTLKeptAndCleared(t *testing.T, open opener) {
	clk := clock.NewAt(t0)
	s := open(t, clk)
	require.NoError(t, s.Update(func(tx *Tx) error {
		require.NoError(t, users.PutTTL(tx, "acme", "kept", user{N: 1}, t0.Add(time.Minute)))
		require.NoError(t, users.PutTTL(tx, "acme", "cleared", user{N: 1}, t0.Add(time.Minute)))
		_, err := users.Update(tx, "acme", "kept", func(u *user) error { u.N = 2; return nil })
		require.NoError(t, err)
		return users.Put(tx, "acme", "cleared", user{N: 2})
	}))
	clk.Advance(time.Hour)
	require.NoError(t, s.View(func(tx *Tx) error {
		_, err := users.Get(tx, "acme", "kept")
		require.ErrorIs(t, err, ErrNotFound)
		u, err := users.Get(tx, "acme", "cleared")
		require.NoError(t, err)
		require.Equal(t, 2, u.N)
		return nil
	}))
}

func testSweep(t *testing.T, open opener) {
	clk := clock.NewAt(t0)
	s := open(t, clk)
	require.NoError(t, s.Update(func(tx *Tx) error {
		require.NoError(t, users.PutTTL(tx, "acme", "old", user{}, t0.Add(time.Minute)))
		require.NoError(t, tx.Claim("acme", "users", "email", "old@x.io", "old"))
		require.NoError(t, users.PutTTL(tx, "beta", "young", user{}, t0.Add(time.Hour)))
		return users.Put(tx, "beta", "forever", user{})
	}))
	n, err := s.Sweep()
	require.NoError(t, err)
	require.Zero(t, n)
	clk.Advance(2 * time.Minute)
	n, err = s.Sweep()
	require.NoError(t, err)
	require.Equal(t, 1, n)
	snap, err := s.SnapshotTenant("acme")
	require.NoError(t, err)
	require.Empty(t, snap.Entries, "doc, expiry and claim are all gone")
	require.NoError(t, s.View(func(tx *Tx) error {
		c, err := tx.Count("beta", "users")
		require.NoError(t, err)
		require.Equal(t, 2, c)
		return nil
	}))
}

func testClaimReleaseLookup(t *testing.T, open opener) {
	s := open(t, clock.NewAt(t0))
	require.NoError(t, s.Update(func(tx *Tx) error {
		require.NoError(t, tx.Claim("acme", "users", "email", "  Ann@Example.COM ", "u1"))
		require.NoError(t, tx.Claim("acme", "users", "email", "ann@example.com", "u1"), "same id is a no-op")
		require.NoError(t, tx.Claim("acme", "users", "email", "   ", "u2"), "empty claims nothing")
		require.NoError(t, tx.Claim("acme", "users", "path", "a/b*?%c", "u1"))
		require.NoError(t, tx.Claim("other", "users", "email", "ann@example.com", "x9"), "tenants are separate")
		require.NoError(t, tx.Claim("acme", "clients", "email", "ann@example.com", "c1"), "collections are separate")
		require.NoError(t, tx.Claim("acme", "users", "username", "ann@example.com", "u2"), "indexes are separate")

		err := tx.Claim("acme", "users", "email", "ANN@example.com", "u2")
		require.ErrorIs(t, err, ErrDuplicate)
		var dup *DuplicateError
		require.True(t, errors.As(err, &dup))
		require.Equal(t, DuplicateError{Collection: "users", Index: "email", Value: "ann@example.com", HeldBy: "u1"}, *dup)
		require.Contains(t, dup.Error(), "ann@example.com")

		id, err := tx.Lookup("acme", "users", "email", "ANN@EXAMPLE.COM\t")
		require.NoError(t, err)
		require.Equal(t, "u1", id)
		id, err = tx.Lookup("acme", "users", "path", "A/B*?%C")
		require.NoError(t, err)
		require.Equal(t, "u1", id)
		_, err = tx.Lookup("acme", "users", "path", "a/b")
		require.ErrorIs(t, err, ErrNotFound)
		_, err = tx.Lookup("acme", "users", "email", "")
		require.ErrorIs(t, err, ErrNotFound)

		require.NoError(t, tx.Release("acme", "users", "email", "ann@example.com", "u2"), "not the holder: no-op")
		id, err = tx.Lookup("acme", "users", "email", "ann@example.com")
		require.NoError(t, err)
		require.Equal(t, "u1", id)
		require.NoError(t, tx.Release("acme", "users", "email", " ANN@example.com", "u1"))
		require.NoError(t, tx.Release("acme", "users", "email", "ann@example.com", "u1"), "absent: no-op")
		_, err = tx.Lookup("acme", "users", "email", "ann@example.com")
		require.ErrorIs(t, err, ErrNotFound)
		require.NoError(t, tx.Claim("acme", "users", "email", "ann@example.com", "u2"))
		return nil
	}))
}

func testClaimOfExpiredHolder(t *testing.T, open opener) {
	clk := clock.NewAt(t0)
	s := open(t, clk)
	require.NoError(t, s.Update(func(tx *Tx) error {
		require.NoError(t, users.PutTTL(tx, "acme", "pending", user{}, t0.Add(time.Minute)))
		return tx.Claim("acme", "users", "email", "p@x.io", "pending")
	}))
	require.NoError(t, s.Update(func(tx *Tx) error {
		require.ErrorIs(t, tx.Claim("acme", "users", "email", "p@x.io", "other"), ErrDuplicate)
		return nil
	}))
	clk.Advance(time.Minute)
	require.NoError(t, s.Update(func(tx *Tx) error {
		_, err := tx.Lookup("acme", "users", "email", "p@x.io")
		require.ErrorIs(t, err, ErrNotFound)
		require.NoError(t, tx.Claim("acme", "users", "email", "p@x.io", "other"))
		id, err := tx.Lookup("acme", "users", "email", "p@x.io")
		require.NoError(t, err)
		require.Equal(t, "other", id)
		return nil
	}))
}

// insertWithEmail is how a caller is expected to combine a document and its claim.
func insertWithEmail(s *Store, id, email string) error {
	return s.Update(func(tx *Tx) error {
		if err := users.Insert(tx, "acme", id, user{Name: id, Email: email}); err != nil {
			return err
		}
		return tx.Claim("acme", "users", "email", email, id)
	})
}

func testInsertClaimFailureLeavesNothing(t *testing.T, open opener) {
	s := open(t, clock.NewAt(t0))
	require.NoError(t, insertWithEmail(s, "u1", "dup@x.io"))
	require.ErrorIs(t, insertWithEmail(s, "u2", "DUP@x.io"), ErrDuplicate)
	require.NoError(t, s.View(func(tx *Tx) error {
		_, err := users.Get(tx, "acme", "u2")
		require.ErrorIs(t, err, ErrNotFound)
		n, err := tx.Count("acme", "users")
		require.NoError(t, err)
		require.Equal(t, 1, n)
		return nil
	}))
}

func testConcurrentClaims(t *testing.T, open opener) {
	s := open(t, clock.NewAt(t0))
	const n = 32
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = insertWithEmail(s, fmt.Sprintf("u%02d", i), "race@x.io")
		}()
	}
	close(start)
	wg.Wait()
	winner := -1
	for i, err := range errs {
		if err == nil {
			require.Equal(t, -1, winner, "two goroutines won")
			winner = i
			continue
		}
		require.ErrorIs(t, err, ErrDuplicate)
	}
	require.NotEqual(t, -1, winner)
	require.NoError(t, s.View(func(tx *Tx) error {
		c, err := tx.Count("acme", "users")
		require.NoError(t, err)
		require.Equal(t, 1, c)
		id, err := tx.Lookup("acme", "users", "email", "race@x.io")
		require.NoError(t, err)
		require.Equal(t, fmt.Sprintf("u%02d", winner), id)
		return nil
	}))
}
