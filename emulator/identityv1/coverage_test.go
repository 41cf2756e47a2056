package identityv1

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEveryOperationHasARealHandler: mounting fails for a documented operation without
// a handler (there is no ledger for this provider), and a request to each operation's
// path is routed to that very operation, never to the router's 404 or 405.
func TestEveryOperationHasARealHandler(t *testing.T) {
	x := newHarness(t)
	require.NoError(t, x.h.contract.CheckCoverage(x.h.handlers(), nil))
	ops := x.h.contract.Operations()
	require.Len(t, ops, 27, "21 Identity API operations and 6 Authentication API ones")

	token := x.userToken(DefaultUsername, DefaultPassword)
	for _, op := range ops {
		path := strings.NewReplacer("{username}", DefaultUsername, "{login}", "nobody").Replace(op.Path)
		x.routed = nil
		w := x.json(op.Method, path, token, "{}")
		require.Equal(t, []string{op.ID}, x.routed, "%s %s was not routed to its operation (status %d)", op.Method, path, w.Code)
		require.NotEqual(t, http.StatusMethodNotAllowed, w.Code)
		require.NotEqual(t, http.StatusNotImplemented, w.Code)
		require.Less(t, w.Code, 500, "%s %s: %s", op.Method, path, w.Body.String())
	}
}

func TestUnknownPathAndMethodUseTheProblemEnvelope(t *testing.T) {
	x := newHarness(t)
	w := x.json(http.MethodGet, "/v1/identity/nowhere", "", "")
	require.Equal(t, http.StatusNotFound, w.Code)
	require.Equal(t, "not-found", decode(t, w.Body)["problem"])
	w = x.json(http.MethodDelete, "/v1/identity/users", "", "")
	require.Equal(t, http.StatusMethodNotAllowed, w.Code)
}
