package noninterference_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
)

// firstDiff returns the JSON path of the first difference between two
// response bodies, e.g. `data.actors.edges[3].node.name`.
func firstDiff(a, b []byte) string {
	var x, y any
	if err := decode(a, &x); err != nil {
		return "(before is no JSON)"
	}
	if err := decode(b, &y); err != nil {
		return "(after is no JSON)"
	}
	if p, ok := diffPath(x, y, ""); ok {
		if p == "" {
			return "(root)"
		}
		return p
	}
	return "(no difference in values: byte order or formatting)"
}

func decode(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return d.Decode(v)
}

// diffPath walks x and y in the order of x's keys as they appear in
// the document and returns the path of the first difference.
func diffPath(x, y any, path string) (string, bool) {
	switch a := x.(type) {
	case map[string]any:
		b, ok := y.(map[string]any)
		if !ok {
			return path, true
		}
		for _, k := range sortedKeys(a, b) {
			if p, d := diffPath(a[k], b[k], path+"."+k); d {
				return p, true
			}
		}
		return "", false
	case []any:
		b, ok := y.([]any)
		if !ok {
			return path, true
		}
		for i := range min(len(a), len(b)) {
			if p, d := diffPath(a[i], b[i], fmt.Sprintf("%s[%d]", path, i)); d {
				return p, true
			}
		}
		if len(a) != len(b) {
			return fmt.Sprintf("%s (length %d → %d)", path, len(a), len(b)), true
		}
		return "", false
	}
	if !reflect.DeepEqual(x, y) {
		return fmt.Sprintf("%s (%v → %v)", path, x, y), true
	}
	return "", false
}

func sortedKeys(a, b map[string]any) []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range []map[string]any{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	// "errors" before "data": an error explains the data.
	sortStrings(keys)
	return keys
}

func sortStrings(keys []string) {
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && less(keys[j], keys[j-1]); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
}

func less(a, b string) bool {
	if a == "errors" || b == "errors" {
		return a == "errors" && b != "errors"
	}
	return a < b
}

// around returns up to 300 bytes of a around its first byte that
// differs from b.
func around(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from, to := max(0, i-150), min(len(a), i+150)
	return fmt.Sprintf("…%s…", a[from:to])
}
