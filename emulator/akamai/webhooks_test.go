package akamai

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/store"
)

// listener is a webhook endpoint on loopback that records what it receives.
type listener struct {
	*httptest.Server
	mu     sync.Mutex
	status int
	bodies []string
	types  []string
}

func newListener(t *testing.T) *listener {
	l := &listener{status: http.StatusOK}
	l.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		l.mu.Lock()
		defer l.mu.Unlock()
		l.bodies = append(l.bodies, string(b))
		l.types = append(l.types, r.Header.Get("Content-Type"))
		w.WriteHeader(l.status)
	}))
	t.Cleanup(l.Close)
	return l
}

func (l *listener) received() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.bodies...)
}

func (l *listener) answer(status int) {
	l.mu.Lock()
	l.status = status
	l.mu.Unlock()
}

const hooks = "/webhooks/subscriptions"

func TestWebhookSubscriptions(t *testing.T) {
	x := newHarness(t)
	x.jsonCall(http.MethodGet, hl(hooks), x.adminToken(scopeConfig), nil).hostError(t, http.StatusForbidden)
	tok := x.adminToken(scopeWebhooks)
	x.jsonCall(http.MethodPost, hl(hooks), tok, map[string]any{"title": "remote", "endpoint": "https://hooks.example.com/in",
		"events": []string{"entityCreated"}}).hostError(t, http.StatusBadRequest)
	x.jsonCall(http.MethodPost, hl(hooks), tok, map[string]any{"title": "x", "endpoint": "http://127.0.0.1:9/in",
		"events": []string{"entityCreated"}}).hostError(t, http.StatusBadRequest)
	x.jsonCall(http.MethodPost, hl(hooks), tok, map[string]any{"title": "bad events", "endpoint": "http://127.0.0.1:9/in",
		"events": []string{"entityRead"}}).hostError(t, http.StatusBadRequest)
	for i := range 12 {
		x.jsonCall(http.MethodPost, hl(hooks), tok, map[string]any{"title": fmt.Sprintf("sub %02d", i),
			"endpoint": "http://localhost:9/in", "events": []string{}}).is(t, http.StatusCreated)
	}
	x.jsonCall(http.MethodPost, hl(hooks), tok, map[string]any{"title": "sub 00", "endpoint": "http://localhost:9/in",
		"events": []string{}}).hostError(t, http.StatusConflict)
	all := x.jsonCall(http.MethodGet, hl(hooks), tok, nil).is(t, http.StatusOK)
	require.Len(t, all.body["_embedded"].(map[string]any)["subscriptions"], 12)
	second := x.jsonCall(http.MethodGet, hl(hooks+"?page=2"), tok, nil).is(t, http.StatusOK)
	require.Len(t, second.body["_embedded"].(map[string]any)["subscriptions"], 2)
	require.Contains(t, second.body["_links"], "prev")
	beyond := x.jsonCall(http.MethodGet, hl(hooks+"?page=9"), tok, nil).is(t, http.StatusOK)
	require.Equal(t, second.body, beyond.body, "a page past the end is the last page")

	first := all.body["_embedded"].(map[string]any)["subscriptions"].([]any)[0].(map[string]any)
	id := first["id"].(string)
	require.Equal(t, defaultCustomer, first["customerId"])
	patched := x.jsonCall(http.MethodPatch, hl(hooks+"/"+id), tok, map[string]any{"enabled": false}).is(t, http.StatusOK)
	require.Equal(t, false, patched.body["enabled"])
	require.Equal(t, "sub 00", patched.body["title"])
	x.jsonCall(http.MethodPatch, hl(hooks+"/"+id), tok, map[string]any{"title": "sub 01"}).hostError(t, http.StatusConflict)
	x.jsonCall(http.MethodDelete, hl(hooks+"/"+id), tok, nil).is(t, http.StatusNoContent)
	x.jsonCall(http.MethodGet, hl(hooks+"/"+id), tok, nil).hostError(t, http.StatusNotFound)
	x.jsonCall(http.MethodPost, hl(hooks), tok, map[string]any{"title": "sub 00", "endpoint": "http://localhost:9/in",
		"events": []string{}}).is(t, http.StatusCreated)
}

func TestWebhookDeliveries(t *testing.T) {
	x := newHarness(t)
	tok := x.adminToken(scopeAll)
	l := newListener(t)
	sub := x.jsonCall(http.MethodPost, hl(hooks), tok, map[string]any{"title": "profiles", "endpoint": l.URL + "/hook",
		"events": []string{"entityCreated", "entityDeleted"}}).is(t, http.StatusCreated).body["id"].(string)

	uuid := x.createUser(`{"email":"hook@example.test"}`)
	got := l.received()
	require.Len(t, got, 1, "the event is delivered before the call returns")
	claims := verifyJWT(t, x, got[0])
	require.Equal(t, "Akamai Identity Cloud", claims["iss"])
	require.Equal(t, defaultCustomer, claims["aud"])
	created := claims["events"].(map[string]any)["entityCreated"].(map[string]any)
	require.Equal(t, uuid, created["uuid"])
	require.Equal(t, "default", created["applicationId"])
	require.Equal(t, []string{"application/secevent+jwt"}, l.types)

	// Updates are not subscribed to; a failing listener makes a failed event.
	x.call("/entity.update", "type_name", "user", "uuid", uuid, "attributes", `{"givenName":"Hook"}`).ok(t)
	require.Len(t, l.received(), 1)
	l.answer(http.StatusInternalServerError)
	x.call("/entity.delete", "type_name", "user", "uuid", uuid).ok(t)
	require.Len(t, l.received(), 2)

	events := x.jsonCall(http.MethodGet, hl(hooks+"/"+sub+"/events"), tok, nil).is(t, http.StatusOK)
	list := events.body["_embedded"].(map[string]any)["events"].([]any)
	require.Len(t, list, 2)
	deleted := list[0].(map[string]any)
	require.Equal(t, "entityDeleted", deleted["type"])
	require.Equal(t, "failure", deleted["state"])
	require.Equal(t, "success", list[1].(map[string]any)["state"])
	eventID := deleted["id"].(string)
	history := x.jsonCall(http.MethodGet, hl(hooks+"/"+sub+"/events/"+eventID+"/history"), tok, nil).is(t, http.StatusOK)
	states := history.body["_embedded"].(map[string]any)["history"].([]any)
	require.Equal(t, []any{"awaiting-executing", "executing", "failure"},
		[]any{states[0].(map[string]any)["state"], states[1].(map[string]any)["state"], states[2].(map[string]any)["state"]})
	require.Equal(t, 500.0, states[2].(map[string]any)["statusCode"])

	// Redelivery, once the listener recovers.
	l.answer(http.StatusNoContent)
	again := x.jsonCall(http.MethodPost, hl(hooks+"/"+sub+"/events/"+eventID+"/redelivery"), tok, nil).is(t, http.StatusAccepted)
	require.Equal(t, "success", again.body["state"])
	require.Equal(t, 2.0, again.body["attempts"])
	x.jsonCall(http.MethodPost, hl(hooks+"/"+sub+"/events/"+eventID+"/redelivery"), tok, nil).hostError(t, http.StatusConflict)
	require.NoError(t, x.store.View(func(tx *store.Tx) error {
		msgs, err := x.outbox.List(tx, "default", l.URL+"/hook")
		require.Len(t, msgs, 3, "every attempt is in the outbox")
		return err
	}))

	// The test notification; a disabled subscription keeps events as failures.
	test := x.jsonCall(http.MethodPost, hl(hooks+"/"+sub+"/test"), tok, nil).is(t, http.StatusOK)
	require.Equal(t, true, test.body["success"])
	x.jsonCall(http.MethodPatch, hl(hooks+"/"+sub), tok, map[string]any{"enabled": false}).is(t, http.StatusOK)
	x.createUser(`{"email":"quiet@example.test"}`)
	require.Len(t, l.received(), 4, "three events and the test")
	quiet := x.jsonCall(http.MethodGet, hl(hooks+"/"+sub+"/events?page=1"), tok, nil).is(t, http.StatusOK)
	latest := quiet.body["_embedded"].(map[string]any)["events"].([]any)[0].(map[string]any)
	require.Equal(t, "failure", latest["state"])
	x.jsonCall(http.MethodPost, hl(hooks+"/"+sub+"/events/"+latest["id"].(string)+"/redelivery"), tok, nil).hostError(t, http.StatusConflict)
	x.jsonCall(http.MethodGet, hl(hooks+"/"+sub+"/events/nothing"), tok, nil).hostError(t, http.StatusNotFound)
}
