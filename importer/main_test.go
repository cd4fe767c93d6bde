package importer

// Integration tests against a real Neo4j. Run them with
//
//	KIEZGRAPH_REQUIRE_NEO4J=1 scripts/with-neo4j.sh go test -count=1 ./importer/
//
// Without NEO4J_URI they skip (the unit tests still run), unless
// KIEZGRAPH_REQUIRE_NEO4J=1, which makes the missing database a failure.

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
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

// query runs a read query and returns its records as maps.
func query(t *testing.T, cypher string, params map[string]any) []map[string]any {
	t.Helper()
	res, err := neo4j.ExecuteQuery(t.Context(), testDriver, cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(envOr("NEO4J_DATABASE", "neo4j")), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		t.Fatal(err)
	}
	out := make([]map[string]any, len(res.Records))
	for i, r := range res.Records {
		out[i] = r.AsMap()
	}
	return out
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
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

// snapshot describes every node and relationship with its labels (or
// type), its ends and every property but updatedAt and omit, sorted: two
// equal snapshots are the same graph.
func snapshot(t *testing.T, omit ...string) []string {
	t.Helper()
	recs := query(t, `
CALL () {
  MATCH (n) RETURN labels(n) AS what, n AS x, null AS ends
  UNION ALL
  MATCH (a)-[r]->(b) RETURN type(r) AS what, r AS x, [a.id, b.id] AS ends
}
RETURN what, properties(x) AS p, ends`, nil)
	out := make([]string, 0, len(recs))
	for _, r := range recs {
		p := r["p"].(map[string]any)
		delete(p, "updatedAt")
		for _, k := range omit {
			delete(p, k)
		}
		keys := make([]string, 0, len(p))
		for k := range p {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var b strings.Builder
		what := fmt.Sprint(r["what"])
		if labels, ok := r["what"].([]any); ok {
			names := make([]string, len(labels))
			for i, l := range labels {
				names[i] = l.(string)
			}
			slices.Sort(names)
			what = strings.Join(names, ":")
		}
		fmt.Fprintf(&b, "%s %v", what, r["ends"])
		for _, k := range keys {
			fmt.Fprintf(&b, " %s=%v", k, p[k])
		}
		out = append(out, b.String())
	}
	slices.Sort(out)
	return out
}
