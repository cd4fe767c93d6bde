package store

import (
	"slices"
	"strings"

	"github.com/kiezgraph/kiezgraph/domain"
)

// part is a piece of a map projection that only some fields of the API
// read: it is projected when the client selected one of fields.
type part struct {
	// proj is the projection's piece (".description" or
	// "providerId: [...]").
	proj string
	// fields are the API's fields of the item that read it.
	fields []string
}

// projection projects the node v into a map: always core (the short
// properties every page reads: ids, names, validity, record data), and
// each part that a field among f reads; with f nil, every part. Parts
// a page leaves out cost nothing: the long texts and the walks to
// related records are most of what a page of names would read. The
// mapper of a projection without a part sees its key missing, as for a
// record that does not have it, and no field reads it.
func projection(v, core string, parts []part, f domain.Fields) string {
	var b strings.Builder
	b.WriteString(v + "{" + core)
	for _, p := range parts {
		if f == nil || slices.ContainsFunc(p.fields, f.Has) {
			b.WriteString(", " + p.proj)
		}
	}
	b.WriteString("}")
	return b.String()
}
