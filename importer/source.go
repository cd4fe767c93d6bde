package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kiezgraph/kiezgraph/internal/linecount"
)

// source streams the rows of one file. next fills r and returns io.EOF
// at the end; a problem with one row is recorded in r, while an error
// means the rest of the file cannot be read.
type source interface {
	next(r *row) error
	// pos is how many bytes of the file have been read.
	pos() int64
	close() error
}

// readError is an error after which the rest of a file cannot be read.
type readError struct {
	line int
	err  error
}

func (e *readError) Error() string { return fmt.Sprintf("line %d: %v", e.line, e.err) }
func (e *readError) Unwrap() error { return e.err }

// open opens the file for reading: through File.Open when set, else in
// its format.
func (f File) open() (source, error) {
	if f.Open != nil {
		rows, err := f.Open()
		if err != nil {
			return nil, err
		}
		return rowsSource{rows}, nil
	}
	return openSource(f.Path, f.Format)
}

// openSource opens a file for reading in its format.
func openSource(path string, f Format) (source, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	c := linecount.New(file, f == JSON)
	var s source
	switch f {
	case CSV:
		s, err = newCSVSource(file, c)
	case JSON:
		s, err = newJSONSource(file, c)
	case JSONLines:
		s = newJSONLinesSource(file, c)
	default:
		err = fmt.Errorf("unknown format %q", f)
	}
	if err != nil {
		_ = file.Close()
		return nil, err
	}
	return s, nil
}

// csvSource reads RFC 4180 CSV with a header row.
type csvSource struct {
	file   *os.File
	c      *linecount.Reader
	r      *csv.Reader
	header []string
	index  map[string]int
}

// newCSVSource reads the header; a UTF-8 byte order mark is skipped.
func newCSVSource(file *os.File, c *linecount.Reader) (*csvSource, error) {
	br := bufio.NewReaderSize(c, 64<<10)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	r := csv.NewReader(br)
	r.ReuseRecord = true
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, &readError{1, errors.New("the file is empty; a CSV file starts with a header row")}
	}
	if err != nil {
		return nil, &readError{1, fmt.Errorf("header: %w", err)}
	}
	s := &csvSource{file: file, c: c, r: r, header: slicesClone(header), index: map[string]int{}}
	for i, h := range s.header {
		s.index[strings.TrimSpace(h)] = i
	}
	return s, nil
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }

func (s *csvSource) next(r *row) error {
	rec, err := s.r.Read()
	if errors.Is(err, io.EOF) {
		return io.EOF
	}
	r.line, _ = s.r.FieldPos(0)
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			r.line = pe.StartLine
			r.fail("", "not valid CSV: %v", pe.Err)
			return nil
		}
		return err
	}
	r.cells, r.index = rec, s.index
	if len(rec) != len(s.header) {
		r.fail("", "has %d cells, the header has %d", len(rec), len(s.header))
	}
	return nil
}

func (s *csvSource) pos() int64   { return s.c.Offset() }
func (s *csvSource) close() error { return s.file.Close() }

// jsonSource reads one JSON array of objects with the decoder's token
// API, one object at a time.
type jsonSource struct {
	file *os.File
	c    *linecount.Reader
	dec  *json.Decoder
	done bool
}

func newJSONSource(file *os.File, c *linecount.Reader) (*jsonSource, error) {
	dec := json.NewDecoder(c)
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, &readError{1, fmt.Errorf("not JSON: %w", err)}
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, &readError{c.LineAt(dec.InputOffset()), errors.New("a .json file holds one array of objects (use .jsonl for one object per line)")}
	}
	return &jsonSource{file: file, c: c, dec: dec}, nil
}

func (s *jsonSource) next(r *row) error {
	if s.done || !s.dec.More() {
		if !s.done {
			s.done = true
			if _, err := s.dec.Token(); err != nil {
				return &readError{s.c.LineAt(s.dec.InputOffset()), err}
			}
		}
		return io.EOF
	}
	tok, err := s.dec.Token()
	if err != nil {
		return s.invalid(err)
	}
	r.line = s.c.LineAt(s.dec.InputOffset() - 1)
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		if ok {
			return &readError{r.line, fmt.Errorf("want an object in the array, got %q", string(d))}
		}
		r.fail("", "want an object, got %s", jsonType(tok))
		return nil
	}
	obj := map[string]any{}
	for s.dec.More() {
		tok, err := s.dec.Token()
		if err != nil {
			return s.invalid(err)
		}
		key, _ := tok.(string)
		var v any
		if err := s.dec.Decode(&v); err != nil {
			return s.invalid(err)
		}
		obj[key] = v
	}
	if _, err := s.dec.Token(); err != nil {
		return s.invalid(err)
	}
	r.obj = obj
	return nil
}

// invalid is a syntax error at the decoder's position.
func (s *jsonSource) invalid(err error) error {
	return &readError{s.c.LineAt(s.dec.InputOffset()), fmt.Errorf("not valid JSON: %w", err)}
}

func (s *jsonSource) pos() int64   { return s.c.Offset() }
func (s *jsonSource) close() error { return s.file.Close() }

// jsonLinesSource reads one JSON object per line; blank lines are
// skipped, and a line that is not an object is a bad row.
type jsonLinesSource struct {
	file *os.File
	c    *linecount.Reader
	sc   *bufio.Scanner
	line int
}

// maxLine bounds a JSON line, so that a file without newlines cannot
// take all memory.
const maxLine = 16 << 20

func newJSONLinesSource(file *os.File, c *linecount.Reader) *jsonLinesSource {
	sc := bufio.NewScanner(c)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	return &jsonLinesSource{file: file, c: c, sc: sc}
}

func (s *jsonLinesSource) next(r *row) error {
	for s.sc.Scan() {
		s.line++
		b := bytes.TrimSpace(s.sc.Bytes())
		if s.line == 1 {
			b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		}
		if len(b) == 0 {
			continue
		}
		r.line = s.line
		var obj map[string]any
		if err := strictUnmarshal(b, &obj); err != nil || obj == nil {
			r.fail("", "not a JSON object: %v", errOr(err, "null"))
			return nil
		}
		r.obj = obj
		return nil
	}
	if err := s.sc.Err(); err != nil {
		return &readError{s.line + 1, err}
	}
	return io.EOF
}

func (s *jsonLinesSource) pos() int64   { return s.c.Offset() }
func (s *jsonLinesSource) close() error { return s.file.Close() }

// strictUnmarshal decodes one JSON value with numbers kept exact and
// unknown fields refused, and nothing after it.
func strictUnmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more than one value")
	}
	return nil
}

func errOr(err error, s string) any {
	if err != nil {
		return err
	}
	return s
}
