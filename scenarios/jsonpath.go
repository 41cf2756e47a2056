package scenarios

import (
	"fmt"
	"strconv"
	"strings"
)

// lookup reads a value by a dot path with [i] indexes: "errors[0].tag",
// "questions[1].question-id". Keys may contain dashes (ASEE's kebab-case).
func lookup(doc any, path string) (any, bool) {
	cur := doc
	for _, part := range splitJSONPath(path) {
		switch p := part.(type) {
		case string:
			m, ok := cur.(map[string]any)
			if !ok {
				return nil, false
			}
			if cur, ok = m[p]; !ok {
				return nil, false
			}
		case int:
			a, ok := cur.([]any)
			if !ok || p < 0 || p >= len(a) {
				return nil, false
			}
			cur = a[p]
		}
	}
	return cur, true
}

func splitJSONPath(path string) []any {
	var out []any
	if path == "" || path == "$" {
		return out
	}
	for _, seg := range strings.Split(path, ".") {
		name := seg
		var idx []int
		for {
			open := strings.LastIndex(name, "[")
			if open < 0 || !strings.HasSuffix(name, "]") {
				break
			}
			n, err := strconv.Atoi(name[open+1 : len(name)-1])
			if err != nil {
				break
			}
			idx = append([]int{n}, idx...)
			name = name[:open]
		}
		if name != "" {
			out = append(out, name)
		}
		for _, i := range idx {
			out = append(out, i)
		}
	}
	return out
}

// text renders a JSON value the way a feature file writes it.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}
