// Package neo4jtest connects the integration tests of kiezgraph's
// packages to the project's own Neo4j (scripts/with-neo4j.sh exports
// NEO4J_URI and its friends): one store, with the schema applied, and one
// raw driver per test binary; and Neo4j instances of a test's own
// (Own). It holds no test logic of its own.
package neo4jtest

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

// Main runs the tests of package pkg for TestMain and returns the exit
// code. With NEO4J_URI set it opens a store (schema applied) and a
// driver, hands them to use, runs the tests and closes both. Without
// NEO4J_URI the tests run without them (Neo4j tests skip themselves),
// unless KIEZGRAPH_REQUIRE_NEO4J=1 makes the missing database a failure.
func Main(m *testing.M, pkg string, use func(*store.Store, neo4j.DriverWithContext)) int {
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		if os.Getenv("KIEZGRAPH_REQUIRE_NEO4J") == "1" {
			fmt.Fprintf(os.Stderr, "%s: NEO4J_URI is not set, but KIEZGRAPH_REQUIRE_NEO4J=1 requires the Neo4j integration tests\n", pkg)
			return 1
		}
		fmt.Printf("%s: skipping the Neo4j integration tests: NEO4J_URI is not set (use scripts/with-neo4j.sh)\n", pkg)
		return m.Run()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	s, err := store.Open(ctx, store.Config{
		URI: uri, User: os.Getenv("NEO4J_USER"), Password: os.Getenv("NEO4J_PASSWORD"),
		Database: os.Getenv("NEO4J_DATABASE"), RetryTime: 30 * time.Second,
	}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: open: %v\n", pkg, err)
		return 1
	}
	defer func() { _ = s.Close(context.Background()) }()
	if err := s.Migrate(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "%s: migrate: %v\n", pkg, err)
		return 1
	}
	d, err := neo4j.NewDriverWithContext(uri, neo4j.BasicAuth(os.Getenv("NEO4J_USER"), os.Getenv("NEO4J_PASSWORD"), ""))
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: driver: %v\n", pkg, err)
		return 1
	}
	defer func() { _ = d.Close(context.Background()) }()
	use(s, d)
	return m.Run()
}
