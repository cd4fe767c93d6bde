package noninterference_test

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
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
	rank := func(k string) int {
		if k == "errors" {
			return 0
		}
		return 1
	}
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b))
	})
	return keys
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

func TestFirstDiff(t *testing.T) {
	for _, c := range []struct{ a, b, want string }{
		{`{"data":{"x":[1,2]}}`, `{"data":{"x":[1,3]}}`, ".data.x[1] (2 → 3)"},
		{`{"data":{"x":[1]}}`, `{"data":{"x":[1,2]}}`, ".data.x (length 1 → 2)"},
		{`{"data":{"s":0.30000000000000004}}`, `{"data":{"s":0.3}}`, ".data.s (0.30000000000000004 → 0.3)"},
		{`{"data":null}`, `{"errors":[],"data":null}`, ".errors (<nil> → [])"},
	} {
		if got := firstDiff([]byte(c.a), []byte(c.b)); got != c.want {
			t.Errorf("firstDiff(%s, %s) = %q, want %q", c.a, c.b, got, c.want)
		}
	}
}

func TestCanonicalSortsOnlyErrors(t *testing.T) {
	a := canonical([]byte(`{"errors":[{"path":["x",2]},{"path":["x",1]}],"data":{"x":[3,1,2]}}`))
	b := canonical([]byte(`{"errors":[{"path":["x",1]},{"path":["x",2]}],"data":{"x":[3,1,2]}}`))
	if string(a) != string(b) || string(a) != `{"errors":[{"path":["x",1]},{"path":["x",2]}],"data":{"x":[3,1,2]}}` {
		t.Errorf("canonical: %s, %s", a, b)
	}
}
