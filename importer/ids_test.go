package importer

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kiezgraph/kiezgraph/internal/neo4jtest"
)

// TestPersonIDsAreKeyed: a person created from a row without id gets an
// id keyed with Options.IDKey, so nobody can compute it from a guessed
// key (the unkeyed DeriveID could be); the same key gives the same id,
// another key another; and a re-import with another key keeps the
// stored person's id (found by key), creating no duplicate.
func TestPersonIDsAreKeyed(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "people.csv"), []byte("key,name\nanna.schmidt@kita,Anna Schmidt\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	k1, k2 := []byte("first-id-key-0123456789abcdef012"), []byte("other-id-key-0123456789abcdef012")
	// idAfter imports the file into an empty database with key.
	idAfter := func(t *testing.T, key []byte) (string, int) {
		t.Helper()
		_, st := setup(t)
		if _, err := importPaths(t, st, Options{IDKey: key}, dir); err != nil {
			t.Fatal(err)
		}
		return personIDs(t)
	}
	unkeyed := DeriveID("per_", "anna.schmidt@kita")
	tests := []struct {
		name string
		key  []byte
	}{{"first key", k1}, {"other key", k2}, {"no key (random per run)", nil}}
	seen := map[string]string{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id, n := idAfter(t, tc.key)
			if n != 1 {
				t.Fatalf("%d people, want 1", n)
			}
			if id == unkeyed {
				t.Fatalf("id %s is the unkeyed hash of the key", id)
			}
			if len(id) != len("per_")+20 {
				t.Errorf("id %q, want per_ and 20 hex digits", id)
			}
			for other, was := range seen {
				if was == id {
					t.Errorf("id %s also came from %s", id, other)
				}
			}
			seen[tc.name] = id
		})
	}
	t.Run("same key, same id", func(t *testing.T) {
		if id, _ := idAfter(t, k1); id != seen["first key"] {
			t.Errorf("id %s, want %s again", id, seen["first key"])
		}
	})
	t.Run("re-import with another key keeps the stored id", func(t *testing.T) {
		first, _ := idAfter(t, k1)
		if _, err := importPaths(t, testStore, Options{IDKey: k2}, dir); err != nil {
			t.Fatal(err)
		}
		if id, n := personIDs(t); n != 1 || id != first {
			t.Errorf("after re-import: %d people, id %s; want 1 with %s", n, id, first)
		}
	})
}

// personIDs returns the id of the one stored person and the number of
// people.
func personIDs(t *testing.T) (string, int) {
	t.Helper()
	n := neo4jtest.Count(t, testDriver, "MATCH (p:Person) RETURN count(p) AS c", nil)
	rows := neo4jtest.Query(t, testDriver, "MATCH (p:Person) RETURN min(p.id) AS id", nil)
	id, _ := rows[0]["id"].(string)
	return id, int(n)
}
