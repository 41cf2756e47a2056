package akamai

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"
)

// ledger reads ledger.txt: documented operations without a handler yet.
func ledger(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("ledger.txt")
	if os.IsNotExist(err) {
		return nil
	}
	require.NoError(t, err)
	defer f.Close()
	var ids []string
	s := bufio.NewScanner(f)
	for s.Scan() {
		if line := strings.TrimSpace(s.Text()); line != "" && !strings.HasPrefix(line, "#") {
			ids = append(ids, line)
		}
	}
	return ids
}

// TestEveryOperationHasARealHandler: every documented operation has a handler or a
// ledger entry, a request to each operation's path reaches that very operation, and only
// ledger operations answer 501.
func TestEveryOperationHasARealHandler(t *testing.T) {
	x := newHarness(t)
	ledgered := ledger(t)
	require.NoError(t, x.h.contract.CheckCoverage(x.h.handlers(), ledgered))
	ops := x.h.contract.Operations()
	require.Len(t, ops, 212, "the 206 distinct operations of the index, /access/getCreationToken, "+
		"/{customerId}/login/authorize and the four SIEM operations under their other method")
	for _, op := range ops {
		x.routed = nil
		r := x.sendMethod(op.Method, op.Path, pairs("client_id", DefaultOwnerClientID, "client_secret", DefaultOwnerClientSecret), nil)
		require.Equal(t, []string{op.ID}, x.routed, "%s %s was not routed to its operation", op.Method, op.Path)
		if slices.Contains(ledgered, op.ID) {
			require.Equal(t, http.StatusNotImplemented, r.status, "%s %s: %s", op.Method, op.Path, r.raw)
			continue
		}
		require.Less(t, r.status, 500, "%s %s: %s", op.Method, op.Path, r.raw)
		if familyOf(op) == famCapture {
			require.Contains(t, []any{"ok", "error"}, r.body["stat"], r.raw)
		}
	}
}

func TestContractIsValid(t *testing.T) {
	data, err := os.ReadFile("openapi.yaml")
	require.NoError(t, err)
	doc, err := openapi3.NewLoader().LoadFromData(data)
	require.NoError(t, err)
	require.NoError(t, doc.Validate(context.Background()))
	capture := map[string]bool{"entity": true, "entityType": true, "access": true, "oauth": true, "clients": true, "settings": true}
	for path, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if !capture[op.Tags[0]] {
				continue
			}
			require.NotNil(t, op.RequestBody, path)
			require.NotNil(t, op.RequestBody.Value.Content.Get("application/x-www-form-urlencoded"), "%s takes a form", path)
		}
	}
}

// TestReadOperationsAnswerGET: GET with a query string reaches the same operation, except
// under /oauth/, which reads body parameters only.
func TestReadOperationsAnswerGET(t *testing.T) {
	x := newHarness(t)
	get := func(target string) reply {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		w := httptest.NewRecorder()
		x.engine.ServeHTTP(w, req)
		var r reply
		r.status, r.raw = w.Code, w.Body.String()
		_ = json.Unmarshal(w.Body.Bytes(), &r.body)
		return r
	}
	creds := "client_id=" + DefaultOwnerClientID + "&client_secret=" + DefaultOwnerClientSecret
	require.Equal(t, 1.0, get("/entity.count?type_name=user&" + creds).ok(t)["total_count"])
	get("/oauth/token?grant_type=refresh_token").fails(t, http.StatusNotFound, codeInvalidAPIMethod)
	// Query parameters never reach /oauth/ endpoints, even on POST.
	x.send("/oauth/auth_native_traditional?client_id="+DefaultLoginClientID, pairs("locale", "en-US"), nil).
		fails(t, http.StatusOK, codeMissingArgument)
}
