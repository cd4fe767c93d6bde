// Package bulk writes an initial import as CSV files for Neo4j's own
// offline importer (neo4j-admin database import full), which loads an
// empty database many times faster than transactions can.
//
// A Store is an importer.Store for an empty database: the importer checks
// the files as always (nothing is stored, so every reference must name a
// record of the files) and hands its batches to WriteImportBatch, which
// turns them into the nodes and relationships the online path would
// create (store.BulkLoad) and appends them to one CSV file per node label
// and relationship type. Close writes the files' headers and an
// arguments file for neo4j-admin:
//
//	neo4j-admin database import full --overwrite-destination=true @DIR/import.args neo4j
//
// (scripts/neo4j.sh bulk-import does this for the project's own Neo4j).
// The next store.Migrate applies the schema and what the CSV cannot say
// (store.BulkFix).
package bulk

import (
	"bufio"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/importer"
	"github.com/kiezgraph/kiezgraph/store"
)

// ArgsFile is the name of the file in the directory that holds
// neo4j-admin's arguments, one per line.
const ArgsFile = "import.args"

// plainPath is what a directory's absolute path may hold: neo4j-admin
// splits file lists at commas, reads regular expressions in file names,
// and its argument files split at blanks and take # for comments.
var plainPath = regexp.MustCompile(`^[A-Za-z0-9/._-]+$`)

// Store is an importer.Store that writes CSV files for neo4j-admin
// instead of a database; see the package documentation. Its
// WriteImportBatch is safe for concurrent use.
type Store struct {
	dir  string
	now  time.Time
	load *store.BulkLoad

	mu      sync.Mutex
	made    bool // dir was created by the store
	files   map[string]*file
	order   []*file
	ids     map[string]map[[16]byte]struct{}
	closed  bool
	summary Summary
}

// file is one CSV file of records of one shape.
type file struct {
	shape *shape
	base  string // path without ".csv"
	out   *os.File
	w     *bufio.Writer
	rows  int
	// types, unset and emptyList are per key: the column's type, and
	// whether some row left it unset or had an empty list.
	types            []colType
	unset, emptyList []bool
}

// Summary says what Close wrote.
type Summary struct {
	// Nodes and Relationships count the records in the CSV files.
	Nodes, Relationships int
	// Args is the path of the arguments file.
	Args string
	// Multiline is set when values hold line breaks, which makes
	// neo4j-admin read the files more slowly.
	Multiline bool
}

var _ importer.Store = (*Store)(nil)

// New returns a Store that writes into dir, which must be empty or not
// exist (it is created at the first write), with now as the time the
// records are created and updated.
func New(dir string, now time.Time) (*Store, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("bulk: %w", err)
	}
	if !plainPath.MatchString(abs) {
		return nil, fmt.Errorf("bulk: the directory %s: neo4j-admin needs a path of only letters, digits and / . _ -", abs)
	}
	entries, err := os.ReadDir(abs)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("bulk: %w", err)
	case len(entries) > 0:
		return nil, fmt.Errorf("bulk: %s is not empty: give a new or empty directory", abs)
	}
	return &Store{dir: abs, now: now, load: store.NewBulkLoad(now), files: map[string]*file{},
		ids: map[string]map[[16]byte]struct{}{}}, nil
}

// ListTargetGroups returns none: the database is empty.
func (s *Store) ListTargetGroups(context.Context) ([]domain.TargetGroup, error) { return nil, nil }

// ListTopics returns none: the database is empty.
func (s *Store) ListTopics(context.Context) ([]domain.Topic, error) { return nil, nil }

// RecordsByKey finds nothing: the database is empty.
func (s *Store) RecordsByKey(context.Context, string, []string) (map[string]store.KeyedRecord, error) {
	return map[string]store.KeyedRecord{}, nil
}

// StoredIDs finds nothing: the database is empty.
func (s *Store) StoredIDs(context.Context, string, []string) (map[string]bool, error) {
	return map[string]bool{}, nil
}

// HasRecords reports none: the database is empty.
func (s *Store) HasRecords(context.Context, string) (bool, error) { return false, nil }

// WriteImportBatch validates b like store.CheckImport and appends its
// records to the CSV files. A record that an earlier batch wrote (the same
// key in two files of a type) is an error: a bulk import creates every
// record once, where the online path would merge them.
func (s *Store) WriteImportBatch(ctx context.Context, b *store.ImportBatch) error {
	var rows []row
	add := func(r row, err error) error {
		rows = append(rows, r)
		return err
	}
	sh := newShapes()
	err := s.load.Records(b,
		func(n store.BulkNode) error { return add(sh.encodeNode(n)) },
		func(r store.BulkRel) error { return add(sh.encodeRel(r)) })
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("bulk: the store is closed")
	}
	for _, r := range rows {
		if err := s.write(r); err != nil {
			return err
		}
	}
	return nil
}

// write appends a row to the file of its shape; s.mu is held.
func (s *Store) write(r row) error {
	if r.id != "" {
		sum := sha256.Sum256([]byte(r.id))
		var h [16]byte
		copy(h[:], sum[:])
		seen := s.ids[r.idSpace]
		if seen == nil {
			seen = map[[16]byte]struct{}{}
			s.ids[r.idSpace] = seen
		}
		if _, dup := seen[h]; dup {
			return fmt.Errorf("bulk: %s %s comes twice (the same key in two files?): a bulk import creates each record once; import such files online", r.idSpace, r.id)
		}
		seen[h] = struct{}{}
	}
	f, err := s.file(r.shape)
	if err != nil {
		return err
	}
	for i, c := range r.cells {
		switch {
		case c.unset:
			f.unset[i] = true
		case f.types[i] == "":
			f.types[i] = c.typ
		case f.types[i] != c.typ:
			return fmt.Errorf("bulk: %s.%s holds both %s and %s values", f.shape.label, f.shape.keys[i], f.types[i], c.typ)
		}
		f.emptyList[i] = f.emptyList[i] || c.emptyList
		s.summary.Multiline = s.summary.Multiline || c.multiline
	}
	if _, err := f.w.WriteString(r.line); err != nil {
		return fmt.Errorf("bulk: %w", err)
	}
	f.rows++
	if f.shape.node {
		s.summary.Nodes++
	} else {
		s.summary.Relationships++
	}
	return nil
}

// file returns the file of a shape, creating it at first use; s.mu is
// held.
func (s *Store) file(sh *shape) (*file, error) {
	key := sh.key
	if f, ok := s.files[key]; ok {
		return f, nil
	}
	if !s.made {
		if err := os.MkdirAll(s.dir, 0o755); err != nil {
			return nil, fmt.Errorf("bulk: %w", err)
		}
		s.made = true
	}
	name := "nodes-" + sh.label
	if !sh.node {
		name = "rels-" + sh.label + "-" + sh.start + "-" + sh.end
	}
	base := filepath.Join(s.dir, name)
	for n := 2; s.taken(base); n++ {
		base = filepath.Join(s.dir, fmt.Sprintf("%s-%d", name, n))
	}
	out, err := os.OpenFile(base+".csv", os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("bulk: %w", err)
	}
	f := &file{shape: sh, base: base, out: out, w: bufio.NewWriterSize(out, 1<<20),
		types: make([]colType, len(sh.keys)), unset: make([]bool, len(sh.keys)), emptyList: make([]bool, len(sh.keys))}
	s.files[key] = f
	s.order = append(s.order, f)
	return f, nil
}

// taken reports whether a file of the store has the base path.
func (s *Store) taken(base string) bool {
	for _, f := range s.order {
		if f.base == base {
			return true
		}
	}
	return false
}
