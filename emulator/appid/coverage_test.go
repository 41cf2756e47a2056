package appid

import (
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// seedOperations are the 70 operations of the App ID Management API source document
// (method and path after /management/v4/{tenantId}).
var seedOperations = [][2]string{
	{"GET", "/config/idps/facebook"},
	{"PUT", "/config/idps/facebook"},
	{"GET", "/config/idps/google"},
	{"PUT", "/config/idps/google"},
	{"GET", "/config/idps/custom"},
	{"PUT", "/config/idps/custom"},
	{"GET", "/config/idps/cloud_directory"},
	{"PUT", "/config/idps/cloud_directory"},
	{"GET", "/config/idps/saml"},
	{"PUT", "/config/idps/saml"},
	{"GET", "/config/tokens"},
	{"PUT", "/config/tokens"},
	{"GET", "/config/redirect_uris"},
	{"PUT", "/config/redirect_uris"},
	{"GET", "/config/users_profile"},
	{"PUT", "/config/users_profile"},
	{"GET", "/config/ui/theme_text"},
	{"PUT", "/config/ui/theme_text"},
	{"GET", "/config/ui/theme_color"},
	{"PUT", "/config/ui/theme_color"},
	{"GET", "/config/ui/media"},
	{"POST", "/config/ui/media"},
	{"GET", "/config/saml_metadata"},
	{"GET", "/config/cloud_directory/templates/{templateName}/{language}"},
	{"PUT", "/config/cloud_directory/templates/{templateName}/{language}"},
	{"DELETE", "/config/cloud_directory/templates/{templateName}/{language}"},
	{"GET", "/config/ui/languages"},
	{"PUT", "/config/ui/languages"},
	{"GET", "/config/cloud_directory/sender_details"},
	{"PUT", "/config/cloud_directory/sender_details"},
	{"GET", "/config/cloud_directory/action_url/{action}"},
	{"PUT", "/config/cloud_directory/action_url/{action}"},
	{"DELETE", "/config/cloud_directory/action_url/{action}"},
	{"GET", "/config/cloud_directory/password_regex"},
	{"PUT", "/config/cloud_directory/password_regex"},
	{"GET", "/config/cloud_directory/email_dispatcher"},
	{"PUT", "/config/cloud_directory/email_dispatcher"},
	{"POST", "/config/cloud_directory/email_dispatcher/test"},
	{"POST", "/config/cloud_directory/sms_dispatcher/test"},
	{"GET", "/config/cloud_directory/advanced_password_management"},
	{"PUT", "/config/cloud_directory/advanced_password_management"},
	{"GET", "/config/cloud_directory/mfa/channels"},
	{"GET", "/config/cloud_directory/mfa/channels/{channel}"},
	{"PUT", "/config/cloud_directory/mfa/channels/{channel}"},
	{"GET", "/config/cloud_directory/mfa"},
	{"PUT", "/config/cloud_directory/mfa"},
	{"GET", "/cloud_directory/Users"},
	{"POST", "/cloud_directory/Users"},
	{"GET", "/cloud_directory/Users/{userId}"},
	{"PUT", "/cloud_directory/Users/{userId}"},
	{"DELETE", "/cloud_directory/Users/{userId}"},
	{"GET", "/cloud_directory/export"},
	{"POST", "/cloud_directory/import"},
	{"POST", "/cloud_directory/sign_up"},
	{"POST", "/cloud_directory/sign_up/confirmation_result"},
	{"POST", "/cloud_directory/forgot_password"},
	{"POST", "/cloud_directory/forgot_password/confirmation_result"},
	{"POST", "/cloud_directory/change_password"},
	{"POST", "/cloud_directory/resend/{templateName}"},
	{"GET", "/users"},
	{"POST", "/users"},
	{"DELETE", "/users/{id}"},
	{"POST", "/users/{id}/revoke_refresh_token"},
	{"GET", "/users/{id}/profile"},
	{"PUT", "/users/{id}/profile"},
	{"GET", "/applications"},
	{"POST", "/applications"},
	{"GET", "/applications/{clientId}"},
	{"PUT", "/applications/{clientId}"},
	{"DELETE", "/applications/{clientId}"},
}

// loadLedger reads ledger.txt: documented operations without a handler yet, one
// operationId a line. It is absent while every operation has a handler.
func loadLedger(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("ledger.txt")
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	require.NoError(t, err)
	var ids []string
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			ids = append(ids, line)
		}
	}
	return ids
}

// concrete fills a path template with values that reach the operation.
func concrete(path string) string {
	return strings.NewReplacer("{tenantId}", DefaultTenant, "{templateName}", "WELCOME", "{language}", "en",
		"{action}", "on_user_verified", "{channel}", "email", "{name}", "premfa").Replace(path)
}

// TestEveryOperationHasARealHandler: every documented operation has a handler (or a
// ledger entry), and a request to its path is routed to that very operation, never to
// the router's 404 or 405, and never fails with a 5xx.
func TestEveryOperationHasARealHandler(t *testing.T) {
	x := newHarness(t)
	ledger := loadLedger(t)
	require.NoError(t, x.h.contract.CheckCoverage(x.h.handlers(), ledger))
	require.Empty(t, ledger, "every operation is implemented: the ledger should be gone")
	ops := x.h.contract.Operations()
	require.Len(t, ops, 108, "97 App ID management operations, 8 of its OAuth server, 3 of IAM")

	token := x.manager()
	for _, op := range ops {
		path := concrete(op.Path)
		x.routed = nil
		w := x.json(op.Method, path, token, "{}")
		require.Equal(t, []string{op.ID}, x.routed, "%s %s was not routed to its operation (status %d)", op.Method, path, w.Code)
		require.NotEqual(t, http.StatusMethodNotAllowed, w.Code)
		require.NotEqual(t, http.StatusNotImplemented, w.Code)
		require.Less(t, w.Code, 500, "%s %s: %s", op.Method, path, w.Body.String())
		if json.Valid(w.Body.Bytes()) && w.Body.Len() > 0 {
			// IBM's SDKs decode a body only when it is declared JSON.
			require.True(t, strings.HasPrefix(w.Header().Get("Content-Type"), "application/json"), "%s %s: %s", op.Method, path, w.Header().Get("Content-Type"))
		}
	}
}

// TestSeedOperationsAreImplemented: each of the source document's 70 operations is in
// the contract, with a handler.
func TestSeedOperationsAreImplemented(t *testing.T) {
	x := newHarness(t)
	require.Len(t, seedOperations, 70)
	handlers := x.h.handlers()
	for _, so := range seedOperations {
		path := "/management/v4/" + DefaultTenant + concrete(so[1])
		op, _, ok := x.h.contract.Match(so[0], strings.NewReplacer("{userId}", "u1", "{clientId}", "c1", "{id}", "p1").Replace(path))
		require.True(t, ok, "%s %s is not in the contract", so[0], so[1])
		require.NotNil(t, handlers[op.ID], "%s %s (%s) has no handler", so[0], so[1], op.ID)
	}
}

func TestUnknownPathAndMethodUseTheManagementEnvelope(t *testing.T) {
	x := newHarness(t)
	w := x.json(http.MethodGet, mgmt+"/nowhere", "", "")
	require.Equal(t, http.StatusNotFound, w.Code)
	require.Equal(t, "NOT_FOUND", decode(t, w.Body)["code"])
	w = x.json(http.MethodPatch, mgmt+"/applications", "", "")
	require.Equal(t, http.StatusMethodNotAllowed, w.Code)
	require.Equal(t, "METHOD_NOT_ALLOWED", decode(t, w.Body)["code"])
}
