package akamai

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/fixtures"
)

func TestExampleFixtureSeeds(t *testing.T) {
	doc, err := fixtures.Load("../../fixtures/akamai-example.yaml")
	require.NoError(t, err)
	x := newHarness(t)
	require.NoError(t, x.h.Seed(doc))
	rec := x.call("/entity", "type_name", "user", "key_attribute", "email", "key_value", `"alice@example.test"`).ok(t)["result"].(map[string]any)
	require.Equal(t, "Amsterdam", rec["primaryAddress"].(map[string]any)["city"])
	require.Equal(t, "1990-04-01", rec["birthday"])
}
