package logto

import (
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Logs are Logto's audit log: one entry per event idemu emulates (token grants,
// sign-in interactions, webhook deliveries), each with a key such as
// "ExchangeTokenBy.ClientCredentials" and a payload that carries the key, the result
// and who was involved.

type logEntry struct {
	ID        string          `json:"id"`
	Key       string          `json:"key"`
	Payload   json.RawMessage `json:"payload"`
	CreatedAt int64           `json:"createdAt"`
	Seq       int64           `json:"seq"`
}

var logs = store.Collection[logEntry]{Name: "logs"}

const (
	logSuccess = "Success"
	logError   = "Error"
	// hookLogPrefix marks webhook deliveries, which the audit log leaves to the hooks.
	hookLogPrefix = "TriggerHook."
)

type logBody struct {
	TenantID  string          `json:"tenantId,omitempty"`
	ID        string          `json:"id"`
	Key       string          `json:"key"`
	Payload   json.RawMessage `json:"payload"`
	CreatedAt int64           `json:"createdAt"`
}

func (l logEntry) body(tenant string) logBody {
	return logBody{TenantID: tenant, ID: l.ID, Key: l.Key, Payload: l.Payload, CreatedAt: l.CreatedAt}
}

// logPayload is the fixed part of a log's payload; extra members follow.
type logPayload struct {
	Key           string `json:"key"`
	Result        string `json:"result"`
	UserID        string `json:"userId,omitempty"`
	ApplicationID string `json:"applicationId,omitempty"`
	IP            string `json:"ip,omitempty"`
	UserAgent     string `json:"userAgent,omitempty"`
}

// writeLog records an entry; extra members are merged into the payload.
func writeLog(tx *store.Tx, tenant string, p logPayload, extra map[string]any) error {
	raw, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if len(extra) > 0 {
		more, err := json.Marshal(extra)
		if err != nil {
			return err
		}
		raw = mergeJSONB(raw, more)
	}
	seq, err := nextSeq(tx, tenant)
	if err != nil {
		return err
	}
	l := logEntry{ID: standardID(), Key: p.Key, Payload: jsonb(raw), CreatedAt: tx.Now().UnixMilli(), Seq: seq}
	return logs.Insert(tx, tenant, l.ID, l)
}

// requestContext is the caller's address and user agent, as Logto logs them.
func requestContext(c *gin.Context) logPayload {
	return logPayload{IP: c.ClientIP(), UserAgent: c.GetHeader("User-Agent")}
}

// newestLogs lists the entries that match, newest first.
func newestLogs(tx *store.Tx, tenant string, keep func(logEntry, map[string]any) bool) ([]logEntry, error) {
	var out []logEntry
	err := logs.Each(tx, tenant, func(_ string, l logEntry) bool {
		var p map[string]any
		_ = json.Unmarshal(l.Payload, &p)
		if keep(l, p) {
			out = append(out, l)
		}
		return true
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Seq > out[j].Seq })
	return out, err
}

func (h *Handler) listLogs(c *gin.Context) error {
	q := c.Request.URL.Query()
	p, err := pagination(q, false)
	if err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var list []logEntry
	err = h.deps.Store.View(func(tx *store.Tx) (err error) {
		list, err = newestLogs(tx, tenant, func(l logEntry, payload map[string]any) bool {
			switch {
			case strings.HasPrefix(l.Key, hookLogPrefix),
				q.Has("logKey") && l.Key != q.Get("logKey"),
				q.Has("userId") && payload["userId"] != q.Get("userId"),
				q.Has("applicationId") && payload["applicationId"] != q.Get("applicationId"):
				return false
			}
			return true
		})
		return err
	})
	if err != nil {
		return err
	}
	out := []logBody{}
	for _, l := range paginate(c, p, list) {
		out = append(out, l.body(tenant))
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) getLog(c *gin.Context) error {
	tenant, id := platform.TenantOf(c), contract.Param(c, "id")
	var l logEntry
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		l, err = logs.Get(tx, tenant, id)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return notFoundWithID("logs", id)
		}
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, l.body(tenant))
}
