package export

import (
	"encoding/json"
	"io"
)

// cyDoc is Cytoscape.js's JSON (what cy.json() writes and
// cytoscape({elements}) reads), with the fields NetworkX's
// cytoscape_graph needs besides.
type cyDoc struct {
	Data       map[string]any `json:"data"`
	Directed   bool           `json:"directed"`
	Multigraph bool           `json:"multigraph"`
	Elements   cyElements     `json:"elements"`
}

type cyElements struct {
	Nodes []cyElement `json:"nodes"`
	Edges []cyElement `json:"edges"`
}

type cyElement struct {
	Data map[string]any `json:"data"`
}

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
	doc := cyDoc{Data: map[string]any{}, Multigraph: true,
		Elements: cyElements{Nodes: make([]cyElement, 0, len(g.nodes)), Edges: make([]cyElement, 0, len(g.edges))}}
	for _, m := range g.meta() {
		doc.Data[m[0]] = m[1]
	}
	for _, n := range g.nodes {
		d := cyData(g.nodeAttrs, n.vals)
		d["id"], d["value"], d["label"] = n.id, n.id, n.label
		doc.Elements.Nodes = append(doc.Elements.Nodes, cyElement{Data: d})
	}
	for _, e := range g.edges {
		d := cyData(g.edgeAttrs, e.vals)
		d["id"], d["key"], d["source"], d["target"], d["label"] = e.id, e.id, e.source, e.target, e.label
		doc.Elements.Edges = append(doc.Elements.Edges, cyElement{Data: d})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return enc.Encode(doc)
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
