package logto

import (
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
)

func match(t *testing.T, query string, value string) bool {
	t.Helper()
	q, err := url.ParseQuery(query)
	require.NoError(t, err)
	s, err := parseSearch(q, []string{"name", "id"})
	require.NoError(t, err)
	ok, err := s.matches([]string{"name", "id"}, func(f string) *string {
		if f == "name" {
			return &value
		}
		return nil
	})
	require.NoError(t, err)
	return ok
}

func TestSearchModes(t *testing.T) {
	require.True(t, match(t, "search=%25lic%25", "Alice"), "like is ILIKE by default")
	require.False(t, match(t, "search=lic", "Alice"), "like without % is whole-value")
	require.False(t, match(t, "search=%25lic%25&isCaseSensitive=true", "ALICE"))
	require.True(t, match(t, "search.name=alice&mode.name=exact", "Alice"))
	require.True(t, match(t, "search.name=bob&search.name=alice&mode.name=exact", "alice"), "exact takes several values")
	require.True(t, match(t, "search.name=^al&mode=posix", "Alice"))
	require.True(t, match(t, "search.name=Al(i|a)%25&mode=similar_to&isCaseSensitive=true", "Alice"))
	require.False(t, match(t, "search.name=x&search.id=y&joint=and", "x"), "and needs every field to match")
	require.True(t, match(t, "search.name=x&search.id=y", "x"), "or is the default joint")
}

func TestSearchErrorsAreRequestInvalidInput(t *testing.T) {
	for _, q := range []string{"search.nope=x", "search.a.b=x", "search=", "mode=fuzzy&search=x", "joint=xor",
		"search.name=a&search.name=b", "search.name=a&mode.name=similar_to"} {
		v, _ := url.ParseQuery(q)
		_, err := parseSearch(v, []string{"name"})
		require.Error(t, err, q)
		require.Equal(t, "request.invalid_input", err.(*apiError).Code, q)
	}
}

func TestPageLinksKeepTheQueryAndLeaveOutAPI(t *testing.T) {
	r := httptest.NewRequest("GET", "http://127.0.0.1:3001/api/users?search=%25alice%25&page=2&page_size=1", nil)
	require.Equal(t, "http://127.0.0.1:3001/users?search=%25alice%25&page=3&page_size=1", pageURL(r, 3))
	r = httptest.NewRequest("GET", "http://127.0.0.1:3001/api/users", nil)
	require.Equal(t, "http://127.0.0.1:3001/users?page=1", pageURL(r, 1))
}

func TestPagination(t *testing.T) {
	for _, q := range []string{"page=0", "page=x", "page_size=0", "page_size=101", "page=-1"} {
		v, _ := url.ParseQuery(q)
		_, err := pagination(v, false)
		require.Error(t, err, q)
	}
	p, err := pagination(url.Values{}, true)
	require.NoError(t, err)
	require.True(t, p.Disabled)
	p, err = pagination(url.Values{}, false)
	require.NoError(t, err)
	require.Equal(t, page{Page: 1, Size: 20}, p)
}

func TestSyntaxMessagesAreV8s(t *testing.T) {
	require.Equal(t, "Expected property name or '}' in JSON at position 1 (line 1 column 2)", syntaxMessage([]byte("{bad json")))
	require.Equal(t, "Unexpected end of JSON input", syntaxMessage([]byte(`{"a":`)))
	require.Equal(t, "Expected ',' or '}' after property value in JSON at position 7 (line 1 column 8)", syntaxMessage([]byte(`{"a":1 "b":2}`)))
	require.Equal(t, "Expected double-quoted property name in JSON at position 7 (line 1 column 8)", syntaxMessage([]byte(`{"a":1,}`)))
}

func TestJSONBOrdersKeysByLengthThenBytes(t *testing.T) {
	require.Equal(t, `{"b":1,"aa":{"y":2,"x1":3},"ab":[1,"x"]}`, string(jsonb([]byte(`{"ab":[1,"x"],"aa":{"x1":3,"y":2},"b":1}`))))
	require.Equal(t, `{"a":1,"b":2}`, string(mergeJSONB([]byte(`{"a":0,"b":2}`), []byte(`{"a":1}`))))
}
