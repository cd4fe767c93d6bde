package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/kiezgraph/kiezgraph/apierror"
)

// tracerName names the server's spans' instrumentation scope.
const tracerName = "github.com/kiezgraph/kiezgraph/server"

// StartTracing returns the tracer provider that the environment asks for
// with OpenTelemetry's own variables, and a function that flushes and
// stops it; a nil provider (and a no-op function) when tracing is off.
// Tracing is on when OTEL_TRACES_EXPORTER is "otlp" (OTLP over HTTP,
// configured by the OTEL_EXPORTER_OTLP_* variables) or "console" (JSON
// to w), or when it is unset and OTEL_EXPORTER_OTLP_ENDPOINT or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set. OTEL_SERVICE_NAME (default
// kiezgraph), OTEL_RESOURCE_ATTRIBUTES and OTEL_TRACES_SAMPLER(_ARG) apply
// as usual; the exporter and the SDK read them from the process's
// environment.
func StartTracing(ctx context.Context, getenv func(string) string, w io.Writer) (trace.TracerProvider, func(context.Context) error, error) {
	noop := func(context.Context) error { return nil }
	kind := strings.ToLower(strings.TrimSpace(getenv("OTEL_TRACES_EXPORTER")))
	if kind == "" && (getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != "") {
		kind = "otlp"
	}
	var exp sdktrace.SpanExporter
	var err error
	switch kind {
	case "", "none":
		return nil, noop, nil
	case "otlp":
		if p := getenv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"); p == "grpc" || (p == "" && getenv("OTEL_EXPORTER_OTLP_PROTOCOL") == "grpc") {
			return nil, noop, fmt.Errorf("tracing: OTLP over gRPC is not built in; use http/protobuf")
		}
		exp, err = otlptracehttp.New(ctx)
	case "console":
		exp, err = stdouttrace.New(stdouttrace.WithWriter(w))
	default:
		return nil, noop, fmt.Errorf("tracing: OTEL_TRACES_EXPORTER=%q: want otlp, console or none", kind)
	}
	if err != nil {
		return nil, noop, fmt.Errorf("tracing: %s exporter: %w", kind, err)
	}
	res, err := resource.New(ctx,
		resource.WithAttributes(semconv.ServiceName("kiezgraph")),
		resource.WithFromEnv(), resource.WithTelemetrySDK())
	if err != nil {
		return nil, noop, fmt.Errorf("tracing: resource: %w", err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	return tp, tp.Shutdown, nil
}

// tracing traces requests (HTTP middleware), GraphQL operations and
// their root fields (gqlgen extension); the store adds a span per Neo4j
// transaction under whichever span is current. A nil provider turns it
// off. Spans carry names, types, paths and outcome codes, never bodies,
// variables, query strings or results, which may hold personal data.
type tracing struct {
	tracer trace.Tracer
	prop   propagation.TextMapPropagator
}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
	graphql.RootFieldInterceptor
} = (*tracing)(nil)

func newTracing(tp trace.TracerProvider) *tracing {
	if tp == nil {
		return &tracing{}
	}
	return &tracing{tracer: tp.Tracer(tracerName), prop: propagation.TraceContext{}}
}

// untraced are the probes and the metrics, asked every few seconds.
var untraced = []string{"/healthz", "/readyz", "/metrics"}

// routes are the paths that name HTTP spans; others are named by the
// method alone, so that span names stay few.
var routes = []string{"/graphql", "/"}

// middleware starts a server span per request, continuing the trace of
// the W3C traceparent header when the request carries one.
func (t *tracing) middleware(next http.Handler) http.Handler {
	if t.tracer == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if slices.Contains(untraced, r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		ctx := t.prop.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
		method := r.Method
		switch method {
		case http.MethodGet, http.MethodPost, http.MethodOptions, http.MethodHead, http.MethodPut,
			http.MethodPatch, http.MethodDelete, http.MethodConnect, http.MethodTrace:
		default:
			method = "_OTHER"
		}
		name := method
		attrs := []attribute.KeyValue{semconv.HTTPRequestMethodKey.String(method), semconv.URLPath(r.URL.Path)}
		if slices.Contains(routes, r.URL.Path) {
			name += " " + r.URL.Path
			attrs = append(attrs, semconv.HTTPRoute(r.URL.Path))
		}
		ctx, span := t.tracer.Start(ctx, name, trace.WithSpanKind(trace.SpanKindServer), trace.WithAttributes(attrs...))
		defer span.End()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r.WithContext(ctx))
		span.SetAttributes(semconv.HTTPResponseStatusCode(sw.status))
		if sw.status >= 500 {
			span.SetStatus(codes.Error, http.StatusText(sw.status))
		}
	})
}

// ExtensionName implements graphql.HandlerExtension.
func (t *tracing) ExtensionName() string { return "Tracing" }

// Validate implements graphql.HandlerExtension.
func (t *tracing) Validate(graphql.ExecutableSchema) error { return nil }

// serverCodes are the error codes that mark an operation's span as
// failed; the others are the client's mistakes or the service's rules.
var serverCodes = []string{apierror.CodeInternal, apierror.CodeUnavailable, apierror.CodeTimeout}

// InterceptResponse implements graphql.ResponseInterceptor: a span per
// operation, named by its type and name, with the codes of its errors.
func (t *tracing) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if t.tracer == nil || !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	opCtx := graphql.GetOperationContext(ctx)
	typ, name := "query", opCtx.OperationName
	if op := opCtx.Operation; op != nil {
		typ, name = string(op.Operation), op.Name
	}
	if len(name) > 64 {
		name = name[:64]
	}
	attrs := []attribute.KeyValue{semconv.GraphQLOperationTypeKey.String(typ)}
	spanName := typ
	if name != "" {
		attrs = append(attrs, semconv.GraphQLOperationName(name))
		spanName += " " + name
	}
	ctx, span := t.tracer.Start(ctx, spanName, trace.WithAttributes(attrs...))
	defer span.End()
	resp := next(ctx)
	if resp == nil || len(resp.Errors) == 0 {
		return resp
	}
	var errCodes []string
	for _, e := range resp.Errors {
		code, _ := e.Extensions["code"].(string)
		if code == "" {
			code = apierror.CodeInternal
		}
		if !slices.Contains(errCodes, code) {
			errCodes = append(errCodes, code)
		}
	}
	span.SetAttributes(attribute.StringSlice("graphql.error.codes", errCodes))
	for _, c := range errCodes {
		if slices.Contains(serverCodes, c) {
			span.SetStatus(codes.Error, c)
			break
		}
	}
	return resp
}

// InterceptRootField implements graphql.RootFieldInterceptor: a span per
// root field (e.g. "Query.actors"), which covers its resolver and the
// fields beneath it, and so the Neo4j transactions they run.
func (t *tracing) InterceptRootField(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	if t.tracer == nil {
		return next(ctx)
	}
	rc := graphql.GetRootFieldContext(ctx)
	if rc == nil || rc.Field.Field == nil {
		return next(ctx)
	}
	parent := "Query"
	if fc := graphql.GetFieldContext(ctx); fc != nil && fc.Object != "" {
		parent = fc.Object
	}
	attrs := []attribute.KeyValue{
		attribute.String("graphql.field.parent_type", parent),
		attribute.String("graphql.field.name", rc.Field.Name),
	}
	if a := rc.Field.Alias; a != "" && a != rc.Field.Name {
		attrs = append(attrs, attribute.String("graphql.field.alias", a))
	}
	ctx, span := t.tracer.Start(ctx, parent+"."+rc.Field.Name, trace.WithAttributes(attrs...))
	defer span.End()
	return next(ctx)
}

// withTraceIDs makes log lines written with a context inside a span carry
// its trace_id and span_id, so that logs and traces meet.
func withTraceIDs(log *slog.Logger) *slog.Logger {
	if _, ok := log.Handler().(traceLogHandler); ok {
		return log
	}
	return slog.New(traceLogHandler{log.Handler()})
}

type traceLogHandler struct{ slog.Handler }

func (h traceLogHandler) Handle(ctx context.Context, r slog.Record) error {
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		r = r.Clone()
		r.AddAttrs(slog.String("trace_id", sc.TraceID().String()), slog.String("span_id", sc.SpanID().String()))
	}
	return h.Handler.Handle(ctx, r)
}

func (h traceLogHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return traceLogHandler{h.Handler.WithAttrs(attrs)}
}

func (h traceLogHandler) WithGroup(name string) slog.Handler {
	return traceLogHandler{h.Handler.WithGroup(name)}
}
