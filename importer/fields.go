package importer

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

// row is one record of a file being read: a CSV record or a JSON object,
// its line, and the problems and references found while reading it.
type row struct {
	line int
	// seq is the row's ordinal in its file, 1 for the first: the identity
	// of a row in both passes, since several rows may share a line (a
	// JSON array written on one line).
	seq int
	// CSV: the cells and the header's column positions.
	cells []string
	index map[string]int
	// JSON: the object.
	obj map[string]any
	// key and id are the row's identity, set before parse runs.
	key, id string
	refs    []pendingRef
	probs   []Problem
}

// pendingRef is a reference of a row to another record, by key (or code),
// until it is checked or resolved: dst holds the key in the record being
// built and is overwritten with the id.
type pendingRef struct {
	col    string
	target Kind
	dst    *string
}

// reset prepares r for the next record.
func (r *row) reset() {
	r.cells, r.obj, r.key, r.id = nil, nil, "", ""
	r.refs, r.probs = r.refs[:0], r.probs[:0]
}

// fail records a problem with a column (or the row when col is "").
func (r *row) fail(col, format string, args ...any) {
	r.probs = append(r.probs, Problem{Line: r.line, Column: col, Reason: fmt.Sprintf(format, args...)})
}

// raw returns a cell: a trimmed string for CSV, a JSON value otherwise;
// ok is false when the cell is absent, empty or null.
func (r *row) raw(col string) (v any, ok bool) {
	if r.obj != nil {
		v, ok = r.obj[col]
		return v, ok && v != nil
	}
	i, ok := r.index[col]
	if !ok || i >= len(r.cells) {
		return nil, false
	}
	s := strings.TrimSpace(r.cells[i])
	return s, s != ""
}

// jsonType names the JSON type of v for messages.
func jsonType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case json.Number, float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// str reads a text cell; "" when absent.
func (r *row) str(col string) string {
	v, ok := r.raw(col)
	if !ok {
		return ""
	}
	s, isStr := v.(string)
	if !isStr {
		r.fail(col, "want a string, got %s", jsonType(v))
		return ""
	}
	return strings.TrimSpace(s)
}

// need reads a required text cell.
func (r *row) need(col string) string {
	s := r.str(col)
	if s == "" {
		if _, ok := r.raw(col); !ok {
			r.fail(col, "is required")
		}
	}
	return s
}

// opt reads an optional text cell; nil when absent.
func (r *row) opt(col string) *string {
	if s := r.str(col); s != "" {
		return &s
	}
	return nil
}

// list reads a list: a JSON array of strings, or text whose items are
// separated by ';'. Empty items are dropped.
func (r *row) list(col string) []string {
	v, ok := r.raw(col)
	if !ok {
		return nil
	}
	var items []string
	switch x := v.(type) {
	case string:
		items = strings.Split(x, ";")
	case []any:
		for _, e := range x {
			s, isStr := e.(string)
			if !isStr {
				r.fail(col, "want an array of strings, got %s in it", jsonType(e))
				return nil
			}
			items = append(items, s)
		}
	default:
		r.fail(col, "want an array of strings, got %s", jsonType(v))
		return nil
	}
	out := items[:0]
	for _, s := range items {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// date reads an optional day.
func (r *row) date(col string) *time.Time {
	s := r.str(col)
	if s == "" {
		return nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		r.fail(col, "%q is not a date (want YYYY-MM-DD)", s)
		return nil
	}
	return &d
}

// number reads an optional decimal number.
func (r *row) number(col string) *float64 {
	v, ok := r.raw(col)
	if !ok {
		return nil
	}
	var f float64
	var err error
	switch x := v.(type) {
	case string:
		if r.obj != nil {
			r.fail(col, "want a number, got a string")
			return nil
		}
		f, err = strconv.ParseFloat(x, 64)
	case json.Number:
		f, err = x.Float64()
	default:
		r.fail(col, "want a number, got %s", jsonType(v))
		return nil
	}
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		r.fail(col, "%q is not a number", fmt.Sprint(v))
		return nil
	}
	return &f
}

// integer reads an optional whole number.
func (r *row) integer(col string) *int {
	v, ok := r.raw(col)
	if !ok {
		return nil
	}
	var s string
	switch x := v.(type) {
	case string:
		if r.obj != nil {
			r.fail(col, "want a whole number, got a string")
			return nil
		}
		s = x
	case json.Number:
		s = x.String()
	default:
		r.fail(col, "want a whole number, got %s", jsonType(v))
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		r.fail(col, "%q is not a whole number", s)
		return nil
	}
	return &n
}

// boolean reads an optional boolean: true/false (CSV also 1/0).
func (r *row) boolean(col string) *bool {
	v, ok := r.raw(col)
	if !ok {
		return nil
	}
	switch x := v.(type) {
	case bool:
		return &x
	case string:
		if r.obj == nil {
			switch strings.ToLower(x) {
			case "true", "1":
				b := true
				return &b
			case "false", "0":
				b := false
				return &b
			}
			r.fail(col, "%q is not a boolean (want true or false)", x)
			return nil
		}
	}
	r.fail(col, "want a boolean, got %s", jsonType(v))
	return nil
}

// enumValue reads a required enumeration value, case-insensitively.
func enumValue[T ~string](r *row, col string, all []T) T {
	s := r.need(col)
	if s == "" {
		return ""
	}
	v := T(strings.ToUpper(s))
	if !domain.Valid(v) {
		names := make([]string, len(all))
		for i, a := range all {
			names[i] = string(a)
		}
		r.fail(col, "%q is not one of %s", s, strings.Join(names, ", "))
	}
	return v
}

// ref registers a reference held in *dst (a key or code) to a record of
// kind target.
func (r *row) ref(col string, target Kind, dst *string) {
	r.refs = append(r.refs, pendingRef{col: col, target: target, dst: dst})
}

// needRef reads a required reference into *dst.
func (r *row) needRef(col string, target Kind, dst *string) {
	if *dst = r.need(col); *dst != "" {
		r.ref(col, target, dst)
	}
}

// optRef reads an optional reference; nil when absent.
func (r *row) optRef(col string, target Kind) *string {
	s := r.str(col)
	if s == "" {
		return nil
	}
	r.ref(col, target, &s)
	return &s
}

// refList reads a list of references.
func (r *row) refList(col string, target Kind) []string {
	keys := r.list(col)
	for i := range keys {
		r.ref(col, target, &keys[i])
	}
	return keys
}

// indicators reads monitoring indicators: a JSON array of objects with
// name, value, unit, year and source (in CSV, that JSON in the cell).
func (r *row) indicators(col string) []domain.Indicator {
	v, ok := r.raw(col)
	if !ok {
		return nil
	}
	var raw []byte
	if s, isStr := v.(string); isStr && r.obj == nil {
		raw = []byte(s)
	} else {
		if _, isArr := v.([]any); !isArr {
			r.fail(col, "want an array of indicators, got %s", jsonType(v))
			return nil
		}
		raw, _ = json.Marshal(v)
	}
	var out []domain.Indicator
	if err := strictUnmarshal(raw, &out); err != nil {
		r.fail(col, "not a JSON array of {name, value, unit, year, source}: %v", err)
		return nil
	}
	for _, ind := range out {
		if strings.TrimSpace(ind.Name) == "" {
			r.fail(col, "every indicator needs a name")
			return nil
		}
	}
	return out
}
