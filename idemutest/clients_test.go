package idemutest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/idemu/idemu/client/akamai"
	"github.com/idemu/idemu/client/logto"
	"github.com/idemu/idemu/client/onegini"
	"github.com/idemu/idemu/idemutest"
)

// TestReadyClientsAuthenticateForEveryProvider: each ready client, built from the
// default tenant's seeded credentials, makes an authenticated read that succeeds.
func TestReadyClientsAuthenticateForEveryProvider(t *testing.T) {
	ctx := context.Background()
	idemu := idemutest.StartT(t)

	id, err := idemu.IdentityV1(ctx)
	must(t, err)
	r1, err := id.GetPasswordRequirementsWithResponse(ctx)
	must(t, err)
	expect(t, "identityv1", r1.StatusCode(), r1.Body)

	og, err := idemu.Onegini(ctx)
	must(t, err)
	r2, err := og.GetConfigurationWithResponse(ctx, &onegini.GetConfigurationParams{})
	must(t, err)
	expect(t, "onegini", r2.StatusCode(), r2.Body)

	lt, err := idemu.Logto(ctx)
	must(t, err)
	r3, err := lt.ListUsersWithResponse(ctx, &logto.ListUsersParams{})
	must(t, err)
	expect(t, "logto", r3.StatusCode(), r3.Body)

	ai, tenant, err := idemu.AppID(ctx)
	must(t, err)
	r4, err := ai.GetTokensConfigWithResponse(ctx, tenant)
	must(t, err)
	expect(t, "appid", r4.StatusCode(), r4.Body)

	ak, err := idemu.Akamai(ctx)
	must(t, err)
	r5, err := ak.ListEntityTypesWithFormdataBodyWithResponse(ctx, akamai.ListEntityTypesFormdataRequestBody{})
	must(t, err)
	expect(t, "akamai", r5.StatusCode(), r5.Body)
	var stat struct{ Stat string }
	must(t, json.Unmarshal(r5.Body, &stat))
	if stat.Stat != "ok" { // Capture answers errors with 200 too
		t.Fatalf("akamai: %s", r5.Body)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func expect(t *testing.T, provider string, status int, body []byte) {
	t.Helper()
	if status != http.StatusOK {
		t.Fatalf("%s: status %d: %s", provider, status, body)
	}
}
