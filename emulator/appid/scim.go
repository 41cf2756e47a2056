package appid

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/store"
)

const (
	scimUserSchema = "urn:ietf:params:scim:schemas:core:2.0:User"
	scimListSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
	// defaultPageSize is the page of a list without count.
	defaultPageSize = 20
)

// scimView is a Cloud Directory user as App ID answers it.
func scimView(tenant string, u cdUser) map[string]any {
	meta := obj("created", scimTime(u.Created), "lastModified", scimTime(u.LastModified),
		"resourceType", "User", "location", "/v1/"+tenant+"/Users/"+u.ID)
	if !u.LastLogin.IsZero() {
		meta["lastLogin"] = scimTime(u.LastLogin)
	}
	emails := make([]any, len(u.Emails))
	for i, e := range u.Emails {
		emails[i] = obj("value", e.Value, "primary", e.Primary)
	}
	v := obj("schemas", []any{scimUserSchema}, "id", u.ID, "displayName", u.DisplayName,
		"active", u.Active, "status", u.Status, "emails", emails, "meta", meta)
	if u.UserName != "" {
		v["userName"] = u.UserName
	}
	if u.Name != nil {
		v["name"] = *u.Name
	}
	if len(u.PhoneNumbers) > 0 {
		v["phoneNumbers"] = u.PhoneNumbers
	}
	if u.LockedUntil != 0 {
		v["lockedUntil"] = u.LockedUntil
	}
	return v
}

// scimInput is the SCIM user body of create, update and sign-up.
type scimInput struct {
	Emails       []scimValue `json:"emails"`
	Password     *string     `json:"password"`
	Active       *bool       `json:"active"`
	LockedUntil  *int64      `json:"lockedUntil"`
	DisplayName  *string     `json:"displayName"`
	UserName     *string     `json:"userName"`
	Status       *string     `json:"status"`
	Name         *scimName   `json:"name"`
	PhoneNumbers []scimValue `json:"phoneNumbers"`
}

// apply writes the given fields onto u; fields left out keep their value. Exactly one
// email is primary (the first when the caller marks none).
func (in scimInput) apply(u *cdUser) error {
	primaries := 0
	for _, e := range in.Emails {
		if e.Primary {
			primaries++
		}
	}
	if primaries > 1 {
		return scimInvalid("Only one email can be primary")
	}
	u.Emails = slices.Clone(in.Emails)
	if primaries == 0 && len(u.Emails) > 0 {
		u.Emails[0].Primary = true
	}
	if in.Active != nil {
		u.Active = *in.Active
	}
	if in.LockedUntil != nil {
		u.LockedUntil = *in.LockedUntil
	}
	if in.DisplayName != nil {
		u.DisplayName = *in.DisplayName
	}
	if in.UserName != nil {
		u.UserName = strings.TrimSpace(*in.UserName)
	}
	if in.Status != nil {
		u.Status = *in.Status
	}
	if in.Name != nil {
		u.Name = in.Name
	}
	if in.PhoneNumbers != nil {
		u.PhoneNumbers = in.PhoneNumbers
	}
	return nil
}

// cdSettings is the part of the Cloud Directory configuration the user flows read.
type cdSettings struct {
	IsActive bool `json:"isActive"`
	Config   struct {
		IdentityField string `json:"identityField"`
		Interactions  struct {
			IdentityConfirmation struct {
				AccessMode string   `json:"accessMode"`
				Methods    []string `json:"methods"`
			} `json:"identityConfirmation"`
			WelcomeEnabled                  bool `json:"welcomeEnabled"`
			ResetPasswordEnabled            bool `json:"resetPasswordEnabled"`
			ResetPasswordNotificationEnable bool `json:"resetPasswordNotificationEnable"`
		} `json:"interactions"`
	} `json:"config"`
}

// verifiesEmail reports whether new sign-ups must confirm their email.
func (s cdSettings) verifiesEmail() bool {
	ic := s.Config.Interactions.IdentityConfirmation
	return ic.AccessMode != "OFF" && ic.AccessMode != "false" && slices.Contains(ic.Methods, "email")
}

// restrictive reports whether unverified users are kept from signing in.
func (s cdSettings) restrictive() bool {
	return s.Config.Interactions.IdentityConfirmation.AccessMode == "RESTRICTIVE"
}

func loadCDSettings(tx *store.Tx, tenant string) (cdSettings, error) {
	return decodeConfig[cdSettings](tx, tenant, areaCloudDirectory)
}

// newUser builds a user from a SCIM body and checks it against the tenant's rules.
func (h *Handler) newUser(tx *store.Tx, tenant string, in scimInput, status string) (cdUser, error) {
	now := tx.Now()
	u := cdUser{ID: newID(), Active: true, Status: status, Created: now, LastModified: now}
	if err := in.apply(&u); err != nil {
		return u, err
	}
	if u.DisplayName == "" {
		u.DisplayName = u.primaryEmail()
	}
	settings, err := loadCDSettings(tx, tenant)
	if err != nil {
		return u, err
	}
	if settings.Config.IdentityField == "userName" && u.UserName == "" {
		return u, scimInvalid("Missing userName")
	}
	pw := ""
	if in.Password != nil {
		pw = *in.Password
	}
	if err := checkPassword(tx, tenant, nil, u, pw); err != nil {
		return u, err
	}
	return u, h.setPassword(&u, pw, now)
}

// insertUser stores a new user, claiming its email and userName in the same
// transaction so that two sign-ups of one address never both win.
func insertUser(tx *store.Tx, tenant string, u cdUser) error {
	if err := claimUser(tx, tenant, u); err != nil {
		return err
	}
	return cdUsers.Insert(tx, tenant, u.ID, u)
}

func claimUser(tx *store.Tx, tenant string, u cdUser) error {
	if err := tx.Claim(tenant, cdUsers.Name, byEmail, u.primaryEmail(), u.ID); err != nil {
		if errors.Is(err, store.ErrDuplicate) {
			return scimError(http.StatusConflict, scimUniqueness, "The email "+u.primaryEmail()+" already exists")
		}
		return err
	}
	if err := tx.Claim(tenant, cdUsers.Name, byUserName, u.UserName, u.ID); err != nil {
		if errors.Is(err, store.ErrDuplicate) {
			return scimError(http.StatusConflict, scimUniqueness, "The userName "+u.UserName+" already exists")
		}
		return err
	}
	return nil
}

func releaseUser(tx *store.Tx, tenant string, u cdUser) error {
	if err := tx.Release(tenant, cdUsers.Name, byEmail, u.primaryEmail(), u.ID); err != nil {
		return err
	}
	return tx.Release(tenant, cdUsers.Name, byUserName, u.UserName, u.ID)
}

func getCDUser(tx *store.Tx, tenant, id string) (cdUser, error) {
	u, err := cdUsers.Get(tx, tenant, id)
	if isMissing(err) {
		return u, scimNotFound("User not found")
	}
	return u, err
}

// readSCIM decodes a SCIM body (validated by the contract).
func (h *Handler) readSCIM(c *gin.Context) (scimInput, error) {
	body, err := h.readBody(c)
	if err != nil {
		return scimInput{}, scimError(http.StatusBadRequest, scimInvalidSyntax, "the body must be a JSON object")
	}
	return decodeMap[scimInput](body), nil
}

// createUser adds a user as an administrator: no email goes out, and the user is
// CONFIRMED unless the body says otherwise.
func (h *Handler) createUser(c *gin.Context) error {
	in, err := h.readSCIM(c)
	if err != nil {
		return err
	}
	var u cdUser
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		if u, err = h.newUser(tx, tenantOf(c), in, statusConfirmed); err != nil {
			return err
		}
		return insertUser(tx, tenantOf(c), u)
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, scimView(tenantOf(c), u))
	return nil
}

func (h *Handler) getUser(c *gin.Context) error {
	var u cdUser
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		u, err = getCDUser(tx, tenantOf(c), contract.Param(c, "userId"))
		return err
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, scimView(tenantOf(c), u))
	return nil
}

// listUsers pages through the directory in creation order. startIndex is SCIM's,
// 1-based; query matches the email or the userName exactly (case-insensitively).
func (h *Handler) listUsers(c *gin.Context) error {
	start, count := queryInt(c, "startIndex", 1), queryInt(c, "count", defaultPageSize)
	start = max(start, 1)
	q := strings.ToLower(strings.TrimSpace(c.Query("query")))
	var all []cdUser
	err := h.deps.Store.View(func(tx *store.Tx) error {
		return cdUsers.Each(tx, tenantOf(c), func(_ string, u cdUser) bool {
			if q == "" || strings.ToLower(u.primaryEmail()) == q || strings.ToLower(u.UserName) == q {
				all = append(all, u)
			}
			return true
		})
	})
	if err != nil {
		return err
	}
	sortUsers(all)
	page := paginate(all, start-1, count)
	resources := make([]any, len(page))
	for i, u := range page {
		resources[i] = scimView(tenantOf(c), u)
	}
	c.JSON(http.StatusOK, obj("schemas", []any{scimListSchema}, "totalResults", len(all),
		"itemsPerPage", len(page), "startIndex", start, "Resources", resources))
	return nil
}

func sortUsers(us []cdUser) {
	slices.SortFunc(us, func(a, b cdUser) int {
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// paginate returns up to count items from offset.
func paginate[T any](all []T, offset, count int) []T {
	if offset >= len(all) || count <= 0 {
		return []T{}
	}
	return all[offset:min(len(all), offset+count)]
}

func queryInt(c *gin.Context, name string, def int) int {
	if v, err := strconv.Atoi(c.Query(name)); err == nil {
		return v
	}
	return def
}

// updateUser changes a user: the fields given replace the stored ones, a new email or
// userName is claimed in the same transaction, and a new password must pass the rules.
func (h *Handler) updateUser(c *gin.Context) error {
	in, err := h.readSCIM(c)
	if err != nil {
		return err
	}
	tenant := tenantOf(c)
	var u cdUser
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		old, err := getCDUser(tx, tenant, contract.Param(c, "userId"))
		if err != nil {
			return err
		}
		u = old
		if err := in.apply(&u); err != nil {
			return err
		}
		if in.Password != nil {
			if err := checkPassword(tx, tenant, &old, u, *in.Password); err != nil {
				return err
			}
			if err := h.setPassword(&u, *in.Password, tx.Now()); err != nil {
				return err
			}
		}
		u.LastModified = tx.Now()
		if err := releaseUser(tx, tenant, old); err != nil {
			return err
		}
		if err := claimUser(tx, tenant, u); err != nil {
			return err
		}
		return cdUsers.Put(tx, tenant, u.ID, u)
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, scimView(tenant, u))
	return nil
}

// deleteUser removes the user from the directory; its profile stays (cloudDirectoryRemove
// removes both).
func (h *Handler) deleteUser(c *gin.Context) error {
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		return deleteCDUser(tx, tenantOf(c), contract.Param(c, "userId"))
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

func deleteCDUser(tx *store.Tx, tenant, id string) error {
	u, err := getCDUser(tx, tenant, id)
	if err != nil {
		return err
	}
	if err := releaseUser(tx, tenant, u); err != nil {
		return err
	}
	return cdUsers.Delete(tx, tenant, id)
}

// removeUser removes the user and its profile.
func (h *Handler) removeUser(c *gin.Context) error {
	tenant, id := tenantOf(c), contract.Param(c, "userId")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if err := deleteCDUser(tx, tenant, id); err != nil {
			return err
		}
		p, err := profileOfIdentity(tx, tenant, providerCloudDirectory, id)
		if isMissing(err) {
			return nil
		}
		if err != nil {
			return err
		}
		return deleteProfileRecord(tx, tenant, p)
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// invalidateSSO ends the user's single sign-on sessions. idemu keeps none (its sign-in
// page always asks for the password), so it only checks that the user exists.
func (h *Handler) invalidateSSO(c *gin.Context) error {
	err := h.deps.Store.View(func(tx *store.Tx) error {
		_, err := getCDUser(tx, tenantOf(c), contract.Param(c, "userId"))
		return err
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// userAndProfile is the user with its App ID profile: the profile id as sub, the
// directory record as the identity's idpUserInfo, and the custom attributes.
func (h *Handler) userAndProfile(c *gin.Context) error {
	tenant, id := tenantOf(c), contract.Param(c, "userId")
	var out map[string]any
	err := h.deps.Store.View(func(tx *store.Tx) error {
		u, err := getCDUser(tx, tenant, id)
		if err != nil {
			return err
		}
		info := scimView(tenant, u)
		info["idpType"] = providerCloudDirectory
		out = obj("identities", []any{obj("provider", providerCloudDirectory, "id", u.ID, "idpUserInfo", info)},
			"attributes", obj(), "email", u.primaryEmail(), "name", displayNameOf(u))
		p, err := profileOfIdentity(tx, tenant, providerCloudDirectory, u.ID)
		if isMissing(err) {
			return nil
		}
		if err != nil {
			return err
		}
		out["sub"], out["attributes"] = p.ID, p.Attributes
		return nil
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// locked reports whether the user's lockedUntil (epoch milliseconds) is still ahead.
func (u *cdUser) locked(now time.Time) bool { return u.LockedUntil > now.UnixMilli() }
