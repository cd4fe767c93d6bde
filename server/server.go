// Package server assembles kiezgraph's HTTP service: the GraphQL endpoint
// with its transports and limits, the in-browser IDE, health and
// readiness probes, Prometheus metrics, CORS, request ids and access logs.
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
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
	// MaxBodyBytes bounds a request body.
	MaxBodyBytes int64
	// RequestTimeout bounds each GraphQL request.
	RequestTimeout time.Duration
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
	// App is the dashboard's public configuration (see AppConfigFromEnv).
	App AppConfig
}

// DefaultConfig returns the limits used when nothing is configured.
func DefaultConfig() Config {
	return Config{Introspection: true, ComplexityLimit: 5000, MaxDepth: 15, MaxAliases: 30, MaxTokens: 10000,
		MaxBodyBytes: 1 << 20, RequestTimeout: 30 * time.Second, RateLimit: DefaultRateLimit()}
}

// New returns the service's HTTP handler.
func New(st *store.Store, cfg Config, log *slog.Logger) http.Handler {
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
	met := newMetrics(st, res.Insights)
	lim, tr := newLimiter(cfg.RateLimit), newTracing(cfg.Tracer)
	met.watchLimiter(lim)
	gql := handler.New(graph.NewExecutableSchema(res.Schema()))
	gql.AroundResponses(met.aroundResponses)
	gql.AddTransport(transport.Options{})
	gql.AddTransport(transport.GET{})
	gql.AddTransport(transport.POST{})
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
	gql.Use(extension.FixedComplexityLimit(cfg.ComplexityLimit))
	gql.Use(lim) // after the complexity limit: it charges the complexity
	gql.Use(tr)
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
	// Authentication comes first, so that the rate limiter keys on the
	// verified caller; malformed bodies are refused before gqlgen.
	mux.Handle("/graphql", cfg.Auth.Middleware(log, lim.middleware(http.TimeoutHandler(
		http.MaxBytesHandler(refuseBadRequests(cfg.MaxTokens, resolvers.Middleware(st, gql)), cfg.MaxBodyBytes),
		cfg.RequestTimeout, `{"errors":[{"message":"request timed out","extensions":{"code":"TIMEOUT"}}]}`))))
	mux.Handle("GET /{$}", ideHandler())
	mux.Handle("GET /app/", appHandler())
	mux.Handle("GET /app/config.json", appConfigHandler(cfg.App))
	mux.Handle("GET /metrics", met.handler())
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
		AllowedOrigins:   cfg.CORSOrigins,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost},
		AllowedHeaders:   []string{"Content-Type", "Authorization", "X-Request-Id"},
		ExposedHeaders:   []string{"X-Request-Id", "Retry-After"},
		AllowCredentials: true,
		MaxAge:           600,
	})
	return tr.middleware(requestID(accessLog(log, c.Handler(mux))))
}

// requestID gives every request an id, taken from X-Request-Id when the
// client sends a sane one, and returns it in the response header.
func requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if len(id) == 0 || len(id) > 64 {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(resolvers.WithRequestID(r.Context(), id)))
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

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
