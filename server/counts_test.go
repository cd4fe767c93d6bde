package server_test

import "testing"

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
