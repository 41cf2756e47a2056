package akamai

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/outbox"
	"github.com/idemu/idemu/emulator/store"
)

const redirect = "https://app.example.test/callback"

// lastMessage is the newest outbox message to an address with a purpose.
func (x *harness) lastMessage(to, purpose string) outbox.Message {
	x.tb.Helper()
	var found outbox.Message
	require.NoError(x.tb, x.store.View(func(tx *store.Tx) error {
		msgs, err := x.outbox.List(tx, "", to)
		for _, m := range msgs {
			if m.Purpose == purpose {
				found = m
			}
		}
		return err
	}))
	require.NotEmpty(x.tb, found.ID, "no %s message to %s", purpose, to)
	return found
}

// TestTraditionalJourney: registration, email verification, login, token refresh and a
// profile update, with the documented parameters only.
func TestTraditionalJourney(t *testing.T) {
	x := newHarness(t)
	reg := x.login("/oauth/register_native_traditional", "flow", "standard", "flow_version", standardFlowVersion,
		"locale", "en-US", "redirect_uri", redirect, "form", "registrationForm",
		"emailAddress", "jo@example.test", "newPassword", "Jo-password-1", "newPasswordConfirm", "Jo-password-1",
		"firstName", "Jo", "birthdate[dateselect_year]", "1990", "birthdate[dateselect_month]", "7", "birthdate[dateselect_day]", "4").ok(t)
	user := reg["capture_user"].(map[string]any)
	require.Equal(t, "jo@example.test", user["email"])
	require.Equal(t, "1990-07-04", user["birthday"])
	require.Nil(t, user["emailVerified"])
	require.Len(t, reg["access_token"], 16)

	msg := x.lastMessage("jo@example.test", "email-verification")
	require.True(t, strings.HasPrefix(msg.Link, redirect+"?verification_code="), msg.Link)
	x.send("/access/use_verification_code", pairs("verification_code", msg.Code), nil).ok(t)
	x.send("/access/use_verification_code", pairs("verification_code", msg.Code), nil).fails(t, http.StatusOK, codeInvalidArgument)

	signIn := x.login("/oauth/auth_native_traditional", "locale", "en-US", "redirect_uri", redirect, "form", "signInForm",
		"response_type", "code", "signInEmailAddress", "jo@example.test", "currentPassword", "Jo-password-1").ok(t)
	require.NotNil(t, signIn["capture_user"].(map[string]any)["emailVerified"])
	require.NotNil(t, signIn["capture_user"].(map[string]any)["lastLogin"])
	code := signIn["authorization_code"].(string)

	tokenForm := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect},
		"client_id": {DefaultLoginClientID}, "client_secret": {DefaultLoginClientSecret}}
	tokens := x.send("/oauth/token", tokenForm, nil).ok(t)
	require.Equal(t, 3600.0, tokens["expires_in"])
	x.send("/oauth/token", tokenForm, nil).fails(t, http.StatusBadRequest, codeInvalidArgument) // codes are single use

	refreshForm := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tokens["refresh_token"].(string)},
		"client_id": {DefaultLoginClientID}, "client_secret": {DefaultLoginClientSecret}}
	x.clock.Advance(2 * time.Hour)
	x.login("/oauth/update_profile_native", "locale", "en-US", "form", "editProfileForm",
		"access_token", tokens["access_token"].(string), "lastName", "Late").fails(t, http.StatusOK, codeAccessTokenExpired)
	fresh := x.send("/oauth/token", refreshForm, nil).ok(t)
	require.NotEqual(t, tokens["refresh_token"], fresh["refresh_token"])
	x.send("/oauth/token", refreshForm, nil).fails(t, http.StatusBadRequest, codeInvalidArgument) // refresh tokens are single use

	x.login("/oauth/update_profile_native", "locale", "en-US", "form", "editProfileForm",
		"access_token", fresh["access_token"].(string), "lastName", "Smith").ok(t)
	rec := x.call("/entity", "type_name", "user", "key_attribute", "email", "key_value", `"jo@example.test"`).ok(t)["result"].(map[string]any)
	require.Equal(t, "Smith", rec["familyName"])
	require.Equal(t, "Jo", rec["givenName"], "a field the edit does not send stays")
}

func TestNativeFormErrors(t *testing.T) {
	x := newHarness(t)
	base := []string{"locale", "en-US", "redirect_uri", redirect}
	with := func(kv ...string) []string { return append(append([]string{}, base...), kv...) }

	e := x.login("/oauth/register_native_traditional", with("form", "registrationForm", "emailAddress", "bad",
		"newPassword", "short", "newPasswordConfirm", "other")...).fails(t, http.StatusOK, codeInvalidFormFields)
	fields := e["invalid_fields"].(map[string]any)
	require.Contains(t, fields, "emailAddress")
	require.Contains(t, fields, "newPassword")
	require.Contains(t, fields, "newPasswordConfirm")

	e = x.login("/oauth/register_native_traditional", with("form", "registrationForm", "emailAddress", DefaultEmail,
		"newPassword", "Long-enough-1", "newPasswordConfirm", "Long-enough-1")...).fails(t, http.StatusOK, codeInvalidFormFields)
	require.Equal(t, []any{"Email address is already in use."}, e["invalid_fields"].(map[string]any)["emailAddress"])

	e = x.login("/oauth/auth_native_traditional", with("form", "signInForm", "signInEmailAddress", DefaultEmail, "currentPassword", "wrong")...).
		fails(t, http.StatusOK, codeInvalidCredentials)
	require.Contains(t, e["invalid_fields"], "signInForm")

	x.login("/oauth/auth_native_traditional", with("form", "nope")...).fails(t, http.StatusOK, codeInvalidArgument)
	x.login("/oauth/auth_native_traditional", with("form", "signInForm", "flow", "other")...).fails(t, http.StatusOK, codeInvalidArgument)
	x.login("/oauth/auth_native_traditional", with("form", "signInForm", "flow_version", "1999")...).fails(t, http.StatusOK, codeInvalidArgument)
	x.login("/oauth/auth_native_traditional", "form", "signInForm", "redirect_uri", redirect).fails(t, http.StatusOK, codeMissingArgument)
	x.send("/oauth/auth_native_traditional", pairs(with("form", "signInForm")...), nil).fails(t, http.StatusOK, codeMissingArgument)
}

func TestTokenEndpointErrors(t *testing.T) {
	x := newHarness(t)
	owner := func(kv ...string) url.Values {
		f := pairs(kv...)
		f.Set("client_id", DefaultOwnerClientID)
		f.Set("client_secret", DefaultOwnerClientSecret)
		return f
	}
	e := x.send("/oauth/token", owner("grant_type", "password"), nil).fails(t, http.StatusBadRequest, codeInvalidArgument)
	require.Equal(t, "invalid_request", e["error"])
	require.Equal(t, "grant_type", e["argument_name"])

	x.send("/oauth/token", pairs("grant_type", "refresh_token", "refresh_token", "x", "client_id", DefaultOwnerClientID, "client_secret", "bad"), nil).
		fails(t, http.StatusUnauthorized, codeInvalidClientCredentials)

	demo := x.call("/entity", "type_name", "user", "key_attribute", "email", "key_value", `"`+DefaultEmail+`"`).ok(t)["result"].(map[string]any)
	code := x.call("/access/getAuthorizationCode", "type_name", "user", "uuid", demo["uuid"].(string), "redirect_uri", redirect,
		"transaction_state", `{"cart":7}`).ok(t)["authorizationCode"].(string)
	e = x.send("/oauth/token", owner("grant_type", "authorization_code", "code", code, "redirect_uri", "https://elsewhere.test/"), nil).
		fails(t, http.StatusBadRequest, codeRedirectURIMismatch)
	require.Equal(t, redirect, e["expected_value"])
	tok := x.send("/oauth/token", owner("grant_type", "authorization_code", "code", code, "redirect_uri", redirect), nil).ok(t)
	require.Equal(t, map[string]any{"cart": 7.0}, tok["transaction_state"])

	code = x.call("/access/getAuthorizationCode", "type_name", "user", "uuid", demo["uuid"].(string), "redirect_uri", redirect).ok(t)["authorizationCode"].(string)
	x.clock.Advance(31 * time.Second)
	x.send("/oauth/token", owner("grant_type", "authorization_code", "code", code, "redirect_uri", redirect), nil).
		fails(t, http.StatusBadRequest, codeAuthorizationCodeExpired)
}

func TestForgotPassword(t *testing.T) {
	x := newHarness(t)
	x.login("/oauth/forgot_password_native", "locale", "en-US", "redirect_uri", redirect, "form", "forgotPasswordForm",
		"signInEmailAddress", "nobody@example.test").fails(t, http.StatusOK, codeNoSuchAccount)
	x.login("/oauth/forgot_password_native", "locale", "en-US", "redirect_uri", redirect, "form", "forgotPasswordForm",
		"signInEmailAddress", DefaultEmail).ok(t)
	msg := x.lastMessage(DefaultEmail, "password-reset")
	tok := x.send("/oauth/token", pairs("grant_type", "authorization_code", "code", msg.Code, "redirect_uri", redirect,
		"client_id", DefaultLoginClientID, "client_secret", DefaultLoginClientSecret), nil).ok(t)
	x.login("/oauth/update_profile_native", "locale", "en-US", "form", "changePasswordFormNoAuth", "access_token", tok["access_token"].(string),
		"newPassword", "Brand-new-pass-1", "newPasswordConfirm", "Brand-new-pass-1").ok(t)
	x.login("/oauth/auth_native_traditional", "locale", "en-US", "redirect_uri", redirect, "form", "signInForm",
		"signInEmailAddress", DefaultEmail, "currentPassword", "Brand-new-pass-1").ok(t)
}

func TestSocialLoginRegistrationAndLinking(t *testing.T) {
	x := newHarness(t)
	token := `{"identifier":"https://idp.example.test/u/1","domain":"idp.example.test","email":"sam@example.test","givenName":"Sam"}`
	common := []string{"locale", "en-US", "redirect_uri", redirect}
	with := func(kv ...string) []string { return append(append([]string{}, common...), kv...) }

	e := x.login("/oauth/auth_native", with("token", token, "registration_form", "socialRegistrationForm")...).fails(t, http.StatusOK, codeRecordNotFound)
	require.Equal(t, map[string]any{"emailAddress": "sam@example.test", "firstName": "Sam"}, e["prereg_fields"])
	x.login("/oauth/register_native", with("token", `{"identifier":"u2","domain":"d"}`, "form", "socialRegistrationForm", "emailAddress", "x@example.test")...).
		fails(t, http.StatusOK, codeInvalidArgument)
	reg := x.login("/oauth/register_native", with("token", token, "form", "socialRegistrationForm", "emailAddress", "sam@example.test", "firstName", "Sam")...).ok(t)
	profiles := reg["capture_user"].(map[string]any)["profiles"].([]any)
	require.Equal(t, "https://idp.example.test/u/1", profiles[0].(map[string]any)["identifier"])
	signedIn := x.login("/oauth/auth_native", with("token", token)...).ok(t)
	access := signedIn["access_token"].(string)

	// A second identity with the demo user's address: merge via traditional sign-in.
	other := `{"identifier":"https://idp.example.test/u/9","domain":"idp.example.test","email":"` + DefaultEmail + `"}`
	e = x.login("/oauth/auth_native", with("token", other)...).fails(t, http.StatusOK, codeEmailAddressInUse)
	require.Equal(t, "capture", e["existing_provider"])
	x.login("/oauth/auth_native_traditional", with("form", "signInForm", "signInEmailAddress", DefaultEmail,
		"currentPassword", DefaultPassword, "merge_token", other)...).ok(t)
	x.login("/oauth/auth_native", with("token", other)...).ok(t)

	// Linking an identity held by another account is a unique violation; unlinking works once.
	x.login("/oauth/link_account_native", "access_token", access, "token", other).fails(t, http.StatusOK, codeUniqueViolation)
	third := `{"identifier":"https://other.test/3","domain":"other.test"}`
	x.login("/oauth/link_account_native", "access_token", access, "token", third, "redirect_uri", redirect).ok(t)
	x.login("/oauth/unlink_account_native", "access_token", access, "identifier_to_remove", "https://other.test/3").ok(t)
	x.login("/oauth/unlink_account_native", "access_token", access, "identifier_to_remove", "https://other.test/3").fails(t, http.StatusOK, codeRecordNotFound)

	// Thin registration creates the record at once.
	thin := x.login("/oauth/auth_native", with("token", `{"identifier":"t1","domain":"thin.test","email":"thin@example.test"}`, "thin_registration", "true")...).ok(t)
	require.Equal(t, "thin@example.test", thin["capture_user"].(map[string]any)["email"])
}

func TestVerifyEmailAndVerificationCodes(t *testing.T) {
	x := newHarness(t)
	id := x.createUser(`{"email":"vera@example.test"}`)
	x.login("/oauth/verify_email_native", "locale", "en-US", "redirect_uri", redirect, "form", "resendVerificationForm",
		"signInEmailAddress", "vera@example.test").ok(t)
	msg := x.lastMessage("vera@example.test", "email-verification")
	x.clock.Advance(time.Hour)
	require.Equal(t, id, x.send("/access/use_verification_code", pairs("verification_code", msg.Code), nil).ok(t)["uuid"])
	rec := x.call("/entity", "type_name", "user", "uuid", id).ok(t)["result"].(map[string]any)
	require.Equal(t, "2026-03-01 13:00:00.000000 +0000", rec["emailVerified"])

	code := x.call("/access/getVerificationCode", "type_name", "user", "uuid", id, "attribute_name", "lastLogin").ok(t)["verification_code"].(string)
	require.Len(t, code, 32)
	x.clock.Advance(31 * time.Second)
	x.send("/access/use_verification_code", pairs("verification_code", code), nil).fails(t, http.StatusOK, codeVerificationCodeExpired)
	x.call("/access/getVerificationCode", "type_name", "user", "uuid", id, "attribute_name", "givenName").fails(t, http.StatusOK, codeInvalidArgument)
}
