package importer

import (
	"errors"
	"io"
)

// Rows streams the rows of a file that is in none of the importer's own
// formats: the records of another standard (such as Open Referral HSDS)
// translated into rows of one file type. File.Open opens it once per
// pass, and both passes must yield the same rows in the same order.
type Rows interface {
	// Next returns the next row, or io.EOF after the last. Any other
	// error means that the rest of the file cannot be read.
	Next() (Row, error)
	// Offset is how many bytes of the underlying file have been read,
	// for progress; 0 when unknown.
	Offset() int64
	// Close releases the file.
	Close() error
}

// Row is one row of Rows: its cells by column name, with the values a
// JSON import file would hold (strings, json.Number, booleans, arrays
// of strings), the line of the record it was translated from, and the
// problems found while translating it.
type Row struct {
	// Line is the line the record starts on in the file; problems are
	// reported at it.
	Line int
	// Cells holds the row's columns; a column the file type does not
	// have is a problem, as in JSON files.
	Cells map[string]any
	// Problems make the row bad; their File and Line are filled in.
	Problems []Problem
}

// rowsSource adapts Rows to the importer's own sources.
type rowsSource struct{ rows Rows }

func (s rowsSource) next(r *row) error {
	got, err := s.rows.Next()
	if errors.Is(err, io.EOF) {
		return io.EOF
	}
	if err != nil {
		var re *readError
		if errors.As(err, &re) {
			return err
		}
		return &readError{line: max(got.Line, 1), err: err}
	}
	r.line = got.Line
	r.obj = got.Cells
	if r.obj == nil {
		r.obj = map[string]any{}
	}
	for _, p := range got.Problems {
		r.fail(p.Column, "%s", p.Reason)
	}
	return nil
}

func (s rowsSource) pos() int64   { return s.rows.Offset() }
func (s rowsSource) close() error { return s.rows.Close() }

// ReadError is an error of Rows after which the rest of a file cannot be
// read, at a line of the file.
func ReadError(line int, err error) error { return &readError{line: line, err: err} }
