// Command kiezgraph runs the kiezgraph service and its tools.
//
//	kiezgraph serve [-seed-demo]   serve GraphQL (applies the schema first)
//	kiezgraph migrate              create constraints and indexes
//	kiezgraph seed                 load the demo city (idempotent)
//	kiezgraph export [flags]       write the network for Gephi, NetworkX, Cytoscape, or services as HSDS (see -h)
//	kiezgraph import [flags] PATH  upsert CSV/JSON or HSDS files by external key (see -h);
//	                               with -bulk DIR write CSV files for neo4j-admin's offline import instead
//	kiezgraph generate [flags]     write a synthetic city as import files (see -h)
//	kiezgraph token [flags]        print a development bearer token (see -h)
//	kiezgraph apikey [flags]       make an API key for a machine client
//	kiezgraph healthcheck          exit 0 when the local service is ready
//
// Configuration comes from the environment; see the README.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/seed"
	"github.com/kiezgraph/kiezgraph/server"
	"github.com/kiezgraph/kiezgraph/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "kiezgraph:", err)
		os.Exit(1)
	}
}

// run is main with its dependencies passed in, so tests can call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	log := newLogger(getenv("LOG_LEVEL"), stderr)
	// The store logs each statement at debug level through the default
	// logger (LOG_LEVEL=debug), where no logger is passed down.
	slog.SetDefault(log)
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "healthcheck":
		return healthcheck(ctx, envOr(getenv, "KIEZGRAPH_ADDR", ":8080"))
	case "export":
		cfg, err := parseExportArgs(args, getenv, stderr)
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		if err != nil {
			return err
		}
		st, err := openStore(ctx, getenv, log)
		if err != nil {
			return err
		}
		defer func() { _ = st.Close(context.Background()) }()
		return exportNetwork(ctx, st, cfg, stdout, stderr)
	case "import":
		cfg, err := parseImportArgs(args, stderr)
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		if err != nil {
			return err
		}
		if cfg.bulk != "" {
			return importBulk(ctx, cfg, getenv, stdout, stderr)
		}
		st, err := openStore(ctx, getenv, log)
		if err != nil {
			return err
		}
		defer func() { _ = st.Close(context.Background()) }()
		return importFiles(ctx, st, cfg, getenv, stdout, stderr)
	case "generate":
		return runGenerate(ctx, args, stdout, stderr)
	case "token":
		return runToken(args, getenv, stdout, stderr)
	case "apikey":
		return runAPIKey(args, stdout, stderr)
	}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	seedDemo := fs.Bool("seed-demo", false, "load the demo city before serving (serve only)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch cmd {
	case "serve", "migrate", "seed":
	default:
		return fmt.Errorf("unknown command %q (want serve, migrate, seed, export, import, generate, token, apikey or healthcheck)", cmd)
	}

	st, err := openStore(ctx, getenv, log)
	if err != nil {
		return err
	}
	defer func() { _ = st.Close(context.Background()) }()
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	if cmd == "migrate" {
		log.Info("schema applied")
		return nil
	}
	if cmd == "seed" || *seedDemo {
		start := time.Now()
		key := idKey(getenv)
		if key == nil {
			log.Warn("KIEZGRAPH_ID_KEY is not set: the demo's people get ids anyone can compute from their names")
		}
		if err := st.LoadDataset(ctx, seed.DemoKeyed(key), 500); err != nil {
			return fmt.Errorf("seed demo city: %w", err)
		}
		log.Info("demo city loaded", "duration", time.Since(start).String())
		if cmd == "seed" {
			return nil
		}
	}
	return serve(ctx, st, getenv, log)
}

func openStore(ctx context.Context, getenv func(string) string, log *slog.Logger) (*store.Store, error) {
	cfg := store.Config{
		URI:      envOr(getenv, "NEO4J_URI", "bolt://localhost:7687"),
		User:     envOr(getenv, "NEO4J_USER", "neo4j"),
		Password: getenv("NEO4J_PASSWORD"),
		Database: envOr(getenv, "NEO4J_DATABASE", "neo4j"),
	}
	// Neo4j may still be starting (docker compose); wait up to a minute.
	var lastErr error
	for attempt := 0; attempt < 30; attempt++ {
		st, err := store.Open(ctx, cfg, log)
		if err == nil {
			log.Info("connected to neo4j", "uri", cfg.URI, "database", cfg.Database)
			return st, nil
		}
		lastErr = err
		log.Warn("neo4j not reachable yet", "uri", cfg.URI, "err", err)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
	return nil, fmt.Errorf("connect to neo4j at %s: %w", cfg.URI, lastErr)
}

// serveGCPercent is the garbage collector's target of `serve` unless
// GOGC is set (see serve).
const serveGCPercent = 400

func serve(ctx context.Context, st *store.Store, getenv func(string) string, log *slog.Logger) error {
	// A request allocates many short-lived objects on a small heap (a few
	// MiB): with Go's default GOGC=100 the collector ran about every
	// request and took a third of the service's CPU on nested reads. 400
	// trades a few MiB of heap for it; GOGC, when set, decides.
	if getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
	cfg := server.DefaultConfig()
	cfg.CORSOrigins = splitList(getenv("KIEZGRAPH_CORS_ORIGINS"))
	if v := getenv("KIEZGRAPH_INTROSPECTION"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("KIEZGRAPH_INTROSPECTION: %w", err)
		}
		cfg.Introspection = b
	}
	var err error
	if cfg.Auth, err = authFromEnv(getenv); err != nil {
		return err
	}
	if !cfg.Auth.AcceptsTokens() {
		log.Warn("no token keys configured (KIEZGRAPH_JWT_SECRET or KIEZGRAPH_JWT_PUBLIC_KEYS): only API keys and anonymous access work")
	}
	if cfg.Pseudonyms, err = pseudonymsFromEnv(getenv); err != nil {
		return err
	}
	if cfg.Pseudonyms == nil {
		log.Warn("KIEZGRAPH_PSEUDONYM_KEY is not set: researchers' pseudonyms change with every restart")
	}
	if cfg.App, err = server.AppConfigFromEnv(getenv); err != nil {
		return err
	}
	if path := getenv("KIEZGRAPH_INDICATOR_CATALOGUE"); path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("KIEZGRAPH_INDICATOR_CATALOGUE: %w", err)
		}
		if cfg.Indicators, err = domain.ParseIndicatorCatalogue(data); err != nil {
			return fmt.Errorf("KIEZGRAPH_INDICATOR_CATALOGUE %s: %w", path, err)
		}
	}
	// Operations: rate limits and tracing from the environment.
	rl, err := server.RateLimitFromEnv(getenv, cfg.RateLimit)
	if err != nil {
		return err
	}
	cfg.RateLimit = rl
	log.Info("rate limits", "pointsPerSecond", rl.Rate, "burst", rl.Burst, "trustedProxies", len(rl.TrustedProxies))
	tp, stopTracing, err := server.StartTracing(ctx, getenv, os.Stdout)
	if err != nil {
		return err
	}
	defer func() {
		flushCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := stopTracing(flushCtx); err != nil {
			log.Warn("flushing traces", "err", err)
		}
	}()
	cfg.Tracer = tp
	log.Info("tracing", "on", tp != nil)
	addr := envOr(getenv, "KIEZGRAPH_ADDR", ":8080")
	// Metrics tell who is busy with what: they get an address of their
	// own (loopback by default), never the API's, and optionally a key.
	metricsAddr := envOr(getenv, "KIEZGRAPH_METRICS_ADDR", "127.0.0.1:9090")
	if metricsAddr == addr {
		return fmt.Errorf("KIEZGRAPH_METRICS_ADDR must differ from KIEZGRAPH_ADDR (%s)", addr)
	}
	if v := getenv("KIEZGRAPH_EXPORT_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("KIEZGRAPH_EXPORT_TIMEOUT: want a duration such as 10m, got %q", v)
		}
		cfg.ExportTimeout = d
	}
	cfg.MetricsToken = getenv("KIEZGRAPH_METRICS_TOKEN")
	cfg.Profiling = getenv("KIEZGRAPH_PPROF") == "1"
	api, metrics := server.NewService(st, cfg, log)
	servers := []*http.Server{{Addr: addr, Handler: api, ReadHeaderTimeout: 10 * time.Second}}
	servers[0].RegisterOnShutdown(func() { server.CloseLive(api) })
	if metricsAddr != "off" {
		servers = append(servers, &http.Server{Addr: metricsAddr, Handler: metrics, ReadHeaderTimeout: 10 * time.Second})
	}
	errc := make(chan error, len(servers))
	log.Info("serving GraphQL", "addr", addr, "graphql", "/graphql", "live", server.LivePath, "ide", "/")
	if metricsAddr != "off" {
		log.Info("serving metrics", "addr", metricsAddr, "path", "/metrics", "key", cfg.MetricsToken != "")
	}
	for _, srv := range servers {
		go func() { errc <- srv.ListenAndServe() }()
	}
	var serveErr error
	select {
	case serveErr = <-errc:
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	for _, srv := range servers {
		if err := srv.Shutdown(shutdownCtx); err != nil {
			return fmt.Errorf("shutdown: %w", err)
		}
	}
	if serveErr != nil {
		return serveErr
	}
	for range servers {
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	}
	return nil
}

func newLogger(level string, w io.Writer) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// healthcheck asks the local service's /readyz; containers without curl
// use it as their health check.
func healthcheck(ctx context.Context, addr string) error {
	if strings.HasPrefix(addr, ":") {
		addr = "127.0.0.1" + addr
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/readyz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("not ready: %s", resp.Status)
	}
	return nil
}
