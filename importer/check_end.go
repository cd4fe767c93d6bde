package importer

import (
	"context"
	"fmt"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/store"
)

// flushOwn looks up the keys of the rows just checked: a stored record
// with the key keeps its id, so the row updates it. A row that gives
// another id than the stored record's is bad.
func (r *run) flushOwn(ctx context.Context, fc *fileCheck) error {
	return fc.own.flush(ctx, r.st, func(key string, rec store.KeyedRecord, ok bool, w waiter) {
		if !ok || fc.bad[w.seq] {
			return
		}
		if w.id != "" && w.id != rec.ID {
			r.badAfter(fc, w, Problem{Line: w.line, Column: "id",
				Reason: fmt.Sprintf("the stored %s with key %q has the id %s", fc.spec.what, key, rec.ID)})
			return
		}
		fc.idx.add(key, rec.ID)
		fc.stored[hashKey(key)] = struct{}{}
	})
}

// flushIDs looks up the ids of rows of types without unique keys, to
// tell new rows from changed ones.
func (r *run) flushIDs(ctx context.Context, fc *fileCheck) error {
	if len(fc.ids) == 0 {
		return nil
	}
	ids := make([]string, 0, len(fc.ids))
	for id := range fc.ids {
		ids = append(ids, id)
	}
	found, err := r.st.StoredIDs(ctx, fc.spec.byID, ids)
	if err != nil {
		return err
	}
	for id := range found {
		fc.stored[hashKey(fc.ids[id])] = struct{}{}
	}
	clear(fc.ids)
	return nil
}

// flushRefs looks up references to records of type target that no row
// of this import has: each must name a stored record.
func (r *run) flushRefs(ctx context.Context, fc *fileCheck, target Kind) error {
	x := r.index[target]
	return fc.refs[target].flush(ctx, r.st, func(key string, rec store.KeyedRecord, ok bool, w waiter) {
		if ok {
			x.add(key, rec.ID)
			if rec.Level != "" {
				x.levels[key] = rec.Level
			}
			return
		}
		r.badAfter(fc, w, Problem{Line: w.line, Column: w.col,
			Reason: fmt.Sprintf("no %s with key %q in this import or the database", specs[target].what, key)})
	})
}

// badAfter marks a row bad that passed its own checks but failed a later
// one, and forgets its key.
func (r *run) badAfter(fc *fileCheck, w waiter, p Problem) {
	if fc.bad[w.seq] {
		return
	}
	fc.badRow(w.seq, p)
	if fc.idx != nil && w.own != "" {
		fc.idx.markBad(w.own, fmt.Sprintf("%s:%d", fc.file.Path, w.line))
	}
}

// finishCheck completes the first pass over a file once all its rows are
// read: the pending lookups, then the parents of neighbourhoods (which may
// come later in the file or from the database), until no row's parent is
// bad.
func (r *run) finishCheck(ctx context.Context, fc *fileCheck) error {
	if fc.own != nil {
		if err := r.flushOwn(ctx, fc); err != nil {
			return err
		}
	}
	if err := r.flushIDs(ctx, fc); err != nil {
		return err
	}
	for target := range fc.refs {
		if err := r.flushRefs(ctx, fc, target); err != nil {
			return err
		}
	}
	if len(fc.self) == 0 {
		return nil
	}
	x := fc.idx
	// Parents neither in the file nor known yet must be stored.
	for _, sr := range fc.self {
		if !x.has(sr.parent) && x.badAt(sr.parent) == "" {
			l := fc.refs[Neighbourhoods]
			if l == nil {
				l = newLookup(fc.spec.keyed)
				fc.refs[Neighbourhoods] = l
			}
			l.add(sr.parent, waiter{line: sr.line, seq: sr.seq, col: "parent", own: *sr.n.ExternalKey})
		}
	}
	if fc.refs[Neighbourhoods] != nil {
		if err := r.flushRefs(ctx, fc, Neighbourhoods); err != nil {
			return err
		}
	}
	for changed := true; changed; {
		changed = false
		for _, sr := range fc.self {
			if fc.bad[sr.seq] {
				continue
			}
			w := waiter{line: sr.line, seq: sr.seq, own: *sr.n.ExternalKey}
			if !x.has(sr.parent) {
				at := x.badAt(sr.parent)
				if at == "" {
					at = "unknown"
				}
				r.badAfter(fc, w, Problem{Line: sr.line, Column: "parent",
					Reason: fmt.Sprintf("neighbourhood %q is not imported: its row (%s) is bad", sr.parent, at)})
				changed = true
				continue
			}
			n := sr.n
			n.ParentID = &sr.parent
			b := &store.ImportBatch{Dataset: domain.Dataset{Neighbourhoods: []domain.Neighbourhood{n}},
				ParentLevels: map[string]domain.Level{sr.parent: x.levels[sr.parent]}}
			if err := store.CheckImport(b); err != nil {
				r.badAfter(fc, w, Problem{Line: sr.line, Column: fieldColumn(err), Reason: fieldReason(err)})
				changed = true
			}
		}
	}
	return nil
}
