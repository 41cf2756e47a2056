package akamai

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

func attrNames(schema map[string]any) []string {
	var out []string
	for _, d := range schema["attr_defs"].([]any) {
		out = append(out, d.(map[string]any)["name"].(string))
	}
	return out
}

func TestEntityTypeLifecycle(t *testing.T) {
	x := newHarness(t)
	require.Equal(t, []any{"user"}, x.call("/entityType.list").ok(t)["results"])
	schema := x.call("/entityType.create", "type_name", "pet",
		"attr_defs", `[{"name":"name","type":"string","length":20,"constraints":["required"]},{"name":"tag","type":"string"},
		{"name":"visits","type":"plural","attr_defs":[{"name":"at","type":"dateTime"},{"name":"vet","type":"string"}]}]`).ok(t)["schema"].(map[string]any)
	require.Equal(t, []string{"id", "uuid", "created", "lastUpdated", "name", "tag", "visits"}, attrNames(schema))
	x.call("/entityType.create", "type_name", "pet", "attr_defs", `[]`).fails(t, http.StatusOK, codeEntityTypeExists)
	x.call("/entityType.create", "type_name", "bad", "attr_defs", `[{"name":"x","type":"nope"}]`).fails(t, http.StatusOK, codeInvalidArgument)
	x.call("/entityType.create", "type_name", "bad", "attr_defs", `[{"name":"uuid","type":"string"}]`).fails(t, http.StatusOK, codeReservedAttribute)

	x.call("/entity.create", "type_name", "pet", "attributes", `{"tag":"a"}`).fails(t, http.StatusOK, codeMissingRequiredAttribute)
	x.call("/entity.create", "type_name", "pet", "attributes", `{"name":"Rex","tag":"A1","visits":[{"vet":"x"},{"vet":"x"}]}`).ok(t)
	x.call("/entity.create", "type_name", "pet", "attributes", `{"name":"Tom","tag":"a1"}`).ok(t)

	x.call("/entityType.addAttribute", "type_name", "pet", "attr_def", `{"name":"name","type":"string"}`).fails(t, http.StatusOK, codeAttributeExists)
	schema = x.call("/entityType.addAttribute", "type_name", "pet", "attr_def", `{"name":"weight","type":"decimal"}`).ok(t)["schema"].(map[string]any)
	require.Contains(t, attrNames(schema), "weight")
	got := x.call("/entityType", "type_name", "pet", "remove_reserved", "true").ok(t)["schema"].(map[string]any)
	require.Equal(t, []string{"name", "tag", "visits", "weight"}, attrNames(got))

	// Constraints apply to stored data: tags A1 and a1 differ only in case, which is
	// fine for a case-sensitive unique and a violation once locally-unique visits clash.
	x.call("/entityType.setAttributeConstraints", "type_name", "pet", "attribute_name", "tag", "constraints", `["unique"]`).ok(t)
	x.call("/entity.create", "type_name", "pet", "attributes", `{"name":"Max","tag":"A1"}`).fails(t, http.StatusOK, codeUniqueViolation)
	x.call("/entityType.setAttributeConstraints", "type_name", "pet", "attribute_name", "visits.vet", "constraints", `["locally-unique"]`).
		fails(t, http.StatusOK, codeUniqueViolation)
	x.call("/entityType.setAttributeConstraints", "type_name", "pet", "attribute_name", "tag", "constraints", `["alphanumeric","unique"]`).ok(t)
	x.call("/entity.create", "type_name", "pet", "attributes", `{"name":"Max","tag":"B-2"}`).fails(t, http.StatusOK, codeConstraintViolation)
	x.call("/entityType.setAttributeConstraints", "type_name", "pet", "attribute_name", "tag", "constraints", `["sparkly"]`).fails(t, http.StatusOK, codeInvalidArgument)
	x.call("/entityType.setAttributeConstraints", "type_name", "pet", "attribute_name", "tag", "constraints", `[]`).ok(t)
	x.call("/entity.create", "type_name", "pet", "attributes", `{"name":"Max","tag":"A1"}`).ok(t)

	// Records stored before an object attribute existed sort and filter as null.
	x.call("/entityType.addAttribute", "type_name", "pet", "attr_def", `{"name":"owner","type":"object","attr_defs":[{"name":"name","type":"string"}]}`).ok(t)
	x.call("/entity.find", "type_name", "pet", "sort_on", `["owner.name"]`, "filter", "owner.name is null").ok(t)

	x.call("/entityType.removeAttribute", "type_name", "pet", "attribute_name", "/tag").ok(t)
	x.call("/entityType.removeAttribute", "type_name", "pet", "attribute_name", "created").fails(t, http.StatusOK, codeReservedAttribute)
	x.call("/entityType.removeAttribute", "type_name", "pet", "attribute_name", "tag").fails(t, http.StatusOK, codeUnknownAttribute)
	rec := x.call("/entity.find", "type_name", "pet").ok(t)["results"].([]any)[0].(map[string]any)
	require.NotContains(t, rec, "tag")
}

func TestRulesAndPasswordHistory(t *testing.T) {
	x := newHarness(t)
	added := x.call("/entityType.addRule", "type_name", "user", "attributes", `["givenName"]`, "description", "names are short",
		"definition", `{"and":["to-lower",{"max-length":5},{"match":"^[a-z]+$"}]}`).ok(t)["result"].(map[string]any)
	require.Equal(t, []any{"/givenName"}, added["attributes"])
	x.call("/entityType.addRule", "type_name", "user", "attributes", `["birthday"]`, "definition", `{"min-age":13}`).ok(t)
	x.call("/entityType.addRule", "type_name", "user", "attributes", `["displayName"]`, "definition", `{"default":"anonymous"}`).ok(t)
	x.call("/entityType.addRule", "type_name", "user", "attributes", `["birthday"]`, "definition", `{"match":"x"}`).fails(t, http.StatusOK, codeInvalidArgument)
	x.call("/entityType.addRule", "type_name", "user", "attributes", `["givenName"]`, "definition", `{"or":["to-lower"]}`).fails(t, http.StatusOK, codeInvalidArgument)
	require.Len(t, x.call("/entityType.rules", "type_name", "user").ok(t)["results"], 3)

	id := x.createUser(`{"email":"r@example.test","givenName":"ANNA"}`)
	rec := x.call("/entity", "type_name", "user", "uuid", id).ok(t)["result"].(map[string]any)
	require.Equal(t, "anna", rec["givenName"], "transformers run before validators")
	require.Equal(t, "anonymous", rec["displayName"])
	e := x.call("/entity.update", "type_name", "user", "uuid", id, "attributes", `{"givenName":"Alexandra"}`).fails(t, http.StatusOK, codeConstraintViolation)
	require.Equal(t, "givenName", e["attribute_name"])
	x.call("/entity.update", "type_name", "user", "uuid", id, "attributes", `{"birthday":"2020-01-01"}`).fails(t, http.StatusOK, codeConstraintViolation)
	x.call("/entity.update", "type_name", "user", "uuid", id, "attributes", `{"birthday":"2000-01-01"}`).ok(t)

	uuid := added["uuid"].(string)
	x.call("/entityType.removeRule", "type_name", "user", "uuid", uuid).ok(t)
	x.call("/entityType.removeRule", "type_name", "user", "uuid", uuid).fails(t, http.StatusOK, codeInvalidArgument)
	x.call("/entity.update", "type_name", "user", "uuid", id, "attributes", `{"givenName":"Alexandra"}`).ok(t)

	require.Equal(t, map[string]any{"historySize": 2.0},
		x.call("/entityType.setPasswordSettings", "type_name", "user", "settings", `{"historySize":2}`).ok(t)["settings"])
	x.call("/entityType.setPasswordSettings", "type_name", "user", "settings", `{"historySize":11}`).fails(t, http.StatusOK, codeInvalidArgument)
	set := func(pw string) reply {
		return x.call("/entity.update", "type_name", "user", "uuid", id, "attributes", `{"password":"`+pw+`"}`)
	}
	set("first-pass-1").ok(t)
	set("second-pass-2").ok(t)
	set("first-pass-1").fails(t, http.StatusOK, codeConstraintViolation)
	set("third-pass-3").ok(t)
	set("first-pass-1").ok(t) // out of the two-password history by now
	x.call("/entity", "type_name", "user", "uuid", id, "password_attribute", "password", "password_value", "first-pass-1").ok(t)
	x.call("/entity", "type_name", "user", "uuid", id, "password_attribute", "password", "password_value", "nope").fails(t, http.StatusOK, codeInvalidPasswordValue)
}

func TestAccessSchemasRestrictReadsAndWrites(t *testing.T) {
	x := newHarness(t)
	added := x.call("/clients/add", "description", "narrow", "features", `["direct_access"]`).ok(t)
	cid, secret := added["client_id"].(string), added["client_secret"].(string)
	as := func(path string, kv ...string) reply {
		f := pairs(kv...)
		f.Set("client_id", cid)
		f.Set("client_secret", secret)
		return x.send(path, f, nil)
	}
	x.call("/entityType.setAccessSchema", "type_name", "user", "for_client_id", cid, "access_type", "read",
		"attributes", `["email","primaryAddress.city"]`).ok(t)
	x.call("/entityType.setAccessSchema", "type_name", "user", "for_client_id", cid, "access_type", "write",
		"attributes", `["givenName"]`).ok(t)
	x.call("/entityType.setAccessSchema", "type_name", "user", "for_client_id", cid, "access_type", "write",
		"attributes", `["uuid"]`).fails(t, http.StatusOK, codeUnexpectedError)
	schema := x.call("/entityType.getAccessSchema", "type_name", "user", "for_client_id", cid, "access_type", "read").ok(t)["schema"].(map[string]any)
	require.Equal(t, []string{"id", "uuid", "created", "lastUpdated", "email", "primaryAddress"}, attrNames(schema))

	id := as("/entity.create", "type_name", "user", "attributes", `{"givenName":"Narrow"}`).ok(t)["uuid"].(string)
	as("/entity.update", "type_name", "user", "uuid", id, "attributes", `{"familyName":"No"}`).fails(t, http.StatusOK, codeUnknownAttribute)
	rec := as("/entity", "type_name", "user", "uuid", id).ok(t)["result"].(map[string]any)
	require.Equal(t, map[string]any{"city": nil}, rec["primaryAddress"])
	require.NotContains(t, rec, "givenName")
	require.Contains(t, rec, "uuid")
	as("/entity.count", "type_name", "user", "filter", "givenName = 'Narrow'").fails(t, http.StatusOK, codeInvalidArgument)

	require.Equal(t, "access schema was deleted.",
		x.call("/entityType.deleteAccessSchema", "type_name", "user", "for_client_id", cid, "access_type", "read").ok(t)["result"])
	rec = as("/entity", "type_name", "user", "uuid", id).ok(t)["result"].(map[string]any)
	require.Equal(t, "Narrow", rec["givenName"])
	x.call("/entityType.deleteAccessSchema", "type_name", "user", "for_client_id", cid, "access_type", "read").fails(t, http.StatusOK, codeInvalidArgument)
}
