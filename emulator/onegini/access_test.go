package onegini

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestBasicAuthRefusesWithEmptyBodies(t *testing.T) {
	x := newHarness(t)
	require.NoError(t, x.seed(`
provider: onegini
tenants:
  - id: default
    clients:
      - {id: events-only, secret: events-secret, attributes: {roles: [events_rest]}}
`))
	cases := []struct {
		name       string
		user, pass string
		want       int
	}{
		{"no credentials", "", "", http.StatusUnauthorized},
		{"wrong password", DefaultUsername, "nope", http.StatusUnauthorized},
		{"unknown user", "stranger", DefaultPassword, http.StatusUnauthorized},
		{"a name the store cannot hold", "a/b", "x", http.StatusUnauthorized},
		{"without the role", "events-only", "events-secret", http.StatusForbidden},
		{"the default technical user", DefaultUsername, DefaultPassword, http.StatusOK},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := x.send(request{target: "/api/v2/config/step-up", user: tc.user, password: tc.pass})
			require.Equal(t, tc.want, w.Code)
			if tc.want == http.StatusOK {
				return
			}
			require.Empty(t, w.Body.String())
			require.Empty(t, w.Header().Get("Content-Type"))
			if tc.want == http.StatusUnauthorized {
				require.Equal(t, `Basic realm="Realm"`, w.Header().Get("WWW-Authenticate"))
			}
		})
	}
}

// A technical user of one tenant is unknown to another, whether the tenant comes from
// the header or from the host name.
func TestTenantsAreSeparateInstances(t *testing.T) {
	x := newHarness(t)
	require.NoError(t, x.seed(`
provider: onegini
tenants:
  - id: acme
    clients: [{id: acme-user, secret: acme-secret}]
    settings:
      ui_extension: {login_path: /acme-login}
`))
	w := x.send(request{target: "/api/v2/config/ui-extension", user: "acme-user", password: "acme-secret", tenant: "acme"})
	require.Equal(t, http.StatusOK, w.Code)
	require.Equal(t, "/acme-login", decode(t, w)["login_path"])

	r := request{target: "/api/v2/config/ui-extension", user: "acme-user", password: "acme-secret"}
	require.Equal(t, http.StatusUnauthorized, x.send(r).Code, "the default tenant has no acme-user")
	r.target = "http://acme.localhost:4704/api/v2/config/ui-extension"
	w = x.send(r)
	require.Equal(t, http.StatusOK, w.Code)
	require.Equal(t, "/acme-login", decode(t, w)["login_path"])

	w = x.as(http.MethodGet, "/api/v2/config/ui-extension", "")
	require.Equal(t, "/login", decode(t, w)["login_path"], "the default tenant is untouched")
	w = x.send(request{target: "/api/v2/config", user: DefaultUsername, password: DefaultPassword, tenant: "nobody"})
	require.Equal(t, http.StatusUnauthorized, w.Code, "an unseeded tenant has no technical users")
}

func TestTheSwitchAnswers500ForV1And409ForV2(t *testing.T) {
	x := newHarness(t)
	require.NoError(t, x.seed("provider: onegini\ntenants:\n  - id: default\n    settings: {configuration_api_enabled: false}\n"))
	for _, op := range x.h.contract.Operations() {
		want := http.StatusConflict
		if op.HasTag("v1") {
			want = http.StatusInternalServerError
		}
		w := x.as(op.Method, op.Path, "")
		require.Equal(t, want, w.Code, op.ID)
		require.Empty(t, w.Body.String(), op.ID)
	}
	w := x.send(request{target: "/api/config", user: DefaultUsername, password: "wrong"})
	require.Equal(t, http.StatusUnauthorized, w.Code, "credentials are checked first")

	require.NoError(t, x.seed("provider: onegini\ntenants:\n  - id: default\n    settings: {configuration_api_enabled: true}\n"))
	require.Equal(t, http.StatusOK, x.as(http.MethodGet, "/api/config", "").Code)
}

func TestTheFeaturesUnitLocksTheAPI(t *testing.T) {
	x := newHarness(t)
	w := x.as(http.MethodPost, "/api/v2/config/features", `{"configuration_api_enabled": false, "sms_enabled": false}`)
	require.Equal(t, http.StatusNoContent, w.Code)
	require.Equal(t, http.StatusConflict, x.as(http.MethodPost, "/api/v2/config/features", `{"configuration_api_enabled": true}`).Code)
	require.Equal(t, http.StatusInternalServerError, x.as(http.MethodGet, "/api/config", "").Code)

	require.NoError(t, x.seed("provider: onegini\ntenants:\n  - id: default\n    settings: {configuration_api_enabled: true}\n"))
	w = x.as(http.MethodGet, "/api/v2/config/features", "")
	require.Equal(t, http.StatusOK, w.Code)
	require.Equal(t, false, decode(t, w)["sms_enabled"], "the rest of the locking update was stored")
}
