package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/store"
)

// checked is a file after the first pass.
type checked struct {
	file   File
	spec   *spec
	report FileReport
	// bad holds the ordinals of bad rows (see row.seq), which the second
	// pass skips (with Options.Partial; otherwise nothing is written at
	// all).
	bad map[int]bool
	// unreadable files are not written at all: a bad header, or a JSON
	// syntax error after which the rest cannot be read.
	unreadable bool
	// stored holds the hashes of the keys of rows whose records are
	// stored already; the others are created (see spec.createsNew).
	stored map[uint64]struct{}
	// maxProblems is how many problems the report keeps.
	maxProblems int
}

// fail records a problem of the file at a line.
func (c *checked) fail(p Problem) {
	p.File = c.file.Path
	if name, ok := c.file.ColumnNames[p.Column]; ok {
		p.Column = name
	}
	if len(c.report.Problems) < c.maxProblems {
		c.report.Problems = append(c.report.Problems, p)
	} else {
		c.report.MoreProblems++
	}
}

// badRow records the problems of the row with ordinal seq, found bad.
func (c *checked) badRow(seq int, probs ...Problem) {
	if len(probs) == 0 {
		return
	}
	if c.bad[seq] {
		return
	}
	c.bad[seq] = true
	c.report.Bad++
	for _, p := range probs {
		c.fail(p)
	}
}

// selfRef is a neighbourhood whose parent is checked once the whole file
// is read, since a parent may come later in the file.
type selfRef struct {
	line   int
	seq    int
	n      domain.Neighbourhood
	parent string
}

// fileCheck is the state of the first pass over one file.
type fileCheck struct {
	*checked
	idx *index
	// keys maps the hash of each good row's key to its line, to find
	// duplicates.
	keys map[uint64]int
	// own looks up the rows' own keys, to adopt the ids of stored
	// records; refs look up references to records of other files.
	own *lookup
	// ids holds the ids (to keys) of rows to look up by id.
	ids   map[string]string
	refs  map[Kind]*lookup
	self  []selfRef
	one   batch
	start time.Time
	// openStarts counts the good rows without a first day, firstOpen is
	// the line of the first: one warning per file says so.
	openStarts, firstOpen int
}

// check runs the first pass over a file.
func (r *run) check(ctx context.Context, f File) (*checked, error) {
	s := specs[f.Kind]
	c := &checked{file: f, spec: s, bad: map[int]bool{}, stored: map[uint64]struct{}{}, maxProblems: r.opt.MaxProblems}
	c.report.File = f
	fc := &fileCheck{checked: c, idx: r.index[f.Kind], keys: map[uint64]int{}, refs: map[Kind]*lookup{}, start: time.Now()}
	if s.keyCol == "key" && s.keyed != "" {
		fc.own = newLookup(s.keyed)
	}
	if s.byID != "" {
		fc.ids = map[string]string{}
	}
	// The first file of a type that has no stored records needs no
	// lookups of its rows: all are new. (This saves a database read per
	// row on first imports.)
	if r.seen[f.Kind]++; r.seen[f.Kind] == 1 && s.createsNew() {
		typ := s.keyed + s.byID
		has, err := r.st.HasRecords(ctx, typ)
		if err != nil {
			return nil, err
		}
		if !has {
			fc.own, fc.ids = nil, nil
		}
	}
	defer func() { c.report.Check = time.Since(fc.start) }()
	src, err := f.open()
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, err
		}
		r.unreadable(fc, err)
		return c, nil
	}
	defer func() { _ = src.close() }()
	if cs, ok := src.(*csvSource); ok && !r.checkHeader(fc, cs.header) {
		return c, nil
	}
	r.opt.Progress.Start(f.Path, "checking", fileSize(f.Path))
	defer func() { r.opt.Progress.Done(c.report.Rows) }()
	rw := &row{}
	for {
		rw.reset()
		fc.one.reset()
		err := src.next(rw)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			r.unreadable(fc, err)
			return c, nil
		}
		c.report.Rows++
		rw.seq = c.report.Rows
		if len(rw.probs) == 0 {
			if err := r.checkRow(ctx, fc, rw); err != nil {
				return nil, err
			}
		} else if s.keyCol != "" {
			// A row that could not be read whole is bad, and so are the
			// references to its key.
			if rw.key = rw.str(s.keyCol); rw.key != "" {
				fc.forget(rw)
			}
		}
		c.badRow(rw.seq, rw.probs...)
		if c.report.Rows%r.opt.Batch == 0 {
			r.opt.Progress.Update(c.report.Rows, src.pos())
		}
	}
	if err := r.finishCheck(ctx, fc); err != nil {
		return nil, err
	}
	if fc.openStarts > 0 {
		// Imports keep what their files say (the API starts a new
		// record on the day of creation); an open start is worth a look.
		p := Problem{File: f.Path, Line: fc.firstOpen, Column: "validFrom", Reason: fmt.Sprintf(
			"warning: %d rows have no validFrom (the first on this line); they count as having always existed, in every past network — give the day they began where it is known",
			fc.openStarts)}
		if name, ok := f.ColumnNames[p.Column]; ok {
			p.Column = name
		}
		c.report.Warnings = append(c.report.Warnings, p)
	}
	slices.SortStableFunc(c.report.Problems, func(a, b Problem) int { return a.Line - b.Line })
	return c, nil
}

// unreadable gives up on a file: nothing of it is written, and its keys
// are forgotten so that later files cannot reference them.
func (r *run) unreadable(fc *fileCheck, err error) {
	p := Problem{Line: 1, Reason: err.Error()}
	if re, ok := errors.AsType[*readError](err); ok {
		p.Line, p.Reason = re.line, re.err.Error()
	}
	p.Reason += " (nothing of this file is imported)"
	fc.unreadable = true
	fc.fail(p)
	fc.report.Bad = fc.report.Rows
	if fc.idx != nil {
		for h := range fc.keys {
			delete(fc.idx.known, h)
		}
	}
}

// checkHeader requires every required column and refuses unknown ones,
// so that a misspelt column cannot be ignored silently.
func (r *run) checkHeader(fc *fileCheck, header []string) bool {
	seen := map[string]bool{}
	var probs []string
	for _, h := range header {
		h = strings.TrimSpace(h)
		switch {
		case fc.spec.column(h) == nil:
			probs = append(probs, fmt.Sprintf("unknown column %q", h))
		case seen[h]:
			probs = append(probs, fmt.Sprintf("column %q appears twice", h))
		}
		seen[h] = true
	}
	for _, col := range fc.spec.columns {
		if col.required && !seen[col.name] {
			probs = append(probs, fmt.Sprintf("missing column %q", col.name))
		}
	}
	if len(probs) == 0 {
		return true
	}
	if len(header) == 1 && strings.Contains(header[0], ";") {
		probs = append(probs, "the file seems to separate columns by ';' (import files separate them by ',' and lists inside a cell by ';')")
	}
	r.unreadable(fc, fmt.Errorf("%s; the columns of %s are %s", strings.Join(probs, ", "), fc.spec.kind,
		strings.Join(Columns(fc.spec.kind), ",")))
	return false
}

// checkRow checks one row that could be read; problems go to rw.probs.
func (r *run) checkRow(ctx context.Context, fc *fileCheck, rw *row) error {
	s := fc.spec
	if rw.obj != nil {
		for _, k := range slices.Sorted(maps.Keys(rw.obj)) {
			if s.column(k) == nil {
				rw.fail(k, "unknown column (the columns of %s are %s)", s.kind, strings.Join(Columns(s.kind), ", "))
			}
		}
	}
	explicit := ""
	var h uint64
	if s.keyCol != "" {
		rw.key = rw.need(s.keyCol)
		explicit = rw.str("id")
		if rw.key == "" {
			return nil
		}
		h = hashKey(rw.key)
		if line, dup := fc.keys[h]; dup {
			rw.fail(s.keyCol, "%q appears twice: line %d has it too", rw.key, line)
			return nil
		}
		rw.id = r.ownID(s, rw.key, explicit, true)
		if v, ok := r.vocab[s.kind]; ok && explicit != "" && v[rw.key] != "" && v[rw.key] != explicit {
			rw.fail("id", "the stored %s with code %s has the id %s", s.what, rw.key, v[rw.key])
			return nil
		}
	}
	s.parse(rw, &fc.one)
	if len(rw.probs) > 0 {
		fc.forget(rw)
		return nil
	}
	for _, p := range rw.refs {
		if err := r.checkRef(ctx, fc, rw, p); err != nil {
			return err
		}
	}
	if err := store.CheckImport(&fc.one.ImportBatch); err != nil {
		rw.fail(fieldColumn(err), "%s", fieldReason(err))
	}
	if len(rw.probs) > 0 {
		fc.forget(rw)
		return nil
	}
	if s.keyCol == "" {
		return nil
	}
	if s.kind == Actors && len(fc.one.Actors) == 1 {
		if err := r.lookAlike(ctx, fc, rw, fc.one.Actors[0].Name); err != nil {
			return err
		}
	}
	if fc.one.openStart() {
		if fc.openStarts++; fc.openStarts == 1 {
			fc.firstOpen = rw.line
		}
	}
	fc.keys[h] = rw.line
	if x := fc.idx; x != nil {
		x.add(rw.key, explicit)
		if s.kind == Neighbourhoods {
			x.levels[rw.key] = fc.one.Neighbourhoods[0].Level
		}
	}
	if v, ok := r.vocab[s.kind]; ok {
		v[rw.key] = rw.id
	}
	if fc.own != nil {
		fc.own.add(rw.key, waiter{line: rw.line, seq: rw.seq, own: rw.key, id: explicit})
		if len(fc.own.keys) >= r.opt.Batch {
			return r.flushOwn(ctx, fc)
		}
	}
	if fc.ids != nil {
		fc.ids[rw.id] = rw.key
		if len(fc.ids) >= r.opt.Batch {
			return r.flushIDs(ctx, fc)
		}
	}
	return nil
}

// forget remembers a bad row's key as bad, so that references to it say
// why they fail.
func (fc *fileCheck) forget(rw *row) {
	if fc.idx != nil && rw.key != "" && !fc.idx.has(rw.key) {
		fc.idx.markBad(rw.key, fmt.Sprintf("%s:%d", fc.file.Path, rw.line))
	}
}

// ownID is the id of a row: a vocabulary entry keeps the id of the stored
// entry with its code; other records get the id given in the row, else
// one derived from the key. While checking, stored records with the key
// are not yet known; their ids are adopted when the lookup answers.
func (r *run) ownID(s *spec, key, explicit string, checking bool) string {
	if v, ok := r.vocab[s.kind]; ok {
		if id, stored := v[key]; stored {
			return id
		}
		if explicit != "" {
			return explicit
		}
		return VocabularyID(s.prefix, key)
	}
	if !checking {
		return r.index[s.kind].id(key)
	}
	if explicit != "" {
		return explicit
	}
	return r.deriveID(s.prefix, key)
}

// deriveID is the id of a record with key that gives none: DeriveID, but
// for people keyed with Options.IDKey (personIDKey).
func (r *run) deriveID(prefix, key string) string {
	if prefix == domain.EntityPerson.Prefix {
		return personIDKey(r.opt.IDKey, prefix, key)
	}
	return DeriveID(prefix, key)
}

// checkRef checks a reference of a row; it sets the reference to a
// placeholder id, since the checks of the store need ids.
func (r *run) checkRef(ctx context.Context, fc *fileCheck, rw *row, p pendingRef) error {
	key := *p.dst
	ts := specs[p.target]
	if v, ok := r.vocab[p.target]; ok {
		id, known := v[key]
		if !known {
			rw.fail(p.col, "unknown %s code %q", ts.what, key)
		}
		*p.dst = id
		return nil
	}
	*p.dst = placeholderID(ts.prefix, key)
	x := r.index[p.target]
	switch {
	case p.target == fc.spec.kind:
		n := fc.one.Neighbourhoods[0]
		fc.self = append(fc.self, selfRef{line: rw.line, seq: rw.seq, n: n, parent: key})
	case x.has(key):
	case x.badAt(key) != "":
		rw.fail(p.col, "%s %q is not imported: its row (%s) is bad", ts.what, key, x.badAt(key))
	default:
		l := fc.refs[p.target]
		if l == nil {
			l = newLookup(ts.keyed)
			fc.refs[p.target] = l
		}
		l.add(key, waiter{line: rw.line, seq: rw.seq, col: p.col, own: rw.key})
		if len(l.keys) >= r.opt.Batch {
			return r.flushRefs(ctx, fc, p.target)
		}
	}
	return nil
}

// fieldColumn names the column of a store validation error, e.g.
// "validTo" for dataset.actors[0].validTo.
func fieldColumn(err error) string {
	var fe *domain.FieldError
	if !errors.As(err, &fe) {
		return ""
	}
	f := fe.Field
	if i := strings.Index(f, "]."); i >= 0 {
		f = f[i+2:]
	}
	// An item of a list cell, e.g. keywords[1], is the list's column.
	if i := strings.IndexByte(f, '['); i >= 0 {
		f = f[:i]
	}
	// Nested input fields are flat columns here.
	return importColumns.Replace(f)
}

// importColumns turns the API's nested input fields into import columns.
var importColumns = strings.NewReplacer("evidence.indicator", "evidenceIndicator", "evidence.unit", "evidenceUnit",
	"evidence.source", "evidenceSource", "contact.", "", "record.", "", "externalKey", "key")

// fieldReason is the message of a store validation error.
func fieldReason(err error) string {
	var fe *domain.FieldError
	if errors.As(err, &fe) {
		return fe.Message
	}
	return err.Error()
}
