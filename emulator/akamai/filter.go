package akamai

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// This file parses the filter language of entity.find and entity.count:
//
//	filter    = or
//	or        = and { "or" and }
//	and       = unary { "and" unary }
//	unary     = ( "not" | "!" ) unary | primary
//	primary   = "(" or ")" | condition
//	condition = attribute "is" [ "not" ] "null"
//	          | attribute op literal | literal op attribute
//	op        = "=" | "!=" | "<" | "<=" | ">" | ">="
//	literal   = 'text' (a quote doubled inside) | number | true | false
//
// Keywords are case-insensitive. "is null" binds to its attribute, a comparison to its
// two operands, "not" to the condition or group after it, then "and", then "or": the
// documented precedence wherever an operator can apply. The removed "contains" operator
// is recognised so that it can be refused with its own code.

type tokenType int

const (
	tokEOF tokenType = iota
	tokIdent
	tokString
	tokNumber
	tokOp
	tokLParen
	tokRParen
	tokKeyword
)

type filterToken struct {
	typ  tokenType
	text string // keywords lowercased; strings unquoted
	pos  int    // byte offset, for error messages
}

var filterKeywords = map[string]bool{"and": true, "or": true, "not": true, "is": true, "null": true,
	"true": true, "false": true, "contains": true}

// filterError is a syntax or meaning problem in a filter, with its position when known.
type filterError struct {
	msg     string
	removed bool // the removed "contains" operator (code 485)
}

func (e *filterError) Error() string { return e.msg }

func errAt(pos int, format string, args ...any) *filterError {
	return &filterError{msg: fmt.Sprintf(format, args...) + fmt.Sprintf(" at position %d", pos+1)}
}

func tokenize(src string) ([]filterToken, error) {
	var out []filterToken
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(':
			out = append(out, filterToken{tokLParen, "(", i})
			i++
		case c == ')':
			out = append(out, filterToken{tokRParen, ")", i})
			i++
		case c == '!' || c == '<' || c == '>' || c == '=':
			op := string(c)
			if i+1 < len(src) && src[i+1] == '=' && c != '=' {
				op += "="
			}
			out = append(out, filterToken{tokOp, op, i})
			i += len(op)
		case c == '\'':
			start := i
			var b strings.Builder
			i++
			for {
				if i >= len(src) {
					return nil, errAt(start, "unterminated string")
				}
				if src[i] == '\'' {
					if i+1 < len(src) && src[i+1] == '\'' {
						b.WriteByte('\'')
						i += 2
						continue
					}
					i++
					break
				}
				b.WriteByte(src[i])
				i++
			}
			out = append(out, filterToken{tokString, b.String(), start})
		case c >= '0' && c <= '9' || (c == '-' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9'):
			start := i
			i++
			for i < len(src) && (src[i] >= '0' && src[i] <= '9' || src[i] == '.') {
				i++
			}
			text := src[start:i]
			if _, err := strconv.ParseFloat(text, 64); err != nil {
				return nil, errAt(start, "%q is not a number", text)
			}
			out = append(out, filterToken{tokNumber, text, start})
		case c == '_' || c < unicode.MaxASCII && unicode.IsLetter(rune(c)):
			start := i
			for i < len(src) && (src[i] == '_' || src[i] == '.' || src[i] < unicode.MaxASCII && (unicode.IsLetter(rune(src[i])) || unicode.IsDigit(rune(src[i])))) {
				i++
			}
			word := src[start:i]
			if filterKeywords[strings.ToLower(word)] {
				out = append(out, filterToken{tokKeyword, strings.ToLower(word), start})
			} else {
				out = append(out, filterToken{tokIdent, word, start})
			}
		default:
			return nil, errAt(i, "unexpected character %q", rune(c))
		}
	}
	return append(out, filterToken{tokEOF, "", len(src)}), nil
}

// filterExpr is a parsed filter.
type filterExpr interface {
	String() string
}

type orExpr struct{ left, right filterExpr }
type andExpr struct{ left, right filterExpr }
type notExpr struct{ x filterExpr }

// nullExpr is "attribute is [not] null".
type nullExpr struct {
	attr string
	not  bool
}

// cmpExpr is "attribute op literal" (a literal on the left is turned around).
type cmpExpr struct {
	attr string
	op   string
	lit  filterToken // tokString, tokNumber or tokKeyword true/false
}

func (e orExpr) String() string  { return "(" + e.left.String() + " or " + e.right.String() + ")" }
func (e andExpr) String() string { return "(" + e.left.String() + " and " + e.right.String() + ")" }
func (e notExpr) String() string { return "not " + e.x.String() }
func (e nullExpr) String() string {
	if e.not {
		return e.attr + " is not null"
	}
	return e.attr + " is null"
}
func (e cmpExpr) String() string {
	lit := e.lit.text
	if e.lit.typ == tokString {
		lit = "'" + strings.ReplaceAll(lit, "'", "''") + "'"
	}
	return e.attr + " " + e.op + " " + lit
}

type filterParser struct {
	toks []filterToken
	i    int
}

func (p *filterParser) peek() filterToken { return p.toks[p.i] }

func (p *filterParser) next() filterToken {
	t := p.toks[p.i]
	if t.typ != tokEOF {
		p.i++
	}
	return t
}

func (p *filterParser) keyword(word string) bool {
	if t := p.peek(); t.typ == tokKeyword && t.text == word {
		p.i++
		return true
	}
	return false
}

// parseFilter parses a filter expression.
func parseFilter(src string) (filterExpr, error) {
	toks, err := tokenize(src)
	if err != nil {
		return nil, err
	}
	p := &filterParser{toks: toks}
	if p.peek().typ == tokEOF {
		return nil, &filterError{msg: "the filter is empty"}
	}
	e, err := p.or()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.typ != tokEOF {
		return nil, errAt(t.pos, "unexpected %s", describe(t))
	}
	return e, nil
}

func (p *filterParser) or() (filterExpr, error) {
	left, err := p.and()
	for err == nil && p.keyword("or") {
		var right filterExpr
		if right, err = p.and(); err == nil {
			left = orExpr{left, right}
		}
	}
	return left, err
}

func (p *filterParser) and() (filterExpr, error) {
	left, err := p.unary()
	for err == nil && p.keyword("and") {
		var right filterExpr
		if right, err = p.unary(); err == nil {
			left = andExpr{left, right}
		}
	}
	return left, err
}

func (p *filterParser) unary() (filterExpr, error) {
	if t := p.peek(); (t.typ == tokKeyword && t.text == "not") || (t.typ == tokOp && t.text == "!") {
		p.next()
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return notExpr{x}, nil
	}
	return p.primary()
}

func (p *filterParser) primary() (filterExpr, error) {
	t := p.peek()
	if t.typ == tokLParen {
		p.next()
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		if closing := p.next(); closing.typ != tokRParen {
			return nil, errAt(closing.pos, "expected ) but found %s", describe(closing))
		}
		return e, nil
	}
	return p.condition()
}

func isLiteral(t filterToken) bool {
	return t.typ == tokString || t.typ == tokNumber || (t.typ == tokKeyword && (t.text == "true" || t.text == "false"))
}

func (p *filterParser) condition() (filterExpr, error) {
	first := p.next()
	switch {
	case first.typ == tokIdent:
		if p.keyword("is") {
			not := p.keyword("not")
			if !p.keyword("null") {
				t := p.peek()
				return nil, errAt(t.pos, "expected null after is but found %s", describe(t))
			}
			return nullExpr{attr: first.text, not: not}, nil
		}
		op := p.next()
		if op.typ == tokKeyword && op.text == "contains" {
			return nil, &filterError{msg: "the contains operator has been removed", removed: true}
		}
		if op.typ != tokOp || op.text == "!" {
			return nil, errAt(op.pos, "expected a comparison operator after %s but found %s", first.text, describe(op))
		}
		lit := p.next()
		if lit.typ == tokKeyword && lit.text == "null" {
			return nil, errAt(lit.pos, "compare with null using is null or is not null")
		}
		if !isLiteral(lit) {
			return nil, errAt(lit.pos, "expected a value after %s but found %s", op.text, describe(lit))
		}
		return cmpExpr{attr: first.text, op: op.text, lit: lit}, nil
	case isLiteral(first):
		op := p.next()
		if op.typ != tokOp || op.text == "!" {
			return nil, errAt(op.pos, "expected a comparison operator but found %s", describe(op))
		}
		attr := p.next()
		if attr.typ != tokIdent {
			return nil, errAt(attr.pos, "expected an attribute name but found %s", describe(attr))
		}
		return cmpExpr{attr: attr.text, op: flipped[op.text], lit: first}, nil
	}
	return nil, errAt(first.pos, "expected a condition but found %s", describe(first))
}

// flipped turns "literal op attribute" into "attribute op' literal".
var flipped = map[string]string{"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}

func describe(t filterToken) string {
	switch t.typ {
	case tokEOF:
		return "the end of the filter"
	case tokString:
		return "'" + t.text + "'"
	}
	return strconv.Quote(t.text)
}
