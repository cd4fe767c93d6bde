package hsds_test

// Integration tests against a real Neo4j. Run them with
//
//	KIEZGRAPH_REQUIRE_NEO4J=1 KIEZGRAPH_REQUIRE_PYTHON=1 scripts/with-neo4j.sh go test -count=1 ./hsds/
//
// Without NEO4J_URI they skip (the tests without a database still run),
// unless KIEZGRAPH_REQUIRE_NEO4J=1, which makes the missing database a
// failure.

import (
	"os"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/internal/neo4jtest"
	"github.com/kiezgraph/kiezgraph/store"
)

var (
	testStore  *store.Store
	testDriver neo4j.DriverWithContext
)

func TestMain(m *testing.M) {
	os.Exit(neo4jtest.Main(m, "hsds", func(s *store.Store, d neo4j.DriverWithContext) { testStore, testDriver = s, d }))
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
