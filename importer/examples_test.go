package importer

import (
	"testing"

	"github.com/kiezgraph/kiezgraph/internal/neo4jtest"
)

// TestExamplesCheckClean checks the example city against an empty
// database: no problems, and a dry run writes nothing.
func TestExamplesCheckClean(t *testing.T) {
	_, st := setup(t)
	files, err := Plan([]string{"../examples/import"}, "")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(t.Context(), st, files, Options{DryRun: true})
	for _, f := range rep.Files {
		t.Logf("%s: %d rows, %d bad, %d written", f.Path, f.Rows, f.Bad, f.Written)
		for _, p := range f.Problems {
			t.Error(p)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	if rep.Bad() != 0 || rep.Written() != 0 {
		t.Errorf("%d bad, %d written; want none of either", rep.Bad(), rep.Written())
	}
	if n := neo4jtest.Count(t, testDriver, "MATCH (n) RETURN count(n) AS c", nil); n != 0 {
		t.Errorf("a dry run wrote %d nodes", n)
	}
}
