package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

// write runs the second pass over a checked file: it reads the file
// again, skips the bad rows, resolves keys to ids and writes batches of
// Options.Batch rows, each in one transaction, while the next batch is
// read. A file whose rows reference each other (neighbourhoods and their
// parents) is written in two rounds: the records first, then everything
// again with the links, so that every parent exists when it is linked.
// It returns the number of rows written.
func (r *run) write(ctx context.Context, c *checked) (int, error) {
	if c.report.Rows == c.report.Bad {
		return 0, nil
	}
	var written int
	rounds := []bool{false}
	if c.spec.kind == Neighbourhoods {
		rounds = []bool{true, false}
	}
	for _, nodesOnly := range rounds {
		n, err := r.writeRound(ctx, c, nodesOnly)
		written = n
		if err != nil {
			return written, err
		}
	}
	return written, nil
}

// writeRound reads the file once and writes its good rows.
func (r *run) writeRound(ctx context.Context, c *checked, nodesOnly bool) (int, error) {
	src, err := c.file.open()
	if err != nil {
		return 0, err
	}
	defer func() { _ = src.close() }()
	phase := "writing"
	if nodesOnly {
		phase = "writing records of"
	}
	size := fileSize(c.file.Path)
	r.opt.Progress.Start(c.file.Path, phase, size)
	// The estimate counts rows written against the good rows the first
	// pass found, since batches are read ahead of their writing.
	good := int64(max(1, c.report.Rows-c.report.Bad))

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	free := make(chan *batch, r.opt.Workers+1)
	for range cap(free) {
		free <- &batch{}
	}
	full := make(chan *batch)
	var (
		mu      sync.Mutex
		written int
		wg      sync.WaitGroup
	)
	for range r.opt.Workers {
		wg.Go(func() {
			for b := range full {
				if err := r.writeBatch(ctx, b); err != nil {
					cancel(err)
				} else {
					mu.Lock()
					written += b.rows
					r.opt.Progress.Update(written, size*int64(written)/good)
					mu.Unlock()
					if m, ok := r.st.(rowCounter); ok && !nodesOnly {
						// A file written in two rounds counts its rows once.
						m.AddImportRows(b.rows)
					}
				}
				b.reset()
				free <- b
			}
		})
	}
	err = r.produce(ctx, c, src, nodesOnly, free, full)
	close(full)
	wg.Wait()
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		err = cause
	} else if err == nil {
		err = ctx.Err()
	}
	r.opt.Progress.Done(written)
	return written, err
}

// writeBatch writes a batch, retrying it (after the driver's own
// retries) when the database was unavailable or a record to create
// exists: the retries merge every record, so that a batch that was
// committed after all, or written meanwhile by someone else, is not
// refused.
func (r *run) writeBatch(ctx context.Context, b *batch) error {
	err := r.st.WriteImportBatch(ctx, &b.ImportBatch)
	for try := 1; try <= 3 && err != nil && (errors.Is(err, domain.ErrUnavailable) || errors.Is(err, domain.ErrConflict)); try++ {
		clear(b.New)
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Duration(try) * time.Second):
		}
		err = r.st.WriteImportBatch(ctx, &b.ImportBatch)
	}
	return err
}

// produce reads the good rows into batches and hands them to the writers.
func (r *run) produce(ctx context.Context, c *checked, src source, nodesOnly bool, free <-chan *batch, full chan<- *batch) error {
	rw := &row{}
	seq := 0
	var b *batch
	send := func() bool {
		select {
		case full <- b:
			b = nil
			return true
		case <-ctx.Done():
			return false
		}
	}
	for {
		if b == nil {
			select {
			case b = <-free:
				b.NodesOnly = nodesOnly
			case <-ctx.Done():
				return nil
			}
		}
		rw.reset()
		err := src.next(rw)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("the file changed since it was checked: %w", err)
		}
		seq++
		if c.bad[seq] {
			continue
		}
		if err := r.readRow(c, rw, b); err != nil {
			return err
		}
		if b.rows++; b.rows >= r.opt.Batch && !send() {
			return nil
		}
	}
	if b != nil && b.rows > 0 {
		send()
	}
	return nil
}

// readRow parses a good row into the batch and resolves its keys.
func (r *run) readRow(c *checked, rw *row, b *batch) error {
	s := c.spec
	if s.keyCol != "" {
		rw.key = rw.str(s.keyCol)
		explicit := rw.str("id")
		rw.id = r.ownID(s, rw.key, explicit, false)
		if _, stored := c.stored[hashKey(rw.key)]; !stored && explicit == "" && s.createsNew() {
			if b.New == nil {
				b.New = map[string]bool{}
			}
			b.New[rw.id] = true
		}
	}
	s.parse(rw, b)
	if len(rw.probs) > 0 {
		p := rw.probs[0]
		p.File = c.file.Path
		return fmt.Errorf("the file changed since it was checked: %s", p)
	}
	for _, p := range rw.refs {
		if v, ok := r.vocab[p.target]; ok {
			*p.dst = v[*p.dst]
		} else {
			*p.dst = r.index[p.target].id(*p.dst)
		}
	}
	return nil
}

// rowCounter is a store that counts the rows written for its metrics
// (kiezgraph_import_rows_written_total); *store.Store is one.
type rowCounter interface {
	AddImportRows(n int)
}
