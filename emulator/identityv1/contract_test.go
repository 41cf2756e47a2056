package identityv1

import (
	"context"
	"os"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"
)

func loadContract(t *testing.T) *openapi3.T {
	t.Helper()
	data, err := os.ReadFile("openapi.yaml")
	require.NoError(t, err)
	doc, err := openapi3.NewLoader().LoadFromData(data)
	require.NoError(t, err)
	return doc
}

func TestContractIsValid(t *testing.T) {
	doc := loadContract(t)
	require.NoError(t, doc.Validate(context.Background()))
}

func TestContractOperations(t *testing.T) {
	doc := loadContract(t)

	ids := map[string]bool{}
	count := 0
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			count++
			require.NotEmpty(t, op.OperationID)
			require.False(t, ids[op.OperationID], "duplicate operationId %s", op.OperationID)
			ids[op.OperationID] = true
		}
	}
	require.Equal(t, 27, count)

	identityOps := []string{
		"getSecurityQuestions", "validateSecurityAnswers", "setProfilePicture",
		"addLinkedLogin", "removeLinkedLogin", "changePassword", "changeUsername",
		"setSecurityAnswers", "resetPassword", "recoverUsername",
		"checkUsernameAvailable", "setHintPicture", "getMe", "registerEmail",
		"confirmEmail", "registerPhoneNumber", "confirmPhoneNumber", "findUser",
		"registerUser", "getUser", "getPasswordRequirements",
	}
	require.Len(t, identityOps, 21)
	for _, id := range identityOps {
		require.True(t, ids[id], "missing operationId %s", id)
	}
}
