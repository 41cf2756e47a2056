package onegini

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
)

// schemas are the contract's schemas the handlers need: one per stored unit, and the
// request body of each write.
type schemas struct {
	doc   *openapi3.T
	units map[string]*openapi3.Schema
}

func newSchemas(c *contract.Contract) (*schemas, error) {
	s := &schemas{doc: c.Document(), units: map[string]*openapi3.Schema{}}
	for unit, name := range unitSchemaNames {
		ref := s.doc.Components.Schemas[name]
		if ref == nil || ref.Value == nil {
			return nil, fmt.Errorf("onegini contract: schema %s of unit %s is missing", name, unit)
		}
		s.units[unit] = ref.Value
	}
	return s, nil
}

// requestBody is the JSON schema of an operation's body, or nil for one without.
func (s *schemas) requestBody(op *contract.Operation) *openapi3.Schema {
	item := s.doc.Paths.Value(op.Path)
	if item == nil {
		return nil
	}
	o := item.GetOperation(op.Method)
	if o == nil || o.RequestBody == nil || o.RequestBody.Value == nil {
		return nil
	}
	mt := o.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil
	}
	return mt.Schema.Value
}

// jsonBody runs before validation on operations that take a JSON body. A body in
// another media type is 415, as Spring answers it (no body at all is left for the
// validator: 400, the body is required). A JSON body is rewritten to what its schema
// declares (see reduce); one that does not parse is left for the validator to refuse.
func (h *Handler) jsonBody(s *openapi3.Schema) gin.HandlerFunc {
	return func(c *gin.Context) {
		r := c.Request
		if r.Body == nil || r.Body == http.NoBody {
			return
		}
		raw, err := io.ReadAll(io.LimitReader(r.Body, contract.MaxBodyBytes+1))
		_ = r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(raw))
		if err != nil || len(raw) > contract.MaxBodyBytes || len(bytes.TrimSpace(raw)) == 0 {
			return
		}
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
			h.render(c, fail(http.StatusUnsupportedMediaType, "the body is not application/json"))
			return
		}
		v, err := decodeJSON(raw)
		if err != nil {
			return
		}
		out, err := json.Marshal(reduce(v, s))
		if err != nil {
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(out))
		r.ContentLength = int64(len(out))
	}
}

// reduce keeps what a schema declares: it drops the properties an object schema does
// not list (the real service's JSON binding ignores unknown properties) and read-only
// ones (the server sets those), and descends into objects, maps and arrays. A value
// of the wrong type is left as it is, for validation to report.
func reduce(v any, s *openapi3.Schema) any {
	if s == nil {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		props := properties(s)
		if len(props) == 0 {
			if ap := s.AdditionalProperties.Schema; ap != nil {
				for k, item := range x {
					x[k] = reduce(item, ap.Value)
				}
			}
			return x // a map, or an object the source leaves opaque
		}
		for k, item := range x {
			p, ok := props[k]
			if !ok || p.ReadOnly {
				delete(x, k)
				continue
			}
			x[k] = reduce(item, p)
		}
		return x
	case []any:
		if s.Items != nil {
			for i, item := range x {
				x[i] = reduce(item, s.Items.Value)
			}
		}
		return x
	}
	return v
}

// properties are a schema's own properties and those it composes with allOf.
func properties(s *openapi3.Schema) map[string]*openapi3.Schema {
	out := map[string]*openapi3.Schema{}
	for name, p := range s.Properties {
		out[name] = p.Value
	}
	for _, part := range s.AllOf {
		for name, p := range properties(part.Value) {
			out[name] = p
		}
	}
	return out
}

// splitFieldsParameter accepts `fields` both as repeated parameters and as one
// comma-separated list, as Spring binds a list parameter, by rewriting the second
// form into the first before validation checks each value.
func splitFieldsParameter(c *gin.Context) {
	q := c.Request.URL.Query()
	values, ok := q["fields"]
	if !ok {
		return
	}
	var split []string
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				split = append(split, part)
			}
		}
	}
	if len(split) == 0 {
		q.Del("fields") // "fields=" asks for nothing in particular: every part
	} else {
		q["fields"] = split
	}
	c.Request.URL.RawQuery = q.Encode()
}

// decodeJSON reads one JSON value, keeping numbers exact.
func decodeJSON(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("more than one JSON value")
	}
	return v, nil
}

// readObject decodes a validated request body: the contract has already checked that
// it is a JSON object of the right shape.
func readObject(c *gin.Context) (document, error) {
	raw, err := io.ReadAll(io.LimitReader(c.Request.Body, contract.MaxBodyBytes))
	if err != nil {
		return nil, badRequest("the body could not be read")
	}
	v, err := decodeJSON(raw)
	if err != nil {
		return nil, badRequest("the body is not JSON")
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, badRequest("the body is not a JSON object")
	}
	return obj, nil
}
