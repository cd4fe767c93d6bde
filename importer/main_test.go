package importer

// Integration tests against a real Neo4j. Run them with
//
//	KIEZGRAPH_REQUIRE_NEO4J=1 scripts/with-neo4j.sh go test -count=1 ./importer/
//
// Without NEO4J_URI they skip (the unit tests still run), unless
// KIEZGRAPH_REQUIRE_NEO4J=1, which makes the missing database a failure.

import (
	"context"
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
	os.Exit(neo4jtest.Main(m, "importer", func(s *store.Store, d neo4j.DriverWithContext) { testStore, testDriver = s, d }))
}

// setup wipes the database and returns the store; without Neo4j the test
// is skipped (TestMain has already failed when Neo4j is required).
func setup(t *testing.T) (context.Context, *store.Store) {
	t.Helper()
	if testStore == nil {
		t.Skip("no Neo4j (NEO4J_URI is not set)")
	}
	ctx := t.Context()
	if err := testStore.Wipe(ctx); err != nil {
		t.Fatal(err)
	}
	return ctx, testStore
}
