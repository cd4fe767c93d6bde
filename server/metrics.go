package server

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/insights"
	"github.com/kiezgraph/kiezgraph/store"
)

// metrics are the service's Prometheus metrics, in a registry of its own
// so that tests can build several servers.
type metrics struct {
	mu    sync.Mutex
	names map[string]bool // operation names seen, bounded

	reg          *prometheus.Registry
	operations   *prometheus.CounterVec
	opDuration   *prometheus.HistogramVec
	transactions *prometheus.HistogramVec
	refusals     prometheus.Counter
}

func newMetrics(st *store.Store, cache *insights.Service) *metrics {
	m := &metrics{
		names: map[string]bool{},
		reg:   prometheus.NewRegistry(),
		operations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kiezgraph_graphql_operations_total",
			Help: "GraphQL operations by operation name and outcome (OK or the first error's code).",
		}, []string{"operation", "outcome"}),
		opDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "kiezgraph_graphql_operation_duration_seconds",
			Help:    "Duration of GraphQL operations by operation name.",
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
	name := "(anonymous)"
	if graphql.HasOperationContext(ctx) {
		if op := graphql.GetOperationContext(ctx).Operation; op != nil {
			name = m.label(op.Name)
		}
	}
	outcome := "OK"
	if resp != nil && len(resp.Errors) > 0 {
		outcome = "INTERNAL"
		if code, ok := resp.Errors[0].Extensions["code"].(string); ok {
			outcome = code
		}
	}
	m.operations.WithLabelValues(name, outcome).Inc()
	m.opDuration.WithLabelValues(name).Observe(time.Since(start).Seconds())
	return resp
}

// maxOperationNames bounds the operation label: clients choose operation
// names, and every new name would be a new time series.
const maxOperationNames = 200

// label returns the metric label of an operation name.
func (m *metrics) label(name string) string {
	if name == "" {
		return "(anonymous)"
	}
	if len(name) > 64 {
		name = name[:64]
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.names[name] && len(m.names) >= maxOperationNames {
		return "(other)"
	}
	m.names[name] = true
	return name
}

// watchLimiter counts the limiter's refusals and the clients it keeps.
func (m *metrics) watchLimiter(l *limiter) {
	l.onRefuse = m.refusals.Inc
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kiezgraph_ratelimit_clients",
		Help: "Clients whose rate limit buckets are kept (idle ones are dropped once refilled)."},
		func() float64 { return float64(l.clientCount()) }))
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}
