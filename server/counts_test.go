package server_test

import (
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/seed"
)

// postOK posts as bearer ("" the public) and fails on any error.
func postOK(t *testing.T, bearer, query string, vars map[string]any) map[string]any {
	t.Helper()
	r := postAs(t, srv.URL, bearer, query, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("%v", r.Errors)
	}
	return r.Data
}

// countsOf turns a countsBy answer into a map.
func countsOf(v any) map[string]float64 {
	out := map[string]float64{}
	for i := 0; i < count(v); i++ {
		out[get(v, i, "value").(string)] = fnum(get(v, i, "count"))
	}
	return out
}

// Counting an actor list by sector or kind counts exactly the list: the
// counts add up to totalCount, and each equals the totalCount of the list
// filtered by that value as well, for every role (hidden actors are
// counted by nobody who cannot list them).
func TestActorCountsAddUpToTheList(t *testing.T) {
	needNeo4j(t)
	callers := map[string]string{
		"admin":         adminToken,
		"viewer of Süd": token(t, "viewer-sued", domain.RoleViewer, "nbh_sued"),
		"public":        "",
	}
	for name, bearer := range callers {
		for _, field := range []string{"SECTOR", "KIND"} {
			t.Run(name+" "+field, func(t *testing.T) {
				vars := map[string]any{"field": field, "day": seed.ReferenceDay}
				d := postOK(t, bearer, `query($field: ActorCountField!, $day: Date) {
				  actors(filter: {asOf: $day}, first: 1) { totalCount countsBy(field: $field) { value count } } }`, vars)
				total := fnum(get(d, "actors", "totalCount"))
				counts := countsOf(get(d, "actors", "countsBy"))
				sum := 0.0
				for _, c := range counts {
					sum += c
				}
				if sum != total || total == 0 {
					t.Errorf("counts %v add up to %v, totalCount %v", counts, sum, total)
				}
				filter := map[string]string{"SECTOR": "sectors", "KIND": "kinds"}[field]
				for value, c := range counts {
					d := postOK(t, bearer, `query($f: ActorFilter) { actors(filter: $f, first: 1) { totalCount } }`,
						map[string]any{"f": map[string]any{"asOf": seed.ReferenceDay, filter: []string{value}}})
					if got := fnum(get(d, "actors", "totalCount")); got != c {
						t.Errorf("%s %s: counted %v, listed %v", field, value, c, got)
					}
				}
			})
		}
	}
}

// The viewer of Süd counts fewer actors than the admin, and exactly the
// admin's count of actors in Süd: nothing from another district.
func TestActorCountsStayInTheViewersDistricts(t *testing.T) {
	needNeo4j(t)
	const q = `query($f: ActorFilter) { actors(filter: $f, first: 1) { totalCount countsBy(field: SECTOR) { value count } } }`
	viewer := postOK(t, token(t, "viewer-sued", domain.RoleViewer, "nbh_sued"), q, map[string]any{"f": map[string]any{"asOf": seed.ReferenceDay}})
	admin := postOK(t, adminToken, q, map[string]any{"f": map[string]any{"asOf": seed.ReferenceDay, "neighbourhood": "nbh_sued"}})
	all := postOK(t, adminToken, q, map[string]any{"f": map[string]any{"asOf": seed.ReferenceDay}})
	v, a := countsOf(get(viewer, "actors", "countsBy")), countsOf(get(admin, "actors", "countsBy"))
	if len(v) == 0 || len(v) != len(a) {
		t.Fatalf("viewer %v, admin in Süd %v", v, a)
	}
	for k := range a {
		if v[k] != a[k] {
			t.Errorf("%s: viewer counts %v, admin counts %v in Süd", k, v[k], a[k])
		}
	}
	if fnum(get(viewer, "actors", "totalCount")) >= fnum(get(all, "actors", "totalCount")) {
		t.Error("the viewer of Süd counts as many actors as the admin in the whole city")
	}
}

// Counting a quarter's services by target group agrees with the coverage
// matrix's cells (the list filter and the matrix share the reach rule: a
// district's services reach its quarters), and a nested list refuses to
// be counted rather than count another list.
func TestServiceCountsAgreeWithTheCoverageMatrix(t *testing.T) {
	needNeo4j(t)
	d := mustPost(t, `query($day: Date) { services(filter: {neighbourhood: "nbh_lindenpark", asOf: $day}, first: 1) {
	  totalCount countsBy(field: TARGET_GROUP) { value count } } }`, map[string]any{"day": seed.ReferenceDay})
	counts := countsOf(get(d, "services", "countsBy"))
	m := get(mustPost(t, coverageQuery, coverageVars("nbh_nord", "NEIGHBOURHOOD", "TARGET_GROUP", "SERVICES")), "coverage")
	for j := 0; j < count(get(m, "columns")); j++ {
		tg := get(m, "columns", j, "id").(string)
		if got := fnum(get(cellOf(t, m, "nbh_lindenpark", tg), "tally", "services")); got != counts[tg] {
			t.Errorf("%s: matrix %v, countsBy %v", tg, got, counts[tg])
		}
	}
	// The Lindenpark row's total counts each service once, as totalCount.
	for i := 0; i < count(get(m, "rows")); i++ {
		if get(m, "rows", i, "id") == "nbh_lindenpark" && fnum(get(m, "rowTotals", i, "services")) != fnum(get(d, "services", "totalCount")) {
			t.Errorf("row total %v, totalCount %v", get(m, "rowTotals", i, "services"), get(d, "services", "totalCount"))
		}
	}
}

// countsBy on a nested list counts that list, with its own filter and its
// parent, not the root list. Expected counts worked out from the demo
// city's tables (seed/demo_actors_nord.go, seed/demo_changes.go,
// seed/demo_templates.go):
//   - Lindenpark's actors of three kinds on the reference day: the
//     migrant organisations Köprü (2009), Al-Nur (2011) and the Ukrainian
//     meeting point (2022), the Islamic community, and the residents'
//     groups Mieterbeirat and Elterngruppe (since 2026-03-01): 6 in all,
//     all civil society (their kinds' sector);
//   - only the migrant organisations: 3;
//   - the primary school am Lindenpark's three services (Ganztag,
//     Schulsozialarbeit, DaZ), all for children of 6 to 13, on education
//     and culture, safety, and language.
//
// Lists without a filter (a community's actors) answer null.
func TestNestedCountsCountTheirOwnList(t *testing.T) {
	needNeo4j(t)
	day := seed.ReferenceDay
	three := map[string]any{"asOf": day, "kinds": []string{"MIGRANT_ORGANISATION", "RELIGIOUS_COMMUNITY", "RESIDENTS_GROUP"}}
	tests := []struct {
		name  string
		query string
		vars  map[string]any
		path  []any
		want  map[string]float64
	}{
		{"quarter's actors by kind", `query($f: ActorFilter) { neighbourhood(id: "nbh_lindenpark") {
		  actors(filter: $f, first: 1) { totalCount countsBy(field: KIND) { value count } } } }`,
			map[string]any{"f": three}, []any{"neighbourhood", "actors"},
			map[string]float64{"MIGRANT_ORGANISATION": 3, "RELIGIOUS_COMMUNITY": 1, "RESIDENTS_GROUP": 2}},
		{"quarter's actors by sector", `query($f: ActorFilter) { neighbourhood(id: "nbh_lindenpark") {
		  actors(filter: $f, first: 1) { totalCount countsBy(field: SECTOR) { value count } } } }`,
			map[string]any{"f": three}, []any{"neighbourhood", "actors"},
			map[string]float64{"CIVIL_SOCIETY": 6}},
		{"quarter's migrant organisations", `query($f: ActorFilter) { neighbourhood(id: "nbh_lindenpark") {
		  actors(filter: $f, first: 1) { totalCount countsBy(field: KIND) { value count } } } }`,
			map[string]any{"f": map[string]any{"asOf": day, "kinds": []string{"MIGRANT_ORGANISATION"}}}, []any{"neighbourhood", "actors"},
			map[string]float64{"MIGRANT_ORGANISATION": 3}},
		{"school's services by target group", `query($day: Date) { actor(id: "act_gs-am-lindenpark") { ... on Institution {
		  services(filter: {asOf: $day}, first: 1) { totalCount countsBy(field: TARGET_GROUP) { value count } } } } }`,
			map[string]any{"day": day}, []any{"actor", "services"},
			map[string]float64{"tg_children-6-13": 3}},
		{"school's services by topic", `query($day: Date) { actor(id: "act_gs-am-lindenpark") { ... on Institution {
		  services(filter: {asOf: $day}, first: 1) { totalCount countsBy(field: TOPIC) { value count } } } } }`,
			map[string]any{"day": day}, []any{"actor", "services"},
			map[string]float64{"top_education": 1, "top_culture": 1, "top_safety": 1, "top_language": 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := postOK(t, adminToken, tc.query, tc.vars)
			conn := get(d, tc.path...)
			got := countsOf(get(conn, "countsBy"))
			if len(got) != len(tc.want) {
				t.Errorf("counts %v, want %v", got, tc.want)
			}
			for k, v := range tc.want {
				if got[k] != v {
					t.Errorf("%s: %v, want %v", k, got[k], v)
				}
			}
			if tc.path[0] == "neighbourhood" {
				sum := 0.0
				for _, c := range got {
					sum += c
				}
				if total := fnum(get(conn, "totalCount")); sum != total {
					t.Errorf("counts add up to %v, totalCount %v", sum, total)
				}
			}
		})
	}
	// A quarter's services are those reaching it: counted as the root
	// list filtered by the quarter counts them (the same reach rule).
	q := `query($day: Date) {
	  root: services(filter: {neighbourhood: "nbh_lindenpark", asOf: $day}, first: 1) { totalCount countsBy(field: TARGET_GROUP) { value count } }
	  neighbourhood(id: "nbh_lindenpark") { services(filter: {asOf: $day}, first: 1) { totalCount countsBy(field: TARGET_GROUP) { value count } } } }`
	d := postOK(t, adminToken, q, map[string]any{"day": day})
	root, nested := countsOf(get(d, "root", "countsBy")), countsOf(get(d, "neighbourhood", "services", "countsBy"))
	if len(root) == 0 || len(root) != len(nested) {
		t.Fatalf("root %v, nested %v", root, nested)
	}
	for k, v := range root {
		if nested[k] != v {
			t.Errorf("%s: nested %v, root filtered by the quarter %v", k, nested[k], v)
		}
	}
	// A list without a filter is not counted: null.
	n := postOK(t, adminToken, `{ communities { communities(first: 1) { edges { node {
	  actors(first: 2) { totalCount countsBy(field: SECTOR) { value count } } } } } } }`, nil)
	if c := get(n, "communities", "communities", "edges", 0, "node", "actors"); get(c, "countsBy") != nil || fnum(get(c, "totalCount")) == 0 {
		t.Errorf("a community's countsBy: %v", c)
	}
}

// Services counted by the provider's sector agree with the coverage
// matrix's sector rows for the same quarter, and add up to totalCount
// (one provider each); counted by where they are offered, the count of
// Lindenpark itself is the number of listed services that name it.
func TestServiceCountsByProviderSectorAndPlace(t *testing.T) {
	needNeo4j(t)
	d := mustPost(t, `query($day: Date) { services(filter: {neighbourhood: "nbh_lindenpark", asOf: $day}, first: 100) {
	  totalCount edges { node { neighbourhoods { id } } }
	  bySector: countsBy(field: PROVIDER_SECTOR) { value count } byPlace: countsBy(field: NEIGHBOURHOOD) { value count } } }`,
		map[string]any{"day": seed.ReferenceDay})
	bySector, byPlace := countsOf(get(d, "services", "bySector")), countsOf(get(d, "services", "byPlace"))
	m := get(mustPost(t, coverageQuery, coverageVars("nbh_lindenpark", "SECTOR", "TOPIC", "SERVICES")), "coverage")
	sum := 0.0
	for i := 0; i < count(get(m, "rows")); i++ {
		sector := get(m, "rows", i, "id").(string)
		if got := fnum(get(m, "rowTotals", i, "services")); got != bySector[sector] {
			t.Errorf("%s: matrix %v, countsBy %v", sector, got, bySector[sector])
		}
		sum += bySector[sector]
	}
	total := fnum(get(d, "services", "totalCount"))
	if sum != total || total == 0 || total > 100 {
		t.Errorf("sectors add up to %v, totalCount %v (at most one page of 100 expected)", sum, total)
	}
	named := 0.0
	for i := 0; i < count(get(d, "services", "edges")); i++ {
		for _, n := range get(d, "services", "edges", i, "node", "neighbourhoods").([]any) {
			if get(n, "id") == "nbh_lindenpark" {
				named++
			}
		}
	}
	if byPlace["nbh_lindenpark"] != named || named == 0 {
		t.Errorf("offered in Lindenpark: countsBy %v, listed %v", byPlace["nbh_lindenpark"], named)
	}
}
