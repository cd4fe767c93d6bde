package hsds

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/kiezgraph/kiezgraph/importer"
	"github.com/kiezgraph/kiezgraph/internal/linecount"
)

// record is one service of a file: its line, its JSON, and the service
// decoded from it (nil when it is not a valid HSDS service).
type record struct {
	line    int
	raw     json.RawMessage
	service *Service
	err     error
}

// scanner reads the services of an HSDS JSON file one at a time: the
// file holds one service, an array of services, or an API page whose
// "contents" are services.
type scanner struct {
	file *os.File
	c    *linecount.Reader
	dec  *json.Decoder
	// inArray is true while the decoder is inside the array of services.
	inArray bool
	// single holds the one service of a file that is a single object,
	// until it is returned.
	single *record
	done   bool
}

func openScanner(path string) (*scanner, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	c := linecount.New(bufio.NewReaderSize(f, 64<<10), true)
	s := &scanner{file: f, c: c, dec: json.NewDecoder(c)}
	if err := s.start(); err != nil {
		_ = f.Close()
		return nil, err
	}
	return s, nil
}

// start reads up to the first service.
func (s *scanner) start() error {
	tok, err := s.dec.Token()
	if err != nil {
		return importer.ReadError(1, fmt.Errorf("not JSON: %w", err))
	}
	switch tok {
	case json.Delim('['):
		s.inArray = true
		return nil
	case json.Delim('{'):
	default:
		return importer.ReadError(1, errors.New("an HSDS JSON file holds a service, an array of services or a page {\"contents\": [...]}"))
	}
	// An object: a page, whose contents are streamed, or one service,
	// which is read whole.
	line := s.c.LineAt(s.dec.InputOffset() - 1)
	fields := map[string]json.RawMessage{}
	for s.dec.More() {
		tok, err := s.dec.Token()
		if err != nil {
			return s.invalid(err)
		}
		key, _ := tok.(string)
		if key == "contents" {
			if tok, err := s.dec.Token(); err != nil || tok != json.Delim('[') {
				return importer.ReadError(s.c.LineAt(s.dec.InputOffset()), errors.New("contents: want an array of services"))
			}
			s.inArray = true
			return nil
		}
		var v json.RawMessage
		if err := s.dec.Decode(&v); err != nil {
			return s.invalid(err)
		}
		fields[key] = v
	}
	raw, _ := json.Marshal(fields)
	s.single = decodeRecord(line, raw)
	return nil
}

// invalid is a syntax error at the decoder's position.
func (s *scanner) invalid(err error) error {
	return importer.ReadError(s.c.LineAt(s.dec.InputOffset()), fmt.Errorf("not valid JSON: %w", err))
}

// next returns the next service, or io.EOF.
func (s *scanner) next() (*record, error) {
	if s.single != nil {
		r := s.single
		s.single, s.done = nil, true
		return r, nil
	}
	if s.done || !s.inArray {
		return nil, io.EOF
	}
	if !s.dec.More() {
		s.done = true
		return nil, io.EOF
	}
	var raw json.RawMessage
	if err := s.dec.Decode(&raw); err != nil {
		return nil, s.invalid(err)
	}
	line := s.c.LineAt(s.dec.InputOffset() - int64(len(raw)))
	return decodeRecord(line, raw), nil
}

// decodeRecord decodes a service; a value that is no valid service is a
// record with an error, a bad row.
func decodeRecord(line int, raw json.RawMessage) *record {
	r := &record{line: line, raw: raw}
	if len(raw) == 0 || raw[0] != '{' {
		r.err = errors.New("want a service object")
		return r
	}
	var svc Service
	if err := json.Unmarshal(raw, &svc); err != nil {
		r.err = fmt.Errorf("not an HSDS service: %w", err)
		return r
	}
	r.service = &svc
	return r
}

// lineOf returns the line, counted from the record's, on which the value
// of a top-level field of the record starts; the record's own line when
// the field is missing.
func (r *record) lineOf(field string) int {
	dec := json.NewDecoder(bytes.NewReader(r.raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return r.line
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return r.line
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return r.line
		}
		if tok == field {
			start := dec.InputOffset() - int64(len(v))
			return r.line + bytes.Count(r.raw[:start], []byte("\n"))
		}
	}
	return r.line
}

func (s *scanner) offset() int64 { return s.c.Offset() }
func (s *scanner) close() error  { return s.file.Close() }
