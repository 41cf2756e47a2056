package logto

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// The sign-in experience: one document per tenant (Logto's row "default"), stored
// member by member and answered in the table's column order. A tenant starts with
// Logto OSS's seeded experience plus the table's column defaults.

var signInExperiences = store.Collection[map[string]json.RawMessage]{Name: "sign-in-experiences"}

const defaultID = "default"

// sieColumns are the sign_in_experiences columns, in order.
var sieColumns = []string{"tenantId", "id", "color", "branding", "hideLogtoBranding", "languageInfo", "termsOfUseUrl",
	"privacyPolicyUrl", "agreeToTermsPolicy", "signIn", "signUp", "socialSignIn", "socialSignInConnectorTargets",
	"signInMode", "customCss", "customContent", "customUiAssets", "passwordPolicy", "mfa", "adaptiveMfa",
	"singleSignOnEnabled", "supportEmail", "supportWebsiteUrl", "unknownSessionRedirectUrl", "captchaPolicy",
	"sentinelPolicy", "emailBlocklistPolicy", "forgotPasswordMethods", "passkeySignIn", "signUpProfileFields"}

// sieDefaults is createDefaultSignInExperience (OSS) with the columns' defaults.
var sieDefaults = map[string]string{
	"id":                           `"default"`,
	"color":                        `{"primaryColor":"#6139F6","isDarkModeEnabled":false,"darkPrimaryColor":"#8768F8"}`,
	"branding":                     `{"logoUrl":"https://logto.io/logo.svg","darkLogoUrl":"https://logto.io/logo-dark.svg"}`,
	"hideLogtoBranding":            `false`,
	"languageInfo":                 `{"autoDetect":true,"fallbackLanguage":"en"}`,
	"termsOfUseUrl":                `null`,
	"privacyPolicyUrl":             `null`,
	"agreeToTermsPolicy":           `"Automatic"`,
	"signIn":                       `{"methods":[{"identifier":"username","password":true,"verificationCode":false,"isPasswordPrimary":true}]}`,
	"signUp":                       `{"identifiers":["username"],"password":true,"verify":false}`,
	"socialSignIn":                 `{}`,
	"socialSignInConnectorTargets": `[]`,
	"signInMode":                   `"SignInAndRegister"`,
	"customCss":                    `null`,
	"customContent":                `{}`,
	"customUiAssets":               `null`,
	"passwordPolicy":               `{}`,
	"mfa":                          `{"factors":[],"policy":"UserControlled"}`,
	"adaptiveMfa":                  `{}`,
	"singleSignOnEnabled":          `false`,
	"supportEmail":                 `null`,
	"supportWebsiteUrl":            `null`,
	"unknownSessionRedirectUrl":    `null`,
	"captchaPolicy":                `{}`,
	"sentinelPolicy":               `{}`,
	"emailBlocklistPolicy":         `{}`,
	"forgotPasswordMethods":        `null`,
	"passkeySignIn":                `{}`,
	"signUpProfileFields":          `null`,
}

// builtInLanguages are the languages Logto's sign-in UI ships phrases for.
var builtInLanguages = []string{"ar", "de", "en", "es", "fr", "it", "ja", "ko", "pl-PL", "pt-PT", "pt-BR", "ru", "th",
	"tr-TR", "uk-UA", "zh-CN", "zh-HK", "zh-TW"}

// signInExperience is the tenant's stored experience over the defaults.
type signInExperience map[string]json.RawMessage

func loadSignInExperience(tx *store.Tx, tenant string) (signInExperience, error) {
	stored, err := signInExperiences.Get(tx, tenant, defaultID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	sie := signInExperience{}
	for k, v := range sieDefaults {
		sie[k] = json.RawMessage(v)
	}
	for k, v := range stored {
		sie[k] = v
	}
	return sie, nil
}

// body renders the experience in column order.
func (s signInExperience) body(tenant string) ordered {
	out := ordered{{"tenantId", tenant}}
	for _, k := range sieColumns[1:] {
		out = append(out, kv{k, s[k]})
	}
	return out
}

// decode reads one member into v.
func (s signInExperience) decode(key string, v any) {
	_ = json.Unmarshal(s[key], v)
}

type signUpSettings struct {
	Identifiers []string `json:"identifiers"`
	Password    bool     `json:"password"`
	Verify      bool     `json:"verify"`
}

type signInMethod struct {
	Identifier       string `json:"identifier"`
	Password         bool   `json:"password"`
	VerificationCode bool   `json:"verificationCode"`
}

type signInSettings struct {
	Methods []signInMethod `json:"methods"`
}

type mfaSettings struct {
	Factors []string `json:"factors"`
}

func (h *Handler) getSignInExperience(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var sie signInExperience
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		sie, err = loadSignInExperience(tx, tenant)
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, sie.body(tenant))
}

// updateSignInExperience checks the new settings as Logto does (languages, connectors
// for the identifiers, sign-in methods against sign-up, MFA factors), drops social
// targets no connector serves, then replaces the members given.
func (h *Handler) updateSignInExperience(c *gin.Context) error {
	var in map[string]json.RawMessage
	if err := bind(c, &in); err != nil {
		return err
	}
	delete(in, "id")
	delete(in, "tenantId")
	tenant := platform.TenantOf(c)
	var sie signInExperience
	err := h.deps.Store.Update(func(tx *store.Tx) (err error) {
		if sie, err = loadSignInExperience(tx, tenant); err != nil {
			return err
		}
		all, err := tenantConnectors(tx, tenant)
		if err != nil {
			return err
		}
		if err := checkSignInExperience(tx, tenant, sie, in, all); err != nil {
			return err
		}
		if raw, ok := in["socialSignInConnectorTargets"]; ok {
			var targets []string
			_ = json.Unmarshal(raw, &targets)
			in["socialSignInConnectorTargets"], _ = json.Marshal(availableTargets(targets, all))
		}
		for k, v := range in {
			if _, known := sieDefaults[k]; known {
				sie[k] = jsonb(v)
			}
		}
		return signInExperiences.Put(tx, tenant, defaultID, sie)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, sie.body(tenant))
}

func checkSignInExperience(tx *store.Tx, tenant string, current signInExperience, in map[string]json.RawMessage, all []connector) error {
	if raw, ok := in["languageInfo"]; ok {
		var li struct {
			FallbackLanguage string `json:"fallbackLanguage"`
		}
		_ = json.Unmarshal(raw, &li)
		if !slices.Contains(builtInLanguages, li.FallbackLanguage) {
			if ok, err := exists(tx, tenant, customPhrases, li.FallbackLanguage); err != nil || !ok {
				if err != nil {
					return err
				}
				return fail(http.StatusBadRequest, "sign_in_experiences.unsupported_default_language", "language", li.FallbackLanguage)
			}
		}
	}
	var signUp signUpSettings
	current.decode("signUp", &signUp)
	if raw, ok := in["signUp"]; ok {
		_ = json.Unmarshal(raw, &signUp)
		if err := checkSignUp(signUp, all); err != nil {
			return err
		}
	}
	var signIn signInSettings
	current.decode("signIn", &signIn)
	if raw, ok := in["signIn"]; ok {
		_ = json.Unmarshal(raw, &signIn)
		if err := checkSignIn(signIn, signUp, all); err != nil {
			return err
		}
	}
	if raw, ok := in["mfa"]; ok {
		var mfa mfaSettings
		_ = json.Unmarshal(raw, &mfa)
		return checkMfa(mfa)
	}
	return nil
}

func hasConnector(all []connector, kind string) bool {
	return slices.ContainsFunc(all, func(cn connector) bool { return cn.kind() == kind })
}

func connectorMissing(kind string) error {
	return fail(http.StatusBadRequest, "sign_in_experiences.enabled_connector_not_found", "type", kind)
}

// checkSignUp is validateSignUp: email and phone need their connector and
// verification; a username needs a password.
func checkSignUp(s signUpSettings, all []connector) error {
	for _, id := range s.Identifiers {
		switch {
		case id == "email" && !hasConnector(all, connectorEmail):
			return connectorMissing(connectorEmail)
		case id == "phone" && !hasConnector(all, connectorSMS):
			return connectorMissing(connectorSMS)
		case id == "username" && !s.Password:
			return fail(http.StatusBadRequest, "sign_in_experiences.username_requires_password")
		case (id == "email" || id == "phone") && !s.Verify:
			return fail(http.StatusBadRequest, "sign_in_experiences.passwordless_requires_verify")
		}
	}
	return nil
}

// checkSignIn is validateSignIn.
func checkSignIn(s signInSettings, up signUpSettings, all []connector) error {
	for _, m := range s.Methods {
		if m.VerificationCode && m.Identifier == "email" && !hasConnector(all, connectorEmail) {
			return connectorMissing(connectorEmail)
		}
	}
	for _, m := range s.Methods {
		if m.VerificationCode && m.Identifier == "phone" && !hasConnector(all, connectorSMS) {
			return connectorMissing(connectorSMS)
		}
	}
	for _, m := range s.Methods {
		if !m.Password && !m.VerificationCode {
			return fail(http.StatusBadRequest, "sign_in_experiences.at_least_one_authentication_factor")
		}
	}
	for _, id := range up.Identifiers {
		if !slices.ContainsFunc(s.Methods, func(m signInMethod) bool { return m.Identifier == id }) {
			return fail(http.StatusBadRequest, "sign_in_experiences.miss_sign_up_identifier_in_sign_in")
		}
	}
	if up.Password && slices.ContainsFunc(s.Methods, func(m signInMethod) bool { return !m.Password }) {
		return fail(http.StatusBadRequest, "sign_in_experiences.password_sign_in_must_be_enabled")
	}
	if up.Verify && !up.Password && slices.ContainsFunc(s.Methods, func(m signInMethod) bool {
		return !m.VerificationCode && m.Identifier != "username"
	}) {
		return fail(http.StatusBadRequest, "sign_in_experiences.code_sign_in_must_be_enabled")
	}
	return nil
}

// checkMfa is validateMfa: no factor twice, and backup codes never alone.
func checkMfa(m mfaSettings) error {
	seen := map[string]bool{}
	for _, f := range m.Factors {
		if seen[f] {
			return fail(http.StatusBadRequest, "sign_in_experiences.duplicated_mfa_factors")
		}
		seen[f] = true
	}
	if seen["BackupCode"] && len(m.Factors) == 1 {
		return fail(http.StatusBadRequest, "sign_in_experiences.backup_code_cannot_be_enabled_alone")
	}
	return nil
}

// availableTargets keeps the social targets a social connector serves.
func availableTargets(targets []string, all []connector) []string {
	out := []string{}
	for _, t := range targets {
		if slices.ContainsFunc(all, func(cn connector) bool { return cn.kind() == connectorSocial && cn.target() == t }) {
			out = append(out, t)
		}
	}
	return out
}

// removeUnavailableSocialTargets is Logto's clean-up after a social connector goes.
func removeUnavailableSocialTargets(tx *store.Tx, tenant string) error {
	stored, err := signInExperiences.Get(tx, tenant, defaultID)
	if errors.Is(err, store.ErrNotFound) {
		return nil // the default targets are empty
	}
	if err != nil {
		return err
	}
	var targets []string
	_ = json.Unmarshal(stored["socialSignInConnectorTargets"], &targets)
	all, err := tenantConnectors(tx, tenant)
	if err != nil {
		return err
	}
	stored["socialSignInConnectorTargets"], _ = json.Marshal(availableTargets(targets, all))
	return signInExperiences.Put(tx, tenant, defaultID, stored)
}
