package store

import (
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// TestContactSearchWords: the words search finds a contact point's owner
// by: function, e-mail and phone (E.164 digits and, for a German number,
// the national form); none for no contact points.
func TestContactSearchWords(t *testing.T) {
	email, phone, foreign := "Kontakt@QM-Lindenpark.example", "+493415550001", "+33142685300"
	for _, tc := range []struct {
		name string
		cps  string
		want any
	}{
		{"none", ``, nil},
		{"function, e-mail and a German phone", `[{"id":"cp_1","function":"Quartiersbüro","email":"` + email + `","phone":"` + phone + `"}]`,
			"quartiersbuero kontakt qm lindenpark example 493415550001 03415550001"},
		{"a foreign phone", `[{"id":"cp_2","function":"Büro","phone":"` + foreign + `"}]`, "buero 33142685300"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &props{m: map[string]any{"contactPoints": tc.cps}}
			if got := contactSearchProp(p.contactPoints()); got != tc.want || p.err != nil {
				t.Errorf("got %#v (%v), want %#v", got, p.err, tc.want)
			}
		})
	}
	for _, tc := range []struct{ text, want string }{
		{"0341 555-0001", "493415550001"},
		{"+49 (341) 5550001", "493415550001"},
		{"10115", "10115"}, // a postcode, no phone number
		{"Kontakt@QM", "kontakt qm"},
	} {
		if got := queryTerms(tc.text); strings.Join(got, " ") != tc.want {
			t.Errorf("queryTerms(%q) = %v, want %s", tc.text, got, tc.want)
		}
	}
}

// TestMigrateFillsContactSearch: contact points written before search
// read them (or around kiezgraph) get their search words at the next
// Migrate, and search finds their owner by them.
func TestMigrateFillsContactSearch(t *testing.T) {
	ctx, s := setupBase(t)
	if _, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (any, error) {
		return collect(ctx, tx, `MATCH (a:Actor) WITH a ORDER BY a.id LIMIT 1
SET a.contactPoints = '[{"id":"cp_old","function":"Altes Büro","email":"alt@vorher.example"}]'
REMOVE a.searchContact`, nil)
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	recs, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) (int, error) {
		r, err := collect(ctx, tx, `MATCH (a:Actor) WHERE a.searchContact = 'altes buero alt vorher example' RETURN a.id`, nil)
		return len(r), err
	})
	if err != nil || recs != 1 {
		t.Fatalf("%d actors with the filled words (%v), want 1", recs, err)
	}
}
