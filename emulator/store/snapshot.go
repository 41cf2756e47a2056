package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/buntdb"
)

// SnapshotVersion is the format written by Snapshot and accepted by Restore.
const SnapshotVersion = 1

// ErrInvalidSnapshot means a snapshot cannot be restored: a format version this code
// does not know, or an entry the store would never have written. It is the caller's
// mistake, unlike a failure of the store itself.
var ErrInvalidSnapshot = errors.New("store: invalid snapshot")

// Snapshot is a copy of raw keys and values. Expiries and index entries are plain
// keys in this layout, so copying keys copies everything.
type Snapshot struct {
	Version int               `json:"version"`
	Entries map[string]string `json:"entries"`
}

// Snapshot copies the whole store.
func (s *Store) Snapshot() (Snapshot, error) {
	return s.snapshot("")
}

// SnapshotTenant copies only the keys of one tenant.
func (s *Store) SnapshotTenant(tenant string) (Snapshot, error) {
	if err := checkNames(tenant); err != nil {
		return Snapshot{}, err
	}
	return s.snapshot(tenantPrefix(tenant))
}

func (s *Store) snapshot(prefix string) (Snapshot, error) {
	snap := Snapshot{Version: SnapshotVersion, Entries: map[string]string{}}
	err := s.View(func(tx *Tx) error {
		collect := func(k, v string) bool {
			snap.Entries[k] = v
			return true
		}
		if prefix == "" {
			return tx.btx.Ascend("", collect)
		}
		return ascendPrefix(tx.btx, prefix, collect)
	})
	if err != nil {
		return Snapshot{}, err
	}
	return snap, nil
}

// Restore replaces the whole store with the snapshot in one transaction: readers
// see either the old state or the new one, never a mix.
func (s *Store) Restore(snap Snapshot) error {
	if err := snap.check(); err != nil {
		return err
	}
	return s.Update(func(tx *Tx) error {
		if err := tx.btx.DeleteAll(); err != nil {
			return err
		}
		return setAll(tx.btx, snap.Entries, "")
	})
}

// RestoreTenant replaces one tenant's keys with the snapshot's keys of that tenant,
// atomically. Keys of other tenants in the snapshot are ignored, so a whole-store
// snapshot can be used to roll back a single tenant.
func (s *Store) RestoreTenant(tenant string, snap Snapshot) error {
	if err := checkNames(tenant); err != nil {
		return err
	}
	if err := snap.check(); err != nil {
		return err
	}
	return s.Update(func(tx *Tx) error {
		if err := tx.DeleteTenant(tenant); err != nil {
			return err
		}
		return setAll(tx.btx, snap.Entries, tenantPrefix(tenant))
	})
}

// check refuses a snapshot this code cannot read back: another version, or a
// document or expiry that the store would never have written (a document that is not
// JSON, an expiry that is not a time). A hand-made snapshot is client input, and
// without this a wrong entry would turn every later read of it into a 500.
func (snap Snapshot) check() error {
	if snap.Version != SnapshotVersion {
		return fmt.Errorf("%w: unsupported version %d", ErrInvalidSnapshot, snap.Version)
	}
	for k, v := range snap.Entries {
		parts := strings.Split(k, "/")
		if len(parts) != 4 {
			continue // not a document or an expiry: restored as it is
		}
		switch parts[1] {
		case "d":
			if !json.Valid([]byte(v)) || !utf8.ValidString(v) {
				return fmt.Errorf("%w: entry %q is not a JSON document", ErrInvalidSnapshot, k)
			}
		case "x":
			if _, err := parseExpiry(v); err != nil {
				return fmt.Errorf("%w: entry %q is not an RFC 3339 expiry", ErrInvalidSnapshot, k)
			}
		}
	}
	return nil
}

func setAll(btx *buntdb.Tx, entries map[string]string, prefix string) error {
	for k, v := range entries {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		if _, _, err := btx.Set(k, v, nil); err != nil {
			return fmt.Errorf("store: restore %q: %w", k, err)
		}
	}
	return nil
}
