package importer

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/store"
)

// DefaultBatch is the number of rows per write transaction when
// Options.Batch is 0.
const DefaultBatch = 5000

// DefaultWorkers is the number of write transactions in flight when
// Options.Workers is 0: two keep both cores of a small machine busy,
// one with Neo4j's work on a batch while the other reads the next.
const DefaultWorkers = 2

// DefaultMaxProblems is how many problems a report keeps per file when
// Options.MaxProblems is 0; the rest are counted.
const DefaultMaxProblems = 1000

// ErrBadRows is returned (wrapped) when rows were bad and, without
// Options.Partial, nothing was written.
var ErrBadRows = errors.New("bad rows")

// Store is what an import needs of the database; *store.Store has it.
type Store interface {
	ListTargetGroups(ctx context.Context) ([]domain.TargetGroup, error)
	ListTopics(ctx context.Context) ([]domain.Topic, error)
	RecordsByKey(ctx context.Context, typ string, keys []string) (map[string]store.KeyedRecord, error)
	StoredIDs(ctx context.Context, typ string, ids []string) (map[string]bool, error)
	HasRecords(ctx context.Context, typ string) (bool, error)
	WriteImportBatch(ctx context.Context, b *store.ImportBatch) error
}

// Options control an import.
type Options struct {
	// Batch is the number of rows per write transaction (DefaultBatch
	// when 0).
	Batch int
	// Partial writes the good rows of files with bad rows; otherwise
	// nothing is written when any row is bad.
	Partial bool
	// DryRun checks the files (against the database, too) and writes
	// nothing.
	DryRun bool
	// Workers is the number of write transactions in flight at once
	// (DefaultWorkers when 0).
	Workers int
	// MaxProblems is how many problems a report keeps per file
	// (DefaultMaxProblems when 0).
	MaxProblems int
	// Progress hears of the progress; nil for none.
	Progress Progress
	// IDKey keys the ids of new people made from their external keys
	// (KIEZGRAPH_ID_KEY), so that nobody can compute a person's id from a
	// guessed key. Without it, Run draws a random key: people already
	// stored keep their ids (they are found by key), so re-imports stay
	// stable; only two separate runs that both create the same person
	// (e.g. a bulk load and an online import compared) need the same key.
	IDKey []byte
}

// File is one file to import.
type File struct {
	Path   string
	Kind   Kind
	Format Format
	// Open, when set, reads the file's rows instead of the importer's
	// own formats: records of another standard translated into rows of
	// Kind (see Rows). Problems name the file at Path.
	Open func() (Rows, error)
	// ColumnNames renames columns in problems, e.g. "provider" to the
	// field of the translated file it comes from.
	ColumnNames map[string]string
}

// Plan lists the files to import: each path is a file, or a directory
// whose files ending in .csv, .json, .jsonl or .ndjson are taken (others,
// such as a README, and hidden files are skipped). The type of each file is kind when not
// empty, else told by its name (see DetectKind). Files come in import
// order, by type and then by path.
func Plan(paths []string, kind Kind) ([]File, error) {
	var files []File
	addFile := func(p string) error {
		f := File{Path: p, Kind: kind, Format: formatOf(p)}
		if f.Format == "" {
			return fmt.Errorf("%s: unknown format; want .csv, .json, .jsonl or .ndjson", p)
		}
		if f.Kind == "" {
			k, err := DetectKind(p)
			if err != nil {
				return err
			}
			f.Kind = k
		}
		files = append(files, f)
		return nil
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			if err := addFile(p); err != nil {
				return nil, err
			}
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if e.Type().IsRegular() && formatOf(e.Name()) != "" && !strings.HasPrefix(e.Name(), ".") {
				if err := addFile(filepath.Join(p, e.Name())); err != nil {
					return nil, err
				}
			}
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no import files in %v", paths)
	}
	slices.SortStableFunc(files, func(a, b File) int {
		if d := a.Kind.rank() - b.Kind.rank(); d != 0 {
			return d
		}
		return compareStrings(a.Path, b.Path)
	})
	return files, nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Problem is a bad row (or a bad file, at line 1 or where reading
// stopped).
type Problem struct {
	File   string
	Line   int
	Column string
	Reason string
}

// String is "file:line: column: reason", as compilers report.
func (p Problem) String() string {
	if p.Column == "" {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Reason)
	}
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Column, p.Reason)
}

// FileReport says what became of one file.
type FileReport struct {
	File
	// Rows is the number of rows read, Bad of those that are bad,
	// Written of those written.
	Rows, Bad, Written int
	// Problems are the first MaxProblems problems in line order; a bad
	// row may have several.
	Problems []Problem
	// MoreProblems counts the problems left out of Problems.
	MoreProblems int
	// Warnings are about good rows that deserve a look, such as actor
	// names that look like others (domain.LookAlikes); at most
	// MaxProblems.
	Warnings []Problem
	// Check and Write are the durations of the two passes.
	Check, Write time.Duration
}

// Report says what an import did.
type Report struct {
	Files []FileReport
}

// Bad is the number of bad rows in all files.
func (r *Report) Bad() int {
	n := 0
	for _, f := range r.Files {
		n += f.Bad
	}
	return n
}

// WrittenByFile is the number of rows written per file path, for the
// files that wrote any (a file read as several, as HSDS files are, is
// summed).
func (r *Report) WrittenByFile() map[string]int {
	out := map[string]int{}
	for _, f := range r.Files {
		if f.Written > 0 {
			out[f.Path] += f.Written
		}
	}
	return out
}

// Written is the number of rows written from all files.
func (r *Report) Written() int {
	n := 0
	for _, f := range r.Files {
		n += f.Written
	}
	return n
}

// Run imports files in the order given (see Plan) in two passes. The
// first reads every file and checks every row: columns, types, dates,
// enumerations, vocabulary codes, and that each reference names a record
// of an earlier row or file of this import or of the database; it keeps
// only the keys, not the rows. Unless opt.Partial, nothing is written
// when any row is bad. The second pass reads the files again and writes
// their good rows in transactions of opt.Batch rows, merged by key, so
// that an import run again changes nothing and an interrupted one is
// completed by running it again.
//
// The report is returned with the error, too. Bad rows without
// opt.Partial give an error wrapping ErrBadRows.
func Run(ctx context.Context, st Store, files []File, opt Options) (*Report, error) {
	if opt.Batch <= 0 {
		opt.Batch = DefaultBatch
	}
	if opt.Workers <= 0 {
		opt.Workers = DefaultWorkers
	}
	if opt.MaxProblems <= 0 {
		opt.MaxProblems = DefaultMaxProblems
	}
	if opt.Progress == nil {
		opt.Progress = noProgress{}
	}
	if len(opt.IDKey) == 0 {
		opt.IDKey = make([]byte, 32)
		_, _ = rand.Read(opt.IDKey)
	}
	vocab, err := loadVocab(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("import: read vocabularies: %w", err)
	}
	r := &run{st: st, opt: opt, vocab: vocab, index: map[Kind]*index{}, seen: map[Kind]int{}}
	for _, s := range specs {
		if s.keyCol != "" {
			r.index[s.kind] = newIndex(s, r.deriveID)
		}
	}
	rep := &Report{}
	checks := make([]*checked, len(files))
	for i, f := range files {
		c, err := r.check(ctx, f)
		if err != nil {
			return rep, fmt.Errorf("import: check %s: %w", f.Path, err)
		}
		checks[i] = c
		rep.Files = append(rep.Files, c.report)
	}
	unreadable := 0
	for _, c := range checks {
		if c.unreadable {
			unreadable++
		}
	}
	if bad := rep.Bad(); (bad > 0 || unreadable > 0) && !opt.Partial {
		return rep, fmt.Errorf("import: %d %w in %d files, %d of which cannot be read; nothing was written (-partial writes the good rows)",
			bad, ErrBadRows, len(checks), unreadable)
	}
	if opt.DryRun {
		return rep, nil
	}
	for i, c := range checks {
		if c.unreadable {
			continue
		}
		start := time.Now()
		n, err := r.write(ctx, c)
		rep.Files[i].Written = n
		rep.Files[i].Write = time.Since(start)
		if err != nil {
			if ctx.Err() != nil {
				err = fmt.Errorf("interrupted after %d of %d rows of %s; the batches written stay, and running the same import again completes it without duplicates: %w",
					n, c.report.Rows-c.report.Bad, c.file.Path, err)
			}
			return rep, fmt.Errorf("import: write %s: %w", c.file.Path, err)
		}
	}
	return rep, nil
}

// run is the state of one import across its files.
type run struct {
	st    Store
	opt   Options
	vocab map[Kind]vocab
	// index knows the keys of each type with keys.
	index map[Kind]*index
	// seen counts the files of each type checked so far.
	seen map[Kind]int
	// names are the actor names known so far, for look-alike warnings;
	// loaded with the first actor row.
	names *domain.LookAlikes
}
