package logto

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Webhooks: CRUD, signing keys, test deliveries and the last day's delivery logs. The
// deliveries themselves are in hook_events.go.

type hookConfig struct {
	URL     string            `json:"url"`
	Headers map[string]string `json:"headers,omitempty"`
	Retries *float64          `json:"retries,omitempty"`
}

type hook struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Event      *string    `json:"event"`
	Events     []string   `json:"events"`
	Config     hookConfig `json:"config"`
	SigningKey string     `json:"signingKey"`
	Enabled    bool       `json:"enabled"`
	CreatedAt  int64      `json:"createdAt"`
	Seq        int64      `json:"seq"`
}

var hooks = store.Collection[hook]{Name: "hooks"}

type hookStats struct {
	SuccessCount int `json:"successCount"`
	RequestCount int `json:"requestCount"`
}

type hookBody struct {
	TenantID       string     `json:"tenantId"`
	ID             string     `json:"id"`
	Name           string     `json:"name"`
	Event          *string    `json:"event"`
	Events         []string   `json:"events"`
	Config         hookConfig `json:"config"`
	SigningKey     string     `json:"signingKey"`
	Enabled        bool       `json:"enabled"`
	CreatedAt      int64      `json:"createdAt"`
	ExecutionStats *hookStats `json:"executionStats,omitempty"`
}

func (hk hook) body(tenant string) hookBody {
	events := hk.Events
	if events == nil {
		events = []string{}
	}
	return hookBody{TenantID: tenant, ID: hk.ID, Name: hk.Name, Event: hk.Event, Events: events, Config: hk.Config,
		SigningKey: hk.SigningKey, Enabled: hk.Enabled, CreatedAt: hk.CreatedAt}
}

// subscribes reports whether the hook listens to an event (its events, or the legacy
// single event).
func (hk hook) subscribes(event string) bool {
	return slices.Contains(hk.Events, event) || (hk.Event != nil && *hk.Event == event)
}

// recentDeliveries are the hook's delivery logs of the last 24 hours, newest first.
func recentDeliveries(tx *store.Tx, tenant, hookID, key string) ([]logEntry, error) {
	since := tx.Now().Add(-24 * time.Hour).UnixMilli()
	return newestLogs(tx, tenant, func(l logEntry, p map[string]any) bool {
		return strings.HasPrefix(l.Key, hookLogPrefix) && p["hookId"] == hookID && l.CreatedAt > since &&
			(key == "" || l.Key == key)
	})
}

func withStats(tx *store.Tx, tenant string, hk hook) (hookBody, error) {
	b := hk.body(tenant)
	list, err := recentDeliveries(tx, tenant, hk.ID, "")
	stats := hookStats{RequestCount: len(list)}
	for _, l := range list {
		var p logPayload
		_ = json.Unmarshal(l.Payload, &p)
		if p.Result == logSuccess {
			stats.SuccessCount++
		}
	}
	b.ExecutionStats = &stats
	return b, err
}

func loadHook(tx *store.Tx, tenant, id string) (hook, error) {
	hk, err := hooks.Get(tx, tenant, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return hk, notFoundWithID("hooks", id)
	}
	return hk, err
}

func (h *Handler) listHooks(c *gin.Context) error {
	q := c.Request.URL.Query()
	p, err := pagination(q, true)
	if err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	out := []hookBody{}
	err = h.deps.Store.View(func(tx *store.Tx) error {
		all, err := hooks.List(tx, tenant)
		if err != nil {
			return err
		}
		sort.SliceStable(all, func(i, j int) bool { return all[i].Seq < all[j].Seq })
		for _, hk := range paginate(c, p, all) {
			b := hk.body(tenant)
			if truthy(q.Get("includeExecutionStats")) {
				if b, err = withStats(tx, tenant, hk); err != nil {
					return err
				}
			}
			out = append(out, b)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) getHook(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var b hookBody
	err := h.deps.Store.View(func(tx *store.Tx) error {
		hk, err := loadHook(tx, tenant, contract.Param(c, "id"))
		if err != nil {
			return err
		}
		b = hk.body(tenant)
		if c.Query("includeExecutionStats") != "" {
			b, err = withStats(tx, tenant, hk)
		}
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, b)
}

type hookInput struct {
	Name    *string          `json:"name"`
	Event   optional[string] `json:"event"`
	Events  *[]string        `json:"events"`
	Config  *hookConfig      `json:"config"`
	Enabled *bool            `json:"enabled"`
}

// bindHook reads a hook body; events, when given, must be non-empty and are
// deduplicated.
func bindHook(c *gin.Context) (hookInput, error) {
	var in hookInput
	if err := bind(c, &in); err != nil {
		return in, err
	}
	if in.Events != nil {
		if len(*in.Events) == 0 {
			return in, guardFailure("body", []zodIssue{tooFewItems("events")})
		}
		var unique []string
		for _, e := range *in.Events {
			if !slices.Contains(unique, e) {
				unique = append(unique, e)
			}
		}
		in.Events = &unique
	}
	return in, nil
}

func (in hookInput) apply(hk *hook) {
	if in.Name != nil {
		hk.Name = *in.Name
	}
	if in.Event.Set {
		hk.Event = in.Event.ptr()
	}
	if in.Events != nil {
		hk.Events = *in.Events
	}
	if in.Config != nil {
		hk.Config = *in.Config
	}
	if in.Enabled != nil {
		hk.Enabled = *in.Enabled
	}
}

func (h *Handler) createHook(c *gin.Context) error {
	in, err := bindHook(c)
	if err != nil {
		return err
	}
	if in.Events == nil && in.Event.ptr() == nil {
		return fail(http.StatusBadRequest, "hook.missing_events")
	}
	tenant := platform.TenantOf(c)
	var hk hook
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		seq, err := nextSeq(tx, tenant)
		if err != nil {
			return err
		}
		hk = hook{ID: standardID(), Events: []string{}, SigningKey: standardSecret(), Enabled: true,
			CreatedAt: tx.Now().UnixMilli(), Seq: seq}
		in.apply(&hk)
		return hooks.Insert(tx, tenant, hk.ID, hk)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusCreated, hk.body(tenant))
}

func (h *Handler) mutateHook(c *gin.Context, change func(hk *hook)) error {
	tenant := platform.TenantOf(c)
	var hk hook
	err := h.deps.Store.Update(func(tx *store.Tx) (err error) {
		if hk, err = loadHook(tx, tenant, contract.Param(c, "id")); err != nil {
			return err
		}
		change(&hk)
		return hooks.Put(tx, tenant, hk.ID, hk)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, hk.body(tenant))
}

func (h *Handler) updateHook(c *gin.Context) error {
	in, err := bindHook(c)
	if err != nil {
		return err
	}
	return h.mutateHook(c, in.apply)
}

func (h *Handler) updateHookSigningKey(c *gin.Context) error {
	return h.mutateHook(c, func(hk *hook) { hk.SigningKey = standardSecret() })
}

func (h *Handler) deleteHook(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		err := hooks.Delete(tx, tenant, contract.Param(c, "id"))
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return entityNotFound()
		}
		return err
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

func (h *Handler) listHookRecentLogs(c *gin.Context) error {
	q := c.Request.URL.Query()
	p, err := pagination(q, false)
	if err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var list []logEntry
	err = h.deps.Store.View(func(tx *store.Tx) (err error) {
		list, err = recentDeliveries(tx, tenant, contract.Param(c, "id"), q.Get("logKey"))
		return err
	})
	if err != nil {
		return err
	}
	out := []logBody{}
	for _, l := range paginate(c, p, list) {
		b := l.body("")
		out = append(out, b)
	}
	return h.respond(c, http.StatusOK, out)
}

// createHookTest sends a test payload for each event to the given config's URL,
// signed with the hook's key. A failure to deliver, or an error status, is 422.
func (h *Handler) createHookTest(c *gin.Context) error {
	var in struct {
		Events []string   `json:"events"`
		Config hookConfig `json:"config"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	if len(in.Events) == 0 {
		return guardFailure("body", []zodIssue{tooFewItems("events")})
	}
	tenant := platform.TenantOf(c)
	var hk hook
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		hk, err = loadHook(tx, tenant, contract.Param(c, "id"))
		return err
	})
	if err != nil {
		return err
	}
	for _, event := range in.Events {
		payload := h.hookPayload(hk.ID, event, map[string]any{"data": nil})
		status, body, err := h.postWebhook(c.Request.Context(), in.Config, hk.SigningKey, payload)
		if err != nil {
			return fail(http.StatusUnprocessableEntity, "hook.send_test_payload_failed", "message", err.Error())
		}
		if status < 200 || status > 299 {
			return fail(http.StatusUnprocessableEntity, "hook.endpoint_responded_with_error").
				withData(ordered{{"responseStatus", status}, {"responseBody", body}})
		}
	}
	return noContent(c)
}
