package server_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/seed"
)

// walk fetches every page of the root connection field (100 per page)
// and returns its nodes in order; query takes $first, $after and whatever
// vars holds.
func walk(t *testing.T, query, field string, vars map[string]any) []any {
	t.Helper()
	v := map[string]any{"first": 100}
	for k, x := range vars {
		v[k] = x
	}
	var nodes []any
	for page := 0; ; page++ {
		d := mustPost(t, query, v)
		conn := get(d, field)
		for i := 0; i < count(get(conn, "edges")); i++ {
			nodes = append(nodes, get(conn, "edges", i, "node"))
		}
		if next, _ := get(conn, "pageInfo", "hasNextPage").(bool); !next {
			if len(nodes) != num(get(conn, "totalCount")) {
				t.Fatalf("%s: %d nodes on all pages, totalCount %v", field, len(nodes), get(conn, "totalCount"))
			}
			return nodes
		}
		if page > 50 {
			t.Fatalf("%s: more than 50 pages", field)
		}
		v["after"] = get(conn, "pageInfo", "endCursor")
	}
}

// filterCase is one filter of a root list and what it means, as a
// predicate over the nodes of the unfiltered list.
type filterCase struct {
	name   string
	filter map[string]any
	vars   map[string]any // further variables of the query, e.g. a day nested fields need
	keep   func(node any) bool
}

// lister returns a whole list, walking its pages; vars holds the filter
// and any further variables of its query.
type lister func(t *testing.T, vars map[string]any) []any

// rootList lists the root connection field with query.
func rootList(query, field string) lister {
	return func(t *testing.T, vars map[string]any) []any {
		t.Helper()
		return walk(t, query, field, vars)
	}
}

// checkFilters lists what list yields without and with each filter and
// requires the filtered list to be exactly the unfiltered one with the
// nodes keep refuses left out, in the same order; and the filter must
// neither match nothing nor everything, so that the check is not vacuous.
func checkFilters(t *testing.T, what string, list lister, cases []filterCase) {
	t.Helper()
	// The lists that show today unless told otherwise are compared over
	// all of history, so that each filter is checked on its own.
	timed := slices.Contains([]string{"actors", "services", "needs", "cooperations"}, what)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			base := map[string]any{}
			for k, v := range tc.vars {
				base[k] = v
			}
			filter := tc.filter
			if timed {
				base["filter"] = map[string]any{"includeEnded": true}
				filter = map[string]any{"includeEnded": true}
				for k, v := range tc.filter {
					filter[k] = v
				}
			}
			all := list(t, base)
			vars := map[string]any{"filter": filter}
			for k, v := range tc.vars {
				vars[k] = v
			}
			got := idsOfNodes(list(t, vars))
			var want []string
			for _, n := range all {
				if tc.keep(n) {
					want = append(want, str(get(n, "id")))
				}
			}
			if len(want) == 0 {
				t.Fatalf("no %s in the unfiltered list match %v: the check is vacuous", what, tc.filter)
			}
			if len(want) == len(all) {
				t.Fatalf("every one of the %d %s matches %v: the check is vacuous", len(all), what, tc.filter)
			}
			if !slices.Equal(got, want) {
				var extra, missing []string
				for _, id := range got {
					if !slices.Contains(want, id) {
						extra = append(extra, id)
					}
				}
				for _, id := range want {
					if !slices.Contains(got, id) {
						missing = append(missing, id)
					}
				}
				t.Errorf("%s(filter: %v): %d results, want %d; not matching the filter: %v; missing: %v (order differs if both are empty)",
					what, tc.filter, len(got), len(want), extra, missing)
			}
		})
	}
}

func idsOfNodes(nodes []any) []string {
	out := []string{}
	for _, n := range nodes {
		out = append(out, str(get(n, "id")))
	}
	return out
}

// ancestorsOf returns a neighbourhood's enclosing neighbourhoods.
func ancestorsOf(t *testing.T, id string) []string {
	t.Helper()
	d := mustPost(t, `query($id: ID!) { neighbourhood(id: $id) { ancestors { id } } }`, map[string]any{"id": id})
	return idsOf(get(d, "neighbourhood", "ancestors"))
}

// inside reports whether the neighbourhood object nbh (with ancestors) is
// x or lies inside x.
func inside(nbh any, x string) bool {
	return get(nbh, "id") == x || slices.Contains(idsOf(get(nbh, "ancestors")), x)
}

// reaches reports whether one of the neighbourhood objects (with
// ancestors) is x, lies inside x, or encloses x (whose ancestors are xAnc).
func reaches(nbhs any, x string, xAnc []string) bool {
	for i := 0; i < count(nbhs); i++ {
		n := get(nbhs, i)
		if inside(n, x) || slices.Contains(xAnc, str(get(n, "id"))) {
			return true
		}
	}
	return false
}

// validOn reports whether the span of node holds on day (ISO dates
// compare as strings).
func validOn(node any, day string) bool {
	from, to := str(get(node, "validFrom")), str(get(node, "validTo"))
	return (from == "" || from <= day) && (to == "" || to >= day)
}

func confirmedBefore(node any, day string) bool {
	lc := str(get(node, "lastConfirmed"))
	return lc == "" || lc < day
}

func hasID(list any, id string) bool { return slices.Contains(idsOf(list), id) }

func TestNeighbourhoodsFilters(t *testing.T) {
	needNeo4j(t)
	const q = `query($first: Int, $after: String, $filter: NeighbourhoodFilter) {
	  neighbourhoods(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
	    edges { node { id name level quarterManagement lastConfirmed ancestors { id } } } } }`
	foldedContains := func(s string) func(any) bool {
		return func(n any) bool { return strings.Contains(fold(str(get(n, "name"))), fold(s)) }
	}
	checkFilters(t, "neighbourhoods", rootList(q, "neighbourhoods"), []filterCase{
		{"levels quarter", map[string]any{"levels": []string{"QUARTER"}}, nil, func(n any) bool { return get(n, "level") == "QUARTER" }},
		{"levels city and district", map[string]any{"levels": []string{"CITY", "DISTRICT"}}, nil, func(n any) bool {
			return get(n, "level") == "CITY" || get(n, "level") == "DISTRICT"
		}},
		{"within district", map[string]any{"within": nbhNord}, nil, func(n any) bool { return hasID(get(n, "ancestors"), nbhNord) }},
		{"within city excludes the city", map[string]any{"within": seed.CityID}, nil, func(n any) bool { return hasID(get(n, "ancestors"), seed.CityID) }},
		{"quarter management", map[string]any{"quarterManagement": true}, nil, func(n any) bool { return get(n, "quarterManagement") == true }},
		{"no quarter management", map[string]any{"quarterManagement": false}, nil, func(n any) bool { return get(n, "quarterManagement") == false }},
		{"nameContains ue finds ü", map[string]any{"nameContains": "ue"}, nil, foldedContains("ue")},
		{"nameContains HÖHE", map[string]any{"nameContains": "HÖHE"}, nil, foldedContains("höhe")},
		{"nameContains hoehe", map[string]any{"nameContains": "hoehe"}, nil, foldedContains("hoehe")},
		{"combined", map[string]any{"levels": []string{"QUARTER"}, "within": nbhMitte, "quarterManagement": true}, nil, func(n any) bool {
			return get(n, "level") == "QUARTER" && hasID(get(n, "ancestors"), nbhMitte) && get(n, "quarterManagement") == true
		}},
	})
	// The folding is what finds these: their names hold no "ue".
	d := mustPost(t, `{ neighbourhoods(first: 100, filter: {nameContains: "ue"}) { edges { node { name } } } }`, nil)
	var umlaut []string
	for i := 0; i < count(get(d, "neighbourhoods", "edges")); i++ {
		if name := str(get(d, "neighbourhoods", "edges", i, "node", "name")); strings.Contains(name, "ü") {
			umlaut = append(umlaut, name)
		}
	}
	if !slices.Contains(umlaut, "Süd") || !slices.Contains(umlaut, "Lindenbrück") {
		t.Errorf("nameContains \"ue\" found these names with ü: %v, want Süd and Lindenbrück among them", umlaut)
	}
}

func TestServicesFilters(t *testing.T) {
	needNeo4j(t)
	const q = `query($first: Int, $after: String, $filter: ServiceFilter) {
	  services(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
	    edges { node { id validFrom validTo lastConfirmed provider { id } targetGroups { id } topics { id }
	      neighbourhoods { id level ancestors { id } } } } } }`
	lindenparkAnc, nordAnc := ancestorsOf(t, nbhLindenpark), ancestorsOf(t, nbhNord)
	checkFilters(t, "services", rootList(q, "services"), []filterCase{
		{"provider", map[string]any{"provider": seed.SeniorProviderID}, nil, func(n any) bool { return get(n, "provider", "id") == seed.SeniorProviderID }},
		{"targetGroup", map[string]any{"targetGroup": tgSeniors}, nil, func(n any) bool { return hasID(get(n, "targetGroups"), tgSeniors) }},
		{"topic", map[string]any{"topic": topEducation}, nil, func(n any) bool { return hasID(get(n, "topics"), topEducation) }},
		{"neighbourhood quarter", map[string]any{"neighbourhood": nbhLindenpark}, nil, func(n any) bool {
			return reaches(get(n, "neighbourhoods"), nbhLindenpark, lindenparkAnc)
		}},
		{"neighbourhood district", map[string]any{"neighbourhood": nbhNord}, nil, func(n any) bool {
			return reaches(get(n, "neighbourhoods"), nbhNord, nordAnc)
		}},
		{"asOf today", map[string]any{"asOf": seed.ReferenceDay}, nil, func(n any) bool { return validOn(n, seed.ReferenceDay) }},
		{"asOf 2022", map[string]any{"asOf": "2022-06-01"}, nil, func(n any) bool { return validOn(n, "2022-06-01") }},
		{"confirmedBefore", map[string]any{"confirmedBefore": seed.StaleBefore}, nil, func(n any) bool { return confirmedBefore(n, seed.StaleBefore) }},
		{"targetGroup, topic, district and asOf", map[string]any{"targetGroup": tgChildren, "topic": topEducation, "neighbourhood": nbhNord, "asOf": seed.ReferenceDay}, nil,
			func(n any) bool {
				return hasID(get(n, "targetGroups"), tgChildren) && hasID(get(n, "topics"), topEducation) &&
					reaches(get(n, "neighbourhoods"), nbhNord, nordAnc) && validOn(n, seed.ReferenceDay)
			}},
	})
	// A quarter is reached by district-wide and city-wide services too.
	nodes := walk(t, q, "services", map[string]any{"filter": map[string]any{"neighbourhood": nbhLindenpark}})
	levels := map[string]bool{}
	for _, n := range nodes {
		for i := 0; i < count(get(n, "neighbourhoods")); i++ {
			if nb := get(n, "neighbourhoods", i); get(nb, "id") == nbhNord || get(nb, "id") == seed.CityID {
				levels[str(get(nb, "level"))] = true
			}
		}
	}
	if !levels["DISTRICT"] {
		t.Errorf("no service available in the district Nord reaches its quarter Lindenpark (levels seen: %v)", levels)
	}
	// The nested list agrees with the root filter.
	d := mustPost(t, `query($id: ID!) { neighbourhood(id: $id) { services(first: 100) { totalCount edges { node { id } } } } }`, map[string]any{"id": nbhLindenpark})
	if got := nodeIDs(get(d, "neighbourhood", "services")); !slices.Equal(got, idsOfNodes(nodes)) {
		t.Errorf("Neighbourhood.services = %d services, services(filter: {neighbourhood}) = %d", len(got), len(nodes))
	}
}

// severityRank mirrors the order of the Severity enum.
var severityRank = map[string]int{"LOW": 1, "MEDIUM": 2, "HIGH": 3, "CRITICAL": 4}

func TestNeedsFilters(t *testing.T) {
	needNeo4j(t)
	const q = `query($first: Int, $after: String, $filter: NeedFilter) {
	  needs(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
	    edges { node { id severity validFrom validTo lastConfirmed targetGroup { id } topic { id }
	      neighbourhood { id ancestors { id } } } } } }`
	checkFilters(t, "needs", rootList(q, "needs"), []filterCase{
		{"minSeverity HIGH", map[string]any{"minSeverity": "HIGH"}, nil, func(n any) bool { return severityRank[str(get(n, "severity"))] >= 3 }},
		{"minSeverity CRITICAL", map[string]any{"minSeverity": "CRITICAL"}, nil, func(n any) bool { return get(n, "severity") == "CRITICAL" }},
		{"neighbourhood district with its quarters", map[string]any{"neighbourhood": nbhNord}, nil, func(n any) bool { return inside(get(n, "neighbourhood"), nbhNord) }},
		{"neighbourhood quarter", map[string]any{"neighbourhood": nbhLindenpark}, nil, func(n any) bool { return inside(get(n, "neighbourhood"), nbhLindenpark) }},
		{"targetGroup", map[string]any{"targetGroup": tgChildren}, nil, func(n any) bool { return get(n, "targetGroup", "id") == tgChildren }},
		{"topic", map[string]any{"topic": topEducation}, nil, func(n any) bool { return get(n, "topic", "id") == topEducation }},
		{"asOf 2023", map[string]any{"asOf": "2023-06-01"}, nil, func(n any) bool { return validOn(n, "2023-06-01") }},
		{"confirmedBefore", map[string]any{"confirmedBefore": seed.StaleBefore}, nil, func(n any) bool { return confirmedBefore(n, seed.StaleBefore) }},
		{"minSeverity and district", map[string]any{"minSeverity": "HIGH", "neighbourhood": nbhMitte}, nil, func(n any) bool {
			return severityRank[str(get(n, "severity"))] >= 3 && inside(get(n, "neighbourhood"), nbhMitte)
		}},
	})
}

func TestNeedsOrderBySeverity(t *testing.T) {
	needNeo4j(t)
	const q = `query($first: Int, $after: String, $order: NeedOrder) {
	  needs(first: $first, after: $after, orderBy: $order) { totalCount pageInfo { hasNextPage endCursor } edges { node { id severity } } } }`
	def := walk(t, q, "needs", nil)
	desc := walk(t, q, "needs", map[string]any{"order": map[string]any{"field": "SEVERITY", "direction": "DESC"}})
	asc := walk(t, q, "needs", map[string]any{"order": map[string]any{"field": "SEVERITY", "direction": "ASC"}})
	if !slices.Equal(idsOfNodes(def), idsOfNodes(desc)) {
		t.Error("the default order of needs is not SEVERITY DESC")
	}
	if !sameSet(idsOfNodes(asc), idsOfNodes(desc)) {
		t.Fatal("ASC and DESC list different needs")
	}
	seen := map[string]bool{}
	for _, tc := range []struct {
		name  string
		nodes []any
		dir   int
	}{{"DESC", desc, -1}, {"ASC", asc, 1}} {
		for i := 1; i < len(tc.nodes); i++ {
			prev, cur := tc.nodes[i-1], tc.nodes[i]
			rp, rc := severityRank[str(get(prev, "severity"))], severityRank[str(get(cur, "severity"))]
			if (rc-rp)*tc.dir < 0 {
				t.Errorf("%s: %v (%v) after %v (%v)", tc.name, get(cur, "id"), get(cur, "severity"), get(prev, "id"), get(prev, "severity"))
			}
			if rc == rp && str(get(cur, "id")) < str(get(prev, "id")) {
				t.Errorf("%s: equal severity not ordered by id: %v after %v", tc.name, get(cur, "id"), get(prev, "id"))
			}
			seen[str(get(cur, "severity"))] = true
		}
	}
	if len(seen) < 2 {
		t.Errorf("demo needs have severities %v; the order check is vacuous", seen)
	}
}

func TestPeopleFilters(t *testing.T) {
	needNeo4j(t)
	const q = `query($first: Int, $after: String, $filter: PersonFilter, $day: Date) {
	  people(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
	    edges { node { id name roles(asOf: $day, first: 100) { totalCount edges { node { actor { id } } } } } } } }`
	hasRoleAt := func(actor string) func(any) bool {
		return func(n any) bool {
			for i := 0; i < count(get(n, "roles", "edges")); i++ {
				if get(n, "roles", "edges", i, "node", "actor", "id") == actor {
					return true
				}
			}
			return false
		}
	}
	hasRole := func(n any) bool { return num(get(n, "roles", "totalCount")) > 0 }
	// The lost key actor's people worked there until funding ended.
	checkFilters(t, "people", rootList(q, "people"), []filterCase{
		{"actor on a day", map[string]any{"actor": seed.LostKeyActorID, "asOf": seed.KeyActorCentralDay}, map[string]any{"day": seed.KeyActorCentralDay}, hasRoleAt(seed.LostKeyActorID)},
		{"actor today", map[string]any{"actor": seed.BrokerSchoolID, "asOf": seed.ReferenceDay}, map[string]any{"day": seed.ReferenceDay}, hasRoleAt(seed.BrokerSchoolID)},
		{"asOf today", map[string]any{"asOf": seed.ReferenceDay}, map[string]any{"day": seed.ReferenceDay}, hasRole},
		{"asOf 2024", map[string]any{"asOf": seed.KeyActorCentralDay}, map[string]any{"day": seed.KeyActorCentralDay}, hasRole},
		{"nameContains", map[string]any{"nameContains": "ER"}, map[string]any{"day": seed.ReferenceDay}, func(n any) bool {
			return strings.Contains(fold(str(get(n, "name"))), "er")
		}},
	})
	// Without asOf the actor filter also finds those who have left.
	d := mustPost(t, `query($a: ID!, $day: Date) { all: people(first: 100, filter: {actor: $a}) { edges { node { id } } }
	  today: people(first: 100, filter: {actor: $a, asOf: $day}) { edges { node { id } } } }`,
		map[string]any{"a": seed.LostKeyActorID, "day": seed.ReferenceDay})
	if all, today := nodeIDs(get(d, "all")), nodeIDs(get(d, "today")); len(all) == 0 || len(today) != 0 {
		t.Errorf("people of the lost key actor: %v in all, %v today; want some, none", all, today)
	}
}

func TestCooperationsFilters(t *testing.T) {
	needNeo4j(t)
	// Each end is asked in a query of its own, and the neighbourhoods of
	// the actors come from the actor list: asking for fields of both ends
	// at once trips the loader (see TestBatchedFieldsOfManyCooperationLists).
	const q = `query($first: Int, $after: String, $filter: CooperationFilter) {
	  cooperations(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
	    edges { node { id kind validFrom validTo lastConfirmed %s { id } } } } }`
	list := func(t *testing.T, vars map[string]any) []any {
		t.Helper()
		froms := walk(t, fmt.Sprintf(q, "from"), "cooperations", vars)
		tos := walk(t, fmt.Sprintf(q, "to"), "cooperations", vars)
		if len(froms) != len(tos) {
			t.Fatalf("%d cooperations with their from end, %d with their to end", len(froms), len(tos))
		}
		for i, n := range froms {
			if get(n, "id") != get(tos[i], "id") {
				t.Fatalf("cooperations in another order the second time: %v, %v", get(n, "id"), get(tos[i], "id"))
			}
			n.(map[string]any)["to"] = get(tos[i], "to")
		}
		return froms
	}
	// Where each actor is active, enclosing neighbourhoods included.
	places := map[string][]string{}
	for _, a := range walk(t, `query($first: Int, $after: String) { actors(first: $first, after: $after, filter: {includeEnded: true}) {
	  totalCount pageInfo { hasNextPage endCursor } edges { node { id neighbourhoods { id ancestors { id } } } } } }`, "actors", nil) {
		for i := 0; i < count(get(a, "neighbourhoods")); i++ {
			nb := get(a, "neighbourhoods", i)
			places[str(get(a, "id"))] = append(places[str(get(a, "id"))], append(idsOf(get(nb, "ancestors")), str(get(nb, "id")))...)
		}
	}
	activeIn := func(n any, end, x string) bool { return slices.Contains(places[str(get(n, end, "id"))], x) }
	of := func(n any, a string) bool { return get(n, "from", "id") == a || get(n, "to", "id") == a }
	checkFilters(t, "cooperations", list, []filterCase{
		{"kinds", map[string]any{"kinds": []string{"FUNDING", "REFERRAL"}}, nil, func(n any) bool { return get(n, "kind") == "FUNDING" || get(n, "kind") == "REFERRAL" }},
		{"actor from both ends", map[string]any{"actor": seed.BrokerSchoolID}, nil, func(n any) bool { return of(n, seed.BrokerSchoolID) }},
		{"neighbourhood quarter", map[string]any{"neighbourhood": nbhLindenpark}, nil, func(n any) bool {
			return activeIn(n, "from", nbhLindenpark) && activeIn(n, "to", nbhLindenpark)
		}},
		{"neighbourhood district", map[string]any{"neighbourhood": nbhNord}, nil, func(n any) bool {
			return activeIn(n, "from", nbhNord) && activeIn(n, "to", nbhNord)
		}},
		{"asOf today", map[string]any{"asOf": seed.ReferenceDay}, nil, func(n any) bool { return validOn(n, seed.ReferenceDay) }},
		{"asOf 2024", map[string]any{"asOf": seed.KeyActorCentralDay}, nil, func(n any) bool { return validOn(n, seed.KeyActorCentralDay) }},
		{"confirmedBefore", map[string]any{"confirmedBefore": seed.StaleBefore}, nil, func(n any) bool { return confirmedBefore(n, seed.StaleBefore) }},
		{"actor, kinds and asOf", map[string]any{"actor": seed.LostKeyActorID, "kinds": []string{"FUNDING", "JOINT_PROJECT"}, "asOf": seed.KeyActorCentralDay}, nil, func(n any) bool {
			return of(n, seed.LostKeyActorID) && (get(n, "kind") == "FUNDING" || get(n, "kind") == "JOINT_PROJECT") && validOn(n, seed.KeyActorCentralDay)
		}},
	})
	// The actor filter sees cooperations from either end.
	d := mustPost(t, `query($a: ID) { cooperations(first: 100, filter: {actor: $a}) { edges { node { from { id } } } } }`, map[string]any{"a": seed.BrokerSchoolID})
	ends := map[bool]int{}
	for i := 0; i < count(get(d, "cooperations", "edges")); i++ {
		ends[get(d, "cooperations", "edges", i, "node", "from", "id") == seed.BrokerSchoolID]++
	}
	if ends[true] == 0 || ends[false] == 0 {
		t.Errorf("the broker school's cooperations start from it %d times and end at it %d times; want both", ends[true], ends[false])
	}
}

func TestNetworksFilters(t *testing.T) {
	needNeo4j(t)
	const q = `query($first: Int, $after: String, $filter: NetworkFilter) {
	  networks(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
	    edges { node { id name kind validFrom validTo neighbourhoods { id ancestors { id } } } } } }`
	lindenparkAnc, mitteAnc := ancestorsOf(t, nbhLindenpark), ancestorsOf(t, nbhMitte)
	checkFilters(t, "networks", rootList(q, "networks"), []filterCase{
		{"kinds", map[string]any{"kinds": []string{"ROUND_TABLE", "WORKING_GROUP"}}, nil, func(n any) bool {
			return get(n, "kind") == "ROUND_TABLE" || get(n, "kind") == "WORKING_GROUP"
		}},
		{"neighbourhood quarter: covering it or enclosing it", map[string]any{"neighbourhood": nbhLindenpark}, nil, func(n any) bool {
			return reaches(get(n, "neighbourhoods"), nbhLindenpark, lindenparkAnc)
		}},
		{"neighbourhood district: covering it, inside or enclosing it", map[string]any{"neighbourhood": nbhMitte}, nil, func(n any) bool {
			return reaches(get(n, "neighbourhoods"), nbhMitte, mitteAnc)
		}},
		{"nameContains folded", map[string]any{"nameContains": "AELTER"}, nil, func(n any) bool { return strings.Contains(fold(str(get(n, "name"))), "aelter") }},
		{"asOf", map[string]any{"asOf": "2013-01-01"}, nil, func(n any) bool { return validOn(n, "2013-01-01") }},
		{"kinds and neighbourhood", map[string]any{"kinds": []string{"PREVENTION_CHAIN", "THEMATIC"}, "neighbourhood": nbhLindenpark}, nil, func(n any) bool {
			k := get(n, "kind")
			return (k == "PREVENTION_CHAIN" || k == "THEMATIC") && reaches(get(n, "neighbourhoods"), nbhLindenpark, lindenparkAnc)
		}},
	})
}

func TestEventsFilters(t *testing.T) {
	needNeo4j(t)
	const q = `query($first: Int, $after: String, $filter: EventFilter) {
	  events(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
	    edges { node { id kind date organiser { id } network { id } neighbourhood { id ancestors { id } }
	      participants(first: 100) { edges { node { id } } } } } } }`
	took := func(a string) func(any) bool {
		return func(n any) bool {
			return get(n, "organiser", "id") == a || slices.Contains(nodeIDs(get(n, "participants")), a)
		}
	}
	between := func(from, to string) func(any) bool {
		return func(n any) bool {
			d := str(get(n, "date"))
			return (from == "" || d >= from) && (to == "" || d <= to)
		}
	}
	checkFilters(t, "events", rootList(q, "events"), []filterCase{
		{"from", map[string]any{"from": "2024-01-01"}, nil, between("2024-01-01", "")},
		{"to", map[string]any{"to": "2019-12-31"}, nil, between("", "2019-12-31")},
		{"from and to, inclusive", map[string]any{"from": "2021-01-01", "to": "2021-12-31"}, nil, between("2021-01-01", "2021-12-31")},
		{"network", map[string]any{"network": seed.GrowingNetworkID}, nil, func(n any) bool { return get(n, "network", "id") == seed.GrowingNetworkID }},
		{"actor organising or taking part", map[string]any{"actor": seed.BrokerSchoolID}, nil, took(seed.BrokerSchoolID)},
		{"actor organising often", map[string]any{"actor": seed.LostKeyActorID}, nil, took(seed.LostKeyActorID)},
		{"neighbourhood district", map[string]any{"neighbourhood": nbhMitte}, nil, func(n any) bool { return inside(get(n, "neighbourhood"), nbhMitte) }},
		{"kinds", map[string]any{"kinds": []string{"NETWORK_MEETING"}}, nil, func(n any) bool { return get(n, "kind") == "NETWORK_MEETING" }},
		{"network, actor and range", map[string]any{"network": seed.ShrunkNetworkID, "actor": seed.LostKeyActorID, "from": "2022-01-01"}, nil, func(n any) bool {
			return get(n, "network", "id") == seed.ShrunkNetworkID && took(seed.LostKeyActorID)(n) && between("2022-01-01", "")(n)
		}},
	})
	// An event organised and taken part in by the same actor counts once;
	// events are newest first.
	nodes := walk(t, q, "events", map[string]any{"filter": map[string]any{"actor": seed.LostKeyActorID}})
	for i := 1; i < len(nodes); i++ {
		if str(get(nodes[i], "date")) > str(get(nodes[i-1], "date")) {
			t.Errorf("events not newest first: %v after %v", get(nodes[i], "date"), get(nodes[i-1], "date"))
		}
	}
	if ids := idsOfNodes(nodes); len(slices.Compact(slices.Sorted(slices.Values(ids)))) != len(ids) {
		t.Errorf("an event is listed twice for one actor: %v", ids)
	}
}

func TestActorsRootFilters(t *testing.T) {
	needNeo4j(t)
	const q = `query($first: Int, $after: String, $filter: ActorFilter, $day: Date) {
	  actors(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
	    edges { node { id name validFrom validTo lastConfirmed
	      forTG: services(filter: {targetGroup: "tg_seniors-65", asOf: $day, includeEnded: true}) { totalCount }
	      forChildren: services(filter: {targetGroup: "tg_children-6-13", asOf: $day, includeEnded: true}) { totalCount }
	      onTopic: services(filter: {topic: "top_education", asOf: $day, includeEnded: true}) { totalCount } } } } }`
	day := map[string]any{"day": seed.ReferenceDay}
	checkFilters(t, "actors", rootList(q, "actors"), []filterCase{
		{"targetGroup on a day", map[string]any{"targetGroup": tgSeniors, "asOf": seed.ReferenceDay}, day, func(n any) bool {
			return num(get(n, "forTG", "totalCount")) > 0 && validOn(n, seed.ReferenceDay)
		}},
		{"topic on a day", map[string]any{"topic": topEducation, "asOf": seed.ReferenceDay}, day, func(n any) bool {
			return num(get(n, "onTopic", "totalCount")) > 0 && validOn(n, seed.ReferenceDay)
		}},
		{"targetGroup at any time", map[string]any{"targetGroup": tgSeniors}, map[string]any{"day": nil}, func(n any) bool { return num(get(n, "forTG", "totalCount")) > 0 }},
		// Both filters start the list together; one service may meet both.
		{"targetGroup and topic on a day", map[string]any{"targetGroup": tgChildren, "topic": topEducation, "asOf": seed.ReferenceDay}, day, func(n any) bool {
			return num(get(n, "forChildren", "totalCount")) > 0 && num(get(n, "onTopic", "totalCount")) > 0 && validOn(n, seed.ReferenceDay)
		}},
		{"asOf", map[string]any{"asOf": seed.ReferenceDay}, day, func(n any) bool { return validOn(n, seed.ReferenceDay) }},
		{"confirmedBefore", map[string]any{"confirmedBefore": seed.StaleBefore}, day, func(n any) bool { return confirmedBefore(n, seed.StaleBefore) }},
		{"nameContains folded", map[string]any{"nameContains": "STAETTE"}, day, func(n any) bool { return strings.Contains(fold(str(get(n, "name"))), "staette") }},
	})
}
