package akamai

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestEntityCreateReadUpdateReplaceDelete(t *testing.T) {
	x := newHarness(t)
	id := x.createUser(`{"email":"ada@example.test","givenName":"Ada","primaryAddress":{"city":"London"},"statuses":[{"status":"new"}]}`)

	rec := x.call("/entity", "type_name", "user", "uuid", id).ok(t)["result"].(map[string]any)
	require.Equal(t, "Ada", rec["givenName"])
	require.Nil(t, rec["familyName"])
	require.Equal(t, "London", rec["primaryAddress"].(map[string]any)["city"])
	require.Nil(t, rec["primaryAddress"].(map[string]any)["zip"])
	statuses := rec["statuses"].([]any)
	require.Len(t, statuses, 1)
	require.NotNil(t, statuses[0].(map[string]any)["id"])
	require.Equal(t, "2026-03-01 12:00:00.000000 +0000", rec["created"])

	x.clock.Advance(90 * time.Second)
	x.call("/entity.update", "type_name", "user", "uuid", id,
		"attributes", `{"familyName":"Lovelace","statuses":[{"status":"active"}],"primaryAddress":{"zip":"N1"}}`).ok(t)
	rec = x.call("/entity", "type_name", "user", "key_attribute", "email", "key_value", `"ADA@example.test"`).ok(t)["result"].(map[string]any)
	require.Equal(t, "Ada", rec["givenName"], "update keeps what it does not mention")
	require.Equal(t, "Lovelace", rec["familyName"])
	require.Len(t, rec["statuses"], 2, "plural elements without an id are appended")
	require.Equal(t, "London", rec["primaryAddress"].(map[string]any)["city"], "objects merge")

	x.call("/entity.replace", "type_name", "user", "uuid", id, "attributes", `{"email":"ada@example.test","givenName":"Augusta"}`).ok(t)
	rec = x.call("/entity", "type_name", "user", "uuid", id).ok(t)["result"].(map[string]any)
	require.Nil(t, rec["familyName"], "replace nulls what it does not mention")
	require.Empty(t, rec["statuses"])

	x.call("/entity.delete", "type_name", "user", "uuid", id).ok(t)
	x.call("/entity", "type_name", "user", "uuid", id).fails(t, http.StatusOK, codeRecordNotFound)
	// The deleted record's unique email is free again.
	x.createUser(`{"email":"ada@example.test"}`)
}

func TestEntityErrors(t *testing.T) {
	x := newHarness(t)
	id := x.createUser(`{"email":"bob@example.test"}`)
	cases := []struct {
		name string
		kv   []string
		code int
		arg  string
	}{
		{"missing type", []string{"uuid", id}, codeMissingArgument, "type_name"},
		{"unknown type", []string{"type_name", "nope", "uuid", id}, codeUnknownEntityType, ""},
		{"two selectors", []string{"type_name", "user", "uuid", id, "id", "1"}, codeDuplicateArgument, ""},
		{"no selector", []string{"type_name", "user"}, codeMissingArgument, "uuid"},
		{"bad uuid", []string{"type_name", "user", "uuid", "x"}, codeInvalidArgument, "uuid"},
		{"bad id", []string{"type_name", "user", "id", "one"}, codeInvalidArgument, "id"},
		{"bad JSON", []string{"type_name", "user", "uuid", id, "attributes", "[x"}, codeInvalidArgument, "attributes"},
		{"unknown attribute", []string{"type_name", "user", "uuid", id, "attributes", `["nope"]`}, codeUnknownAttribute, ""},
		{"key not unique", []string{"type_name", "user", "key_attribute", "givenName", "key_value", `"x"`}, codeInvalidArgument, "key_attribute"},
		{"timestamp", []string{"type_name", "user", "uuid", id, "lastUpdated", "2001-01-01"}, codeTimestampMismatch, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := x.call("/entity", c.kv...).fails(t, http.StatusOK, c.code)
			if c.arg != "" {
				require.Equal(t, c.arg, body["argument_name"])
			}
		})
	}
}

func TestEntityWriteErrors(t *testing.T) {
	x := newHarness(t)
	id := x.createUser(`{"email":"carol@example.test"}`)
	cases := []struct {
		name  string
		attrs string
		code  int
	}{
		{"duplicate email", `{"email":"CAROL@example.test"}`, codeUniqueViolation},
		{"not an email", `{"email":"carol"}`, codeConstraintViolation},
		{"too long", `{"gender":"` + strings.Repeat("x", 101) + `"}`, codeLengthViolation},
		{"wrong JSON type", `{"givenName":5}`, codeInvalidJSONType},
		{"bad date", `{"birthday":"yesterweek"}`, codeInvalidDateTime},
		{"unknown attribute", `{"nope":1}`, codeUnknownAttribute},
		{"id in new record", `{"id":5}`, codeIDInNewRecord},
		{"reserved", `{"created":"2020-01-01"}`, codeReservedAttribute},
		{"plural id in new record", `{"statuses":[{"id":3,"status":"x"}]}`, codeIDInNewRecord},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x.call("/entity.create", "type_name", "user", "attributes", c.attrs).fails(t, http.StatusOK, c.code)
		})
	}
	x.call("/entity.update", "type_name", "user", "uuid", id, "attributes", `{"uuid":"x"}`).fails(t, http.StatusOK, codeReservedAttribute)
	x.call("/entity.update", "type_name", "user", "uuid", id, "attributes", `{"statuses":[{"id":999,"status":"x"}]}`).fails(t, http.StatusOK, codeRecordNotFound)
	rec := x.call("/entity", "type_name", "user", "uuid", id).ok(t)["result"].(map[string]any)
	require.Equal(t, "carol@example.test", rec["email"], "a refused write changes nothing")
}
