package logto

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/store"
)

// created posts a body and returns the new entity's id.
func (x *harness) created(token, path, body string) string {
	x.tb.Helper()
	w := x.api(http.MethodPost, path, token, body)
	require.Contains(x.tb, []int{http.StatusOK, http.StatusCreated}, w.Code, w.Body.String())
	return decode(x.tb, w)["id"].(string)
}

// count is the number of documents in a collection of the default tenant.
func count[T any](t *testing.T, x *harness, coll store.Collection[T]) int {
	t.Helper()
	n := 0
	require.NoError(t, x.h.deps.Store.View(func(tx *store.Tx) error {
		return coll.Each(tx, "default", func(string, T) bool { n++; return true })
	}))
	return n
}

// TestDeletingEntitiesCascadesAsLogtosForeignKeys: deleting a user, an application, an
// organization role or an organization removes every link that named it.
func TestDeletingEntitiesCascadesAsLogtosForeignKeys(t *testing.T) {
	x := newHarness(t)
	tok := x.managementToken()
	org := x.created(tok, "/api/organizations", `{"name":"Acme"}`)
	userRole := x.created(tok, "/api/organization-roles", `{"name":"member"}`)
	appRole := x.created(tok, "/api/organization-roles", `{"name":"robot","type":"MachineToMachine"}`)
	uid := x.created(tok, "/api/users", `{"username":"ada","primaryEmail":"ada@example.test"}`)
	app := x.created(tok, "/api/applications", `{"name":"bot","type":"MachineToMachine"}`)

	for _, call := range []struct{ path, body string }{
		{"/api/organizations/" + org + "/users", `{"userIds":["` + uid + `"]}`},
		{"/api/organizations/" + org + "/applications", `{"applicationIds":["` + app + `"]}`},
		{"/api/organizations/" + org + "/users/" + uid + "/roles", `{"organizationRoleIds":["` + userRole + `"]}`},
		{"/api/organizations/" + org + "/applications/" + app + "/roles", `{"organizationRoleIds":["` + appRole + `"]}`},
		{"/api/organizations/" + org + "/jit/roles", `{"organizationRoleIds":["` + userRole + `"]}`},
		{"/api/organization-invitations", `{"invitee":"bob@example.test","organizationId":"` + org + `","expiresAt":4102444800000,"organizationRoleIds":["` + userRole + `"]}`},
	} {
		w := x.api(http.MethodPost, call.path, tok, call.body)
		require.Equal(t, http.StatusCreated, w.Code, "%s: %s", call.path, w.Body.String())
	}
	require.Equal(t, 1, count(t, x, orgUserRoles))
	require.Equal(t, 1, count(t, x, orgAppRoles))

	// A user role cannot go to an application, nor a machine-to-machine role to a user.
	w := x.api(http.MethodPost, "/api/organizations/"+org+"/users/"+uid+"/roles", tok, `{"organizationRoleIds":["`+appRole+`"]}`)
	require.Equal(t, http.StatusUnprocessableEntity, w.Code)
	require.Equal(t, "entity.db_constraint_violated", decode(t, w)["code"])

	require.Equal(t, http.StatusNoContent, x.api(http.MethodDelete, "/api/users/"+uid, tok, "").Code)
	require.Equal(t, 0, count(t, x, orgUserRoles))
	require.Equal(t, http.StatusNoContent, x.api(http.MethodDelete, "/api/applications/"+app, tok, "").Code)
	require.Equal(t, 0, count(t, x, orgAppRoles))
	require.Equal(t, 0, count(t, x, orgUsers)+count(t, x, orgApps))

	require.Equal(t, http.StatusNoContent, x.api(http.MethodDelete, "/api/organization-roles/"+userRole, tok, "").Code)
	require.Equal(t, 0, count(t, x, orgJitRoles))
	w = x.api(http.MethodGet, "/api/organization-invitations", tok, "")
	require.Empty(t, decodeList(t, w)[0].(map[string]any)["organizationRoles"], "the invitation forgot the deleted role")

	require.Equal(t, http.StatusNoContent, x.api(http.MethodDelete, "/api/organizations/"+org, tok, "").Code)
	require.Equal(t, 0, count(t, x, orgInvitations))
}

// TestOrganizationListShowsFeaturedMembersOnRequest: showFeatured adds the member count
// and the first three members; pages carry Logto's headers.
func TestOrganizationListShowsFeaturedMembersOnRequest(t *testing.T) {
	x := newHarness(t)
	tok := x.managementToken()
	org := x.created(tok, "/api/organizations", `{"name":"Acme"}`)
	x.created(tok, "/api/organizations", `{"name":"Other"}`)
	var ids []string
	for _, name := range []string{"anna", "bert", "carl", "dora"} {
		ids = append(ids, x.created(tok, "/api/users", `{"username":"`+name+`"}`))
	}
	w := x.api(http.MethodPost, "/api/organizations/"+org+"/users", tok, jsonBody(map[string]any{"userIds": ids}))
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	require.Len(t, decode(t, w)["userIds"], 4)

	w = x.api(http.MethodGet, "/api/organizations?showFeatured=true&page_size=1", tok, "")
	require.Equal(t, http.StatusOK, w.Code)
	require.Equal(t, "2", w.Header().Get("Total-Number"))
	first := decodeList(t, w)[0].(map[string]any)
	require.Equal(t, "Acme", first["name"])
	require.EqualValues(t, 4, first["usersCount"])
	require.Len(t, first["featuredUsers"], 3)

	w = x.api(http.MethodGet, "/api/organizations", tok, "")
	require.NotContains(t, decodeList(t, w)[0].(map[string]any), "usersCount")

	w = x.api(http.MethodGet, "/api/organizations/"+org+"/users?q=carl", tok, "")
	require.Len(t, decodeList(t, w), 1)
}
