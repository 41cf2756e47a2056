package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/outbox"
	"github.com/idemu/idemu/emulator/store"
)

func (h *Handler) listOutbox(c *gin.Context) {
	var msgs []outbox.Message
	err := h.Store.View(func(tx *store.Tx) error {
		var err error
		msgs, err = h.Outbox.List(tx, c.Query("tenant"), c.Query("to"))
		return err
	})
	if err != nil {
		h.internal(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"messages": msgs})
}

func (h *Handler) clearOutbox(c *gin.Context) {
	var n int
	err := h.Store.Update(func(tx *store.Tx) error {
		var err error
		n, err = h.Outbox.Clear(tx, c.Query("tenant"))
		return err
	})
	if err != nil {
		h.internal(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"deleted": n})
}
