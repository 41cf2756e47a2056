package appid

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"
	"golang.org/x/crypto/bcrypt"

	"github.com/idemu/idemu/emulator/store"
)

// Export settings: App ID pages exports and imports by 50 users.
const (
	exportPageSize   = 50
	exportHashAlg    = "bcrypt"
	pbkdf2Iterations = 10_000
	saltSize         = 16
)

// sealer encrypts password hashes with a key derived from the caller's
// encryption_secret, so an export is useless without it. Each sealed value carries its
// salt: salt | nonce | AES-256-GCM ciphertext, base64.
type sealer struct {
	secret string
	keys   map[string]cipher.AEAD // by salt, so an import derives each key once
}

func newSealer(secret string) *sealer { return &sealer{secret: secret, keys: map[string]cipher.AEAD{}} }

func (s *sealer) aead(salt []byte) (cipher.AEAD, error) {
	if a, ok := s.keys[string(salt)]; ok {
		return a, nil
	}
	key, err := pbkdf2.Key(sha256.New, s.secret, salt, pbkdf2Iterations, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	a, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	s.keys[string(salt)] = a
	return a, nil
}

func (s *sealer) seal(salt []byte, plain string) (string, error) {
	a, err := s.aead(salt)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, a.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := append(append(append([]byte{}, salt...), nonce...), a.Seal(nil, nonce, []byte(plain), nil)...)
	return base64.StdEncoding.EncodeToString(out), nil
}

func (s *sealer) open(sealed string) (string, error) {
	raw, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil || len(raw) < saltSize {
		return "", errors.New("passwordHash is not an exported value")
	}
	a, err := s.aead(raw[:saltSize])
	if err != nil {
		return "", err
	}
	rest := raw[saltSize:]
	if len(rest) < a.NonceSize() {
		return "", errors.New("passwordHash is not an exported value")
	}
	plain, err := a.Open(nil, rest[:a.NonceSize()], rest[a.NonceSize():], nil)
	if err != nil {
		return "", errors.New("passwordHash cannot be decrypted with this encryption_secret")
	}
	return string(plain), nil
}

// exportUsers exports a page of Cloud Directory users with their profile attributes,
// role names and encrypted password hashes. startIndex is a 0-based offset.
func (h *Handler) exportUsers(c *gin.Context) error {
	start, count := queryInt(c, "startIndex", 0), queryInt(c, "count", exportPageSize)
	tenant, s := tenantOf(c), newSealer(c.Query("encryption_secret"))
	salt := make([]byte, saltSize)
	if _, err := rand.Read(salt); err != nil {
		return err
	}
	out := []any{}
	var total int
	err := h.deps.Store.View(func(tx *store.Tx) error {
		all, err := cdUsers.List(tx, tenant)
		if err != nil {
			return err
		}
		sortUsers(all)
		total = len(all)
		for _, u := range paginate(all, start, count) {
			sealed, err := s.seal(salt, u.PasswordHash)
			if err != nil {
				return err
			}
			attrs, roleNames := map[string]any{}, []string{}
			p, err := profileOfIdentity(tx, tenant, providerCloudDirectory, u.ID)
			if err == nil {
				attrs = p.Attributes
				if roleNames, err = namesOfRoles(tx, tenant, p.Roles); err != nil {
					return err
				}
			} else if !isMissing(err) {
				return err
			}
			scim := scimView(tenant, u)
			scim["originalId"] = u.ID
			out = append(out, obj("scimUser", scim, "passwordHash", sealed, "passwordHashAlg", exportHashAlg,
				"profile", obj("attributes", attrs), "roles", roleNames))
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, obj("users", out, "totalResults", total, "itemsPerPage", len(out)))
	return nil
}

func namesOfRoles(tx *store.Tx, tenant string, ids []string) ([]string, error) {
	names := []string{}
	for _, id := range ids {
		r, err := roles.Get(tx, tenant, id)
		if isMissing(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		names = append(names, r.Name)
	}
	return names, nil
}

func roleIDsByName(tx *store.Tx, tenant string, names []string) ([]string, error) {
	ids := []string{}
	for _, n := range names {
		id, err := tx.Lookup(tenant, roles.Name, byRoleName, n)
		if isMissing(err) {
			return nil, fmt.Errorf("the role %s does not exist", n)
		}
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

type exportedUser struct {
	SCIMUser     map[string]any `json:"scimUser"`
	PasswordHash string         `json:"passwordHash"`
	Profile      struct {
		Attributes map[string]any `json:"attributes"`
	} `json:"profile"`
	Roles []string `json:"roles"`
}

// importUsers adds exported users with new ids. A user that cannot be added (an
// email or userName taken, a wrong secret, a missing role) is reported, not fatal.
func (h *Handler) importUsers(c *gin.Context) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	in := decodeMap[struct {
		Users []exportedUser `json:"users"`
	}](body)
	tenant, s := tenantOf(c), newSealer(c.Query("encryption_secret"))
	added, reasons := 0, []any{}
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		for _, eu := range in.Users {
			u, reason, err := h.importUser(tx, tenant, s, eu)
			if err != nil {
				return err
			}
			if reason == "" {
				added++
				continue
			}
			originalID, _ := eu.SCIMUser["originalId"].(string)
			if originalID == "" {
				originalID, _ = eu.SCIMUser["id"].(string)
			}
			reasons = append(reasons, obj("originalId", originalID, "email", u.primaryEmail(), "userName", u.UserName, "error", reason))
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, obj("added", added, "failed", len(reasons), "failReasons", reasons))
	return nil
}

// importUser adds one user, or says why not (reason); err is an unexpected failure.
func (h *Handler) importUser(tx *store.Tx, tenant string, s *sealer, eu exportedUser) (cdUser, string, error) {
	now := tx.Now()
	u := cdUser{ID: newID(), Active: true, Status: statusConfirmed, Created: now, LastModified: now, PasswordChangedAt: now}
	if err := decodeMap[scimInput](eu.SCIMUser).apply(&u); err != nil {
		return u, "Only one email can be primary", nil
	}
	if u.primaryEmail() == "" {
		return u, "scimUser.emails is required", nil
	}
	if u.DisplayName == "" {
		u.DisplayName = u.primaryEmail()
	}
	hash, err := s.open(eu.PasswordHash)
	if err != nil {
		return u, err.Error(), nil
	}
	if _, err := bcrypt.Cost([]byte(hash)); err != nil {
		return u, "passwordHash does not hold a bcrypt hash", nil
	}
	u.PasswordHash = hash
	roleIDs, err := roleIDsByName(tx, tenant, eu.Roles)
	if err != nil {
		return u, err.Error(), nil
	}
	for index, v := range map[string]string{byEmail: u.primaryEmail(), byUserName: u.UserName} {
		if _, err := tx.Lookup(tenant, cdUsers.Name, index, v); err == nil {
			return u, "The " + index + " " + v + " already exists", nil
		}
	}
	if err := insertUser(tx, tenant, u); err != nil {
		return u, "", err
	}
	p, err := ensureProfile(tx, tenant, providerCloudDirectory, u.ID, u.primaryEmail())
	if err != nil {
		return u, "", err
	}
	if eu.Profile.Attributes != nil {
		p.Attributes = eu.Profile.Attributes
	}
	p.Roles = roleIDs
	return u, "", profiles.Put(tx, tenant, p.ID, p)
}

// exportProfiles exports a page of user profiles with their identities, attributes
// and role names. startIndex is a 0-based offset.
func (h *Handler) exportProfiles(c *gin.Context) error {
	start, count := queryInt(c, "startIndex", 0), queryInt(c, "count", exportPageSize)
	tenant := tenantOf(c)
	out := []any{}
	var total int
	err := h.deps.Store.View(func(tx *store.Tx) error {
		all, err := profiles.List(tx, tenant)
		if err != nil {
			return err
		}
		slices.SortFunc(all, func(a, b profile) int { return a.Created.Compare(b.Created) })
		total = len(all)
		for _, p := range paginate(all, start, count) {
			v, err := profileView(tx, tenant, p)
			if err != nil {
				return err
			}
			if v["roles"], err = namesOfRoles(tx, tenant, p.Roles); err != nil {
				return err
			}
			v["idp"] = p.primaryIdentity().Provider
			out = append(out, v)
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, obj("users", out, "totalResults", total, "itemsPerPage", len(out),
		"requestOptions", obj("startIndex", start, "count", count)))
	return nil
}

type exportedProfile struct {
	ID         string         `json:"id"`
	Identities []identity     `json:"identities"`
	Attributes map[string]any `json:"attributes"`
	Name       string         `json:"name"`
	Email      string         `json:"email"`
	Picture    string         `json:"picture"`
	IDP        string         `json:"idp"`
	Roles      []string       `json:"roles"`
}

// importProfiles adds exported profiles with new ids, keeping their identity
// provider identifiers; a profile whose identity is taken is reported, not fatal.
func (h *Handler) importProfiles(c *gin.Context) error {
	body, err := h.readBody(c)
	if err != nil {
		return err
	}
	in := decodeMap[struct {
		Users []exportedProfile `json:"users"`
	}](body)
	tenant := tenantOf(c)
	added, reasons := 0, []any{}
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		for _, ep := range in.Users {
			reason, err := importProfile(tx, tenant, ep)
			if err != nil {
				return err
			}
			if reason == "" {
				added++
				continue
			}
			reasons = append(reasons, obj("originalId", ep.ID, "idp", ep.IDP, "error", reason))
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, obj("added", added, "failed", len(reasons), "failReasons", reasons))
	return nil
}

func importProfile(tx *store.Tx, tenant string, ep exportedProfile) (string, error) {
	roleIDs, err := roleIDsByName(tx, tenant, ep.Roles)
	if err != nil {
		return err.Error(), nil
	}
	for _, i := range ep.Identities {
		if _, err := tx.Lookup(tenant, profiles.Name, byIdentity, identityKey(i.Provider, i.ID)); err == nil {
			return "User ID for the provided IdP already exists", nil
		}
	}
	attrs := ep.Attributes
	if attrs == nil {
		attrs = map[string]any{}
	}
	ids := ep.Identities
	if ids == nil {
		ids = []identity{}
	}
	p := profile{ID: newID(), Identities: ids, Attributes: attrs, Roles: roleIDs,
		Name: ep.Name, Email: ep.Email, Picture: ep.Picture, Created: tx.Now()}
	return "", insertProfile(tx, tenant, p)
}
