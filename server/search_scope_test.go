package server_test

import (
	"slices"
	"strings"
	"testing"
)

// demoHits runs a search and returns the ids of the demo's hits (other
// tests add records of their own), sorted.
func demoHits(t *testing.T, vars map[string]any) []string {
	t.Helper()
	d := mustPost(t, `query($text: String!, $types: [SearchType!], $asOf: Date, $all: Boolean, $scope: ID) {
	  search(text: $text, types: $types, first: 100, asOf: $asOf, includeEnded: $all, scope: $scope) {
	    node { id ... on Record { externalKey } } } }`, vars)
	var out []string
	for i := range count(get(d, "search")) {
		if strings.HasPrefix(str(get(d, "search", i, "node", "externalKey")), "demo:") {
			out = append(out, str(get(d, "search", i, "node", "id")))
		}
	}
	slices.Sort(out)
	return out
}

// TestSearchScopeAndDay: search finds what is there on a day (today
// unless told) in a place. Worked out from the demo city's tables
// (seed/demo_actors_*.go, seed/demo_templates_local.go):
//
//   - "Hausaufgaben" in Bahnhofsviertel: the Nachbarschaftshaus (actor
//     since 2004; its homework help since 2012-09), St. Petri's
//     Schülerhilfe (since 2015-10) and the Lernpaten (actor since
//     2019-02, their Lernclub since 2019-09). In Lindenpark only the
//     mosque's open day mentions a homework room ("Hausaufgabenraum").
//   - "Seniorennachmittag": the seniors' club of Lindenpark ran one from
//     1998 to 2023-03-31; Brunnenviertel (Süd) and Eschenried (Ost) run
//     theirs still.
func TestSearchScopeAndDay(t *testing.T) {
	needNeo4j(t)
	const (
		nbhHaus    = "act_nachbarschaftshaus-bahnhofsviertel"
		nbhHausSvc = "svc_nachbarschaftshaus-bahnhofsviertel--hausaufgabenhilfe"
		petri      = "svc_st-petri--schuelerhilfe"
		paten      = "act_lernpaten-bahnhofsviertel"
		patenSvc   = "svc_lernpaten-bahnhofsviertel--lernclub"
		moschee    = "svc_islamische-gemeinde-lindenpark--offene-moschee"
		lindenSen  = "svc_seniorenclub-lindenpark--seniorentreff"
		brunnenSen = "svc_nachbarschaftstreff-brunnenhof--seniorentreff"
		eschenSen  = "svc_stadtteilzentrum-eschenried--seniorentreff"
	)
	services := []string{"SERVICE"}
	tests := []struct {
		name string
		vars map[string]any
		want []string
	}{
		{"homework help in Bahnhofsviertel today", map[string]any{"text": "Hausaufgaben", "scope": "nbh_bahnhofsviertel"},
			[]string{paten, nbhHaus, patenSvc, nbhHausSvc, petri}},
		{"homework help in Bahnhofsviertel in 2016", map[string]any{"text": "Hausaufgaben", "scope": "nbh_bahnhofsviertel", "asOf": "2016-01-01"},
			[]string{nbhHaus, nbhHausSvc, petri}},
		{"homework help in Lindenpark", map[string]any{"text": "Hausaufgaben", "scope": "nbh_lindenpark"}, []string{moschee}},
		{"seniors' afternoons today", map[string]any{"text": "Seniorennachmittag", "types": services}, []string{brunnenSen, eschenSen}},
		{"seniors' afternoons in Lindenpark today", map[string]any{"text": "Seniorennachmittag", "types": services, "scope": "nbh_lindenpark"}, nil},
		{"seniors' afternoons in Lindenpark in 2022", map[string]any{"text": "Seniorennachmittag", "types": services, "scope": "nbh_lindenpark", "asOf": "2022-06-01"},
			[]string{lindenSen}},
		{"seniors' afternoons in Lindenpark, ended too", map[string]any{"text": "Seniorennachmittag", "types": services, "scope": "nbh_lindenpark", "all": true},
			[]string{lindenSen}},
		// A district's scope holds its quarters.
		{"seniors' afternoons in Süd", map[string]any{"text": "Seniorennachmittag", "types": services, "scope": "nbh_sued"}, []string{brunnenSen}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := demoHits(t, tc.vars); !slices.Equal(got, tc.want) {
				t.Errorf("hits = %v, want %v", got, tc.want)
			}
		})
	}
	for _, tc := range []struct{ name, query, field string }{
		{"unknown scope", `{ search(text: "Hausaufgaben", scope: "nbh_nirgendwo") { score } }`, "scope"},
		{"asOf and includeEnded", `{ search(text: "Hausaufgaben", asOf: "2020-01-01", includeEnded: true) { score } }`, "includeEnded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := post(t, tc.query, nil)
			if r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != tc.field {
				t.Errorf("errors %+v, want BAD_USER_INPUT on %s", r.Errors, tc.field)
			}
		})
	}
}
