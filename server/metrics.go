package server

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/kiezgraph/kiezgraph/apierror"
	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/insights"
	"github.com/kiezgraph/kiezgraph/live"
	"github.com/kiezgraph/kiezgraph/store"
)

// metrics are the service's Prometheus metrics, in a registry of its own
// so that tests can build several servers.
type metrics struct {
	schema *ast.Schema // labels operations by its root fields

	reg          *prometheus.Registry
	operations   *prometheus.CounterVec
	opDuration   *prometheus.HistogramVec
	transactions *prometheus.HistogramVec
	refusals     prometheus.Counter
}

func newMetrics(st *store.Store, cache *insights.Service, schema *ast.Schema) *metrics {
	m := &metrics{
		schema: schema,
		reg:    prometheus.NewRegistry(),
		operations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kiezgraph_graphql_operations_total",
			Help: "GraphQL operations by type and root field (e.g. \"query actors\", \"query (several)\", \"(invalid)\") and outcome (OK or the first error's code).",
		}, []string{"operation", "outcome"}),
		opDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "kiezgraph_graphql_operation_duration_seconds",
			Help:    "Duration of GraphQL operations by type and root field.",
			Buckets: prometheus.DefBuckets,
		}, []string{"operation"}),
		transactions: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "kiezgraph_neo4j_transaction_duration_seconds",
			Help:    "Duration of Neo4j transactions by mode and outcome (ok, unavailable, error).",
			Buckets: prometheus.DefBuckets,
		}, []string{"mode", "outcome"}),
		refusals: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kiezgraph_ratelimit_refusals_total",
			Help: "Requests refused because their client had spent its rate limit (RATE_LIMITED).",
		}),
	}
	hits := func() float64 { h, _ := cache.CacheStats(); return float64(h) }
	misses := func() float64 { _, mi := cache.CacheStats(); return float64(mi) }
	m.reg.MustRegister(m.operations, m.opDuration, m.transactions, m.refusals,
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "kiezgraph_analysis_cache_hits_total",
			Help: "Analysis results answered from the cache."}, hits),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "kiezgraph_analysis_cache_misses_total",
			Help: "Analysis results computed."}, misses),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kiezgraph_neo4j_sessions_in_use",
			Help: "Neo4j sessions open now, each running a transaction on a pooled connection or waiting for one (the pool holds 50)."},
			func() float64 { return float64(st.SessionsInUse()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "kiezgraph_import_rows_written_total",
			Help: "Import rows written, as importers report them with store.AddImportRows."},
			func() float64 { return float64(st.ImportRows()) }),
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	st.Observe(func(mode string, took time.Duration, err error) {
		outcome := "ok"
		switch {
		case errors.Is(err, domain.ErrUnavailable):
			outcome = "unavailable"
		case err != nil && !errors.Is(err, domain.ErrNotFound) && !errors.Is(err, domain.ErrInvalid) && !errors.Is(err, domain.ErrConflict):
			outcome = "error"
		}
		m.transactions.WithLabelValues(mode, outcome).Observe(took.Seconds())
	})
	return m
}

// aroundResponses records each operation's outcome and duration.
func (m *metrics) aroundResponses(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	start := time.Now()
	resp := next(ctx)
	name := "(invalid)"
	if graphql.HasOperationContext(ctx) {
		name = m.label(graphql.GetOperationContext(ctx).Operation)
	}
	outcome := "OK"
	if resp != nil && len(resp.Errors) > 0 {
		outcome = apierror.CodeInternal
		if code, ok := resp.Errors[0].Extensions["code"].(string); ok {
			outcome = code
		}
	}
	m.operations.WithLabelValues(name, outcome).Inc()
	m.opDuration.WithLabelValues(name).Observe(time.Since(start).Seconds())
	return resp
}

// label classifies an operation by what the schema defines, never by
// what the client chose (operation names, aliases, unknown fields would
// otherwise reach whoever reads the metrics and grow the series without
// bound): its type and root field, e.g. "query actors" (aliases of one
// field count as that field), "query (several)" for several root fields,
// "(invalid)" when the document does not parse or names a field the
// schema lacks.
func (m *metrics) label(op *ast.OperationDefinition) string {
	if op == nil {
		return "(invalid)"
	}
	var root *ast.Definition
	switch op.Operation {
	case ast.Query:
		root = m.schema.Query
	case ast.Mutation:
		root = m.schema.Mutation
	case ast.Subscription:
		root = m.schema.Subscription
	}
	if root == nil {
		return "(invalid)"
	}
	fields := map[string]bool{}
	if !rootFields(op.SelectionSet, root, fields, 0) || len(fields) == 0 {
		return "(invalid)"
	}
	if len(fields) > 1 {
		return string(op.Operation) + " (several)"
	}
	for f := range fields {
		return string(op.Operation) + " " + f
	}
	return "(invalid)"
}

// rootFields adds the names of the root fields in set, through
// fragments, and reports whether each is a field of root.
func rootFields(set ast.SelectionSet, root *ast.Definition, into map[string]bool, depth int) bool {
	if depth > 10 {
		return false
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			switch {
			case s.Name == "__typename" || s.Name == "__schema" || s.Name == "__type":
			case root.Fields.ForName(s.Name) == nil:
				return false
			}
			into[s.Name] = true
		case *ast.InlineFragment:
			if !rootFields(s.SelectionSet, root, into, depth+1) {
				return false
			}
		case *ast.FragmentSpread:
			if s.Definition == nil || !rootFields(s.Definition.SelectionSet, root, into, depth+1) {
				return false
			}
		}
	}
	return true
}

// watchLimiter counts the limiter's refusals and the clients it keeps.
func (m *metrics) watchLimiter(l *limiter) {
	l.onRefuse = m.refusals.Inc
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kiezgraph_ratelimit_clients",
		Help: "Clients whose rate limit buckets are kept (idle ones are dropped once refilled)."},
		func() float64 { return float64(l.clientCount()) }))
}

// watchLive reports the change feed's subscribers, polls and dropped
// slow consumers.
func (m *metrics) watchLive(h *live.Hub) {
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kiezgraph_live_subscribers",
			Help: "Subscriptions to changes open now."}, func() float64 { return float64(h.Stats().Subscribers) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "kiezgraph_live_polls_total",
			Help: "Reads of the audit trail by the change feed (one a second while anyone subscribes)."},
			func() float64 { return float64(h.Stats().Polls) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "kiezgraph_live_dropped_total",
			Help: "Subscriptions ended because their client read too slowly."},
			func() float64 { return float64(h.Stats().Dropped) }))
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}
