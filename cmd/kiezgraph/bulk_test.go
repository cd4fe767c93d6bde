package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/importer"
)

// exampleCity copies examples/import into a directory of the test,
// with replace applied to the file named.
func exampleCity(t *testing.T, name, old, replacement string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir("../../examples/import")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("../../examples/import", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == name {
			if !strings.Contains(string(b), old) {
				t.Fatalf("%s has no %q", name, old)
			}
			b = []byte(strings.Replace(string(b), old, replacement, 1))
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestImportBulkWritesCSVForNeo4jAdmin(t *testing.T) {
	out := filepath.Join(t.TempDir(), "csv")
	stdout, _, err := kiezgraph(t, "import", "-bulk", out, "../../examples/import")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"66 written", "wrote 48 nodes and 61 relationships", "scripts/neo4j.sh bulk-import NEO4J_DATA_DIR " + out,
		"@" + out + "/import.args neo4j", "kiezgraph migrate"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "import.args")); err != nil {
		t.Error(err)
	}
}

func TestImportBulkWithABadRowWritesNothing(t *testing.T) {
	city := exampleCity(t, "actors.csv", "Grundschule am Mühlbach,SCHOOL", "Grundschule am Mühlbach,CASTLE")
	for _, c := range []struct {
		name   string
		exists bool
	}{{"new directory", false}, {"empty directory", true}} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "csv")
			if c.exists {
				if err := os.Mkdir(out, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			_, stderr, err := kiezgraph(t, "import", "-bulk", out, city)
			if !errors.Is(err, importer.ErrBadRows) {
				t.Errorf("error %v, want bad rows", err)
			}
			if want := filepath.Join(city, "actors.csv") + ":3: kind:"; !strings.Contains(stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, stderr)
			}
			entries, err := os.ReadDir(out)
			switch {
			case c.exists && (err != nil || len(entries) > 0):
				t.Errorf("the directory holds %d files (%v)", len(entries), err)
			case !c.exists && !os.IsNotExist(err):
				t.Errorf("the directory was made: %v", err)
			}
		})
	}
}

func TestImportBulkRefusesANonEmptyDirectory(t *testing.T) {
	out := t.TempDir()
	keep := filepath.Join(out, "keep.txt")
	if err := os.WriteFile(keep, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := kiezgraph(t, "import", "-bulk", out, "../../examples/import")
	if err == nil || !strings.Contains(err.Error(), "is not empty") {
		t.Errorf("error %v, want a refusal", err)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 1 {
		t.Errorf("the directory holds %d files, want only the one that was there", len(entries))
	}
}

func TestImportBulkRefusesARecordTwice(t *testing.T) {
	city := exampleCity(t, "people.csv", "", "")
	b, err := os.ReadFile(filepath.Join(city, "people.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(city, "more-people.csv"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "csv")
	_, _, err = kiezgraph(t, "import", "-bulk", out, city)
	if err == nil || !strings.Contains(err.Error(), "comes twice") {
		t.Errorf("error %v, want the person that comes twice", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the directory is left: %v", err)
	}
}
