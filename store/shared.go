package store

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Shared reads.
//
// A query's levels are read by several statements (a page of actors, then
// their services and partners, then the partners themselves), each of
// which would otherwise run in a transaction of its own: a session taken
// from the pool, BEGIN, the statement, COMMIT, the connection reset and
// returned. Under load those round trips and Neo4j's work per transaction
// cost about as much as the statements. WithSharedReads lets all reads of
// one query run in one read transaction instead, one statement after
// another; the peer library compiles a whole request into one statement,
// which reads every field of the document whether a level needs it or not
// (see the README's "Reads" section for the measurements).
//
// Sharing is an optimisation that never changes an answer: a read whose
// context is not the query's own (a detached analysis run) or that comes
// after the query ended runs in its own transaction, and a shared
// transaction that fails is dropped and the read retried in its own
// managed transaction, with the driver's retries, as before.

type sharedKey struct{}

// sharedReads is the read transaction shared by one query's reads.
type sharedReads struct {
	s *Store
	// done is the query's Done channel: contexts derived from the
	// query's without a cancellation of their own share it.
	done <-chan struct{}

	mu    sync.Mutex
	ended bool
	sess  neo4j.SessionWithContext
	tx    neo4j.ExplicitTransaction
}

// closeTimeout bounds closing a shared transaction, which runs after the
// query answered, so that a hung database cannot hold its end.
const closeTimeout = 5 * time.Second

// WithSharedReads returns ctx whose reads share one read transaction
// until end is called; end is idempotent. Only queries may share: a
// mutation's reads must see its writes.
func (s *Store) WithSharedReads(ctx context.Context) (_ context.Context, end func()) {
	r := &sharedReads{s: s, done: ctx.Done()}
	return context.WithValue(ctx, sharedKey{}, r), r.end
}

// sharedRead runs work in the shared transaction of ctx, if it has one
// that ctx may use; ok is false when the caller must run work in a
// transaction of its own.
func sharedRead[T any](ctx context.Context, s *Store, work neo4j.ManagedTransactionWorkT[T]) (v T, ok bool, err error) {
	r, _ := ctx.Value(sharedKey{}).(*sharedReads)
	if r == nil || r.s != s || ctx.Done() != r.done {
		return v, false, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ended || ctx.Err() != nil {
		return v, false, nil
	}
	if r.tx == nil {
		sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeRead,
			Bookmarks: causalFrom(ctx).config()})
		s.sessions.Add(1)
		r.sess = sess
		s.transactions.Add(1)
		tx, err := sess.BeginTransaction(ctx)
		if err != nil {
			r.drop()
			return v, false, nil
		}
		r.tx = tx
	}
	mtx, isManaged := r.tx.(neo4j.ManagedTransaction)
	if !isManaged {
		return v, false, nil
	}
	s.queries.Add(1)
	_, span := s.startTxSpan(ctx, "read")
	defer span.End()
	start := time.Now()
	v, err = work(mtx)
	if err != nil && !isDomainErr(err) {
		// The transaction may be broken (Neo4j fails a transaction at its
		// first error; a connection may have dropped): drop it and let
		// the caller retry in a managed transaction.
		r.drop()
		var zero T
		return zero, false, nil
	}
	s.observed("read", start, err)
	setTxOutcome(span, err)
	return v, true, err
}

// isDomainErr tells refusals of the store's own Go code (a filter on a
// missing record, a bad value), after which the transaction is intact.
func isDomainErr(err error) bool {
	return errors.Is(err, domain.ErrNotFound) || errors.Is(err, domain.ErrInvalid) || errors.Is(err, domain.ErrConflict)
}

// drop closes the transaction and its session; the next read begins a
// new one. The caller holds r.mu.
func (r *sharedReads) drop() {
	if r.sess == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
	defer cancel()
	if r.tx != nil {
		_ = r.tx.Close(ctx)
	}
	_ = r.sess.Close(ctx)
	r.s.sessions.Add(-1)
	r.sess, r.tx = nil, nil
}

// end closes the shared transaction; later reads run in their own.
func (r *sharedReads) end() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ended = true
	r.drop()
}
