package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/kiezgraph/kiezgraph/server"
)

// TestTracing sends one request that continues a caller's trace, with
// tracing on and off, to the handler itself (so that every span has ended
// when it returns). The recording provider is also the global one, so
// that tracing off proves nothing finds it there.
func TestTracing(t *testing.T) {
	needNeo4j(t)
	const (
		traceID  = "4bf92f3577b34da6a3ce929d0e0e4736"
		parentID = "00f067aa0ba902b7"
		query    = `query Probe { actors(first: 3) { edges { node { name } } } topics { code } }`
	)
	tests := []struct {
		name string
		on   bool
	}{{"tracing on", true}, {"tracing off", false}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := tracetest.NewSpanRecorder()
			tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
			defer func() { _ = tp.Shutdown(context.Background()) }()
			global := otel.GetTracerProvider()
			otel.SetTracerProvider(tp)
			defer otel.SetTracerProvider(global)

			cfg := testConfig()
			if tt.on {
				cfg.Tracer = tp
			}
			var logs bytes.Buffer
			h := server.New(st, cfg, slog.New(slog.NewJSONHandler(&logs, nil)))
			body, _ := json.Marshal(map[string]any{"query": query})
			req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("traceparent", "00-"+traceID+"-"+parentID+"-01")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != http.StatusOK || strings.Contains(w.Body.String(), `"errors"`) {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			logTraceID := accessLogTraceID(t, logs.Bytes())
			spans := rec.Ended()
			if !tt.on {
				if len(spans) != 0 {
					t.Errorf("tracing off recorded %d spans", len(spans))
				}
				if logTraceID != "" {
					t.Errorf("tracing off, yet the access log carries trace_id %s", logTraceID)
				}
				return
			}

			byID := map[trace.SpanID]sdktrace.ReadOnlySpan{}
			for _, s := range spans {
				byID[s.SpanContext().SpanID()] = s
				if got := s.SpanContext().TraceID().String(); got != traceID {
					t.Errorf("span %q is in trace %s, want the caller's %s", s.Name(), got, traceID)
				}
				for _, kv := range s.Attributes() {
					if v := kv.Value.String(); strings.Contains(v, "actors(") || strings.Contains(v, "{") {
						t.Errorf("span %q carries the document in %s", s.Name(), kv.Key)
					}
				}
			}
			parentName := func(s sdktrace.ReadOnlySpan) string {
				if p, ok := byID[s.Parent().SpanID()]; ok {
					return p.Name()
				}
				return "(remote " + s.Parent().SpanID().String() + ")"
			}
			find := func(name string) sdktrace.ReadOnlySpan {
				for _, s := range spans {
					if s.Name() == name {
						return s
					}
				}
				t.Fatalf("no span %q among %d", name, len(spans))
				return nil
			}
			for span, parent := range map[string]string{
				"POST /graphql": "(remote " + parentID + ")",
				"query Probe":   "POST /graphql",
				"Query.actors":  "query Probe",
				"Query.topics":  "query Probe",
			} {
				if got := parentName(find(span)); got != parent {
					t.Errorf("span %q has parent %q, want %q", span, got, parent)
				}
			}
			op := attrs(find("query Probe"))
			if op["graphql.operation.type"] != "query" || op["graphql.operation.name"] != "Probe" {
				t.Errorf("operation span attributes %v", op)
			}
			// Every Neo4j transaction is traced under a root field.
			var transactions int
			for _, s := range spans {
				if s.Name() != "neo4j read" {
					continue
				}
				transactions++
				a := attrs(s)
				if a["db.system.name"] != "neo4j" || a["db.namespace"] == "" || a["kiezgraph.outcome"] != "ok" {
					t.Errorf("transaction span attributes %v", a)
				}
				root := s
				for root != nil && !strings.HasPrefix(root.Name(), "Query.") {
					root = byID[root.Parent().SpanID()]
				}
				if root == nil {
					t.Errorf("transaction span under %q, not under a root field", parentName(s))
				}
			}
			if transactions == 0 {
				t.Errorf("no Neo4j transaction spans among %d spans", len(spans))
			}
			if logTraceID != traceID {
				t.Errorf("access log trace_id %q, want %s", logTraceID, traceID)
			}
		})
	}
}

func attrs(s sdktrace.ReadOnlySpan) map[attribute.Key]string {
	out := map[attribute.Key]string{}
	for _, kv := range s.Attributes() {
		out[kv.Key] = kv.Value.String()
	}
	return out
}

// accessLogTraceID returns the trace_id of the access log line in JSON
// log output; it fails the test when there is no access log line.
func accessLogTraceID(t *testing.T, logs []byte) string {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(logs))
	for sc.Scan() {
		var line struct {
			Msg     string `json:"msg"`
			Path    string `json:"path"`
			TraceID string `json:"trace_id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err == nil && line.Msg == "request" && line.Path == "/graphql" {
			return line.TraceID
		}
	}
	t.Fatalf("no access log line in %s", logs)
	return ""
}

func TestStartTracing(t *testing.T) {
	needNeo4j(t)
	tests := []struct {
		name    string
		env     map[string]string
		wantOn  bool
		wantErr bool
	}{
		{"off unless configured", map[string]string{}, false, false},
		{"explicitly off", map[string]string{"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, false, false},
		{"console", map[string]string{"OTEL_TRACES_EXPORTER": "console"}, true, false},
		{"otlp", map[string]string{"OTEL_TRACES_EXPORTER": "otlp"}, true, false},
		{"an OTLP endpoint alone", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, true, false},
		{"an OTLP traces endpoint alone", map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:4318/v1/traces"}, true, false},
		{"OTLP over gRPC", map[string]string{"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}, false, true},
		{"an unknown exporter", map[string]string{"OTEL_TRACES_EXPORTER": "zipkin"}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			tp, stop, err := server.StartTracing(context.Background(), func(k string) string { return tt.env[k] }, &out)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if (tp != nil) != tt.wantOn {
				t.Fatalf("provider %v, want tracing on %v", tp, tt.wantOn)
			}
			if tp == nil {
				if err := stop(context.Background()); err != nil {
					t.Errorf("stop: %v", err)
				}
				return
			}
			if tt.env["OTEL_TRACES_EXPORTER"] == "console" {
				_, span := tp.Tracer("test").Start(context.Background(), "console-probe")
				span.End()
			}
			if err := stop(context.Background()); err != nil {
				t.Errorf("stop: %v", err)
			}
			if tt.env["OTEL_TRACES_EXPORTER"] == "console" && !strings.Contains(out.String(), `"console-probe"`) {
				t.Errorf("console exporter wrote %q", out.String())
			}
		})
	}
}
