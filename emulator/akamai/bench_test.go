package akamai

import (
	"fmt"
	"net/http"
	"net/http/httptest"
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

// BenchmarkHostedLoginCodeExchange signs a user in through the authorization endpoint's
// form and exchanges the code: a signed ID token, a JWT access token and a refresh token.
func BenchmarkHostedLoginCodeExchange(b *testing.B) {
	x := newHarness(b)
	for b.Loop() {
		back, _ := x.signIn(authQuery(), DefaultEmail, DefaultPassword, "")
		x.tokenForm("/login/token", DefaultOIDCClientID, DefaultOIDCClientSecret, url.Values{"grant_type": {"authorization_code"},
			"code": {back.Query().Get("code")}, "redirect_uri": {DefaultRedirectURI}}).is(b, http.StatusOK)
	}
}

// BenchmarkConfigurationFieldChange adds a field to a flow: a new flow version each time.
func BenchmarkConfigurationFieldChange(b *testing.B) {
	x := newHarness(b)
	i := 0
	for b.Loop() {
		i++
		x.owner(http.MethodPost, std+"/fields", map[string]any{"type": "text", "name": fmt.Sprintf("f%d", i),
			"schemaAttribute": "aboutMe"}).is(b, http.StatusCreated)
	}
}

// BenchmarkEntityCreateWithWebhook creates a record whose event a loopback listener gets.
func BenchmarkEntityCreateWithWebhook(b *testing.B) {
	x := newHarness(b)
	l := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	b.Cleanup(l.Close)
	x.jsonCall(http.MethodPost, hl(hooks), x.adminToken(scopeAll), map[string]any{"title": "bench", "endpoint": l.URL,
		"events": []string{"entityCreated"}}).is(b, http.StatusCreated)
	i := 0
	for b.Loop() {
		i++
		x.call("/entity.create", "type_name", "user", "attributes", fmt.Sprintf(`{"email":"b%d@example.test"}`, i)).ok(b)
	}
}
