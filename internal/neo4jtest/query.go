package neo4jtest

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Query runs cypher on the database of NEO4J_DATABASE (default neo4j)
// through drv and returns its records as maps; an error fails the test.
func Query(t testing.TB, drv neo4j.DriverWithContext, cypher string, params map[string]any) []map[string]any {
	t.Helper()
	db := os.Getenv("NEO4J_DATABASE")
	if db == "" {
		db = "neo4j"
	}
	res, err := neo4j.ExecuteQuery(t.Context(), drv, cypher, params, neo4j.EagerResultTransformer,
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

// Count runs a query that returns one record with a count c.
func Count(t testing.TB, drv neo4j.DriverWithContext, cypher string, params map[string]any) int64 {
	t.Helper()
	recs := Query(t, drv, cypher, params)
	if len(recs) != 1 {
		t.Fatalf("%s: %d records", cypher, len(recs))
	}
	return recs[0]["c"].(int64)
}

// Snapshot describes every node and relationship with its labels (or
// type), its ends and every property but updatedAt and omit, sorted: two
// equal snapshots are the same graph.
func Snapshot(t testing.TB, drv neo4j.DriverWithContext, omit ...string) []string {
	t.Helper()
	recs := Query(t, drv, `
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
