package onegini

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestAUnitPOSTMergesObjectsAndReplacesLists(t *testing.T) {
	x := newHarness(t)
	w := x.as(http.MethodPost, "/api/v2/config/features", `{
		"action_token": {"login": {"ttl": 30}},
		"invitation_verification_required": {"via_sms_enabled": false},
		"sms_enabled": false}`)
	require.Equal(t, http.StatusNoContent, w.Code)
	require.Empty(t, w.Body.String())
	f := decode(t, x.as(http.MethodGet, "/api/v2/config/features", ""))
	require.EqualValues(t, 30, at(t, f, "action_token", "login", "ttl"))
	require.Equal(t, true, at(t, f, "action_token", "login", "enabled"), "siblings of a merged field stay")
	require.EqualValues(t, 60, at(t, f, "action_token", "coupling", "ttl"))
	require.Len(t, at(t, f, "action_token", "whitelisted_urls"), 1, "a list not named stays")
	require.Equal(t, false, at(t, f, "invitation_verification_required", "via_sms_enabled"))
	require.Equal(t, true, at(t, f, "invitation_verification_required", "via_birthdate_enabled"))
	require.Equal(t, false, f["sms_enabled"])

	w = x.as(http.MethodPost, "/api/v2/config", `{"attributes": {"verification": {"email_required": false}},
		"login_methods": {"login_methods": [{"id": "only", "type": "KERBEROS", "kerberos_attributes": {"auto_login_enabled": true}}]}}`)
	require.Equal(t, http.StatusNoContent, w.Code)
	cim := decode(t, x.as(http.MethodGet, "/api/v2/config", ""))
	require.Equal(t, false, at(t, cim, "attributes", "verification", "email_required"))
	require.Equal(t, true, at(t, cim, "attributes", "verification", "email_enabled"))
	require.Len(t, at(t, cim, "login_methods", "login_methods"), 1, "a list named is replaced whole")
	require.Equal(t, "OTP", at(t, cim, "login_methods", "mobile_login", "authentication_type"))
	idps := decode(t, x.as(http.MethodGet, "/api/config/identity-providers", ""))
	require.Equal(t, []any{map[string]any{"id": "only", "type": "kerberos",
		"saml_properties": map[string]any{"authn_context": "urn:com:onegini:saml:kerberos"}}}, idps["result"])
}

func TestNumbersRoundTripExactly(t *testing.T) {
	x := newHarness(t)
	w := x.as(http.MethodPost, "/api/v2/config/features", `{"person_activation": {"expiration_time": 9007199254740993}}`)
	require.Equal(t, http.StatusNoContent, w.Code)
	w = x.as(http.MethodGet, "/api/v2/config/features", "")
	require.Contains(t, w.Body.String(), `"expiration_time":9007199254740993`)
}

func TestCustomMessagesAndTheirV1View(t *testing.T) {
	x := newHarness(t)
	require.Equal(t, http.StatusNoContent, x.as(http.MethodPut, "/api/v2/config/custom-messages/nl/batch", `{"a.b": "x", "personal.general.next": "Verder"}`).Code)
	require.Equal(t, http.StatusNoContent, x.as(http.MethodPut, "/api/v2/config/custom-messages/default/batch", `{"a.b": "X"}`).Code)
	v1 := decode(t, x.as(http.MethodGet, "/api/config?fields=messages", ""))
	msgs := v1["messages"].(map[string]any)
	require.Equal(t, "Verder", at(t, msgs, "nl", "personal.general.next"))
	require.Equal(t, "Inklappen", at(t, msgs, "nl", "personal.general.collapse"))
	require.Equal(t, "X", at(t, msgs, "default", "a.b"))
	require.ElementsMatch(t, []string{"default", "nl", "de", "fr"}, keys(msgs))

	require.Equal(t, http.StatusNoContent, x.as(http.MethodDelete, "/api/v2/config/custom-messages/default/a.b", "").Code)
	require.Equal(t, http.StatusNotFound, x.as(http.MethodDelete, "/api/v2/config/custom-messages/default/a.b", "").Code)
	for _, k := range []string{"a.b", "personal.general.next", "personal.general.collapse"} {
		require.Equal(t, http.StatusNoContent, x.as(http.MethodDelete, "/api/v2/config/custom-messages/nl/"+k, "").Code)
	}
	custom := decode(t, x.as(http.MethodGet, "/api/v2/config/custom-messages", ""))
	require.NotContains(t, custom["locales"], "nl", "a locale without messages goes")
	require.Equal(t, http.StatusNotFound, x.as(http.MethodDelete, "/api/v2/config/custom-messages/nl/a.b", "").Code)

	w := x.as(http.MethodPut, "/api/v2/config/custom-messages", `{"locales": {"pt_BR": {"ola": "Olá"}}}`)
	require.Equal(t, http.StatusNoContent, w.Code)
	custom = decode(t, x.as(http.MethodGet, "/api/v2/config/custom-messages", ""))
	require.Equal(t, map[string]any{"default": map[string]any{}, "locales": map[string]any{"pt_BR": map[string]any{"ola": "Olá"}}}, custom)

	require.Equal(t, http.StatusBadRequest, x.as(http.MethodPut, "/api/v2/config/custom-messages", `{"locales": {"default": {"a": "b"}}}`).Code)
	require.Equal(t, http.StatusBadRequest, x.as(http.MethodPut, "/api/v2/config/custom-messages/nl/batch", `{"": "empty key"}`).Code)
	require.Equal(t, http.StatusBadRequest, x.as(http.MethodPut, "/api/v2/config/custom-messages", `{"locales": {"nl": "flat"}}`).Code)
	require.Equal(t, custom, decode(t, x.as(http.MethodGet, "/api/v2/config/custom-messages", "")), "refused writes change nothing")
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestWhitelistedUrls(t *testing.T) {
	x := newHarness(t)
	w := x.as(http.MethodPost, "/api/v2/config/features/action-token/whitelisted-urls", `{"url": "myapp://callback/done"}`)
	require.Equal(t, http.StatusCreated, w.Code)
	require.Equal(t, "application/json", w.Header().Get("Content-Type"))
	entry := decode(t, w)
	id := entry["id"].(string)
	require.Equal(t, "http://example.com/api/v2/config/features/action-token/whitelisted-urls/"+id, w.Header().Get("Location"))

	again := decode(t, x.as(http.MethodPost, "/api/v2/config/features/action-token/whitelisted-urls", `{"url": "myapp://callback/done"}`))
	require.Equal(t, id, again["id"])
	list := decode(t, x.as(http.MethodGet, "/api/v2/config/features/action-token/whitelisted-urls", ""))
	require.Len(t, list["whitelisted_urls"], 2)

	require.Equal(t, http.StatusNoContent, x.as(http.MethodDelete, "/api/v2/config/features/action-token/whitelisted-urls/"+id, "").Code)
	require.Equal(t, http.StatusNotFound, x.as(http.MethodDelete, "/api/v2/config/features/action-token/whitelisted-urls/"+id, "").Code)
	require.Equal(t, http.StatusNoContent, x.as(http.MethodDelete, "/api/v2/config/features/action-token/whitelisted-urls/5b0f3f4e-3c1a-4c39-9d7e-2f64a1c0b001", "").Code)
	list = decode(t, x.as(http.MethodGet, "/api/v2/config/features/action-token/whitelisted-urls", ""))
	require.Equal(t, []any{}, list["whitelisted_urls"], "an empty whitelist is an empty list")
}

// TestBadRequestTriggers lists what answers 400 (and 415); each leaves the state as it was.
func TestBadRequestTriggers(t *testing.T) {
	x := newHarness(t)
	before := x.as(http.MethodGet, "/api/v2/config", "").Body.String()
	cases := []struct {
		name, method, target, body, contentType string
		want                                    int
	}{
		{"malformed JSON", "POST", "/api/v2/config/step-up", `{"stategy":`, "application/json", 400},
		{"two JSON values", "POST", "/api/v2/config/step-up", `{} {}`, "application/json", 400},
		{"not an object", "POST", "/api/v2/config/step-up", `"USER_PREFERENCE"`, "application/json", 400},
		{"no body", "POST", "/api/v2/config/step-up", "", "application/json", 400},
		{"wrong type", "POST", "/api/v2/config/step-up", `{"actions": {"default_step_up_authentication_level": "3"}}`, "application/json", 400},
		{"null", "POST", "/api/v2/config/step-up", `{"stategy": null}`, "application/json", 400},
		{"enum", "POST", "/api/v2/config/step-up", `{"stategy": "STRATEGY"}`, "application/json", 400},
		{"nested enum", "POST", "/api/v2/config", `{"login_methods": {"login_methods": [{"saml_attributes": {"comparison": "ANY"}}]}}`, "application/json", 400},
		{"enum in an array", "POST", "/api/v2/config", `{"login_methods": {"login_methods": [{"custom_attribute_fields": [{"type": "DATE"}]}]}}`, "application/json", 400},
		{"unknown fields value", "GET", "/api/config?fields=profile,passwords", "", "", 400},
		{"locale with a slash-free but invalid form", "PUT", "/api/v2/config/custom-messages/n/batch", `{"a":"b"}`, "application/json", 400},
		{"a whitelisted url without a host", "POST", "/api/v2/config/features/action-token/whitelisted-urls", `{"url":"mailto:x@example.test"}`, "application/json", 400},
		{"another media type", "POST", "/api/v2/config/step-up", `{}`, "text/plain", 415},
		{"no media type", "POST", "/api/v2/config/step-up", `{}`, "", 415},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := x.send(request{method: tc.method, target: tc.target, body: tc.body, contentType: tc.contentType,
				user: DefaultUsername, password: DefaultPassword})
			require.Equal(t, tc.want, w.Code)
			require.Empty(t, w.Body.String())
		})
	}
	require.JSONEq(t, before, x.as(http.MethodGet, "/api/v2/config", "").Body.String())
}

func TestUnknownAndReadOnlyPropertiesAreIgnored(t *testing.T) {
	x := newHarness(t)
	w := x.as(http.MethodPost, "/api/v2/config/ui-extension", `{"login_path": "/in", "extra": {"deep": 1}}`)
	require.Equal(t, http.StatusNoContent, w.Code)
	ui := decode(t, x.as(http.MethodGet, "/api/v2/config/ui-extension", ""))
	require.Equal(t, map[string]any{"base_url": "https://ui-extension.example.test", "enable_login_redirect": false, "login_path": "/in"}, ui)

	w = x.as(http.MethodPost, "/api/v2/config", `{"login_methods": {"login_methods": [{"id": "x", "type": "GOOGLE",
		"google_attributes": {"clientId": "c", "client_secret": "s", "clientSecret": "dropped"}, "nonsense": true}]}}`)
	require.Equal(t, http.StatusNoContent, w.Code)
	lm := decode(t, x.as(http.MethodGet, "/api/v2/config/login-methods", ""))
	require.Equal(t, map[string]any{"id": "x", "type": "GOOGLE", "google_attributes": map[string]any{"clientId": "c", "client_secret": "s"}},
		at(t, lm, "login_methods", 0), "unknown keys go, the composed model's keys stay")
}

func TestAPUTCannotCreateALocaleNoPathCanName(t *testing.T) {
	x := newHarness(t)
	w := x.as(http.MethodPut, "/api/v2/config/custom-messages", `{"locales": {"nl NL": {"a": "b"}}}`)
	require.Equal(t, http.StatusBadRequest, w.Code)
	w = x.as(http.MethodPost, "/api/v2/config", `{"custom_messages": {"locales": {"x": {"a": "b"}}}}`)
	require.Equal(t, http.StatusBadRequest, w.Code)
	require.Contains(t, decode(t, x.as(http.MethodGet, "/api/v2/config/custom-messages", ""))["locales"], "nl")
}
