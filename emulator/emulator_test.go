package emulator_test

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator"
	"github.com/idemu/idemu/emulator/identityv1"
	"github.com/idemu/idemu/fixtures"
)

type client struct {
	t    *testing.T
	base string
}

func start(t *testing.T, cfg emulator.Config) (*emulator.Emulator, *client) {
	t.Helper()
	cfg.Ports = map[string]int{"identityv1": 0}
	emu, err := emulator.New(cfg)
	require.NoError(t, err)
	require.NoError(t, emu.Start())
	t.Cleanup(func() { _ = emu.Close(context.Background()) })
	return emu, &client{t: t, base: emu.URL("identityv1")}
}

func (c *client) call(method, path, contentType, body string, header ...string) (int, map[string]any) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	require.NoError(c.t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}

func (c *client) token(tenant string) (int, string) {
	return c.tokenFor(tenant, identityv1.DefaultClientID, identityv1.DefaultClientSecret)
}

func (c *client) tokenFor(tenant, id, secret string) (int, string) {
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}}
	status, body := c.call(http.MethodPost, "/v1/authentication/connect/token", "application/x-www-form-urlencoded", form.Encode(), "X-Idemu-Tenant", tenant)
	at, _ := body["access_token"].(string)
	return status, at
}

func (c *client) register(token, username string) int {
	phone := fmt.Sprintf("+1555%07d", crc32.ChecksumIEEE([]byte(username))%10_000_000)
	body := `{"username":"` + username + `","password":"Strong-pass-1","email":"` + username + `@example.test","phone-number":"` + phone + `"}`
	status, _ := c.call(http.MethodPost, "/v1/identity/users", "application/json", body, "Authorization", "Bearer "+token)
	return status
}

func (c *client) userExists(token, username string) bool {
	status, _ := c.call(http.MethodGet, "/v1/identity/users/"+username, "", "", "Authorization", "Bearer "+token)
	return status == http.StatusOK
}

func TestAdminHealthInfoAndContracts(t *testing.T) {
	_, c := start(t, emulator.Config{})
	status, body := c.call(http.MethodGet, "/_emulator/health", "", "")
	require.Equal(t, 200, status)
	require.Equal(t, "ok", body["status"])

	status, body = c.call(http.MethodGet, "/_emulator/info", "", "")
	require.Equal(t, 200, status)
	require.Equal(t, "identityv1", body["provider"])
	tenant := body["tenants"].([]any)[0].(map[string]any)
	require.Equal(t, "default", tenant["id"])
	require.Equal(t, c.base+"/v1/authentication/.well-known/openid-configuration", tenant["discovery_url"])
	require.Equal(t, identityv1.DefaultClientSecret, tenant["clients"].([]any)[0].(map[string]any)["secret"])
	require.Equal(t, identityv1.DefaultPassword, tenant["users"].([]any)[0].(map[string]any)["password"])

	for _, p := range []string{"/_emulator/openapi.json", "/_emulator/contract.json", "/_emulator/identityv1/openapi.json"} {
		status, body = c.call(http.MethodGet, p, "", "")
		require.Equal(t, 200, status, p)
		require.Equal(t, "3.0.3", body["openapi"], p)
	}
}

func TestProviderContractByNameIsOnlyThisListeners(t *testing.T) {
	_, c := start(t, emulator.Config{})
	status, body := c.call(http.MethodGet, "/_emulator/logto/openapi.json", "", "")
	require.Equal(t, 404, status)
	require.Equal(t, "unknown_provider", body["error"].(map[string]any)["code"])
}

func TestResetReturnsToTheSeededState(t *testing.T) {
	_, c := start(t, emulator.Config{})
	_, tok := c.token("default")
	require.Equal(t, 201, c.register(tok, "temporary"))
	status, _ := c.call(http.MethodPost, "/_emulator/clock", "application/json", `{"advance":"2h"}`)
	require.Equal(t, 200, status)

	status, body := c.call(http.MethodPost, "/_emulator/reset", "", "")
	require.Equal(t, 200, status)
	require.Equal(t, "all", body["reset"])
	require.Equal(t, float64(0), body["clock"].(map[string]any)["offset_seconds"])
	_, tok = c.token("default")
	require.False(t, c.userExists(tok, "temporary"))
	require.True(t, c.userExists(tok, identityv1.DefaultUsername))
}

func TestSnapshotAndRestore(t *testing.T) {
	_, c := start(t, emulator.Config{})
	_, tok := c.token("default")
	require.Equal(t, 201, c.register(tok, "kept"))
	req, _ := http.NewRequest(http.MethodPost, c.base+"/_emulator/snapshot", nil)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	snap, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)

	require.Equal(t, 201, c.register(tok, "dropped"))
	status, body := c.call(http.MethodPost, "/_emulator/restore", "application/json", string(snap))
	require.Equal(t, 200, status, body)
	require.True(t, c.userExists(tok, "kept"))
	require.False(t, c.userExists(tok, "dropped"))

	status, body = c.call(http.MethodPost, "/_emulator/restore", "application/json", `{"version":1}`)
	require.Equal(t, 400, status)
	require.Equal(t, "invalid_request", body["error"].(map[string]any)["code"])
}

func TestClockRejectsNonsense(t *testing.T) {
	_, c := start(t, emulator.Config{})
	status, body := c.call(http.MethodPost, "/_emulator/clock", "application/json", `{"advance":"soon"}`)
	require.Equal(t, 400, status)
	require.Equal(t, "invalid_clock", body["error"].(map[string]any)["code"])
	status, _ = c.call(http.MethodPost, "/_emulator/clock", "application/json", `{"sett":"x"}`)
	require.Equal(t, 400, status, "unknown keys are refused by the admin contract")
	status, body = c.call(http.MethodPost, "/_emulator/clock", "application/json", `{"set":"2031-01-02T03:04:05Z"}`)
	require.Equal(t, 200, status)
	require.Equal(t, "2031-01-02T03:04:05Z", body["now"])
}

func TestSeedEndpointAddsTenantsWhoseTokensOtherTenantsRefuse(t *testing.T) {
	_, c := start(t, emulator.Config{})
	fixture := `provider: identityv1
tenants:
  - id: acme
    clients: [{id: idemu-client, secret: idemu-secret}]
    users: [{username: bob, password: Bob-password-1, email: bob@acme.test}]
`
	status, body := c.call(http.MethodPost, "/_emulator/seed", "application/yaml", fixture)
	require.Equal(t, 200, status, body)
	require.Equal(t, float64(1), body["users"])

	status, acmeToken := c.token("acme")
	require.Equal(t, 200, status)
	status, _ = c.call(http.MethodGet, "/v1/identity/users/bob", "", "", "Authorization", "Bearer "+acmeToken, "X-Idemu-Tenant", "acme")
	require.Equal(t, 200, status)
	// The same token at the default tenant: signed by another tenant's key.
	status, body = c.call(http.MethodGet, "/v1/identity/users/demo", "", "", "Authorization", "Bearer "+acmeToken)
	require.Equal(t, 401, status)
	require.Equal(t, "unauthorized", body["problem"])

	status, body = c.call(http.MethodPost, "/_emulator/seed", "application/yaml", "provider: logto\ntenants: [{id: x}]\n")
	require.Equal(t, 400, status)
	require.Equal(t, "wrong_provider", body["error"].(map[string]any)["code"])
	status, body = c.call(http.MethodPost, "/_emulator/seed", "application/yaml", "provider: identityv1\ntenants: [{id: Bad_Id}]\n")
	require.Equal(t, 400, status)
	require.Equal(t, "invalid_fixture", body["error"].(map[string]any)["code"])
}

func TestDataDirSurvivesARestart(t *testing.T) {
	dir := t.TempDir()
	emu, c := start(t, emulator.Config{DataDir: dir})
	_, tok := c.token("default")
	require.Equal(t, 201, c.register(tok, "persistent"))
	require.NoError(t, emu.Close(context.Background()))

	_, c = start(t, emulator.Config{DataDir: dir})
	require.True(t, c.userExists(tok, "persistent"), "the user and the signing key (so the old token) survive")
}

func TestFixturesLoadAtStart(t *testing.T) {
	doc, err := fixtures.Load("../fixtures/identityv1-example.yaml")
	require.NoError(t, err)
	_, c := start(t, emulator.Config{Fixtures: []*fixtures.Document{doc}})
	_, tok := c.tokenFor("acme", "acme-client", "acme-secret")
	status, _ := c.call(http.MethodGet, "/v1/identity/users/bob", "", "", "Authorization", "Bearer "+tok, "X-Idemu-Tenant", "acme")
	require.Equal(t, 200, status)
}

func TestPanicBecomesTheProviderEnvelopeAnd500(t *testing.T) {
	emu, c := start(t, emulator.Config{})
	emu.Handler("identityv1").(*gin.Engine).GET("/boom", func(*gin.Context) { panic("boom") })
	status, body := c.call(http.MethodGet, "/boom", "", "")
	require.Equal(t, 500, status)
	require.Equal(t, "internal-error", body["problem"])
}

func TestRequestLogListsServedRequests(t *testing.T) {
	_, c := start(t, emulator.Config{})
	c.token("default")
	status, body := c.call(http.MethodGet, "/_emulator/requests?limit=5", "", "")
	require.Equal(t, 200, status)
	last := body["requests"].([]any)[0].(map[string]any)
	require.Equal(t, "requestToken", last["operation"])
	require.Equal(t, float64(200), last["status"])
}

func TestFaultRulesThroughTheAdminAPI(t *testing.T) {
	_, c := start(t, emulator.Config{})
	status, body := c.call(http.MethodPost, "/_emulator/faults", "application/json",
		`{"method":"POST","path":"/v1/authentication/connect/token","status":503,"times":1}`)
	require.Equal(t, 200, status, body)
	require.Equal(t, "fault-1", body["id"])

	status, _ = c.token("default")
	require.Equal(t, 503, status, "the fault answers once")
	status, _ = c.token("default")
	require.Equal(t, 200, status, "then the real endpoint again")

	status, body = c.call(http.MethodPost, "/_emulator/faults", "application/json", `{"path":"/x"}`)
	require.Equal(t, 400, status)
	require.Equal(t, "invalid_fault", body["error"].(map[string]any)["code"])

	c.call(http.MethodPost, "/_emulator/faults", "application/json", `{"path":"/v1/*","status":500}`)
	status, _ = c.call(http.MethodPost, "/_emulator/reset", "", "")
	require.Equal(t, 200, status)
	_, body = c.call(http.MethodGet, "/_emulator/faults", "", "")
	require.Empty(t, body["faults"], "a reset clears the faults")
	status, _ = c.call(http.MethodDelete, "/_emulator/faults/fault-9", "", "")
	require.Equal(t, 404, status)
}

func TestConfigErrors(t *testing.T) {
	_, err := emulator.New(emulator.Config{Providers: []string{"nope"}})
	require.ErrorContains(t, err, `provider "nope" is not implemented`)
	_, err = emulator.New(emulator.Config{BcryptCost: 40})
	require.ErrorContains(t, err, "bcrypt cost")
}
