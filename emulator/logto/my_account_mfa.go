package logto

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
)

// The Account API's MFA factors: TOTP (a secret proven with a current code) and backup
// codes. WebAuthn needs a browser's authenticator ceremony, which idemu does not
// emulate, so no WebAuthn factor exists.

func mfaList(u user) []ordered {
	out := make([]ordered, 0, len(u.MfaVerifications))
	for _, v := range u.MfaVerifications {
		item := ordered{{"id", v.ID}, {"createdAt", v.CreatedAt}, {"type", v.Type}}
		if v.Type == mfaBackupCode {
			item = append(item, kv{"remainCodes", remainingCodes(v)})
		}
		out = append(out, item)
	}
	return out
}

func remainingCodes(v mfaVerification) int {
	n := 0
	for _, c := range v.Codes {
		if c.UsedAt == "" {
			n++
		}
	}
	return n
}

func (h *Handler) getMyMfaVerifications(c *gin.Context) error {
	var out []ordered
	err := h.withAccount(c, false, func(a *account) error {
		out = mfaList(a.user)
		return a.mfaReadable()
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

// mfaEditable is what changing a factor needs: the identity proof, the identities
// scope and the MFA field open for edits.
func (a *account) mfaEditable() error {
	if err := a.sensitive(); err != nil {
		return err
	}
	if err := a.mfaReadable(); err != nil {
		return err
	}
	return a.editable("mfa")
}

func (h *Handler) generateMyTotpSecret(c *gin.Context) error {
	var out ordered
	err := h.withAccount(c, false, func(a *account) error {
		secret := newTotpSecret()
		out = ordered{{"secret", secret}, {"secretQrCode", totpQRCode(c, a.user, secret)}}
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

func newBackupCodes() []string {
	codes := make([]string, 0, backupCodes)
	for range backupCodes {
		codes = append(codes, randomString("0123456789abcdef", 10))
	}
	return codes
}

func (h *Handler) generateMyBackupCodes(c *gin.Context) error {
	err := h.withAccount(c, false, func(a *account) error { return nil })
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, ordered{{"codes", newBackupCodes()}})
}

// bindTotp adds (or with replace, replaces) the TOTP factor once the code proves the
// secret.
func bindTotp(a *account, secret, code string, replace bool) error {
	if !base32Secret.MatchString(secret) {
		return fail(http.StatusUnprocessableEntity, "user.totp_secret_invalid")
	}
	if code != "" && !totpValid(secret, code, a.tx.Now()) {
		return fail(http.StatusBadRequest, "session.mfa.invalid_totp_code")
	}
	i := slices.IndexFunc(a.user.MfaVerifications, func(v mfaVerification) bool { return v.Type == mfaTotp })
	if i >= 0 && !replace {
		return fail(http.StatusUnprocessableEntity, "user.totp_already_in_use")
	}
	v := mfaVerification{ID: standardID(), Type: mfaTotp, Secret: secret, CreatedAt: isoMillis(a.tx.Now().UnixMilli())}
	list := append([]mfaVerification{}, a.user.MfaVerifications...)
	if i >= 0 {
		list = slices.Delete(list, i, i+1)
	}
	a.user.MfaVerifications = append(list, v)
	return nil
}

// bindBackupCodes replaces the backup codes; they are never the only factor.
func bindBackupCodes(a *account, codes []string) error {
	if !slices.ContainsFunc(a.user.MfaVerifications, func(v mfaVerification) bool { return v.Type != mfaBackupCode }) {
		return fail(http.StatusUnprocessableEntity, "session.mfa.backup_code_can_not_be_alone")
	}
	v := mfaVerification{ID: standardID(), Type: mfaBackupCode, CreatedAt: isoMillis(a.tx.Now().UnixMilli())}
	for _, code := range codes {
		if !backupCodeForm.MatchString(code) {
			return fail(http.StatusUnprocessableEntity, "user.wrong_backup_code_format")
		}
		v.Codes = append(v.Codes, backupCode{Code: code})
	}
	list := slices.DeleteFunc(append([]mfaVerification{}, a.user.MfaVerifications...), func(m mfaVerification) bool { return m.Type == mfaBackupCode })
	a.user.MfaVerifications = append(list, v)
	return nil
}

func (h *Handler) addMyMfaVerification(c *gin.Context) error {
	var in struct {
		Type   string   `json:"type"`
		Secret string   `json:"secret"`
		Code   string   `json:"code"`
		Codes  []string `json:"codes"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	return h.withAccountDone(c, func(a *account) error {
		if err := a.mfaEditable(); err != nil {
			return err
		}
		switch in.Type {
		case mfaTotp, "TOTP":
			return a.saveAfter(bindTotp(a, in.Secret, in.Code, false))
		case mfaBackupCode:
			return a.saveAfter(bindBackupCodes(a, in.Codes))
		}
		// WebAuthn names a registration record; idemu makes none.
		return fail(http.StatusBadRequest, "verification_record.not_found")
	})
}

// saveAfter saves the account when the change before it succeeded.
func (a *account) saveAfter(err error) error {
	if err != nil {
		return err
	}
	return a.save()
}

func (h *Handler) replaceMyTotp(c *gin.Context) error {
	var in struct {
		Secret string `json:"secret"`
		Code   string `json:"code"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	return h.withAccountDone(c, func(a *account) error {
		if err := a.mfaEditable(); err != nil {
			return err
		}
		if in.Code == "" {
			return fail(http.StatusBadRequest, "session.mfa.invalid_totp_code")
		}
		return a.saveAfter(bindTotp(a, in.Secret, in.Code, true))
	})
}

func (h *Handler) getMyBackupCodes(c *gin.Context) error {
	var out []ordered
	err := h.withAccount(c, false, func(a *account) error {
		if err := a.sensitive(); err != nil {
			return err
		}
		if err := a.mfaReadable(); err != nil {
			return err
		}
		i := slices.IndexFunc(a.user.MfaVerifications, func(v mfaVerification) bool { return v.Type == mfaBackupCode })
		if i < 0 {
			return entityNotFound()
		}
		for _, code := range a.user.MfaVerifications[i].Codes {
			var used any
			if code.UsedAt != "" {
				used = code.UsedAt
			}
			out = append(out, ordered{{"code", code.Code}, {"usedAt", used}})
		}
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, ordered{{"codes", out}})
}

// mfaByID finds one of the user's factors; an unknown id is 400 entity.not_found (the
// routes document no 404).
func mfaByID(a *account, id string) (int, error) {
	i := slices.IndexFunc(a.user.MfaVerifications, func(v mfaVerification) bool { return v.ID == id })
	if i < 0 {
		return i, fail(http.StatusBadRequest, "entity.not_found")
	}
	return i, nil
}

func (h *Handler) deleteMyMfaVerification(c *gin.Context) error {
	return h.withAccountDone(c, func(a *account) error {
		if err := a.mfaEditable(); err != nil {
			return err
		}
		i, err := mfaByID(a, contract.Param(c, "verificationId"))
		if err != nil {
			return err
		}
		a.user.MfaVerifications = slices.Delete(append([]mfaVerification{}, a.user.MfaVerifications...), i, i+1)
		return a.save()
	})
}
