package akamai

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// leaf is one place a schema path has a value in a record; instance names the plural
// instance it sits in (for locally-unique), "" outside plurals.
type leaf struct {
	value    any
	instance string
}

// leaves finds every value of a schema path in a record, one per plural element on the way.
func leaves(rec map[string]any, names []string) []leaf {
	var out []leaf
	var walk func(cur map[string]any, names []string, group, instance string)
	walk = func(cur map[string]any, names []string, group, instance string) {
		v := cur[names[0]]
		if len(names) == 1 {
			out = append(out, leaf{value: v, instance: instance})
			return
		}
		switch x := v.(type) {
		case map[string]any:
			walk(x, names[1:], group+"."+names[0], instance)
		case []any:
			inst := group + "." + names[0]
			for _, it := range x {
				if el, ok := it.(map[string]any); ok {
					walk(el, names[1:], fmt.Sprintf("%s#%v", inst, el[attrID]), inst)
				}
			}
		}
	}
	walk(rec, names, "", "")
	return out
}

var emailAddressRe = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

// check runs validation rules and constraints over every path the write touched.
func (w *writer) check(rec map[string]any) error {
	paths := make([]string, 0, len(w.touched))
	for p := range w.touched {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, path := range paths {
		p, _ := parsePath(path)
		d, err := w.et.resolve(p)
		if err != nil {
			return err
		}
		values := leaves(rec, strings.Split(path, "."))
		for _, cv := range w.rules.validators[path] {
			for _, l := range values {
				if !cv.node.valid(l.value, w.now) {
					desc := fmt.Sprintf("the value of %s is not valid", path)
					if cv.rule.Description != nil && *cv.rule.Description != "" {
						desc += ": " + *cv.rule.Description
					}
					return fail(codeConstraintViolation, desc).with("attribute_name", path)
				}
			}
		}
		if err := checkValueConstraints(d, path, values); err != nil {
			return err
		}
	}
	return nil
}

func checkValueConstraints(d *attrDef, path string, values []leaf) error {
	for _, l := range values {
		v := l.value
		if p, ok := v.(pendingPassword); ok {
			v = p.plain
		}
		if d.has(constraintRequired) && (v == nil || v == "" || (d.Type == typePlural && len(asSlice(v)) == 0)) {
			return fail(codeMissingRequiredAttribute, path+" is required").with("attribute_name", path)
		}
		s, isString := v.(string)
		if !isString || d.Type != typeString {
			continue
		}
		if d.Length != nil && utf8.RuneCountInString(s) > *d.Length {
			return fail(codeLengthViolation, fmt.Sprintf("%s is longer than %d characters", path, *d.Length)).with("attribute_name", path)
		}
		for _, c := range d.Constraints {
			if !charsetAllows(c, s) {
				return fail(codeConstraintViolation, fmt.Sprintf("%s violates the %s constraint", path, c)).with("attribute_name", path)
			}
		}
	}
	return checkLocallyUnique(d, path, values)
}

// checkLocallyUnique: within one plural, no two elements share the value.
func checkLocallyUnique(d *attrDef, path string, values []leaf) error {
	if !d.has(constraintLocallyUnique) {
		return nil
	}
	seen := map[string]bool{}
	for _, l := range values {
		if l.value == nil {
			continue
		}
		text := fmt.Sprint(l.value)
		if s, ok := l.value.(string); ok {
			text = uniqueText(d, s)
		}
		key := l.instance + "\x00" + text
		if seen[key] {
			return uniqueViolation(path)
		}
		seen[key] = true
	}
	return nil
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

func charsetAllows(constraint, s string) bool {
	if s == "" {
		return true
	}
	switch constraint {
	case constraintAlphabetic:
		return !strings.ContainsFunc(s, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsLetter(r) })
	case constraintAlphanumeric:
		return !strings.ContainsFunc(s, func(r rune) bool {
			return r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r))
		})
	case constraintUnicodeLetters:
		return !strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	case constraintUnicodePrintable:
		return !strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) })
	case constraintEmailAddress:
		return emailAddressRe.MatchString(s)
	}
	return true
}

// uniqueText is how a string takes part in uniqueness: folded unless case-sensitive.
func uniqueText(d *attrDef, s string) string {
	if d.caseSensitive() {
		return s
	}
	return strings.ToLower(s)
}
