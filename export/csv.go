package export

import (
	"encoding/csv"
	"io"
)

// Columns Gephi's spreadsheet import recognises; the attributes follow.
var (
	csvNodeColumns = []string{"Id", "Label"}
	csvEdgeColumns = []string{"Source", "Target", "Type", "Id", "Label", "Weight"}
)

// WriteCSV writes ds as a node list and an edge list in Gephi's
// spreadsheet layout (RFC 4180: a header row, CRLF line ends, fields
// quoted when they must be). Node columns are Id, Label and the node
// attributes; edge columns are Source, Target, Type (Directed or
// Undirected, per cooperation), Id, Label, Weight (the strength; 1 for
// roles) and the edge attributes. Absent values are empty cells. Both
// lists are built before either is written, so a failure writes nothing.
func WriteCSV(nodesW, edgesW io.Writer, ds Dataset, opt Options) error {
	g, err := build(ds, opt)
	if err != nil {
		return err
	}
	nodes := [][]string{header(csvNodeColumns, g.nodeAttrs)}
	for _, n := range g.nodes {
		nodes = append(nodes, row([]string{n.id, n.label}, g.nodeAttrs, n.vals))
	}
	edges := [][]string{header(csvEdgeColumns, g.edgeAttrs)}
	for _, e := range g.edges {
		typ, weight := "Undirected", "1"
		if e.directed {
			typ = "Directed"
		}
		if e.weight != nil {
			weight = format(*e.weight)
		}
		edges = append(edges, row([]string{e.source, e.target, typ, e.id, e.label, weight}, g.edgeAttrs, e.vals))
	}
	if err := writeAll(nodesW, nodes); err != nil {
		return err
	}
	return writeAll(edgesW, edges)
}

// header and row leave out the from and to attributes, which would
// repeat Source and Target.
func header(fixed []string, defs []attrDef) []string {
	out := append([]string(nil), fixed...)
	for _, d := range defs {
		if !d.endpoint {
			out = append(out, d.name)
		}
	}
	return out
}

func row(fixed []string, defs []attrDef, vals []any) []string {
	out := append([]string(nil), fixed...)
	for i, d := range defs {
		if !d.endpoint {
			out = append(out, format(vals[i]))
		}
	}
	return out
}

func writeAll(w io.Writer, records [][]string) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return cw.WriteAll(records)
}
