package logto

import (
	"encoding/base32"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// MFA verifications, personal access tokens, and the OIDC sessions and grants of a user.

const (
	mfaTotp       = "Totp"
	mfaBackupCode = "BackupCode"
	backupCodes   = 10
)

func (h *Handler) listUserMfaVerifications(c *gin.Context) error {
	u, err := h.viewUser(c)
	if err != nil {
		return err
	}
	out := make([]gin.H, 0, len(u.MfaVerifications))
	for _, v := range u.MfaVerifications {
		item := gin.H{"id": v.ID, "createdAt": v.CreatedAt, "type": v.Type}
		if v.Type == mfaBackupCode {
			remain := 0
			for _, code := range v.Codes {
				if code.UsedAt == "" {
					remain++
				}
			}
			item["remainCodes"] = remain
		}
		out = append(out, item)
	}
	return h.respond(c, http.StatusOK, out)
}

var (
	base32Secret   = regexp.MustCompile(`^[A-Z2-7]{16,}=*$`)
	backupCodeForm = regexp.MustCompile(`^[0-9a-f]{10}$`)
)

func (h *Handler) createUserMfaVerification(c *gin.Context) error {
	var in struct {
		Type   string   `json:"type"`
		Secret string   `json:"secret"`
		Codes  []string `json:"codes"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	if in.Type != mfaTotp && in.Type != mfaBackupCode {
		return guardFailure("body", []zodIssue{unionIssue(zodIssue{path: []any{}})})
	}
	var reply gin.H
	err := h.mutateUserReply(c, func(tx *store.Tx, u *user) error {
		now := tx.Now().UTC().Format("2006-01-02T15:04:05.000Z")
		v := mfaVerification{ID: standardID(), Type: in.Type, CreatedAt: now}
		if in.Type == mfaTotp {
			for _, m := range u.MfaVerifications {
				if m.Type == mfaTotp {
					return fail(http.StatusUnprocessableEntity, "user.totp_already_in_use")
				}
			}
			v.Secret = in.Secret
			if v.Secret == "" {
				v.Secret = base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte(randomString(alphanumeric, 10)))
			} else if !base32Secret.MatchString(v.Secret) {
				return fail(http.StatusUnprocessableEntity, "user.totp_secret_invalid")
			}
			u.MfaVerifications = append(u.MfaVerifications, v)
			reply = gin.H{"type": mfaTotp, "secret": v.Secret, "secretQrCode": totpQRCode(c, *u, v.Secret)}
			return nil
		}
		others := false
		for _, m := range u.MfaVerifications {
			if m.Type == mfaBackupCode {
				for _, code := range m.Codes {
					if code.UsedAt == "" {
						return fail(http.StatusUnprocessableEntity, "user.backup_code_already_in_use")
					}
				}
			} else {
				others = true
			}
		}
		if !others {
			return fail(http.StatusUnprocessableEntity, "session.mfa.backup_code_can_not_be_alone")
		}
		codes := in.Codes
		if len(codes) == 0 {
			for range backupCodes {
				codes = append(codes, randomString("0123456789abcdef", 10))
			}
		}
		for _, code := range codes {
			if !backupCodeForm.MatchString(code) {
				return fail(http.StatusUnprocessableEntity, "user.wrong_backup_code_format")
			}
			v.Codes = append(v.Codes, backupCode{Code: code})
		}
		u.MfaVerifications = append(u.MfaVerifications, v)
		reply = gin.H{"type": mfaBackupCode, "codes": codes}
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, reply)
}

// totpQRCode stands in for the PNG data URL Logto renders: idemu returns the otpauth
// key URI as a text data URL (an authenticator app reads the secret field anyway).
func totpQRCode(c *gin.Context, u user, secret string) string {
	account := "Unnamed User"
	for _, v := range []*string{u.Username, u.PrimaryEmail, u.PrimaryPhone, u.Name} {
		if v != nil && *v != "" {
			account = *v
			break
		}
	}
	issuer := c.Request.Host
	if i := strings.LastIndex(issuer, ":"); i > 0 {
		issuer = issuer[:i]
	}
	uri := "otpauth://totp/" + url.PathEscape(issuer+":"+account) + "?secret=" + secret + "&issuer=" + url.QueryEscape(issuer)
	return "data:text/plain;base64," + base64.StdEncoding.EncodeToString([]byte(uri))
}

func (h *Handler) deleteUserMfaVerification(c *gin.Context) error {
	vid := contract.Param(c, "verificationId")
	return h.mutateUserReply(c, func(_ *store.Tx, u *user) error {
		for i, v := range u.MfaVerifications {
			if v.ID == vid {
				u.MfaVerifications = append(u.MfaVerifications[:i:i], u.MfaVerifications[i+1:]...)
				return nil
			}
		}
		return entityNotFound()
	}, noContent)
}

// mutateUserReply is mutateUser for replies that need nothing from the saved user.
func (h *Handler) mutateUserReply(c *gin.Context, change func(tx *store.Tx, u *user) error, reply ...func(*gin.Context) error) error {
	return h.mutateUser(c, change, func(c *gin.Context, _ user) error {
		if len(reply) > 0 {
			return reply[0](c)
		}
		return nil
	})
}

// Personal access tokens: one document per user and name.

type patBody struct {
	TenantID  string `json:"tenantId"`
	UserID    string `json:"userId"`
	Name      string `json:"name"`
	Value     string `json:"value"`
	CreatedAt int64  `json:"createdAt"`
	ExpiresAt *int64 `json:"expiresAt"`
}

func (t personalAccessToken) body(tenant string) patBody {
	return patBody{TenantID: tenant, UserID: t.UserID, Name: t.Name, Value: t.Value, CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt}
}

func patID(userID, name string) string { return relationID(userID, caseSensitiveKey(name)) }

func (h *Handler) listPersonalAccessTokens(c *gin.Context) error {
	tenant, id := platform.TenantOf(c), contract.Param(c, "userId")
	out := []patBody{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		if _, err := loadUser(tx, tenant, id); err != nil {
			return err
		}
		all, err := pats.List(tx, tenant)
		if err != nil {
			return err
		}
		sort.SliceStable(all, func(i, j int) bool { return all[i].CreatedAt < all[j].CreatedAt })
		for _, t := range all {
			if t.UserID == id {
				out = append(out, t.body(tenant))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) createPersonalAccessToken(c *gin.Context) error {
	var in struct {
		Name      string `json:"name"`
		ExpiresAt *int64 `json:"expiresAt"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant, id := platform.TenantOf(c), contract.Param(c, "userId")
	var t personalAccessToken
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		now := tx.Now().UnixMilli()
		if in.ExpiresAt != nil && *in.ExpiresAt <= now {
			return invalidInput("The value of `expiresAt` must be in the future.")
		}
		if _, err := loadUser(tx, tenant, id); err != nil {
			// The insert's foreign key fails in Logto: there is no user check first.
			return fail(http.StatusNotFound, "entity.relation_foreign_key_not_found")
		}
		t = personalAccessToken{UserID: id, Name: in.Name, Value: "pat_" + standardSecret(), CreatedAt: now, ExpiresAt: in.ExpiresAt}
		err := pats.Insert(tx, tenant, patID(id, in.Name), t)
		if errors.Is(err, store.ErrAlreadyExists) {
			return fail(http.StatusUnprocessableEntity, "user.personal_access_token_name_exists")
		}
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusCreated, t.body(tenant))
}

func (h *Handler) renamePersonalAccessTokenByPath(c *gin.Context) error {
	return h.renamePersonalAccessToken(c, contract.Param(c, "name"))
}

func (h *Handler) renamePersonalAccessTokenByBody(c *gin.Context) error {
	return h.renamePersonalAccessToken(c, "")
}

// renamePersonalAccessToken renames the token called current (from the path, or the
// body's currentName for names that do not fit in a path segment).
func (h *Handler) renamePersonalAccessToken(c *gin.Context, current string) error {
	var in struct {
		CurrentName string `json:"currentName"`
		Name        string `json:"name"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	if current == "" {
		current = in.CurrentName
	}
	tenant, id := platform.TenantOf(c), contract.Param(c, "userId")
	var t personalAccessToken
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		var err error
		t, err = pats.Get(tx, tenant, patID(id, current))
		if errors.Is(err, store.ErrNotFound) {
			return fail(http.StatusNotFound, "entity.not_exists", "name", "personal_access_token")
		}
		if err != nil {
			return err
		}
		if in.Name == current {
			return nil
		}
		if _, err := pats.Get(tx, tenant, patID(id, in.Name)); err == nil {
			return fail(http.StatusUnprocessableEntity, "user.personal_access_token_name_exists")
		}
		if err := pats.Delete(tx, tenant, patID(id, current)); err != nil {
			return err
		}
		t.Name = in.Name
		return pats.Put(tx, tenant, patID(id, in.Name), t)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, t.body(tenant))
}

func (h *Handler) deletePersonalAccessTokenByPath(c *gin.Context) error {
	return h.deletePersonalAccessToken(c, contract.Param(c, "name"))
}

func (h *Handler) deletePersonalAccessTokenByBody(c *gin.Context) error {
	var in struct {
		Name string `json:"name"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	return h.deletePersonalAccessToken(c, in.Name)
}

func (h *Handler) deletePersonalAccessToken(c *gin.Context, name string) error {
	tenant, id := platform.TenantOf(c), contract.Param(c, "userId")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		err := pats.Delete(tx, tenant, patID(id, name))
		if errors.Is(err, store.ErrNotFound) {
			return entityNotFound()
		}
		return err
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

// Sessions and grants (node-oidc-provider's Session and Grant models).

func sessionBody(s oidcSession) gin.H {
	authorizations := gin.H{}
	for _, g := range s.GrantIDs {
		authorizations[s.ClientID] = gin.H{"grantId": g, "persistsLogout": false, "sid": s.UID}
	}
	return gin.H{
		"payload": gin.H{"exp": s.ExpiresAt / 1000, "iat": s.LoginTs / 1000, "jti": s.ID, "uid": s.UID,
			"kind": "Session", "loginTs": s.LoginTs / 1000, "accountId": s.UserID, "authorizations": authorizations},
		"lastSubmission": nil, "clientId": s.ClientID, "accountId": s.UserID, "expiresAt": s.ExpiresAt,
	}
}

func activeSessions(tx *store.Tx, tenant, userID string) ([]oidcSession, error) {
	all, err := sessions.List(tx, tenant)
	if err != nil {
		return nil, err
	}
	now := tx.Now().UnixMilli()
	var out []oidcSession
	for _, s := range all {
		if s.UserID == userID && s.ExpiresAt > now {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].LoginTs > out[j].LoginTs })
	return out, nil
}

func (h *Handler) listUserSessions(c *gin.Context) error {
	tenant, id := platform.TenantOf(c), contract.Param(c, "userId")
	var out gin.H
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		out, err = sessionsBody(tx, tenant, id)
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

func sessionsBody(tx *store.Tx, tenant, userID string) (gin.H, error) {
	list, err := activeSessions(tx, tenant, userID)
	out := make([]gin.H, 0, len(list))
	for _, s := range list {
		out = append(out, sessionBody(s))
	}
	return gin.H{"sessions": out}, err
}

func findSession(tx *store.Tx, tenant, userID, sessionID string) (oidcSession, error) {
	s, err := sessions.Get(tx, tenant, sessionID)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) || (err == nil && (s.UserID != userID || s.ExpiresAt <= tx.Now().UnixMilli())) {
		return s, fail(http.StatusNotFound, "oidc.session_not_found")
	}
	return s, err
}

func (h *Handler) getUserSession(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var s oidcSession
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		s, err = findSession(tx, tenant, contract.Param(c, "userId"), contract.Param(c, "sessionId"))
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, sessionBody(s))
}

// deleteUserSession ends a session; revokeGrantsTarget=all (or firstParty, every
// emulated application being first party) also revokes its grants.
func (h *Handler) deleteUserSession(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		return endSession(tx, tenant, contract.Param(c, "userId"), contract.Param(c, "sessionId"), c.Query("revokeGrantsTarget") != "")
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

func endSession(tx *store.Tx, tenant, userID, sessionID string, revokeGrants bool) error {
	s, err := findSession(tx, tenant, userID, sessionID)
	if err != nil {
		return err
	}
	if revokeGrants {
		for _, g := range s.GrantIDs {
			if err := grants.Delete(tx, tenant, g); err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
	}
	return sessions.Delete(tx, tenant, s.ID)
}

func (h *Handler) listUserGrants(c *gin.Context) error {
	tenant, id := platform.TenantOf(c), contract.Param(c, "userId")
	var out gin.H
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		out, err = grantsBody(tx, tenant, id, c.Query("appType"))
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

// grantsBody lists a user's live grants, newest first, of first- or third-party
// applications when appType says so.
func grantsBody(tx *store.Tx, tenant, userID, appType string) (gin.H, error) {
	out := []gin.H{}
	all, err := grants.List(tx, tenant)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].CreatedAt > all[j].CreatedAt })
	now := tx.Now().UnixMilli()
	for _, g := range all {
		if g.UserID != userID || g.ExpiresAt <= now {
			continue
		}
		app, err := applications.Get(tx, tenant, g.ClientID)
		thirdParty := err == nil && app.IsThirdParty
		if (appType == "firstParty" && thirdParty) || (appType == "thirdParty" && !thirdParty) {
			continue
		}
		out = append(out, gin.H{"id": g.ID, "payload": gin.H{"exp": g.ExpiresAt / 1000, "iat": g.CreatedAt / 1000,
			"jti": g.ID, "kind": "Grant", "clientId": g.ClientID, "accountId": g.UserID}, "expiresAt": g.ExpiresAt})
	}
	return gin.H{"grants": out}, nil
}

func (h *Handler) deleteUserGrant(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		return revokeGrant(tx, tenant, contract.Param(c, "userId"), contract.Param(c, "grantId"))
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

func revokeGrant(tx *store.Tx, tenant, userID, grantID string) error {
	g, err := grants.Get(tx, tenant, grantID)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) || (err == nil && g.UserID != userID) {
		return fail(http.StatusNotFound, "oidc.invalid_grant")
	}
	if err != nil {
		return err
	}
	return grants.Delete(tx, tenant, grantID)
}

// revokeUserSessions signs a user out everywhere: sessions and grants go.
func revokeUserSessions(tx *store.Tx, tenant, userID string) error {
	if err := deleteWhere(tx, tenant, sessions, func(s oidcSession) bool { return s.UserID == userID }); err != nil {
		return err
	}
	return deleteWhere(tx, tenant, grants, func(g oidcGrant) bool { return g.UserID == userID })
}

// seedSession creates a session with one grant for a client, as a sign-in would.
func seedSession(tx *store.Tx, tenant, userID, clientID string) error {
	now := tx.Now()
	g := oidcGrant{ID: tokenID(), UserID: userID, ClientID: clientID, CreatedAt: now.UnixMilli(), ExpiresAt: now.Add(14 * 24 * time.Hour).UnixMilli()}
	s := oidcSession{ID: tokenID(), UserID: userID, ClientID: clientID, UID: tokenID(), LoginTs: now.UnixMilli(),
		ExpiresAt: now.Add(14 * 24 * time.Hour).UnixMilli(), GrantIDs: []string{g.ID}}
	if err := grants.Put(tx, tenant, g.ID, g); err != nil {
		return err
	}
	return sessions.Put(tx, tenant, s.ID, s)
}
