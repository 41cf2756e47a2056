package akamai

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// owner sends a JSON call with the owner client's HTTP Basic credentials.
func (x *harness) owner(method, path string, body any) reply {
	x.tb.Helper()
	return x.basicJSON(method, path, DefaultOwnerClientID, DefaultOwnerClientSecret, body)
}

func TestConfigurationAPIAuthentication(t *testing.T) {
	x := newHarness(t)
	x.jsonCall(http.MethodGet, "/config/default/clients", "", nil).hostError(t, http.StatusUnauthorized)
	x.basicJSON(http.MethodGet, "/config/default/clients", DefaultOwnerClientID, "wrong", nil).hostError(t, http.StatusUnauthorized)
	x.basicJSON(http.MethodGet, "/config/default/clients", DefaultLoginClientID, DefaultLoginClientSecret, nil).hostError(t, http.StatusForbidden)
	x.owner(http.MethodGet, "/config/nowhere/clients", nil).hostError(t, http.StatusNotFound)
	x.owner(http.MethodGet, "/config/default/nothing", nil).hostError(t, http.StatusNotFound)
	x.owner(http.MethodPost, "/config/default/clients", map[string]any{"name": "x", "features": []string{"root"}}).hostError(t, http.StatusBadRequest)
}

// TestConfigurationClientsAreCaptureClients: the Configuration API and the legacy clients
// API manage the same clients.
func TestConfigurationClientsAreCaptureClients(t *testing.T) {
	x := newHarness(t)
	created := x.owner(http.MethodPost, "/config/default/clients", map[string]any{"name": "reader",
		"features": []string{"direct_read_access"}, "ipWhitelist": []string{"10.0.0.0/8"}}).is(t, http.StatusCreated)
	id := created.body["_id"].(string)
	require.Equal(t, "/config/default/clients/"+id, created.body["_self"])
	listed := x.call("/clients/list", "has_features", `["direct_read_access"]`).ok(t)["results"].([]any)
	require.Len(t, listed, 1)
	require.Equal(t, "reader", listed[0].(map[string]any)["description"])

	updated := x.owner(http.MethodPut, "/config/default/clients/"+id, map[string]any{"name": "renamed", "ipWhitelist": []string{"nope"}})
	updated.hostError(t, http.StatusBadRequest)
	updated = x.owner(http.MethodPut, "/config/default/clients/"+id, map[string]any{"name": "renamed"}).is(t, http.StatusOK)
	require.Equal(t, []any{"10.0.0.0/8"}, updated.body["ipWhitelist"], "what the body leaves out stays")

	old := created.body["_secret"].(string)
	reset := x.owner(http.MethodPost, "/config/default/clients/"+id+"/secret", map[string]any{"hours_to_live": 1}).is(t, http.StatusOK)
	require.NotEqual(t, old, reset.body["_secret"])
	x.basicJSON(http.MethodGet, "/config/default/entityTypes", id, old, nil).is(t, http.StatusOK)

	x.owner(http.MethodDelete, "/config/default/clients/"+DefaultOwnerClientID, nil).hostError(t, http.StatusBadRequest)
	x.owner(http.MethodDelete, "/config/default/clients/"+id, nil).is(t, http.StatusNoContent)
	x.owner(http.MethodGet, "/config/default/clients/"+id, nil).hostError(t, http.StatusNotFound)
}

func TestConfigurationSettings(t *testing.T) {
	x := newHarness(t)
	x.owner(http.MethodPut, "/config/default/settings", map[string]any{"customer_id": "x"}).hostError(t, http.StatusBadRequest)
	x.owner(http.MethodPut, "/config/default/settings", map[string]any{"recover_code_lifetime": "soon"}).hostError(t, http.StatusBadRequest)
	got := x.owner(http.MethodPut, "/config/default/settings", map[string]any{"recover_code_lifetime": 600, "my_custom": true}).is(t, http.StatusOK)
	require.Equal(t, "600", got.body["global"].(map[string]any)["recover_code_lifetime"])
	require.Equal(t, "true", got.body["custom"].(map[string]any)["my_custom"])
	require.Equal(t, "600", x.call("/settings/get_default", "key", "recover_code_lifetime").ok(t)["result"])

	x.owner(http.MethodPut, "/config/default/clients/"+DefaultLoginClientID+"/settings", map[string]any{"customer_id": "x"}).
		hostError(t, http.StatusBadRequest)
	cs := x.owner(http.MethodPut, "/config/default/clients/"+DefaultLoginClientID+"/settings",
		map[string]any{"verify_email_url": "https://app.test/verify", "default_flow_version": nil}).is(t, http.StatusOK)
	require.Equal(t, "https://app.test/verify", cs.body["client"].(map[string]any)["verify_email_url"])
	require.NotContains(t, cs.body["client"], "default_flow_version")
	require.Equal(t, "600", cs.body["global"].(map[string]any)["recover_code_lifetime"])

	all := x.owner(http.MethodGet, "/config/default/settings?include_clients=true", nil).is(t, http.StatusOK)
	require.Equal(t, "https://app.test/verify", all.body["clients"].(map[string]any)[DefaultLoginClientID].(map[string]any)["verify_email_url"])
	options := x.owner(http.MethodGet, "/config/default/settings/options", nil).is(t, http.StatusOK)
	require.NotEmpty(t, options.val)
}

func TestConfigurationEntityTypes(t *testing.T) {
	x := newHarness(t)
	list := x.owner(http.MethodGet, "/config/default/entityTypes", nil).is(t, http.StatusOK)
	require.Equal(t, []any{map[string]any{"_self": "/config/default/entityTypes/user", "name": "user"}}, list.val)
	et := x.owner(http.MethodGet, "/config/default/entityTypes/user", nil).is(t, http.StatusOK)
	require.Equal(t, "user", et.body["name"])
	city := x.owner(http.MethodGet, "/config/default/entityTypes/user/attributes/primaryAddress.city", nil).is(t, http.StatusOK)
	require.Equal(t, "string", city.body["type"])
	require.Equal(t, "/config/default/entityTypes/user/attributes/primaryAddress.city", city.body["_self"])
	x.owner(http.MethodGet, "/config/default/entityTypes/user/attributes/nothing", nil).hostError(t, http.StatusNotFound)
	x.owner(http.MethodGet, "/config/default/entityTypes/ghost", nil).hostError(t, http.StatusNotFound)
	// A direct_read_access client reads entity types, but not clients.
	reader := x.call("/clients/add", "description", "reader", "features", `["direct_read_access"]`).ok(t)
	id, secret := reader["client_id"].(string), reader["client_secret"].(string)
	x.basicJSON(http.MethodGet, "/config/default/entityTypes/user/attributes", id, secret, nil).is(t, http.StatusOK)
	x.basicJSON(http.MethodGet, "/config/default/clients", id, secret, nil).hostError(t, http.StatusForbidden)
}
