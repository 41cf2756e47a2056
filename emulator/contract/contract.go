package contract

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// Contract is one provider's loaded OpenAPI document and its operations.
type Contract struct {
	Name string
	doc  *openapi3.T
	ops  []*Operation
	byID map[string]*Operation

	jsonOnce sync.Once
	json     []byte
	jsonErr  error
}

// Operation is one documented method + path.
type Operation struct {
	ID      string
	Method  string
	Path    string // the OpenAPI path template, e.g. /users/{username}
	GinPath string // the gin route, with parameter names made consistent per position
	Tags    []string

	ginToSpec map[string]string // gin param name -> spec param name
	route     *routers.Route
}

// Load parses an OpenAPI 3 document (YAML or JSON) and indexes its operations.
// It resolves references but does not run the document's own strict validity check:
// that costs start-up time and some providers' published documents fail it; the
// contract tests run it instead (see Validate).
func Load(name string, data []byte) (*Contract, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("contract %s: %w", name, err)
	}
	c := &Contract{Name: name, doc: doc, byID: map[string]*Operation{}}
	names := newParamNamer()
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			if op.OperationID == "" {
				return nil, fmt.Errorf("contract %s: %s %s has no operationId", name, method, path)
			}
			if _, dup := c.byID[op.OperationID]; dup {
				return nil, fmt.Errorf("contract %s: duplicate operationId %q", name, op.OperationID)
			}
			ginPath, ginToSpec := names.ginPath(path)
			o := &Operation{
				ID: op.OperationID, Method: method, Path: path, GinPath: ginPath, Tags: op.Tags,
				ginToSpec: ginToSpec,
				route:     &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: op},
			}
			c.ops = append(c.ops, o)
			c.byID[o.ID] = o
		}
	}
	sort.Slice(c.ops, func(i, j int) bool {
		if c.ops[i].Path != c.ops[j].Path {
			return c.ops[i].Path < c.ops[j].Path
		}
		return c.ops[i].Method < c.ops[j].Method
	})
	return c, nil
}

// MustLoad is Load for documents embedded in the binary, where a failure is a build bug.
func MustLoad(name string, data []byte) *Contract {
	c, err := Load(name, data)
	if err != nil {
		panic(err)
	}
	return c
}

// Validate runs the OpenAPI document's own validity check.
func (c *Contract) Validate(ctx context.Context) error {
	return c.doc.Validate(ctx)
}

// Operations lists every documented operation, sorted by path then method.
func (c *Contract) Operations() []*Operation { return c.ops }

// Operation returns the operation with that operationId, or nil.
func (c *Contract) Operation(id string) *Operation { return c.byID[id] }

// Document exposes the parsed OpenAPI document (read-only by convention).
func (c *Contract) Document() *openapi3.T { return c.doc }

// JSON is the document as served at /_emulator/<provider>/openapi.json.
func (c *Contract) JSON() ([]byte, error) {
	c.jsonOnce.Do(func() { c.json, c.jsonErr = json.Marshal(c.doc) })
	return c.json, c.jsonErr
}

// Match finds the operation for a concrete method and path, preferring literal segments
// over parameters, and returns the path parameters by their spec names.
func (c *Contract) Match(method, path string) (*Operation, map[string]string, bool) {
	segs := splitPath(path)
	var best *Operation
	var bestParams map[string]string
	bestLiterals := -1
	for _, op := range c.ops {
		if !strings.EqualFold(op.Method, method) {
			continue
		}
		params, literals, ok := matchTemplate(splitPath(op.Path), segs)
		if ok && literals > bestLiterals {
			best, bestParams, bestLiterals = op, params, literals
		}
	}
	return best, bestParams, best != nil
}

var paramSegment = regexp.MustCompile(`^\{([^{}]+)\}$`)

func matchTemplate(tmpl, segs []string) (map[string]string, int, bool) {
	if len(tmpl) != len(segs) {
		return nil, 0, false
	}
	params := map[string]string{}
	literals := 0
	for i, t := range tmpl {
		if m := paramSegment.FindStringSubmatch(t); m != nil {
			if segs[i] == "" {
				return nil, 0, false
			}
			params[m[1]] = segs[i]
			continue
		}
		if t != segs[i] {
			return nil, 0, false
		}
		literals++
	}
	return params, literals, true
}

func splitPath(p string) []string {
	return strings.Split(strings.Trim(p, "/"), "/")
}

// SpecParams turns gin's path parameters into the contract's names.
func (o *Operation) SpecParams(get func(ginName string) string) map[string]string {
	out := make(map[string]string, len(o.ginToSpec))
	for g, s := range o.ginToSpec {
		out[s] = get(g)
	}
	return out
}

// HasTag reports whether the operation carries the tag.
func (o *Operation) HasTag(tag string) bool {
	for _, t := range o.Tags {
		if t == tag {
			return true
		}
	}
	return false
}

// paramNamer gives every path parameter at the same position under the same prefix
// one gin name: gin's tree refuses /users/:id and /users/:userId side by side, while
// OpenAPI documents often name them differently. Names are not on the wire.
type paramNamer struct{ byPrefix map[string]string }

func newParamNamer() *paramNamer { return &paramNamer{byPrefix: map[string]string{}} }

func (n *paramNamer) ginPath(path string) (string, map[string]string) {
	segs := splitPath(path)
	out := make([]string, len(segs))
	ginToSpec := map[string]string{}
	used := map[string]bool{}
	for i, s := range segs {
		m := paramSegment.FindStringSubmatch(s)
		if m == nil {
			out[i] = s
			continue
		}
		prefix := strings.Join(out[:i], "/")
		g, ok := n.byPrefix[prefix]
		if !ok || used[g] {
			g = ginSafe(m[1])
			for used[g] {
				g += "_"
			}
			if !ok {
				n.byPrefix[prefix] = g
			}
		}
		used[g] = true
		ginToSpec[g] = m[1]
		out[i] = ":" + g
	}
	return "/" + strings.Join(out, "/"), ginToSpec
}

var unsafeParamChars = regexp.MustCompile(`[^A-Za-z0-9_]`)

func ginSafe(name string) string { return unsafeParamChars.ReplaceAllString(name, "_") }
