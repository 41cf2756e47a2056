package logto

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEveryOperationHasAHandlerOrALedgerEntry: mounting fails for a documented operation
// with neither a handler nor a ledger entry, and for a ledger entry that has a handler.
func TestEveryOperationHasAHandlerOrALedgerEntry(t *testing.T) {
	x := newHarness(t)
	handlers := x.h.handlers()
	require.NoError(t, x.h.routes.CheckCoverage(handlers, Ledger()))
	require.Len(t, x.h.routes.Operations(), 338, "the seed's 335 operations and idemu's 3 OIDC ones")
	require.Len(t, handlers, 314)
	require.Len(t, Ledger(), 24)

	delete(handlers, "GetUser")
	require.ErrorContains(t, x.h.routes.CheckCoverage(handlers, Ledger()), `operation "GetUser"`)
	handlers = x.h.handlers()
	require.ErrorContains(t, x.h.routes.CheckCoverage(handlers, append(Ledger(), "GetUser")), "remove it from the ledger")
}

var pathParams = regexp.MustCompile(`\{[^}]+\}`)

// TestEveryOperationIsRouted sends a request to every documented path: implemented
// operations reach their handler (never 404, 405, 501 or 500); ledger operations answer
// Logto's body with 501 idemu.not_implemented, never a bare 404.
func TestEveryOperationIsRouted(t *testing.T) {
	x := newHarness(t)
	token := x.managementToken()
	ledger := map[string]bool{}
	for _, id := range Ledger() {
		ledger[id] = true
	}
	for _, op := range x.h.routes.Operations() {
		path := pathParams.ReplaceAllString(op.Path, "unknown")
		x.routed = nil
		w := x.api(op.Method, path, token, "{}")
		require.Equal(t, []string{op.ID}, x.routed, "%s %s was not routed to its operation (status %d)", op.Method, path, w.Code)
		if ledger[op.ID] {
			require.Equal(t, http.StatusNotImplemented, w.Code, op.ID)
			body := decode(t, w)
			require.Equal(t, "idemu.not_implemented", body["code"])
			require.Equal(t, op.ID, body["data"].(map[string]any)["operationId"])
			continue
		}
		require.NotContains(t, []int{http.StatusMethodNotAllowed, http.StatusNotImplemented}, w.Code, op.ID)
		require.Less(t, w.Code, 500, "%s %s: %s", op.Method, path, w.Body.String())
	}
}

func TestUnknownRouteIsKoasPlainNotFoundAndWrongMethodIs405(t *testing.T) {
	x := newHarness(t)
	w := x.api(http.MethodGet, "/api/nowhere", "", "")
	require.Equal(t, http.StatusNotFound, w.Code)
	require.Equal(t, "Not Found", w.Body.String())
	require.True(t, strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain"))

	w = x.api(http.MethodPut, "/api/users", "", "")
	require.Equal(t, http.StatusMethodNotAllowed, w.Code)
	require.Equal(t, "GET, POST", w.Header().Get("Allow"))
}

// implementedGroups are the contract's tags whose every operation has a handler.
var implementedGroups = []string{"Users", "Applications", "Roles", "Resources", "Status", "Swagger.json", "OIDC",
	"Organizations", "Organization roles", "Organization scopes", "Organization invitations",
	"Custom phrases", "Domains", "Verification codes", "Connectors", "Connector factories", "SSO connectors", "SSO connector providers", "Hooks", "Audit logs", "Account center", "Subject tokens", "One-time tokens", "Dashboard",
	"Email templates", "Captcha provider", "Custom profile fields", "Systems", "User assets", "Sign-in experience", "Sentinel activities"}

func TestLedgerIsSortedWithinEachGroupAndHoldsNoImplementedGroup(t *testing.T) {
	x := newHarness(t)
	var group []string
	check := func() {
		for i := 1; i < len(group); i++ {
			require.Less(t, group[i-1], group[i], "ledger.txt is sorted within each group")
		}
		group = nil
	}
	for _, line := range strings.Split(ledgerText, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			check()
		default:
			group = append(group, line)
			meta := x.h.idx.ops[line]
			require.NotContains(t, implementedGroups, meta.Group, line)
		}
	}
	check()
}
