package contract

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"
)

// Handlers maps operationIds to their gin handlers: a provider's table of contents.
type Handlers map[string]gin.HandlerFunc

// MountOptions says how a provider wants its contract mounted.
type MountOptions struct {
	// Ledger lists documented operations that have no handler yet. It only shrinks:
	// an operation in it that gained a handler is an error, so the ledger stays honest.
	Ledger []string
	// NotImplemented answers ledger operations, in the provider's envelope.
	NotImplemented gin.HandlerFunc
	// Invalid renders request violations in the provider's envelope.
	Invalid func(c *gin.Context, op *Operation, violations []Violation)
	// SkipValidation names operations whose handler validates for itself (for example an
	// OAuth endpoint whose errors must be OAuth-shaped even for malformed input).
	SkipValidation []string
	// Before gives the handlers that run ahead of validation for an operation, such as
	// authentication: a caller without a token learns that first, not a schema detail.
	Before func(op *Operation) []gin.HandlerFunc
}

const (
	operationKey = "idemu.contract.operation"
	paramsKey    = "idemu.contract.params"
)

// Mount registers one gin route per documented operation, each running request
// validation before its handler. It fails when a handler has no operation, or an
// operation has neither a handler nor a ledger entry: the coverage rule.
func (c *Contract) Mount(r gin.IRoutes, h Handlers, opts MountOptions) error {
	if err := c.CheckCoverage(h, opts.Ledger); err != nil {
		return err
	}
	ledger := toSet(opts.Ledger)
	skip := toSet(opts.SkipValidation)
	for _, op := range c.ops {
		handler := h[op.ID]
		if ledger[op.ID] {
			handler = opts.NotImplemented
		}
		chain := []gin.HandlerFunc{c.bind(op)}
		if opts.Before != nil {
			chain = append(chain, opts.Before(op)...)
		}
		if !skip[op.ID] && !ledger[op.ID] {
			chain = append(chain, c.validator(op, opts.Invalid))
		}
		r.Handle(op.Method, op.GinPath, append(chain, handler)...)
	}
	return nil
}

// CheckCoverage reports every mismatch between the contract, the handlers and the ledger.
func (c *Contract) CheckCoverage(h Handlers, ledgerIDs []string) error {
	var problems []string
	ledger := toSet(ledgerIDs)
	for id, fn := range h {
		if c.byID[id] == nil {
			problems = append(problems, fmt.Sprintf("handler %q has no operation in the contract", id))
		} else if fn == nil {
			problems = append(problems, fmt.Sprintf("handler %q is nil", id))
		}
		if ledger[id] {
			problems = append(problems, fmt.Sprintf("operation %q has a handler: remove it from the ledger", id))
		}
	}
	for id := range ledger {
		if c.byID[id] == nil {
			problems = append(problems, fmt.Sprintf("ledger entry %q is not in the contract", id))
		}
	}
	for _, op := range c.ops {
		if h[op.ID] == nil && !ledger[op.ID] {
			problems = append(problems, fmt.Sprintf("operation %q (%s %s) has no handler", op.ID, op.Method, op.Path))
		}
	}
	if len(problems) == 0 {
		return nil
	}
	sort.Strings(problems)
	return fmt.Errorf("contract %s coverage:\n  %s", c.Name, strings.Join(problems, "\n  "))
}

// bind records the operation and its spec-named path parameters on the request.
func (c *Contract) bind(op *Operation) gin.HandlerFunc {
	return func(g *gin.Context) {
		g.Set(operationKey, op)
		g.Set(paramsKey, op.SpecParams(g.Param))
	}
}

func (c *Contract) validator(op *Operation, invalid func(*gin.Context, *Operation, []Violation)) gin.HandlerFunc {
	return func(g *gin.Context) {
		params, _ := g.Get(paramsKey)
		if vs := c.ValidateRequest(g.Request.Context(), op, g.Request, params.(map[string]string)); len(vs) > 0 {
			invalid(g, op, vs)
			g.Abort()
		}
	}
}

// OperationOf returns the operation a request was routed to, or nil.
func OperationOf(g *gin.Context) *Operation {
	op, _ := g.Get(operationKey)
	o, _ := op.(*Operation)
	return o
}

// Param returns a path parameter by the name the contract gives it.
func Param(g *gin.Context, name string) string {
	p, _ := g.Get(paramsKey)
	params, _ := p.(map[string]string)
	return params[name]
}

func toSet(ids []string) map[string]bool {
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out
}
