package server_test

import (
	"fmt"
	"testing"

	"github.com/kiezgraph/kiezgraph/seed"
	"github.com/kiezgraph/kiezgraph/store"
)

// TestListOrders orders the root lists of cooperations, networks and
// events by each field and direction over HTTP and checks that the values
// come sorted (nulls last ascending, first descending, as in Cypher), that
// the default order is kept without orderBy, and that a field a list does
// not offer is refused by validation.
func TestListOrders(t *testing.T) {
	needNeo4j(t)
	// The demo city is loaded at once, so its records share createdAt:
	// one record of each list made now differs from them.
	newNetwork(t, nbhLindenpark)
	ev := str(get(mutate(t, "createEvent", "CreateEventInput", map[string]any{
		"name": "E2E Reihenfolge " + uniq("e"), "kind": "WORKSHOP", "date": "2025-03-03", "neighbourhood": nbhLindenpark,
	}, "event { id }"), "event", "id"))
	cleanup(t, "deleteEvent", ev)
	coop := str(get(mutate(t, "addCooperation", "AddCooperationInput", map[string]any{
		"from": seed.BrokerYouthOfficeID, "to": seed.MigrantOrgAlNurID, "kind": "REFERRAL",
	}, "cooperation { id }"), "cooperation", "id"))
	cleanup(t, "removeCooperation", coop)
	tests := []struct {
		list, field, prop string
	}{
		{"cooperations", "VALID_FROM", "validFrom"},
		{"cooperations", "LAST_CONFIRMED", "lastConfirmed"},
		{"cooperations", "CREATED_AT", "createdAt"},
		{"networks", "NAME", "name"},
		{"networks", "LAST_CONFIRMED", "lastConfirmed"},
		{"networks", "CREATED_AT", "createdAt"},
		{"events", "DATE", "date"},
		{"events", "NAME", "name"},
		{"events", "CREATED_AT", "createdAt"},
	}
	for _, tc := range tests {
		for _, dir := range []string{"ASC", "DESC"} {
			t.Run(tc.list+"/"+tc.field+"/"+dir, func(t *testing.T) {
				filter := ""
				if tc.list == "cooperations" { // fewer than 100, with the new one
					filter = fmt.Sprintf(`, filter: {actor: %q}`, seed.BrokerYouthOfficeID)
				}
				q := fmt.Sprintf(`{ %s(first: 100, orderBy: {field: %s, direction: %s}%s) { totalCount edges { node { id %s } } } }`,
					tc.list, tc.field, dir, filter, tc.prop)
				d := mustPost(t, q, nil)
				n := count(get(d, tc.list, "edges"))
				if total := num(get(d, tc.list, "totalCount")); total > n {
					t.Fatalf("%d %s, %d on the page: the check needs them all", total, tc.list, n)
				}
				if n < 2 {
					t.Fatalf("%d %s: too few to check an order", n, tc.list)
				}
				distinct := map[string]bool{fmt.Sprint(get(d, tc.list, "edges", 0, "node", tc.prop)): true}
				for i := 1; i < n; i++ {
					a, b := get(d, tc.list, "edges", i-1, "node", tc.prop), get(d, tc.list, "edges", i, "node", tc.prop)
					distinct[fmt.Sprint(b)] = true
					if !ordered(sortable(tc.field, a), sortable(tc.field, b), dir == "DESC") {
						t.Fatalf("%s %s: %v before %v", tc.field, dir, a, b)
					}
				}
				if len(distinct) < 2 {
					t.Errorf("all %d values alike: the test cannot tell an order", n)
				}
			})
		}
	}
	// Defaults without orderBy: events newest first, networks by name.
	d := mustPost(t, `{ events(first: 100) { edges { node { date } } } networks(first: 100) { edges { node { name } } } }`, nil)
	for i := 1; i < count(get(d, "events", "edges")); i++ {
		if !ordered(get(d, "events", "edges", i-1, "node", "date"), get(d, "events", "edges", i, "node", "date"), true) {
			t.Fatal("events without orderBy are not newest first")
		}
	}
	for i := 1; i < count(get(d, "networks", "edges")); i++ {
		if !ordered(sortable("NAME", get(d, "networks", "edges", i-1, "node", "name")), sortable("NAME", get(d, "networks", "edges", i, "node", "name")), false) {
			t.Fatal("networks without orderBy are not by name")
		}
	}
	if r := post(t, `{ events(orderBy: {field: BETWEENNESS}) { totalCount } }`, nil); r.code() != "GRAPHQL_VALIDATION_FAILED" {
		t.Errorf("events by BETWEENNESS: code %q, want GRAPHQL_VALIDATION_FAILED", r.code())
	}
}

// sortable is the value a list orders by: names fold as German readers
// sort them (store.Fold, the name breaking ties; the rules issue), other
// values are themselves.
func sortable(field string, v any) any {
	if s, ok := v.(string); ok && field == "NAME" {
		return store.Fold(s) + "\x00" + s
	}
	return v
}

// ordered says whether a may come before b: strings (names, ISO dates
// and times) compare as Neo4j compares them here, and null sorts last
// ascending and first descending.
func ordered(a, b any, desc bool) bool {
	switch {
	case a == nil && b == nil:
		return true
	case a == nil:
		return desc
	case b == nil:
		return !desc
	}
	x, y := a.(string), b.(string)
	if desc {
		return x >= y
	}
	return x <= y
}
