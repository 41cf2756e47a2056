package admin

import (
	_ "embed"
	"errors"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/clock"
	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/faults"
	"github.com/idemu/idemu/emulator/outbox"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

//go:embed openapi.yaml
var contractYAML []byte

// Contract loads the admin API's contract.
func Contract() (*contract.Contract, error) { return contract.Load("admin", contractYAML) }

// Handler holds what the admin API drives for one provider listener.
type Handler struct {
	Provider platform.Provider
	Store    *store.Store
	Clock    *clock.Adjustable
	Outbox   *outbox.Outbox
	Requests *RequestLog
	Faults   *faults.Set
	Logger   *slog.Logger
	// Baseline is the state reset returns to: the defaults and start-up fixtures.
	Baseline func() store.Snapshot
}

// Mount registers the admin routes, validated against the admin contract.
func (h *Handler) Mount(r gin.IRouter) error {
	c, err := Contract()
	if err != nil {
		return err
	}
	return c.Mount(r, contract.Handlers{
		"health":           h.health,
		"info":             h.info,
		"adminContract":    h.serveJSON(c.JSON),
		"providerContract": h.serveJSON(h.Provider.Contract),
		"providerContractByName": func(c *gin.Context) {
			if contract.Param(c, "provider") != h.Provider.Name() {
				fail(c, http.StatusNotFound, "unknown_provider", "this listener emulates "+h.Provider.Name())
				return
			}
			h.serveJSON(h.Provider.Contract)(c)
		},
		"reset":        h.reset,
		"getClock":     h.getClock,
		"setClock":     h.setClock,
		"listOutbox":   h.listOutbox,
		"clearOutbox":  h.clearOutbox,
		"snapshot":     h.snapshot,
		"restore":      h.restore,
		"seed":         h.seed,
		"listRequests": h.listRequests,
		"listFaults":   h.listFaults,
		"addFault":     h.addFault,
		"clearFaults":  h.clearFaults,
		"removeFault":  h.removeFault,
	}, contract.MountOptions{Invalid: invalid})
}

// apiError is the admin API's one error envelope.
type apiError struct {
	Code     string   `json:"code"`
	Message  string   `json:"message"`
	Problems []string `json:"problems,omitempty"`
}

func fail(c *gin.Context, status int, code, msg string, problems ...string) {
	c.AbortWithStatusJSON(status, gin.H{"error": apiError{Code: code, Message: msg, Problems: problems}})
}

func invalid(c *gin.Context, _ *contract.Operation, vs []contract.Violation) {
	problems := make([]string, 0, len(vs))
	for _, v := range vs {
		field := v.Field()
		if field == "" {
			field = v.In
		}
		problems = append(problems, field+": "+v.Message)
	}
	fail(c, http.StatusBadRequest, "invalid_request", "the request does not match the admin API contract", problems...)
}

// internal logs an unexpected failure and answers 500.
func (h *Handler) internal(c *gin.Context, err error) {
	h.Logger.Error("admin API failure", "path", c.Request.URL.Path, "error", err)
	fail(c, http.StatusInternalServerError, "internal", "unexpected failure: "+err.Error())
}

func (h *Handler) health(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) }

func (h *Handler) info(c *gin.Context) {
	base := platform.BaseURL(c.Request)
	tenants, err := h.Provider.Info(base)
	if err != nil {
		h.internal(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{
		"provider":     h.Provider.Name(),
		"base_url":     base,
		"contract_url": base + "/_emulator/contract.json",
		"tenants":      tenants,
	})
}

func (h *Handler) serveJSON(doc func() ([]byte, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		b, err := doc()
		if err != nil {
			h.internal(c, err)
			return
		}
		c.Data(http.StatusOK, "application/json", b)
	}
}

func (h *Handler) reset(c *gin.Context) {
	tenant := c.Query("tenant")
	base := h.Baseline()
	var err error
	if tenant != "" {
		err = h.Store.RestoreTenant(tenant, base)
	} else {
		err = h.Store.Restore(base)
		h.Clock.Reset() // a whole reset is a fresh start: wall time again, no faults
		h.Faults.Clear()
	}
	if err != nil {
		h.internal(c, err)
		return
	}
	scope := "all"
	if tenant != "" {
		scope = tenant
	}
	c.JSON(http.StatusOK, gin.H{"reset": scope, "clock": clockState(h.Clock)})
}

func (h *Handler) snapshot(c *gin.Context) {
	var snap store.Snapshot
	var err error
	if t := c.Query("tenant"); t != "" {
		snap, err = h.Store.SnapshotTenant(t)
	} else {
		snap, err = h.Store.Snapshot()
	}
	if err != nil {
		h.internal(c, err)
		return
	}
	c.JSON(http.StatusOK, snap)
}

func (h *Handler) restore(c *gin.Context) {
	var snap store.Snapshot
	if err := c.ShouldBindJSON(&snap); err != nil {
		fail(c, http.StatusBadRequest, "invalid_snapshot", err.Error())
		return
	}
	var err error
	if t := c.Query("tenant"); t != "" {
		err = h.Store.RestoreTenant(t, snap)
	} else {
		err = h.Store.Restore(snap)
	}
	switch {
	case errors.Is(err, store.ErrInvalidSnapshot), errors.Is(err, store.ErrInvalidKey):
		fail(c, http.StatusBadRequest, "invalid_snapshot", err.Error())
		return
	case err != nil:
		h.internal(c, err) // the store failed, not the snapshot
		return
	}
	c.JSON(http.StatusOK, gin.H{"restored": len(snap.Entries)})
}
