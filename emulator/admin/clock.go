package admin

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/clock"
)

type clockRequest struct {
	Advance string     `json:"advance"`
	Set     *time.Time `json:"set"`
	Reset   bool       `json:"reset"`
}

func clockState(c *clock.Adjustable) gin.H {
	return gin.H{"now": c.Now().Format(time.RFC3339Nano), "offset_seconds": c.Offset().Seconds()}
}

func (h *Handler) getClock(c *gin.Context) { c.JSON(http.StatusOK, clockState(h.Clock)) }

// setClock applies reset, then set, then advance, so one call can say
// "from wall time, plus 90 minutes".
func (h *Handler) setClock(c *gin.Context) {
	var req clockRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		fail(c, http.StatusBadRequest, "invalid_clock", err.Error())
		return
	}
	var d time.Duration
	if req.Advance != "" {
		var err error
		if d, err = time.ParseDuration(req.Advance); err != nil {
			fail(c, http.StatusBadRequest, "invalid_clock", `advance must be a Go duration such as "90m" or "36h"`)
			return
		}
	}
	if req.Advance == "" && req.Set == nil && !req.Reset {
		fail(c, http.StatusBadRequest, "invalid_clock", "give one of advance, set or reset")
		return
	}
	if req.Reset {
		h.Clock.Reset()
	}
	if req.Set != nil {
		h.Clock.Set(*req.Set)
	}
	if d != 0 {
		h.Clock.Advance(d)
	}
	c.JSON(http.StatusOK, clockState(h.Clock))
}
