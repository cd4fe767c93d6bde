package export

import "io"

// GraphML namespace and schema (http://graphml.graphdrawing.org/).
const (
	graphmlNS     = "http://graphml.graphdrawing.org/xmlns"
	graphmlSchema = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
)

// WriteGraphML writes ds as one undirected GraphML graph. Every attribute
// has a <key> with its attr.type (string, boolean, double or int); key
// ids are the attribute names prefixed with g_, n_ or e_ for graph, node
// and edge. Nodes carry label; edges carry label, from and to (source and
// target again, which undirected readers may swap) and their cooperation
// (or pseudonymous role) id, which NetworkX's read_graphml uses as the
// multigraph key when two actors share several cooperations. The graph
// carries asOf, scope and description.
func WriteGraphML(w io.Writer, ds Dataset, opt Options) error {
	g, err := build(ds, opt)
	if err != nil {
		return err
	}
	return writeGraphML(w, g.stream())
}

func writeGraphML(w io.Writer, s *stream) error {
	x := newXMLWriter(w)
	x.start("graphml", attrs("xmlns", graphmlNS, "xmlns:xsi", xsiNS,
		"xsi:schemaLocation", graphmlNS+" "+graphmlSchema))
	meta := s.opt.meta()
	for _, m := range meta {
		x.empty("key", attrs("id", "g_"+m[0], "for", "graph", "attr.name", m[0], "attr.type", string(tString)))
	}
	nodeDefs := append([]attrDef{{name: "label", typ: tString}}, s.nodeAttrs...)
	edgeDefs := append([]attrDef{{name: "label", typ: tString}}, s.edgeAttrs...)
	for _, d := range nodeDefs {
		x.empty("key", attrs("id", "n_"+d.name, "for", "node", "attr.name", d.name, "attr.type", string(d.typ)))
	}
	for _, d := range edgeDefs {
		x.empty("key", attrs("id", "e_"+d.name, "for", "edge", "attr.name", d.name, "attr.type", string(d.typ)))
	}
	x.start("graph", attrs("id", "kiezgraph", "edgedefault", "undirected"))
	for _, m := range meta {
		x.leaf("data", m[1], attrs("key", "g_"+m[0]))
	}
	err := s.nodes(func(n node) error {
		x.start("node", attrs("id", n.id))
		graphmlValues(x, "n_", nodeDefs, append([]any{n.label}, n.vals...))
		x.end("node")
		return x.err
	})
	if err != nil {
		return err
	}
	err = s.edges(func(e edge) error {
		x.start("edge", attrs("id", e.id, "source", e.source, "target", e.target))
		graphmlValues(x, "e_", edgeDefs, append([]any{e.label}, e.vals...))
		x.end("edge")
		return x.err
	})
	if err != nil {
		return err
	}
	x.end("graph")
	x.end("graphml")
	return x.close()
}

func graphmlValues(x *xmlWriter, prefix string, defs []attrDef, vals []any) {
	for i, d := range defs {
		if vals[i] != nil && vals[i] != "" {
			x.leaf("data", format(vals[i]), attrs("key", prefix+d.name))
		}
	}
}
