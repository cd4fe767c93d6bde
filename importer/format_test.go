package importer

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestFormatDocumentsEveryColumn keeps examples/import/FORMAT.md and the
// file types in step: each type's table lists its columns in order, with
// the required ones in bold.
func TestFormatDocumentsEveryColumn(t *testing.T) {
	b, err := os.ReadFile("../examples/import/FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	heading := regexp.MustCompile("^### `([a-z_]+)`(?: and `([a-z_]+)`)?$")
	cell := regexp.MustCompile("^\\| (\\*\\*)?`([A-Za-z]+)`(\\*\\*)? \\|")
	documented := map[Kind][]string{}
	required := map[Kind][]string{}
	var current []Kind
	for _, line := range strings.Split(string(b), "\n") {
		if m := heading.FindStringSubmatch(line); m != nil {
			current = nil
			for _, k := range m[1:] {
				if k != "" {
					current = append(current, Kind(k))
				}
			}
			continue
		}
		if m := cell.FindStringSubmatch(line); m != nil {
			for _, k := range current {
				documented[k] = append(documented[k], m[2])
				if m[1] != "" {
					required[k] = append(required[k], m[2])
				}
			}
		}
	}
	for _, k := range Kinds {
		if got, want := documented[k], Columns(k); !slices.Equal(got, want) {
			t.Errorf("FORMAT.md documents %s as %v, want %v", k, got, want)
		}
		var want []string
		for _, c := range specs[k].columns {
			if c.required {
				want = append(want, c.name)
			}
		}
		if got := required[k]; !slices.Equal(got, want) {
			t.Errorf("FORMAT.md marks %v of %s required, want %v", got, k, want)
		}
	}
}

// TestExamplesCoverEveryColumn makes the example files show every column
// of every type.
func TestExamplesCoverEveryColumn(t *testing.T) {
	files, err := Plan([]string{"../examples/import"}, "")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[Kind]map[string]bool{}
	for _, f := range files {
		src, err := openSource(f.Path, f.Format)
		if err != nil {
			t.Fatal(err)
		}
		if seen[f.Kind] == nil {
			seen[f.Kind] = map[string]bool{}
		}
		r := &row{}
		for src.next(r) == nil {
			for _, c := range Columns(f.Kind) {
				if _, ok := r.raw(c); ok {
					seen[f.Kind][c] = true
				}
			}
			r.reset()
		}
		_ = src.close()
	}
	for _, k := range Kinds {
		for _, c := range Columns(k) {
			if !seen[k][c] && !(c == "id" || c == "key") {
				t.Errorf("no example of %s has a value in column %s", k, c)
			}
		}
	}
}
