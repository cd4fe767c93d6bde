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
// roles) and the edge attributes. Absent values are empty cells. The
// dataset is checked before either list is written, so a refused
// dataset writes nothing.
func WriteCSV(nodesW, edgesW io.Writer, ds Dataset, opt Options) error {
	g, err := build(ds, opt)
	if err != nil {
		return err
	}
	return writeCSV(nodesW, edgesW, g.stream())
}

// writeCSV writes and flushes the whole node list before it writes the
// first edge.
func writeCSV(nodesW, edgesW io.Writer, s *stream) error {
	cw := csv.NewWriter(nodesW)
	cw.UseCRLF = true
	if err := cw.Write(header(csvNodeColumns, s.nodeAttrs)); err != nil {
		return err
	}
	err := s.nodes(func(n node) error { return cw.Write(row([]string{n.id, n.label}, s.nodeAttrs, n.vals)) })
	if err != nil {
		return err
	}
	if cw.Flush(); cw.Error() != nil {
		return cw.Error()
	}
	cw = csv.NewWriter(edgesW)
	cw.UseCRLF = true
	if err := cw.Write(header(csvEdgeColumns, s.edgeAttrs)); err != nil {
		return err
	}
	err = s.edges(func(e edge) error {
		typ, weight := "Undirected", "1"
		if e.directed {
			typ = "Directed"
		}
		if e.weight != nil {
			weight = format(*e.weight)
		}
		return cw.Write(row([]string{e.source, e.target, typ, e.id, e.label, weight}, s.edgeAttrs, e.vals))
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
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
