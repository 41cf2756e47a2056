package logto

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCustomProfileFieldsKeepTheirOrderAndRefuseReservedNames(t *testing.T) {
	x := newHarness(t)
	tok := x.managementToken()
	w := x.api(http.MethodPost, "/api/custom-profile-fields", tok,
		`{"name":"company","type":"Text","label":"Company","required":true,"config":{"maxLength":64,"options":[{"value":"x"}]}}`)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	x.conforms("CreateCustomProfileField", http.MethodPost, "/api/custom-profile-fields", w)
	company := decode(t, w)
	require.EqualValues(t, 1, company["sieOrder"])
	require.Equal(t, map[string]any{"maxLength": float64(64)}, company["config"], "a Text field keeps only its config members")
	require.Nil(t, company["description"])

	w = x.api(http.MethodPost, "/api/custom-profile-fields/batch", tok, `[
		{"name":"fullname","type":"Fullname","required":true,"config":{"parts":[
			{"name":"givenName","type":"Text","enabled":true,"required":true},
			{"name":"familyName","type":"Text","enabled":true,"required":true}]}},
		{"name":"newsletter","type":"Checkbox","required":false,"description":"dropped","config":{"defaultValue":"false"}}]`)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	x.conforms("CreateCustomProfileFieldsBatch", http.MethodPost, "/api/custom-profile-fields/batch", w)
	batch := decodeList(t, w)
	require.EqualValues(t, 2, batch[0].(map[string]any)["sieOrder"])
	require.EqualValues(t, 3, batch[1].(map[string]any)["sieOrder"])
	require.Nil(t, batch[1].(map[string]any)["description"], "a checkbox has no description")

	for _, c := range []struct{ body, code string }{
		{`{"name":"company","type":"Text","required":false}`, "custom_profile_fields.name_exists"},
		{`{"name":"primaryEmail","type":"Text","required":false}`, "custom_profile_fields.name_conflict_sign_in_identifier"},
		{`{"name":"preferredUsername","type":"Text","required":false}`, "custom_profile_fields.name_conflict_built_in_prop"},
		{`{"name":"onboarding","type":"Text","required":false}`, "custom_profile_fields.name_conflict_custom_data"},
		{`{"name":"123-456","type":"Text","required":false}`, "custom_profile_fields.invalid_name"},
		{`{"name":"age","type":"Number","required":false,"config":{"minValue":9,"maxValue":1}}`, "custom_profile_fields.invalid_min_max_input"},
		{`{"name":"address","type":"Address","required":true,"config":{"parts":[{"name":"formatted","type":"Address","enabled":true,"required":true}]}}`, "custom_profile_fields.invalid_sub_component_type"},
		{`{"name":"address","type":"Address","required":true,"config":{"parts":[]}}`, "custom_profile_fields.invalid_address_components"},
		{`{"name":"x","type":"Nope","required":false}`, "guard.invalid_input"},
	} {
		w := x.api(http.MethodPost, "/api/custom-profile-fields", tok, c.body)
		require.Equal(t, c.code, decode(t, w)["code"], c.body)
	}
	many := make([]string, 21)
	for i := range many {
		many[i] = `{"name":"f` + string(rune('a'+i)) + `","type":"Text","required":false}`
	}
	w = x.api(http.MethodPost, "/api/custom-profile-fields/batch", tok, "["+strings.Join(many, ",")+"]")
	require.Equal(t, http.StatusBadRequest, w.Code)
	require.Equal(t, "too_big", decode(t, w)["data"].(map[string]any)["issues"].([]any)[0].(map[string]any)["code"])

	// An update is strict, replaces the definition and keeps the name and order.
	w = x.api(http.MethodPut, "/api/custom-profile-fields/newsletter", tok, `{"type":"Checkbox","required":false}`)
	require.Equal(t, "custom_profile_fields.invalid_default_value", decode(t, w)["code"])
	w = x.api(http.MethodPut, "/api/custom-profile-fields/company", tok, `{"name":"other","type":"Text","label":"Employer","required":false}`)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.Equal(t, "company", decode(t, w)["name"])
	require.Equal(t, "Employer", decode(t, w)["label"])
	require.EqualValues(t, 1, decode(t, w)["sieOrder"])
	w = x.api(http.MethodPut, "/api/custom-profile-fields/nothing", tok, `{"type":"Text","required":false}`)
	require.Equal(t, http.StatusNotFound, w.Code)
	require.Equal(t, "entity.not_exists", decode(t, w)["code"])

	// Reordering names every field it moves, and the list follows the new order.
	w = x.api(http.MethodPost, "/api/custom-profile-fields/properties/sie-order", tok, `{"order":[{"name":"company","sieOrder":5},{"name":"ghost","sieOrder":1}]}`)
	require.Equal(t, http.StatusBadRequest, w.Code)
	require.Equal(t, "Cannot find entities with the given names: ghost", decode(t, w)["message"])
	w = x.api(http.MethodPost, "/api/custom-profile-fields/properties/sie-order", tok, `{"order":[{"name":"company","sieOrder":5},{"name":"newsletter","sieOrder":4}]}`)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	x.conforms("UpdateCustomProfileFieldsSieOrder", http.MethodPost, "/api/custom-profile-fields/properties/sie-order", w)
	var names []string
	for _, f := range decodeList(t, x.api(http.MethodGet, "/api/custom-profile-fields", tok, "")) {
		names = append(names, f.(map[string]any)["name"].(string))
	}
	require.Equal(t, []string{"fullname", "newsletter", "company"}, names)

	require.Equal(t, http.StatusOK, x.api(http.MethodGet, "/api/custom-profile-fields/fullname", tok, "").Code)
	require.Equal(t, http.StatusNoContent, x.api(http.MethodDelete, "/api/custom-profile-fields/newsletter", tok, "").Code)
	w = x.api(http.MethodGet, "/api/custom-profile-fields/newsletter", tok, "")
	require.Equal(t, "entity.not_found", decode(t, w)["code"])
	require.Equal(t, http.StatusNotFound, x.api(http.MethodDelete, "/api/custom-profile-fields/newsletter", tok, "").Code)
	w = x.api(http.MethodPost, "/api/custom-profile-fields", tok, `{"name":"newsletter","type":"Url","required":false}`)
	require.Equal(t, http.StatusCreated, w.Code, "a deleted field's name is free again")
	require.EqualValues(t, 6, decode(t, w)["sieOrder"])

	sie := decode(t, x.do(http.MethodGet, "/api/.well-known/sign-in-exp", ""))
	require.Len(t, sie["customProfileFields"], 3)
}

func TestExperienceRegistrationCollectsTheExtraProfile(t *testing.T) {
	x := newHarness(t)
	tok := x.managementToken()
	x.created(tok, "/api/custom-profile-fields", `{"name":"company","type":"Text","required":true}`)
	x.created(tok, "/api/custom-profile-fields", `{"name":"fullname","type":"Fullname","required":true,"config":{"parts":[{"name":"givenName","type":"Text","enabled":true,"required":true}]}}`)

	b := &browser{t: t, x: x}
	require.Equal(t, http.StatusNoContent, b.call(http.MethodPut, "/api/experience", `{"interactionEvent":"Register"}`).Code)
	id := b.verification("/api/experience/verification/new-password-identity", `{"identifier":{"type":"username","value":"grace"},"password":"Gr4ce-Hopper!"}`)
	require.Equal(t, http.StatusCreated, b.call(http.MethodPost, "/api/experience/identification", `{"verificationId":"`+id+`"}`).Code)
	w := b.call(http.MethodPost, "/api/experience/submit", "")
	require.Equal(t, http.StatusUnprocessableEntity, w.Code)
	require.Equal(t, []any{"extraProfile"}, decode(t, w)["data"].(map[string]any)["missingProfile"])

	for body, code := range map[string]string{
		`{"type":"extraProfile","values":{"preferredUsername":"g"}}`:  "custom_profile_fields.name_conflict_built_in_prop",
		`{"type":"extraProfile","values":{"email":"g@example.test"}}`: "custom_profile_fields.name_conflict_sign_in_identifier",
		`{"type":"extraProfile","values":{"onboarding":"x"}}`:         "custom_profile_fields.name_conflict_custom_data",
	} {
		w = b.call(http.MethodPost, "/api/experience/profile", body)
		require.Equal(t, http.StatusBadRequest, w.Code, body)
		require.Equal(t, code, decode(t, w)["code"], body)
	}
	w = b.call(http.MethodPost, "/api/experience/profile", `{"type":"extraProfile","values":{"name":"Grace Hopper","givenName":"Grace","company":"Navy"}}`)
	require.Equal(t, http.StatusNoContent, w.Code, w.Body.String())
	w = b.call(http.MethodGet, "/api/experience/interaction", "")
	x.conforms("GetInteraction", http.MethodGet, "/api/experience/interaction", w)
	w = b.call(http.MethodPost, "/api/experience/submit", "")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())

	users := decodeList(t, x.api(http.MethodGet, "/api/users?search.username=grace", tok, ""))
	require.Len(t, users, 1)
	u := users[0].(map[string]any)
	require.Equal(t, "Grace Hopper", u["name"])
	require.Equal(t, map[string]any{"givenName": "Grace"}, u["profile"])
	require.Equal(t, map[string]any{"company": "Navy"}, u["customData"])
}
