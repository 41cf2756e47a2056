package identityv1

import (
	"net/http"
	"net/url"
	"testing"
)

// The benchmarks serve requests through the gin engine without a listener, so they
// measure the emulator (routing, contract validation, store, signing), not the network.

func BenchmarkTokenIssueClientCredentials(b *testing.B) {
	x := newHarness(b)
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret}}.Encode()
	b.ResetTimer()
	for b.Loop() {
		if w := x.do(http.MethodPost, "/v1/authentication/connect/token", "", "application/x-www-form-urlencoded", form); w.Code != http.StatusOK {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}

func BenchmarkValidatedGET(b *testing.B) {
	x := newHarness(b)
	token := x.clientToken()
	b.ResetTimer()
	for b.Loop() {
		if w := x.json(http.MethodGet, "/v1/identity/users/demo?include=linked-logins", token, ""); w.Code != http.StatusOK {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}

func BenchmarkValidatedPOST(b *testing.B) {
	x := newHarness(b)
	token := x.clientToken()
	body := `{"url":"https://pictures.example.test/hint.png"}`
	b.ResetTimer()
	for b.Loop() {
		if w := x.json(http.MethodPut, "/v1/identity/users/demo/hint-picture", token, body); w.Code != http.StatusNoContent {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}

// BenchmarkRejectedPOST is a request that fails validation: the 400 path.
func BenchmarkRejectedPOST(b *testing.B) {
	x := newHarness(b)
	token := x.clientToken()
	body := `{"username":"x","password":"","email":"bad","phone-number":"1"}`
	b.ResetTimer()
	for b.Loop() {
		if w := x.json(http.MethodPost, "/v1/identity/users", token, body); w.Code != http.StatusBadRequest {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}
