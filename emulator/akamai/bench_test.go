package akamai

import (
	"fmt"
	"net/url"
	"testing"
)

// The benchmarks serve requests through the gin engine without a listener, so they
// measure the emulator (routing, parameter validation, auth, store, bcrypt at cost 4).

func BenchmarkEntityRead(b *testing.B) {
	x := newHarness(b)
	for b.Loop() {
		x.call("/entity", "type_name", "user", "key_attribute", "email", "key_value", `"`+DefaultEmail+`"`).ok(b)
	}
}

func BenchmarkEntityFind1000(b *testing.B) {
	x := newHarness(b)
	all := "["
	for i := range 1000 {
		if i > 0 {
			all += ","
		}
		all += fmt.Sprintf(`{"email":"u%d@example.test","givenName":"n%d"}`, i, i%7)
	}
	x.call("/entity.bulkCreate", "type_name", "user", "all_attributes", all+"]").ok(b)
	b.ResetTimer()
	for b.Loop() {
		x.call("/entity.find", "type_name", "user", "filter", "givenName = 'n3' and email is not null", "max_results", "10").ok(b)
	}
}

func BenchmarkNativeLogin(b *testing.B) {
	x := newHarness(b)
	form := url.Values{"client_id": {DefaultLoginClientID}, "locale": {"en-US"}, "redirect_uri": {redirect}, "form": {"signInForm"},
		"signInEmailAddress": {DefaultEmail}, "currentPassword": {DefaultPassword}}
	for b.Loop() {
		x.send("/oauth/auth_native_traditional", form, nil).ok(b)
	}
}

// BenchmarkRejectedCall is a call refused for a missing parameter: the error path.
func BenchmarkRejectedCall(b *testing.B) {
	x := newHarness(b)
	for b.Loop() {
		x.call("/entity.find").fails(b, 200, codeMissingArgument)
	}
}
