package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The fault tests (fault_*_test.go) take Neo4j away, slow it down or
// race writes against each other, and check what clients see and what
// the database holds afterwards. They run many requests from many
// goroutines, so they cannot use the shared helpers that fail the test
// from inside a request; faultDo is their one way to talk HTTP.

// faultHTTP is the fault tests' own HTTP client: its Timeout turns a
// hanging request into an error instead of a hanging test, and its idle
// connections can be closed before goroutines are counted.
var faultHTTP = &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 32}}

// faultResult is what one HTTP request of a fault test saw.
type faultResult struct {
	status int
	resp   response
	took   time.Duration
	err    error // transport or decoding error
}

// code is the first GraphQL error's extensions.code, or "".
func (r faultResult) code() string { return r.resp.code() }

// faultDo sends one request to the service at base and decodes a JSON
// body when there is one. Every request of the fault tests goes through
// here, so that headers every request needs (e.g. authorisation) are
// added in one place.
func faultDo(ctx context.Context, method, url string, body []byte) faultResult {
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return faultResult{err: err}
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+adminToken)
	}
	resp, err := faultHTTP.Do(req)
	if err != nil {
		return faultResult{took: time.Since(start), err: err}
	}
	defer func() { _ = resp.Body.Close() }()
	out := faultResult{status: resp.StatusCode}
	raw, err := io.ReadAll(resp.Body)
	out.took = time.Since(start)
	if err != nil {
		out.err = fmt.Errorf("read body (status %d): %w", resp.StatusCode, err)
		return out
	}
	// GraphQL answers and the timeout handler's body are JSON objects;
	// the probes answer plain text.
	if len(raw) > 0 && raw[0] == '{' {
		if err := json.Unmarshal(raw, &out.resp); err != nil {
			out.err = fmt.Errorf("decode body (status %d): %w: %.200s", resp.StatusCode, err, raw)
		}
	}
	return out
}

// faultPost sends a GraphQL operation to the service at base.
func faultPost(ctx context.Context, base, query string, vars map[string]any) faultResult {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return faultResult{err: err}
	}
	return faultDo(ctx, http.MethodPost, base+"/graphql", body)
}

// faultReady returns the status of the service's readiness probe, or 0
// when the request itself failed.
func faultReady(ctx context.Context, base string) int {
	return faultDo(ctx, http.MethodGet, base+"/readyz", nil).status
}

// faultDriver opens a driver of the test's own to uri, so that tests can
// count what is in the database independently of the service under test.
func faultDriver(t *testing.T, uri string) neo4j.DriverWithContext {
	t.Helper()
	drv, err := neo4j.NewDriverWithContext(uri, neo4j.BasicAuth(os.Getenv("NEO4J_USER"), os.Getenv("NEO4J_PASSWORD"), ""))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = drv.Close(context.Background()) })
	return drv
}

// faultCypher runs one statement and returns its records as maps.
func faultCypher(ctx context.Context, drv neo4j.DriverWithContext, cypher string, params map[string]any) ([]map[string]any, error) {
	res, err := neo4j.ExecuteQuery(ctx, drv, cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(faultDatabase()))
	if err != nil {
		return nil, fmt.Errorf("cypher %.60q: %w", cypher, err)
	}
	out := make([]map[string]any, len(res.Records))
	for i, r := range res.Records {
		out[i] = r.AsMap()
	}
	return out, nil
}

// deleteActorsByPrefix removes the actors a test created under prefix
// from the shared Neo4j, so that the demo city is as before.
func deleteActorsByPrefix(t *testing.T, prefix string) {
	t.Helper()
	if _, err := faultCypher(context.Background(), faultDriver(t, os.Getenv("NEO4J_URI")),
		"MATCH (n:Actor) WHERE n.id STARTS WITH $prefix DETACH DELETE n", map[string]any{"prefix": prefix}); err != nil {
		t.Errorf("cleanup: %v", err)
	}
}

func faultDatabase() string {
	if db := os.Getenv("NEO4J_DATABASE"); db != "" {
		return db
	}
	return "neo4j"
}

// waitFor polls cond every 100 ms until it holds or d has passed, and
// says whether it held.
func waitFor(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// settledGoroutines waits up to d for the number of goroutines, less
// those that others says belong to test machinery, to come down to at
// most limit (closing the fault client's idle connections first), and
// returns the last count seen.
func settledGoroutines(d time.Duration, limit int64, others func() int64) int64 {
	faultHTTP.CloseIdleConnections()
	var n int64
	waitFor(d, func() bool {
		n = int64(runtime.NumGoroutine()) - others()
		return n <= limit
	})
	return n
}
