package logto

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// submitInteraction ends an interaction. A sign-in needs the identified user to have
// passed MFA (when they have factors and did not opt out) and to hold what sign-up
// requires; a registration needs that profile; a password reset needs the new
// password. The user gets a session, the event is logged and its interaction hook
// (PostSignIn, PostRegister, PostResetPassword) fires. The answer's redirectTo is
// the OIDC provider's continuation of the interaction, /oidc/auth/<id>.
func (h *Handler) submitInteraction(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var event string
	var done user
	var in interaction
	err := h.deps.Store.Update(func(tx *store.Tx) (err error) {
		if in, err = loadInteraction(c, tx, tenant); err != nil {
			return err
		}
		event = in.Event
		switch in.Event {
		case eventRegister:
			done, err = h.register(tx, tenant, &in)
		case eventForgot:
			done, err = finishPasswordReset(tx, tenant, &in)
		default:
			done, err = h.finishSignIn(tx, tenant, &in)
		}
		if err != nil {
			return err
		}
		entry := requestContext(c)
		entry.Key, entry.Result, entry.UserID = "Interaction."+in.Event+".Submit", logSuccess, done.ID
		if err := writeLog(tx, tenant, entry, map[string]any{"interactionId": in.ID}); err != nil {
			return err
		}
		return interactions.Delete(tx, tenant, in.ID)
	})
	if err != nil {
		return err
	}
	hook := map[string]string{eventSignIn: "PostSignIn", eventRegister: "PostRegister", eventForgot: "PostResetPassword"}[event]
	h.triggerHooks(tenant, hook, map[string]any{"interactionEvent": event, "userId": done.ID, "user": done.body(),
		"userIp": c.ClientIP(), "userAgent": c.GetHeader("User-Agent")})
	c.SetCookie(interactionCookie, "", -1, "/", "", false, true)
	return h.respond(c, http.StatusOK, ordered{{"redirectTo", platform.BaseURL(c.Request) + oidcBase + "/auth/" + in.ID}})
}

// applyMfa writes the factors bound and the choices made in the interaction.
func applyMfa(tx *store.Tx, u *user, in *interaction) {
	now := isoMillis(tx.Now().UnixMilli())
	list := append([]mfaVerification{}, u.MfaVerifications...)
	if in.Mfa.Totp != "" {
		list = append(list, mfaVerification{ID: standardID(), Type: mfaTotp, Secret: in.Mfa.Totp, CreatedAt: now})
	}
	if len(in.Mfa.BackupCodes) > 0 {
		list = slices.DeleteFunc(list, func(v mfaVerification) bool { return v.Type == mfaBackupCode })
		v := mfaVerification{ID: standardID(), Type: mfaBackupCode, CreatedAt: now}
		for _, code := range in.Mfa.BackupCodes {
			v.Codes = append(v.Codes, backupCode{Code: code})
		}
		list = append(list, v)
	}
	u.MfaVerifications = list
	if in.Mfa.Skipped {
		u.LogtoConfig.MfaSkipped = true
	}
	if in.Mfa.PasskeySkipped {
		u.LogtoConfig.PasskeySignInSkipped = true
	}
}

// mfaFactors are the factor types a user can be asked for at sign-in.
func mfaFactors(u user) []string {
	var out []string
	for _, v := range u.MfaVerifications {
		if !slices.Contains(out, v.Type) {
			out = append(out, v.Type)
		}
	}
	return out
}

func (h *Handler) finishSignIn(tx *store.Tx, tenant string, in *interaction) (user, error) {
	u, err := identifiedUser(tx, tenant, in)
	if err != nil {
		return u, err
	}
	if u.IsSuspended {
		return u, fail(http.StatusUnauthorized, "user.suspended")
	}
	if factors := mfaFactors(u); len(factors) > 0 && !in.Mfa.Verified && !u.LogtoConfig.SkipMfaOnSignIn {
		return u, fail(http.StatusForbidden, "session.mfa.require_mfa_verification").withData(gin.H{"availableFactors": factors})
	}
	old := u
	u.Identities = cloneIdentities(u.Identities)
	fillProfile(&u, in.Profile)
	missing, err := missingProfile(tx, tenant, u.Username, u.PrimaryEmail, u.PrimaryPhone, u.PasswordDigest != "")
	if err != nil {
		return u, err
	}
	if len(missing) > 0 {
		return u, fail(http.StatusUnprocessableEntity, "user.missing_profile").withData(gin.H{"missingProfile": missing})
	}
	applyMfa(tx, &u, in)
	now := tx.Now().UnixMilli()
	u.LastSignInAt, u.UpdatedAt = &now, now
	if err := saveUser(tx, tenant, old, u); err != nil {
		return u, err
	}
	return u, seedSession(tx, tenant, u.ID, "")
}

// fillProfile copies what the interaction added into a user.
func fillProfile(u *user, p interactionProfile) {
	if p.Username != nil {
		u.Username = p.Username
	}
	if p.PrimaryEmail != nil {
		u.PrimaryEmail = p.PrimaryEmail
	}
	if p.PrimaryPhone != nil {
		u.PrimaryPhone = p.PrimaryPhone
	}
	if p.PasswordDigest != "" {
		u.PasswordDigest, u.PasswordAlgorithm = p.PasswordDigest, algBcrypt
	}
	if s := p.SocialIdentity; s != nil {
		id, _ := s.UserInfo["id"].(string)
		details, _ := encodeJSON(s.UserInfo)
		u.Identities[s.Target] = identity{UserID: id, Details: jsonb(details)}
		if name, ok := s.UserInfo["name"].(string); ok && u.Name == nil {
			u.Name = &name
		}
	}
	applyExtraProfile(u, p)
}

func (h *Handler) register(tx *store.Tx, tenant string, in *interaction) (user, error) {
	if err := checkEventAllowed(tx, tenant, eventRegister); err != nil {
		return user{}, err
	}
	p := in.Profile
	missing, err := missingProfile(tx, tenant, p.Username, p.PrimaryEmail, p.PrimaryPhone, p.PasswordDigest != "")
	if err != nil {
		return user{}, err
	}
	// A social registration needs no password, and no identifier either when the
	// sign-in experience lets social sign-up skip them.
	if p.SocialIdentity != nil {
		missing = slices.DeleteFunc(missing, func(m string) bool { return m == "password" })
		sie, err := loadSignInExperience(tx, tenant)
		if err != nil {
			return user{}, err
		}
		var social struct {
			SkipRequiredIdentifiers bool `json:"skipRequiredIdentifiers"`
		}
		sie.decode("socialSignIn", &social)
		if social.SkipRequiredIdentifiers {
			missing = nil
		}
	}
	if len(missing) > 0 {
		return user{}, fail(http.StatusUnprocessableEntity, "user.missing_profile").withData(gin.H{"missingProfile": missing})
	}
	if lacking, err := missingExtraProfile(tx, tenant, p); err != nil || lacking {
		if err != nil {
			return user{}, err
		}
		return user{}, fail(http.StatusUnprocessableEntity, "user.missing_profile").withData(gin.H{"missingProfile": []string{"extraProfile"}})
	}
	now := tx.Now().UnixMilli()
	u := user{ID: shortID(), CustomData: jsonb(nil), Profile: jsonb(nil), Identities: map[string]identity{},
		CreatedAt: now, UpdatedAt: now, LastSignInAt: &now}
	fillProfile(&u, p)
	applyMfa(tx, &u, in)
	if err := saveUser(tx, tenant, user{}, u); err != nil {
		return u, err
	}
	in.UserID = u.ID
	return u, seedSession(tx, tenant, u.ID, "")
}

func finishPasswordReset(tx *store.Tx, tenant string, in *interaction) (user, error) {
	u, err := identifiedUser(tx, tenant, in)
	if err != nil {
		return u, err
	}
	if in.NewPassword == "" {
		return u, fail(http.StatusUnprocessableEntity, "user.new_password_required_in_profile")
	}
	u.PasswordDigest, u.PasswordAlgorithm, u.UpdatedAt = in.NewPassword, algBcrypt, tx.Now().UnixMilli()
	return u, users.Put(tx, tenant, u.ID, u)
}
