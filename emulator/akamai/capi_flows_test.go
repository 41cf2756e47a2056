package akamai

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/fixtures"
)

const std = "/config/default/flows/standard"

func register(x *harness, email string, extra ...string) reply {
	x.tb.Helper()
	// The extra parameters come first: where they repeat a default, theirs is the value read.
	kv := append(extra, "locale", "en-US", "redirect_uri", "https://app.test/cb", "form", "registrationForm",
		"emailAddress", email, "newPassword", "Flow-password-1", "newPasswordConfirm", "Flow-password-1")
	return x.login("/oauth/register_native_traditional", kv...)
}

// TestFieldsAndFormsChangeNativeRegistration: a field created with the Configuration API
// and put on the registration form is read, validated and written by the native endpoint.
func TestFieldsAndFormsChangeNativeRegistration(t *testing.T) {
	x := newHarness(t)
	key := x.owner(http.MethodPost, std+"/translations", map[string]any{"locale": "en-US", "value": "Gender"}).
		is(t, http.StatusCreated).body["key"].(string)
	msg := x.owner(http.MethodPost, std+"/translations", map[string]any{"locale": "en-US", "value": "Tell us, please."}).
		is(t, http.StatusCreated).body["key"].(string)
	field := map[string]any{"type": "select", "name": "gender", "schemaAttribute": "gender", "label": map[string]string{"key": key},
		"options":    []map[string]any{{"value": "female"}, {"value": "male"}},
		"validation": []map[string]any{{"rule": "required", "value": true, "message": map[string]string{"key": msg}}}}
	x.owner(http.MethodPost, std+"/fields", map[string]any{"type": "text", "name": "bad", "schemaAttribute": "nothing"}).
		hostError(t, http.StatusBadRequest)
	created := x.owner(http.MethodPost, std+"/fields", field).is(t, http.StatusCreated)
	require.Equal(t, []any{}, created.body["forms"])
	x.owner(http.MethodPost, std+"/fields", field).hostError(t, http.StatusConflict)

	form := x.owner(http.MethodGet, std+"/forms/registrationForm", nil).is(t, http.StatusOK)
	var names []map[string]string
	for _, f := range form.body["fields"].([]any) {
		names = append(names, map[string]string{"name": f.(map[string]any)["name"].(string)})
	}
	names = append(names, map[string]string{"name": "gender"})
	x.owner(http.MethodPut, std+"/forms/registrationForm", map[string]any{"fields": []map[string]string{{"name": "ghost"}}}).
		hostError(t, http.StatusBadRequest)
	x.owner(http.MethodPut, std+"/forms/registrationForm", map[string]any{"fields": names}).is(t, http.StatusNoContent)

	missing := register(x, "g1@example.test").fails(t, http.StatusOK, codeInvalidFormFields)
	require.Equal(t, []any{"Tell us, please."}, missing["invalid_fields"].(map[string]any)["gender"], "the rule's own message")
	wrong := register(x, "g1@example.test", "gender", "robot").fails(t, http.StatusOK, codeInvalidFormFields)
	require.Equal(t, []any{"Gender is not one of the choices."}, wrong["invalid_fields"].(map[string]any)["gender"])
	ok := register(x, "g1@example.test", "gender", "female").ok(t)
	require.Equal(t, "female", ok["capture_user"].(map[string]any)["gender"])

	// Deleting the field takes it off the form too.
	x.owner(http.MethodDelete, std+"/translations/"+key, nil).hostError(t, http.StatusConflict)
	x.owner(http.MethodDelete, std+"/fields/gender", nil).is(t, http.StatusNoContent)
	got := x.owner(http.MethodGet, std+"/forms/registrationForm", nil).is(t, http.StatusOK)
	require.Len(t, got.body["fields"], len(names)-1)
	register(x, "g2@example.test").ok(t)
	x.owner(http.MethodDelete, std+"/translations/"+key, nil).is(t, http.StatusNoContent)
}

func TestFlowVersionsCopyAndPromote(t *testing.T) {
	x := newHarness(t)
	before := x.owner(http.MethodGet, std, nil).is(t, http.StatusOK).body["version"].(string)
	x.owner(http.MethodPut, std, map[string]any{"schemas": []string{"ghost"}}).hostError(t, http.StatusBadRequest)
	x.owner(http.MethodPut, std, map[string]any{"userData": []string{"email", "givenName"}}).is(t, http.StatusOK)
	x.owner(http.MethodDelete, std+"/fields/mobileNumber", nil).is(t, http.StatusNoContent)
	versions := x.owner(http.MethodGet, std+"/versions", nil).is(t, http.StatusOK).val.([]any)
	require.Len(t, versions, 3)
	require.Equal(t, map[string]any{"version": "HEAD", "change": "Removed field: mobileNumber"}, versions[0])
	require.Equal(t, before, versions[2].(map[string]any)["version"])

	// A native call can still name the old version, which has the field.
	register(x, "old@example.test", "flow_version", before, "mobileNumber", "+15550100999").ok(t)
	x.owner(http.MethodGet, std+"/fields/mobileNumber", nil).hostError(t, http.StatusNotFound)
	restored := x.owner(http.MethodPost, std+"/versions/"+before, nil).is(t, http.StatusOK)
	require.NotEqual(t, before, restored.body["version"])
	x.owner(http.MethodGet, std+"/fields/mobileNumber", nil).is(t, http.StatusOK)
	x.owner(http.MethodGet, std+"/versions/12345", nil).hostError(t, http.StatusNotFound)

	copied := x.owner(http.MethodPost, std+"/copy", map[string]any{"name": "beta"}).is(t, http.StatusCreated)
	require.Equal(t, "/config/default/flows/beta", copied.body["_self"])
	x.owner(http.MethodPost, std+"/copy", map[string]any{"name": "beta"}).hostError(t, http.StatusConflict)
	list := x.owner(http.MethodGet, "/config/default/flows", nil).is(t, http.StatusOK)
	require.Len(t, list.val, 2)

	require.NoError(t, x.h.Seed(&fixtures.Document{Provider: "akamai", Tenants: []fixtures.Tenant{{ID: "prod"}}}))
	x.owner(http.MethodPost, std+"/promote", map[string]any{"app_id": "nowhere"}).hostError(t, http.StatusBadRequest)
	promoted := x.owner(http.MethodPost, "/config/default/flows/beta/promote", map[string]any{"app_id": "prod", "name": "standard"}).
		is(t, http.StatusCreated)
	require.Equal(t, "/config/prod/flows/standard", promoted.body["_self"])
	require.NoError(t, x.store.View(func(tx *store.Tx) error {
		f, err := flows.Get(tx, "prod", "standard")
		require.Equal(t, "Promoted from application default, flow beta", f.Change)
		return err
	}))
}

func TestTextsAndMailTemplates(t *testing.T) {
	x := newHarness(t)
	x.owner(http.MethodGet, std+"/locales/fr-FR", nil).hostError(t, http.StatusNotFound)
	x.owner(http.MethodPost, std+"/translations", map[string]any{"locale": "not a locale", "value": "x"}).hostError(t, http.StatusBadRequest)
	fr := x.owner(http.MethodPost, std+"/translations", map[string]any{"key": textKey("field.firstName"), "locale": "fr-FR", "value": "Prénom"}).
		is(t, http.StatusCreated)
	require.Equal(t, "Prénom", fr.body["value"])
	locale := x.owner(http.MethodGet, std+"/locales/fr-FR", nil).is(t, http.StatusOK)
	require.Equal(t, map[string]any{textKey("field.firstName"): "Prénom"}, locale.body)
	lf := x.owner(http.MethodGet, std+"/locales/fr-FR/fields/firstName", nil).is(t, http.StatusOK)
	require.Equal(t, "Prénom", lf.body["label"])

	// Localized fields put their texts into translations.
	x.owner(http.MethodPut, std+"/locales/fr-FR/fields/lastName", map[string]any{"label": "Nom",
		"validation": []map[string]any{{"rule": "maxLength", "value": 3, "message": "Trop long."}}}).is(t, http.StatusNoContent)
	long := register(x, "fr@example.test", "locale", "fr-FR", "lastName", "Dupont").fails(t, http.StatusOK, codeInvalidFormFields)
	require.Equal(t, []any{"Trop long."}, long["invalid_fields"].(map[string]any)["lastName"])
	en := register(x, "en@example.test", "lastName", "Dupont").fails(t, http.StatusOK, codeInvalidFormFields)
	require.Equal(t, []any{"Last name must be at most 3 characters long."}, en["invalid_fields"].(map[string]any)["lastName"])

	// Strings and localized strings.
	x.owner(http.MethodPost, std+"/strings", map[string]any{"name": "hello", "key": "missing"}).hostError(t, http.StatusBadRequest)
	ls := x.owner(http.MethodPost, std+"/locales/fr-FR/strings", map[string]any{"name": "hello", "value": "Bonjour"}).is(t, http.StatusCreated)
	require.Equal(t, "Bonjour", ls.body["value"])
	key := x.owner(http.MethodGet, std+"/strings/hello", nil).is(t, http.StatusOK).body["key"].(string)
	x.owner(http.MethodGet, std+"/locales/en-US/strings/hello", nil).hostError(t, http.StatusNotFound)
	x.owner(http.MethodPatch, std+"/translations", map[string]any{"key": key, "locale": "en-US", "value": "Hello"}).is(t, http.StatusNoContent)
	require.Equal(t, "Hello", x.owner(http.MethodGet, std+"/locales/en-US/strings/hello", nil).is(t, http.StatusOK).body["value"])
	x.owner(http.MethodDelete, std+"/locales/fr-FR/strings/hello", nil).is(t, http.StatusNoContent)
	require.Equal(t, map[string]any{"en-US": "Hello"}, x.owner(http.MethodGet, std+"/translations/"+key, nil).is(t, http.StatusOK).body)

	req := httptest.NewRequest(http.MethodGet, std+"/translations?locale=fr-FR", nil)
	req.Header.Set("Accept", "text/csv")
	req.SetBasicAuth(DefaultOwnerClientID, DefaultOwnerClientSecret)
	csv := x.do(req).is(t, http.StatusOK)
	require.True(t, strings.HasPrefix(csv.raw, "key,fr-FR\n"), csv.raw)
	require.Contains(t, csv.raw, textKey("field.firstName")+",Prénom\n")

	// The verification email of a registration comes from the flow's template.
	x.owner(http.MethodPut, std+"/locales/en-US/mailTemplates/verifyEmail/subject", map[string]any{"subject": "Welcome aboard"}).
		is(t, http.StatusNoContent)
	x.owner(http.MethodPut, std+"/locales/en-US/mailTemplates/verifyEmail/body", map[string]any{"text": "Verify: {link}"}).
		is(t, http.StatusNoContent)
	x.owner(http.MethodPut, std+"/locales/en-US/mailTemplates/verifyEmail/subject", map[string]any{"text": "x"}).hostError(t, http.StatusBadRequest)
	tmpl := x.owner(http.MethodGet, std+"/locales/en-US/mailTemplates/verifyEmail", nil).is(t, http.StatusOK)
	require.Equal(t, "Welcome aboard", tmpl.body["subject"])
	register(x, "mail@example.test").ok(t)
	require.NoError(t, x.store.View(func(tx *store.Tx) error {
		msgs, err := x.outbox.List(tx, "default", "mail@example.test")
		require.Len(t, msgs, 1)
		require.Equal(t, "Welcome aboard", msgs[0].Subject)
		require.True(t, strings.HasPrefix(msgs[0].Body, "Verify: https://app.test/cb?verification_code="), msgs[0].Body)
		return err
	}))
	x.owner(http.MethodGet, std+"/locales/en-US/mailTemplates/nothing", nil).hostError(t, http.StatusNotFound)
}

func TestScreensLinksTwoFactorAndUpgrades(t *testing.T) {
	x := newHarness(t)
	x.owner(http.MethodPost, std+"/screens", map[string]any{"name": "signIn", "html": "<p/>"}).hostError(t, http.StatusConflict)
	x.owner(http.MethodPost, std+"/screens", map[string]any{"name": "promo", "html": "<p>hi</p>"}).is(t, http.StatusCreated)
	x.owner(http.MethodPut, std+"/screens/promo", map[string]any{"html": "<p>bye</p>"}).is(t, http.StatusNoContent)
	require.Equal(t, "<p>bye</p>", x.owner(http.MethodGet, std+"/screens/promo", nil).is(t, http.StatusOK).body["html"])
	x.owner(http.MethodDelete, std+"/screens/promo", nil).is(t, http.StatusNoContent)
	x.owner(http.MethodGet, std+"/screens/promo", nil).hostError(t, http.StatusNotFound)

	x.owner(http.MethodPost, std+"/links", map[string]any{"label": "Help", "url": "not a url"}).hostError(t, http.StatusBadRequest)
	link := x.owner(http.MethodPost, std+"/links", map[string]any{"label": "Help", "url": "https://help.example"}).is(t, http.StatusCreated)
	id := link.body["id"].(string)
	x.owner(http.MethodPut, std+"/links/"+id, map[string]any{"url": "https://help.example/new"}).is(t, http.StatusNoContent)
	got := x.owner(http.MethodGet, std+"/links/"+id, nil).is(t, http.StatusOK)
	require.Equal(t, map[string]any{"_self": std + "/links/" + id, "id": id, "label": "Help", "url": "https://help.example/new"}, got.body)
	x.owner(http.MethodDelete, std+"/links/"+id, nil).is(t, http.StatusNoContent)

	require.Equal(t, []any{}, x.owner(http.MethodGet, std+"/locales/en-US/2faMessages", nil).is(t, http.StatusOK).val)
	added := x.owner(http.MethodPost, std+"/locales/en-US/2faMessages", nil).is(t, http.StatusCreated)
	require.Len(t, added.val, 2)
	x.owner(http.MethodPost, std+"/locales/en-US/2faMessages", nil).hostError(t, http.StatusConflict)
	x.owner(http.MethodPut, std+"/locales/en-US/2faMessages/signInCode", map[string]any{"sms": "Code: {code}"}).is(t, http.StatusNoContent)
	require.Equal(t, "Code: {code}", x.owner(http.MethodGet, std+"/locales/en-US/2faMessages/signInCode", nil).body["sms"])

	ups := x.owner(http.MethodGet, std+"/upgrades", nil).is(t, http.StatusOK)
	require.Len(t, ups.val, 2)
	req := x.owner(http.MethodGet, std+"/upgrades/2.0", nil).is(t, http.StatusOK)
	require.Equal(t, []any{"middleName", "gender"}, req.body["fields"].(map[string]any)["add"])
	x.owner(http.MethodPost, std+"/upgrades/2.0", nil).is(t, http.StatusOK)
	x.owner(http.MethodPost, std+"/upgrades/2.0", nil).hostError(t, http.StatusConflict)
	require.Equal(t, "select", x.owner(http.MethodGet, std+"/fields/gender", nil).is(t, http.StatusOK).body["type"])
	require.Len(t, x.owner(http.MethodGet, std+"/upgrades", nil).val, 1)
	x.owner(http.MethodGet, std+"/upgrades/9.9", nil).hostError(t, http.StatusNotFound)
	x.owner(http.MethodGet, "/config/default/flows/ghost", nil).hostError(t, http.StatusNotFound)
}
