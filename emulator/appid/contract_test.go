package appid

import (
	"context"
	"os"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"
)

func TestContractIsValid(t *testing.T) {
	data, err := os.ReadFile("openapi.yaml")
	require.NoError(t, err)
	doc, err := openapi3.NewLoader().LoadFromData(data)
	require.NoError(t, err)
	require.NoError(t, doc.Validate(context.Background()))
}

// TestContractFamilies: every operation belongs to exactly one family, which decides
// its authentication and its error format.
func TestContractFamilies(t *testing.T) {
	x := newHarness(t)
	counts := map[string]int{}
	for _, op := range x.h.contract.Operations() {
		n := 0
		for _, tag := range []string{tagManagement, tagSCIM, tagOAuth, tagIAM} {
			if op.HasTag(tag) {
				counts[tag]++
				n++
			}
		}
		require.Equal(t, 1, n, "%s has %d families", op.ID, n)
	}
	require.Equal(t, map[string]int{tagManagement: 81, tagSCIM: 16, tagOAuth: 8, tagIAM: 3}, counts)
}
