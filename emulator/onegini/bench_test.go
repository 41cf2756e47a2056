package onegini

import (
	"net/http"
	"testing"
)

// The benchmarks serve requests through the gin engine without a listener, so they
// measure the emulator (auth, routing, contract validation, store), not the network.

func BenchmarkGetWholeConfiguration(b *testing.B) {
	x := newHarness(b)
	for b.Loop() {
		if w := x.as(http.MethodGet, "/api/v2/config", ""); w.Code != http.StatusOK {
			b.Fatal(w.Code)
		}
	}
}

func BenchmarkGetV1View(b *testing.B) {
	x := newHarness(b)
	for b.Loop() {
		if w := x.as(http.MethodGet, "/api/config?fields=messages,profile", ""); w.Code != http.StatusOK {
			b.Fatal(w.Code)
		}
	}
}

func BenchmarkValidatedPOST(b *testing.B) {
	x := newHarness(b)
	body := `{"stategy":"STRONGEST_AVAILABLE","actions":{"dashboard_step_up_authentication_level":2}}`
	for b.Loop() {
		if w := x.as(http.MethodPost, "/api/v2/config/step-up", body); w.Code != http.StatusNoContent {
			b.Fatal(w.Code)
		}
	}
}

// BenchmarkRejectedPOST is a request that fails validation: the 400 path.
func BenchmarkRejectedPOST(b *testing.B) {
	x := newHarness(b)
	for b.Loop() {
		if w := x.as(http.MethodPost, "/api/v2/config/step-up", `{"stategy":"NEVER"}`); w.Code != http.StatusBadRequest {
			b.Fatal(w.Code)
		}
	}
}
