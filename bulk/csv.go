package bulk

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/store"
)

// arrayDelimiter separates the items of list cells and the labels of the
// :LABEL column: the unit separator, a control character that text does
// not hold (a list item with it is refused).
const arrayDelimiter = "\x1f"

// arrayDelimiterArg is arrayDelimiter as neo4j-admin's
// --array-delimiter takes it.
const arrayDelimiterArg = "U+001F"

// colType is the type of a CSV column as neo4j-admin's headers name it;
// "" for a column that held only unset values so far.
type colType string

const (
	typeString   colType = "string"
	typeLong     colType = "long"
	typeDouble   colType = "double"
	typeBoolean  colType = "boolean"
	typeDate     colType = "date"
	typeDateTime colType = "datetime"
	typeStrings  colType = "string[]"
)

// cell is the encoding of one property value.
type cell struct {
	text string
	typ  colType
	// multiline is set when text holds a line break.
	multiline bool
	// unset is set for a nil value: an empty cell, no property.
	unset bool
	// emptyList is set for an empty list, which is an empty cell too:
	// neo4j-admin has no cell for [] (see store.BulkFix).
	emptyList bool
}

// quote quotes s for a CSV cell: a quoted cell with nothing in it is
// the empty string, where an empty cell is no value.
func quote(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// encode encodes a property value of a store.BulkNode or store.BulkRel.
func encode(v any) (cell, error) {
	switch x := v.(type) {
	case nil:
		return cell{unset: true}, nil
	case string:
		return cell{text: quote(x), typ: typeString, multiline: strings.ContainsAny(x, "\r\n")}, nil
	case int64:
		return cell{text: strconv.FormatInt(x, 10), typ: typeLong}, nil
	case float64:
		return cell{text: formatFloat(x), typ: typeDouble}, nil
	case bool:
		return cell{text: strconv.FormatBool(x), typ: typeBoolean}, nil
	case neo4j.Date:
		return cell{text: x.Time().Format(time.DateOnly), typ: typeDate}, nil
	case time.Time:
		return cell{text: x.UTC().Format(time.RFC3339Nano), typ: typeDateTime}, nil
	case []string:
		switch {
		case len(x) == 0:
			return cell{typ: typeStrings, emptyList: true}, nil
		case len(x) == 1 && x[0] == "":
			// neo4j-admin reads it as no value.
			return cell{}, errors.New("a list of one empty string cannot be written for neo4j-admin")
		}
		for _, item := range x {
			if strings.Contains(item, arrayDelimiter) {
				return cell{}, fmt.Errorf("list item %q holds the array delimiter U+001F, which cannot be written for neo4j-admin", item)
			}
		}
		s := strings.Join(x, arrayDelimiter)
		return cell{text: quote(s), typ: typeStrings, multiline: strings.ContainsAny(s, "\r\n")}, nil
	}
	return cell{}, fmt.Errorf("a value of type %T cannot be written for neo4j-admin", v)
}

// formatFloat writes a double as Java's Double.parseDouble reads it,
// exactly.
func formatFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// shape is what the rows of one CSV file share: the node's type (or the
// relationship's type and ends) and the property keys. A file holds the
// records of one shape; records of a type with optional properties
// (a need's evidence) make several files.
type shape struct {
	node bool
	// label is the node's type, or the relationship's type.
	label string
	// start and end are the labels of a relationship's ends.
	start, end string
	// hasID is set for nodes with an id (an id space, by label).
	hasID bool
	// keys are the property keys in column order, without a node's id.
	keys []string
	// key identifies the shape.
	key string
}

// shapes finds the shape of records, reusing the shapes it has seen (a
// batch's records mostly share a few).
type shapes struct {
	seen map[string][]*shape
}

func newShapes() *shapes { return &shapes{seen: map[string][]*shape{}} }

// of returns the shape of a record with props.
func (c *shapes) of(node bool, label, start, end string, hasID bool, props map[string]any) *shape {
	n := len(props)
	if _, ok := props["id"]; ok && node {
		n--
	}
	group := label + "\x00" + start + "\x00" + end
	for _, sh := range c.seen[group] {
		if sh.node == node && sh.hasID == hasID && len(sh.keys) == n && hasAll(props, sh.keys) {
			return sh
		}
	}
	sh := &shape{node: node, label: label, start: start, end: end, hasID: hasID}
	for k := range props {
		if !node || k != "id" {
			sh.keys = append(sh.keys, k)
		}
	}
	slices.Sort(sh.keys)
	sh.key = fmt.Sprintf("%t\x00%s\x00%t\x00%s", node, group, hasID, strings.Join(sh.keys, "\x00"))
	c.seen[group] = append(c.seen[group], sh)
	return sh
}

func hasAll(props map[string]any, keys []string) bool {
	for _, k := range keys {
		if _, ok := props[k]; !ok {
			return false
		}
	}
	return true
}

// row is a record encoded for the file of its shape.
type row struct {
	shape *shape
	// line is the CSV line with its line break.
	line  string
	cells []cell
	// idSpace and id identify records with ids, which must come once.
	idSpace, id string
}

// encodeNode encodes a node: id, labels, then properties by key.
func (c *shapes) encodeNode(n store.BulkNode) (row, error) {
	if len(n.Labels) == 0 {
		return row{}, errors.New("bulk: a node without labels")
	}
	sh := c.of(true, n.Labels[0], "", "", n.ID != "", n.Props)
	var b strings.Builder
	if sh.hasID {
		b.WriteString(quote(n.ID))
		b.WriteByte(',')
	}
	b.WriteString(strings.Join(n.Labels, arrayDelimiter))
	r, err := encodeProps(sh, n.Props, &b)
	if err != nil {
		return r, fmt.Errorf("bulk: %s %s: %w", sh.label, n.ID, err)
	}
	if sh.hasID {
		r.idSpace, r.id = "node "+sh.label, n.ID
	}
	return r, nil
}

// encodeRel encodes a relationship: start, end, then properties by key.
func (c *shapes) encodeRel(rel store.BulkRel) (row, error) {
	sh := c.of(false, rel.Type, rel.StartLabel, rel.EndLabel, false, rel.Props)
	var b strings.Builder
	b.WriteString(quote(rel.StartID))
	b.WriteByte(',')
	b.WriteString(quote(rel.EndID))
	r, err := encodeProps(sh, rel.Props, &b)
	if err != nil {
		return r, fmt.Errorf("bulk: %s from %s %s to %s %s: %w", rel.Type, rel.StartLabel, rel.StartID, rel.EndLabel, rel.EndID, err)
	}
	if id, ok := rel.Props["id"].(string); ok {
		r.idSpace, r.id = "relationship "+rel.Type, id
	}
	return r, nil
}

// encodeProps appends the cells of the properties of sh to b.
func encodeProps(sh *shape, props map[string]any, b *strings.Builder) (row, error) {
	r := row{shape: sh, cells: make([]cell, len(sh.keys))}
	for i, k := range sh.keys {
		c, err := encode(props[k])
		if err != nil {
			return r, fmt.Errorf("%s: %w", k, err)
		}
		r.cells[i] = c
		b.WriteByte(',')
		b.WriteString(c.text)
	}
	b.WriteByte('\n')
	r.line = b.String()
	return r, nil
}
