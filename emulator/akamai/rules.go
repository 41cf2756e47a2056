package akamai

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// rule is a data validation rule of an entity type, as entityType.rules lists it.
type rule struct {
	UUID        string   `json:"uuid"`
	Attributes  []string `json:"attributes"`
	Description *string  `json:"description"`
	Definition  any      `json:"definition"`
}

// ruleNode is a parsed rule definition: a validator, a transformer or a combinator.
type ruleNode struct {
	name     string
	arg      any
	re       *regexp.Regexp
	children []ruleNode
}

// Rule vocabulary. Transformers change a value before validators look at it.
var (
	validatorNames   = []string{"match", "match-all", "min-length", "max-length", "less-than", "greater-than", "required", "min-age"}
	transformerNames = []string{"default", "ignore-update", "truncate", "to-lower", "to-upper"}
	combinatorNames  = []string{"and", "or", "not"}
	noArgRules       = []string{"required", "ignore-update", "to-lower", "to-upper"}
	stringRules      = []string{"match", "match-all", "min-length", "max-length", "truncate", "to-lower", "to-upper"}
)

// parseRule reads a definition: a rule name ("required") or a one-key object
// ({"min-length": 3}, {"and": [...]}, {"not": {...}}). underOr is true below or/not,
// where a transformer would have no single value to change.
func parseRule(def any, underOr bool) (ruleNode, error) {
	if name, ok := def.(string); ok {
		if !slices.Contains(noArgRules, name) {
			return ruleNode{}, fmt.Errorf("%q is not a rule that takes no argument", name)
		}
		return ruleNode{name: name}, checkPlacement(name, underOr)
	}
	obj, ok := def.(map[string]any)
	if !ok || len(obj) != 1 {
		return ruleNode{}, errors.New("a rule is a name or an object with exactly one rule name")
	}
	name := sortedKeys(obj)[0]
	arg := obj[name]
	n := ruleNode{name: name, arg: arg}
	{
		if err := checkPlacement(name, underOr); err != nil {
			return n, err
		}
		switch name {
		case "and", "or":
			items, ok := arg.([]any)
			if !ok || len(items) == 0 {
				return n, fmt.Errorf("%s takes a non-empty array of rules", name)
			}
			for _, it := range items {
				child, err := parseRule(it, underOr || name == "or")
				if err != nil {
					return n, err
				}
				n.children = append(n.children, child)
			}
		case "not":
			child, err := parseRule(arg, true)
			if err != nil {
				return n, err
			}
			n.children = []ruleNode{child}
		case "match", "match-all":
			s, ok := arg.(string)
			if !ok {
				return n, fmt.Errorf("%s takes a regular expression", name)
			}
			expr := s
			if name == "match-all" {
				expr = `^(?:` + s + `)$`
			}
			re, err := regexp.Compile(expr)
			if err != nil {
				return n, fmt.Errorf("%s: %v", name, err)
			}
			n.re = re
		case "min-length", "max-length", "truncate", "min-age":
			if f, ok := arg.(float64); !ok || f < 0 || f != math.Trunc(f) {
				return n, fmt.Errorf("%s takes a whole number", name)
			}
		case "less-than", "greater-than":
			if _, ok := arg.(float64); !ok {
				return n, fmt.Errorf("%s takes a number", name)
			}
		case "default":
		default:
			if slices.Contains(noArgRules, name) {
				return n, fmt.Errorf("%s takes no argument: write it as a string", name)
			}
			return n, fmt.Errorf("unknown rule %q", name)
		}
	}
	return n, nil
}

func checkPlacement(name string, underOr bool) error {
	if underOr && slices.Contains(transformerNames, name) {
		return fmt.Errorf("the transformer %s cannot sit under or/not", name)
	}
	return nil
}

// checkRuleTypes refuses rules that cannot apply to an attribute's type.
func (n ruleNode) checkTypes(d *attrDef, path string) error {
	switch {
	case slices.Contains(stringRules, n.name) && d.Type != typeString && d.Type != typePassword:
		return fmt.Errorf("%s applies to strings, and %s is %s", n.name, path, d.Type)
	case (n.name == "less-than" || n.name == "greater-than") && d.Type != typeInteger && d.Type != typeDecimal:
		return fmt.Errorf("%s applies to numbers, and %s is %s", n.name, path, d.Type)
	case n.name == "min-age" && d.Type != typeDate && d.Type != typeDateTime:
		return fmt.Errorf("min-age applies to dates, and %s is %s", path, d.Type)
	case d.container() && n.name != "required":
		return fmt.Errorf("%s cannot apply to the %s %s", n.name, d.Type, path)
	}
	for _, c := range n.children {
		if err := c.checkTypes(d, path); err != nil {
			return err
		}
	}
	return nil
}

// transformers lists the transformers that apply (the top level and inside and).
func (n ruleNode) transformers() []ruleNode {
	if slices.Contains(transformerNames, n.name) {
		return []ruleNode{n}
	}
	var out []ruleNode
	if n.name == "and" {
		for _, c := range n.children {
			out = append(out, c.transformers()...)
		}
	}
	return out
}

// transform applies a value-changing transformer (truncate, to-lower, to-upper).
func (n ruleNode) transform(v any) any {
	s, isPending := v.(pendingPassword)
	text, ok := v.(string)
	if isPending {
		text, ok = s.plain, true
	}
	if !ok {
		return v
	}
	switch n.name {
	case "truncate":
		if max := int(n.arg.(float64)); utf8.RuneCountInString(text) > max {
			text = string([]rune(text)[:max])
		}
	case "to-lower":
		text = strings.ToLower(text)
	case "to-upper":
		text = strings.ToUpper(text)
	default:
		return v
	}
	if isPending {
		return pendingPassword{plain: text}
	}
	return text
}

// valid evaluates the validators (transformers count as passing). A null value passes
// every validator but required.
func (n ruleNode) valid(v any, now time.Time) bool {
	switch n.name {
	case "and":
		for _, c := range n.children {
			if !c.valid(v, now) {
				return false
			}
		}
		return true
	case "or":
		for _, c := range n.children {
			if c.valid(v, now) {
				return true
			}
		}
		return false
	case "not":
		return !n.children[0].valid(v, now)
	case "required":
		return v != nil && v != ""
	}
	if v == nil || slices.Contains(transformerNames, n.name) {
		return true
	}
	if p, ok := v.(pendingPassword); ok {
		v = p.plain
	}
	switch n.name {
	case "match", "match-all":
		s, ok := v.(string)
		return !ok || n.re.MatchString(s)
	case "min-length", "max-length":
		s, ok := v.(string)
		if !ok {
			return true
		}
		l, limit := utf8.RuneCountInString(s), int(n.arg.(float64))
		return (n.name == "min-length" && l >= limit) || (n.name == "max-length" && l <= limit)
	case "less-than", "greater-than":
		f, ok := v.(float64)
		if !ok {
			return true
		}
		limit := n.arg.(float64)
		return (n.name == "less-than" && f < limit) || (n.name == "greater-than" && f > limit)
	case "min-age":
		s, ok := v.(string)
		if !ok {
			return true
		}
		born, ok := parseDateTime(s, now)
		return ok && !born.AddDate(int(n.arg.(float64)), 0, 0).After(now)
	}
	return true
}

// compiledRules are an entity type's rules, ready to apply per schema path.
type compiledRules struct {
	validators   map[string][]compiledValidator
	transforms   map[string][]ruleNode
	ignoreUpdate map[string]bool
	defaults     map[string]any
}

type compiledValidator struct {
	node ruleNode
	rule rule
}

// compile parses the stored rules (validated when they were added) and indexes them by
// the schema paths they apply to.
func compile(et *entityType) compiledRules {
	out := compiledRules{validators: map[string][]compiledValidator{}, transforms: map[string][]ruleNode{},
		ignoreUpdate: map[string]bool{}, defaults: map[string]any{}}
	for _, r := range et.Rules {
		node, err := parseRule(r.Definition, false)
		if err != nil {
			continue // stored rules were checked by addRule; a broken one applies nothing
		}
		for _, a := range r.Attributes {
			p, err := parsePath(a)
			if err != nil {
				continue
			}
			path := p.schemaPath()
			out.validators[path] = append(out.validators[path], compiledValidator{node: node, rule: r})
			for _, t := range node.transformers() {
				switch t.name {
				case "ignore-update":
					out.ignoreUpdate[path] = true
				case "default":
					out.defaults[path] = t.arg
				default:
					out.transforms[path] = append(out.transforms[path], t)
				}
			}
		}
	}
	return out
}
