package bulk

// Integration tests against a real Neo4j: the shared one of
// scripts/with-neo4j.sh for the online import, and one of the test's own
// for neo4j-admin's offline import. Run them with
//
//	KIEZGRAPH_REQUIRE_NEO4J=1 scripts/with-neo4j.sh go test -count=1 ./bulk/

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
	os.Exit(neo4jtest.Main(m, "bulk", func(s *store.Store, d neo4j.DriverWithContext) { testStore, testDriver = s, d }))
}
