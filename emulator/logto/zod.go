package logto

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/idemu/idemu/emulator/contract"
)

// Logto validates requests with zod and reports a failure as 400 guard.invalid_input
// whose data is the ZodError ({issues, name}) and whose details has one line per issue.
// The contract layer reports neutral violations; this file turns them into zod issues,
// with zod's codes, messages and key order (zod builds each issue as the issue's own
// fields, then path, then message).

// kv is one member of a JSON object written in a fixed order.
type kv struct {
	k string
	v any
}

// ordered is a JSON object whose members keep their order.
type ordered []kv

func (o ordered) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.k)
		b.Write(k)
		b.WriteByte(':')
		v, err := encodeJSON(m.v)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// zodIssue is one issue, with what the details line needs.
type zodIssue struct {
	code    string
	path    []any
	message string
	// typeLine is the details text of invalid_type issues ("Expected X but received Y.").
	typeLine string
	fields   ordered // the issue's own members, before path and message
	// messageFirst places message before path (zod string checks carry their message).
	messageFirst bool
}

func (i zodIssue) json() ordered {
	out := append(ordered{}, i.fields...)
	path := i.path
	if path == nil {
		path = []any{}
	}
	if i.messageFirst {
		return append(out, kv{"message", i.message}, kv{"path", path})
	}
	return append(out, kv{"path", path}, kv{"message", i.message})
}

func (i zodIssue) detailsLine() string {
	parts := make([]string, len(i.path))
	for n, p := range i.path {
		parts[n] = fmt.Sprint(p)
	}
	text := i.message
	if i.typeLine != "" {
		text = i.typeLine
	}
	return fmt.Sprintf("Error in key path %q: (%s) %s", strings.Join(parts, "."), i.code, text)
}

// guardFailure is Logto's 400 for a request part that fails its zod guard.
func guardFailure(part string, issues []zodIssue) *apiError {
	list := make([]ordered, len(issues))
	lines := make([]string, len(issues))
	for n, is := range issues {
		list[n] = is.json()
		lines[n] = is.detailsLine()
	}
	e := fail(http.StatusBadRequest, "guard.invalid_input", "type", part)
	e.Data = ordered{{"issues", list}, {"name", "ZodError"}}
	e.Details = strings.Join(lines, "\n")
	return e
}

// issueFor converts one violation. value is the request part as decoded JSON (the body,
// or the query as strings) and root the schema the violation's path starts from.
func issueFor(v contract.Violation, value any, root *openapi3.Schema) zodIssue {
	path := make([]any, 0, len(v.Path))
	for _, seg := range v.Path {
		if n, err := strconv.Atoi(seg); err == nil {
			path = append(path, n)
		} else {
			path = append(path, seg)
		}
	}
	if v.In != "body" && len(path) > 1 {
		path = path[:1] // a query or path parameter is one key
	}
	got, present := lookupPath(value, v.Path)
	schema := schemaAt(root, v.Path)
	is := zodIssue{path: path}
	switch v.Rule {
	case contract.RuleRequired, contract.RuleType:
		if v.Rule == contract.RuleRequired {
			present = false
		}
		if schema != nil && len(schema.AnyOf) > 0 && !present {
			return unionIssue(is)
		}
		expected := zodExpected(schema, v)
		received := "undefined"
		if present {
			received = zodType(got)
			if expected == "integer" && received == "number" {
				received = "float"
			}
		}
		is.code = "invalid_type"
		is.fields = ordered{{"code", "invalid_type"}, {"expected", expected}, {"received", received}}
		is.message = "Expected " + expected + ", received " + received
		if !present {
			is.message = "Required"
		}
		is.typeLine = "Expected " + expected + " but received " + received + "."
	case contract.RuleEnum:
		options := enumOptions(v.Limit)
		is.code = "invalid_enum_value"
		is.fields = ordered{{"received", got}, {"code", "invalid_enum_value"}, {"options", options}}
		is.message = fmt.Sprintf("Invalid enum value. Expected %s, received %s", joinValues(options), quoteValue(got))
	case contract.RulePattern:
		is = stringIssue(is, "regex", "Invalid")
	case contract.RuleFormat:
		switch v.Limit {
		case "uri":
			is = stringIssue(is, "url", "Invalid url")
		case "email":
			is = stringIssue(is, "email", "Invalid email")
		case "date-time":
			is = stringIssue(is, "datetime", "Invalid datetime")
		default:
			is = stringIssue(is, "regex", "Invalid")
		}
	case contract.RuleMinLength, contract.RuleMinItems, contract.RuleMinimum:
		is = sizeIssue(is, "too_small", v.Limit, got)
	case contract.RuleMaxLength, contract.RuleMaxItems, contract.RuleMaximum:
		is = sizeIssue(is, "too_big", v.Limit, got)
	case contract.RuleUnknown:
		key := ""
		if len(path) > 0 {
			key = fmt.Sprint(path[len(path)-1])
			is.path = path[:len(path)-1]
		}
		is.code = "unrecognized_keys"
		is.fields = ordered{{"code", "unrecognized_keys"}, {"keys", []string{key}}}
		is.message = fmt.Sprintf("Unrecognized key(s) in object: '%s'", key)
	case contract.RuleInvalid:
		if schema != nil && len(schema.AnyOf) > 0 {
			return unionIssue(is)
		}
		is.code = "custom"
		is.fields = ordered{{"code", "custom"}}
		is.message = "Invalid input"
	default:
		is.code = "custom"
		is.fields = ordered{{"code", "custom"}}
		is.message = "Invalid input"
	}
	return is
}

func unionIssue(is zodIssue) zodIssue {
	is.code = "invalid_union"
	is.fields = ordered{{"code", "invalid_union"}, {"unionErrors", []any{}}}
	is.message = "Invalid input"
	return is
}

func stringIssue(is zodIssue, validation, message string) zodIssue {
	is.code = "invalid_string"
	is.fields = ordered{{"validation", validation}, {"code", "invalid_string"}}
	is.message = message
	is.messageFirst = true
	return is
}

// sizeIssue is zod's too_small / too_big for strings, arrays and numbers.
func sizeIssue(is zodIssue, code string, limit, got any) zodIssue {
	n := toNumber(limit)
	kind := "number"
	switch got.(type) {
	case string:
		kind = "string"
	case []any:
		kind = "array"
	}
	bound := "minimum"
	if code == "too_big" {
		bound = "maximum"
	}
	is.code = code
	is.fields = ordered{{"code", code}, {bound, n}, {"type", kind}, {"inclusive", true}, {"exact", false}}
	num := strconv.FormatFloat(n, 'f', -1, 64)
	switch {
	case kind == "string" && code == "too_small":
		is.message = "String must contain at least " + num + " character(s)"
	case kind == "string":
		is.message = "String must contain at most " + num + " character(s)"
	case kind == "array" && code == "too_small":
		is.message = "Array must contain at least " + num + " element(s)"
	case kind == "array":
		is.message = "Array must contain at most " + num + " element(s)"
	case code == "too_small":
		is.message = "Number must be greater than or equal to " + num
	default:
		is.message = "Number must be less than or equal to " + num
	}
	is.messageFirst = true
	return is
}

func toNumber(v any) float64 {
	switch x := v.(type) {
	case uint64:
		return float64(x)
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case float64:
		return x
	}
	return 0
}

// zodType is zod's name for the type of a decoded JSON value.
func zodType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number, float64:
		return "number"
	case string:
		_ = x
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "unknown"
}

// zodExpected is the type zod would have expected for the schema.
func zodExpected(s *openapi3.Schema, v contract.Violation) string {
	if s != nil && len(s.Enum) > 0 {
		return joinValues(s.Enum)
	}
	if s != nil && s.Type != nil && len(s.Type.Slice()) > 0 {
		return s.Type.Slice()[0]
	}
	if t, ok := strings.CutPrefix(v.Message, "must be of type "); ok {
		return strings.SplitN(t, " ", 2)[0]
	}
	return "unknown"
}

func enumOptions(limit any) []any {
	if l, ok := limit.([]any); ok {
		return l
	}
	return []any{}
}

// joinValues is zod's util.joinValues: 'a' | 'b'.
func joinValues(values []any) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = quoteValue(v)
	}
	return strings.Join(parts, " | ")
}

func quoteValue(v any) string {
	if s, ok := v.(string); ok {
		return "'" + s + "'"
	}
	return fmt.Sprint(v)
}

// lookupPath reads a value by the violation's path segments.
func lookupPath(doc any, path []string) (any, bool) {
	cur := doc
	for _, seg := range path {
		switch x := cur.(type) {
		case map[string]any:
			v, ok := x[seg]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			n, err := strconv.Atoi(seg)
			if err != nil || n < 0 || n >= len(x) {
				return nil, false
			}
			cur = x[n]
		default:
			return nil, false
		}
	}
	return cur, true
}

// schemaAt follows a violation's path through a schema: properties, items, additional
// properties, and the first union member that knows the next key.
func schemaAt(s *openapi3.Schema, path []string) *openapi3.Schema {
	for _, seg := range path {
		if s == nil {
			return nil
		}
		s = child(s, seg)
	}
	return s
}

func child(s *openapi3.Schema, seg string) *openapi3.Schema {
	if p := s.Properties[seg]; p != nil {
		return p.Value
	}
	if _, err := strconv.Atoi(seg); err == nil && s.Items != nil {
		return s.Items.Value
	}
	for _, alt := range append(s.AnyOf, s.OneOf...) {
		if alt.Value != nil {
			if c := child(alt.Value, seg); c != nil {
				return c
			}
		}
	}
	if ap := s.AdditionalProperties.Schema; ap != nil {
		return ap.Value
	}
	return nil
}
