package importer

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Writer writes an import file of one type as CSV, for generators of
// import files (such as seed.Synthetic) that must stream rather than
// build a dataset in memory.
type Writer struct {
	w    *csv.Writer
	kind Kind
	n    int
}

// NewWriter writes the header of a CSV file of type kind with the given
// columns, which must be columns of the type.
func NewWriter(w io.Writer, kind Kind, columns ...string) (*Writer, error) {
	s, ok := specs[kind]
	if !ok {
		return nil, fmt.Errorf("importer: unknown file type %q", kind)
	}
	for _, c := range columns {
		if s.column(c) == nil {
			return nil, fmt.Errorf("importer: %s has no column %q", kind, c)
		}
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(columns); err != nil {
		return nil, err
	}
	return &Writer{w: cw, kind: kind, n: len(columns)}, nil
}

// Write writes a row of cells, one per column of the header.
func (w *Writer) Write(cells ...string) error {
	if len(cells) != w.n {
		return fmt.Errorf("importer: %s row has %d cells, the header %d", w.kind, len(cells), w.n)
	}
	return w.w.Write(cells)
}

// Flush writes the buffered rows (NewWriter buffers) and reports a
// write error.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}

// List joins the items of a list cell.
func List(items ...string) string { return strings.Join(items, ";") }

// Date formats a day for a date cell; the zero time is an empty cell.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// Number formats a decimal number for a cell, as short as exact.
func Number(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
