package server_test

import (
	"slices"
	"testing"
)

// TestPartnersCountBoth: a partner list counts its cooperations in
// totalCount and its distinct partners in partnerCount (the rules issue:
// counts that say what they count).
func TestPartnersCountBoth(t *testing.T) {
	needNeo4j(t)
	q := quarterIn(t, "nbh_nord")
	x, y, z := newActor(t, "Zählerin", q), newActor(t, "Partnerin A", q), newActor(t, "Partnerin B", q)
	for _, c := range []struct{ to, kind string }{{y, "FUNDING"}, {y, "REFERRAL"}, {z, "INFORMATION_EXCHANGE"}} {
		mutate(t, "addCooperation", "AddCooperationInput", map[string]any{"from": x, "to": c.to, "kind": c.kind}, "cooperation { id }")
	}
	tests := []struct {
		first                  int
		edges, total, distinct int
	}{
		{10, 3, 3, 2},
		{1, 1, 3, 2},
	}
	for _, tt := range tests {
		d := mustPost(t, `query($x: ID!, $n: Int) { actor(id: $x) { partners(first: $n) { totalCount partnerCount edges { node { id } } } } }`,
			map[string]any{"x": x, "n": tt.first})
		p := get(d, "actor", "partners")
		if count(get(p, "edges")) != tt.edges || num(get(p, "totalCount")) != tt.total || num(get(p, "partnerCount")) != tt.distinct {
			t.Errorf("first %d: %v, want %d edges, totalCount %d, partnerCount %d", tt.first, p, tt.edges, tt.total, tt.distinct)
		}
	}
}

// TestNamesSortAsGermanReadersExpect: lists sort names case-insensitively
// with umlauts as their spelled-out forms (DIN 5007-2), not by bytes
// (the rules issue).
func TestNamesSortAsGermanReadersExpect(t *testing.T) {
	needNeo4j(t)
	q := quarterIn(t, "nbh_nord")
	for _, n := range []string{"Sortier Zebra", "Sortier Öl", "Sortier apfel", "Sortier Birne", "Sortier Ärztehaus"} {
		newActor(t, n, q)
	}
	d := mustPost(t, `{ actors(first: 10, filter: {nameContains: "E2E Sortier"}) { edges { node { name } } } }`, nil)
	var got []string
	for i := 0; i < count(get(d, "actors", "edges")); i++ {
		got = append(got, str(get(d, "actors", "edges", i, "node", "name")))
	}
	want := []string{"E2E Sortier Ärztehaus", "E2E Sortier apfel", "E2E Sortier Birne", "E2E Sortier Öl", "E2E Sortier Zebra"}
	if !slices.Equal(got, want) {
		t.Errorf("order %q, want %q", got, want)
	}
}

// TestCommunitiesOfANetworkWithoutTies: modularity is undefined without
// ties; the answer says so with null instead of failing INTERNAL (found
// by the non-interference test's generated documents).
func TestCommunitiesOfANetworkWithoutTies(t *testing.T) {
	needNeo4j(t)
	r := post(t, `{ communities(network: {asOf: "1990-01-01"}) { modularity communities { edges { node { size } } } } }`, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("errors: %+v", r.Errors)
	}
	if m := get(r.Data, "communities", "modularity"); m != nil {
		t.Errorf("modularity %v for a network without ties, want null", m)
	}
}

// TestInputsReportEveryBadField: an input with several bad fields is
// refused naming all of them, the first in extensions.field as before
// (the rules issue).
func TestInputsReportEveryBadField(t *testing.T) {
	needNeo4j(t)
	before := nodeCount(t)
	r := post(t, `mutation { createActor(input: {name: "  ", kind: ASSOCIATION, sector: NON_PROFIT, neighbourhoods: [],
	  contact: {website: "javascript:alert(1)", email: "nobody"}}) { actor { id } } }`, nil)
	if r.code() != "BAD_USER_INPUT" {
		t.Fatalf("code %q, want BAD_USER_INPUT (%+v)", r.code(), r.Errors)
	}
	e := r.Errors[0]
	var fields []string
	for _, f := range e.Extensions["fields"].([]any) {
		fields = append(fields, f.(map[string]any)["field"].(string))
	}
	want := []string{"input.name", "input.contact.email", "input.contact.website"}
	slices.Sort(fields)
	slices.Sort(want)
	if !slices.Equal(fields, want) || e.Extensions["field"] != "input.name" {
		t.Errorf("fields %v (first %v), want %v (first input.name): %q", fields, e.Extensions["field"], want, e.Message)
	}
	if n := nodeCount(t); n != before {
		t.Errorf("a refused input wrote %d nodes", n-before)
	}
}
