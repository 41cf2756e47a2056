package store

import (
	"fmt"
	"slices"
	"strings"
)

// Tenants lists, sorted, every tenant that holds at least one key.
func (tx *Tx) Tenants() ([]string, error) {
	var out []string
	pivot := ""
	for {
		var key string
		found := false
		err := tx.btx.AscendGreaterOrEqual("", pivot, func(k, _ string) bool {
			key, found = k, true
			return false
		})
		if err != nil {
			return nil, err
		}
		if !found {
			// Key order is not tenant order: "a-b/..." sorts before "a/...".
			slices.Sort(out)
			return out, nil
		}
		i := strings.IndexByte(key, '/')
		if i < 0 {
			// Not one of our keys (only reachable through a hand-made snapshot).
			pivot = key + "\x00"
			continue
		}
		out = append(out, key[:i])
		// Jump past every key of this tenant instead of walking them.
		pivot = prefixEnd(key[:i+1])
	}
}

// DeleteTenant removes every document, expiry and index entry of a tenant.
func (tx *Tx) DeleteTenant(tenant string) error {
	if err := checkNames(tenant); err != nil {
		return err
	}
	keys, err := keysWithPrefix(tx.btx, tenantPrefix(tenant))
	if err != nil {
		return err
	}
	return deleteKeys(tx.btx, keys)
}

// Sweep deletes every expired document together with its expiry and the unique
// index entries it held in its collection, and reports how many documents went.
// Reads already ignore expired documents; sweeping only reclaims space and frees
// the values they held for good.
func (s *Store) Sweep() (int, error) {
	n := 0
	err := s.Update(func(tx *Tx) error {
		tenants, err := tx.Tenants()
		if err != nil {
			return err
		}
		for _, t := range tenants {
			c, err := tx.sweepTenant(t)
			if err != nil {
				return err
			}
			n += c
		}
		return nil
	})
	return n, err
}

func (tx *Tx) sweepTenant(tenant string) (int, error) {
	prefix := tenant + "/x/"
	expired := map[string]map[string]bool{} // collection -> ids
	var perr error
	err := ascendPrefix(tx.btx, prefix, func(k, v string) bool {
		coll, id, ok := strings.Cut(strings.TrimPrefix(k, prefix), "/")
		if !ok {
			return true
		}
		t, err := parseExpiry(v)
		if err != nil {
			perr = fmt.Errorf("store: expiry of %s: %w", k, err)
			return false
		}
		if t.After(tx.now) {
			return true
		}
		if expired[coll] == nil {
			expired[coll] = map[string]bool{}
		}
		expired[coll][id] = true
		return true
	})
	if err == nil {
		err = perr
	}
	if err != nil {
		return 0, err
	}
	n := 0
	for coll, ids := range expired {
		var doomed []string
		for id := range ids {
			doomed = append(doomed, docKey(tenant, coll, id), expKey(tenant, coll, id))
			n++
		}
		err := ascendPrefix(tx.btx, uniqPrefix(tenant, coll), func(k, v string) bool {
			if ids[v] {
				doomed = append(doomed, k)
			}
			return true
		})
		if err != nil {
			return 0, err
		}
		if err := deleteKeys(tx.btx, doomed); err != nil {
			return 0, err
		}
	}
	return n, nil
}
