package logto

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestJwtCustomizersAreStoredPerTokenType(t *testing.T) {
	x := newHarness(t)
	tok := x.managementToken()
	const path = "/api/configs/jwt-customizer/access-token"
	w := x.api(http.MethodGet, path, tok, "")
	require.Equal(t, http.StatusNotFound, w.Code)
	require.Equal(t, "The logto_config with ID `jwt.accessToken` does not exist.", decode(t, w)["message"])
	require.Equal(t, http.StatusNotFound, x.api(http.MethodPatch, path, tok, `{"script":"x"}`).Code)

	w = x.api(http.MethodPut, path, tok, `{"environmentVariables":{"A":1},"extra":true}`)
	require.Equal(t, http.StatusBadRequest, w.Code)
	issues := decode(t, w)["data"].(map[string]any)["issues"].([]any)
	require.Len(t, issues, 3)
	require.Equal(t, "Required", issues[0].(map[string]any)["message"])
	require.Equal(t, []any{"environmentVariables", "A"}, issues[1].(map[string]any)["path"])
	require.Equal(t, "unrecognized_keys", issues[2].(map[string]any)["code"])

	w = x.api(http.MethodPut, path, tok, `{"script":"const getCustomJwtClaims = async () => ({});","environmentVariables":{"A":"1"}}`)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	x.conforms("UpsertJwtCustomizer", http.MethodPut, path, w)
	w = x.api(http.MethodPut, path, tok, `{"script":"v2"}`)
	require.Equal(t, http.StatusOK, w.Code)
	require.Nil(t, decode(t, w)["environmentVariables"], "PUT replaces")
	w = x.api(http.MethodPatch, path, tok, `{"script":"v3","blockIssuanceOnError":true}`)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.Equal(t, "v3", decode(t, w)["script"])

	require.Equal(t, http.StatusCreated, x.api(http.MethodPut, "/api/configs/jwt-customizer/client-credentials", tok, `{"script":"cc"}`).Code)
	list := decodeList(t, x.api(http.MethodGet, "/api/configs/jwt-customizer", tok, ""))
	require.Len(t, list, 2)
	require.Equal(t, "jwt.accessToken", list[0].(map[string]any)["key"])
	require.Equal(t, true, list[0].(map[string]any)["value"].(map[string]any)["blockIssuanceOnError"])

	require.Equal(t, http.StatusNoContent, x.api(http.MethodDelete, path, tok, "").Code)
	require.Equal(t, http.StatusNotFound, x.api(http.MethodDelete, path, tok, "").Code)
	require.Len(t, decodeList(t, x.api(http.MethodGet, "/api/configs/jwt-customizer", tok, "")), 1)
}
