package identityv1

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/fixtures"
)

func TestSeedRefusesWhatNoTenantCanHold(t *testing.T) {
	x := newHarness(t)
	for name, tenant := range map[string]fixtures.Tenant{
		"client id with a slash": {ID: "default", Clients: []fixtures.Client{{ID: "a/b", Secret: "s"}}},
		"username with a NUL":    {ID: "default", Users: []fixtures.User{{Username: "x\x00y", Password: "Pw-password-1!"}}},
		"misspelt setting":       {ID: "default", Settings: map[string]any{"acess-token-ttl": "5m"}},
		"endless policy":         {ID: "default", Settings: map[string]any{"password-requirements": map[string]any{"length": 1_000_000_000}}},
		"negative lifetime":      {ID: "default", Settings: map[string]any{"access-token-ttl": "-1m"}},
	} {
		err := x.h.Seed(&fixtures.Document{Provider: "identityv1", Tenants: []fixtures.Tenant{tenant}})
		var se *platform.SeedError
		require.ErrorAs(t, err, &se, name)
	}
}

func TestPasswordsLongerThanBcryptReadsRegisterAndSignIn(t *testing.T) {
	x := newHarness(t)
	password := "Aa1!" + strings.Repeat("é", 124) // 128 characters, 252 bytes
	body := `{"username":"longpass","password":"` + password + `","email":"longpass@example.test","phone-number":"+15550109999"}`
	w := x.json(http.MethodPost, "/v1/identity/users", x.clientToken(), body)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	require.NotEmpty(t, x.userToken("longpass", password))
	form := url.Values{"grant_type": {"password"}, "username": {"longpass"}, "password": {password[:len(password)-2] + "e"},
		"client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret}}
	w = x.do(http.MethodPost, "/v1/authentication/connect/token", "", "application/x-www-form-urlencoded", form.Encode())
	require.Equal(t, http.StatusBadRequest, w.Code, "a change past byte 72 is another password: %s", w.Body.String())
}
