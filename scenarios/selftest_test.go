package scenarios_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/scenarios"
)

// fakeTarget answers the password-requirements operation with a chosen body.
func fakeTarget(t *testing.T, body string) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func runFeature(t *testing.T, base, feature string) int {
	t.Helper()
	status, err := scenarios.Run(scenarios.Options{
		Provider: "identityv1", BaseURL: base, ClientID: "c", ClientSecret: "s", Output: io.Discard, Format: "progress",
		Features: fstest.MapFS{"identityv1/self.feature": {Data: []byte(feature)}},
	})
	require.NoError(t, err)
	return status
}

const policyFeature = `Feature: self test
  Scenario: read the policy
    Given I am not authenticated
    When I send a GET request to "/v1/identity/policy/password-requirements"
    Then the response status should be 200
    And the response field "length" should be the number %s
`

// The suite can fail: a wrong expectation fails, and so does a body that breaks the
// contract even when every step's own assertion holds.
func TestTheSuiteFailsOnAWrongExpectationAndOnAContractBreach(t *testing.T) {
	good := fakeTarget(t, `{"length":10,"non-alphanumeric":true,"lowercase":true,"uppercase":false,"digit":false}`)
	require.Zero(t, runFeature(t, good, fmt.Sprintf(policyFeature, "10")))
	require.NotZero(t, runFeature(t, good, fmt.Sprintf(policyFeature, "12")), "a wrong expected value must fail")

	breach := fakeTarget(t, `{"length":10,"digit":"no"}`)
	require.NotZero(t, runFeature(t, breach, fmt.Sprintf(policyFeature, "10")), "a body that breaks the contract must fail")
}
