package store

import (
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
)

// TestSearchStatementHoldsWhatTheSearchCanMeet: the search statement of
// a set of types tests only those types' rules and projects only them,
// queries the contact points' index only for actors and services, and
// holds the scope's conditions only with a scope. A statement with every
// label's and the scope's conditions tested each candidate against all
// of them, which cost Neo4j more than finding and ranking the candidates
// (Q5 of make bench-api).
func TestSearchStatementHoldsWhatTheSearchCanMeet(t *testing.T) {
	all := []string{"Actor", "Service", "Neighbourhood"}
	for _, tc := range []struct {
		labels  []string
		scope   bool
		contact bool
	}{
		{[]string{"Actor"}, false, true},
		{[]string{"Actor"}, true, true},
		{[]string{"Service"}, false, true},
		{[]string{"Neighbourhood"}, false, false},
		{[]string{"Neighbourhood"}, true, false},
		{all, false, true},
		{all, true, true},
	} {
		c := scoped(searchCypher(tc.labels, tc.scope, nil), domain.System)
		name := strings.Join(tc.labels, ",")
		if got := strings.Contains(c, "search_contact"); got != tc.contact {
			t.Errorf("%s: queries the contact index: %v, want %v", name, got, tc.contact)
		}
		if got := strings.Contains(c, "$scope"); got != tc.scope {
			t.Errorf("%s: scope conditions: %v, want %v", name, got, tc.scope)
		}
		for _, l := range all {
			asked := strings.Contains(","+name+",", ","+l+",")
			if got := strings.Contains(c, "NOT n:"+l) || strings.Contains(c, "WHEN n:"+l); got != asked {
				t.Errorf("%s (scope %v): tests or projects %s: %v, want %v\n%s", name, tc.scope, l, got, asked, c)
			}
		}
		if again := searchCypher(tc.labels, tc.scope, nil); again != searchCypher(tc.labels, tc.scope, nil) {
			t.Errorf("%s: statement differs between calls", name)
		}
	}
}

// TestSearchProjectsTheFieldsAsked: a search asked for names reads no
// texts or record data of its hits; one asked for nothing in particular
// (from Go) reads them all.
func TestSearchProjectsTheFieldsAsked(t *testing.T) {
	labels := []string{"Actor", "Service", "Neighbourhood"}
	for _, tc := range []struct {
		name      string
		fields    domain.Fields
		want, not []string
	}{
		{"names", domain.Fields{"id": true, "name": true}, []string{".id, .name"}, []string{".description", ".createdAt", ".contactPoints", "providerId"}},
		{"descriptions and providers", domain.Fields{"description": true, "provider": true}, []string{".description", "providerId:"}, []string{".createdAt", ".email"}},
		{"everything", nil, []string{".description", ".createdAt", ".contactPoints", ".email", "providerId:"}, nil},
	} {
		c := searchCypher(labels, false, tc.fields)
		for _, l := range labels {
			if !strings.Contains(c, "WHEN n:"+l+" THEN n{") {
				t.Errorf("%s: the statement does not project %s hits:\n%s", tc.name, l, c)
			}
		}
		for _, w := range tc.want {
			if !strings.Contains(c, w) {
				t.Errorf("%s: the statement lacks %q:\n%s", tc.name, w, c)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(c, n) {
				t.Errorf("%s: the statement reads %q, which no field asked needs", tc.name, n)
			}
		}
	}
}

// TestSearchScoreTestsFieldsHoldingTheTerm: the score asks a field's
// regular expressions only when the field contains the term, and a
// field's whole-word pattern only when no space tells (a regular
// expression costs Neo4j some microseconds a candidate).
func TestSearchScoreTestsFieldsHoldingTheTerm(t *testing.T) {
	for _, f := range []string{"n.searchName", "n.searchText", "n.searchContact"} {
		want := "CASE WHEN NOT coalesce(" + f + ", '') CONTAINS $terms[i] THEN 0.0\n    WHEN " + f + " = $terms[i] OR " + f + " STARTS WITH $terms[i] + ' '"
		if !strings.Contains(searchScore, want) {
			t.Errorf("searchScore does not test %s by its words' spaces before its patterns:\n%s", f, searchScore)
		}
	}
}
