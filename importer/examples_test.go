package importer

import (
	"testing"
)

func TestExamplesCheckClean(t *testing.T) {
	files, err := Plan([]string{"../examples/import"}, "")
	if err != nil {
		t.Fatal(err)
	}
	st := &fakeStore{}
	rep, err := Run(t.Context(), st, files, Options{})
	for _, f := range rep.Files {
		t.Logf("%s: %d rows, %d bad, %d written", f.Path, f.Rows, f.Bad, f.Written)
		for _, p := range f.Problems {
			t.Error(p)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
}
