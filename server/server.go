// Package server assembles kiezgraph's HTTP service: the GraphQL endpoint
// with its transports and limits, the exports (GET /export/…, see
// export.go), the in-browser IDE, health and readiness probes,
// Prometheus metrics, CORS, request ids and access logs.
package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/ast"
	"go.opentelemetry.io/otel/trace"

	"github.com/kiezgraph/kiezgraph/auth"
	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/export"
	"github.com/kiezgraph/kiezgraph/graph"
	"github.com/kiezgraph/kiezgraph/live"
	"github.com/kiezgraph/kiezgraph/resolvers"
	"github.com/kiezgraph/kiezgraph/store"
)

// Config is what the HTTP layer needs to know.
type Config struct {
	// CORSOrigins is the exact allow-list of browser origins.
	CORSOrigins []string
	// Introspection allows schema introspection (the IDE needs it).
	Introspection bool
	// ComplexityLimit refuses queries whose estimated cost is higher.
	ComplexityLimit int
	// MaxDepth, MaxAliases and MaxTokens refuse oversized documents.
	MaxDepth, MaxAliases, MaxTokens int
	// MaxResponseFields bounds the fields one response resolves; 0 is
	// no bound.
	MaxResponseFields int64
	// MaxBodyBytes bounds a request body.
	MaxBodyBytes int64
	// RequestTimeout bounds each GraphQL request.
	RequestTimeout time.Duration
	// ExportTimeout bounds each export (GET /export/…), which streams
	// and so is not under RequestTimeout.
	ExportTimeout time.Duration
	// Auth verifies credentials; nil admits everyone as the public
	// (read-only, public records only).
	Auth *auth.Authenticator
	// Pseudonyms names people for researchers; nil uses a random key,
	// so pseudonyms are stable only while the process runs.
	Pseudonyms *export.Pseudonymizer
	// RateLimit limits each client's operations by their complexity.
	RateLimit RateLimit
	// Tracer traces requests, operations, root fields and Neo4j
	// transactions; nil turns tracing off (see StartTracing).
	Tracer trace.TracerProvider
	// MetricsToken, when set, is the bearer key the metrics handler
	// wants (KIEZGRAPH_METRICS_TOKEN).
	MetricsToken string
	// Profiling serves Go's profiles (net/http/pprof) beside the metrics,
	// behind the same key (KIEZGRAPH_PPROF=1): to see where a busy
	// service spends its CPU without restarting it under a profiler.
	Profiling bool
	// App is the dashboard's public configuration (see AppConfigFromEnv).
	App AppConfig
	// Live bounds live updates (subscriptions at LivePath).
	Live LiveConfig
	// Indicators is the city's indicator catalogue; nil uses
	// domain.MSSCatalogue (KIEZGRAPH_INDICATOR_CATALOGUE).
	Indicators *domain.IndicatorCatalogue
}

// DefaultConfig returns the limits used when nothing is configured.
func DefaultConfig() Config {
	return Config{Introspection: true, ComplexityLimit: 250_000, MaxDepth: 15, MaxAliases: 30, MaxTokens: 10000,
		MaxResponseFields: 200_000, MaxBodyBytes: 1 << 20, RequestTimeout: 30 * time.Second, ExportTimeout: 10 * time.Minute, RateLimit: DefaultRateLimit()}
}

// New returns the service's HTTP handler, without its metrics.
func New(st *store.Store, cfg Config, log *slog.Logger) http.Handler {
	api, _ := NewService(st, cfg, log)
	return api
}

// NewService returns the service's API handler and, apart, the handler of
// its Prometheus metrics (GET /metrics, behind cfg.MetricsToken when set).
// The metrics are served on an address of their own (KIEZGRAPH_METRICS_ADDR),
// never beside the API: they tell who is busy with what.
func NewService(st *store.Store, cfg Config, log *slog.Logger) (api, metrics http.Handler) {
	log = withTraceIDs(log)
	if cfg.Auth == nil {
		cfg.Auth, _ = auth.New(auth.Config{Anonymous: auth.AnonymousPublic})
	}
	if cfg.RateLimit.Key == nil {
		cfg.RateLimit.Key = principalKey
	}
	if cfg.Pseudonyms == nil {
		key := make([]byte, 32)
		_, _ = rand.Read(key)
		cfg.Pseudonyms, _ = export.NewPseudonymizer(key)
	}
	res := resolvers.New(st, cfg.Pseudonyms, log)
	res.Live = live.New(st, cfg.Live.Hub, log)
	if cfg.Indicators != nil {
		res.Catalogue = cfg.Indicators
	}
	es := graph.NewExecutableSchema(res.Schema())
	met := newMetrics(st, res.Insights, es.Schema())
	lim, tr := newLimiter(cfg.RateLimit), newTracing(cfg.Tracer)
	met.watchLimiter(lim)
	met.watchLive(res.Live)
	gql := handler.New(resolvers.Priced(es))
	gql.AroundResponses(met.aroundResponses)
	liveSrv := newLiveServer(cfg.Live, cfg.Auth, lim.clientKey, log)
	for _, t := range liveSrv.transports(cfg.CORSOrigins) {
		gql.AddTransport(t)
	}
	gql.AddTransport(transport.Options{})
	gql.AddTransport(graphQLOverHTTP{})
	gql.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	gql.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	if cfg.Introspection {
		gql.Use(extension.Introspection{})
	} else {
		gql.Use(noIntrospection{})
	}
	gql.SetParserTokenLimit(cfg.MaxTokens)
	gql.SetDisableSuggestion(true)
	gql.SetValidationRulesFn(rulesWithoutSuggestions)
	gql.Use(shapeLimits{MaxDepth: cfg.MaxDepth, MaxAliases: cfg.MaxAliases})
	gql.Use(&complexityLimit{Limit: cfg.ComplexityLimit})
	gql.Use(fieldCap{Max: cfg.MaxResponseFields})
	gql.Use(lim) // after the complexity limit: it charges the complexity
	gql.Use(tr)
	gql.Use(resolvers.SharedReads{Store: st})
	// Mutations run one after another; each gets fresh loaders so that it
	// sees what the ones before it wrote.
	gql.AroundRootFields(func(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
		if op := graphql.GetOperationContext(ctx).Operation; op != nil && op.Operation == ast.Mutation {
			ctx = resolvers.WithLoaders(ctx, st)
		}
		return next(ctx)
	})
	gql.SetErrorPresenter(resolvers.ErrorPresenter(log))
	gql.SetRecoverFunc(resolvers.Recover(log))

	mux := http.NewServeMux()
	mux.Handle("/graphql", guard(cfg, log, lim, resolvers.Middleware(st, gql)))
	// Exports: the same authentication, rate limit, request ids and
	// bookmarks, their own deadline (see export.go).
	if cfg.ExportTimeout <= 0 {
		cfg.ExportTimeout = DefaultConfig().ExportTimeout
	}
	exp := newExporter(st, res.Insights, cfg.Pseudonyms, lim, cfg.ExportTimeout, resolvers.Middleware(st, gql), log)
	mux.Handle(ExportPath, cfg.Auth.Middleware(log, lim.middleware(causal(exp))))
	// Subscriptions stream: not under the request deadline (see live.go).
	mux.Handle(LivePath, cfg.Auth.Middleware(log, lim.middleware(liveSrv.handler(gql))))
	mux.Handle("GET /{$}", ideHandler())
	mux.Handle("GET /app/", appHandler())
	mux.Handle("GET /app/config.json", appConfigHandler(cfg.App))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain")
		if err := st.Ping(ctx); err != nil {
			log.WarnContext(ctx, "not ready", "requestId", resolvers.RequestID(r.Context()), "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("neo4j unreachable\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})

	c := cors.New(cors.Options{
		AllowedOrigins: cfg.CORSOrigins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost},
		AllowedHeaders: []string{"Content-Type", "Authorization", "X-Request-Id", HeaderBookmark},
		// Content-Disposition names an export's file for a dashboard that
		// downloads it with fetch (its token is a header, not a cookie).
		ExposedHeaders:   []string{"X-Request-Id", "Retry-After", HeaderBookmark, "Content-Disposition"},
		AllowCredentials: true,
		MaxAge:           600,
	})
	metricsMux := http.NewServeMux()
	metricsMux.Handle("GET /metrics", metricsKey(cfg.MetricsToken, met.handler()))
	if cfg.Profiling {
		metricsMux.Handle("GET /debug/pprof/", metricsKey(cfg.MetricsToken, http.HandlerFunc(pprof.Index)))
		metricsMux.Handle("GET /debug/pprof/profile", metricsKey(cfg.MetricsToken, http.HandlerFunc(pprof.Profile)))
	}
	return service{tr.middleware(requestID(accessLog(log, c.Handler(mux)))), res.Live}, metricsMux
}

// service is the API handler; it ends its live subscriptions when the
// server shuts down (see CloseLive).
type service struct {
	http.Handler
	live *live.Hub
}

// CloseLive ends the subscriptions of the API handler h made by
// NewService, WebSockets with close code 1001 (going away): call it
// when the server shuts down (http.Server.RegisterOnShutdown), which
// does not wait for hijacked connections. Other handlers are left alone.
func CloseLive(h http.Handler) {
	if s, ok := h.(service); ok {
		s.live.Close()
	}
}

// guard puts the refusals of /graphql in front of the GraphQL handler
// next, each answered with an apierror.Refusal: authentication first, so
// that the rate limiter keys on the verified caller; then the deadline of
// the whole request (TIMEOUT when it passes); then, before gqlgen reads
// anything, the body's size limit, malformed requests and bookmarks.
func guard(cfg Config, log *slog.Logger, lim *limiter, next http.Handler) http.Handler {
	return cfg.Auth.Middleware(log, lim.middleware(withTimeout(cfg.RequestTimeout,
		http.MaxBytesHandler(refuseBadRequests(cfg.MaxTokens, causal(next)), cfg.MaxBodyBytes))))
}

// metricsKey asks for "Authorization: Bearer key" when key is set.
func metricsKey(key string, next http.Handler) http.Handler {
	if key == "" {
		return next
	}
	want := sha256.Sum256([]byte("Bearer " + key))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := sha256.Sum256([]byte(r.Header.Get("Authorization")))
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="kiezgraph metrics"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requestID gives every request an id, taken from X-Request-Id when the
// client sends a safe one (see safeRequestID), and returns it in the
// response header. The id goes into log lines, error extensions and the
// audit trail, so nothing else of the client's header may.
func requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !safeRequestID(id) {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(resolvers.WithRequestID(r.Context(), id)))
	})
}

// safeRequestID reports whether id is 1–64 characters of
// [A-Za-z0-9._-]: enough for UUIDs and tracing ids, too little for
// forged log fields, markup, line breaks or look-alike letters.
func safeRequestID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController (flushing an event stream) and
// WebSocket upgrades reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// accessLog logs one line per request, without bodies or query strings
// (they may carry personal data).
func accessLog(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		log.InfoContext(r.Context(), "request", "requestId", resolvers.RequestID(r.Context()),
			"method", r.Method, "path", r.URL.Path, "status", sw.status, "duration", time.Since(start).String())
	})
}

// principalKey names the rate-limit client of a request by its verified
// caller; the public ("") falls back to the remote address.
func principalKey(r *http.Request) string {
	if a := domain.AccessFrom(r.Context()); a.Role != domain.RolePublic && a.Subject != "" {
		return "caller:" + a.Subject
	}
	return ""
}
