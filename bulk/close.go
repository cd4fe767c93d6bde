package bulk

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/kiezgraph/kiezgraph/store"
)

// name is what labels, types and property keys may be in headers.
var name = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Close finishes the files: it records the empty lists for the next
// store.Migrate (see store.BulkFix), writes a header file beside each CSV
// file, and the arguments file for neo4j-admin. On error the files stay;
// call Discard.
func (s *Store) Close() (Summary, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return s.summary, errors.New("bulk: the store is closed")
	}
	s.closed = true
	if s.summary.Nodes == 0 {
		return s.summary, errors.New("bulk: no records to import")
	}
	nodeLists, relLists, err := s.emptyLists()
	if err != nil {
		return s.summary, err
	}
	if len(nodeLists)+len(relLists) > 0 {
		fix, err := store.BulkFix(nodeLists, relLists, s.now)
		if err != nil {
			return s.summary, err
		}
		r, err := newShapes().encodeNode(fix)
		if err != nil {
			return s.summary, err
		}
		if err := s.write(r); err != nil {
			return s.summary, err
		}
		s.summary.Nodes--
	}
	var args []string
	for _, f := range s.order {
		if err := f.w.Flush(); err != nil {
			return s.summary, fmt.Errorf("bulk: %w", err)
		}
		if err := f.out.Close(); err != nil {
			return s.summary, fmt.Errorf("bulk: %w", err)
		}
		f.out = nil
		if err := f.writeHeader(); err != nil {
			return s.summary, err
		}
		files := f.base + ".header.csv," + f.base + ".csv"
		if f.shape.node {
			args = append(args, "--nodes="+files)
		} else {
			args = append(args, "--relationships="+f.shape.label+"="+files)
		}
	}
	args = append(args, "--array-delimiter="+arrayDelimiterArg, "--strict=true")
	if s.summary.Multiline {
		args = append(args, "--multiline-fields=true")
	}
	// A single-valued option last, so that the database named after
	// @FILE is not taken for one more file of a list.
	args = append(args, "--report-file="+filepath.Join(s.dir, "import.report"))
	s.summary.Args = filepath.Join(s.dir, ArgsFile)
	if err := os.WriteFile(s.summary.Args, []byte(strings.Join(args, "\n")+"\n"), 0o644); err != nil {
		return s.summary, fmt.Errorf("bulk: %w", err)
	}
	return s.summary, nil
}

// emptyLists returns the list properties of node labels and relationship
// types ("Actor.keywords") that had empty lists. Such a property must be
// set on every record of its type, so that Migrate can tell the empty
// lists from the missing values; otherwise they cannot be written.
func (s *Store) emptyLists() (nodes, rels []string, err error) {
	type prop struct {
		node       bool
		label, key string
	}
	empty, partial := map[prop]bool{}, map[prop]bool{}
	var props []prop
	for _, f := range s.order {
		for i, k := range f.shape.keys {
			p := prop{f.shape.node, f.shape.label, k}
			if f.emptyList[i] && !empty[p] {
				empty[p] = true
				props = append(props, p)
			}
			if f.unset[i] {
				partial[p] = true
			}
		}
	}
	for _, p := range props {
		for _, f := range s.order {
			if f.shape.node == p.node && f.shape.label == p.label && !f.has(p.key) {
				partial[p] = true
			}
		}
		if partial[p] {
			return nil, nil, fmt.Errorf("bulk: %s.%s has empty lists but is not set on every record, so neo4j-admin's empty cells could not be told apart", p.label, p.key)
		}
		if p.node {
			nodes = append(nodes, p.label+"."+p.key)
		} else {
			rels = append(rels, p.label+"."+p.key)
		}
	}
	return nodes, rels, nil
}

// has reports whether the file's records have the property key.
func (f *file) has(key string) bool {
	for _, k := range f.shape.keys {
		if k == key {
			return true
		}
	}
	return false
}

// writeHeader writes the header file: ids (node labels as id spaces),
// labels, then the properties with their types.
func (f *file) writeHeader() error {
	sh := f.shape
	var cols []string
	for _, n := range []string{sh.label, sh.start, sh.end} {
		if n != "" && !name.MatchString(n) {
			return fmt.Errorf("bulk: %q cannot be a label or type", n)
		}
	}
	if sh.node {
		if sh.hasID {
			cols = append(cols, "id:ID("+sh.label+")")
		}
		cols = append(cols, ":LABEL")
	} else {
		cols = append(cols, ":START_ID("+sh.start+")", ":END_ID("+sh.end+")")
	}
	for i, k := range sh.keys {
		if !name.MatchString(k) {
			return fmt.Errorf("bulk: %s: %q cannot be a property key", sh.label, k)
		}
		t := f.types[i]
		if t == "" {
			t = typeString // unset everywhere: no value to type
		}
		cols = append(cols, k+":"+string(t))
	}
	if err := os.WriteFile(f.base+".header.csv", []byte(strings.Join(cols, ",")+"\n"), 0o644); err != nil {
		return fmt.Errorf("bulk: %w", err)
	}
	return nil
}

// Discard removes what the store wrote, and the directory when the
// store created it.
func (s *Store) Discard() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	var errs []error
	for _, f := range s.order {
		if f.out != nil {
			errs = append(errs, f.out.Close())
			f.out = nil
		}
		for _, p := range []string{f.base + ".csv", f.base + ".header.csv"} {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, err)
			}
		}
	}
	if err := os.Remove(filepath.Join(s.dir, ArgsFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		errs = append(errs, err)
	}
	if s.made {
		errs = append(errs, os.Remove(s.dir))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("bulk: discard: %w", err)
	}
	return nil
}
