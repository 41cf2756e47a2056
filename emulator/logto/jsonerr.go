package logto

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// syntaxMessage words a JSON syntax error the way Node's JSON.parse (V8) does, since
// Logto answers a malformed body with 400 {"message": <the SyntaxError's text>}.
// Go's decoder finds the same offending byte; the wording is V8's.
func syntaxMessage(body []byte) string {
	var v any
	err := json.Unmarshal(body, &v)
	var se *json.SyntaxError
	if !errors.As(err, &se) || se.Error() == "unexpected end of JSON input" {
		return "Unexpected end of JSON input"
	}
	msg := se.Error()
	pos := int(se.Offset) - 1 // Go counts the offending byte as read
	if pos < 0 {
		pos = 0
	}
	at := fmt.Sprintf("in JSON at position %d (line %s)", pos, lineColumn(body, pos))
	switch {
	case strings.HasSuffix(msg, "looking for beginning of object key string"):
		if trailingComma(body, pos) {
			return "Expected double-quoted property name " + at
		}
		return "Expected property name or '}' " + at
	case strings.HasSuffix(msg, "after object key"):
		return "Expected ':' after property name " + at
	case strings.HasSuffix(msg, "after object key:value pair"):
		return "Expected ',' or '}' after property value " + at
	case strings.HasSuffix(msg, "after array element"):
		return "Expected ',' or ']' after array element " + at
	case strings.HasSuffix(msg, "after top-level value"):
		return "Unexpected non-whitespace character after JSON at position " + fmt.Sprint(pos) + " (line " + lineColumn(body, pos) + ")"
	case strings.Contains(msg, "in string literal"):
		return "Bad control character in string literal " + at
	case strings.Contains(msg, "in string escape code"):
		return "Bad escaped character " + at
	}
	r, _ := utf8.DecodeRune(body[min(pos, len(body)):])
	return fmt.Sprintf("Unexpected token '%c', %s is not valid JSON", r, snippet(body))
}

// lineColumn is V8's "L column C" (both from 1) for a byte position.
func lineColumn(body []byte, pos int) string {
	line, col := 1, 1
	for i := 0; i < pos && i < len(body); i++ {
		if body[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("%d column %d", line, col)
}

func trailingComma(body []byte, pos int) bool {
	for i := pos - 1; i >= 0; i-- {
		switch body[i] {
		case ' ', '\t', '\n', '\r':
			continue
		case ',':
			return true
		}
		return false
	}
	return false
}

// snippet is how V8 quotes a short source ("..." when it is long).
func snippet(body []byte) string {
	s := string(body)
	if len(s) > 30 {
		return `"` + s[:10] + `"...`
	}
	return `"` + s + `"`
}
