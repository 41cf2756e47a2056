package akamai

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestLegacyClients(t *testing.T) {
	x := newHarness(t)
	added := x.call("/clients/add", "description", "mobile app", "features", `["login_client"]`).ok(t)
	id := added["client_id"].(string)
	require.Len(t, id, 32)
	require.Equal(t, []any{"0.0.0.0/0"}, added["whitelist"])
	x.call("/clients/add", "description", "x", "features", `["root"]`).fails(t, http.StatusOK, codeInvalidArgument)

	list := x.call("/clients/list", "has_features", `["login_client"]`).ok(t)["results"].([]any)
	require.Len(t, list, 2)

	x.call("/clients/set_description", "for_client_id", id, "description", "renamed").ok(t)
	x.call("/clients/set_features", "for_client_id", id, "features", `["direct_read_access"]`).ok(t)
	list = x.call("/clients/list", "has_features", `["direct_read_access"]`).ok(t)["results"].([]any)
	require.Len(t, list, 1)
	require.Equal(t, "renamed", list[0].(map[string]any)["description"])

	old := added["client_secret"].(string)
	fresh := x.call("/clients/reset_secret", "for_client_id", id, "hours_to_live", "1").ok(t)["new_secret"].(string)
	as := func(secret string) reply {
		return x.send("/entity.count", pairs("type_name", "user", "client_id", id, "client_secret", secret), nil)
	}
	as(fresh).ok(t)
	as(old).ok(t) // within hours_to_live
	x.clock.Advance(61 * time.Minute)
	as(old).fails(t, http.StatusOK, codeInvalidClientCredentials)

	x.call("/clients/set_whitelist", "for_client_id", id, "whitelist", `["10.1.0.0/16"]`).ok(t)
	as(fresh).fails(t, http.StatusOK, codeClientPermissionError)
	x.call("/clients/clear_whitelist", "for_client_id", id).ok(t)
	as(fresh).ok(t)

	x.call("/clients/delete", "client_id_for_deletion", DefaultOwnerClientID).fails(t, http.StatusOK, codeInvalidArgument)
	x.call("/clients/delete", "client_id_for_deletion", id).ok(t)
	x.call("/clients/delete", "client_id_for_deletion", id).fails(t, http.StatusOK, codeInvalidArgument)
	as(fresh).fails(t, http.StatusOK, codeInvalidClientCredentials)
}

func TestSettingsFallBackFromClientToApp(t *testing.T) {
	x := newHarness(t)
	login := DefaultLoginClientID
	require.Equal(t, false, x.call("/settings/set_default", "key", "level", "value", "10").ok(t)["result"])
	require.Equal(t, true, x.call("/settings/set_default", "key", "level", "value", "11").ok(t)["result"])
	require.Equal(t, "11", x.call("/settings/get", "key", "level", "for_client_id", login).ok(t)["result"], "app value as fallback")
	require.Equal(t, false, x.call("/settings/set", "key", "level", "value", "3", "for_client_id", login).ok(t)["result"])
	require.Equal(t, "3", x.call("/settings/get", "key", "level", "for_client_id", login).ok(t)["result"])
	require.Equal(t, "11", x.call("/settings/get_default", "key", "level").ok(t)["result"])
	require.Nil(t, x.call("/settings/get", "key", "nothing").ok(t)["result"])

	require.Equal(t, map[string]any{"a": false, "b": false},
		x.call("/settings/set_multi", "for_client_id", login, "items", `{"a":"1","b":2}`).ok(t)["result"])
	x.call("/settings/set_default_multi", "items", `{"c":"app"}`).ok(t)
	got := x.call("/settings/get_multi", "for_client_id", login, "keys", `["a","b","c","zz"]`).ok(t)["result"]
	require.Equal(t, map[string]any{"a": "1", "b": "2", "c": "app", "zz": nil}, got)
	items := x.call("/settings/items", "for_client_id", login).ok(t)["result"].(map[string]any)
	require.Equal(t, "3", items["level"])
	require.Equal(t, "standard", items["default_flow_name"])
	keys := x.call("/settings/keys", "for_client_id", login).ok(t)["result"].([]any)
	require.Contains(t, keys, "c")

	require.Equal(t, true, x.call("/settings/delete", "key", "level", "for_client_id", login).ok(t)["result"])
	require.Equal(t, false, x.call("/settings/delete", "key", "level", "for_client_id", login).ok(t)["result"])
	require.Equal(t, "11", x.call("/settings/get", "key", "level", "for_client_id", login).ok(t)["result"])
	require.Equal(t, true, x.call("/settings/delete_default", "key", "level").ok(t)["result"])
	require.Nil(t, x.call("/settings/get", "key", "level", "for_client_id", login).ok(t)["result"])
	x.call("/settings/get", "key", "level", "for_client_id", "ghost").fails(t, http.StatusOK, codeInvalidArgument)
	x.call("/settings/set_multi", "items", `[1]`).fails(t, http.StatusOK, codeInvalidArgument)
}

func TestPublishedSettings(t *testing.T) {
	x := newHarness(t)
	login := DefaultLoginClientID
	x.call("/settings/widget/get", "for_client_id", login).fails(t, http.StatusOK, codeInvalidArgument)
	x.call("/settings/set_multi", "for_client_id", login, "items", `{"minimum_age":"13","secret_thing":"x","jump_publish_settings":"[\"minimum_age\"]"}`).ok(t)
	first := x.call("/settings/widget/publish", "for_client_id", login).ok(t)["result"].(map[string]any)
	require.Equal(t, 1.0, first["version"])
	require.Equal(t, map[string]any{"minimum_age": "13"}, first["settings"])
	x.call("/settings/set", "for_client_id", login, "key", "minimum_age", "value", "16").ok(t)
	x.call("/settings/widget/publish", "for_client_id", login).ok(t)

	latest := x.call("/settings/widget/get", "for_client_id", login).ok(t)["result"].(map[string]any)
	require.Equal(t, 2.0, latest["version"])
	require.Equal(t, "16", latest["settings"].(map[string]any)["minimum_age"])
	v1 := x.call("/settings/widget/get", "for_client_id", login, "version", "1").ok(t)["result"].(map[string]any)
	require.Equal(t, "13", v1["settings"].(map[string]any)["minimum_age"])
	files := x.call("/settings/widget/list").ok(t)["results"].([]any)
	require.Len(t, files, 4, "two versions, plus the JSON and JavaScript files pointing at the latest")

	x.call("/settings/widget/delete", "for_client_id", login, "version", "2").ok(t)
	x.call("/settings/widget/get", "for_client_id", login, "version", "2").fails(t, http.StatusOK, codeInvalidArgument)
	x.call("/settings/widget/delete", "for_client_id", login).ok(t)
	require.Empty(t, x.call("/settings/widget/list").ok(t)["results"])
	third := x.call("/settings/widget/publish", "for_client_id", login).ok(t)["result"].(map[string]any)
	require.Equal(t, 3.0, third["version"], "versions are never reused")
}
