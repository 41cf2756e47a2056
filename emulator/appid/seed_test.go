package appid

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/fixtures"
)

// TestExampleFixtureSeedsEverything: the example fixture's API keys, applications,
// users, settings, templates and roles all take effect, and seeding it twice changes
// nothing (an upsert).
func TestExampleFixtureSeedsEverything(t *testing.T) {
	x := newHarness(t)
	doc, err := fixtures.Load("../../fixtures/appid-example.yaml")
	require.NoError(t, err)
	require.NoError(t, x.h.Seed(doc))
	require.NoError(t, x.h.Seed(doc))

	tok := x.iamToken("ci-appid-apikey")
	w := x.json(http.MethodGet, mgmt+"/config/tokens", tok, "")
	require.EqualValues(t, 900, decode(t, w.Body)["access"].(map[string]any)["expires_in"])
	w = x.json(http.MethodGet, mgmt+"/config/cloud_directory/templates/WELCOME/fr", tok, "")
	require.Equal(t, "Bienvenue", decode(t, w.Body)["subject"])
	w = x.json(http.MethodGet, mgmt+"/roles", tok, "")
	require.Len(t, decode(t, w.Body)["roles"], 1)
	w = x.json(http.MethodGet, mgmt+"/cloud_directory/Users?query=alice@example.test", tok, "")
	require.EqualValues(t, 1, decode(t, w.Body)["totalResults"])
	w = x.json(http.MethodGet, mgmt+"/applications/shop-spa", tok, "")
	require.Nil(t, decode(t, w.Body)["secret"])

	r := x.passwordGrant("alice@example.test", "Alice-password-1")
	require.Equal(t, http.StatusOK, r.code, r.body)
	require.NotEmpty(t, r.body["refresh_token"])

	acme := "6f2c1a9e-0d4b-4b8e-9a51-3c7e2f8d1b20"
	require.Equal(t, http.StatusForbidden, x.json(http.MethodGet, "/management/v4/"+acme+"/applications", tok, "").Code,
		"an API key has a role only on its own tenant")
	require.Equal(t, http.StatusOK, x.json(http.MethodGet, "/management/v4/"+acme+"/applications", x.iamToken("acme-appid-reader-apikey"), "").Code)

	info, err := x.h.Info("http://idemu.test")
	require.NoError(t, err)
	var def platform.TenantInfo
	for _, ti := range info {
		if ti.ID == DefaultTenant {
			def = ti
		}
	}
	require.Equal(t, DefaultTenant, def.Clients[0].ID, "the first client is what the suite's --client-id means: the tenant")
	require.Equal(t, DefaultAPIKey, def.Clients[0].Secret, "and a Manager API key")
	require.Equal(t, 2, def.UserCount)
}

func TestSeedRefusesWhatCannotWork(t *testing.T) {
	x := newHarness(t)
	for _, tc := range []struct {
		name   string
		tenant fixtures.Tenant
	}{
		{"an unknown role", fixtures.Tenant{ID: "t1", Clients: []fixtures.Client{{ID: "k", Secret: "s", Attributes: map[string]any{"kind": "apikey", "role": "Owner"}}}}},
		{"an unknown kind", fixtures.Tenant{ID: "t2", Clients: []fixtures.Client{{ID: "k", Secret: "s", Attributes: map[string]any{"kind": "robot"}}}}},
		{"a user without email", fixtures.Tenant{ID: "t3", Users: []fixtures.User{{Username: "nomail", Password: "x"}}}},
		{"an unknown setting", fixtures.Tenant{ID: "t4", Settings: map[string]any{"colour": "red"}}},
		{"a config that breaks its schema", fixtures.Tenant{ID: "t5", Settings: map[string]any{"config": map[string]any{"tokens": map[string]any{"access": map[string]any{"expires_in": "soon"}}}}}},
		{"an unknown template", fixtures.Tenant{ID: "t6", Settings: map[string]any{"templates": map[string]any{"GOODBYE": map[string]any{}}}}},
	} {
		err := x.h.Seed(&fixtures.Document{Provider: "appid", Tenants: []fixtures.Tenant{tc.tenant}})
		var se *platform.SeedError
		require.ErrorAs(t, err, &se, tc.name)
	}
}
