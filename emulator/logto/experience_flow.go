package logto

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Identifying the user, building a registration's profile, MFA choices and the submit
// that ends an interaction.

// socialInfo reads what a social record's connector returned.
func (r expRecord) socialInfo() map[string]any {
	info := map[string]any{}
	_ = json.Unmarshal(r.SocialInfo, &info)
	return info
}

func (r expRecord) socialUserID() string {
	id, _ := r.socialInfo()["id"].(string)
	return id
}

// userBySocial finds the user linked to a social identity.
func userBySocial(tx *store.Tx, tenant, target, id string) (user, bool, error) {
	uid, err := tx.Lookup(tenant, users.Name, byIdentity, identityKey(target, id))
	if err != nil {
		return user{}, false, nil
	}
	u, err := users.Get(tx, tenant, uid)
	return u, err == nil, err
}

// identifyForSignIn finds the user a verified record proves.
func identifyForSignIn(tx *store.Tx, tenant string, r *expRecord) (user, error) {
	var u user
	var found bool
	var err error
	switch r.Type {
	case recordPassword:
		u, found, err = findUserBy(tx, tenant, vIdentifier{Type: "userId", Value: r.UserID})
	case verifyEmailCode, verifyPhoneCode, recordOneTimeToken:
		u, found, err = findUserBy(tx, tenant, *r.Identifier)
		if err == nil && !found {
			return u, fail(http.StatusNotFound, "user.user_not_exist", "identifier", r.Identifier.Value)
		}
	case verifySocial:
		u, found, err = userBySocial(tx, tenant, r.Identifier.Value, r.socialUserID())
		if err == nil && !found {
			return u, fail(http.StatusNotFound, "user.identity_not_exist")
		}
	default:
		return u, fail(http.StatusBadRequest, "session.verification_failed")
	}
	if err != nil {
		return u, err
	}
	if !found {
		return u, fail(http.StatusNotFound, "user.user_not_exist", "identifier", r.UserID)
	}
	if u.IsSuspended {
		return u, fail(http.StatusUnauthorized, "user.suspended")
	}
	return u, nil
}

// addIdentifierToProfile puts a verified record's identifier into a registration's
// profile; one already in use by another user is 422.
func addIdentifierToProfile(tx *store.Tx, tenant string, in *interaction, r *expRecord) error {
	switch r.Type {
	case verifyEmailCode, verifyPhoneCode, recordOneTimeToken:
		if _, taken, err := findUserBy(tx, tenant, *r.Identifier); err != nil || taken {
			if err != nil {
				return err
			}
			return fail(http.StatusUnprocessableEntity, "user."+r.Identifier.Type+"_already_in_use")
		}
		v := r.Identifier.Value
		if r.Type != verifyPhoneCode {
			in.Profile.PrimaryEmail = &v
		} else {
			in.Profile.PrimaryPhone = &v
		}
	case recordNewPasswordIdentity:
		if _, taken, err := findUserBy(tx, tenant, *r.Identifier); err != nil || taken {
			if err != nil {
				return err
			}
			return fail(http.StatusUnprocessableEntity, "user.username_already_in_use")
		}
		v := r.Identifier.Value
		in.Profile.Username, in.Profile.PasswordDigest = &v, r.PasswordDigest
	case verifySocial:
		if _, taken, err := userBySocial(tx, tenant, r.Identifier.Value, r.socialUserID()); err != nil || taken {
			if err != nil {
				return err
			}
			return fail(http.StatusUnprocessableEntity, "user.identity_already_in_use")
		}
		in.Profile.SocialIdentity = &socialIdentity{Target: r.Identifier.Value, UserInfo: r.socialInfo()}
	default:
		return fail(http.StatusBadRequest, "session.verification_failed")
	}
	return nil
}

func (h *Handler) identifyUser(c *gin.Context) error {
	var body struct {
		VerificationID string `json:"verificationId"`
	}
	if err := bind(c, &body); err != nil {
		return err
	}
	var event string
	err := h.withInteraction(c, func(tx *store.Tx, tenant string, in *interaction) error {
		event = in.Event
		if body.VerificationID == "" {
			if in.Event != eventRegister {
				return fail(http.StatusBadRequest, "session.verification_session_not_found")
			}
			return nil
		}
		r, err := in.record(body.VerificationID)
		if err != nil {
			return err
		}
		if !r.Verified {
			return fail(http.StatusBadRequest, "session.verification_failed")
		}
		if in.Event == eventRegister {
			return addIdentifierToProfile(tx, tenant, in, r)
		}
		if in.Event == eventForgot && r.Type != verifyEmailCode && r.Type != verifyPhoneCode && r.Type != recordOneTimeToken {
			return fail(http.StatusBadRequest, "session.not_supported_for_forgot_password")
		}
		u, err := identifyForSignIn(tx, tenant, r)
		if err != nil {
			return err
		}
		if in.UserID != "" && in.UserID != u.ID {
			return fail(http.StatusConflict, "session.identity_conflict")
		}
		in.UserID = u.ID
		return nil
	})
	if err != nil {
		return err
	}
	if event == eventRegister {
		return statusOnly(c, http.StatusCreated)
	}
	return noContent(c)
}

// addUserProfile fills in a profile member: a username or password typed in, an
// email, phone or social identity a verified record proves, or extra profile values.
func (h *Handler) addUserProfile(c *gin.Context) error {
	var body struct {
		Type           string         `json:"type"`
		Value          string         `json:"value"`
		VerificationID string         `json:"verificationId"`
		Values         map[string]any `json:"values"`
	}
	if err := bind(c, &body); err != nil {
		return err
	}
	err := h.withInteraction(c, func(tx *store.Tx, tenant string, in *interaction) error {
		if in.Event == eventForgot {
			return fail(http.StatusBadRequest, "session.not_supported_for_forgot_password")
		}
		switch body.Type {
		case "extraProfile":
			extra, err := parseExtraProfile(body.Values)
			if err == nil {
				setExtraProfile(in, extra)
			}
			return err
		case "username":
			if in.Profile.Username != nil {
				return fail(http.StatusBadRequest, "user.username_exists_in_profile")
			}
			if _, taken, err := findUserBy(tx, tenant, vIdentifier{Type: "username", Value: body.Value}); err != nil || taken {
				if err != nil {
					return err
				}
				return fail(http.StatusUnprocessableEntity, "user.username_already_in_use")
			}
			v := body.Value
			in.Profile.Username = &v
			return nil
		case "password":
			if in.Profile.PasswordDigest != "" {
				return fail(http.StatusBadRequest, "user.password_exists_in_profile")
			}
			if err := checkPasswordPolicy(tx, tenant, body.Value, &user{Username: in.Profile.Username, PrimaryEmail: in.Profile.PrimaryEmail}); err != nil {
				return err
			}
			digest, err := hashPassword(body.Value, h.deps.BcryptCost)
			in.Profile.PasswordDigest = digest
			return err
		}
		r, err := in.record(body.VerificationID)
		if err != nil {
			return err
		}
		if !r.Verified {
			return fail(http.StatusBadRequest, "session.verification_failed")
		}
		return addIdentifierToProfile(tx, tenant, in, r)
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

// resetUserPassword sets the new password of a password reset (applied at submit).
func (h *Handler) resetUserPassword(c *gin.Context) error {
	var body struct {
		Password string `json:"password"`
	}
	if err := bind(c, &body); err != nil {
		return err
	}
	err := h.withInteraction(c, func(tx *store.Tx, tenant string, in *interaction) error {
		if in.Event != eventForgot {
			return fail(http.StatusBadRequest, "session.invalid_interaction_type")
		}
		u, err := identifiedUser(tx, tenant, in)
		if err != nil {
			return err
		}
		if same, _ := verifyPassword(u.PasswordAlgorithm, u.PasswordDigest, body.Password); same && u.PasswordDigest != "" {
			return fail(http.StatusUnprocessableEntity, "user.same_password")
		}
		if err := checkPasswordPolicy(tx, tenant, body.Password, &u); err != nil {
			return err
		}
		in.NewPassword, err = hashPassword(body.Password, h.deps.BcryptCost)
		return err
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

// bindMfaVerification adds a verified factor to the profile: a TOTP secret proven in
// this interaction, or backup codes (never the only factor).
func (h *Handler) bindMfaVerification(c *gin.Context) error {
	var body struct {
		Type           string `json:"type"`
		VerificationID string `json:"verificationId"`
	}
	if err := bind(c, &body); err != nil {
		return err
	}
	err := h.withInteraction(c, func(tx *store.Tx, tenant string, in *interaction) error {
		u, err := identifiedUser(tx, tenant, in)
		if err != nil {
			return err
		}
		r, err := in.record(body.VerificationID)
		if err != nil {
			return err
		}
		switch {
		case body.Type == mfaTotp && r.Type == recordTotp && r.Verified && r.Secret != "":
			if slices.ContainsFunc(u.MfaVerifications, func(v mfaVerification) bool { return v.Type == mfaTotp }) || in.Mfa.Totp != "" {
				return fail(http.StatusBadRequest, "session.mfa.bind_mfa_existed")
			}
			in.Mfa.Totp = r.Secret
		case body.Type == mfaBackupCode && r.Type == recordBackupCode:
			if in.Mfa.Totp == "" && !slices.ContainsFunc(u.MfaVerifications, func(v mfaVerification) bool { return v.Type != mfaBackupCode }) {
				return fail(http.StatusUnprocessableEntity, "session.mfa.backup_code_can_not_be_alone")
			}
			in.Mfa.BackupCodes = r.Codes
		default:
			return fail(http.StatusBadRequest, "session.verification_failed")
		}
		in.Mfa.Verified = true
		return nil
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

// mfaFlag sets one of the interaction's MFA choices; skipping MFA binding needs the
// user-controlled MFA policy.
func (h *Handler) mfaFlag(set func(m *interactionMfa), needsUserControl bool) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		err := h.withInteraction(c, func(tx *store.Tx, tenant string, in *interaction) error {
			if needsUserControl {
				sie, err := loadSignInExperience(tx, tenant)
				if err != nil {
					return err
				}
				var mfa struct {
					Policy string `json:"policy"`
				}
				sie.decode("mfa", &mfa)
				if mfa.Policy != "UserControlled" && mfa.Policy != "" {
					return fail(http.StatusUnprocessableEntity, "session.mfa.mfa_policy_not_user_controlled")
				}
			}
			set(&in.Mfa)
			return nil
		})
		if err != nil {
			return err
		}
		return noContent(c)
	}
}

// getEnabledSsoConnectors lists the enterprise connectors that claim the email's domain.
func (h *Handler) getEnabledSsoConnectors(c *gin.Context) error {
	email := c.Query("email")
	domain := strings.ToLower(email[strings.LastIndex(email, "@")+1:])
	tenant := platform.TenantOf(c)
	ids := []string{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		return ssoConnectors.Each(tx, tenant, func(_ string, s ssoConnector) bool {
			if slices.ContainsFunc(s.Domains, func(d string) bool { return strings.EqualFold(d, domain) }) {
				ids = append(ids, s.ID)
			}
			return true
		})
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, ordered{{"connectorIds", ids}})
}
