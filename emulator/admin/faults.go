package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/faults"
)

func (h *Handler) listFaults(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"faults": h.Faults.List()})
}

func (h *Handler) addFault(c *gin.Context) {
	var r faults.Rule
	if err := c.ShouldBindJSON(&r); err != nil {
		fail(c, http.StatusBadRequest, "invalid_fault", err.Error())
		return
	}
	added, err := h.Faults.Add(r)
	if err != nil {
		fail(c, http.StatusBadRequest, "invalid_fault", err.Error())
		return
	}
	c.JSON(http.StatusOK, added)
}

func (h *Handler) clearFaults(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"deleted": h.Faults.Clear()})
}

func (h *Handler) removeFault(c *gin.Context) {
	if !h.Faults.Remove(contract.Param(c, "id")) {
		fail(c, http.StatusNotFound, "unknown_fault", "no fault with that id")
		return
	}
	c.JSON(http.StatusOK, gin.H{"deleted": 1})
}
