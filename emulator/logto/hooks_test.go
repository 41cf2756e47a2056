package logto

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// receiver is a webhook endpoint on loopback that records what it gets.
type receiver struct {
	mu       sync.Mutex
	bodies   [][]byte
	headers  []http.Header
	status   int
	endpoint *httptest.Server
}

func newReceiver(t *testing.T, status int) *receiver {
	r := &receiver{status: status}
	r.endpoint = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.bodies, r.headers = append(r.bodies, body), append(r.headers, req.Header.Clone())
		r.mu.Unlock()
		w.WriteHeader(r.status)
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	t.Cleanup(r.endpoint.Close)
	return r
}

// TestDataHookEventsAreDeliveredSignedAndLogged: creating a user fires User.Created to
// the subscribed hook, signed with its key; the delivery shows in the hook's recent
// logs and execution stats, not in the audit log, which has the token grant.
func TestDataHookEventsAreDeliveredSignedAndLogged(t *testing.T) {
	x := newHarness(t)
	tok := x.managementToken()
	r := newReceiver(t, http.StatusOK)
	w := x.api(http.MethodPost, "/api/hooks", tok, jsonBody(map[string]any{
		"name": "audit", "events": []string{"User.Created", "User.Created"}, "config": map[string]any{"url": r.endpoint.URL, "headers": map[string]string{"x-tenant": "t1"}}}))
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	created := decode(t, w)
	hookID, key := created["id"].(string), created["signingKey"].(string)
	require.Equal(t, []any{"User.Created"}, created["events"], "events are deduplicated")

	uid := x.created(tok, "/api/users", `{"username":"hooked"}`)
	x.created(tok, "/api/roles", `{"name":"not-subscribed","description":"d"}`)
	x.h.deliveries.Wait()

	require.Len(t, r.bodies, 1)
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write(r.bodies[0])
	require.Equal(t, hex.EncodeToString(mac.Sum(nil)), r.headers[0].Get("logto-signature-sha-256"))
	require.Equal(t, "t1", r.headers[0].Get("x-tenant"))
	var payload map[string]any
	require.NoError(t, json.Unmarshal(r.bodies[0], &payload))
	require.Equal(t, "User.Created", payload["event"])
	require.Equal(t, hookID, payload["hookId"])
	require.Equal(t, "/users", payload["matchedRoute"])
	require.Equal(t, uid, payload["data"].(map[string]any)["id"])

	w = x.api(http.MethodGet, "/api/hooks/"+hookID+"/recent-logs", tok, "")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	entries := decodeList(t, w)
	require.Len(t, entries, 1)
	require.Equal(t, "TriggerHook.User.Created", entries[0].(map[string]any)["key"])
	require.Equal(t, "Success", entries[0].(map[string]any)["payload"].(map[string]any)["result"])

	w = x.api(http.MethodGet, "/api/hooks/"+hookID+"?includeExecutionStats=true", tok, "")
	require.EqualValues(t, 1, decode(t, w)["executionStats"].(map[string]any)["successCount"])

	w = x.api(http.MethodGet, "/api/logs", tok, "")
	for _, l := range decodeList(t, w) {
		require.Equal(t, "ExchangeTokenBy.ClientCredentials", l.(map[string]any)["key"])
	}
	w = x.api(http.MethodGet, "/api/logs?applicationId="+DefaultClientID, tok, "")
	require.NotEmpty(t, decodeList(t, w))

	// A new signing key, and a disabled hook gets nothing.
	w = x.api(http.MethodPatch, "/api/hooks/"+hookID+"/signing-key", tok, "")
	require.NotEqual(t, key, decode(t, w)["signingKey"])
	w = x.api(http.MethodPatch, "/api/hooks/"+hookID, tok, `{"enabled":false}`)
	require.Equal(t, http.StatusOK, w.Code)
	x.created(tok, "/api/users", `{"username":"quiet"}`)
	x.h.deliveries.Wait()
	require.Len(t, r.bodies, 1)
}

// TestHookTestReportsTheEndpointsAnswer: a test delivery to an endpoint that fails is
// 422 hook.endpoint_responded_with_error; one that cannot be reached is 422
// hook.send_test_payload_failed.
func TestHookTestReportsTheEndpointsAnswer(t *testing.T) {
	x := newHarness(t)
	tok := x.managementToken()
	ok, broken := newReceiver(t, http.StatusNoContent), newReceiver(t, http.StatusInternalServerError)
	w := x.api(http.MethodPost, "/api/hooks", tok, `{"event":"PostSignIn","config":{"url":"`+ok.endpoint.URL+`"}}`)
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	id := decode(t, w)["id"].(string)

	test := func(url string) *httptest.ResponseRecorder {
		return x.api(http.MethodPost, "/api/hooks/"+id+"/test", tok, `{"events":["PostSignIn"],"config":{"url":"`+url+`"}}`)
	}
	require.Equal(t, http.StatusNoContent, test(ok.endpoint.URL).Code)
	require.Len(t, ok.bodies, 1)
	w = test(broken.endpoint.URL)
	require.Equal(t, http.StatusUnprocessableEntity, w.Code)
	require.Equal(t, "hook.endpoint_responded_with_error", decode(t, w)["code"])
	require.EqualValues(t, 500, decode(t, w)["data"].(map[string]any)["responseStatus"])
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	w = test(closed.URL)
	require.Equal(t, http.StatusUnprocessableEntity, w.Code)
	require.Equal(t, "hook.send_test_payload_failed", decode(t, w)["code"])

	w = x.api(http.MethodPost, "/api/hooks", tok, `{"config":{"url":"`+ok.endpoint.URL+`"}}`)
	require.Equal(t, http.StatusBadRequest, w.Code)
	require.Equal(t, "hook.missing_events", decode(t, w)["code"])
	w = x.api(http.MethodPost, "/api/hooks", tok, `{"events":[],"config":{"url":"`+ok.endpoint.URL+`"}}`)
	require.Equal(t, http.StatusBadRequest, w.Code)
	require.Equal(t, "guard.invalid_input", decode(t, w)["code"])
}
