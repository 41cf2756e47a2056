package logto

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// settingSeeders are a tenant's fixture settings, applied in this order (roles name
// scopes, organizations name roles).
var settingSeeders = []struct {
	name string
	seed func(tx *store.Tx, tenant string, raw []byte) error
}{
	{"organizationScopes", seedOrgScopes},
	{"organizationRoles", seedOrgRoles},
	{"organizations", seedOrganizations},
}

// seedSettings reads a tenant's settings: organizationScopes ([{name, description}]),
// organizationRoles ([{name, description, type, scopes: [scope names]}]) and
// organizations ([{id, name, description, users: [usernames], applications: [client
// ids], roles: {username or client id: [role names]}}]). Each is an upsert by name.
func seedSettings(tx *store.Tx, tenant string, settings map[string]any) error {
	var known []string
	for _, s := range settingSeeders {
		known = append(known, s.name)
	}
	for k := range settings {
		if !slices.Contains(known, k) {
			return seedFailure(tenant, "unknown setting %q (known: %s)", k, strings.Join(known, ", "))
		}
	}
	for _, s := range settingSeeders {
		v, ok := settings[s.name]
		if !ok {
			continue
		}
		raw, _ := json.Marshal(v)
		if err := s.seed(tx, tenant, raw); err != nil {
			return err
		}
	}
	return nil
}

func seedFailure(tenant, format string, args ...any) error {
	return &platform.SeedError{Reason: fmt.Sprintf("tenant %s: ", tenant) + fmt.Sprintf(format, args...)}
}

// byOrgNameLookup finds an organization role or scope id by its name.
func byOrgNameLookup(tx *store.Tx, tenant, coll, name string) (string, bool, error) {
	id, err := tx.Lookup(tenant, coll, byOrgName, caseSensitiveKey(name))
	if errors.Is(err, store.ErrNotFound) {
		return "", false, nil
	}
	return id, err == nil, err
}

func seedOrgScopes(tx *store.Tx, tenant string, raw []byte) error {
	var list []struct {
		Name        string  `json:"name"`
		Description *string `json:"description"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		return seedFailure(tenant, "settings.organizationScopes: %v", err)
	}
	for _, in := range list {
		id, found, err := byOrgNameLookup(tx, tenant, orgScopes.Name, in.Name)
		if err != nil {
			return err
		}
		if !found {
			id = standardID()
			if err := claimOrgName(tx, tenant, orgScopes.Name, in.Name, id); err != nil {
				return err
			}
		}
		if err := orgScopes.Put(tx, tenant, id, orgScope{ID: id, Name: in.Name, Description: in.Description}); err != nil {
			return err
		}
	}
	return nil
}

func seedOrgRoles(tx *store.Tx, tenant string, raw []byte) error {
	var list []struct {
		Name        string   `json:"name"`
		Description *string  `json:"description"`
		Type        string   `json:"type"`
		Scopes      []string `json:"scopes"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		return seedFailure(tenant, "settings.organizationRoles: %v", err)
	}
	for _, in := range list {
		id, found, err := byOrgNameLookup(tx, tenant, orgRoles.Name, in.Name)
		if err != nil {
			return err
		}
		if !found {
			id = standardID()
			if err := claimOrgName(tx, tenant, orgRoles.Name, in.Name, id); err != nil {
				return err
			}
		}
		r := orgRole{ID: id, Name: in.Name, Description: in.Description, Type: roleUser}
		if in.Type != "" {
			r.Type = in.Type
		}
		if r.Type != roleUser && r.Type != roleMachineToMachine {
			return seedFailure(tenant, "organization role %s: type is User or MachineToMachine", in.Name)
		}
		if err := orgRoles.Put(tx, tenant, id, r); err != nil {
			return err
		}
		var scopeIDs []string
		for _, name := range in.Scopes {
			sid, ok, err := byOrgNameLookup(tx, tenant, orgScopes.Name, name)
			if err != nil {
				return err
			}
			if !ok {
				return seedFailure(tenant, "organization role %s: no organization scope %q", in.Name, name)
			}
			scopeIDs = append(scopeIDs, sid)
		}
		if err := replaceLinks(tx, tenant, orgRoleScopes, id, scopeIDs, func(string) error { return nil }); err != nil {
			return err
		}
	}
	return nil
}

func seedOrganizations(tx *store.Tx, tenant string, raw []byte) error {
	var list []struct {
		ID           string              `json:"id"`
		Name         string              `json:"name"`
		Description  *string             `json:"description"`
		Users        []string            `json:"users"`
		Applications []string            `json:"applications"`
		Roles        map[string][]string `json:"roles"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		return seedFailure(tenant, "settings.organizations: %v", err)
	}
	existing, err := organizations.List(tx, tenant)
	if err != nil {
		return err
	}
	for _, in := range list {
		org := organization{ID: in.ID, CustomData: jsonb(nil), Color: jsonb(nil), Branding: jsonb(nil), CreatedAt: tx.Now().UnixMilli()}
		for _, e := range existing {
			if (in.ID == "" && e.Name == in.Name) || (in.ID != "" && e.ID == in.ID) {
				org = e // seeding again updates the organization of that name (or id)
			}
		}
		if org.ID == "" {
			org.ID = shortID()
		}
		if org.Seq == 0 {
			if org.Seq, err = nextSeq(tx, tenant); err != nil {
				return err
			}
		}
		org.Name, org.Description = in.Name, in.Description
		if err := organizations.Put(tx, tenant, org.ID, org); err != nil {
			return err
		}
		members := map[string]memberKind{}
		for _, username := range in.Users {
			uid, err := tx.Lookup(tenant, users.Name, byUsername, username)
			if err != nil {
				return seedFailure(tenant, "organization %s: no user %q", in.Name, username)
			}
			if err := addLinks(tx, tenant, orgUsers, org.ID, []string{uid}, func(string) error { return nil }); err != nil {
				return err
			}
			members[username] = userMembers
			members[uid] = userMembers
		}
		for _, appID := range in.Applications {
			if err := addLinks(tx, tenant, orgApps, org.ID, []string{appID}, appMembers.checker(tx, tenant)); err != nil {
				return seedFailure(tenant, "organization %s: application %q is not a machine-to-machine application", in.Name, appID)
			}
			members[appID] = appMembers
		}
		names := make([]string, 0, len(in.Roles))
		for member := range in.Roles {
			names = append(names, member)
		}
		sort.Strings(names)
		for _, member := range names {
			if err := seedMemberRoles(tx, tenant, org, members, member, in.Roles[member]); err != nil {
				return err
			}
		}
	}
	return nil
}

// seedMemberRoles gives a member (a username or a client id listed in the
// organization) organization roles by name.
func seedMemberRoles(tx *store.Tx, tenant string, org organization, members map[string]memberKind, member string, roleNames []string) error {
	k, ok := members[member]
	if !ok {
		return seedFailure(tenant, "organization %s: roles for %q, who is not one of its users or applications", org.Name, member)
	}
	id := member
	if k.idsKey == userMembers.idsKey {
		uid, err := tx.Lookup(tenant, users.Name, byUsername, member)
		if err == nil {
			id = uid
		}
	}
	var roleIDs []string
	for _, name := range roleNames {
		rid, found, err := byOrgNameLookup(tx, tenant, orgRoles.Name, name)
		if err != nil {
			return err
		}
		if !found {
			return seedFailure(tenant, "organization %s: no organization role %q", org.Name, name)
		}
		roleIDs = append(roleIDs, rid)
	}
	if err := addMemberRoles(tx, tenant, k.roles, k.membership, org.ID, id, roleIDs, k.roleType); err != nil {
		var ae *apiError
		if errors.As(err, &ae) {
			return seedFailure(tenant, "organization %s, %s: a %s role cannot go to this member", org.Name, member, roleTypeOther(k.roleType))
		}
		return err
	}
	return nil
}

func roleTypeOther(t string) string {
	if t == roleUser {
		return roleMachineToMachine
	}
	return roleUser
}
