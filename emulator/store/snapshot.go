package store

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tidwall/buntdb"
)

// SnapshotVersion is the format written by Snapshot and accepted by Restore.
const SnapshotVersion = 1

// errSnapshotVersion guards against restoring a format this code does not know.
var errSnapshotVersion = errors.New("store: unsupported snapshot version")

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
	if snap.Version != SnapshotVersion {
		return fmt.Errorf("%w: %d", errSnapshotVersion, snap.Version)
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
	if snap.Version != SnapshotVersion {
		return fmt.Errorf("%w: %d", errSnapshotVersion, snap.Version)
	}
	return s.Update(func(tx *Tx) error {
		if err := tx.DeleteTenant(tenant); err != nil {
			return err
		}
		return setAll(tx.btx, snap.Entries, tenantPrefix(tenant))
	})
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
