package server_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/seed"
)

const whatIfQuery = `query($remove: [ID!]!, $scope: ID, $day: Date) {
  whatIf(remove: $remove, network: {scope: $scope, asOf: $day}) {
    asOf removed { id }
    newGaps { need { id } candidates { service { id targetGroups { code } topics { code } } provider { id } } }
    endingServices { id }
    cutOff { size actors { id name } }
    brokerRankChanges { actor { id } rankBefore rankAfter betweennessBefore betweennessAfter }
    before { actors ties components isolates }
    after { actors ties components isolates }
  }
  actor(id: "` + seed.ClosingFamilyCentreID + `") {
    services(filter: {asOf: $day}) { edges { node { id } } }
    ... on Organisation { brokerage(network: {scope: $scope, asOf: $day}) { degree } }
  }
}`

// What if Familienzentrum Lindenpark closed (finding 6)? Worked out from
// the demo's tables:
//   - its employment counselling for single parents is the only service
//     for single parents and employment reaching Lindenpark, so
//     ClosureGapNeedID opens; its other two services (families'
//     education, parent–child groups) have other providers in the
//     quarter or the district, so no other need opens;
//   - the parents' group and the family mentors are tied to each other
//     and, of all others, only to the family centre: they form one part
//     of 2 that is cut off, and nobody else is (the family centre's other
//     partners have further ties in Nord);
//   - figures: one actor fewer; as many ties fewer as the centre has
//     partners (its degree); one component more (its component falls
//     into the rest and the cut-off pair); no new isolate (the pair keep
//     their tie).
func TestWhatIfTheFamilyCentreCloses(t *testing.T) {
	needNeo4j(t)
	d := mustPost(t, whatIfQuery, map[string]any{"remove": []string{seed.ClosingFamilyCentreID}, "scope": "nbh_nord", "day": seed.ReferenceDay})
	w := get(d, "whatIf")
	if get(w, "asOf") != seed.ReferenceDay || count(get(w, "removed")) != 1 || get(w, "removed", 0, "id") != seed.ClosingFamilyCentreID {
		t.Fatalf("removed = %v on %v", get(w, "removed"), get(w, "asOf"))
	}

	if n := count(get(w, "newGaps")); n != 1 || get(w, "newGaps", 0, "need", "id") != seed.ClosureGapNeedID {
		t.Fatalf("new gaps = %v, want only %s", get(w, "newGaps"), seed.ClosureGapNeedID)
	}
	// Candidates follow the gaps rules: other providers' services for
	// single parents and employment, at most 3.
	others := mustPost(t, `query($day: Date) { services(first: 100, filter: {targetGroup: "SINGLE_PARENTS", topic: "EMPLOYMENT", asOf: $day}) {
	  edges { node { id provider { id } } } } }`, map[string]any{"day": seed.ReferenceDay})
	elsewhere := 0
	for i := 0; i < count(get(others, "services", "edges")); i++ {
		if get(others, "services", "edges", i, "node", "provider", "id") != seed.ClosingFamilyCentreID {
			elsewhere++
		}
	}
	cands := get(w, "newGaps", 0, "candidates")
	if want := min(3, elsewhere); count(cands) != want || want == 0 {
		t.Errorf("%d candidates, want min(3, %d other services for single parents and employment)", count(cands), elsewhere)
	}
	for i := 0; i < count(cands); i++ {
		c := get(cands, i)
		if get(c, "provider", "id") == seed.ClosingFamilyCentreID ||
			!hasCode(get(c, "service", "targetGroups"), "SINGLE_PARENTS") || !hasCode(get(c, "service", "topics"), "EMPLOYMENT") {
			t.Errorf("candidate %v breaks the gaps rules", c)
		}
	}

	var services, ending []string
	for i := 0; i < count(get(d, "actor", "services", "edges")); i++ {
		services = append(services, get(d, "actor", "services", "edges", i, "node", "id").(string))
	}
	for i := 0; i < count(get(w, "endingServices")); i++ {
		ending = append(ending, get(w, "endingServices", i, "id").(string))
	}
	slices.Sort(services)
	slices.Sort(ending)
	if len(ending) != 3 || !slices.Equal(services, ending) {
		t.Errorf("ending services %v, want the centre's 3 services today %v", ending, services)
	}

	if count(get(w, "cutOff")) != 1 {
		t.Fatalf("cut off = %v, want one part", get(w, "cutOff"))
	}
	part := get(w, "cutOff", 0)
	// By name: Elterngruppe Lindenpark < Familienpatenschaften Lindenpark.
	if get(part, "size") != 2.0 || get(part, "actors", 0, "id") != seed.ParentsGroupID || get(part, "actors", 1, "id") != seed.FamilyMentorsID {
		t.Errorf("cut-off part = %v, want the parents' group and the family mentors", part)
	}

	before, after := get(w, "before"), get(w, "after")
	degree := get(d, "actor", "brokerage", "degree").(float64)
	if degree < 3 {
		t.Fatalf("the centre's degree is %v; it has at least the pair and its prevention partners", degree)
	}
	if get(after, "actors").(float64) != get(before, "actors").(float64)-1 ||
		get(after, "ties").(float64) != get(before, "ties").(float64)-degree ||
		get(after, "components").(float64) != get(before, "components").(float64)+1 ||
		get(after, "isolates") != get(before, "isolates") {
		t.Errorf("figures before %v, after %v (degree %v)", before, after, degree)
	}
	// Rank changes say where each broker was and will be.
	for i := 0; i < count(get(w, "brokerRankChanges")); i++ {
		c := get(w, "brokerRankChanges", i)
		if get(c, "rankBefore") == get(c, "rankAfter") || get(c, "actor", "id") == seed.ClosingFamilyCentreID {
			t.Errorf("rank change %v", c)
		}
	}
}

func hasCode(list any, code string) bool {
	for i := 0; i < count(list); i++ {
		if get(list, i, "code") == code {
			return true
		}
	}
	return false
}

// Each single point of failure names the actors of the parts it leaves:
// the broker school leaves the four migrant organisations of its cluster
// (finding 1), the family centre the parents' group and the mentors
// (finding 6), each as its smallest part.
func TestArticulationPointsListTheirParts(t *testing.T) {
	needNeo4j(t)
	d := mustPost(t, `query($day: Date) { brokers(network: {asOf: $day}, articulationPointsOnly: true, first: 100) {
	  actor { id } splitSizes splitParts { size actors(first: 100) { id } } } }`, map[string]any{"day": seed.ReferenceDay})
	want := map[string][]string{
		seed.BrokerSchoolID:        {seed.MigrantOrgKoepruID, "act_islamische-gemeinde-lindenpark", seed.MigrantOrgAlNurID, seed.MigrantOrgUkraineID},
		seed.ClosingFamilyCentreID: {seed.ParentsGroupID, seed.FamilyMentorsID},
	}
	for i := 0; i < count(get(d, "brokers")); i++ {
		b := get(d, "brokers", i)
		parts := get(b, "splitParts")
		if count(parts) != count(get(b, "splitSizes")) || count(parts) < 2 {
			t.Errorf("%v: %d parts for sizes %v", get(b, "actor", "id"), count(parts), get(b, "splitSizes"))
		}
		for j := 0; j < count(parts); j++ {
			if get(parts, j, "size") != get(b, "splitSizes", j) {
				t.Errorf("%v: part %d has size %v, splitSizes %v", get(b, "actor", "id"), j, get(parts, j, "size"), get(b, "splitSizes"))
			}
		}
		ids, ok := want[get(b, "actor", "id").(string)]
		if !ok {
			continue
		}
		delete(want, get(b, "actor", "id").(string))
		last := get(parts, count(parts)-1, "actors")
		var got []string
		for j := 0; j < count(last); j++ {
			got = append(got, get(last, j, "id").(string))
		}
		slices.Sort(got)
		slices.Sort(ids)
		if !slices.Equal(got, ids) {
			t.Errorf("%v leaves %v, want %v", get(b, "actor", "id"), got, ids)
		}
	}
	if len(want) > 0 {
		t.Errorf("not listed as articulation points: %v", want)
	}
	// A part lists at most `first` actors; its size says how many there are.
	d = mustPost(t, `query($day: Date) { brokers(network: {asOf: $day}, articulationPointsOnly: true, first: 100) {
	  actor { id } splitParts { size actors(first: 1) { id } } } }`, map[string]any{"day": seed.ReferenceDay})
	for i := 0; i < count(get(d, "brokers")); i++ {
		for j := 0; j < count(get(d, "brokers", i, "splitParts")); j++ {
			if count(get(d, "brokers", i, "splitParts", j, "actors")) != 1 {
				t.Fatalf("part %v lists more than first: 1", get(d, "brokers", i, "splitParts", j))
			}
		}
	}
}

// whatIf answers within the caller's rights: a viewer of another district
// cannot tell the family centre from a missing id, the public (without
// credentials) may not ask, and a viewer of Nord sees the same scenario as an admin.
func TestWhatIfAccess(t *testing.T) {
	needNeo4j(t)
	vars := func(id string) map[string]any {
		return map[string]any{"remove": []string{id}, "day": seed.ReferenceDay}
	}
	q := `query($remove: [ID!]!, $day: Date) { whatIf(remove: $remove, network: {asOf: $day}) {
	  removed { id } cutOff { actors { id } } before { actors } } }`
	mitte := token(t, "viewer-mitte", domain.RoleViewer, "nbh_mitte")
	hidden := postAs(t, srv.URL, mitte, q, vars(seed.ClosingFamilyCentreID))
	missing := postAs(t, srv.URL, mitte, q, vars("act_e2e-missing"))
	for _, r := range []response{hidden, missing} {
		if r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "remove" || r.Data != nil {
			t.Fatalf("code %q, field %v, data %v; want BAD_USER_INPUT on remove and no data", r.code(), r.Errors, r.Data)
		}
	}
	if h, m := strings.ReplaceAll(hidden.Errors[0].Message, seed.ClosingFamilyCentreID, "ID"),
		strings.ReplaceAll(missing.Errors[0].Message, "act_e2e-missing", "ID"); h != m {
		t.Errorf("messages differ: %q vs %q", h, m)
	}

	if r := postAs(t, srv.URL, "", q, vars(seed.ClosingFamilyCentreID)); r.code() != "UNAUTHENTICATED" || r.Data != nil {
		t.Errorf("public: code %q, data %v; want UNAUTHENTICATED as for every analysis", r.code(), r.Data)
	}

	nord := postAs(t, srv.URL, token(t, "viewer-nord", domain.RoleViewer, "nbh_nord"), q, vars(seed.ClosingFamilyCentreID))
	admin := post(t, q, vars(seed.ClosingFamilyCentreID))
	if len(nord.Errors) > 0 || len(admin.Errors) > 0 {
		t.Fatalf("errors: viewer %v, admin %v", nord.Errors, admin.Errors)
	}
	// The viewer of Nord sees Nord's actors only: fewer than the admin,
	// but the same cut-off pair (both are in Lindenpark, Nord).
	if get(nord.Data, "whatIf", "before", "actors").(float64) >= get(admin.Data, "whatIf", "before", "actors").(float64) {
		t.Errorf("viewer of Nord sees %v actors, admin %v", get(nord.Data, "whatIf", "before", "actors"), get(admin.Data, "whatIf", "before", "actors"))
	}
	if get(nord.Data, "whatIf", "cutOff", 0, "actors", 1, "id") != seed.FamilyMentorsID {
		t.Errorf("viewer of Nord: cut off %v", get(nord.Data, "whatIf", "cutOff"))
	}
}

// Bad input is refused with BAD_USER_INPUT naming the field, before any
// analysis runs.
func TestWhatIfBadInput(t *testing.T) {
	needNeo4j(t)
	tests := []struct {
		name, args, field string
	}{
		{"no actor", `remove: []`, "remove"},
		{"unknown actor", `remove: ["act_e2e-missing"]`, "remove"},
		{"an actor closed on the day", `remove: ["` + seed.LostKeyActorID + `"]`, "remove"},
		{"not an actor", `remove: ["` + seed.BrokerQuarterID + `"]`, "remove"},
		{"too many candidates", `remove: ["` + seed.ClosingFamilyCentreID + `"], candidates: 21`, "candidates"},
		{"no brokers compared", `remove: ["` + seed.ClosingFamilyCentreID + `"], topBrokers: 0`, "topBrokers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := post(t, `{ whatIf(`+tt.args+`, network: {asOf: "`+seed.ReferenceDay+`"}) { removed { id } } }`, nil)
			if r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != tt.field {
				t.Errorf("code %q, errors %+v; want BAD_USER_INPUT on %s", r.code(), r.Errors, tt.field)
			}
		})
	}
}

// A what-if ranks the brokers twice and reads the coverage: 60 000
// points, so four fit under the limit of 250 000 and five are refused
// before any Cypher runs.
func TestWhatIfIsCosted(t *testing.T) {
	needNeo4j(t)
	q := func(n int) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			fmt.Fprintf(&b, ` w%d: whatIf(remove: ["%s"], topBrokers: %d) { removed { id } }`, i, seed.ClosingFamilyCentreID, i+1)
		}
		return b.String() + " }"
	}
	if r := post(t, q(4), nil); len(r.Errors) > 0 {
		t.Errorf("four what-ifs: %+v", r.Errors)
	}
	if r := post(t, q(5), nil); r.code() != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Errorf("five what-ifs: code %q, want COMPLEXITY_LIMIT_EXCEEDED", r.code())
	}
}
