package admin

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/clock"
	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
)

// RequestEntry is one served request.
type RequestEntry struct {
	Time       time.Time `json:"time"`
	Method     string    `json:"method"`
	Path       string    `json:"path"`
	Status     int       `json:"status"`
	DurationMS float64   `json:"duration_ms"`
	Tenant     string    `json:"tenant,omitempty"`
	Operation  string    `json:"operation,omitempty"`
}

// RequestLog keeps the last requests of one listener in a ring.
type RequestLog struct {
	mu      sync.Mutex
	entries []RequestEntry
	next    int
	full    bool
}

// NewRequestLog keeps up to size entries.
func NewRequestLog(size int) *RequestLog { return &RequestLog{entries: make([]RequestEntry, size)} }

// Middleware records every request except the admin API's own reads of the log.
// Durations are wall time on purpose: they measure the emulator, not the story.
func (l *RequestLog) Middleware(clk clock.Clock) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now() // wall-clock: a duration of real work, not emulated time
		c.Next()
		if c.Request.URL.Path == "/_emulator/requests" {
			return
		}
		elapsed := time.Since(start) // wall-clock: the real work since start
		e := RequestEntry{
			Time: clk.Now(), Method: c.Request.Method, Path: c.Request.URL.Path, Status: c.Writer.Status(),
			DurationMS: float64(elapsed.Microseconds()) / 1000, Tenant: platform.TenantOf(c),
		}
		if op := contract.OperationOf(c); op != nil {
			e.Operation = op.ID
		}
		l.add(e)
	}
}

func (l *RequestLog) add(e RequestEntry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries[l.next] = e
	l.next = (l.next + 1) % len(l.entries)
	if l.next == 0 {
		l.full = true
	}
}

// Last returns up to n entries, newest first.
func (l *RequestLog) Last(n int) []RequestEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	count := l.next
	if l.full {
		count = len(l.entries)
	}
	if n > count {
		n = count
	}
	out := make([]RequestEntry, 0, n)
	for i := 1; i <= n; i++ {
		out = append(out, l.entries[(l.next-i+len(l.entries))%len(l.entries)])
	}
	return out
}

func (h *Handler) listRequests(c *gin.Context) {
	limit := 100
	if s := c.Query("limit"); s != "" {
		limit, _ = strconv.Atoi(s) // the contract already checked it is an integer in range
	}
	c.JSON(http.StatusOK, gin.H{"requests": h.Requests.Last(limit)})
}
