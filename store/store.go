// Package store keeps kiezgraph's network in Neo4j. It owns every Cypher
// statement (as constants beside the methods that run them), maps records
// to domain types, and turns driver errors into the domain's sentinels.
// Reads run as read transactions so a cluster can route them to
// followers; writes run in managed write transactions, all or nothing.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Config says how to reach Neo4j.
type Config struct {
	// URI is bolt://host:port for one server or neo4j://host:port for a
	// cluster with routing.
	URI      string
	User     string
	Password string
	// Database is always named explicitly, so no request pays for a
	// home-database lookup.
	Database string
	// RetryTime bounds how long a managed transaction retries transient
	// failures (default 5s), so requests fail fast when Neo4j is down.
	RetryTime time.Duration
}

// Store is kiezgraph's Neo4j store. It is safe for concurrent use.
type Store struct {
	driver   neo4j.DriverWithContext
	database string
	retry    time.Duration
	log      *slog.Logger
	// queries counts transactions run, so tests can prove that round
	// trips grow with query depth, not with result size.
	queries atomic.Int64
	// transactions counts transactions begun (a query's shared reads
	// are one).
	transactions atomic.Int64
	// observe, when set, is told about every transaction.
	observe func(mode string, took time.Duration, err error)
	// sessions counts open sessions; each holds a pooled connection
	// while its transaction runs.
	sessions atomic.Int64
	// importRows counts rows an import reported written (AddImportRows).
	importRows atomic.Int64
}

// Observe registers f to be told the mode ("read" or "write"), duration
// and outcome of every transaction, e.g. for metrics. Call it before the
// store is used concurrently.
func (s *Store) Observe(f func(mode string, took time.Duration, err error)) { s.observe = f }

func (s *Store) observed(mode string, start time.Time, err error) {
	if s.observe != nil {
		s.observe(mode, time.Since(start), err)
	}
}

// Open creates the driver and verifies that Neo4j answers.
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*Store, error) {
	if cfg.Database == "" {
		cfg.Database = "neo4j"
	}
	if cfg.RetryTime == 0 {
		cfg.RetryTime = 5 * time.Second
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""),
		func(c *config.Config) {
			c.MaxTransactionRetryTime = cfg.RetryTime
			c.ConnectionAcquisitionTimeout = cfg.RetryTime
			c.SocketConnectTimeout = 2 * time.Second
			c.MaxConnectionPoolSize = 50
		})
	if err != nil {
		return nil, fmt.Errorf("store: driver for %s: %w", cfg.URI, err)
	}
	s := &Store{driver: driver, database: cfg.Database, retry: cfg.RetryTime, log: log}
	if err := s.Ping(ctx); err != nil {
		_ = driver.Close(ctx)
		return nil, err
	}
	return s, nil
}

// Close closes the driver and its connections.
func (s *Store) Close(ctx context.Context) error { return s.driver.Close(ctx) }

// Ping checks that the database answers a query.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.driver.VerifyConnectivity(ctx); err != nil {
		return fmt.Errorf("store: ping: %w: %w", domain.ErrUnavailable, err)
	}
	_, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) (int64, error) {
		return single[int64](ctx, tx, "RETURN 1 AS one", nil, "one")
	})
	return err
}

// QueryCount is the number of units of work the store has run, each a
// transaction of its own or a turn in a query's shared transaction: the
// round trips of a request.
func (s *Store) QueryCount() int64 { return s.queries.Load() }

// TransactionCount is the number of transactions the store has begun.
func (s *Store) TransactionCount() int64 { return s.transactions.Load() }

// Version names the state of the database: the bookmark Neo4j returns
// after a read transaction, which names the last transaction committed
// to the database by anyone (this process, another replica, the
// command-line importer, a fix in Neo4j Browser). Equal versions mean
// equal data, so caches of derived results are keyed by it. It costs one
// round trip (RETURN 1).
func (s *Store) Version(ctx context.Context) (string, error) {
	sess, closeSession := s.session(ctx, neo4j.AccessModeRead)
	defer closeSession()
	_, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, "RETURN 1", nil)
		if err != nil {
			return nil, err
		}
		return res.Consume(ctx)
	})
	if err != nil {
		return "", fmt.Errorf("store: data version: %w", s.mapErr(err))
	}
	return strings.Join(neo4j.BookmarksToRawValues(sess.LastBookmarks()), ","), nil
}

// SessionsInUse is the number of sessions open now. Each runs one
// transaction, on one of the driver's pooled connections (the pool holds
// at most 50) or waiting for one, so this is the pool's use.
func (s *Store) SessionsInUse() int64 { return s.sessions.Load() }

// AddImportRows counts n rows of an import as written. An importer that
// shares the store with the serving process calls it after each batch it
// committed, so that /metrics shows the rows
// (kiezgraph_import_rows_written_total). It is safe for concurrent use.
func (s *Store) AddImportRows(n int) { s.importRows.Add(int64(n)) }

// ImportRows is the number of import rows counted by AddImportRows.
func (s *Store) ImportRows() int64 { return s.importRows.Load() }

// session opens a session and counts it as in use until the returned
// function closes it.
func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) (neo4j.SessionWithContext, func()) {
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: mode,
		Bookmarks: causalFrom(ctx).config()})
	s.sessions.Add(1)
	return sess, func() {
		_ = sess.Close(ctx)
		s.sessions.Add(-1)
	}
}

// readTx runs work in a read transaction.
// Within a query's shared reads (WithSharedReads) it runs in the query's
// transaction.
func readTx[T any](ctx context.Context, s *Store, work neo4j.ManagedTransactionWorkT[T]) (T, error) {
	if v, ok, err := sharedRead(ctx, s, work); ok {
		return v, err
	}
	return transact(ctx, s, neo4j.AccessModeRead, work)
}

// writeTx runs work in a write transaction; the driver may retry it, so
// work has no effects outside the transaction.
func writeTx[T any](ctx context.Context, s *Store, work neo4j.ManagedTransactionWorkT[T]) (T, error) {
	return transact(ctx, s, neo4j.AccessModeWrite, work)
}

// transact runs work in a managed transaction of the mode, counts and
// observes it, and traces it as a child of the span in ctx, if any.
func transact[T any](ctx context.Context, s *Store, mode neo4j.AccessMode, work neo4j.ManagedTransactionWorkT[T]) (T, error) {
	s.queries.Add(1)
	s.transactions.Add(1)
	name := "read"
	if mode == neo4j.AccessModeWrite {
		name = "write"
	}
	ctx, span := s.startTxSpan(ctx, name)
	defer span.End()
	start := time.Now()
	sess, closeSession := s.session(ctx, mode)
	defer closeSession()
	var res any
	var err error
	if mode == neo4j.AccessModeWrite {
		res, err = sess.ExecuteWrite(ctx, untyped(work))
		if err == nil {
			causalFrom(ctx).after(sess.LastBookmarks())
		}
	} else {
		res, err = sess.ExecuteRead(ctx, untyped(work))
	}
	v, _ := res.(T)
	err = s.mapErr(err)
	s.observed(name, start, err)
	setTxOutcome(span, err)
	return v, err
}

// tracerName names the store's spans' instrumentation scope.
const tracerName = "github.com/kiezgraph/kiezgraph/store"

// startTxSpan starts a span for a transaction. The store has no tracer of
// its own: it takes the provider of the span in ctx, so that a request
// traced by the server gets transaction spans, and an untraced one (or a
// command line tool's) gets none. Spans carry the mode and outcome, never
// Cypher, parameters or results, which may hold personal data.
func (s *Store) startTxSpan(ctx context.Context, mode string) (context.Context, trace.Span) {
	tracer := trace.SpanFromContext(ctx).TracerProvider().Tracer(tracerName)
	return tracer.Start(ctx, "neo4j "+mode, trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(
		semconv.DBSystemNameNeo4j,
		attribute.String("db.system", "neo4j"), // the name before semantic conventions 1.30
		semconv.DBNamespace(s.database),
		attribute.String("neo4j.access_mode", mode),
	))
}

// setTxOutcome records a transaction's outcome on its span. Error
// messages are left out: Neo4j's messages may echo values (e.g. those of
// a violated constraint).
func setTxOutcome(span trace.Span, err error) {
	outcome := txOutcome(err)
	span.SetAttributes(attribute.String("kiezgraph.outcome", outcome))
	if outcome == "unavailable" || outcome == "error" {
		span.SetAttributes(semconv.ErrorTypeKey.String(outcome))
		span.SetStatus(codes.Error, outcome)
	}
}

// txOutcome names the outcome of a transaction: ok, one of the domain's
// refusals (not_found, invalid, conflict), unavailable, or error.
func txOutcome(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, domain.ErrUnavailable):
		return "unavailable"
	case errors.Is(err, domain.ErrNotFound):
		return "not_found"
	case errors.Is(err, domain.ErrInvalid):
		return "invalid"
	case errors.Is(err, domain.ErrConflict):
		return "conflict"
	}
	return "error"
}

// untyped adapts typed work to the session's untyped API. The result is
// then asserted softly: neo4j.ExecuteRead/ExecuteWrite assert it hard and
// panic when T is an interface type (e.g. any) and work returns nil.
func untyped[T any](work neo4j.ManagedTransactionWorkT[T]) neo4j.ManagedTransactionWork {
	return func(tx neo4j.ManagedTransaction) (any, error) { return work(tx) }
}

// mapErr turns driver errors into domain sentinels, keeping the cause.
func (s *Store) mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, domain.ErrNotFound) || errors.Is(err, domain.ErrInvalid) ||
		errors.Is(err, domain.ErrConflict) || errors.Is(err, domain.ErrUnavailable) {
		return err
	}
	var neoErr *neo4j.Neo4jError
	if errors.As(err, &neoErr) {
		switch {
		case neoErr.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
			return fmt.Errorf("%w: %s", domain.ErrConflict, constraintMessage(neoErr.Msg))
		case strings.HasPrefix(neoErr.Code, "Neo.TransientError.") ||
			neoErr.Code == "Neo.ClientError.Cluster.NotALeader" ||
			strings.HasPrefix(neoErr.Code, "Neo.ClientError.Database.DatabaseNotFound"):
			return fmt.Errorf("%w: %w", domain.ErrUnavailable, err)
		}
		return err
	}
	var connErr *neo4j.ConnectivityError
	var limitErr *neo4j.TransactionExecutionLimit
	if errors.As(err, &connErr) || errors.As(err, &limitErr) {
		return fmt.Errorf("%w: %w", domain.ErrUnavailable, err)
	}
	return err
}

// constraintMessage says which identity a constraint guards, without
// echoing Cypher or values.
func constraintMessage(msg string) string {
	for _, key := range []string{"externalKey", "officialCode", "code", "id"} {
		if strings.Contains(msg, "`"+key+"`") || strings.Contains(msg, "property `"+key) ||
			strings.Contains(msg, "'"+key+"'") || strings.Contains(msg, key+" = ") {
			return "a record with this " + key + " already exists"
		}
	}
	return "a record with this identity already exists"
}
