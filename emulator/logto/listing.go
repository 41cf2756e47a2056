package logto

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/platform"
)

// paginate cuts one page out of items and sets Logto's headers: Total-Number and one
// Link header per relation (first, last, prev, next), each URL being the request's
// with page replaced. The links leave out the /api prefix, as Logto's do (its API app
// is mounted under /api and builds them from its own path).
func paginate[T any](c *gin.Context, p page, items []T) []T {
	if p.Disabled {
		return items
	}
	total := len(items)
	c.Header("Total-Number", strconv.Itoa(total))
	last := (total + p.Size - 1) / p.Size
	if last < 1 {
		last = 1
	}
	link := func(n int, rel string) {
		c.Writer.Header().Add("Link", fmt.Sprintf(`<%s>; rel="%s"`, pageURL(c.Request, n), rel))
	}
	link(1, "first")
	link(last, "last")
	if p.Page > 1 {
		link(p.Page-1, "prev")
	}
	if p.Page < last {
		link(p.Page+1, "next")
	}
	start := min(p.offset(), total)
	end := min(start+p.Size, total)
	return items[start:end]
}

// pageURL is the request's URL with page set to n, the other parameters kept in order
// (URLSearchParams.set: the first page replaced in place, a missing one appended).
func pageURL(r *http.Request, n int) string {
	path := strings.TrimPrefix(r.URL.EscapedPath(), "/api") // escaped: a header must not carry raw control bytes
	var parts []string
	replaced := false
	for _, pair := range strings.Split(r.URL.RawQuery, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		key, _ := url.QueryUnescape(k)
		val, _ := url.QueryUnescape(v)
		if key == "page" {
			if replaced {
				continue
			}
			val, replaced = strconv.Itoa(n), true
		}
		parts = append(parts, formEncode(key)+"="+formEncode(val))
	}
	if !replaced {
		parts = append(parts, "page="+strconv.Itoa(n))
	}
	return platform.BaseURL(r) + path + "?" + strings.Join(parts, "&")
}

// formEncode is the WHATWG application/x-www-form-urlencoded serializer that
// URLSearchParams uses: alphanumerics and *-._ stay, space becomes +.
func formEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch >= '0' && ch <= '9', ch == '*', ch == '-', ch == '.', ch == '_':
			b.WriteByte(ch)
		case ch == ' ':
			b.WriteByte('+')
		default:
			fmt.Fprintf(&b, "%%%02X", ch)
		}
	}
	return b.String()
}

// Search is Logto's advanced search (core/utils/search.ts): search / search.<field>,
// mode / mode.<field> (like, exact, similar_to, posix), joint or jointMode (or, and)
// and isCaseSensitive. A problem with them is a TypeError in Logto, answered as 400
// request.invalid_input with the explanation in the message.

type searchMatch struct {
	field  string // "" = every searchable field
	mode   string
	values []string
}

type search struct {
	items         []searchMatch
	joint         string
	caseSensitive bool
}

var searchModes = map[string]bool{"like": true, "exact": true, "similar_to": true, "posix": true}

func parseSearch(q url.Values, fields []string) (search, error) {
	s := search{joint: "or"}
	if j := firstOf(q, "joint", "jointMode"); j != "" {
		if j != "or" && j != "and" {
			return s, searchError(fmt.Sprintf("Search joint mode `%s` is not valid.", j))
		}
		s.joint = j
	}
	if v := q.Get("isCaseSensitive"); v != "" {
		s.caseSensitive = v == "true"
	}
	defaultMode := "like"
	if m := q.Get("mode"); m != "" {
		if !searchModes[m] {
			return s, searchError(fmt.Sprintf("Search mode `%s` is not valid.", m))
		}
		defaultMode = m
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		field, ok := strings.CutPrefix(k, "search")
		if !ok || (field != "" && !strings.HasPrefix(field, ".")) {
			continue
		}
		field = strings.TrimPrefix(field, ".")
		if strings.Contains(field, ".") {
			return s, searchError("Nested search field path `" + field + "` is not supported.")
		}
		if field != "" && !slices.Contains(fields, field) {
			return s, searchError(fmt.Sprintf("Search field `%s` is not valid.", field))
		}
		mode := defaultMode
		if m := q.Get("mode." + field); field != "" && m != "" {
			if !searchModes[m] {
				return s, searchError(fmt.Sprintf("Search mode `%s` is not valid.", m))
			}
			mode = m
		}
		values := q[k]
		for _, v := range values {
			if v == "" {
				return s, searchError("Search value cannot be empty.")
			}
		}
		if len(values) > 1 && mode != "exact" {
			return s, searchError("Only one search value is allowed when search mode is not `exact`.")
		}
		if mode == "similar_to" && !s.caseSensitive {
			return s, searchError("Cannot use case-insensitive search mode `similar_to`.")
		}
		s.items = append(s.items, searchMatch{field: field, mode: mode, values: values})
	}
	return s, nil
}

func searchError(details string) *apiError {
	return invalidInput(details).withData(gin.H{})
}

func firstOf(q url.Values, keys ...string) string {
	for _, k := range keys {
		if v := q.Get(k); v != "" {
			return v
		}
	}
	return ""
}

// matches applies the search to one entity; get reads a searchable field (nil = SQL
// NULL, which matches nothing).
func (s search) matches(fields []string, get func(field string) *string) (bool, error) {
	if len(s.items) == 0 {
		return true, nil
	}
	for i, m := range s.items {
		targets := fields
		if m.field != "" {
			targets = []string{m.field}
		}
		hit := false
		for _, f := range targets {
			ok, err := s.matchOne(m, get(f))
			if err != nil {
				return false, err
			}
			if ok {
				hit = true
				break
			}
		}
		switch {
		case s.joint == "and" && !hit:
			return false, nil
		case s.joint == "or" && hit:
			return true, nil
		case i == len(s.items)-1:
			return hit, nil
		}
	}
	return false, nil
}

func (s search) matchOne(m searchMatch, value *string) (bool, error) {
	if value == nil {
		return false, nil
	}
	v := *value
	for _, want := range m.values {
		switch m.mode {
		case "exact":
			if v == want || (!s.caseSensitive && strings.EqualFold(v, want)) {
				return true, nil
			}
		case "like":
			if likePattern(want, s.caseSensitive).MatchString(v) {
				return true, nil
			}
		case "similar_to":
			re, err := regexp.Compile("^(?:" + similarTo(want) + ")$")
			if err != nil {
				return false, searchError("Invalid `similar_to` pattern: " + want)
			}
			if re.MatchString(v) {
				return true, nil
			}
		case "posix":
			expr := want
			if !s.caseSensitive {
				expr = "(?i)" + expr
			}
			re, err := regexp.Compile(expr)
			if err != nil {
				return false, searchError("Invalid `posix` pattern: " + want)
			}
			if re.MatchString(v) {
				return true, nil
			}
		}
	}
	return false, nil
}

// likePattern turns SQL LIKE (ILIKE when case-insensitive) into a regular expression.
func likePattern(pattern string, caseSensitive bool) *regexp.Regexp {
	var b strings.Builder
	if !caseSensitive {
		b.WriteString("(?is)")
	} else {
		b.WriteString("(?s)")
	}
	b.WriteString("^")
	escaped := false
	for _, r := range pattern {
		switch {
		case escaped:
			b.WriteString(regexp.QuoteMeta(string(r)))
			escaped = false
		case r == '\\':
			escaped = true
		case r == '%':
			b.WriteString(".*")
		case r == '_':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// similarTo turns SQL SIMILAR TO into a regular expression: % and _ are wildcards, the
// regular-expression operators keep their meaning, and . is a literal.
func similarTo(pattern string) string {
	var b strings.Builder
	for _, r := range pattern {
		switch r {
		case '%':
			b.WriteString(".*")
		case '_':
			b.WriteString(".")
		case '.', '^', '$':
			b.WriteString(regexp.QuoteMeta(string(r)))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
