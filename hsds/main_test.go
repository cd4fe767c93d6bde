package hsds_test

// Integration tests against a real Neo4j. Run them with
//
//	KIEZGRAPH_REQUIRE_NEO4J=1 KIEZGRAPH_REQUIRE_PYTHON=1 scripts/with-neo4j.sh go test -count=1 ./hsds/
//
// Without NEO4J_URI they skip (the tests without a database still run),
// unless KIEZGRAPH_REQUIRE_NEO4J=1, which makes the missing database a
// failure.

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/store"
)

var (
	testStore  *store.Store
	testDriver neo4j.DriverWithContext
)

func TestMain(m *testing.M) { os.Exit(runTests(m)) }

func runTests(m *testing.M) int {
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		if os.Getenv("KIEZGRAPH_REQUIRE_NEO4J") == "1" {
			fmt.Fprintln(os.Stderr, "hsds: NEO4J_URI is not set, but KIEZGRAPH_REQUIRE_NEO4J=1 requires the Neo4j integration tests")
			return 1
		}
		fmt.Println("hsds: skipping the Neo4j integration tests: NEO4J_URI is not set (use scripts/with-neo4j.sh)")
		return m.Run()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	s, err := store.Open(ctx, store.Config{
		URI: uri, User: os.Getenv("NEO4J_USER"), Password: os.Getenv("NEO4J_PASSWORD"),
		Database: os.Getenv("NEO4J_DATABASE"), RetryTime: 30 * time.Second,
	}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		fmt.Fprintln(os.Stderr, "hsds: open:", err)
		return 1
	}
	defer func() { _ = s.Close(context.Background()) }()
	if err := s.Migrate(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "hsds: migrate:", err)
		return 1
	}
	d, err := neo4j.NewDriverWithContext(uri, neo4j.BasicAuth(os.Getenv("NEO4J_USER"), os.Getenv("NEO4J_PASSWORD"), ""))
	if err != nil {
		fmt.Fprintln(os.Stderr, "hsds: driver:", err)
		return 1
	}
	defer func() { _ = d.Close(context.Background()) }()
	testStore, testDriver = s, d
	return m.Run()
}

// setup wipes the database and returns the store; without Neo4j the test
// is skipped (TestMain has already failed when Neo4j is required).
func setup(t *testing.T) *store.Store {
	t.Helper()
	if testStore == nil {
		t.Skip("no Neo4j (NEO4J_URI is not set)")
	}
	if err := testStore.Wipe(t.Context()); err != nil {
		t.Fatal(err)
	}
	return testStore
}

// query runs a read query and returns its records as maps.
func query(t *testing.T, cypher string, params map[string]any) []map[string]any {
	t.Helper()
	db := os.Getenv("NEO4J_DATABASE")
	if db == "" {
		db = "neo4j"
	}
	res, err := neo4j.ExecuteQuery(t.Context(), testDriver, cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(db), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		t.Fatal(err)
	}
	out := make([]map[string]any, len(res.Records))
	for i, r := range res.Records {
		out[i] = r.AsMap()
	}
	return out
}

// count runs a query returning one count c.
func count(t *testing.T, cypher string, params map[string]any) int64 {
	t.Helper()
	recs := query(t, cypher, params)
	if len(recs) != 1 {
		t.Fatalf("%s: %d records", cypher, len(recs))
	}
	return recs[0]["c"].(int64)
}
