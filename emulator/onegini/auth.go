package onegini

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// RoleConfiguration is the role CIM requires of a technical user for this API.
const RoleConfiguration = "configuration_rest"

// Roles lists the roles CIM gives its technical users, one per API. A technical user
// seeded without roles gets all of them, as CIM's general API user does.
var Roles = []string{"configuration_rest", "credentials_rest", "events_rest", "persons_rest",
	"session_rest", "statistics_rest", "storage_rest"}

// technicalUser is an HTTP Basic identity of a tenant: a fixture's client (id and
// secret) or user (username and password).
type technicalUser struct {
	Username string   `json:"username"`
	Password string   `json:"password"` // kept as given: /_emulator/info lists it anyway
	Roles    []string `json:"roles"`
	// FromUsers is true for a fixture's `users:` entry, which /_emulator/info lists as
	// a user rather than a client.
	FromUsers bool `json:"from_users,omitempty"`
}

var technicalUsers = store.Collection[technicalUser]{Name: "technical-users"}

// admit authenticates the caller (401 without valid credentials, 403 without the
// role) and then applies the API switch: while configuration_api_enabled is false,
// v1 operations answer 500 and v2 operations 409, as the source documents.
func (h *Handler) admit(op *contract.Operation) gin.HandlerFunc {
	disabled := http.StatusConflict
	if op.HasTag("v1") {
		disabled = http.StatusInternalServerError
	}
	return h.handle(func(c *gin.Context) error {
		name, password, ok := c.Request.BasicAuth()
		if !ok || name == "" {
			return unauthorized("HTTP Basic credentials are required")
		}
		tenant := platform.TenantOf(c)
		var who technicalUser
		var features document
		err := h.deps.Store.View(func(tx *store.Tx) error {
			var err error
			if who, err = technicalUsers.Get(tx, tenant, name); err != nil {
				return err
			}
			features, err = loadUnit(tx, tenant, unitFeatures)
			return err
		})
		switch {
		case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrInvalidKey):
			return unauthorized("unknown technical user")
		case err != nil:
			return err
		}
		if subtle.ConstantTimeCompare([]byte(password), []byte(who.Password)) != 1 {
			return unauthorized("wrong password")
		}
		if !slices.Contains(who.Roles, RoleConfiguration) {
			return fail(http.StatusForbidden, "the technical user lacks the "+RoleConfiguration+" role")
		}
		if !apiEnabled(features) {
			return fail(disabled, "the Configuration API is switched off")
		}
		return nil
	})
}
