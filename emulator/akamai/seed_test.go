package akamai

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/fixtures"
)

func TestSeedIsAnUpsertAndInfoListsOwnersFirst(t *testing.T) {
	x := newHarness(t)
	doc := &fixtures.Document{Provider: "akamai", Tenants: []fixtures.Tenant{{
		ID:       "acme",
		Settings: map[string]any{"verify_email_url": "https://acme.test/verify", "recover_code_lifetime": 600},
		Clients: []fixtures.Client{
			{ID: "a-login", Secret: "s1", Attributes: map[string]any{"features": []any{"login_client"}}},
			{ID: "b-owner", Secret: "s2"},
		},
		Users: []fixtures.User{{Username: "kim", Password: "Kim-password-1", Email: "kim@acme.test",
			Attributes: map[string]any{"customer-number": "C1", "gender": "f"}}},
	}}}
	require.NoError(t, x.h.Seed(doc))
	doc.Tenants[0].Users[0].GivenName = "Kim"
	require.NoError(t, x.h.Seed(doc))

	info, err := x.h.Info("http://127.0.0.1:4702")
	require.NoError(t, err)
	require.Len(t, info, 2)
	acme := info[0]
	require.Equal(t, "acme", acme.ID)
	require.Equal(t, "http://acme.localhost:4702", acme.BaseURL)
	require.Equal(t, "b-owner", acme.Clients[0].ID, "owner clients come first")
	require.Equal(t, 1, acme.UserCount, "seeding twice updates the user")
	require.Equal(t, DefaultOwnerClientID, info[1].Clients[0].ID)

	h := http.Header{}
	h.Set("X-Idemu-Tenant", "acme")
	rec := x.send("/entity", pairs("type_name", "user", "key_attribute", "email", "key_value", `"kim@acme.test"`,
		"client_id", "b-owner", "client_secret", "s2"), h).ok(t)["result"].(map[string]any)
	require.Equal(t, "Kim", rec["givenName"])
	require.Equal(t, "f", rec["gender"])
	require.Equal(t, "kim", rec["displayName"])
	require.NotNil(t, rec["emailVerified"])
	// Apps are separate: the default app's client is unknown in acme.
	x.send("/entity.count", pairs("type_name", "user", "client_id", DefaultOwnerClientID, "client_secret", DefaultOwnerClientSecret), h).
		fails(t, http.StatusOK, codeInvalidClientCredentials)
	// By host name too.
	req := httptest.NewRequest(http.MethodPost, "/settings/get_default", strings.NewReader("key=verify_email_url&client_id=b-owner&client_secret=s2"))
	req.Host = "acme.localhost:4702"
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	x.engine.ServeHTTP(w, req)
	var body map[string]any
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &body))
	require.Equal(t, "https://acme.test/verify", body["result"])
}

func TestSeedRefusesClashesAndUnknownKeys(t *testing.T) {
	x := newHarness(t)
	var se *platform.SeedError
	err := x.h.Seed(&fixtures.Document{Provider: "akamai", Tenants: []fixtures.Tenant{{ID: platform.DefaultTenant,
		Users: []fixtures.User{{Username: "twin", Email: DefaultEmail}}}}})
	require.True(t, errors.As(err, &se), "%v", err)
	require.Contains(t, se.Reason, "email")
	err = x.h.Seed(&fixtures.Document{Provider: "akamai", Tenants: []fixtures.Tenant{{ID: "x",
		Clients: []fixtures.Client{{ID: "c", Secret: "s", Attributes: map[string]any{"colour": "red"}}}}}})
	require.True(t, errors.As(err, &se), "%v", err)
	err = x.h.Seed(&fixtures.Document{Provider: "akamai", Tenants: []fixtures.Tenant{{ID: "x",
		Users: []fixtures.User{{Username: "u", Attributes: map[string]any{"nope": 1}}}}}})
	require.True(t, errors.As(err, &se), "%v", err)
}

func TestGeneratedUsersSeed(t *testing.T) {
	x := newHarness(t)
	doc, err := fixtures.Generate(fixtures.GenerateOptions{Provider: "akamai", Users: 50, Seed: 7})
	require.NoError(t, err)
	require.NoError(t, x.h.Seed(doc))
	u := doc.Tenants[0].Users[10]
	x.login("/oauth/auth_native_traditional", "locale", "en-US", "redirect_uri", redirect, "form", "signInForm",
		"signInEmailAddress", u.Email, "currentPassword", u.Password).ok(t)
	require.Equal(t, 51.0, x.call("/entity.count", "type_name", "user").ok(t)["total_count"])
}

func TestBulkCreateAndJSONBodies(t *testing.T) {
	x := newHarness(t)
	body := x.call("/entity.bulkCreate", "type_name", "user",
		"all_attributes", `[{"email":"b1@example.test"},{"email":"`+DefaultEmail+`"},{"email":"b3@example.test"}]`).ok(t)
	results := body["results"].([]any)
	require.IsType(t, 0.0, results[0])
	require.Equal(t, 361.0, results[1].(map[string]any)["code"])
	require.Equal(t, "error", body["uuid_results"].([]any)[1].(map[string]any)["stat"])
	require.IsType(t, "", body["uuid_results"].([]any)[2])
	require.Equal(t, 3.0, x.call("/entity.count", "type_name", "user").ok(t)["total_count"])

	// /oauth/ endpoints also read a JSON object body.
	req := httptest.NewRequest(http.MethodPost, "/oauth/auth_native_traditional", strings.NewReader(
		`{"client_id":"`+DefaultLoginClientID+`","locale":"en-US","redirect_uri":"`+redirect+`","form":"signInForm",`+
			`"signInEmailAddress":"`+DefaultEmail+`","currentPassword":"`+DefaultPassword+`"}`))
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	x.engine.ServeHTTP(w, req)
	require.Contains(t, w.Body.String(), `"stat":"ok"`)
}
