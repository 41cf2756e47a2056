package akamai

import (
	"cmp"
	"strconv"
	"strings"
	"time"
)

// condition is a filter bound to a schema: every attribute resolved and every literal
// converted to the attribute's type, so that evaluation cannot fail.
type condition func(rec map[string]any) bool

// bindFilter checks a parsed filter against an entity type (and the client's read access
// schema) and returns its evaluator.
func bindFilter(e filterExpr, et *entityType, view *accessView, now time.Time) (condition, error) {
	switch x := e.(type) {
	case orExpr:
		l, r, err := bindPair(x.left, x.right, et, view, now)
		if err != nil {
			return nil, err
		}
		return func(rec map[string]any) bool { return l(rec) || r(rec) }, nil
	case andExpr:
		l, r, err := bindPair(x.left, x.right, et, view, now)
		if err != nil {
			return nil, err
		}
		return func(rec map[string]any) bool { return l(rec) && r(rec) }, nil
	case notExpr:
		inner, err := bindFilter(x.x, et, view, now)
		if err != nil {
			return nil, err
		}
		return func(rec map[string]any) bool { return !inner(rec) }, nil
	case nullExpr:
		names, _, err := filterAttr(x.attr, et, view)
		if err != nil {
			return nil, err
		}
		return func(rec map[string]any) bool {
			for _, l := range leaves(rec, names) {
				if hasValue(l.value) {
					return x.not
				}
			}
			return !x.not
		}, nil
	case cmpExpr:
		return bindComparison(x, et, view, now)
	}
	return nil, &filterError{msg: "unsupported expression"}
}

func bindPair(a, b filterExpr, et *entityType, view *accessView, now time.Time) (condition, condition, error) {
	l, err := bindFilter(a, et, view, now)
	if err != nil {
		return nil, nil, err
	}
	r, err := bindFilter(b, et, view, now)
	return l, r, err
}

func filterAttr(name string, et *entityType, view *accessView) ([]string, *attrDef, error) {
	p, err := parsePath(name)
	if err != nil {
		return nil, nil, &filterError{msg: "Unknown attribute (" + name + ")"}
	}
	d, err := et.resolve(p)
	if err != nil || !view.reaches(p.schemaPath()) {
		return nil, nil, &filterError{msg: "Unknown attribute (" + name + ")"}
	}
	return strings.Split(p.schemaPath(), "."), d, nil
}

// hasValue: a plural with elements, an object with any value inside, any other non-null.
func hasValue(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case []any:
		return len(x) > 0
	case map[string]any:
		for _, c := range x {
			if hasValue(c) {
				return true
			}
		}
		return false
	}
	return true
}

// bindComparison converts the literal to the attribute's type once; a record matches
// when any of its values (one per plural element on the way) satisfies the comparison.
// A null value satisfies no comparison.
func bindComparison(x cmpExpr, et *entityType, view *accessView, now time.Time) (condition, error) {
	names, d, err := filterAttr(x.attr, et, view)
	if err != nil {
		return nil, err
	}
	bad := func(want string) error {
		return &filterError{msg: "the value " + x.lit.text + " cannot be compared with " + x.attr + ", which holds " + want}
	}
	var compare func(v any) (int, bool)
	switch d.Type {
	case typeString, typeUUID, typeIPAddress:
		want := x.lit.text
		fold := d.Type != typeString || !d.caseSensitive()
		if fold {
			want = strings.ToLower(want)
		}
		compare = func(v any) (int, bool) {
			s, ok := v.(string)
			if fold {
				s = strings.ToLower(s)
			}
			return strings.Compare(s, want), ok
		}
	case typeInteger, typeDecimal, typeID:
		want, err := strconv.ParseFloat(x.lit.text, 64)
		if err != nil || x.lit.typ == tokKeyword {
			return nil, bad("numbers")
		}
		compare = func(v any) (int, bool) {
			f, ok := v.(float64)
			return cmp.Compare(f, want), ok
		}
	case typeBoolean:
		want, err := strconv.ParseBool(strings.ToLower(x.lit.text))
		if err != nil || x.lit.typ == tokNumber {
			return nil, bad("true or false")
		}
		if x.op != "=" && x.op != "!=" {
			return nil, &filterError{msg: x.attr + " is a boolean: compare it with = or !="}
		}
		compare = func(v any) (int, bool) {
			b, ok := v.(bool)
			if b == want {
				return 0, ok
			}
			return 1, ok
		}
	case typeDate, typeDateTime:
		want, ok := parseDateTime(x.lit.text, now)
		if !ok || x.lit.typ != tokString {
			return nil, bad("dates, written in quotes")
		}
		if d.Type == typeDate {
			want = want.Truncate(24 * time.Hour)
		}
		compare = func(v any) (int, bool) {
			s, ok := v.(string)
			t, parsed := parseDateTime(s, now)
			return t.Compare(want), ok && parsed
		}
	default:
		return nil, &filterError{msg: x.attr + " is " + d.Type + ": it can only be tested with is null"}
	}
	test := comparisons[x.op]
	return func(rec map[string]any) bool {
		for _, l := range leaves(rec, names) {
			if c, ok := compare(l.value); ok && test(c) {
				return true
			}
		}
		return false
	}, nil
}

var comparisons = map[string]func(int) bool{
	"=":  func(c int) bool { return c == 0 },
	"!=": func(c int) bool { return c != 0 },
	"<":  func(c int) bool { return c < 0 },
	"<=": func(c int) bool { return c <= 0 },
	">":  func(c int) bool { return c > 0 },
	">=": func(c int) bool { return c >= 0 },
}
