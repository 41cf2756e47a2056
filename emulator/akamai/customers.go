package akamai

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Application settings Akamai manages for an app: the customer id that names the app's
// customer on the v1.api hosts, the Social Login API key, and the Akamai account that
// SIEM event delivery needs.
const (
	settingCustomerID    = "customer_id"
	settingRPXKey        = "rpx_key"
	settingAkamaiAccount = "akamai_account_id"
)

// managedSettings cannot be changed through the Configuration API.
var managedSettings = []string{settingCustomerID, settingRPXKey}

// defaultCustomerID is the customer id of an app whose fixture gives none: a GUID derived
// from the app's name, so that it stays the same across resets.
func defaultCustomerID(app string) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("urn:idemu:akamai:customer:"+app)).String()
}

// newRPXKey is a Social Login API key: 40 hexadecimal characters, as in Akamai's examples.
func newRPXKey() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b) // never fails on supported platforms
	return hex.EncodeToString(b)
}

// ensureManagedSettings gives a seeded app its customer id and API key when the fixture
// does not, and checks that a customer id is a GUID no other app holds.
func ensureManagedSettings(tx *store.Tx, app string, doc *appDoc) error {
	id := doc.Settings[settingCustomerID]
	if id == "" {
		id = defaultCustomerID(app)
	}
	u, err := uuid.Parse(id)
	if err != nil {
		return &platform.SeedError{Reason: fmt.Sprintf("app %s: setting customer_id %q is not a GUID", app, id)}
	}
	doc.Settings[settingCustomerID] = u.String()
	if holder, err := customerApp(tx, u.String()); err == nil && holder != app {
		return &platform.SeedError{Reason: fmt.Sprintf("app %s: customer_id %s already belongs to app %s", app, u, holder)}
	}
	if doc.Settings[settingRPXKey] == "" {
		doc.Settings[settingRPXKey] = newRPXKey()
	}
	return nil
}

// customerApp finds the app a customer id belongs to.
func customerApp(tx *store.Tx, id string) (string, error) {
	tenants, err := tx.Tenants()
	if err != nil {
		return "", err
	}
	for _, t := range tenants {
		doc, err := apps.Get(tx, t, appDocID)
		if err == nil && strings.EqualFold(doc.Settings[settingCustomerID], id) {
			return t, nil
		}
	}
	return "", configErr(http.StatusNotFound, "Customer "+id+" not found.")
}

// customerOf is an app's customer id.
func customerOf(tx *store.Tx, app string) (string, error) {
	doc, err := appSettings(tx, app)
	return doc.Settings[settingCustomerID], err
}

// Administrative token scopes.
const (
	scopeAll      = "*:**"
	scopeConfig   = "*:config/**"
	scopeWebhooks = "*:webhooks/**"
)

var adminScopes = []string{scopeAll, scopeConfig, scopeWebhooks}

// adminTokenTTL: administrative tokens last an hour, as Akamai documents.
const adminTokenTTL = time.Hour

// adminToken is an administrative access token a configuration client obtained with the
// client_credentials grant. It is opaque, as in Akamai's examples, and stored by the
// SHA-256 of its value.
type adminToken struct {
	ClientID string    `json:"client_id"`
	Scope    []string  `json:"scope"`
	IssuedAt time.Time `json:"iat"`
	Expires  time.Time `json:"exp"`
}

var adminTokens = store.Collection[adminToken]{Name: "hl-admin-tokens"}

func tokenHash(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

// bearer reads "Authorization: Bearer <token>".
func bearer(c *gin.Context) (string, bool) {
	scheme, raw, ok := strings.Cut(c.GetHeader("Authorization"), " ")
	raw = strings.TrimSpace(raw)
	return raw, ok && strings.EqualFold(scheme, "Bearer") && raw != ""
}

// bearerAdmin authenticates a call with an administrative token whose scope reaches the
// call's API. A missing token is 401; an unknown, expired or too narrow one is 403, the
// status Akamai documents for an expired token.
func (h *Handler) bearerAdmin(tx *store.Tx, c *gin.Context, x *call) error {
	raw, ok := bearer(c)
	if !ok {
		return configErr(http.StatusUnauthorized, "Unauthorized: an administrative access token is required.")
	}
	if x.app == "" {
		app, err := adminTokenApp(tx, raw)
		if err != nil {
			return err
		}
		if x.customer, err = customerOf(tx, app); err != nil {
			return err
		}
		x.app = app
	}
	tok, err := adminTokens.Get(tx, x.app, tokenHash(raw))
	if errors.Is(err, store.ErrNotFound) {
		return configErr(http.StatusForbidden, "Forbidden")
	}
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(tok.Scope, func(s string) bool { return slices.Contains(bearerScopes[x.family], s) }) {
		return configErr(http.StatusForbidden, "Forbidden: the token's scope does not reach this API.")
	}
	x.admin = &tok
	return nil
}

// adminTokenApp finds the app whose customer an administrative token was issued for.
func adminTokenApp(tx *store.Tx, raw string) (string, error) {
	tenants, err := tx.Tenants()
	if err != nil {
		return "", err
	}
	id := tokenHash(raw)
	for _, t := range tenants {
		if _, err := adminTokens.Get(tx, t, id); err == nil {
			return t, nil
		}
	}
	return "", configErr(http.StatusForbidden, "Forbidden")
}
