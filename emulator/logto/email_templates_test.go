package logto

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator/store"
)

// TestEmailsAreWrittenWithTheTenantsTemplate: a code email uses the English template
// of its type, with the code filled in.
func TestEmailsAreWrittenWithTheTenantsTemplate(t *testing.T) {
	x := newHarness(t)
	tok := x.managementToken()
	w := x.api(http.MethodPost, "/api/connectors", tok, `{"connectorId":"simple-mail-transfer-protocol","config":{"host":"h","port":25,"fromEmail":"a@example.test"}}`)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	w = x.api(http.MethodPut, "/api/email-templates", tok, `{"templates":[{"languageTag":"en","templateType":"Generic","details":{"subject":"Code inside","content":"Use {{code}} now"}}]}`)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	w = x.api(http.MethodPost, "/api/verification-codes", tok, `{"email":"ada@example.test"}`)
	require.Equal(t, http.StatusNoContent, w.Code, w.Body.String())
	require.NoError(t, x.h.deps.Store.View(func(tx *store.Tx) error {
		msgs, err := x.h.deps.Outbox.List(tx, "default", "ada@example.test")
		require.Len(t, msgs, 1)
		require.Equal(t, "Code inside", msgs[0].Subject)
		require.Equal(t, "Use "+msgs[0].Code+" now", msgs[0].Body)
		return err
	}))
}
