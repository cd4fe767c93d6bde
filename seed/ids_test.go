package seed_test

import (
	"testing"

	"github.com/kiezgraph/kiezgraph/seed"
)

// TestDemoPersonIDsAreKeyed: with a key, the demo's people and roles get
// ids that nobody can compute from the public name slugs (Demo's unkeyed
// ids can be); the same key gives the same ids (loading twice merges),
// another key others; every other record keeps its id.
func TestDemoPersonIDsAreKeyed(t *testing.T) {
	unkeyed := seed.Demo()
	k1, k2 := []byte("demo-id-key-one-0123456789abcdef"), []byte("demo-id-key-two-0123456789abcdef")
	tests := []struct {
		name     string
		a, b     []byte
		samePeop bool
	}{
		{"same key twice", k1, k1, true},
		{"two keys", k1, k2, false},
		{"a key against none", k1, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := seed.DemoKeyed(tc.a), seed.DemoKeyed(tc.b)
			if len(a.People) == 0 || len(a.People) != len(b.People) || len(a.Roles) != len(b.Roles) {
				t.Fatalf("%d and %d people", len(a.People), len(b.People))
			}
			for i := range a.People {
				if same := a.People[i].ID == b.People[i].ID; same != tc.samePeop {
					t.Fatalf("person %d: ids %s and %s, same %v, want %v", i, a.People[i].ID, b.People[i].ID, same, tc.samePeop)
				}
			}
			for i := range a.Roles {
				if same := a.Roles[i].ID == b.Roles[i].ID && a.Roles[i].PersonID == b.Roles[i].PersonID; same != tc.samePeop {
					t.Fatalf("role %d: %s and %s", i, a.Roles[i].ID, b.Roles[i].ID)
				}
			}
			for i := range a.Actors {
				if a.Actors[i].ID != unkeyed.Actors[i].ID {
					t.Fatalf("actor %d: %s, want %s", i, a.Actors[i].ID, unkeyed.Actors[i].ID)
				}
			}
		})
	}
}
