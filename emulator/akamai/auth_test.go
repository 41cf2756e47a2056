package akamai

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	capture "github.com/idemu/idemu/client/akamai"

	"github.com/stretchr/testify/require"
)

func TestClientAuthenticationMethods(t *testing.T) {
	x := newHarness(t)
	form := pairs("type_name", "user")

	// client_id and client_secret parameters, in the form or in the query string.
	x.call("/entity.count", "type_name", "user").ok(t)
	x.send("/entity.count?client_id="+DefaultOwnerClientID+"&client_secret="+DefaultOwnerClientSecret, form, nil).ok(t)

	// HTTP Basic.
	basic := http.Header{}
	basic.Set("Authorization", "Basic "+b64(DefaultOwnerClientID+":"+DefaultOwnerClientSecret))
	x.send("/entity.count", form, basic).ok(t)

	// janrain-signed: HMAC-SHA1 over path, Date and the sorted parameters.
	date := x.clock.Now().UTC().Format(signedDateLayout)
	signed := http.Header{}
	signed.Set("Date", date)
	signed.Set("Authorization", "Signature "+DefaultOwnerClientID+":"+capture.Sign("/entity.count", date, form, DefaultOwnerClientSecret))
	x.send("/entity.count", form, signed).ok(t)

	// A signature over other parameters, or an old Date, is refused.
	x.send("/entity.count", pairs("type_name", "other"), signed).fails(t, http.StatusOK, codeInvalidClientCredentials)
	x.clock.Advance(6 * time.Minute)
	x.send("/entity.count", form, signed).fails(t, http.StatusOK, codeInvalidClientCredentials)

	// No credentials, wrong secret, unknown client.
	x.send("/entity.count", form, nil).fails(t, http.StatusOK, codeInvalidAuthMethod)
	x.send("/entity.count", pairs("type_name", "user", "client_id", DefaultOwnerClientID, "client_secret", "nope"), nil).
		fails(t, http.StatusOK, codeInvalidClientCredentials)
	x.send("/entity.count", pairs("type_name", "user", "client_id", "nobody", "client_secret", "x"), nil).
		fails(t, http.StatusOK, codeInvalidClientCredentials)
}

func TestFeaturesArePerOperation(t *testing.T) {
	x := newHarness(t)
	added := x.call("/clients/add", "description", "reader", "features", `["direct_read_access"]`).ok(t)
	id, secret := added["client_id"].(string), added["client_secret"].(string)
	as := func(path string, kv ...string) reply {
		form := pairs(kv...)
		form.Set("client_id", id)
		form.Set("client_secret", secret)
		return x.send(path, form, nil)
	}
	as("/entity.count", "type_name", "user").ok(t)
	as("/entity.create", "type_name", "user", "attributes", `{}`).fails(t, http.StatusOK, codeClientPermissionError)
	as("/clients/list").fails(t, http.StatusOK, codeClientPermissionError)

	// The login client may use the native endpoints only.
	x.send("/entity.count", pairs("type_name", "user", "client_id", DefaultLoginClientID, "client_secret", DefaultLoginClientSecret), nil).
		fails(t, http.StatusOK, codeClientPermissionError)
	x.send("/oauth/auth_native_traditional", pairs("client_id", id, "locale", "en-US", "redirect_uri", "https://app.test/", "form", "signInForm"), nil).
		fails(t, http.StatusOK, codeClientPermissionError)
}

func TestUserAccessTokenPinsTheRecord(t *testing.T) {
	x := newHarness(t)
	other := x.createUser(`{"email":"other@example.test"}`)
	demo := x.call("/entity", "type_name", "user", "key_attribute", "email", "key_value", `"`+DefaultEmail+`"`).ok(t)["result"].(map[string]any)
	tok := x.call("/access/getAccessToken", "type_name", "user", "uuid", demo["uuid"].(string)).ok(t)["accessToken"].(string)
	require.Len(t, tok, 16)

	// The token's own record, whatever selector is sent, by parameter or OAuth header.
	rec := x.send("/entity", pairs("type_name", "user", "uuid", other, "access_token", tok), nil).ok(t)["result"].(map[string]any)
	require.Equal(t, DefaultEmail, rec["email"])
	h := http.Header{}
	h.Set("Authorization", "OAuth "+tok)
	x.send("/entity.update", pairs("type_name", "user", "attributes", `{"givenName":"Pinned"}`), h).ok(t)
	rec = x.call("/entity", "type_name", "user", "uuid", demo["uuid"].(string)).ok(t)["result"].(map[string]any)
	require.Equal(t, "Pinned", rec["givenName"])

	// deleteAccess ends every grant: the token now fails with 413; expiry gives 414.
	x.call("/entity.deleteAccess", "type_name", "user", "uuid", demo["uuid"].(string)).ok(t)
	x.send("/entity", pairs("type_name", "user", "access_token", tok), nil).fails(t, http.StatusOK, codeNoAccessGrant)
	tok = x.call("/access/getAccessToken", "type_name", "user", "uuid", demo["uuid"].(string)).ok(t)["accessToken"].(string)
	x.clock.Advance(61 * time.Minute)
	x.send("/entity", pairs("type_name", "user", "access_token", tok), nil).fails(t, http.StatusOK, codeAccessTokenExpired)
	x.send("/entity", pairs("type_name", "user", "access_token", "nonsense"), nil).fails(t, http.StatusOK, codeInvalidArgument)
}

func TestCreationToken(t *testing.T) {
	x := newHarness(t)
	tok := x.call("/access/getCreationToken", "type_name", "user").ok(t)["creation_token"].(string)
	form := url.Values{"type_name": {"user"}, "creation_token": {tok}, "attributes": {`{"email":"new@example.test"}`}}
	x.send("/entity.create", form, nil).ok(t)
	form.Set("attributes", `{"email":"again@example.test"}`)
	x.send("/entity.create", form, nil).fails(t, http.StatusOK, codeInvalidArgument)
	tok = x.call("/access/getCreationToken", "type_name", "user", "lifetime", "10").ok(t)["creation_token"].(string)
	x.clock.Advance(11 * time.Second)
	form.Set("creation_token", tok)
	x.send("/entity.create", form, nil).fails(t, http.StatusOK, codeCreationTokenExpired)
}

func TestIPAllowlist(t *testing.T) {
	x := newHarness(t)
	added := x.call("/clients/add", "description", "fenced", "features", `["owner"]`).ok(t)
	id, secret := added["client_id"].(string), added["client_secret"].(string)
	x.call("/clients/set_whitelist", "for_client_id", id, "whitelist", `["10.0.0.0/8"]`).ok(t)
	form := pairs("client_id", id, "client_secret", secret)
	// httptest requests come from 192.0.2.1.
	x.send("/clients/list", form, nil).fails(t, http.StatusOK, codeClientPermissionError)
	x.call("/clients/set_whitelist", "for_client_id", id, "whitelist", `["192.0.2.0/24"]`).ok(t)
	x.send("/clients/list", form, nil).ok(t)
	x.call("/clients/set_whitelist", "for_client_id", id, "whitelist", `["not an ip"]`).fails(t, http.StatusOK, codeInvalidArgument)
}

func TestUnknownOperationAndApp(t *testing.T) {
	x := newHarness(t)
	r := x.call("/entity.nothing")
	r.fails(t, http.StatusNotFound, codeInvalidAPIMethod)
	h := http.Header{}
	h.Set("X-Idemu-Tenant", "ghost")
	x.send("/entity.count", pairs("type_name", "user"), h).fails(t, http.StatusOK, codeApplicationNotFound)
	x.call("/entity.count", "type_name", "user", "application_id", "elsewhere").fails(t, http.StatusOK, codeUnknownApplication)
}
