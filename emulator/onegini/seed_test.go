package onegini

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/fixtures"
)

func TestSettingsChangeUnitsAndLoginMethodsAreUpsertedById(t *testing.T) {
	x := newHarness(t)
	require.NoError(t, x.seed(`
provider: onegini
tenants:
  - id: default
    settings:
      password_policy: {min_length: 12, special_char_required: true}
      profile: {required_attributes_validation_rules: [{any_of: [EMAIL]}]}
      custom_messages:
        locales:
          es: {personal.general.next: Siguiente}
      login_methods:
        login_methods:
          - {id: "12345", type: FACEBOOK, name: Facebook Pages}
          - {id: corp, type: SAML, name: Corp SSO}
`))
	v1 := decode(t, x.as(http.MethodGet, "/api/config", ""))
	require.EqualValues(t, 12, at(t, v1, "password_policy", "min_length"))
	require.EqualValues(t, 64, at(t, v1, "password_policy", "max_length"), "a partial policy merges")
	require.Equal(t, true, at(t, v1, "password_policy", "special_char_required"))
	require.Equal(t, []any{"EMAIL"}, at(t, v1, "profile", "required_attributes_validation_rules", 0, "any_of"))
	require.Equal(t, "Siguiente", at(t, v1, "messages", "es", "personal.general.next"))
	require.Equal(t, "Volgende", at(t, v1, "messages", "nl", "personal.general.next"), "messages merge")

	idps := decode(t, x.as(http.MethodGet, "/api/config/identity-providers", ""))["result"].([]any)
	require.Len(t, idps, 3)
	require.Equal(t, "Facebook Pages", at(t, idps, 0, "name"), "the same id is replaced in place")
	require.Equal(t, "corp", at(t, idps, 2, "id"), "a new id is added")
}

func TestSeedingIsAnUpsert(t *testing.T) {
	x := newHarness(t)
	doc := `
provider: onegini
tenants:
  - id: acme
    clients: [{id: acme, secret: one}]
    settings: {ui_extension: {login_path: /acme}}
`
	require.NoError(t, x.seed(doc))
	require.NoError(t, x.seed(doc))
	require.NoError(t, x.seed("provider: onegini\ntenants:\n  - id: acme\n    clients: [{id: acme, secret: two}]\n"))
	w := x.send(request{target: "/api/v2/config/ui-extension", user: "acme", password: "two", tenant: "acme"})
	require.Equal(t, http.StatusOK, w.Code)
	require.Equal(t, "/acme", decode(t, w)["login_path"], "a later seed without settings keeps the units")
	require.Equal(t, http.StatusUnauthorized, x.send(request{target: "/api/v2/config", user: "acme", password: "one", tenant: "acme"}).Code)
}

func TestFixtureProblemsAreSeedErrors(t *testing.T) {
	x := newHarness(t)
	cases := map[string]string{
		"unknown setting":            "settings: {colours: {}}",
		"wrong type in a unit":       "settings: {step_up: {stategy: 3}}",
		"enum":                       "settings: {step_up: {stategy: SOMETIMES}}",
		"switch not a boolean":       "settings: {configuration_api_enabled: maybe}",
		"unit not an object":         "settings: {features: [1]}",
		"login method without id":    "settings: {login_methods: {login_methods: [{type: GOOGLE}]}}",
		"a default locale":           "settings: {custom_messages: {locales: {default: {a: b}}}}",
		"a relative whitelisted url": "settings: {features: {action_token: {whitelisted_urls: [{url: /cb}]}}}",
		"unknown role":               "clients: [{id: c, secret: s, attributes: {roles: [admin]}}]",
		"roles not a list":           "clients: [{id: c, secret: s, attributes: {roles: configuration_rest}}]",
		"other client attribute":     "clients: [{id: c, secret: s, attributes: {scope: all}}]",
		"user without password":      "users: [{username: u}]",
		"name with a slash":          "clients: [{id: a/b, secret: s}]",
	}
	for name, tenant := range cases {
		t.Run(name, func(t *testing.T) {
			err := x.seed("provider: onegini\ntenants:\n  - id: broken\n    " + tenant + "\n")
			var se *platform.SeedError
			require.True(t, errors.As(err, &se), "%v", err)
			require.Contains(t, se.Reason, "tenant broken")
		})
	}
	// Nothing of a refused tenant was stored.
	infos, err := x.h.Info("http://127.0.0.1:4704")
	require.NoError(t, err)
	require.Len(t, infos, 1)
}

func TestInfoListsTechnicalUsersWithTheRoleFirst(t *testing.T) {
	x := newHarness(t)
	require.NoError(t, x.seed(`
provider: onegini
tenants:
  - id: default
    clients:
      - {id: aaa-events, secret: s, attributes: {roles: [events_rest]}}
      - {id: general, secret: g}
    users:
      - {username: qa.one, password: Idemu-pass-1}
`))
	infos, err := x.h.Info("http://127.0.0.1:4704")
	require.NoError(t, err)
	require.Len(t, infos, 1)
	def := infos[0]
	require.Equal(t, platform.DefaultTenant, def.ID)
	require.Empty(t, def.DiscoveryURL)
	ids := []string{}
	for _, c := range def.Clients {
		ids = append(ids, c.ID)
	}
	require.Equal(t, []string{"general", DefaultUsername, "aaa-events"}, ids, "holders of configuration_rest first, then by id")
	require.Equal(t, []platform.UserInfo{{Username: "qa.one", Password: "Idemu-pass-1"}}, def.Users)
	require.Equal(t, 1, def.UserCount)
	w := x.send(request{target: "/api/v2/config", user: "qa.one", password: "Idemu-pass-1"})
	require.Equal(t, http.StatusOK, w.Code, "a fixture user is a technical user too")
}

func TestTheExampleFixtureSeeds(t *testing.T) {
	doc, err := fixtures.Load("../../fixtures/onegini-example.yaml")
	require.NoError(t, err)
	x := newHarness(t)
	require.NoError(t, x.h.Seed(doc))
	infos, err := x.h.Info("http://127.0.0.1:4704")
	require.NoError(t, err)
	require.Len(t, infos, 3)
	w := x.send(request{target: "/api/config", user: "acme-config", password: "acme-config-secret", tenant: "acme"})
	require.Equal(t, http.StatusOK, w.Code)
	require.Contains(t, decode(t, w)["messages"], "es")
	w = x.send(request{target: "/api/config", user: "locked-config", password: "locked-config-secret", tenant: "locked"})
	require.Equal(t, http.StatusInternalServerError, w.Code)
}

func TestEnvFixture(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	doc, err := EnvFixture(env(nil))
	require.NoError(t, err)
	require.Nil(t, doc)

	doc, err = EnvFixture(env(map[string]string{
		EnvConfigurationUsername: "config", EnvConfigurationPassword: "config-pw",
		EnvGeneralUsername: "general", EnvGeneralPassword: "general-pw", EnvGeneralRoles: "events_rest, persons_rest",
	}))
	require.NoError(t, err)
	x := newHarness(t)
	require.NoError(t, x.h.Seed(doc))
	require.Equal(t, http.StatusOK, x.send(request{target: "/api/config", user: "config", password: "config-pw"}).Code)
	require.Equal(t, http.StatusForbidden, x.send(request{target: "/api/config", user: "general", password: "general-pw"}).Code)

	_, err = EnvFixture(env(map[string]string{EnvConfigurationUsername: "config"}))
	require.ErrorContains(t, err, EnvConfigurationPassword)
	_, err = EnvFixture(env(map[string]string{EnvGeneralUsername: "g", EnvGeneralPassword: "p", EnvGeneralRoles: "root"}))
	require.ErrorContains(t, err, "unknown role")
}

// `idemu seed --provider onegini` posts the shared generator's users: they become
// technical users with every role, their attributes for other providers ignored.
func TestGeneratedUsersBecomeTechnicalUsers(t *testing.T) {
	doc, err := fixtures.Generate(fixtures.GenerateOptions{Provider: "onegini", Users: 30, Seed: 7})
	require.NoError(t, err)
	x := newHarness(t)
	require.NoError(t, x.h.Seed(doc))
	infos, err := x.h.Info("http://127.0.0.1:4704")
	require.NoError(t, err)
	require.Equal(t, 30, infos[0].UserCount)
	require.Len(t, infos[0].Users, maxInfoUsers)
	u := doc.Tenants[0].Users[0]
	require.Equal(t, http.StatusOK, x.send(request{target: "/api/config", user: u.Username, password: u.Password}).Code)
}
