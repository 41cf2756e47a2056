package emulator_test

import (
	"encoding/json"
	"maps"
	"math/rand/v2"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// This file builds the robustness battery's request bodies and parameter values from
// an operation's schemas: a plausible value (so a request can reach the handler) and
// the ways a client gets it wrong.

const (
	hugeLen       = 100 << 10 // a 100 kB string
	nestingLevels = 10_000
	maxSchemaHops = 6 // how deep the generators follow nested schemas (and $ref cycles)
	notInEnum     = "idemu-not-an-enum-value"
)

// invalidUTF8 marks where raw invalid UTF-8 is spliced into a JSON text after
// encoding (encoding/json would otherwise replace it with U+FFFD).
const invalidUTF8 = "\u0000idemu-invalid-utf8\u0000"

// hints are values the generators prefer for properties and parameters of a given
// name, so that plausible requests carry working credentials and known ids.
type hints map[string]string

// plausible is a value that matches the schema as far as a simple generator can tell.
func plausible(ref *openapi3.SchemaRef, name string, h hints, hops int) any {
	s := schemaOf(ref)
	if s == nil || hops > maxSchemaHops {
		return "idemu"
	}
	if len(s.AllOf) > 0 {
		out := map[string]any{}
		for _, sub := range s.AllOf {
			if m, ok := plausible(sub, name, h, hops+1).(map[string]any); ok {
				maps.Copy(out, m)
			}
		}
		if len(out) > 0 || isObject(s) {
			maps.Copy(out, objectValue(s, h, hops))
			return out
		}
	}
	if len(s.OneOf) > 0 {
		return plausible(s.OneOf[0], name, h, hops+1)
	}
	if len(s.AnyOf) > 0 {
		return plausible(s.AnyOf[0], name, h, hops+1)
	}
	if len(s.Enum) > 0 {
		return s.Enum[0]
	}
	switch {
	case isObject(s):
		return objectValue(s, h, hops)
	case is(s, "array"):
		n := max(1, int(min(s.MinItems, 3)))
		items := make([]any, n)
		for i := range items {
			items[i] = plausible(s.Items, name, h, hops+1)
		}
		return items
	case is(s, "integer"):
		return int64(numberIn(s, 1))
	case is(s, "number"):
		return numberIn(s, 1.5)
	case is(s, "boolean"):
		return true
	}
	return stringValue(s, name, h)
}

func objectValue(s *openapi3.Schema, h hints, hops int) map[string]any {
	out := map[string]any{}
	for _, p := range sortedKeys(s.Properties) {
		if s.Properties[p].Value != nil && s.Properties[p].Value.ReadOnly {
			continue
		}
		out[p] = plausible(s.Properties[p], p, h, hops+1)
	}
	if len(s.Properties) == 0 && s.AdditionalProperties.Schema != nil {
		out["idemu-key"] = plausible(s.AdditionalProperties.Schema, "idemu-key", h, hops+1)
	}
	return out
}

func stringValue(s *openapi3.Schema, name string, h hints) string {
	if v, ok := h[name]; ok {
		return v
	}
	v := "idemu-robust-1"
	switch s.Format {
	case "email":
		v = "robust@example.test"
	case "uri", "url", "uri-reference":
		v = "https://example.test/robust"
	case "date-time":
		v = "2030-01-02T03:04:05Z"
	case "date":
		v = "2030-01-02"
	case "uuid":
		v = "0b6f7c3e-5a4d-4c1b-9f00-000000000001"
	case "ipv4":
		v = "192.0.2.1"
	case "password":
		v = "Robust-pass-1!"
	}
	if s.Pattern != "" {
		v = matching(s.Pattern, v)
	}
	for uint64(len(v)) < s.MinLength {
		v += "a"
	}
	if s.MaxLength != nil && uint64(len(v)) > *s.MaxLength {
		v = v[:*s.MaxLength]
	}
	return v
}

// patternCandidates are tried, in order, against a string schema's pattern: a small
// stand-in for a generator of strings from regular expressions.
var patternCandidates = []string{"idemu-robust-1", "robust", "+15550100001", "en", "en-US", "C00000001", "ABC123",
	"abc", "a", "1", "#336699", "2030-01-02", "0b6f7c3e-5a4d-4c1b-9f00-000000000001", "robust@example.test",
	"https://example.test/robust", "idemu.robust", "idemu_robust", "Robust-pass-1!"}

func matching(pattern, fallback string) string {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return fallback
	}
	for _, c := range append([]string{fallback}, patternCandidates...) {
		if re.MatchString(c) {
			return c
		}
	}
	return fallback
}

func numberIn(s *openapi3.Schema, fallback float64) float64 {
	v := fallback
	if s.Min != nil && v < *s.Min {
		v = *s.Min + 1
	}
	if s.Max != nil && v > *s.Max {
		v = *s.Max
	}
	return v
}

// wrongType is a value of a type the schema does not take.
func wrongType(ref *openapi3.SchemaRef) any {
	s := schemaOf(ref)
	switch {
	case s == nil:
		return []any{}
	case isObject(s):
		return "not-an-object"
	case is(s, "array"):
		return map[string]any{"not": "an array"}
	case is(s, "integer"), is(s, "number"):
		return "not-a-number"
	case is(s, "boolean"):
		return "yes"
	case is(s, "string"):
		return 12345
	}
	return []any{[]any{}}
}

// mutateLeaves walks a plausible value alongside its schema and replaces every
// leaf (or, with objects too, every property) for which replace returns ok.
func mutateLeaves(ref *openapi3.SchemaRef, v any, hops int, replace func(s *openapi3.Schema, v any) (any, bool)) any {
	s := schemaOf(ref)
	if s == nil || hops > maxSchemaHops {
		return v
	}
	switch val := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for _, k := range sortedKeys(val) { // in order: replace may draw from the seeded rng
			out[k] = mutateLeaves(propertySchema(s, k), val[k], hops+1, replace)
		}
		return out
	case []any:
		out := make([]any, len(val))
		for i, inner := range val {
			out[i] = mutateLeaves(itemSchema(s), inner, hops+1, replace)
		}
		return out
	}
	if nv, ok := replace(s, v); ok {
		return nv
	}
	return v
}

// propertySchema finds a property's schema through allOf/oneOf/anyOf.
func propertySchema(s *openapi3.Schema, name string) *openapi3.SchemaRef {
	if p, ok := s.Properties[name]; ok {
		return p
	}
	for _, refs := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for _, sub := range refs {
			if sub.Value != nil {
				if p := propertySchema(sub.Value, name); p != nil {
					return p
				}
			}
		}
	}
	return s.AdditionalProperties.Schema
}

func itemSchema(s *openapi3.Schema) *openapi3.SchemaRef {
	if s.Items != nil {
		return s.Items
	}
	for _, refs := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf, s.AllOf} {
		for _, sub := range refs {
			if sub.Value != nil && sub.Value.Items != nil {
				return sub.Value.Items
			}
		}
	}
	return nil
}

// maxHugeLeaves bounds how many strings of one body the size variants replace: a few
// 100 kB values show what a handler does with them, while every string of a large
// schema at once would make bodies of megabytes and the battery slow.
const maxHugeLeaves = 4

// firstLeaves lets replace change the first n leaves it accepts (in key order) and
// no more.
func firstLeaves(n int, replace func(s *openapi3.Schema, v any) (any, bool)) func(s *openapi3.Schema, v any) (any, bool) {
	return func(s *openapi3.Schema, v any) (any, bool) {
		if n == 0 {
			return nil, false
		}
		nv, ok := replace(s, v)
		if ok {
			n--
		}
		return nv, ok
	}
}

// bodyVariant is one JSON body of the battery.
type bodyVariant struct {
	name string
	body []byte
}

// jsonBodies is the battery for a JSON request body: malformed, the wrong top-level
// type, every property of the wrong type, huge strings, deep nesting, unknown enum
// values, invalid UTF-8, nulls and extreme numbers, then plausible bodies.
func jsonBodies(ref *openapi3.SchemaRef, h hints, rng *rand.Rand) []bodyVariant {
	base := plausible(ref, "", h, 0)
	out := []bodyVariant{
		{"malformed JSON", []byte(`{"idemu": [1, 2`)},
		{"trailing garbage", append(mustJSON(base), []byte(` }{`)...)},
		{"top-level array", []byte(`[]`)},
		{"top-level string", []byte(`"idemu"`)},
		{"top-level number", []byte(`42`)},
		{"top-level null", []byte(`null`)},
		{"top-level boolean", []byte(`true`)},
		{"deeply nested arrays", nested(nestingLevels, "[", "]", "")},
		{"deeply nested objects", nested(nestingLevels, `{"a":`, "}", "1")},
	}
	if obj, ok := base.(map[string]any); ok && len(obj) > 0 {
		wrong, nulls := map[string]any{}, map[string]any{}
		deep := maps.Clone(obj)
		for k := range obj {
			wrong[k] = wrongType(propertySchema(schemaOf(ref), k))
			nulls[k] = nil
		}
		first := sortedKeys(obj)[0]
		deep[first] = json.RawMessage(nested(nestingLevels, "[", "]", ""))
		out = append(out,
			bodyVariant{"every property of the wrong type", mustJSON(wrong)},
			bodyVariant{"every property null", mustJSON(nulls)},
			bodyVariant{"deep nesting inside a property", mustJSON(deep)})
	}
	leaf := func(name string, fn func(s *openapi3.Schema, v any) (any, bool)) {
		changed := false
		v := mutateLeaves(ref, base, 0, func(s *openapi3.Schema, v any) (any, bool) {
			nv, ok := fn(s, v)
			changed = changed || ok
			return nv, ok
		})
		if changed {
			out = append(out, bodyVariant{name, spliceInvalidUTF8(mustJSON(v))})
		}
	}
	leaf("nested leaves of the wrong type", func(s *openapi3.Schema, _ any) (any, bool) {
		return wrongType(&openapi3.SchemaRef{Value: s}), true
	})
	leaf("huge strings", firstLeaves(maxHugeLeaves, func(_ *openapi3.Schema, v any) (any, bool) {
		if _, ok := v.(string); ok {
			return strings.Repeat("x", hugeLen), true
		}
		return nil, false
	}))
	leaf("unknown enum values", func(s *openapi3.Schema, _ any) (any, bool) {
		return notInEnum, len(s.Enum) > 0
	})
	leaf("invalid UTF-8 strings", func(_ *openapi3.Schema, v any) (any, bool) {
		_, ok := v.(string)
		return invalidUTF8, ok
	})
	leaf("extreme numbers", func(s *openapi3.Schema, _ any) (any, bool) {
		if is(s, "integer") || is(s, "number") {
			return json.RawMessage([]string{"1e308", "-9223372036854775809", "18446744073709551616", "0.000001", "-0"}[rng.IntN(5)]), true
		}
		return nil, false
	})
	leaf("empty strings", func(_ *openapi3.Schema, v any) (any, bool) {
		_, ok := v.(string)
		return "", ok
	})
	// Free-text strings (no format, pattern or enum) pass validation with any content,
	// so these reach the handler: ids with slashes, control characters, the longest
	// string the schema allows.
	for _, odd := range oddStrings {
		leaf("free-text strings "+odd.name, firstLeaves(maxHugeLeaves, func(s *openapi3.Schema, v any) (any, bool) {
			if _, ok := v.(string); !ok || !freeText(s) {
				return nil, false
			}
			return odd.value(s), true
		}))
	}
	if obj, ok := base.(map[string]any); ok {
		extra := maps.Clone(obj)
		extra["idemu-unknown-property"] = map[string]any{"x": []any{1, "two", nil}}
		out = append(out, bodyVariant{"an unknown property", mustJSON(extra)},
			bodyVariant{"invalid UTF-8 in a key", spliceInvalidUTF8(mustJSON(map[string]any{invalidUTF8: 1}))})
	}
	return append(out, bodyVariant{"plausible", mustJSON(base)})
}

// formBodies is the battery for an application/x-www-form-urlencoded body.
func formBodies(ref *openapi3.SchemaRef, h hints, rng *rand.Rand) []bodyVariant {
	base, _ := plausible(ref, "", h, 0).(map[string]any)
	form := func(fn func(name string, s *openapi3.Schema, v any) []string) []byte {
		vals := url.Values{}
		for _, k := range sortedKeys(base) {
			vals[k] = fn(k, schemaOf(propertySchema(schemaOf(ref), k)), base[k])
		}
		return []byte(vals.Encode())
	}
	text := func(v any) string {
		if s, ok := v.(string); ok {
			return s
		}
		return string(mustJSON(v))
	}
	garbage := []string{"%FF%FE", "%00", "-1", "1e999", "[]", "{", "true", "null"}
	return []bodyVariant{
		{"invalid percent-encoding", []byte("idemu=%zz&%=x&a=%")},
		{"semicolon separators", []byte("a=1;b=2")},
		{"form values of the wrong type", form(func(_ string, s *openapi3.Schema, v any) []string {
			if s != nil && (is(s, "integer") || is(s, "number") || is(s, "boolean")) {
				return []string{"not-a-value"}
			}
			return []string{text(v)}
		})},
		{"huge form values", form(func(string, *openapi3.Schema, any) []string { return []string{strings.Repeat("x", hugeLen)} })},
		{"unknown enum form values", form(func(_ string, s *openapi3.Schema, v any) []string {
			if s != nil && len(s.Enum) > 0 {
				return []string{notInEnum}
			}
			return []string{text(v)}
		})},
		{"duplicated form parameters", form(func(_ string, _ *openapi3.Schema, v any) []string {
			return []string{text(v), garbage[rng.IntN(len(garbage))]}
		})},
		{"invalid UTF-8 form values", []byte(strings.ReplaceAll(string(form(func(string, *openapi3.Schema, any) []string {
			return []string{"UTF8MARK"}
		})), "UTF8MARK", "%FF%FE%C0"))},
		{"empty form", nil},
		{"form strings with slashes and control characters", form(func(_ string, s *openapi3.Schema, v any) []string {
			if _, ok := v.(string); ok && freeText(s) {
				return []string{oddStrings[rng.IntN(3)].value(s)}
			}
			return []string{text(v)}
		})},
		{"form strings at their maximum length", form(func(_ string, s *openapi3.Schema, v any) []string {
			if _, ok := v.(string); ok && freeText(s) {
				return []string{oddStrings[3].value(s)}
			}
			return []string{text(v)}
		})},
		{"plausible", form(func(_ string, _ *openapi3.Schema, v any) []string { return []string{text(v)} })},
	}
}

// oddStrings are values a free-text field accepts that a handler may not expect.
var oddStrings = []struct {
	name  string
	value func(s *openapi3.Schema) string
}{
	{"with slashes", func(*openapi3.Schema) string { return "idemu/robust/../%2F" }},
	{"with control characters", func(*openapi3.Schema) string { return "idemu\x00robust\n\x1f\x7f" }},
	{"in unicode", func(*openapi3.Schema) string { return "ÜnïCödé 💥 \u202e 漢字" }},
	{"at their maximum length", func(s *openapi3.Schema) string {
		n := uint64(hugeLen)
		if s.MaxLength != nil {
			n = min(n, *s.MaxLength)
		}
		// A prefix that meets common password policies, then two-byte runes: the
		// most bytes the schema lets through.
		const prefix = "Aa1!"
		if n <= uint64(len(prefix)) {
			return strings.Repeat("a", int(n))
		}
		return prefix + strings.Repeat("é", int(n)-len(prefix))
	}},
}

func freeText(s *openapi3.Schema) bool {
	return s != nil && s.Format == "" && s.Pattern == "" && len(s.Enum) == 0 && (s.Type == nil || is(s, "string"))
}

// nested is levels openings, then the innermost text, then as many closings.
func nested(levels int, open, close, inner string) []byte {
	return []byte(strings.Repeat(open, levels) + inner + strings.Repeat(close, levels))
}

func spliceInvalidUTF8(b []byte) []byte {
	marker := mustJSON(invalidUTF8)
	return []byte(strings.ReplaceAll(string(b), string(marker[1:len(marker)-1]), "ab\xff\xfe\xc0cd"))
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // the generators only build JSON-encodable values
	}
	return b
}

func schemaOf(ref *openapi3.SchemaRef) *openapi3.Schema {
	if ref == nil {
		return nil
	}
	return ref.Value
}

func is(s *openapi3.Schema, typ string) bool { return s.Type != nil && s.Type.Is(typ) }

func isObject(s *openapi3.Schema) bool {
	return is(s, "object") || (s.Type == nil && len(s.Properties) > 0)
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
