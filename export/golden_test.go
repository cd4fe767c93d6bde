package export_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/kiezgraph/kiezgraph/export"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGolden compares every format of the small network, with people
// and scores, with testdata/small.*; run with -update after an intended
// change and read the diff.
func TestGolden(t *testing.T) {
	ds := small()
	ds.Scores = export.ComputeScores(ds.Slice)
	for format, got := range writeAll(t, ds, withPeople(t)) {
		t.Run(format, func(t *testing.T) {
			path := filepath.Join("testdata", "small."+format)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./export -run TestGolden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s; run with -update and check the diff\ngot:\n%s", format, path, got)
			}
		})
	}
}
