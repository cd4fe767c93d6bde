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
