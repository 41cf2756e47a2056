package akamai

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/store"
)

const testKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl idemu@test"

func siemPath(op string) string { return "/config/applications/default/eventdelivery/" + op }

// siemMessages lists the SIEM messages the app got, by event type.
func (x *harness) siemMessages() []string {
	x.tb.Helper()
	var out []string
	require.NoError(x.tb, x.store.View(func(tx *store.Tx) error {
		msgs, err := x.outbox.List(tx, "default", siemDestination("default"))
		for _, m := range msgs {
			var body map[string]any
			require.NoError(x.tb, json.Unmarshal([]byte(m.Body), &body))
			require.Equal(x.tb, "default", body["app_id"])
			out = append(out, body["event_type"].(string))
		}
		return err
	}))
	return out
}

func TestSIEMEventDelivery(t *testing.T) {
	x := newHarness(t)
	require.Equal(t, siemNotActivated, x.owner(http.MethodGet, siemPath("readStatus"), nil).is(t, http.StatusOK).body["status"])
	x.owner(http.MethodPost, siemPath("activate"), nil).hostError(t, http.StatusBadRequest)
	x.call("/settings/set_default", "key", "akamai_account_id", "value", "1-ABCDE").ok(t)
	require.Empty(t, x.siemMessages(), "nothing is delivered before activation")

	x.owner(http.MethodPost, siemPath("activate"), []string{"not a key"}).hostError(t, http.StatusBadRequest)
	x.owner(http.MethodPost, siemPath("activate"), []string{testKey}).is(t, http.StatusAccepted)
	x.owner(http.MethodPost, siemPath("activate"), nil).hostError(t, http.StatusConflict)
	require.Equal(t, siemActive, x.owner(http.MethodGet, siemPath("readStatus"), nil).body["status"])
	require.Equal(t, []any{testKey}, x.owner(http.MethodPost, siemPath("readKeys"), nil).is(t, http.StatusOK).val)

	// A failed and a good sign-in, then a blocked event type.
	x.login("/oauth/auth_native_traditional", "locale", "en-US", "redirect_uri", "https://app.test/cb", "form", "signInForm",
		"signInEmailAddress", DefaultEmail, "currentPassword", "wrong-password").fails(t, http.StatusOK, codeInvalidCredentials)
	x.login("/oauth/auth_native_traditional", "locale", "en-US", "redirect_uri", "https://app.test/cb", "form", "signInForm",
		"signInEmailAddress", DefaultEmail, "currentPassword", DefaultPassword).ok(t)
	x.owner(http.MethodPost, siemPath("addBlocklist"), []string{"nonsense"}).hostError(t, http.StatusBadRequest)
	require.Equal(t, []any{"login"}, x.owner(http.MethodPost, siemPath("addBlocklist"), []string{"login"}).is(t, http.StatusOK).val)
	req := httptest.NewRequest(http.MethodGet, siemPath("addBlocklist"), strings.NewReader(`["config_change"]`))
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(DefaultOwnerClientID, DefaultOwnerClientSecret)
	require.Equal(t, []any{"config_change", "login"}, x.do(req).is(t, http.StatusOK).val, "the index's GET adds too")
	x.login("/oauth/auth_native_traditional", "locale", "en-US", "redirect_uri", "https://app.test/cb", "form", "signInForm",
		"signInEmailAddress", DefaultEmail, "currentPassword", DefaultPassword).ok(t)
	x.owner(http.MethodPost, siemPath("deleteBlocklist"), []string{"login"}).is(t, http.StatusOK)
	require.ElementsMatch(t, []string{siemFailedLogin, siemLogin}, x.siemMessages(), "the blocked login is not delivered")

	x.owner(http.MethodPost, siemPath("deleteKeys"), []string{testKey}).is(t, http.StatusOK)
	require.Equal(t, []any{}, x.owner(http.MethodGet, siemPath("readKeys"), nil).is(t, http.StatusOK).val)
	x.owner(http.MethodPost, siemPath("deactivate"), nil).is(t, http.StatusAccepted)
	x.owner(http.MethodPost, siemPath("deactivate"), nil).hostError(t, http.StatusConflict)
	x.owner(http.MethodPost, siemPath("addKeys"), []string{testKey}).hostError(t, http.StatusConflict)
	x.basicJSON(http.MethodGet, siemPath("readStatus"), DefaultLoginClientID, DefaultLoginClientSecret, nil).hostError(t, http.StatusForbidden)
}
