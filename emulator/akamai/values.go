package akamai

import (
	"fmt"
	"maps"
	"math"
	"net/netip"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"
)

// writeMode is how a write combines with what is stored.
type writeMode int

const (
	// modeCreate builds a new record: unspecified attributes are null, ids are refused.
	modeCreate writeMode = iota
	// modeUpdate merges: only given attributes change, plural elements without an id are
	// appended, and an element with an id replaces that element.
	modeUpdate
	// modeReplace overwrites the addressed subtree: unspecified attributes become null and
	// plurals are replaced wholesale, every element getting a new id.
	modeReplace
)

// pendingPassword is a password written in clear, kept until rules and constraints have
// seen it and then replaced by its hash.
type pendingPassword struct{ plain string }

// bcryptPasswordType is the stored form of a password attribute's hash.
const bcryptPasswordType = "password-bcrypt"

// writer turns client JSON into stored attribute values, checking types as it goes and
// recording which schema paths the write touched (for rules and constraints).
type writer struct {
	et       *entityType
	now      time.Time
	access   *accessView // the client's write access schema (nil: all)
	rules    compiledRules
	creating bool // a new record: defaults apply, ignore-update does not
	touched  map[string]bool
}

func newWriter(et *entityType, now time.Time, access *accessView, creating bool) *writer {
	return &writer{et: et, now: now, access: access, rules: compile(et), creating: creating, touched: map[string]bool{}}
}

// object builds an object value from its definition's children. old is the stored
// object (update mode keeps what the input does not mention).
func (w *writer) object(defs []*attrDef, prefix string, in map[string]any, old map[string]any, mode writeMode, top bool) (map[string]any, error) {
	out := map[string]any{}
	if mode == modeUpdate {
		out = maps.Clone(old)
		if out == nil {
			out = map[string]any{}
		}
	}
	byName := map[string]*attrDef{}
	for _, d := range defs {
		byName[d.Name] = d
	}
	for _, k := range sortedKeys(in) {
		path := joinPath(prefix, k)
		d := byName[k]
		if d == nil {
			switch {
			case top && k == attrID && mode == modeCreate:
				return nil, fail(codeIDInNewRecord, "a new record cannot be given an id")
			case top && (k == attrID || k == attrUUID || k == attrCreated || k == attrLastUpdated):
				return nil, fail(codeReservedAttribute, k+" is a reserved attribute and cannot be written").with("attribute_name", k)
			}
			return nil, unknownAttribute(path)
		}
		if !w.access.writable(path, d) {
			return nil, unknownAttribute(path)
		}
		v, err := w.value(d, path, in[k], old[k], mode)
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	if mode != modeUpdate {
		for _, d := range defs {
			if _, given := in[d.Name]; given {
				continue
			}
			v, err := w.value(d, joinPath(prefix, d.Name), nil, nil, mode)
			if err != nil {
				return nil, err
			}
			out[d.Name] = v
		}
	}
	return out, nil
}

// value builds one attribute's value.
func (w *writer) value(d *attrDef, path string, in, old any, mode writeMode) (any, error) {
	switch d.Type {
	case typeObject:
		if in == nil {
			return w.object(d.AttrDefs, path, nil, nil, modeReplace, false)
		}
		m, ok := in.(map[string]any)
		if !ok {
			return nil, jsonType(path, "an object")
		}
		oldMap, _ := old.(map[string]any)
		return w.object(d.AttrDefs, path, m, oldMap, mode, false)
	case typePlural:
		w.touchAll(path, d)
		return w.plural(d, path, in, old, mode)
	}
	if w.rules.ignoreUpdate[path] && !w.creating {
		return old, nil
	}
	if def, ok := w.rules.defaults[path]; ok && in == nil && w.creating {
		in = def
	}
	w.touched[path] = true
	v, err := w.scalar(d, path, in)
	for _, t := range w.rules.transforms[path] {
		v = t.transform(v)
	}
	return v, err
}

func (w *writer) touchAll(path string, d *attrDef) {
	w.touched[path] = true
	walkDefs(d.AttrDefs, path, func(p string, _ *attrDef) { w.touched[p] = true })
}

func (w *writer) plural(d *attrDef, path string, in, old any, mode writeMode) (any, error) {
	if in == nil {
		return []any{}, nil
	}
	items, ok := in.([]any)
	if !ok {
		return nil, jsonType(path, "an array")
	}
	var out []any
	if mode == modeUpdate {
		oldItems, _ := old.([]any)
		for _, it := range oldItems {
			out = append(out, maps.Clone(it.(map[string]any)))
		}
	}
	for _, it := range items {
		el, ok := it.(map[string]any)
		if !ok {
			return nil, jsonType(path, "an array of objects")
		}
		el = maps.Clone(el)
		rawID, hasID := el[attrID]
		delete(el, attrID)
		switch {
		case hasID && mode == modeCreate:
			return nil, fail(codeIDInNewRecord, "a new plural element of "+path+" cannot be given an id")
		case hasID && mode == modeUpdate:
			id, ok := elementID(rawID)
			i := indexOfElement(out, id)
			if !ok || i < 0 {
				return nil, recordNotFound(fmt.Sprintf("%s has no element with id %v", path, rawID))
			}
			v, err := w.object(d.AttrDefs, path, el, nil, modeReplace, false)
			if err != nil {
				return nil, err
			}
			v[attrID] = id
			out[i] = v
			continue
		}
		v, err := w.object(d.AttrDefs, path, el, nil, modeReplace, false)
		if err != nil {
			return nil, err
		}
		v[attrID] = w.et.allocate()
		out = append(out, v)
	}
	if out == nil {
		out = []any{}
	}
	return out, nil
}

// elementID reads a plural element id from JSON (a number) or text.
func elementID(v any) (int64, bool) {
	switch x := v.(type) {
	case float64:
		if x == math.Trunc(x) && x > 0 {
			return int64(x), true
		}
	case int64:
		return x, x > 0
	case string:
		var id int64
		if _, err := fmt.Sscan(x, &id); err == nil && id > 0 {
			return id, true
		}
	}
	return 0, false
}

func indexOfElement(items []any, id int64) int {
	for i, it := range items {
		if el, ok := it.(map[string]any); ok {
			if got, ok := elementID(el[attrID]); ok && got == id {
				return i
			}
		}
	}
	return -1
}

func jsonType(path, want string) *apiError {
	return fail(codeInvalidJSONType, fmt.Sprintf("%s must be %s", path, want)).with("attribute_name", path)
}

var bcryptHashRe = regexp.MustCompile(`^\$2[aby]?\$\d\d\$[./A-Za-z0-9]{53}$`)

// scalar checks a leaf value against its type and renders it in stored form.
func (w *writer) scalar(d *attrDef, path string, in any) (any, error) {
	if in == nil {
		return nil, nil
	}
	switch d.Type {
	case typeString:
		if s, ok := in.(string); ok {
			return s, nil
		}
		return nil, jsonType(path, "a string")
	case typeBoolean:
		if b, ok := in.(bool); ok {
			return b, nil
		}
		return nil, jsonType(path, "true or false")
	case typeInteger:
		if n, ok := in.(float64); ok && n == math.Trunc(n) && math.Abs(n) <= 1<<53 {
			return n, nil
		}
		return nil, jsonType(path, "an integer")
	case typeDecimal:
		if n, ok := in.(float64); ok {
			return n, nil
		}
		return nil, jsonType(path, "a number")
	case typeDate, typeDateTime:
		s, ok := in.(string)
		if !ok {
			return nil, jsonType(path, "a date string")
		}
		t, ok := parseDateTime(s, w.now)
		if !ok {
			return nil, fail(codeInvalidDateTime, fmt.Sprintf("%s: %q is not a valid %s", path, s, d.Type)).with("attribute_name", path)
		}
		if d.Type == typeDate {
			return t.Format(dateLayout), nil
		}
		return formatDateTime(t), nil
	case typeJSON:
		return in, nil
	case typePassword:
		switch v := in.(type) {
		case string:
			return pendingPassword{plain: v}, nil
		case map[string]any:
			// An already-hashed password, as entity reads return it (imports, migrations).
			if v["type"] == bcryptPasswordType {
				if hash, ok := v["value"].(string); ok && bcryptHashRe.MatchString(hash) {
					return map[string]any{"type": bcryptPasswordType, "value": hash}, nil
				}
			}
		}
		return nil, fail(codeInvalidDataFormat, path+" must be a password string or a password-bcrypt object").with("attribute_name", path)
	case typeUUID:
		if s, ok := in.(string); ok {
			if u, err := uuid.Parse(s); err == nil {
				return u.String(), nil
			}
		}
		return nil, fail(codeInvalidDataFormat, path+" must be a UUID").with("attribute_name", path)
	case typeIPAddress:
		if s, ok := in.(string); ok {
			if a, err := netip.ParseAddr(strings.TrimSpace(s)); err == nil {
				return a.String(), nil
			}
		}
		return nil, fail(codeInvalidDataFormat, path+" must be an IP address").with("attribute_name", path)
	}
	return nil, fail(codeReservedAttribute, path+" cannot be written").with("attribute_name", path)
}
