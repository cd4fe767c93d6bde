package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
)

// WriteCytoscape writes ds as Cytoscape.js JSON:
// {"data": {...}, "directed": false, "multigraph": true,
// "elements": {"nodes": [{"data": {...}}], "edges": [{"data": {...}}]}}.
// Node data holds id, label and the attributes, plus value (the id
// again), which NetworkX's cytoscape_graph takes as the node; edge data
// holds id, source, target, label and the attributes, plus key (the id
// again), its multigraph key. The graph is always a multigraph, since
// two actors may share several cooperations. Absent attributes are left
// out; the graph's data holds asOf, scope and description.
func WriteCytoscape(w io.Writer, ds Dataset, opt Options) error {
	g, err := build(ds, opt)
	if err != nil {
		return err
	}
	return writeCytoscape(w, g.stream())
}

// cyElement is one node or edge of Cytoscape.js's elements.
type cyElement struct {
	Data map[string]any `json:"data"`
}

// writeCytoscape writes s element by element, indented as
// encoding/json indents the whole document (one space a level), so
// that a streamed file is the same as one encoded at once.
func writeCytoscape(w io.Writer, s *stream) error {
	bw := bufio.NewWriter(w)
	data := map[string]any{}
	for _, m := range s.opt.meta() {
		data[m[0]] = m[1]
	}
	head, err := cyJSON(data, " ")
	if err != nil {
		return err
	}
	_, _ = bw.WriteString("{\n \"data\": ")
	_, _ = bw.Write(head)
	_, _ = bw.WriteString(",\n \"directed\": false,\n \"multigraph\": true,\n \"elements\": {\n  \"nodes\": ")
	if err := cyList(bw, func(yield func(cyElement) error) error {
		return s.nodes(func(n node) error {
			d := cyData(s.nodeAttrs, n.vals)
			d["id"], d["value"], d["label"] = n.id, n.id, n.label
			return yield(cyElement{Data: d})
		})
	}); err != nil {
		return err
	}
	_, _ = bw.WriteString(",\n  \"edges\": ")
	if err := cyList(bw, func(yield func(cyElement) error) error {
		return s.edges(func(e edge) error {
			d := cyData(s.edgeAttrs, e.vals)
			d["id"], d["key"], d["source"], d["target"], d["label"] = e.id, e.id, e.source, e.target, e.label
			return yield(cyElement{Data: d})
		})
	}); err != nil {
		return err
	}
	_, _ = bw.WriteString("\n }\n}\n")
	return bw.Flush()
}

// cyList writes the elements of each as a JSON array at the depth of
// elements' lists; the writer's error stops each.
func cyList(bw *bufio.Writer, each func(yield func(cyElement) error) error) error {
	n := 0
	err := each(func(e cyElement) error {
		b, err := cyJSON(e, "   ")
		if err != nil {
			return err
		}
		if n == 0 {
			_, _ = bw.WriteString("[\n   ")
		} else {
			_, _ = bw.WriteString(",\n   ")
		}
		n++
		_, err = bw.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	if n == 0 {
		_, err = bw.WriteString("[]")
	} else {
		_, err = bw.WriteString("\n  ]")
	}
	return err
}

// cyJSON encodes v indented at the depth of prefix, without escaping
// HTML and without the encoder's final newline.
func cyJSON(v any, prefix string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, " ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func cyData(defs []attrDef, vals []any) map[string]any {
	d := make(map[string]any, len(defs)+5)
	for i, def := range defs {
		if vals[i] != nil && !def.endpoint {
			d[def.name] = vals[i]
		}
	}
	return d
}
