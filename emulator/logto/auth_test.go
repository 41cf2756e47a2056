package logto

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/token"
	"github.com/idemu/idemu/fixtures"
)

func tokenForm(resource, scope string) string {
	return url.Values{"grant_type": {"client_credentials"}, "resource": {resource}, "scope": {scope}}.Encode()
}

func TestTokenIsAnES384AccessTokenWithLogtosClaims(t *testing.T) {
	x := newHarness(t)
	raw := x.managementToken()
	alg, kid, typ, err := token.Header(raw)
	require.NoError(t, err)
	require.Equal(t, "ES384", alg)
	require.Equal(t, "at+jwt", typ)
	require.NotEmpty(t, kid)
	parts := strings.Split(raw, ".")
	require.Len(t, parts, 3)
	w := x.api(http.MethodGet, "/api/users", raw, "")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
}

func TestClientAuthenticationInTheFormWorksToo(t *testing.T) {
	x := newHarness(t)
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret},
		"resource": {managementIndicator("default")}, "scope": {"all"}}
	w := x.do(http.MethodPost, "/oidc/token", form.Encode(), "Content-Type", "application/x-www-form-urlencoded")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.Equal(t, "no-store", w.Header().Get("Cache-Control"))

	w = x.do(http.MethodPost, "/oidc/token", form.Encode(), "Content-Type", "application/x-www-form-urlencoded",
		"Authorization", basic(DefaultClientID, DefaultClientSecret))
	require.Equal(t, http.StatusBadRequest, w.Code)
	require.Equal(t, "oidc.invalid_request", decode(t, w)["code"])

	w = x.do(http.MethodPost, "/oidc/token", tokenForm(managementIndicator("default"), "all"), "Content-Type", "application/x-www-form-urlencoded")
	require.Equal(t, http.StatusBadRequest, w.Code)
	require.Equal(t, "no client authentication mechanism provided", decode(t, w)["error_description"])

	w = x.do(http.MethodPost, "/oidc/token", `{"grant_type":"client_credentials"}`, "Content-Type", "application/json",
		"Authorization", basic(DefaultClientID, DefaultClientSecret))
	require.Equal(t, http.StatusBadRequest, w.Code)
	require.Equal(t, "oidc.invalid_request", decode(t, w)["code"])
}

func TestOnlyMachineToMachineApplicationsUseClientCredentials(t *testing.T) {
	x := newHarness(t)
	admin := x.managementToken()
	w := x.api(http.MethodPost, "/api/applications", admin, `{"name":"web","type":"Traditional"}`)
	require.Equal(t, http.StatusOK, w.Code)
	id := decode(t, w)["id"].(string)
	w = x.api(http.MethodGet, "/api/applications/"+id+"/secrets", admin, "")
	secret := decodeList(t, w)[0].(map[string]any)["value"].(string)
	w = x.do(http.MethodPost, "/oidc/token", tokenForm(managementIndicator("default"), "all"),
		"Content-Type", "application/x-www-form-urlencoded", "Authorization", basic(id, secret))
	require.Equal(t, http.StatusBadRequest, w.Code)
	require.Equal(t, "oidc.unauthorized_client", decode(t, w)["code"])
}

func TestManagementAPIChecksSignatureAudienceExpiryAndScope(t *testing.T) {
	x := newHarness(t)
	admin := x.managementToken()

	// A token for another resource is refused on the Management API's audience.
	w := x.api(http.MethodPost, "/api/resources", admin, `{"name":"Orders","indicator":"https://orders.example.test"}`)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	orders := x.tokenFor("https://orders.example.test", "")
	w = x.api(http.MethodGet, "/api/users", orders, "")
	require.Equal(t, http.StatusUnauthorized, w.Code)
	body := decode(t, w)
	require.Equal(t, "auth.unauthorized", body["code"])
	require.Equal(t, "aud", body["data"].(map[string]any)["claim"])

	// A Management API token without the scope all is forbidden.
	w = x.api(http.MethodGet, "/api/users", x.tokenFor(managementIndicator("default"), ""), "")
	require.Equal(t, http.StatusForbidden, w.Code)
	require.Equal(t, "auth.forbidden", decode(t, w)["code"])

	// A tampered signature, a non-Bearer scheme, then expiry on the emulator's clock.
	w = x.api(http.MethodGet, "/api/users", admin[:len(admin)-4]+"AAAA", "")
	require.Equal(t, http.StatusUnauthorized, w.Code)
	require.Equal(t, "ERR_JWS_SIGNATURE_VERIFICATION_FAILED", decode(t, w)["data"].(map[string]any)["code"])
	w = x.do(http.MethodGet, "/api/users", "", "Authorization", "Basic abc")
	require.Equal(t, http.StatusUnauthorized, w.Code)
	require.Equal(t, "auth.authorization_token_type_not_supported", decode(t, w)["code"])
	x.clock.Advance(time.Hour)
	w = x.api(http.MethodGet, "/api/users", admin, "")
	require.Equal(t, http.StatusUnauthorized, w.Code)
	require.Equal(t, "ERR_JWT_EXPIRED", decode(t, w)["data"].(map[string]any)["code"])
}

// TestTenantsAreIsolated: a tenant is reached by host name or header, has its own
// Management API audience and keys, and a token of one is refused by the other.
func TestTenantsAreIsolated(t *testing.T) {
	x := newHarness(t)
	require.NoError(t, x.h.Seed(&fixtures.Document{Provider: "logto", Tenants: []fixtures.Tenant{{
		ID: "acme", Clients: []fixtures.Client{{ID: "acmeclient", Secret: "acme-secret-acme-secret-acme-sec"}},
	}}}))
	form := tokenForm("https://acme.logto.app/api", "all")
	w := x.do(http.MethodPost, "http://acme.localhost:4701/oidc/token", form, "Content-Type", "application/x-www-form-urlencoded",
		"Authorization", basic("acmeclient", "acme-secret-acme-secret-acme-sec"))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	acme := decode(t, w)["access_token"].(string)

	w = x.do(http.MethodGet, "/api/users", "", "Authorization", "Bearer "+acme, "X-Idemu-Tenant", "acme")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	w = x.api(http.MethodGet, "/api/users", acme, "")
	require.Equal(t, http.StatusUnauthorized, w.Code, "the default tenant refuses an acme token")

	// The default client does not exist in acme.
	w = x.do(http.MethodPost, "/oidc/token", form, "Content-Type", "application/x-www-form-urlencoded",
		"Authorization", basic(DefaultClientID, DefaultClientSecret), "X-Idemu-Tenant", "acme")
	require.Equal(t, http.StatusUnauthorized, w.Code)
	require.Equal(t, "oidc.invalid_client", decode(t, w)["code"])
}

func TestDiscoveryNamesTheTenantsIssuer(t *testing.T) {
	x := newHarness(t)
	w := x.do(http.MethodGet, "http://acme.localhost:4701/oidc/.well-known/openid-configuration", "")
	require.Equal(t, http.StatusOK, w.Code)
	doc := decode(t, w)
	require.Equal(t, "http://acme.localhost:4701/oidc", doc["issuer"])
	require.Equal(t, []any{"ES384"}, doc["id_token_signing_alg_values_supported"])
}

func TestAMatchingIfNoneMatchIs304(t *testing.T) {
	x := newHarness(t)
	token := x.managementToken()
	w := x.api(http.MethodGet, "/api/roles", token, "")
	tag := w.Header().Get("ETag")
	require.NotEmpty(t, tag)
	w = x.do(http.MethodGet, "/api/roles", "", "Authorization", "Bearer "+token, "If-None-Match", tag)
	require.Equal(t, http.StatusNotModified, w.Code)
	require.Empty(t, w.Body.String())
}
