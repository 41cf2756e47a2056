package logto

import (
	"net/http"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/fixtures"
)

func TestInfoListsTheSeededM2MApplicationFirst(t *testing.T) {
	x := newHarness(t)
	info, err := x.h.Info("http://127.0.0.1:4701")
	require.NoError(t, err)
	require.Len(t, info, 1)
	require.Equal(t, "default", info[0].ID)
	require.Equal(t, "http://127.0.0.1:4701/oidc/token", info[0].TokenURL)
	require.Equal(t, DefaultClientID, info[0].Clients[0].ID)
	require.Equal(t, DefaultClientSecret, info[0].Clients[0].Secret)
	require.Regexp(t, `^[0-9a-z]{21}$`, DefaultClientID)
	require.Regexp(t, `^[0-9A-Za-z]{32}$`, DefaultClientSecret)
	require.Empty(t, info[0].Users, "a fresh Logto has no users")
}

// TestExampleFixtureSeedsUsersRolesSessionsAndOrganizations loads the example fixture
// and reads everything it seeds back through the API; seeding it twice changes nothing.
func TestExampleFixtureSeedsUsersRolesSessionsAndOrganizations(t *testing.T) {
	doc, err := fixtures.Load("../../fixtures/logto-example.yaml")
	require.NoError(t, err)
	x := newHarness(t)
	require.NoError(t, x.h.Seed(doc))
	require.NoError(t, x.h.Seed(doc))
	admin := x.managementToken()

	w := x.api(http.MethodGet, "/api/users?search.username=alice", admin, "")
	require.Equal(t, http.StatusOK, w.Code)
	list := decodeList(t, w)
	require.Len(t, list, 1)
	alice := list[0].(map[string]any)
	id := alice["id"].(string)
	require.Equal(t, "15550100002", alice["primaryPhone"])
	require.Equal(t, "gold", alice["customData"].(map[string]any)["tier"])

	w = x.api(http.MethodPost, "/api/users/"+id+"/password/verify", admin, `{"password":"Alice-password-1"}`)
	require.Equal(t, http.StatusNoContent, w.Code, w.Body.String())

	w = x.api(http.MethodGet, "/api/users/"+id+"/sessions", admin, "")
	sessions := decode(t, w)["sessions"].([]any)
	require.Len(t, sessions, 1)
	sid := sessions[0].(map[string]any)["payload"].(map[string]any)["jti"].(string)
	w = x.api(http.MethodGet, "/api/users/"+id+"/grants", admin, "")
	require.Len(t, decode(t, w)["grants"], 1)
	w = x.api(http.MethodGet, "/api/users/"+id+"/sessions/"+sid, admin, "")
	require.Equal(t, http.StatusOK, w.Code)
	w = x.api(http.MethodDelete, "/api/users/"+id+"/sessions/"+sid+"?revokeGrantsTarget=all", admin, "")
	require.Equal(t, http.StatusNoContent, w.Code)
	w = x.api(http.MethodGet, "/api/users/"+id+"/grants", admin, "")
	require.Len(t, decode(t, w)["grants"], 0, "the session's grant went with it")
	w = x.api(http.MethodGet, "/api/users/"+id+"/sessions/"+sid, admin, "")
	require.Equal(t, http.StatusNotFound, w.Code)
	require.Equal(t, "oidc.session_not_found", decode(t, w)["code"])

	w = x.api(http.MethodGet, "/api/users/"+id+"/organizations", admin, "")
	orgs := decodeList(t, w)
	require.Len(t, orgs, 1)
	require.Equal(t, "Acme", orgs[0].(map[string]any)["name"])
	require.Equal(t, "admin", orgs[0].(map[string]any)["organizationRoles"].([]any)[0].(map[string]any)["name"])
	orgID := orgs[0].(map[string]any)["id"].(string)
	require.Regexp(t, `^[0-9a-z]{12}$`, orgID)
	w = x.api(http.MethodGet, "/api/organizations/"+orgID+"/users/"+id+"/scopes", admin, "")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.Len(t, decodeList(t, w), 2)
	w = x.api(http.MethodGet, "/api/organizations/"+orgID+"/applications", admin, "")
	apps := decodeList(t, w)
	require.Len(t, apps, 1)
	require.Equal(t, "robot", apps[0].(map[string]any)["organizationRoles"].([]any)[0].(map[string]any)["name"])

	w = x.api(http.MethodGet, "/api/users/"+id+"/sso-identities/okta", admin, "")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.Equal(t, "alice@acme.test", decode(t, w)["ssoIdentity"].(map[string]any)["identityId"])

	info, err := x.h.Info("http://127.0.0.1:4701")
	require.NoError(t, err)
	require.Equal(t, "alice", info[0].Users[0].Username)
	require.Equal(t, 1, info[0].UserCount)
}

func TestSeedErrorsNameTheProblem(t *testing.T) {
	x := newHarness(t)
	err := x.h.Seed(&fixtures.Document{Provider: "logto", Tenants: []fixtures.Tenant{{ID: "default",
		Users: []fixtures.User{{Username: "bob", Attributes: map[string]any{"nickname": "b"}}}}}})
	require.ErrorContains(t, err, `unknown attribute "nickname"`)
	err = x.h.Seed(&fixtures.Document{Provider: "logto", Tenants: []fixtures.Tenant{{ID: "default",
		Clients: []fixtures.Client{{ID: "a-client-id-longer-than-twenty-one", Secret: "s"}}}}})
	require.ErrorContains(t, err, "at most 21 characters")
	err = x.h.Seed(&fixtures.Document{Provider: "logto", Tenants: []fixtures.Tenant{{ID: "default",
		Settings: map[string]any{"colour": "blue"}}}})
	require.ErrorContains(t, err, `unknown setting "colour"`)
}

func TestExampleFixtureExists(t *testing.T) {
	_, err := os.Stat("../../fixtures/logto-example.yaml")
	require.NoError(t, err)
}
