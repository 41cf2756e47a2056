package logto

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
)

// The Account API's view of the user's own sign-in sessions and grants.

func (a *account) sessionReadable() error {
	if !a.center.readable("session") {
		return fail(http.StatusBadRequest, "account_center.field_not_enabled")
	}
	return nil
}

func (h *Handler) getMySessions(c *gin.Context) error {
	var out gin.H
	err := h.withAccount(c, false, func(a *account) (err error) {
		if err := a.sessionReadable(); err != nil {
			return err
		}
		out, err = sessionsBody(a.tx, a.tenant, a.user.ID)
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) deleteMySession(c *gin.Context) error {
	return h.withAccountDone(c, func(a *account) error {
		if err := a.sensitive(); err != nil {
			return err
		}
		if err := a.editable("session"); err != nil {
			return err
		}
		return endSession(a.tx, a.tenant, a.user.ID, contract.Param(c, "sessionId"), c.Query("revokeGrantsTarget") != "")
	})
}

func (h *Handler) getMyGrants(c *gin.Context) error {
	var out gin.H
	err := h.withAccount(c, false, func(a *account) (err error) {
		if err := a.sessionReadable(); err != nil {
			return err
		}
		out, err = grantsBody(a.tx, a.tenant, a.user.ID, c.Query("appType"))
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) deleteMyGrant(c *gin.Context) error {
	return h.withAccountDone(c, func(a *account) error {
		if err := a.sensitive(); err != nil {
			return err
		}
		if err := a.editable("session"); err != nil {
			return err
		}
		return revokeGrant(a.tx, a.tenant, a.user.ID, contract.Param(c, "grantId"))
	})
}
