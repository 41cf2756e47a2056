package akamai

import (
	"encoding/json"
	"sort"
)

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// deepClone copies a JSON-shaped value so a write can change it freely.
func deepClone(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, c := range x {
			out[k] = deepClone(c)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, c := range x {
			out[i] = deepClone(c)
		}
		return out
	}
	return v
}

// views is every view a rendering must respect: the client's read access schema and,
// when the caller asked for some attributes only, that projection.
type views []*accessView

func (vs views) reaches(path string) bool {
	for _, v := range vs {
		if !v.reaches(path) {
			return false
		}
	}
	return true
}

// renderRecord is a record as the entity API returns it: every attribute of the schema
// the views reach, null when unset, objects with all their children and plurals as
// arrays of elements with their ids.
func renderRecord(et *entityType, attrs map[string]any, vs ...*accessView) map[string]any {
	out := map[string]any{}
	for _, name := range reservedAttributes {
		if views(vs).reaches(name) {
			out[name] = attrs[name]
		}
	}
	renderObject(et.AttrDefs, "", attrs, vs, out)
	return out
}

func renderObject(defs []*attrDef, prefix string, in map[string]any, vs views, out map[string]any) {
	for _, d := range defs {
		path := joinPath(prefix, d.Name)
		if !vs.reaches(path) {
			continue
		}
		out[d.Name] = renderValue(d, path, in[d.Name], vs)
	}
}

func renderValue(d *attrDef, path string, v any, vs views) any {
	switch d.Type {
	case typeObject:
		m, _ := v.(map[string]any)
		obj := map[string]any{}
		renderObject(d.AttrDefs, path, m, vs, obj)
		return obj
	case typePlural:
		items, _ := v.([]any)
		list := make([]any, 0, len(items))
		for _, it := range items {
			el, _ := it.(map[string]any)
			obj := map[string]any{attrID: el[attrID]}
			renderObject(d.AttrDefs, path, el, vs, obj)
			list = append(list, obj)
		}
		return list
	}
	return v
}

// projection is the view of an attributes parameter: the listed paths only, system
// attributes included only when listed. Each must exist and be readable.
func projection(et *entityType, names []string, access *accessView) (*accessView, error) {
	out := &accessView{strict: true, paths: []string{}}
	for _, n := range names {
		p, _, err := et.resolveString(n)
		if err != nil {
			return nil, err
		}
		if !access.reaches(p.schemaPath()) {
			return nil, unknownAttribute(p.schemaPath())
		}
		out.paths = append(out.paths, p.schemaPath())
	}
	return out, nil
}

// valueAt reads a path (element ids included) from a rendered record; ok is false when
// a plural element is missing.
func valueAt(rec map[string]any, p attrPath) (any, bool) {
	var cur any = rec
	for _, seg := range p {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, true
		}
		cur = m[seg.name]
		if seg.elem != 0 {
			items, _ := cur.([]any)
			i := indexOfElement(items, seg.elem)
			if i < 0 {
				return nil, false
			}
			cur = items[i]
		}
	}
	return cur, true
}

// decodeJSON parses a JSON parameter value into generic JSON values.
func decodeJSON(text string) (any, error) {
	var v any
	err := json.Unmarshal([]byte(text), &v)
	return v, err
}

// setPath sets a value at a dot path, creating the objects on the way.
func setPath(out map[string]any, names []string, v any) {
	for _, n := range names[:len(names)-1] {
		next, ok := out[n].(map[string]any)
		if !ok {
			next = map[string]any{}
			out[n] = next
		}
		out = next
	}
	out[names[len(names)-1]] = v
}
