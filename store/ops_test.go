package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/kiezgraph/kiezgraph/domain"
)

// TestTransactionsCountSessionsAndTrace runs transactions of both modes
// with each kind of outcome and checks the pool gauge while and after
// they run, and the span each leaves under a traced context.
func TestTransactionsCountSessionsAndTrace(t *testing.T) {
	ctx, s := setup(t)
	tests := []struct {
		name        string
		mode        string
		cypher      string
		workErr     error
		wantOutcome string
		wantStatus  codes.Code
	}{
		{"read ok", "read", "RETURN 1 AS one", nil, "ok", codes.Unset},
		{"write ok", "write", "CREATE (n:OpsProbe) RETURN 1 AS one", nil, "ok", codes.Unset},
		{"read refused by the domain", "read", "RETURN 1 AS one", fmt.Errorf("probe: %w", domain.ErrConflict), "conflict", codes.Unset},
		{"read Cypher error", "read", "RETURN 1/0 AS one", nil, "error", codes.Error},
		{"write Cypher error", "write", "RETURN 1/0 AS one", nil, "error", codes.Error},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := tracetest.NewSpanRecorder()
			tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
			defer func() { _ = tp.Shutdown(context.Background()) }()
			ctx, parent := tp.Tracer("test").Start(ctx, "parent")

			before := s.SessionsInUse()
			var inside int64
			work := func(tx neo4j.ManagedTransaction) (int64, error) {
				inside = s.SessionsInUse()
				if tt.workErr != nil {
					return 0, tt.workErr
				}
				return single[int64](ctx, tx, tt.cypher, nil, "one")
			}
			var err error
			if tt.mode == "write" {
				_, err = writeTx(ctx, s, work)
			} else {
				_, err = readTx(ctx, s, work)
			}
			parent.End()
			if (err != nil) != (tt.wantOutcome != "ok") {
				t.Fatalf("err = %v, want outcome %s", err, tt.wantOutcome)
			}
			if inside != before+1 {
				t.Errorf("sessions in use during the transaction = %d, want %d", inside, before+1)
			}
			if after := s.SessionsInUse(); after != before {
				t.Errorf("sessions in use after the transaction = %d, want %d", after, before)
			}

			var tx sdktrace.ReadOnlySpan
			for _, sp := range rec.Ended() {
				if sp.Name() == "neo4j "+tt.mode {
					tx = sp
				}
			}
			if tx == nil {
				t.Fatalf("no span %q among %d ended spans", "neo4j "+tt.mode, len(rec.Ended()))
			}
			if tx.Parent().SpanID() != parent.SpanContext().SpanID() || tx.SpanContext().TraceID() != parent.SpanContext().TraceID() {
				t.Errorf("transaction span is not a child of the caller's span")
			}
			attrs := map[attribute.Key]string{}
			for _, kv := range tx.Attributes() {
				attrs[kv.Key] = kv.Value.String()
			}
			for k, want := range map[attribute.Key]string{
				"db.system.name": "neo4j", "db.system": "neo4j", "db.namespace": s.database,
				"neo4j.access_mode": tt.mode, "kiezgraph.outcome": tt.wantOutcome,
			} {
				if attrs[k] != want {
					t.Errorf("attribute %s = %q, want %q", k, attrs[k], want)
				}
			}
			if len(attrs) > 6 {
				t.Errorf("unexpected attributes (Cypher or parameters?): %v", attrs)
			}
			if tx.Status().Code != tt.wantStatus {
				t.Errorf("status = %v, want %v", tx.Status().Code, tt.wantStatus)
			}
			if tx.Status().Code == codes.Error && tx.Status().Description != tt.wantOutcome {
				t.Errorf("status description %q carries more than the outcome", tx.Status().Description)
			}
			if len(tx.Events()) != 0 {
				t.Errorf("transaction span has events (error messages?): %v", tx.Events())
			}
		})
	}
}

// TestUntracedTransactionsLeaveNoSpans runs a transaction under a context
// without a span while a recording provider is the global one: the store
// traces only what its caller traces.
func TestUntracedTransactionsLeaveNoSpans(t *testing.T) {
	ctx, s := setup(t)
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	global := otel.GetTracerProvider()
	otel.SetTracerProvider(tp)
	defer otel.SetTracerProvider(global)
	if err := s.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(rec.Ended()); n != 0 {
		t.Errorf("%d spans of an untraced transaction, want none", n)
	}
}

func TestImportRowsCounter(t *testing.T) {
	s := &Store{}
	for _, tt := range []struct {
		add  int
		want int64
	}{{0, 0}, {250, 250}, {1, 251}} {
		s.AddImportRows(tt.add)
		if got := s.ImportRows(); got != tt.want {
			t.Errorf("after adding %d: %d rows, want %d", tt.add, got, tt.want)
		}
	}
}
