package appid

import (
	"net/http"
	"net/url"
	"testing"
)

// The benchmarks serve requests through the gin engine without a listener, so they
// measure the emulator (routing, authentication, contract validation, store,
// signing), not the network.

func BenchmarkIAMToken(b *testing.B) {
	x := newHarness(b)
	form := url.Values{"grant_type": {iamAPIKeyGrant}, "apikey": {DefaultAPIKey}}
	b.ResetTimer()
	for b.Loop() {
		if w := x.form("/identity/token", form, "", ""); w.Code != http.StatusOK {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}

func BenchmarkValidatedGET(b *testing.B) {
	x := newHarness(b)
	token := x.manager()
	b.ResetTimer()
	for b.Loop() {
		if w := x.json(http.MethodGet, mgmt+"/config/idps/cloud_directory", token, ""); w.Code != http.StatusOK {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}

func BenchmarkValidatedPUT(b *testing.B) {
	x := newHarness(b)
	token := x.manager()
	body := `{"access":{"expires_in":900},"refresh":{"enabled":true,"expires_in":86400}}`
	b.ResetTimer()
	for b.Loop() {
		if w := x.json(http.MethodPut, mgmt+"/config/tokens", token, body); w.Code != http.StatusOK {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}

// BenchmarkRejectedPOST is a SCIM request that fails validation: the 400 path.
func BenchmarkRejectedPOST(b *testing.B) {
	x := newHarness(b)
	token := x.manager()
	body := `{"emails":[{"value":"not-an-email"}]}`
	b.ResetTimer()
	for b.Loop() {
		if w := x.json(http.MethodPost, mgmt+"/cloud_directory/Users", token, body); w.Code != http.StatusBadRequest {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}

func BenchmarkPasswordGrant(b *testing.B) {
	x := newHarness(b)
	b.ResetTimer()
	for b.Loop() {
		if r := x.passwordGrant(DefaultUserEmail, DefaultPassword); r.code != http.StatusOK {
			b.Fatal(r.code, r.body)
		}
	}
}
