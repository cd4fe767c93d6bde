package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// SharedForExternalTests gives the tests of package store_test, which may
// import packages that import store (the importer), the shared store of
// this test binary; nil without Neo4j.
func SharedForExternalTests() *Store { return testStore }

// ClearQueryCaches empties Neo4j's plan cache, as its own replanning does
// once statistics have moved and a little time has passed: a test that
// grows the database within seconds would otherwise run plans made for
// the smaller one.
func ClearQueryCaches(ctx context.Context, s *Store) error {
	_, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) (any, error) {
		return collect(ctx, tx, "CALL db.clearQueryCaches()", nil)
	})
	return err
}
