package logto

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sort"

	"github.com/gin-gonic/gin"
)

// Logto keeps customData, profile and similar members in PostgreSQL jsonb columns, which
// drop duplicate keys and order object keys by length, then bytewise. Values pass
// through this normalisation on write so reads give back what Logto would.

// jsonb normalises a JSON document; nil or empty input becomes {}.
func jsonb(raw json.RawMessage) json.RawMessage {
	if len(bytes.TrimSpace(raw)) == 0 {
		return json.RawMessage("{}")
	}
	v, err := decodeNumbers(raw)
	if err != nil {
		return raw
	}
	var b bytes.Buffer
	writeJSONB(&b, v)
	return b.Bytes()
}

func decodeNumbers(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

func writeJSONB(b *bytes.Buffer, v any) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			if len(keys[i]) != len(keys[j]) {
				return len(keys[i]) < len(keys[j])
			}
			return keys[i] < keys[j]
		})
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			kb, _ := encodeJSON(k)
			b.Write(kb)
			b.WriteByte(':')
			writeJSONB(b, x[k])
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONB(b, e)
		}
		b.WriteByte(']')
	default:
		eb, _ := encodeJSON(x)
		b.Write(eb)
	}
}

// mergeJSONB is jsonb's || on objects: the patch's top-level keys replace the base's.
func mergeJSONB(base, patch json.RawMessage) json.RawMessage {
	var a, p map[string]json.RawMessage
	if json.Unmarshal(base, &a) != nil || a == nil {
		a = map[string]json.RawMessage{}
	}
	if json.Unmarshal(patch, &p) != nil {
		return jsonb(patch)
	}
	for k, v := range p {
		a[k] = v
	}
	raw, _ := json.Marshal(a)
	return jsonb(raw)
}

// bind decodes the (already validated) JSON body into v.
func bind(c *gin.Context, v any) error {
	raw, err := io.ReadAll(c.Request.Body)
	if err != nil {
		return invalidInput("the body could not be read")
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		raw = []byte("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return &apiError{Status: http.StatusBadRequest, raw: gin.H{"message": syntaxMessage(raw)}}
	}
	return nil
}

// optional is a body member that may be absent, null or a value: PATCH semantics.
type optional[T any] struct {
	Set   bool
	Null  bool
	Value T
}

func (o *optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.Value)
}

// ptr returns the value as a pointer (nil when absent or null).
func (o optional[T]) ptr() *T {
	if !o.Set || o.Null {
		return nil
	}
	v := o.Value
	return &v
}
