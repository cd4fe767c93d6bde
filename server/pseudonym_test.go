package server_test

import (
	"slices"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
)

// TestResearchersCannotLinkPseudonyms: a researcher knows people only as
// pseudonyms, so a lookup by a real person id (which the researcher could
// have computed from a guessed name or key) is FORBIDDEN, for stored and
// unknown ids alike, and an actor's roles are not ordered by the people's
// names but by their ids (which, unlike names, are keyed or random).
func TestResearchersCannotLinkPseudonyms(t *testing.T) {
	needNeo4j(t)
	researcher := token(t, "researcher-link", domain.RoleResearcher)
	actor := newActor(t, uniq("pseudonym"), nbhLindenpark)
	// Names in one order, ids in the other.
	var personIDs []string
	for _, p := range []struct{ id, name string }{{"per_" + uniq("zz"), "E2E Aaron Anfang"}, {"per_" + uniq("aa"), "E2E Zoe Zuletzt"}} {
		id := str(get(mutate(t, "createPerson", "CreatePersonInput", map[string]any{"id": p.id, "name": p.name}, "person { id }"), "person", "id"))
		cleanup(t, "deletePerson", id)
		mutate(t, "addRole", "AddRoleInput", map[string]any{"person": id, "actor": actor, "title": "Mitarbeit"}, "role { id }")
		personIDs = append(personIDs, id)
	}
	stored, unknown := personIDs[0], "per_"+uniq("nobody")
	tests := []struct {
		name, query string
		vars        map[string]any
		bearer      string
		code        string
	}{
		{"node by a stored person id", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": stored}, researcher, "FORBIDDEN"},
		{"node by an unknown person id", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": unknown}, researcher, "FORBIDDEN"},
		{"nodes with a person id", `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []string{actor, stored}}, researcher, "FORBIDDEN"},
		{"person by id", `query($id: ID!) { person(id: $id) { id } }`, map[string]any{"id": stored}, researcher, "FORBIDDEN"},
		{"person by an unknown id", `query($id: ID!) { person(id: $id) { id } }`, map[string]any{"id": unknown}, researcher, "FORBIDDEN"},
		{"node by an actor id is fine", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": actor}, researcher, ""},
		{"an admin looks people up", `query($id: ID!) { person(id: $id) { id } node(id: $id) { id } }`, map[string]any{"id": stored}, adminToken, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := postAs(t, srv.URL, tc.bearer, tc.query, tc.vars)
			if r.code() != tc.code {
				t.Fatalf("code %q (errors %+v), want %q", r.code(), r.Errors, tc.code)
			}
		})
	}

	t.Run("roles of an actor by person id, not name", func(t *testing.T) {
		const q = `query($id: ID!) { actor(id: $id) { roles { edges { node { person { name } } } } } }`
		order := func(bearer string) []string {
			r := postAs(t, srv.URL, bearer, q, map[string]any{"id": actor})
			if len(r.Errors) > 0 {
				t.Fatalf("%+v", r.Errors)
			}
			var out []string
			for i := 0; i < count(get(r.Data, "actor", "roles", "edges")); i++ {
				out = append(out, str(get(r.Data, "actor", "roles", "edges", i, "node", "person", "name")))
			}
			return out
		}
		if got := order(adminToken); !slices.Equal(got, []string{"E2E Aaron Anfang", "E2E Zoe Zuletzt"}) {
			t.Fatalf("admin's roles %v, want by name", got)
		}
		// Zoe's id sorts first; the researcher sees her pseudonym first.
		want := []string{testPseudonyms.Pseudonym(personIDs[1]), testPseudonyms.Pseudonym(personIDs[0])}
		if got := order(researcher); !slices.Equal(got, want) {
			t.Fatalf("researcher's roles %v, want %v (by person id)", got, want)
		}
	})
}
