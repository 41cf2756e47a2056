package logto

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/store"
)

// The Experience API's MFA verifications: TOTP (binding a new secret or checking the
// user's), backup codes, and email or phone codes to the identified user.

func (h *Handler) createTotpSecret(c *gin.Context) error {
	var out ordered
	err := h.withInteraction(c, func(tx *store.Tx, tenant string, in *interaction) error {
		u, err := identifiedUser(tx, tenant, in)
		if err != nil {
			return err
		}
		secret := newTotpSecret()
		r := in.add(expRecord{Type: recordTotp, Secret: secret, UserID: u.ID})
		out = ordered{{"verificationId", r.ID}, {"secret", secret}, {"secretQrCode", totpQRCode(c, u, secret)}}
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

// verifyTotpVerification checks a code: against a new secret of this interaction
// (binding), or against the user's TOTP factor (MFA at sign-in).
func (h *Handler) verifyTotpVerification(c *gin.Context) error {
	var body struct {
		Code           string `json:"code"`
		VerificationID string `json:"verificationId"`
	}
	if err := bind(c, &body); err != nil {
		return err
	}
	return h.guardedVerification(c, sentinelTotp, h.interactionUserID(c), func(tx *store.Tx, tenant string, in *interaction) (string, error) {
		u, err := identifiedUser(tx, tenant, in)
		if err != nil {
			return "", err
		}
		if body.VerificationID != "" {
			r, err := in.record(body.VerificationID)
			if err != nil {
				return "", err
			}
			if r.Type != recordTotp || !totpValid(r.Secret, body.Code, tx.Now()) {
				return "", fail(http.StatusBadRequest, "session.mfa.invalid_totp_code")
			}
			r.Verified = true
			return r.ID, nil
		}
		i := slices.IndexFunc(u.MfaVerifications, func(v mfaVerification) bool { return v.Type == mfaTotp })
		if i < 0 || !totpValid(u.MfaVerifications[i].Secret, body.Code, tx.Now()) {
			return "", fail(http.StatusBadRequest, "session.mfa.invalid_totp_code")
		}
		in.Mfa.Verified = true
		return in.add(expRecord{Type: recordTotp, Verified: true, UserID: u.ID}).ID, nil
	})
}

func (h *Handler) generateBackupCodes(c *gin.Context) error {
	var out ordered
	err := h.withInteraction(c, func(tx *store.Tx, tenant string, in *interaction) error {
		u, err := identifiedUser(tx, tenant, in)
		if err != nil {
			return err
		}
		codes := newBackupCodes()
		r := in.add(expRecord{Type: recordBackupCode, Codes: codes, Verified: true, UserID: u.ID})
		out = ordered{{"verificationId", r.ID}, {"codes", codes}}
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

// verifyBackupCode spends one of the user's backup codes as the sign-in's MFA.
func (h *Handler) verifyBackupCode(c *gin.Context) error {
	var body struct {
		Code string `json:"code"`
	}
	if err := bind(c, &body); err != nil {
		return err
	}
	return h.guardedVerification(c, sentinelBackupCode, h.interactionUserID(c), func(tx *store.Tx, tenant string, in *interaction) (string, error) {
		u, err := identifiedUser(tx, tenant, in)
		if err != nil {
			return "", err
		}
		for i, v := range u.MfaVerifications {
			if v.Type != mfaBackupCode {
				continue
			}
			for j, code := range v.Codes {
				if code.Code == body.Code && code.UsedAt == "" {
					u.MfaVerifications = append([]mfaVerification{}, u.MfaVerifications...)
					u.MfaVerifications[i].Codes = append([]backupCode{}, v.Codes...)
					u.MfaVerifications[i].Codes[j].UsedAt = isoMillis(tx.Now().UnixMilli())
					if err := users.Put(tx, tenant, u.ID, u); err != nil {
						return "", err
					}
					in.Mfa.Verified = true
					return in.add(expRecord{Type: recordBackupCode, Verified: true, UserID: u.ID}).ID, nil
				}
			}
		}
		return "", fail(http.StatusBadRequest, "session.mfa.invalid_backup_code")
	})
}

// mfaCodeTarget is the identified user's email or phone for MFA codes.
func mfaCodeTarget(u user, identifierType string) (identifierInput, error) {
	if strings.EqualFold(identifierType, "phone") {
		if deref(u.PrimaryPhone) == "" {
			return identifierInput{}, fail(http.StatusBadRequest, "session.mfa.mfa_factor_not_enabled")
		}
		return identifierInput{Type: "phone", Value: *u.PrimaryPhone}, nil
	}
	if deref(u.PrimaryEmail) == "" {
		return identifierInput{}, fail(http.StatusBadRequest, "session.mfa.mfa_factor_not_enabled")
	}
	return identifierInput{Type: "email", Value: *u.PrimaryEmail}, nil
}

func (h *Handler) createAndSendMfaVerificationCode(c *gin.Context) error {
	var body struct {
		IdentifierType string `json:"identifierType"`
	}
	if err := bind(c, &body); err != nil {
		return err
	}
	return h.expVerification(c, func(tx *store.Tx, tenant string, in *interaction) (string, error) {
		u, err := identifiedUser(tx, tenant, in)
		if err != nil {
			return "", err
		}
		target, err := mfaCodeTarget(u, body.IdentifierType)
		if err != nil {
			return "", err
		}
		id := vIdentifier(target)
		r := in.add(expRecord{Type: recordMfaPrefix + target.recordType(), Identifier: &id, TemplateType: "MfaVerification", UserID: u.ID})
		_, err = h.sendPasscode(tx, tenant, r.ID, r.TemplateType, target.target())
		return r.ID, err
	})
}

func (h *Handler) verifyMfaVerificationCode(c *gin.Context) error {
	var body struct {
		IdentifierType string `json:"identifierType"`
		VerificationID string `json:"verificationId"`
		Code           string `json:"code"`
	}
	if err := bind(c, &body); err != nil {
		return err
	}
	var id string
	err := h.commitMismatch(func(tx *store.Tx) error {
		return h.interactionIn(c, tx, func(tenant string, in *interaction) error {
			r, err := in.record(body.VerificationID)
			if err != nil {
				return err
			}
			if r.TemplateType != "MfaVerification" || r.Identifier == nil {
				return fail(http.StatusBadRequest, "session.verification_failed")
			}
			target := identifierInput(*r.Identifier)
			if err := verifyPasscode(tx, tenant, r.ID, r.TemplateType, target.target(), body.Code); err != nil {
				return err
			}
			r.Verified, in.Mfa.Verified, id = true, true, r.ID
			return nil
		})
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, verificationID(id))
}
