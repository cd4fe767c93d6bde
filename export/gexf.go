package export

import (
	"io"
	"strconv"
	"time"

	"github.com/paulmach/orb/project"
)

// GEXF 1.3 namespace and schema (https://gexf.net/schema.html).
const (
	gexfNS     = "http://gexf.net/1.3"
	gexfSchema = "http://gexf.net/1.3/gexf.xsd"
	xsiNS      = "http://www.w3.org/2001/XMLSchema-instance"
	gexfVizNS  = "http://gexf.net/1.3/viz"
)

// gexfTypes spells attribute types as GEXF does.
var gexfTypes = map[attrType]string{tString: "string", tBool: "boolean", tDouble: "double", tInt: "integer"}

// WriteGEXF writes ds as a dynamic GEXF 1.3 graph for Gephi
// (timeformat "date"). Validity spans are the start and end of nodes and
// edges (inclusive days, open ends left out), so Gephi's timeline shows
// when actors, cooperations and roles began and ended; the other
// attributes are static. A cooperation's strength is also its GEXF
// weight and its kind also the GEXF edge kind, which lets Gephi keep
// parallel edges of different kinds apart. Edge ids are the ids of the
// cooperations, which NetworkX's read_gexf uses as multigraph keys; the
// attributes from and to repeat source and target, which undirected
// readers may swap. The meta element's lastmodifieddate is the AsOf day,
// so that the same data always gives the same file.
func WriteGEXF(w io.Writer, ds Dataset, opt Options) error {
	g, err := build(ds, opt)
	if err != nil {
		return err
	}
	return writeGEXF(w, g.stream())
}

// writeGEXF writes s as WriteGEXF describes, leaving out the counts
// that s does not know.
func writeGEXF(w io.Writer, s *stream) error {
	x := newXMLWriter(w)
	root := attrs("xmlns", gexfNS, "xmlns:xsi", xsiNS, "xsi:schemaLocation", gexfNS+" "+gexfSchema, "version", "1.3")
	if s.positions {
		root = append(root, attrs("xmlns:viz", gexfVizNS)...)
	}
	x.start("gexf", root)
	var modified string
	if !s.opt.AsOf.IsZero() {
		modified = s.opt.AsOf.Format(time.DateOnly)
	}
	x.start("meta", attrs("lastmodifieddate", modified))
	x.leaf("creator", "kiezgraph", nil)
	x.leaf("description", s.opt.description(), nil)
	x.end("meta")
	x.start("graph", attrs("mode", "dynamic", "defaultedgetype", "undirected",
		"timeformat", "date", "timerepresentation", "interval"))
	gexfAttributes(x, "node", s.nodeAttrs)
	gexfAttributes(x, "edge", s.edgeAttrs)
	x.start("nodes", attrs("count", count(s.nodeCount)))
	err := s.nodes(func(n node) error {
		x.start("node", attrs("id", n.id, "label", n.label, "start", n.from, "end", n.to))
		gexfValues(x, s.nodeAttrs, n.vals)
		if n.pos != nil {
			// Web Mercator metres: Gephi's plane, north up.
			m := project.WGS84.ToMercator(*n.pos)
			x.empty("viz:position", attrs("x", strconv.FormatFloat(m[0], 'f', 0, 64), "y", strconv.FormatFloat(m[1], 'f', 0, 64), "z", "0"))
		}
		x.end("node")
		return x.err
	})
	if err != nil {
		return err
	}
	x.end("nodes")
	x.start("edges", attrs("count", count(s.edgeCount)))
	err = s.edges(func(e edge) error {
		var weight string
		if e.weight != nil {
			weight = format(*e.weight)
		}
		x.start("edge", attrs("id", e.id, "source", e.source, "target", e.target, "label", e.label,
			"kind", e.label, "weight", weight, "start", e.from, "end", e.to))
		gexfValues(x, s.edgeAttrs, e.vals)
		x.end("edge")
		return x.err
	})
	if err != nil {
		return err
	}
	x.end("edges")
	x.end("graph")
	x.end("gexf")
	return x.close()
}

// count spells a count attribute, empty (left out) when unknown.
func count(n int) string {
	if n < 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// gexfAttributes declares the attributes of a class; span attributes are
// start and end instead.
func gexfAttributes(x *xmlWriter, class string, defs []attrDef) {
	x.start("attributes", attrs("class", class))
	for _, d := range defs {
		if !d.span {
			x.empty("attribute", attrs("id", d.name, "title", d.name, "type", gexfTypes[d.typ]))
		}
	}
	x.end("attributes")
}

func gexfValues(x *xmlWriter, defs []attrDef, vals []any) {
	started := false
	for i, d := range defs {
		if d.span || vals[i] == nil {
			continue
		}
		if !started {
			x.start("attvalues", nil)
			started = true
		}
		x.empty("attvalue", attrs("for", d.name, "value", format(vals[i])))
	}
	if started {
		x.end("attvalues")
	}
}
