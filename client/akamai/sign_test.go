package akamai

import (
	"net/url"
	"testing"
)

// TestSignMatchesAnIndependentComputation pins the signature to a value computed
// outside Go (openssl dgst -sha1 -hmac over the documented text), since the emulator
// verifies with this same function.
func TestSignMatchesAnIndependentComputation(t *testing.T) {
	params := url.Values{"type_name": {"user"}, "client_id": {"c"}, "client_secret": {"s3cret"}}
	got := Sign("/entity.count", "Tue, 08 Sep 2026 10:00:00 GMT", params, "s3cret")
	if want := "i6OugjlkME/nvBgHOCJbQAGnWKk="; got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
}
