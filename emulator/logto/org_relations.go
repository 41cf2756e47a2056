package logto

import (
	"errors"
	"net/http"
	"sort"

	"github.com/idemu/idemu/emulator/store"
)

// Organization relations follow Logto's RelationQueries: an insert ignores links that
// exist already (ON CONFLICT DO NOTHING), a replace deletes the left entity's links
// and inserts the new set, a delete of a missing link is slonik's NotFound. A link to
// an entity that does not exist is PostgreSQL's foreign key violation, which the
// organization routes answer 422 entity.relation_foreign_key_not_found.

func foreignKeyMissing() *apiError {
	return fail(http.StatusUnprocessableEntity, "entity.relation_foreign_key_not_found")
}

// unlinkDocumented is unlink for the SchemaRouter's relation deletes, whose
// documented statuses are 204 and 422 only: there a missing link is entity.not_found
// with 422 (Logto's own comment on the route says 422 is meant).
func unlinkDocumented(tx *store.Tx, tenant string, coll store.Collection[relation], left, right string) error {
	err := unlink(tx, tenant, coll, left, right)
	var ae *apiError
	if errors.As(err, &ae) {
		ae.Status = http.StatusUnprocessableEntity
	}
	return err
}

// exists reports whether a document is in a collection (any id, even one the store
// cannot hold, is a plain "no").
func exists[T any](tx *store.Tx, tenant string, coll store.Collection[T], id string) (bool, error) {
	_, err := coll.Get(tx, tenant, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return false, nil
	}
	return err == nil, err
}

// addLinks links left to every right that is not linked yet; check validates each
// right end first (a missing one is a foreign key violation, and nothing is written).
func addLinks(tx *store.Tx, tenant string, coll store.Collection[relation], left string, rightIDs []string, check func(id string) error) error {
	for _, id := range rightIDs {
		if err := check(id); err != nil {
			return err
		}
	}
	for _, id := range rightIDs {
		ok, err := linked(tx, tenant, coll, left, id)
		if err != nil {
			return err
		}
		if !ok {
			if err := link(tx, tenant, coll, left, id); err != nil {
				return err
			}
		}
	}
	return nil
}

// replaceLinks makes rightIDs the left entity's whole set.
func replaceLinks(tx *store.Tx, tenant string, coll store.Collection[relation], left string, rightIDs []string, check func(id string) error) error {
	if err := deleteRelations(tx, tenant, coll, left, ""); err != nil {
		return err
	}
	return addLinks(tx, tenant, coll, left, rightIDs, check)
}

// mustExist is the foreign key check of a relation's right end.
func mustExist[T any](tx *store.Tx, tenant string, coll store.Collection[T]) func(id string) error {
	return func(id string) error {
		ok, err := exists(tx, tenant, coll, id)
		if err == nil && !ok {
			return foreignKeyMissing()
		}
		return err
	}
}

// orgMemberRole is an organization role held by a member (a user or an application)
// of an organization; its id is "<organization>:<member>:<role>".
type orgMemberRole struct {
	Org    string `json:"organizationId"`
	Member string `json:"memberId"`
	Role   string `json:"organizationRoleId"`
	Seq    int64  `json:"seq"`
}

func memberRoleID(org, member, roleID string) string { return org + ":" + member + ":" + roleID }

// memberRoles lists the roles of a member in an organization, in the order given.
func memberRoles(tx *store.Tx, tenant string, coll store.Collection[orgMemberRole], org, member string) ([]orgRole, error) {
	var links []orgMemberRole
	err := coll.Each(tx, tenant, func(_ string, m orgMemberRole) bool {
		if m.Org == org && m.Member == member {
			links = append(links, m)
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(links, func(i, j int) bool { return links[i].Seq < links[j].Seq })
	out := []orgRole{}
	for _, m := range links {
		r, err := orgRoles.Get(tx, tenant, m.Role)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// addMemberRoles gives a member roles in an organization. The member must belong to
// the organization and every role must exist (foreign keys), and the role's type must
// suit the member (Logto's check constraint: User roles for users, MachineToMachine
// roles for applications).
func addMemberRoles(tx *store.Tx, tenant string, coll store.Collection[orgMemberRole], membership store.Collection[relation], org, member string, roleIDs []string, roleType string) error {
	isMember, err := linked(tx, tenant, membership, org, member)
	if err != nil {
		return err
	}
	if !isMember {
		return foreignKeyMissing()
	}
	for _, id := range roleIDs {
		r, err := orgRoles.Get(tx, tenant, id)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return foreignKeyMissing()
		}
		if err != nil {
			return err
		}
		if r.Type != roleType {
			return fail(http.StatusUnprocessableEntity, "entity.db_constraint_violated")
		}
	}
	for _, id := range roleIDs {
		key := memberRoleID(org, member, id)
		if ok, err := exists(tx, tenant, coll, key); err != nil || ok {
			if err != nil {
				return err
			}
			continue
		}
		seq, err := nextSeq(tx, tenant)
		if err != nil {
			return err
		}
		if err := coll.Put(tx, tenant, key, orgMemberRole{Org: org, Member: member, Role: id, Seq: seq}); err != nil {
			return err
		}
	}
	return nil
}

// dropMemberRoles removes a member's roles in an organization ("" member: everyone's).
func dropMemberRoles(tx *store.Tx, tenant string, coll store.Collection[orgMemberRole], org, member string) error {
	return deleteWhere(tx, tenant, coll, func(m orgMemberRole) bool {
		return m.Org == org && (member == "" || m.Member == member)
	})
}

// roleRefs renders roles as Logto's aggregated {id, name} list, ordered by name.
func roleRefs(list []orgRole) []roleRef {
	out := make([]roleRef, 0, len(list))
	for _, r := range list {
		out = append(out, roleRef{ID: r.ID, Name: r.Name})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

type roleRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}
