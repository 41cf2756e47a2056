package akamai

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestParseFilter(t *testing.T) {
	cases := []struct {
		in, want string
	}{
		{"gender='male'", "gender = 'male'"},
		{"birthday is not null", "birthday is not null"},
		{"birthday IS NULL", "birthday is null"},
		{"a = 1 and b = 2 or c = 3", "((a = 1 and b = 2) or c = 3)"},
		{"a = 1 or b = 2 and c = 3", "(a = 1 or (b = 2 and c = 3))"},
		{"a = 1 and (b = 2 or c = 3)", "(a = 1 and (b = 2 or c = 3))"},
		{"not a = 1 and b = 2", "(not a = 1 and b = 2)"},
		{"!a = 1 or !(b = 2)", "(not a = 1 or not b = 2)"},
		{"not not a is null", "not not a is null"},
		{"25 < age", "age > 25"},
		{"'x' = name", "name = 'x'"},
		{"name = 'O''Brien'", "name = 'O''Brien'"},
		{"id >= 1000 AND lastUpdated >= '2016-01-01'", "(id >= 1000 and lastUpdated >= '2016-01-01')"},
		{"primaryAddress.city != 'Paris'", "primaryAddress.city != 'Paris'"},
		{"flag = true", "flag = true"},
		{"n = -2.5", "n = -2.5"},
		{"  ( ( a<=1 ) )  ", "a <= 1"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			e, err := parseFilter(c.in)
			require.NoError(t, err)
			require.Equal(t, c.want, e.String())
		})
	}
}

func TestParseFilterErrors(t *testing.T) {
	cases := []struct {
		in, want string
		removed  bool
	}{
		{"", "the filter is empty", false},
		{"gender =", "expected a value after = but found the end of the filter at position 9", false},
		{"gender 'male'", `expected a comparison operator after gender but found 'male' at position 8`, false},
		{"gender = 'male", "unterminated string at position 10", false},
		{"(a = 1", "expected ) but found the end of the filter at position 7", false},
		{"a = 1)", `unexpected ")" at position 6`, false},
		{"a = 1 b = 2", `unexpected "b" at position 7`, false},
		{"a is 1", "expected null after is but found \"1\" at position 6", false},
		{"a = null", "compare with null using is null or is not null at position 5", false},
		{"a ~ 1", `unexpected character '~' at position 3`, false},
		{"and", `expected a condition but found "and" at position 1`, false},
		{"email contains 'x'", "the contains operator has been removed", true},
		{"1 = 2", `expected an attribute name but found "2" at position 5`, false},
		{"a = 1.2.3", `"1.2.3" is not a number at position 5`, false},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			_, err := parseFilter(c.in)
			var fe *filterError
			require.True(t, errors.As(err, &fe), "%v", err)
			require.Equal(t, c.want, fe.msg)
			require.Equal(t, c.removed, fe.removed)
		})
	}
}

// FuzzParseFilter: the parser never panics, and what it prints parses back to itself.
func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{"a = 1", "not (a is null or b != 'x''y')", "a>=-1 and !b<2", "'x' = y", "((", "a = '"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		e, err := parseFilter(src)
		if err != nil {
			return
		}
		again, err := parseFilter(e.String())
		if err != nil {
			t.Fatalf("%q printed as %q, which does not parse: %v", src, e.String(), err)
		}
		if again.String() != e.String() {
			t.Fatalf("%q printed as %q, which prints as %q", src, e.String(), again.String())
		}
		// Binding and evaluating a random filter must not panic either.
		if match, err := bindFilter(e, standardUserType(), nil, time.Time{}); err == nil {
			match(map[string]any{"email": "a@b.test", "birthday": "2000-01-01", "profiles": []any{map[string]any{"id": 1.0, "domain": "x"}}})
		}
	})
}

func TestFindAndCount(t *testing.T) {
	x := newHarness(t)
	x.createUser(`{"email":"a1@example.test","givenName":"Ann","birthday":"1990-05-01","profiles":[{"domain":"google.com","identifier":"g1"}]}`)
	x.createUser(`{"email":"a2@example.test","givenName":"bob","birthday":"1980-01-01"}`)
	x.createUser(`{"email":"a3@example.test","givenName":"Cid"}`)

	count := func(filter string) float64 {
		return x.call("/entity.count", "type_name", "user", "filter", filter).ok(t)["total_count"].(float64)
	}
	require.Equal(t, 4.0, x.call("/entity.count", "type_name", "user").ok(t)["total_count"], "three and the seeded demo user")
	require.Equal(t, 2.0, count("birthday is not null"))
	require.Equal(t, 1.0, count("birthday > '1985-01-01'"))
	require.Equal(t, 1.0, count("email = 'A2@EXAMPLE.test'"), "email is not case-sensitive")
	require.Equal(t, 0.0, count("givenName = 'BOB'"), "givenName is")
	require.Equal(t, 1.0, count("profiles.domain = 'google.com'"))
	require.Equal(t, 3.0, count("profiles is null"))
	require.Equal(t, 2.0, count("not birthday is null and (givenName = 'Ann' or givenName = 'bob')"))
	require.Equal(t, 4.0, count("id > 0"))

	body := x.call("/entity.find", "type_name", "user", "filter", "email != 'demo@example.test'",
		"sort_on", `["-givenName"]`, "attributes", `["givenName","primaryAddress.city"]`,
		"max_results", "2", "first_result", "1", "show_total_count", "true").ok(t)
	require.Equal(t, 2.0, body["result_count"])
	require.Equal(t, 3.0, body["total_count"])
	results := body["results"].([]any)
	require.Equal(t, map[string]any{"givenName": "bob", "primaryAddress": map[string]any{"city": nil}}, results[0])
	require.Equal(t, "Cid", results[1].(map[string]any)["givenName"])

	body = x.call("/entity.find", "type_name", "user", "sort_on", `["id"]`, "first_result", "4").ok(t)
	require.Equal(t, 1.0, body["result_count"])

	e := x.call("/entity.find", "type_name", "user", "filter", "nope = 1").fails(t, http.StatusOK, codeInvalidArgument)
	require.Equal(t, "filter", e["argument_name"])
	require.Equal(t, "filter was not valid for the following reason: Unknown attribute (nope)", e["error_description"])
	x.call("/entity.count", "type_name", "user", "filter", "email contains 'x'").fails(t, http.StatusOK, codeRemovedFilterOperator)
	x.call("/entity.count", "type_name", "user", "filter", "birthday > 5").fails(t, http.StatusOK, codeInvalidArgument)
	x.call("/entity.find", "type_name", "user", "max_results", "10001").fails(t, http.StatusOK, codeInvalidArgument)
	x.call("/entity.find", "type_name", "user", "sort_on", `["profiles"]`).fails(t, http.StatusOK, codeInvalidArgument)
}
