package admin

import (
	"errors"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/fixtures"
)

// seed loads a fixture document into the running emulator. It adds to the current
// state; reset still returns to the start-up baseline.
func (h *Handler) seed(c *gin.Context) {
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		fail(c, http.StatusBadRequest, "invalid_fixture", "the body could not be read")
		return
	}
	doc, err := fixtures.Parse(body)
	if err != nil {
		var ve *fixtures.ValidationError
		if errors.As(err, &ve) {
			fail(c, http.StatusBadRequest, "invalid_fixture", "the fixture document is not valid", ve.Problems...)
			return
		}
		fail(c, http.StatusBadRequest, "invalid_fixture", err.Error())
		return
	}
	if doc.Provider != h.Provider.Name() {
		fail(c, http.StatusBadRequest, "wrong_provider",
			"this listener emulates "+h.Provider.Name()+", the fixture is for "+doc.Provider)
		return
	}
	if err := h.Provider.Seed(doc); err != nil {
		var se *platform.SeedError
		if errors.As(err, &se) {
			fail(c, http.StatusBadRequest, "seed_conflict", se.Error())
			return
		}
		h.internal(c, err)
		return
	}
	var clients, users int
	for _, t := range doc.Tenants {
		clients += len(t.Clients)
		users += len(t.Users)
	}
	c.JSON(http.StatusOK, gin.H{"tenants": len(doc.Tenants), "clients": clients, "users": users})
}
