package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// response is a GraphQL response as both servers send it.
type response struct {
	Data   map[string]any    `json:"data"`
	Errors []json.RawMessage `json:"errors"`
}

// decode reads a GraphQL response, numbers as json.Number so that no
// float rounding hides or makes a difference.
func decode(body []byte) (response, error) {
	var r response
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&r); err != nil {
		return r, fmt.Errorf("decode response: %w", err)
	}
	if len(r.Errors) > 0 {
		return r, fmt.Errorf("response has errors: %s", r.Errors[0])
	}
	return r, nil
}

// compare returns the differences between kiezgraph's data k and the
// peer's data p, as lines "path: kiezgraph … peer …", at most max.
//
// The two APIs differ in shape where the peer cannot follow kiezgraph's
// schema; the queries align names with aliases, and compare bridges the
// rest: the peer's relationships are lists, so a list of exactly one
// element matches a single object; lists of q.Unordered are compared as
// sets; elements of lists of q.Unwrap are compared by one field.
func compare(q query, k, p any, max int) []string {
	c := comparer{q: q, max: max}
	c.walk("", k, p)
	return c.diffs
}

type comparer struct {
	q     query
	max   int
	diffs []string
}

func (c *comparer) add(path string, k, p any) {
	if len(c.diffs) < c.max {
		c.diffs = append(c.diffs, fmt.Sprintf("%s: kiezgraph %s, peer %s", pathOrRoot(path), short(k), short(p)))
	}
}

func pathOrRoot(p string) string {
	if p == "" {
		return "data"
	}
	return p
}

// short renders a value for a diff line, cut to a readable length.
func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 160 {
		return string(b[:157]) + "..."
	}
	return string(b)
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (c *comparer) walk(path string, k, p any) {
	kl, kIsList := k.([]any)
	pl, pIsList := p.([]any)
	switch {
	case kIsList && pIsList:
		c.list(path, kl, pl)
	case pIsList && len(pl) == 1:
		c.walk(path, k, pl[0])
	case kIsList && len(kl) == 1:
		c.walk(path, kl[0], p)
	default:
		km, kIsMap := k.(map[string]any)
		pm, pIsMap := p.(map[string]any)
		if kIsMap && pIsMap {
			c.object(path, km, pm)
			return
		}
		if !scalarEqual(k, p) {
			c.add(path, k, p)
		}
	}
}

func (c *comparer) object(path string, k, p map[string]any) {
	keys := map[string]bool{}
	for key := range k {
		keys[key] = true
	}
	for key := range p {
		keys[key] = true
	}
	for _, key := range slices.Sorted(maps.Keys(keys)) {
		kv, kok := k[key]
		pv, pok := p[key]
		if !kok || !pok {
			c.add(join(path, key), kv, pv)
			continue
		}
		c.walk(join(path, key), kv, pv)
	}
}

// schemaPath drops list positions from a path: the name under which a
// list is listed in Unordered and Unwrap.
func schemaPath(path string) string {
	parts := strings.Split(path, ".")
	out := parts[:0]
	for _, s := range parts {
		if !strings.HasPrefix(s, "[") {
			out = append(out, s)
		}
	}
	return strings.Join(out, ".")
}

func (c *comparer) list(path string, k, p []any) {
	sp := schemaPath(path)
	if field, ok := c.q.Unwrap[sp]; ok {
		k = unwrap(k, field)
	}
	if slices.Contains(c.q.Unordered, sp) {
		k, p = sortedByJSON(k), sortedByJSON(p)
	}
	if len(k) != len(p) {
		c.add(path+".length", len(k), len(p))
	}
	for i := range min(len(k), len(p)) {
		c.walk(fmt.Sprintf("%s.[%d]", path, i), k[i], p[i])
	}
}

// unwrap replaces each object of l by its field f.
func unwrap(l []any, f string) []any {
	out := make([]any, len(l))
	for i, e := range l {
		if m, ok := e.(map[string]any); ok {
			out[i] = m[f]
		} else {
			out[i] = e
		}
	}
	return out
}

func sortedByJSON(l []any) []any {
	keyed := make([]string, len(l))
	idx := make([]int, len(l))
	for i, e := range l {
		b, _ := json.Marshal(e)
		keyed[i], idx[i] = string(b), i
	}
	slices.SortFunc(idx, func(a, b int) int { return strings.Compare(keyed[a], keyed[b]) })
	out := make([]any, len(l))
	for i, j := range idx {
		out[i] = l[j]
	}
	return out
}

// scalarEqual compares scalars; numbers by value, so that 1 and 1.0
// (Int and Float renderings of one stored value) are equal.
func scalarEqual(k, p any) bool {
	kn, kok := k.(json.Number)
	pn, pok := p.(json.Number)
	if kok && pok {
		kf, err1 := kn.Float64()
		pf, err2 := pn.Float64()
		return err1 == nil && err2 == nil && kf == pf
	}
	return k == p
}
