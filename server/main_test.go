package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/auth"
	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/export"
	"github.com/kiezgraph/kiezgraph/seed"
	"github.com/kiezgraph/kiezgraph/server"
	"github.com/kiezgraph/kiezgraph/store"
)

// The end-to-end tests talk HTTP to the real handler over the project's
// own Neo4j, loaded with the demo city.
var (
	st  *store.Store
	srv *httptest.Server
	// metricsSrv serves the same service's metrics, which the API does
	// not serve (KIEZGRAPH_METRICS_ADDR), behind testMetricsToken.
	metricsSrv *httptest.Server
)

// testMetricsToken is the bearer key of metricsSrv.
const testMetricsToken = "kiezgraph-test-metrics-key"

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	if os.Getenv("NEO4J_URI") == "" {
		if os.Getenv("KIEZGRAPH_REQUIRE_NEO4J") == "1" {
			fmt.Fprintln(os.Stderr, "NEO4J_URI is not set; run the tests with `make test`")
			return 1
		}
		// The unit tests of package server run; the end-to-end tests
		// skip (needNeo4j).
		fmt.Fprintln(os.Stderr, "skipping end-to-end tests: NEO4J_URI is not set (use `make test`)")
		return m.Run()
	}
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var err error
	st, err = store.Open(ctx, store.Config{
		URI: os.Getenv("NEO4J_URI"), User: os.Getenv("NEO4J_USER"),
		Password: os.Getenv("NEO4J_PASSWORD"), Database: os.Getenv("NEO4J_DATABASE"),
	}, log)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer func() { _ = st.Close(ctx) }()
	if err := st.Migrate(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := st.Wipe(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := st.LoadDataset(ctx, seed.Demo(), 500); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	cfg := testConfig()
	cfg.MetricsToken = testMetricsToken
	api, met := server.NewService(st, cfg, log)
	srv, metricsSrv = httptest.NewServer(api), httptest.NewServer(met)
	defer srv.Close()
	defer metricsSrv.Close()
	return m.Run()
}

const allowedOrigin = "https://dashboard.example.org"

// needNeo4j skips an end-to-end test when no Neo4j is configured (only
// possible without KIEZGRAPH_REQUIRE_NEO4J=1, see runMain).
func needNeo4j(tb testing.TB) {
	tb.Helper()
	if srv == nil {
		tb.Skip("NEO4J_URI is not set")
	}
}

// testSecret signs the tests' tokens.
var testSecret = []byte("kiezgraph-test-secret-0123456789abcdef")

// testPseudonyms names people for researchers in the tests, so that
// tests can compute the pseudonyms they expect.
var testPseudonyms = func() *export.Pseudonymizer {
	p, err := export.NewPseudonymizer([]byte("kiezgraph-test-pseudonym-key-0123"))
	if err != nil {
		panic(err)
	}
	return p
}()

// testConfig is the service's configuration in the tests: tokens signed
// with testSecret, anonymous callers as the public.
func testConfig() server.Config {
	cfg := server.DefaultConfig()
	cfg.Pseudonyms = testPseudonyms
	cfg.CORSOrigins = []string{allowedOrigin}
	a, err := auth.New(auth.Config{HMACSecret: testSecret, Anonymous: auth.AnonymousPublic})
	if err != nil {
		panic(err)
	}
	cfg.Auth = a
	return cfg
}

// token returns a bearer token for sub with role and districts.
func token(t testing.TB, sub string, role domain.AccessRole, districts ...string) string {
	t.Helper()
	tok, err := auth.SignHS256(testSecret, sub, role, districts, time.Hour, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// adminToken is what post sends unless a test says otherwise; it is
// valid for the longest test run.
var adminToken = func() string {
	tok, err := auth.SignHS256(testSecret, "test-admin", domain.RoleAdmin, nil, 6*time.Hour, "", "")
	if err != nil {
		panic(err)
	}
	return tok
}()

// gqlError is one error of a GraphQL response.
type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// response is a GraphQL response with data decoded into a generic tree.
type response struct {
	Data   map[string]any `json:"data"`
	Errors []gqlError     `json:"errors"`
}

// code returns the first error's extensions.code, or "".
func (r response) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// post sends a GraphQL request as a browser client would, as an admin.
func post(t *testing.T, query string, vars map[string]any) response {
	t.Helper()
	return postTo(t, srv.URL, query, vars)
}

// postTo sends a GraphQL request to the service at base, as an admin.
func postTo(t *testing.T, base, query string, vars map[string]any) response {
	t.Helper()
	return postAs(t, base, adminToken, query, vars)
}

// postAs sends a GraphQL request with a bearer token; "" sends none.
func postAs(t *testing.T, base, bearer, query string, vars map[string]any) response {
	t.Helper()
	header := map[string]string{}
	if bearer != "" {
		header["Authorization"] = "Bearer " + bearer
	}
	_, _, out := postWith(t, base, query, vars, header)
	return out
}

// postWith posts a GraphQL request with the given headers and returns
// the status, the response headers and the decoded body.
func postWith(t *testing.T, base, query string, vars map[string]any, header map[string]string) (int, http.Header, response) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var out response
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("decode response (status %d): %v", resp.StatusCode, err)
	}
	return resp.StatusCode, resp.Header, out
}

// mustPost is post that fails the test on any GraphQL error.
func mustPost(t *testing.T, query string, vars map[string]any) map[string]any {
	t.Helper()
	r := post(t, query, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("unexpected errors: %+v", r.Errors)
	}
	return r.Data
}

// get walks a decoded JSON tree by keys and indexes.
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func count(v any) int {
	l, _ := v.([]any)
	return len(l)
}

// nodeCount counts nodes with a label through the store's own driver
// session, so a test can prove that a failed mutation wrote nothing.
func nodeCount(t *testing.T) int64 {
	t.Helper()
	n, err := st.CountAll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}
