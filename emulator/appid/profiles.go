package appid

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/store"
)

// Identity providers as profiles and tokens name them.
const (
	providerCloudDirectory = "cloud_directory"
	providerCustom         = "appid_custom"
	providerAnonymous      = "appid_anon"
)

func profileOfIdentity(tx *store.Tx, tenant, provider, id string) (profile, error) {
	pid, err := tx.Lookup(tenant, profiles.Name, byIdentity, identityKey(provider, id))
	if err != nil {
		return profile{}, err
	}
	return profiles.Get(tx, tenant, pid)
}

func getProfileRecord(tx *store.Tx, tenant, id string) (profile, error) {
	p, err := profiles.Get(tx, tenant, id)
	if isMissing(err) {
		return p, notFound("User not found")
	}
	return p, err
}

// insertProfile stores a new profile, claiming each of its identities.
func insertProfile(tx *store.Tx, tenant string, p profile) error {
	for _, i := range p.Identities {
		if err := tx.Claim(tenant, profiles.Name, byIdentity, identityKey(i.Provider, i.ID), p.ID); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return conflict("User ID for the provided IdP already exists")
			}
			return err
		}
	}
	return profiles.Insert(tx, tenant, p.ID, p)
}

func deleteProfileRecord(tx *store.Tx, tenant string, p profile) error {
	for _, i := range p.Identities {
		if err := tx.Release(tenant, profiles.Name, byIdentity, identityKey(i.Provider, i.ID), p.ID); err != nil {
			return err
		}
	}
	return profiles.Delete(tx, tenant, p.ID)
}

// ensureProfile returns the profile of an identity, creating it on first sign-in. A
// Cloud Directory user takes over the profile pre-registered for its email.
func ensureProfile(tx *store.Tx, tenant, provider, id, email string) (profile, error) {
	p, err := profileOfIdentity(tx, tenant, provider, id)
	if err == nil || !isMissing(err) {
		return p, err
	}
	if provider == providerCloudDirectory && email != "" {
		pre, err := profileOfIdentity(tx, tenant, provider, email)
		if err == nil {
			if err := tx.Release(tenant, profiles.Name, byIdentity, identityKey(provider, email), pre.ID); err != nil {
				return p, err
			}
			for i := range pre.Identities {
				if pre.Identities[i].Provider == provider && strings.EqualFold(pre.Identities[i].ID, email) {
					pre.Identities[i].ID = id
				}
			}
			pre.PreRegistered = false
			if err := tx.Claim(tenant, profiles.Name, byIdentity, identityKey(provider, id), pre.ID); err != nil {
				return p, err
			}
			return pre, profiles.Put(tx, tenant, pre.ID, pre)
		}
		if !isMissing(err) {
			return p, err
		}
	}
	p = profile{ID: newID(), Identities: []identity{{Provider: provider, ID: id}}, Attributes: map[string]any{},
		Roles: []string{}, Email: email, Created: tx.Now()}
	return p, insertProfile(tx, tenant, p)
}

// profileView is a profile as App ID answers it. Cloud Directory identities carry the
// user's current directory record, and name and email follow it.
func profileView(tx *store.Tx, tenant string, p profile) (map[string]any, error) {
	name, email := p.Name, p.Email
	ids := make([]any, 0, len(p.Identities))
	for _, i := range p.Identities {
		item := obj("provider", i.Provider, "id", i.ID)
		if i.IDPUserInfo != nil {
			item["idpUserInfo"] = i.IDPUserInfo
		}
		if i.Provider == providerCloudDirectory && !p.PreRegistered {
			u, err := cdUsers.Get(tx, tenant, i.ID)
			if err == nil {
				item["idpUserInfo"] = scimView(tenant, u)
				name, email = displayNameOf(u), u.primaryEmail()
			} else if !isMissing(err) {
				return nil, err
			}
		}
		ids = append(ids, item)
	}
	v := obj("id", p.ID, "identities", ids, "attributes", p.Attributes)
	if name != "" {
		v["name"] = name
	}
	if email != "" {
		v["email"] = email
	}
	if p.Picture != "" {
		v["picture"] = p.Picture
	}
	return v, nil
}

// primaryIdentity is the provider a profile was created with.
func (p profile) primaryIdentity() identity {
	if len(p.Identities) == 0 {
		return identity{Provider: providerAnonymous, ID: p.ID}
	}
	return p.Identities[0]
}

// searchProfiles finds profiles by email or by an identity provider's user id.
// startIndex is a 0-based offset here.
func (h *Handler) searchProfiles(c *gin.Context) error {
	email, idpID := strings.ToLower(c.Query("email")), c.Query("id")
	if email == "" && idpID == "" {
		return badRequest("one of email or id is required")
	}
	start, count := queryInt(c, "startIndex", 0), queryInt(c, "count", defaultPageSize)
	tenant := tenantOf(c)
	users := []any{}
	total := 0
	err := h.deps.Store.View(func(tx *store.Tx) error {
		all, err := profiles.List(tx, tenant)
		if err != nil {
			return err
		}
		slices.SortFunc(all, func(a, b profile) int { return a.Created.Compare(b.Created) })
		type match struct {
			p    profile
			view map[string]any
		}
		var matched []match
		for _, p := range all {
			v, err := profileView(tx, tenant, p)
			if err != nil {
				return err
			}
			if profileMatches(p, v, email, idpID) {
				matched = append(matched, match{p, v})
			}
		}
		total = len(matched)
		for _, m := range paginate(matched, start, count) {
			if c.Query("dataScope") == "index" {
				users = append(users, obj("id", m.p.ID, "idp", m.p.primaryIdentity().Provider, "email", m.view["email"]))
				continue
			}
			users = append(users, m.view)
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, obj("totalResults", total, "itemsPerPage", len(users),
		"requestOptions", obj("startIndex", start, "count", count), "users", users))
	return nil
}

func profileMatches(p profile, view map[string]any, email, idpID string) bool {
	if email != "" {
		if e, _ := view["email"].(string); strings.ToLower(e) != email {
			return false
		}
	}
	if idpID == "" {
		return true
	}
	for _, i := range p.Identities {
		if i.ID == idpID {
			return true
		}
	}
	return false
}

// nominateUser pre-registers a profile for a user who has not signed in yet.
func (h *Handler) nominateUser(c *gin.Context) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	idp, _ := body["idp"].(string)
	idpIdentity, _ := body["idp-identity"].(string)
	attrs := map[string]any{}
	if prof, ok := body["profile"].(map[string]any); ok {
		if a, ok := prof["attributes"].(map[string]any); ok {
			attrs = a
		}
	}
	tenant := tenantOf(c)
	var id string
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		p := profile{ID: newID(), Identities: []identity{{Provider: idp, ID: idpIdentity}}, Attributes: attrs,
			Roles: []string{}, PreRegistered: true, Created: tx.Now()}
		if idp == providerCloudDirectory {
			p.Email = idpIdentity
			// A directory user with that email already exists: the profile is theirs.
			if uid, err := tx.Lookup(tenant, cdUsers.Name, byEmail, idpIdentity); err == nil {
				p.Identities[0].ID, p.PreRegistered = uid, false
			}
		}
		id = p.ID
		return insertProfile(tx, tenant, p)
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, obj("id", id))
	return nil
}

func (h *Handler) deleteProfile(c *gin.Context) error {
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		p, err := getProfileRecord(tx, tenantOf(c), contract.Param(c, "id"))
		if err != nil {
			return err
		}
		return deleteProfileRecord(tx, tenantOf(c), p)
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// revokeRefreshTokens invalidates every refresh token the user holds now.
func (h *Handler) revokeRefreshTokens(c *gin.Context) error {
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		_, err := profiles.Update(tx, tenantOf(c), contract.Param(c, "id"), func(p *profile) error {
			p.RefreshRevokedAt = tx.Now()
			return nil
		})
		if isMissing(err) {
			return notFound("User not found")
		}
		return err
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

func (h *Handler) getProfile(c *gin.Context) error {
	var v map[string]any
	err := h.deps.Store.View(func(tx *store.Tx) error {
		p, err := getProfileRecord(tx, tenantOf(c), contract.Param(c, "id"))
		if err != nil {
			return err
		}
		v, err = profileView(tx, tenantOf(c), p)
		return err
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, v)
	return nil
}

// setProfile replaces the profile's custom attributes, the only part it accepts.
func (h *Handler) setProfile(c *gin.Context) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	attrs, _ := body["attributes"].(map[string]any)
	var v map[string]any
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		p, err := profiles.Update(tx, tenantOf(c), contract.Param(c, "id"), func(p *profile) error {
			p.Attributes = attrs
			return nil
		})
		if isMissing(err) {
			return notFound("User not found")
		}
		if err != nil {
			return err
		}
		v, err = profileView(tx, tenantOf(c), p)
		return err
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, v)
	return nil
}

func (h *Handler) getUserRoles(c *gin.Context) error {
	var refs []any
	err := h.deps.Store.View(func(tx *store.Tx) error {
		p, err := getProfileRecord(tx, tenantOf(c), contract.Param(c, "id"))
		if err != nil {
			return err
		}
		refs, err = roleRefs(tx, tenantOf(c), p.Roles)
		return err
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, obj("roles", refs))
	return nil
}

// updateUserRoles replaces the user's roles; every role must exist.
func (h *Handler) updateUserRoles(c *gin.Context) error {
	ids, err := h.readRoleIDs(c)
	if err != nil {
		return err
	}
	var refs []any
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		if refs, err = roleRefs(tx, tenantOf(c), ids); err != nil {
			return err
		}
		_, err := profiles.Update(tx, tenantOf(c), contract.Param(c, "id"), func(p *profile) error {
			p.Roles = ids
			return nil
		})
		if isMissing(err) {
			return notFound("User not found")
		}
		return err
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, obj("roles", refs))
	return nil
}
