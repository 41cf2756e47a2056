package logto

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestHasuraWebhookNamesTheUserAndTheExpectedRole(t *testing.T) {
	s := newUserSession(t, "openid")
	x := s.x
	x.created(s.admin, "/api/resources", `{"name":"hasura","indicator":"https://hasura.example.test"}`)
	role := x.created(s.admin, "/api/roles", `{"name":"editor","description":"edits"}`)
	require.Equal(t, http.StatusCreated, x.api(http.MethodPost, "/api/users/"+s.userID+"/roles", s.admin, `{"roleIds":["`+role+`"]}`).Code)

	// A JWT for the Hasura resource, exchanged from a subject token.
	app := x.created(s.admin, "/api/applications", `{"name":"gql","type":"Traditional","oidcClientMetadata":{"redirectUris":["https://app.example.test/cb"],"postLogoutRedirectUris":[]},"customClientMetadata":{"allowTokenExchange":true}}`)
	secret := decodeList(t, x.api(http.MethodGet, "/api/applications/"+app+"/secrets", s.admin, ""))[0].(map[string]any)["value"].(string)
	subject := decode(t, x.api(http.MethodPost, "/api/subject-tokens", s.admin, `{"userId":"`+s.userID+`"}`))["subjectToken"].(string)
	form := url.Values{"grant_type": {grantTokenExchange}, "subject_token": {subject},
		"subject_token_type": {tokenTypeAccessToken}, "resource": {"https://hasura.example.test"}}
	w := x.do(http.MethodPost, "/oidc/token", form.Encode(), "Content-Type", "application/x-www-form-urlencoded", "Authorization", basic(app, secret))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	jwt := decode(t, w)["access_token"].(string)

	hasura := func(query, role, tok string) *httpResult {
		h := []string{}
		if role != "" {
			h = append(h, "Expected-Role", role)
		}
		if tok != "" {
			h = append(h, "Authorization", "Bearer "+tok)
		}
		w := x.do(http.MethodGet, "/api/authn/hasura?"+query, "", h...)
		return &httpResult{code: w.Code, body: decode(t, w)}
	}
	r := hasura("resource=https://hasura.example.test", "editor", jwt)
	require.Equal(t, http.StatusOK, r.code)
	require.Equal(t, map[string]any{"X-Hasura-User-Id": s.userID, "X-Hasura-Role": "editor"}, r.body)

	r = hasura("resource=https://hasura.example.test", "admin", jwt)
	require.Equal(t, http.StatusUnauthorized, r.code)
	require.Equal(t, "auth.expected_role_not_found", r.body["code"])

	r = hasura("resource=https://hasura.example.test&unauthorizedRole=guest", "admin", jwt)
	require.Equal(t, map[string]any{"X-Hasura-User-Id": s.userID, "X-Hasura-Role": "guest"}, r.body)

	// The wrong resource: the user is still named, under the unauthorized role.
	r = hasura("resource=https://other.example.test&unauthorizedRole=guest", "editor", jwt)
	require.Equal(t, map[string]any{"X-Hasura-User-Id": s.userID, "X-Hasura-Role": "guest"}, r.body)

	r = hasura("resource=https://hasura.example.test", "", "")
	require.Equal(t, http.StatusOK, r.code)
	require.Empty(t, r.body, "no token and no role: an anonymous answer")
}

type httpResult struct {
	code int
	body map[string]any
}
