package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/server"
)

// The tests in this file prove the limits of issue #5: every refusal has
// a status, a stable extensions.code and the request id, and runs no
// Cypher; errors from the store reach clients masked.

// rawRequest is one HTTP request to /graphql, as a hostile client may
// shape it.
type rawRequest struct {
	method      string // default POST
	contentType string // default application/json for POST; "-" sends none
	body        string
	rawQuery    string            // URL query string, for GET
	header      map[string]string // extra headers
}

// jsonBody encodes a GraphQL request the way post does.
func jsonBody(query string, vars map[string]any) string {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return string(b)
}

// rawResponse is what send saw: the status, the headers, the body as
// sent and, when it is JSON, decoded.
type rawResponse struct {
	status int
	header http.Header
	body   string
	response
}

// send sends req to the service at base. Every request of this file and
// of fuzz_test.go goes through here, so that credentials (once the API
// requires them for mutations) are added in one place, as post adds them.
func send(t testing.TB, base string, req rawRequest) rawResponse {
	t.Helper()
	method := req.method
	if method == "" {
		method = http.MethodPost
	}
	u := base + "/graphql"
	if req.rawQuery != "" {
		u += "?" + req.rawQuery
	}
	hr, err := http.NewRequest(method, u, strings.NewReader(req.body))
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case req.contentType == "-":
	case req.contentType != "":
		hr.Header.Set("Content-Type", req.contentType)
	case method == http.MethodPost:
		hr.Header.Set("Content-Type", "application/json")
	}
	hr.Header.Set("Authorization", "Bearer "+adminToken)
	for k, v := range req.header {
		hr.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	out := rawResponse{status: resp.StatusCode, header: resp.Header, body: string(b)}
	if err := json.Unmarshal(b, &out.response); err != nil {
		t.Fatalf("%s %s: status %d, body is not JSON (%v): %.300s", method, u, resp.StatusCode, err, b)
	}
	return out
}

// multipartBody is a GraphQL multipart upload request, as a cross-site
// form with enctype=multipart/form-data can send it.
func multipartBody(query string) (body, contentType string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	_ = w.WriteField("operations", jsonBody(query, nil))
	_ = w.WriteField("map", "{}")
	_ = w.Close()
	return b.String(), w.FormDataContentType()
}

// newServer starts another httptest server over the shared store with
// cfg changed by change.
func newServer(t *testing.T, change func(*server.Config)) *httptest.Server {
	t.Helper()
	cfg := testConfig()
	change(&cfg)
	h := httptest.NewServer(server.New(st, cfg, slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(h.Close)
	return h
}

// TestHostileRequestsAreRefused sends every kind of request the service
// refuses, and a few it must answer as controls (so that the test sees
// Cypher run when it does), and checks status, extensions.code, the
// request id and that a refusal ran no Cypher and wrote nothing.
func TestHostileRequestsAreRefused(t *testing.T) {
	needNeo4j(t)
	noIntro := newServer(t, func(c *server.Config) { c.Introspection = false })

	deep := "{ neighbourhoods { edges { node { " + strings.Repeat("children { ", 12) + "id" + strings.Repeat(" }", 15) + " }"
	var aliases, analyses strings.Builder
	for i := 0; i < 31; i++ {
		fmt.Fprintf(&aliases, " a%d: topics { id }", i)
	}
	for i := 0; i < 11; i++ {
		fmt.Fprintf(&analyses, " b%d: brokers(first: 1) { betweenness }", i)
	}
	// 3000 × 4 tokens: over the limit of 10 000 however the parser counts.
	tokens := "{" + strings.Repeat(" topics { id }", 3000) + " }"
	create := `mutation { createActor(input: {name: "Hostile", kind: ASSOCIATION, sector: NON_PROFIT}) { actor { id } } }`
	tooLarge := jsonBody("{ topics { id } }", map[string]any{"pad": strings.Repeat("x", 1<<20)})
	mp, mpType := multipartBody(create)
	getQuery := func(q, op string) string {
		v := url.Values{"query": {q}}
		if op != "" {
			v.Set("operationName", op)
		}
		return v.Encode()
	}

	tests := []struct {
		name   string
		base   string // default srv.URL
		req    rawRequest
		status int
		code   string // "" for a control that must answer with data
		header [2]string
		// noCypher marks a control that needs no database.
		noCypher bool
	}{
		// Controls: the same server answers well-formed requests, and runs Cypher for them.
		{name: "control: POST query", req: rawRequest{body: jsonBody("{ topics { id } }", nil)}, status: 200},
		{name: "control: GET query", req: rawRequest{method: "GET", rawQuery: getQuery("{ topics { id } }", "")}, status: 200},
		{name: "control: GET picks the query of a document with a mutation",
			req:    rawRequest{method: "GET", rawQuery: getQuery("query Q { topics { id } } "+strings.Replace(create, "mutation", "mutation M", 1), "Q")},
			status: 200},
		{name: "control: JSON with charset", req: rawRequest{contentType: "application/json; charset=utf-8", body: jsonBody("{ topics { id } }", nil)}, status: 200},

		// Shape and cost limits.
		{name: "depth over the limit", req: rawRequest{body: jsonBody(deep, nil)}, status: 200, code: "DEPTH_LIMIT_EXCEEDED"},
		{name: "too many aliases", req: rawRequest{body: jsonBody("{"+aliases.String()+" }", nil)}, status: 200, code: "ALIAS_LIMIT_EXCEEDED"},
		{name: "too many tokens", req: rawRequest{body: jsonBody(tokens, nil)}, status: 200, code: "GRAPHQL_PARSE_FAILED"},
		{name: "complexity: many analyses", req: rawRequest{body: jsonBody("{"+analyses.String()+" }", nil)}, status: 200, code: "COMPLEXITY_LIMIT_EXCEEDED"},
		{name: "complexity: a long page of analysed actors",
			req:    rawRequest{body: jsonBody("{ actors(first: 100) { edges { node { brokerage { betweenness } } } } }", nil)},
			status: 200, code: "COMPLEXITY_LIMIT_EXCEEDED"},
		{name: "body over the size limit", req: rawRequest{body: tooLarge}, status: 413, code: "REQUEST_TOO_LARGE"},

		// Methods.
		{name: "mutation over GET", req: rawRequest{method: "GET", rawQuery: getQuery(create, "")},
			status: 405, code: "METHOD_NOT_ALLOWED", header: [2]string{"Allow", "POST"}},
		{name: "mutation picked by name over GET",
			req:    rawRequest{method: "GET", rawQuery: getQuery("query Q { topics { id } } "+strings.Replace(create, "mutation", "mutation M", 1), "M")},
			status: 405, code: "METHOD_NOT_ALLOWED", header: [2]string{"Allow", "POST"}},
		{name: "PUT", req: rawRequest{method: "PUT", body: jsonBody(create, nil)}, status: 405, code: "METHOD_NOT_ALLOWED"},

		// Introspection and suggestions.
		{name: "control: introspection when on", req: rawRequest{body: jsonBody("{ __schema { queryType { name } } }", nil)}, status: 200, noCypher: true},
		{name: "introspection off: __schema", base: noIntro.URL,
			req: rawRequest{body: jsonBody("{ __schema { types { name } } }", nil)}, status: 200, code: "INTROSPECTION_DISABLED"},
		{name: "introspection off: __type", base: noIntro.URL,
			req: rawRequest{body: jsonBody(`{ __type(name: "Actor") { fields { name } } }`, nil)}, status: 200, code: "INTROSPECTION_DISABLED"},
		{name: "introspection off: through a fragment", base: noIntro.URL,
			req:    rawRequest{body: jsonBody("query { ...F } fragment F on Query { topics { id } __schema { types { name } } }", nil)},
			status: 200, code: "INTROSPECTION_DISABLED"},
		{name: "control: introspection off still answers __typename", base: noIntro.URL,
			req: rawRequest{body: jsonBody("{ __typename topics { id } }", nil)}, status: 200},
		{name: "misspelled field", req: rawRequest{body: jsonBody("{ actorz { id } }", nil)}, status: 200, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "misspelled argument", req: rawRequest{body: jsonBody("{ actors(frist: 1) { totalCount } }", nil)}, status: 200, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "misspelled enum value", req: rawRequest{body: jsonBody("{ actors(filter: {kinds: [SCHOL]}) { totalCount } }", nil)},
			status: 200, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "misspelled type", req: rawRequest{body: jsonBody("{ actor(id: \"x\") { ... on Organisaton { id } } }", nil)},
			status: 200, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "unknown operation name", req: rawRequest{body: `{"query":"query A { topics { id } }","operationName":"B"}`},
			status: 200, code: "GRAPHQL_VALIDATION_FAILED"},

		// Bodies and transports.
		{name: "malformed JSON", req: rawRequest{body: `{"query": "{ topics { id } }"`}, status: 400, code: "BAD_REQUEST"},
		{name: "JSON of the wrong shape", req: rawRequest{body: `{"query": 5}`}, status: 400, code: "BAD_REQUEST"},
		{name: "variables not an object", req: rawRequest{body: `{"query": "{ topics { id } }", "variables": []}`}, status: 400, code: "BAD_REQUEST"},
		{name: "batched JSON array", req: rawRequest{body: "[" + jsonBody("{ topics { id } }", nil) + "," + jsonBody(create, nil) + "]"},
			status: 400, code: "BAD_REQUEST"},
		{name: "form-encoded post", req: rawRequest{contentType: "application/x-www-form-urlencoded", body: url.Values{"query": {create}}.Encode()},
			status: 415, code: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "multipart post", req: rawRequest{contentType: mpType, body: mp}, status: 415, code: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "text/plain post of JSON (a form with enctype=text/plain)", req: rawRequest{contentType: "text/plain", body: jsonBody(create, nil)},
			status: 415, code: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "application/graphql post", req: rawRequest{contentType: "application/graphql", body: create}, status: 415, code: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "post without content type", req: rawRequest{contentType: "-", body: jsonBody(create, nil)}, status: 415, code: "UNSUPPORTED_MEDIA_TYPE"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			base := tc.base
			if base == "" {
				base = srv.URL
			}
			nodes, queries := nodeCount(t), st.QueryCount()
			r := send(t, base, tc.req)
			ran := st.QueryCount() - queries
			if r.status != tc.status {
				t.Errorf("status %d, want %d (%.300s)", r.status, tc.status, r.body)
			}
			if tc.code == "" {
				if len(r.Errors) > 0 || r.Data == nil {
					t.Errorf("control got errors %+v", r.Errors)
				}
				if ran == 0 && !tc.noCypher {
					t.Error("control ran no Cypher, so the refusals' count proves nothing")
				}
				return
			}
			if r.code() != tc.code {
				t.Errorf("code %q, want %q (%.300s)", r.code(), tc.code, r.body)
			}
			if len(r.Errors) > 0 {
				if id := r.Errors[0].Extensions["requestId"]; id == nil || id != r.header.Get("X-Request-Id") {
					t.Errorf("extensions.requestId %v, X-Request-Id %q", id, r.header.Get("X-Request-Id"))
				}
			}
			if strings.Contains(r.body, "Did you mean") {
				t.Errorf("the refusal suggests names: %.300s", r.body)
			}
			if tc.header[0] != "" && r.header.Get(tc.header[0]) != tc.header[1] {
				t.Errorf("%s: %q, want %q", tc.header[0], r.header.Get(tc.header[0]), tc.header[1])
			}
			if ran != 0 {
				t.Errorf("the refused request ran %d Neo4j transactions", ran)
			}
			if after := nodeCount(t); after != nodes {
				t.Errorf("the refused request changed the graph: %d → %d nodes and relationships", nodes, after)
			}
		})
	}
}

// rawDriver opens a driver of its own to the test database, for what the
// store does not offer: reading every node, breaking the schema.
func rawDriver(tb testing.TB) (neo4j.DriverWithContext, neo4j.ExecuteQueryConfigurationOption) {
	tb.Helper()
	ctx := context.Background()
	d, err := neo4j.NewDriverWithContext(os.Getenv("NEO4J_URI"),
		neo4j.BasicAuth(os.Getenv("NEO4J_USER"), os.Getenv("NEO4J_PASSWORD"), ""))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = d.Close(ctx) })
	db := os.Getenv("NEO4J_DATABASE")
	if db == "" {
		db = "neo4j"
	}
	return d, neo4j.ExecuteQueryWithDatabase(db)
}

// leaks are texts that must never reach a client: Cypher, driver and
// Neo4j messages, Go internals.
var leaks = []string{"MATCH", "RETURN", "CALL ", "db.index", "fulltext", "Neo.", "neo4j", "Neo4j", "Cypher",
	"procedure", "Exception", "goroutine", "panic", ".go:", "store:", "int64", "property"}

// TestMaskedStoreErrors provokes failures inside the store, a missing
// full-text index (the driver reports a Neo4j error) and a node with a
// mistyped property (the record mapper fails), and checks that the
// client gets INTERNAL with nothing of the cause, and the request id it
// sent, in extensions.requestId and in X-Request-Id.
func TestMaskedStoreErrors(t *testing.T) {
	needNeo4j(t)
	ctx := context.Background()
	drv, db := rawDriver(t)
	run := func(cypher string, params map[string]any) {
		t.Helper()
		if _, err := neo4j.ExecuteQuery(ctx, drv, cypher, params, neo4j.EagerResultTransformer, db); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name       string
		breakStore func(t *testing.T)
		query      string
	}{
		{"neo4j error: no full-text index", func(t *testing.T) {
			run("DROP INDEX search", nil)
			t.Cleanup(func() {
				if err := st.Migrate(ctx); err != nil {
					t.Fatalf("restoring the index: %v", err)
				}
				r := send(t, srv.URL, rawRequest{body: jsonBody(`{ search(text: "jugend") { score } }`, nil)})
				if len(r.Errors) > 0 || count(get(r.Data, "search")) == 0 {
					t.Fatalf("search after restoring the index: %+v", r.Errors)
				}
			})
		}, `{ search(text: "jugend") { score } }`},
		{"mapper error: mistyped property", func(t *testing.T) {
			run("CREATE (:Actor:Organisation {id: 'act_masked-mistyped', name: 42, kind: 'ASSOCIATION', sector: 'NON_PROFIT'})", nil)
			t.Cleanup(func() { run("MATCH (n:Actor {id: 'act_masked-mistyped'}) DETACH DELETE n", nil) })
		}, `{ actor(id: "act_masked-mistyped") { id name } }`},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// A control first: the query works before the store is broken.
			if r := send(t, srv.URL, rawRequest{body: jsonBody(tc.query, nil)}); len(r.Errors) > 0 {
				t.Fatalf("before breaking the store: %+v", r.Errors)
			}
			tc.breakStore(t)
			id := fmt.Sprintf("masked-test-%d", i)
			r := send(t, srv.URL, rawRequest{body: jsonBody(tc.query, nil), header: map[string]string{"X-Request-Id": id}})
			if r.status != http.StatusOK || r.code() != "INTERNAL" {
				t.Fatalf("status %d, code %q, want 200 and INTERNAL: %s", r.status, r.code(), r.body)
			}
			if got := r.Errors[0].Extensions["requestId"]; got != id || r.header.Get("X-Request-Id") != id {
				t.Errorf("extensions.requestId %v and X-Request-Id %q, want %q in both", got, r.header.Get("X-Request-Id"), id)
			}
			if !strings.Contains(r.Errors[0].Message, id) {
				t.Errorf("message %q does not quote the request id", r.Errors[0].Message)
			}
			for _, leak := range leaks {
				if strings.Contains(r.body, leak) {
					t.Errorf("the response shows %q: %s", leak, r.body)
				}
			}
		})
	}
}
