package logto

import (
	"errors"
	"sort"

	"github.com/idemu/idemu/emulator/store"
)

// Relations are Logto's join tables (users_roles, applications_roles, roles_scopes,
// organization memberships). Each link is one document "<left>:<right>".

// relatedTo visits the links matching left and/or right ("" matches any), in the order
// they were made.
func relatedTo(tx *store.Tx, tenant string, coll store.Collection[relation], left, right string, fn func(relation)) error {
	all, err := coll.List(tx, tenant)
	if err != nil {
		return err
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Seq < all[j].Seq })
	for _, r := range all {
		if (left == "" || r.Left == left) && (right == "" || r.Right == right) {
			fn(r)
		}
	}
	return nil
}

// rights lists the right ends linked to left; lefts the left ends linked to right.
func rights(tx *store.Tx, tenant string, coll store.Collection[relation], left string) ([]string, error) {
	var out []string
	err := relatedTo(tx, tenant, coll, left, "", func(r relation) { out = append(out, r.Right) })
	return out, err
}

func lefts(tx *store.Tx, tenant string, coll store.Collection[relation], right string) ([]string, error) {
	var out []string
	err := relatedTo(tx, tenant, coll, "", right, func(r relation) { out = append(out, r.Left) })
	return out, err
}

func linked(tx *store.Tx, tenant string, coll store.Collection[relation], left, right string) (bool, error) {
	_, err := coll.Get(tx, tenant, relationID(left, right))
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return false, nil
	}
	return err == nil, err
}

func link(tx *store.Tx, tenant string, coll store.Collection[relation], left, right string) error {
	seq, err := nextSeq(tx, tenant)
	if err != nil {
		return err
	}
	return coll.Put(tx, tenant, relationID(left, right), relation{Left: left, Right: right, Seq: seq})
}

// unlink removes one link; a missing one is slonik's NotFound (entity.not_found).
func unlink(tx *store.Tx, tenant string, coll store.Collection[relation], left, right string) error {
	err := coll.Delete(tx, tenant, relationID(left, right))
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return entityNotFound()
	}
	return err
}

// deleteRelations removes every link matching left and/or right (a cascade).
func deleteRelations(tx *store.Tx, tenant string, coll store.Collection[relation], left, right string) error {
	var ids []string
	if err := relatedTo(tx, tenant, coll, left, right, func(r relation) { ids = append(ids, relationID(r.Left, r.Right)) }); err != nil {
		return err
	}
	for _, id := range ids {
		if err := coll.Delete(tx, tenant, id); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return nil
}

// deleteWhere removes every document of a collection that matches.
func deleteWhere[T any](tx *store.Tx, tenant string, coll store.Collection[T], match func(T) bool) error {
	var ids []string
	err := coll.Each(tx, tenant, func(id string, v T) bool {
		if match(v) {
			ids = append(ids, id)
		}
		return true
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := coll.Delete(tx, tenant, id); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return nil
}
