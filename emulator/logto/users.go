package logto

import (
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// userSearchFields are the fields GET /users searches (core/queries/user.ts).
var userSearchFields = []string{"id", "primaryEmail", "primaryPhone", "username", "name"}

// userBody is Logto's user response (userInfoSelectFields), in Logto's key order.
type userBody struct {
	ID                string          `json:"id"`
	Username          *string         `json:"username"`
	PrimaryEmail      *string         `json:"primaryEmail"`
	PrimaryPhone      *string         `json:"primaryPhone"`
	Name              *string         `json:"name"`
	Avatar            *string         `json:"avatar"`
	CustomData        json.RawMessage `json:"customData"`
	Identities        json.RawMessage `json:"identities"`
	LastSignInAt      *int64          `json:"lastSignInAt"`
	CreatedAt         int64           `json:"createdAt"`
	UpdatedAt         int64           `json:"updatedAt"`
	Profile           json.RawMessage `json:"profile"`
	ApplicationID     *string         `json:"applicationId"`
	IsSuspended       bool            `json:"isSuspended"`
	HasPassword       bool            `json:"hasPassword"`
	SsoIdentities     []ssoBody       `json:"ssoIdentities,omitempty"`
	PasswordDigest    json.RawMessage `json:"passwordDigest,omitempty"`
	PasswordAlgorithm json.RawMessage `json:"passwordAlgorithm,omitempty"`
}

func (u user) body() userBody {
	ids, _ := json.Marshal(u.Identities)
	if u.Identities == nil {
		ids = []byte("{}")
	}
	return userBody{
		ID: u.ID, Username: u.Username, PrimaryEmail: u.PrimaryEmail, PrimaryPhone: u.PrimaryPhone,
		Name: u.Name, Avatar: u.Avatar, CustomData: jsonb(u.CustomData), Identities: jsonb(ids),
		LastSignInAt: u.LastSignInAt, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt,
		Profile: jsonb(u.Profile), ApplicationID: u.ApplicationID, IsSuspended: u.IsSuspended,
		HasPassword: u.PasswordDigest != "",
	}
}

// loadUser is findUserById: an unknown id is slonik's NotFound (entity.not_found).
func loadUser(tx *store.Tx, tenant, id string) (user, error) {
	u, err := users.Get(tx, tenant, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return u, entityNotFound()
	}
	return u, err
}

// normalisedPhone is how Logto compares phone numbers: digits only.
func normalisedPhone(p string) string {
	var b strings.Builder
	for _, r := range p {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// claimIdentifiers claims a user's username, email and phone, in that order, and
// answers the first clash the way Logto does (422 user.*_already_in_use).
func claimIdentifiers(tx *store.Tx, tenant string, u user) error {
	checks := []struct {
		index, value, code string
	}{
		{byUsername, deref(u.Username), "user.username_already_in_use"},
		{byEmail, deref(u.PrimaryEmail), "user.email_already_in_use"},
		{byPhone, normalisedPhone(deref(u.PrimaryPhone)), "user.phone_already_in_use"},
	}
	for _, ch := range checks {
		if err := tx.Claim(tenant, users.Name, ch.index, ch.value, u.ID); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return fail(http.StatusUnprocessableEntity, ch.code)
			}
			return err
		}
	}
	for target, id := range u.Identities {
		if err := tx.Claim(tenant, users.Name, byIdentity, identityKey(target, id.UserID), u.ID); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return fail(http.StatusUnprocessableEntity, "user.identity_already_in_use")
			}
			return err
		}
	}
	return nil
}

func releaseIdentifiers(tx *store.Tx, tenant string, u user) error {
	for index, value := range map[string]string{
		byUsername: deref(u.Username), byEmail: deref(u.PrimaryEmail), byPhone: normalisedPhone(deref(u.PrimaryPhone)),
	} {
		if err := tx.Release(tenant, users.Name, index, value, u.ID); err != nil {
			return err
		}
	}
	for target, id := range u.Identities {
		if err := tx.Release(tenant, users.Name, byIdentity, identityKey(target, id.UserID), u.ID); err != nil {
			return err
		}
	}
	return nil
}

func identityKey(target, userID string) string {
	return caseSensitiveKey(target) + ":" + caseSensitiveKey(userID)
}

// saveUser rewrites a user, moving its identifier claims from old to new in the same
// transaction.
func saveUser(tx *store.Tx, tenant string, old, updated user) error {
	if old.ID != "" {
		if err := releaseIdentifiers(tx, tenant, old); err != nil {
			return err
		}
	}
	if err := claimIdentifiers(tx, tenant, updated); err != nil {
		return err
	}
	return users.Put(tx, tenant, updated.ID, updated)
}

type createUserBody struct {
	PrimaryPhone      *string          `json:"primaryPhone"`
	PrimaryEmail      *string          `json:"primaryEmail"`
	Username          *string          `json:"username"`
	Password          *string          `json:"password"`
	PasswordDigest    *string          `json:"passwordDigest"`
	PasswordAlgorithm *string          `json:"passwordAlgorithm"`
	Name              *string          `json:"name"`
	Avatar            optional[string] `json:"avatar"`
	CustomData        json.RawMessage  `json:"customData"`
	Profile           json.RawMessage  `json:"profile"`
}

func (h *Handler) createUser(c *gin.Context) error {
	var in createUserBody
	if err := bind(c, &in); err != nil {
		return err
	}
	if in.Password != nil && in.PasswordDigest != nil {
		return fail(http.StatusBadRequest, "user.password_and_digest")
	}
	if in.PasswordDigest != nil && in.PasswordAlgorithm == nil {
		return fail(http.StatusBadRequest, "user.password_algorithm_required")
	}
	var digest, algorithm string
	switch {
	case in.Password != nil:
		hash, err := hashPassword(*in.Password, h.deps.BcryptCost)
		if err != nil {
			return err
		}
		digest, algorithm = hash, algBcrypt
	case in.PasswordDigest != nil:
		if err := checkImportedDigest(*in.PasswordAlgorithm, *in.PasswordDigest); err != nil {
			return err
		}
		digest, algorithm = *in.PasswordDigest, *in.PasswordAlgorithm
	}
	tenant := platform.TenantOf(c)
	var out user
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		now := tx.Now().UnixMilli()
		out = user{
			ID: shortID(), Username: in.Username, PrimaryEmail: in.PrimaryEmail, PrimaryPhone: in.PrimaryPhone,
			Name: in.Name, Avatar: in.Avatar.ptr(), CustomData: jsonb(in.CustomData), Profile: jsonb(in.Profile),
			Identities: map[string]identity{}, PasswordDigest: digest, PasswordAlgorithm: algorithm,
			CreatedAt: now, UpdatedAt: now,
		}
		if err := claimIdentifiers(tx, tenant, out); err != nil {
			return err
		}
		return users.Insert(tx, tenant, out.ID, out)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out.body())
}

func (h *Handler) listUsers(c *gin.Context) error {
	q := c.Request.URL.Query()
	p, err := pagination(q, false)
	if err != nil {
		return err
	}
	excludeRole, excludeOrg := q.Get("excludeRoleId"), q.Get("excludeOrganizationId")
	if excludeRole != "" && excludeOrg != "" {
		return invalidInput("Parameter `excludeRoleId` and `excludeOrganizationId` cannot be used at the same time.")
	}
	s, err := parseSearch(q, userSearchFields)
	if err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var list []user
	err = h.deps.Store.View(func(tx *store.Tx) error {
		excluded := map[string]bool{}
		if excludeRole != "" {
			if err := relatedTo(tx, tenant, usersRoles, "", excludeRole, func(r relation) { excluded[r.Left] = true }); err != nil {
				return err
			}
		}
		if excludeOrg != "" {
			if err := relatedTo(tx, tenant, orgUsers, excludeOrg, "", func(r relation) { excluded[r.Right] = true }); err != nil {
				return err
			}
		}
		all, err := users.List(tx, tenant)
		if err != nil {
			return err
		}
		list, err = filterUsers(all, s, func(u user) bool { return !excluded[u.ID] })
		return err
	})
	if err != nil {
		return err
	}
	withHash := truthy(q.Get("includePasswordHash"))
	out := make([]userBody, 0, len(list))
	for _, u := range paginate(c, p, list) {
		b := u.body()
		if withHash {
			addPasswordHash(&b, u)
		}
		out = append(out, b)
	}
	return h.respond(c, http.StatusOK, out)
}

// filterUsers applies a search and a filter, newest first (Logto orders users by
// created_at desc).
func filterUsers(all []user, s search, keep func(user) bool) ([]user, error) {
	var out []user
	for _, u := range all {
		if !keep(u) {
			continue
		}
		ok, err := s.matches(userSearchFields, func(f string) *string { return userField(u, f) })
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, u)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].CreatedAt != out[j].CreatedAt {
			return out[i].CreatedAt > out[j].CreatedAt
		}
		return out[i].ID > out[j].ID
	})
	return out, nil
}

func userField(u user, field string) *string {
	switch field {
	case "id":
		return &u.ID
	case "primaryEmail":
		return u.PrimaryEmail
	case "primaryPhone":
		return u.PrimaryPhone
	case "username":
		return u.Username
	case "name":
		return u.Name
	}
	return nil
}

// truthy is Logto's yes(): the flags it reads from the query.
func truthy(v string) bool {
	switch strings.ToLower(v) {
	case "true", "1", "yes", "y":
		return true
	}
	return false
}

func addPasswordHash(b *userBody, u user) {
	b.PasswordDigest, b.PasswordAlgorithm = json.RawMessage("null"), json.RawMessage("null")
	if u.PasswordDigest != "" {
		b.PasswordDigest, _ = json.Marshal(u.PasswordDigest)
		b.PasswordAlgorithm, _ = json.Marshal(u.PasswordAlgorithm)
	}
}

func (h *Handler) getUser(c *gin.Context) error {
	tenant, id := platform.TenantOf(c), contract.Param(c, "userId")
	var u user
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		u, err = loadUser(tx, tenant, id)
		return err
	})
	if err != nil {
		return err
	}
	b := u.body()
	if truthy(c.Query("includeSsoIdentities")) {
		b.SsoIdentities = ssoBodies(tenant, u)
		if b.SsoIdentities == nil {
			b.SsoIdentities = []ssoBody{}
		}
	}
	if truthy(c.Query("includePasswordHash")) {
		addPasswordHash(&b, u)
	}
	return h.respond(c, http.StatusOK, b)
}

type updateUserBody struct {
	Username     optional[string] `json:"username"`
	PrimaryEmail optional[string] `json:"primaryEmail"`
	PrimaryPhone optional[string] `json:"primaryPhone"`
	Name         optional[string] `json:"name"`
	Avatar       optional[string] `json:"avatar"`
	CustomData   json.RawMessage  `json:"customData"`
	Profile      json.RawMessage  `json:"profile"`
}

// identifier applies a PATCH member to a unique identifier: an empty string clears it.
func identifier(cur *string, o optional[string]) *string {
	if !o.Set {
		return cur
	}
	if o.Null || o.Value == "" {
		return nil
	}
	v := o.Value
	return &v
}

func text(cur *string, o optional[string]) *string {
	if !o.Set {
		return cur
	}
	return o.ptr()
}

func (h *Handler) updateUser(c *gin.Context) error {
	var in updateUserBody
	if err := bind(c, &in); err != nil {
		return err
	}
	return h.mutateUser(c, func(_ *store.Tx, u *user) error {
		u.Username = identifier(u.Username, in.Username)
		u.PrimaryEmail = identifier(u.PrimaryEmail, in.PrimaryEmail)
		u.PrimaryPhone = identifier(u.PrimaryPhone, in.PrimaryPhone)
		u.Name = text(u.Name, in.Name)
		u.Avatar = text(u.Avatar, in.Avatar)
		if in.CustomData != nil {
			u.CustomData = jsonb(in.CustomData) // PATCH /users/:id replaces jsonb members
		}
		if in.Profile != nil {
			u.Profile = jsonb(in.Profile)
		}
		return nil
	}, func(c *gin.Context, u user) error { return h.respond(c, http.StatusOK, u.body()) })
}

// mutateUser loads the path's user, applies change, saves it with updatedAt bumped and
// answers with reply.
func (h *Handler) mutateUser(c *gin.Context, change func(tx *store.Tx, u *user) error, reply func(c *gin.Context, u user) error) error {
	tenant, id := platform.TenantOf(c), contract.Param(c, "userId")
	var out user
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		old, err := loadUser(tx, tenant, id)
		if err != nil {
			return err
		}
		out = old
		out.Identities = cloneIdentities(old.Identities)
		if err := change(tx, &out); err != nil {
			return err
		}
		out.UpdatedAt = tx.Now().UnixMilli()
		return saveUser(tx, tenant, old, out)
	})
	if err != nil {
		return err
	}
	return reply(c, out)
}

func cloneIdentities(in map[string]identity) map[string]identity {
	out := make(map[string]identity, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}

func (h *Handler) deleteUser(c *gin.Context) error {
	tenant, id := platform.TenantOf(c), contract.Param(c, "userId")
	if who := callerOf(c); !who.IsApp && who.Subject == id {
		return fail(http.StatusBadRequest, "user.cannot_delete_self")
	}
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		u, err := loadUser(tx, tenant, id)
		if err != nil {
			return err
		}
		if err := releaseIdentifiers(tx, tenant, u); err != nil {
			return err
		}
		if err := users.Delete(tx, tenant, id); err != nil {
			return err
		}
		return deleteUserTraces(tx, tenant, id)
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

// deleteUserTraces removes what Logto deletes in cascade with a user: role and
// organization memberships and roles, personal access tokens, sessions and grants.
func deleteUserTraces(tx *store.Tx, tenant, id string) error {
	if err := deleteRelations(tx, tenant, usersRoles, id, ""); err != nil {
		return err
	}
	if err := deleteRelations(tx, tenant, orgUsers, "", id); err != nil {
		return err
	}
	if err := deleteWhere(tx, tenant, orgUserRoles, func(m orgMemberRole) bool { return m.Member == id }); err != nil {
		return err
	}
	if err := deleteWhere(tx, tenant, pats, func(t personalAccessToken) bool { return t.UserID == id }); err != nil {
		return err
	}
	if err := seededUsers.Delete(tx, tenant, id); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return revokeUserSessions(tx, tenant, id)
}
