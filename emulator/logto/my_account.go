package logto

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// The Account API (/api/my-account): a signed-in user reads and edits their own
// account, within the scopes of their token and the fields the account center opens.
// Sensitive changes need a verification record (logto-verification-id).

// account is one Account API call's view: the caller, their token's scopes and the
// account center.
type account struct {
	c      *gin.Context
	tx     *store.Tx
	tenant string
	who    accountCaller
	center accountCenter
	user   user
}

// withAccount runs fn on the caller's account in a transaction (writable when write).
func (h *Handler) withAccount(c *gin.Context, write bool, fn func(a *account) error) error {
	a := &account{c: c, tenant: platform.TenantOf(c), who: accountCallerOf(c), center: accountCenterOf(c)}
	run := h.deps.Store.View
	if write {
		run = h.deps.Store.Update
	}
	return run(func(tx *store.Tx) (err error) {
		a.tx = tx
		if a.user, err = loadUser(tx, a.tenant, a.who.UserID); err != nil {
			return err
		}
		return fn(a)
	})
}

// sensitive requires the verification record that proves the caller's identity.
func (a *account) sensitive() error {
	ok, err := identityVerified(a.c, a.tx, a.tenant, a.user)
	if err == nil && !ok {
		return permissionDenied()
	}
	return err
}

func (a *account) editable(field string) error {
	if !a.center.editable(field) {
		return fail(http.StatusBadRequest, "account_center.field_not_editable")
	}
	return nil
}

// needScope is assertThat(scopes.has(scope), 'auth.unauthorized'): 400 in Logto.
func (a *account) needScope(scope string) error {
	if !a.who.has(scope) {
		return fail(http.StatusBadRequest, "auth.unauthorized")
	}
	return nil
}

func (a *account) save() error {
	old, err := users.Get(a.tx, a.tenant, a.user.ID)
	if err != nil {
		return err
	}
	a.user.UpdatedAt = a.tx.Now().UnixMilli()
	return saveUser(a.tx, a.tenant, old, a.user)
}

// profile is getScopedProfile filtered by the account center, in the response
// guard's key order.
func (a *account) profile() ordered {
	b := a.user.body()
	has, readable := a.who.has, a.center.readable
	out := ordered{{"id", b.ID}}
	add := func(ok bool, k string, v any) {
		if ok {
			out = append(out, kv{k, v})
		}
	}
	profile := b.Profile
	if !has("address") {
		var p map[string]json.RawMessage
		if json.Unmarshal(profile, &p) == nil {
			delete(p, "address")
			raw, _ := json.Marshal(p)
			profile = jsonb(raw)
		}
	}
	basic := has("profile")
	add(basic && readable("username"), "username", b.Username)
	add(has("email") && readable("email"), "primaryEmail", b.PrimaryEmail)
	add(has("phone") && readable("phone"), "primaryPhone", b.PrimaryPhone)
	add(basic && readable("name"), "name", b.Name)
	add(basic && readable("avatar"), "avatar", b.Avatar)
	add(has("custom_data") && readable("customData"), "customData", b.CustomData)
	add(has("identities") && readable("social"), "identities", b.Identities)
	add(basic, "lastSignInAt", b.LastSignInAt)
	add(basic, "createdAt", b.CreatedAt)
	add(basic, "updatedAt", b.UpdatedAt)
	add(basic && readable("profile"), "profile", profile)
	add(basic, "applicationId", b.ApplicationID)
	add(basic, "isSuspended", b.IsSuspended)
	add(basic && readable("password"), "hasPassword", b.HasPassword)
	if has("identities") {
		sso := ssoBodies(a.tenant, a.user)
		if sso == nil {
			sso = []ssoBody{}
		}
		out = append(out, kv{"ssoIdentities", sso})
	}
	return out
}

func (h *Handler) getProfile(c *gin.Context) error {
	var out ordered
	err := h.withAccount(c, false, func(a *account) error {
		out = a.profile()
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) updateProfile(c *gin.Context) error {
	var in struct {
		Name       optional[string]          `json:"name"`
		Avatar     optional[string]          `json:"avatar"`
		Username   optional[string]          `json:"username"`
		CustomData optional[json.RawMessage] `json:"customData"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	var out ordered
	err := h.withAccount(c, true, func(a *account) error {
		for field, set := range map[string]bool{"name": in.Name.Set, "avatar": in.Avatar.Set, "username": in.Username.Set, "customData": in.CustomData.Set} {
			if set {
				if err := a.editable(field); err != nil {
					return err
				}
			}
		}
		if err := a.needScope("profile"); err != nil {
			return err
		}
		if in.CustomData.Set {
			if err := a.needScope("custom_data"); err != nil {
				return err
			}
			a.user.CustomData = jsonb(in.CustomData.Value)
		}
		if in.Username.Set && in.Username.Null {
			sie, err := loadSignInExperience(a.tx, a.tenant)
			if err != nil {
				return err
			}
			var signUp signUpSettings
			sie.decode("signUp", &signUp)
			if slices.Contains(signUp.Identifiers, "username") {
				return fail(http.StatusBadRequest, "user.username_required")
			}
		}
		if in.Name.Set {
			a.user.Name = in.Name.ptr()
		}
		if in.Avatar.Set {
			a.user.Avatar = in.Avatar.ptr()
		}
		if in.Username.Set {
			a.user.Username = in.Username.ptr()
		}
		if err := a.save(); err != nil {
			return err
		}
		out = a.profile()
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

// updateOtherProfile merges the profile's claims; the address needs its scope.
func (h *Handler) updateOtherProfile(c *gin.Context) error {
	var in map[string]json.RawMessage
	if err := bind(c, &in); err != nil {
		return err
	}
	var out json.RawMessage
	err := h.withAccount(c, true, func(a *account) error {
		if err := a.editable("profile"); err != nil {
			return err
		}
		if err := a.needScope("profile"); err != nil {
			return err
		}
		if _, ok := in["address"]; ok {
			if err := a.needScope("address"); err != nil {
				return err
			}
		}
		raw, _ := json.Marshal(in)
		a.user.Profile = mergeJSONB(a.user.Profile, raw)
		out = a.user.Profile
		return a.save()
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

// updateMyPassword checks the sign-in experience's password policy first.
func (h *Handler) updateMyPassword(c *gin.Context) error {
	var in struct {
		Password string `json:"password"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	return h.withAccountDone(c, func(a *account) error {
		if err := a.sensitive(); err != nil {
			return err
		}
		if err := a.editable("password"); err != nil {
			return err
		}
		if err := checkPasswordPolicy(a.tx, a.tenant, in.Password, &a.user); err != nil {
			return err
		}
		hash, err := hashPassword(in.Password, h.deps.BcryptCost)
		if err != nil {
			return err
		}
		a.user.PasswordDigest, a.user.PasswordAlgorithm = hash, algBcrypt
		return a.save()
	})
}

// checkPasswordPolicy is PasswordValidator.validatePassword: 422 password.rejected
// with the issues.
func checkPasswordPolicy(tx *store.Tx, tenant, password string, u *user) error {
	sie, err := loadSignInExperience(tx, tenant)
	if err != nil {
		return err
	}
	if issues := policyOf(sie).check(password, u); len(issues) > 0 {
		return fail(http.StatusUnprocessableEntity, "password.rejected").withData(gin.H{"result": false, "issues": issues})
	}
	return nil
}

// withAccountDone runs a change and answers 204.
func (h *Handler) withAccountDone(c *gin.Context, fn func(a *account) error) error {
	if err := h.withAccount(c, true, fn); err != nil {
		return err
	}
	return noContent(c)
}

// identifierField describes the primary email or phone of the Account API.
type identifierField struct {
	field, scope, recordType, signUp, other string
	get                                     func(u *user) **string
}

var (
	emailField = identifierField{field: "email", scope: "email", recordType: verifyEmailCode, signUp: "email", other: "phone",
		get: func(u *user) **string { return &u.PrimaryEmail }}
	phoneField = identifierField{field: "phone", scope: "phone", recordType: verifyPhoneCode, signUp: "phone", other: "email",
		get: func(u *user) **string { return &u.PrimaryPhone }}
)

// updatePrimaryIdentifier sets the email or phone a verified record proves.
func (h *Handler) updatePrimaryIdentifier(f identifierField) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		var in map[string]string
		if err := bind(c, &in); err != nil {
			return err
		}
		value := in[f.field]
		return h.withAccountDone(c, func(a *account) error {
			if err := a.sensitive(); err != nil {
				return err
			}
			if err := a.editable(f.field); err != nil {
				return err
			}
			if err := a.needScope(f.scope); err != nil {
				return err
			}
			r, err := loadRecord(a.tx, a.tenant, a.user.ID, in["newIdentifierVerificationRecordId"], f.recordType)
			if err != nil {
				return err
			}
			if !r.Verified || r.Identifier.Value != value {
				return fail(http.StatusBadRequest, "verification_record.not_found")
			}
			*f.get(&a.user) = &value
			return a.save()
		})
	}
}

// deletePrimaryIdentifier clears the email or phone, unless sign-up needs it.
func (h *Handler) deletePrimaryIdentifier(f identifierField) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		return h.withAccountDone(c, func(a *account) error {
			if err := a.sensitive(); err != nil {
				return err
			}
			if err := a.editable(f.field); err != nil {
				return err
			}
			if err := a.needScope(f.scope); err != nil {
				return err
			}
			sie, err := loadSignInExperience(a.tx, a.tenant)
			if err != nil {
				return err
			}
			var signUp signUpSettings
			sie.decode("signUp", &signUp)
			if slices.Contains(signUp.Identifiers, f.signUp) {
				if !slices.Contains(signUp.Identifiers, f.other) {
					return fail(http.StatusBadRequest, "user."+f.field+"_required")
				}
				other := phoneField
				if f.field == "phone" {
					other = emailField
				}
				if deref(*other.get(&a.user)) == "" {
					return fail(http.StatusBadRequest, "user.email_or_phone_required")
				}
			}
			*f.get(&a.user) = nil
			return a.save()
		})
	}
}

// addMyIdentity links the social identity a verified social record carries.
func (h *Handler) addMyIdentity(c *gin.Context) error {
	var in struct {
		RecordID string `json:"newIdentifierVerificationRecordId"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	return h.withAccountDone(c, func(a *account) error {
		if err := a.sensitive(); err != nil {
			return err
		}
		if err := a.editable("social"); err != nil {
			return err
		}
		if err := a.needScope("identities"); err != nil {
			return err
		}
		r, err := loadRecord(a.tx, a.tenant, a.user.ID, in.RecordID, verifySocial)
		if err != nil {
			return err
		}
		if !r.Verified {
			return fail(http.StatusBadRequest, "verification_record.not_found")
		}
		var info map[string]any
		_ = json.Unmarshal(r.SocialInfo, &info)
		target := r.Identifier.Value
		if _, ok := a.user.Identities[target]; ok {
			return fail(http.StatusUnprocessableEntity, "user.social_account_exists_in_profile")
		}
		if a.user.Identities == nil {
			a.user.Identities = map[string]identity{}
		}
		a.user.Identities = cloneIdentities(a.user.Identities)
		a.user.Identities[target] = identity{UserID: info["id"].(string), Details: r.SocialInfo}
		return a.save()
	})
}

func (h *Handler) deleteMyIdentity(c *gin.Context) error {
	target := contract.Param(c, "target")
	return h.withAccountDone(c, func(a *account) error {
		if err := a.sensitive(); err != nil {
			return err
		}
		if err := a.editable("social"); err != nil {
			return err
		}
		if err := a.needScope("identities"); err != nil {
			return err
		}
		if _, ok := a.user.Identities[target]; !ok {
			return fail(http.StatusNotFound, "user.identity_not_exist")
		}
		a.user.Identities = cloneIdentities(a.user.Identities)
		delete(a.user.Identities, target)
		return a.save()
	})
}

// myLogtoConfig is the exposed part of the user's logto_config.
func myLogtoConfig(u user) ordered {
	mfa := ordered{{"skipped", u.LogtoConfig.MfaSkipped}, {"skipMfaOnSignIn", u.LogtoConfig.SkipMfaOnSignIn}}
	if len(u.MfaVerifications) > 0 {
		mfa = append(ordered{{"enabled", true}}, mfa...)
	}
	return ordered{{"mfa", mfa}, {"passkeySignIn", ordered{{"skipped", u.LogtoConfig.PasskeySignInSkipped}}}}
}

// mfaReadable checks the identities scope (401) and the account center's MFA field.
func (a *account) mfaReadable() error {
	if !a.who.has("identities") {
		return fail(http.StatusUnauthorized, "auth.unauthorized")
	}
	if !a.center.readable("mfa") {
		return fail(http.StatusBadRequest, "account_center.field_not_enabled")
	}
	return nil
}

func (h *Handler) getMyLogtoConfig(c *gin.Context) error {
	var out ordered
	err := h.withAccount(c, false, func(a *account) error {
		out = myLogtoConfig(a.user)
		return a.mfaReadable()
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) updateMyLogtoConfig(c *gin.Context) error {
	var in struct {
		Mfa struct {
			Skipped         *bool `json:"skipped"`
			SkipMfaOnSignIn *bool `json:"skipMfaOnSignIn"`
		} `json:"mfa"`
		PasskeySignIn struct {
			Skipped *bool `json:"skipped"`
		} `json:"passkeySignIn"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	var out ordered
	err := h.withAccount(c, true, func(a *account) error {
		if err := a.mfaReadable(); err != nil {
			return err
		}
		setBool(&a.user.LogtoConfig.MfaSkipped, in.Mfa.Skipped)
		setBool(&a.user.LogtoConfig.SkipMfaOnSignIn, in.Mfa.SkipMfaOnSignIn)
		setBool(&a.user.LogtoConfig.PasskeySignInSkipped, in.PasskeySignIn.Skipped)
		out = myLogtoConfig(a.user)
		return a.save()
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) getMfaSettings(c *gin.Context) error {
	var skip bool
	err := h.withAccount(c, false, func(a *account) error {
		skip = a.user.LogtoConfig.SkipMfaOnSignIn
		return a.mfaReadable()
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, ordered{{"skipMfaOnSignIn", skip}})
}

func (h *Handler) updateMfaSettings(c *gin.Context) error {
	var in struct {
		SkipMfaOnSignIn bool `json:"skipMfaOnSignIn"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	err := h.withAccount(c, true, func(a *account) error {
		if err := a.sensitive(); err != nil {
			return err
		}
		if !a.who.has("identities") {
			return fail(http.StatusUnauthorized, "auth.unauthorized")
		}
		if err := a.editable("mfa"); err != nil {
			return err
		}
		a.user.LogtoConfig.SkipMfaOnSignIn = in.SkipMfaOnSignIn
		return a.save()
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, ordered{{"skipMfaOnSignIn", in.SkipMfaOnSignIn}})
}
