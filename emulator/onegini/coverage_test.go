package onegini

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEveryOperationHasARealHandler: mounting fails for a documented operation without
// a handler (there is no ledger for this provider), and a request to each operation's
// path is routed to that very operation and answered by it, never by the router's
// 404 or 405 or a 501.
func TestEveryOperationHasARealHandler(t *testing.T) {
	x := newHarness(t)
	require.NoError(t, x.h.contract.CheckCoverage(x.h.handlers(), nil))
	ops := x.h.contract.Operations()
	require.Len(t, ops, len(operationIDs))

	handled := 0
	for _, op := range ops {
		path := strings.NewReplacer("{locale_variant}", "nl", "{message_key}", "personal.general.next",
			"{url-id}", "5b0f3f4e-3c1a-4c39-9d7e-2f64a1c0b001").Replace(op.Path)
		body := ""
		if x.h.schemas.requestBody(op) != nil {
			switch op.ID {
			case "addWhitelistedUrl":
				body = `{"url":"https://routing.example.test/cb"}`
			case "updateCustomMessages": // keeps the message deleteCustomMessage deletes
				body = `{"locales":{"nl":{"personal.general.next":"Volgende"}}}`
			default:
				body = "{}"
			}
		}
		x.routed = nil
		w := x.as(op.Method, path, body)
		require.Equal(t, []string{op.ID}, x.routed, "%s %s was not routed to its operation (status %d)", op.Method, path, w.Code)
		require.Less(t, w.Code, 300, "%s %s answered %d", op.Method, path, w.Code)
		handled++
	}
	t.Logf("%d/%d operations have a handler that answers them", handled, len(operationIDs))
}

func TestUnknownPathAndMethodHaveEmptyBodies(t *testing.T) {
	x := newHarness(t)
	w := x.as(http.MethodGet, "/api/v2/nowhere", "")
	require.Equal(t, http.StatusNotFound, w.Code)
	require.Empty(t, w.Body.String())
	w = x.as(http.MethodPatch, "/api/v2/config/step-up", "")
	require.Equal(t, http.StatusMethodNotAllowed, w.Code)
	require.Equal(t, "GET, POST", w.Header().Get("Allow"))
	require.Empty(t, w.Body.String())
}
