package logto

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Verification records of the Account API (/api/verifications/*): proofs a signed-in
// user makes (their password, a code sent to an email or phone, a social sign-in)
// that sensitive Account API calls then name in the logto-verification-id header.
// A record lives ten minutes by idemu's clock.

const (
	recordPassword  = "Password"
	verifyEmailCode = "EmailVerificationCode"
	verifyPhoneCode = "PhoneVerificationCode"
	verifySocial    = "Social"
	verificationTTL = 10 * time.Minute
	// verificationHeader names the record that proves the caller's identity.
	verificationHeader = "logto-verification-id"
)

type vIdentifier struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

type verificationRecord struct {
	ID           string          `json:"id"`
	UserID       string          `json:"userId"`
	Type         string          `json:"type"`
	Identifier   vIdentifier     `json:"identifier"`
	TemplateType string          `json:"templateType,omitempty"`
	ConnectorID  string          `json:"connectorId,omitempty"`
	SocialInfo   json.RawMessage `json:"socialInfo,omitempty"` // what the social connector returned
	Verified     bool            `json:"verified"`
	ExpiresAt    int64           `json:"expiresAt"`
}

var verificationRecords = store.Collection[verificationRecord]{Name: "verification-records"}

func saveRecord(tx *store.Tx, tenant string, r verificationRecord) error {
	return verificationRecords.PutTTL(tx, tenant, r.ID, r, time.UnixMilli(r.ExpiresAt))
}

// loadRecord finds a live record of the caller of one of the given types; anything
// else is 400 verification_record.not_found.
func loadRecord(tx *store.Tx, tenant, userID, id string, types ...string) (verificationRecord, error) {
	r, err := verificationRecords.Get(tx, tenant, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) || (err == nil && r.UserID != userID) {
		return r, fail(http.StatusBadRequest, "verification_record.not_found")
	}
	if err != nil {
		return r, err
	}
	for _, t := range types {
		if r.Type == t {
			return r, nil
		}
	}
	return r, fail(http.StatusBadRequest, "verification_record.not_found")
}

// identityVerified reports whether the request's logto-verification-id names a
// verified record that proves the caller is who they are: their password, or a code
// sent to their own email or phone.
func identityVerified(c *gin.Context, tx *store.Tx, tenant string, u user) (bool, error) {
	id := c.GetHeader(verificationHeader)
	if id == "" {
		return false, nil
	}
	r, err := verificationRecords.Get(tx, tenant, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return false, nil
	}
	if err != nil || r.UserID != u.ID || !r.Verified {
		return false, err
	}
	switch r.Type {
	case recordPassword:
		return true, nil
	case verifyEmailCode:
		return r.Identifier.Value == deref(u.PrimaryEmail), nil
	case verifyPhoneCode:
		return r.Identifier.Value == deref(u.PrimaryPhone), nil
	}
	return false, nil
}

func permissionDenied() *apiError {
	return fail(http.StatusUnauthorized, "verification_record.permission_denied")
}

func recordCreated(r verificationRecord) ordered {
	return ordered{{"verificationRecordId", r.ID}, {"expiresAt", isoMillis(r.ExpiresAt)}}
}

// isoMillis renders epoch milliseconds as JavaScript's Date.toISOString().
func isoMillis(ms int64) string {
	return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z")
}

func newRecord(tx *store.Tx, userID, typ string) verificationRecord {
	return verificationRecord{ID: standardID(), UserID: userID, Type: typ,
		ExpiresAt: tx.Now().Add(verificationTTL).UnixMilli()}
}

func (h *Handler) createVerificationByPassword(c *gin.Context) error {
	var in struct {
		Password string `json:"password"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant, who := platform.TenantOf(c), accountCallerOf(c)
	var r verificationRecord
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		u, err := loadUser(tx, tenant, who.UserID)
		if err != nil {
			return err
		}
		ok, err := verifyPassword(u.PasswordAlgorithm, u.PasswordDigest, in.Password)
		if err != nil || !ok || u.PasswordDigest == "" {
			return fail(http.StatusUnprocessableEntity, "session.invalid_credentials")
		}
		r = newRecord(tx, u.ID, recordPassword)
		r.Identifier, r.Verified = vIdentifier{Type: "userId", Value: u.ID}, true
		return saveRecord(tx, tenant, r)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusCreated, recordCreated(r))
}

type identifierInput struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

func (i identifierInput) target() passcodeTarget {
	if i.Type == "phone" {
		return passcodeTarget{Phone: i.Value}
	}
	return passcodeTarget{Email: i.Value}
}

func (i identifierInput) recordType() string {
	if i.Type == "phone" {
		return verifyPhoneCode
	}
	return verifyEmailCode
}

// createVerificationByVerificationCode sends a code to an email or phone: the user's
// own (template UserPermissionValidation) or a new one (BindNewIdentifier), unless the
// request names the template.
func (h *Handler) createVerificationByVerificationCode(c *gin.Context) error {
	var in struct {
		Identifier   identifierInput `json:"identifier"`
		TemplateType string          `json:"templateType"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant, who := platform.TenantOf(c), accountCallerOf(c)
	var r verificationRecord
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		u, err := loadUser(tx, tenant, who.UserID)
		if err != nil {
			return err
		}
		r = newRecord(tx, u.ID, in.Identifier.recordType())
		r.Identifier = vIdentifier(in.Identifier)
		r.TemplateType = in.TemplateType
		if r.TemplateType == "" {
			r.TemplateType = "BindNewIdentifier"
			if in.Identifier.Value == deref(u.PrimaryEmail) || in.Identifier.Value == deref(u.PrimaryPhone) {
				r.TemplateType = "UserPermissionValidation"
			}
		}
		if _, err := h.sendPasscode(tx, tenant, r.ID, r.TemplateType, in.Identifier.target()); err != nil {
			return err
		}
		return saveRecord(tx, tenant, r)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusCreated, recordCreated(r))
}

func (h *Handler) verifyVerificationByVerificationCode(c *gin.Context) error {
	var in struct {
		Identifier     identifierInput `json:"identifier"`
		VerificationID string          `json:"verificationId"`
		Code           string          `json:"code"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant, who := platform.TenantOf(c), accountCallerOf(c)
	var r verificationRecord
	err := h.commitMismatch(func(tx *store.Tx) (err error) {
		if r, err = loadRecord(tx, tenant, who.UserID, in.VerificationID, verifyEmailCode, verifyPhoneCode); err != nil {
			return err
		}
		if r.Identifier.Value != in.Identifier.Value || r.Type != in.Identifier.recordType() {
			return fail(http.StatusBadRequest, "verification_record.not_found")
		}
		if err := verifyPasscode(tx, tenant, r.ID, r.TemplateType, in.Identifier.target(), in.Code); err != nil {
			return err
		}
		r.Verified = true
		return saveRecord(tx, tenant, r)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, ordered{{"verificationRecordId", r.ID}})
}

// socialVerification starts a sign-in with a social connector: the record and the
// provider's authorization URI.
func socialVerification(tx *store.Tx, tenant, userID, connectorID, state, redirectURI string) (verificationRecord, string, error) {
	cn, err := loadConnector(tx, tenant, connectorID)
	if err != nil {
		return verificationRecord{}, "", err
	}
	if cn.kind() != connectorSocial {
		return verificationRecord{}, "", fail(http.StatusUnprocessableEntity, "connector.unexpected_type")
	}
	uri, err := cn.factory().authorizationURI(cn.configMap(), state, redirectURI)
	if err != nil {
		return verificationRecord{}, "", fail(http.StatusBadRequest, "connector.invalid_config")
	}
	r := newRecord(tx, userID, verifySocial)
	r.ConnectorID, r.Identifier = cn.ID, vIdentifier{Type: "social", Value: cn.target()}
	return r, uri, nil
}

func (h *Handler) createVerificationBySocial(c *gin.Context) error {
	var in struct {
		ConnectorID string `json:"connectorId"`
		RedirectURI string `json:"redirectUri"`
		State       string `json:"state"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant, who := platform.TenantOf(c), accountCallerOf(c)
	var r verificationRecord
	var uri string
	err := h.deps.Store.Update(func(tx *store.Tx) (err error) {
		if r, uri, err = socialVerification(tx, tenant, who.UserID, in.ConnectorID, in.State, in.RedirectURI); err != nil {
			return err
		}
		return saveRecord(tx, tenant, r)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusCreated, ordered{{"verificationRecordId", r.ID}, {"authorizationUri", uri},
		{"expiresAt", isoMillis(r.ExpiresAt)}})
}

// verifySocialRecord stores what the emulated connector "fetched" for the callback.
func verifySocialRecord(r *verificationRecord, data map[string]any) error {
	info, err := socialUserInfo(data)
	if err != nil {
		return err
	}
	raw, _ := json.Marshal(info)
	r.SocialInfo, r.Verified = jsonb(raw), true
	return nil
}

func (h *Handler) verifyVerificationBySocial(c *gin.Context) error {
	var in struct {
		VerificationRecordID string         `json:"verificationRecordId"`
		ConnectorData        map[string]any `json:"connectorData"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant, who := platform.TenantOf(c), accountCallerOf(c)
	var r verificationRecord
	err := h.deps.Store.Update(func(tx *store.Tx) (err error) {
		if r, err = loadRecord(tx, tenant, who.UserID, in.VerificationRecordID, verifySocial); err != nil {
			return err
		}
		if err := verifySocialRecord(&r, in.ConnectorData); err != nil {
			return err
		}
		return saveRecord(tx, tenant, r)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, ordered{{"verificationRecordId", r.ID}})
}
