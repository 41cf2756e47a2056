package onegini

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestGenerateIsDeterministicAndSeeds(t *testing.T) {
	opts := GenerateOptions{Tenant: "qa", Seed: 42, IdentityProviders: 25, Messages: 4}
	a, err := Generate(opts)
	require.NoError(t, err)
	b, err := Generate(opts)
	require.NoError(t, err)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	require.JSONEq(t, string(ja), string(jb), "the same seed gives the same document")
	opts.Seed = 43
	c, err := Generate(opts)
	require.NoError(t, err)
	jc, _ := json.Marshal(c)
	require.NotEqual(t, string(ja), string(jc))

	x := newHarness(t)
	require.NoError(t, x.h.Seed(a))
	require.NoError(t, x.h.Seed(a), "seeding the same document twice is an upsert")
	require.NoError(t, x.seed("provider: onegini\ntenants:\n  - id: qa\n    clients: [{id: qa, secret: qa}]\n"))
	q := request{target: "/api/config/identity-providers", user: "qa", password: "qa", tenant: "qa"}
	w := x.send(q)
	require.Equal(t, http.StatusOK, w.Code)
	require.Len(t, decode(t, w)["result"], 2+25, "the defaults' Facebook and Google, and the generated ones")

	q.target = "/api/config?fields=messages"
	msgs := decode(t, x.send(q))["messages"].(map[string]any)
	for _, l := range []string{"nl", "de", "fr", "es", "it"} {
		require.Contains(t, msgs, l)
		require.GreaterOrEqual(t, len(msgs[l].(map[string]any)), 4)
	}
	q.target = "/api/v2/config/login-methods"
	w = x.send(q)
	require.Equal(t, http.StatusOK, w.Code)
	require.Len(t, decode(t, w)["login_methods"], 3+25)
}

func TestGenerateRefusesBadOptions(t *testing.T) {
	for name, opts := range map[string]GenerateOptions{
		"negative count":   {IdentityProviders: -1},
		"too many":         {IdentityProviders: 1001},
		"a locale default": {Locales: []string{"default"}},
		"a bad locale":     {Locales: []string{"n l"}},
		"a bad tenant":     {Tenant: "Not A Tenant"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Generate(opts)
			require.Error(t, err)
		})
	}
}
