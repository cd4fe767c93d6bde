package server_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/seed"
)

// The analysis questions, asked of the demo city through HTTP.

func TestBrokersFindTheBridgingSchool(t *testing.T) {
	needNeo4j(t)
	d := mustPost(t, `query($sel: NetworkSelection) { brokers(network: $sel, first: 100, partition: KIND) {
	  actor { id } betweenness degree constraint effectiveSize articulationPoint splitSizes
	  roles { coordinator gatekeeper representative consultant liaison total } } }`,
		map[string]any{"sel": map[string]any{"asOf": seed.ReferenceDay}})
	brokers := get(d, "brokers")
	if count(brokers) == 0 {
		t.Fatal("no brokers")
	}
	found := false
	for i := 0; i < count(brokers); i++ {
		b := get(brokers, i)
		if i > 0 && get(b, "betweenness").(float64) > get(brokers, i-1, "betweenness").(float64) {
			t.Errorf("brokers not ranked by betweenness at %d", i)
		}
		roles := get(b, "roles")
		sum := 0.0
		for _, k := range []string{"coordinator", "gatekeeper", "representative", "consultant", "liaison"} {
			sum += get(roles, k).(float64)
		}
		if sum != get(roles, "total").(float64) {
			t.Errorf("roles of %v do not add up: %v", get(b, "actor", "id"), roles)
		}
		if get(b, "actor", "id") == seed.BrokerSchoolID {
			found = true
			if get(b, "articulationPoint") != true || count(get(b, "splitSizes")) < 2 {
				t.Errorf("broker school should be an articulation point: %v", b)
			}
			if get(b, "betweenness").(float64) <= 0 {
				t.Errorf("broker school has no betweenness")
			}
		}
	}
	if !found {
		t.Errorf("broker school %s not among the first 100 brokers", seed.BrokerSchoolID)
	}
	// Only single points of failure, when asked.
	d = mustPost(t, `{ brokers(articulationPointsOnly: true, first: 100) { articulationPoint } }`, nil)
	for i := 0; i < count(get(d, "brokers")); i++ {
		if get(d, "brokers", i, "articulationPoint") != true {
			t.Fatal("articulationPointsOnly returned a non-articulation point")
		}
	}
}

func TestAnalysisIsCachedUntilAWrite(t *testing.T) {
	needNeo4j(t)
	const q = `{ brokers(network: {asOf: "2026-11-25"}, first: 3) { actor { id } betweenness } }`
	first := mustPost(t, q, nil)
	before := st.QueryCount()
	again := mustPost(t, q, nil)
	if st.QueryCount() != before {
		t.Errorf("a repeated analysis ran %d store queries; want 0", st.QueryCount()-before)
	}
	if fmt.Sprint(first) != fmt.Sprint(again) {
		t.Error("repeated analysis answered differently")
	}
	// A write drops the cache: the next question goes to the store.
	d := mustPost(t, `mutation { createTopic(input: {code: "E2E_CACHE_PROBE", labelDe: "Probe", labelEn: "Probe"}) { topic { id } } }`, nil)
	defer post(t, `mutation($id: ID!) { deleteTopic(id: $id) { deletedId } }`, map[string]any{"id": get(d, "createTopic", "topic", "id")})
	before = st.QueryCount()
	mustPost(t, q, nil)
	if st.QueryCount() == before {
		t.Error("analysis after a write did not reload the network")
	}
}

func TestGapsAreTheDesignedOnes(t *testing.T) {
	needNeo4j(t)
	d := mustPost(t, `query($day: Date) { gaps(asOf: $day, first: 100, candidates: 5) {
	  need { id severity neighbourhood { id } } populationConcerned
	  candidates { service { id } provider { id } placeDistance networkHops } } }`, map[string]any{"day": seed.ReferenceDay})
	gaps := get(d, "gaps")
	ids := map[string]any{}
	for i := 0; i < count(gaps); i++ {
		ids[get(gaps, i, "need", "id").(string)] = get(gaps, i)
	}
	if len(ids) != 6 {
		t.Errorf("%d gaps, want the 6 designed ones: %v", len(ids), ids)
	}
	senior, ok := ids[seed.SeniorGapNeedID]
	if !ok {
		t.Fatal("senior gap missing")
	}
	providers := map[any]bool{}
	for j := 0; j < count(get(senior, "candidates")); j++ {
		providers[get(senior, "candidates", j, "provider", "id")] = true
		if d := get(senior, "candidates", j, "placeDistance").(float64); d < 0 {
			t.Errorf("candidate with negative place distance")
		}
	}
	if !providers[seed.SeniorProviderID] {
		t.Errorf("senior provider %s not among candidates %v", seed.SeniorProviderID, providers)
	}
	// Severity never rises down the list.
	rank := map[string]int{"LOW": 1, "MEDIUM": 2, "HIGH": 3, "CRITICAL": 4}
	for i := 1; i < count(gaps); i++ {
		if rank[get(gaps, i, "need", "severity").(string)] > rank[get(gaps, i-1, "need", "severity").(string)] {
			t.Errorf("gaps not ranked by severity at %d", i)
		}
	}
	// Scoped to the senior gap's quarter, only gaps there.
	d = mustPost(t, `query($q: ID, $day: Date) { gaps(scope: $q, asOf: $day) { need { neighbourhood { id } } } }`,
		map[string]any{"q": seed.SeniorGapQuarterID, "day": seed.ReferenceDay})
	if count(get(d, "gaps")) == 0 {
		t.Error("no gap in the senior gap's quarter")
	}
	for i := 0; i < count(get(d, "gaps")); i++ {
		if get(d, "gaps", i, "need", "neighbourhood", "id") != seed.SeniorGapQuarterID {
			t.Errorf("scoped gaps left the scope")
		}
	}
}

func TestOverlapsPutTheUncoordinatedFirst(t *testing.T) {
	needNeo4j(t)
	d := mustPost(t, `query($day: Date) { overlaps(asOf: $day, first: 100) { neighbourhood { id } targetGroup { code } topic { code }
	  services { id } providers { id } pairs { a { id } b { id } cooperate } uncoordinatedPairs } }`, map[string]any{"day": seed.ReferenceDay})
	overlaps := get(d, "overlaps")
	var designed any
	for i := 0; i < count(overlaps); i++ {
		o := get(overlaps, i)
		if i > 0 && get(o, "uncoordinatedPairs").(float64) > get(overlaps, i-1, "uncoordinatedPairs").(float64) {
			t.Errorf("overlaps not ordered uncoordinated first at %d", i)
		}
		services := fmt.Sprint(get(o, "services"))
		if get(o, "neighbourhood", "id") == seed.OverlapQuarterID && strings.Contains(services, seed.OverlapServiceAID) &&
			strings.Contains(services, seed.OverlapServiceBID) && strings.Contains(services, seed.OverlapServiceCID) {
			designed = o
		}
	}
	if designed == nil {
		t.Fatal("the designed homework-help overlap is missing")
	}
	// The three designed providers never cooperate; others (a school's
	// all-day programme, say) may join the overlap and cooperate.
	if get(designed, "uncoordinatedPairs").(float64) < 3 {
		t.Errorf("designed overlap: %v", designed)
	}
	r := mustPost(t, `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Service { provider { id } } } }`,
		map[string]any{"ids": []string{seed.OverlapServiceAID, seed.OverlapServiceBID, seed.OverlapServiceCID}})
	designedProviders := map[any]bool{}
	for i := 0; i < 3; i++ {
		designedProviders[get(r, "nodes", i, "provider", "id")] = true
	}
	pairs := get(designed, "pairs")
	for i := 0; i < count(pairs); i++ {
		a, b := get(pairs, i, "a", "id"), get(pairs, i, "b", "id")
		if designedProviders[a] && designedProviders[b] && get(pairs, i, "cooperate") == true {
			t.Errorf("designed overlap providers %v and %v cooperate", a, b)
		}
	}
	// The coordinated contrast, found in its quarter: the city's list now
	// holds more than 100 overlaps, since the district's services that
	// reach a quarter join its overlaps (the rules issue: one rule for
	// reaching a quarter), and coordinated ones come last.
	cafes := func(localOnly bool) any {
		os := get(mustPost(t, `query($day: Date, $q: ID, $l: Boolean) { overlaps(scope: $q, asOf: $day, first: 100, localOnly: $l) {
		  neighbourhood { id } services { id } uncoordinatedPairs } }`,
			map[string]any{"day": seed.ReferenceDay, "q": seed.CoordinatedOverlapQuarterID, "l": localOnly}), "overlaps")
		for i := 0; i < count(os); i++ {
			o := get(os, i)
			if get(o, "neighbourhood", "id") == seed.CoordinatedOverlapQuarterID && strings.Contains(fmt.Sprint(get(o, "services")), seed.CoordinatedOverlapServiceAID) {
				return o
			}
		}
		return nil
	}
	for _, localOnly := range []bool{false, true} {
		if o := cafes(localOnly); o == nil || get(o, "uncoordinatedPairs").(float64) != 0 {
			t.Errorf("coordinated overlap (localOnly %t): %v", localOnly, o)
		}
	}
	d = mustPost(t, `{ overlaps(uncoordinatedOnly: true, first: 100) { uncoordinatedPairs } }`, nil)
	for i := 0; i < count(get(d, "overlaps")); i++ {
		if get(d, "overlaps", i, "uncoordinatedPairs").(float64) == 0 {
			t.Error("uncoordinatedOnly returned a coordinated overlap")
		}
	}
}

func TestHotspots(t *testing.T) {
	needNeo4j(t)
	d := mustPost(t, `{ hotspots(first: 100) { neighbourhood { id name } targetGroups severityScore coveredShare needs { need { id } coveringServices } } }`, nil)
	hs := get(d, "hotspots")
	if count(hs) == 0 {
		t.Fatal("no hotspots in the demo city")
	}
	for i := 0; i < count(hs); i++ {
		h := get(hs, i)
		if get(h, "targetGroups").(float64) < 2 {
			t.Errorf("hotspot with fewer than two target groups: %v", h)
		}
		covered := 0
		for j := 0; j < count(get(h, "needs")); j++ {
			if get(h, "needs", j, "coveringServices").(float64) > 0 {
				covered++
			}
		}
		if want := float64(covered) / float64(count(get(h, "needs"))); get(h, "coveredShare").(float64) != want {
			t.Errorf("coveredShare %v, want %v", get(h, "coveredShare"), want)
		}
	}
}

func TestCooperationPathRunsThroughTheBroker(t *testing.T) {
	needNeo4j(t)
	d := mustPost(t, `query($a: ID!, $b: ID!, $day: Date) { cooperationPath(from: $a, to: $b, network: {asOf: $day}) {
	  length actors { id } links { cooperations { kind validFrom } sharedEvents } } }`,
		map[string]any{"a": seed.BrokerYouthOfficeID, "b": seed.MigrantOrgKoepruID, "day": seed.ReferenceDay})
	paths := get(d, "cooperationPath")
	if count(paths) == 0 {
		t.Fatal("no path from the youth office to the migrant organisation")
	}
	for i := 0; i < count(paths); i++ {
		p := get(paths, i)
		if !strings.Contains(fmt.Sprint(get(p, "actors")), seed.BrokerSchoolID) {
			t.Errorf("path %v avoids the broker school", get(p, "actors"))
		}
		if int(get(p, "length").(float64)) != count(get(p, "actors"))-1 || count(get(p, "links")) != count(get(p, "actors"))-1 {
			t.Errorf("path length inconsistent: %v", p)
		}
		for j := 0; j < count(get(p, "links")); j++ {
			if count(get(p, "links", j, "cooperations")) == 0 {
				t.Errorf("path link %d has no cooperation", j)
			}
		}
	}
	r := post(t, `{ cooperationPath(from: "act_nobody", to: "act_none") { length } }`, nil)
	if r.code() != "BAD_USER_INPUT" {
		t.Errorf("unknown actors: code %q", r.code())
	}
}

func TestCommunitiesAndStats(t *testing.T) {
	needNeo4j(t)
	d := mustPost(t, `query($day: Date, $then: Date) {
	  communities(network: {asOf: $day}) { modularity communities(first: 100) { totalCount edges { node { index size actors(first: 100) { totalCount edges { node { id } } } } } } bridges(first: 100) { actor { id } reaches } actorsLeftOut }
	  networkStats(network: {asOf: $day}, compareTo: $then) {
	    current { asOf actors ties density components largestComponent isolates averageDegree averagePathLength averageClustering transitivity degreeDistribution { degree actors } }
	    previous { actors ties } actorsChange tiesChange densityChange } }`,
		map[string]any{"day": seed.ReferenceDay, "then": seed.KeyActorCentralDay})
	c := get(d, "communities")
	if m := get(c, "modularity").(float64); m < 0.3 || m > 1 {
		t.Errorf("modularity %v, want a clustered network (> 0.3)", m)
	}
	total := 0
	if n, all := count(get(c, "communities", "edges")), int(get(c, "communities", "totalCount").(float64)); n != all {
		t.Fatalf("a page of 100 holds %d of %d communities", n, all)
	}
	for i := 0; i < count(get(c, "communities", "edges")); i++ {
		size := int(get(c, "communities", "edges", i, "node", "size").(float64))
		if listed := int(get(c, "communities", "edges", i, "node", "actors", "totalCount").(float64)); listed != size {
			t.Errorf("community %d: size %d, its actors count %d", i, size, listed)
		}
		total += size
	}
	if left := get(c, "actorsLeftOut").(float64); left != 0 {
		t.Errorf("%v actors left out of the whole network", left)
	}
	s := get(d, "networkStats")
	if actors := int(get(s, "current", "actors").(float64)); total != actors {
		t.Errorf("communities hold %d actors, stats count %d", total, actors)
	}
	sum := 0.0
	for i := 0; i < count(get(s, "current", "degreeDistribution")); i++ {
		sum += get(s, "current", "degreeDistribution", i, "actors").(float64)
	}
	if sum != get(s, "current", "actors").(float64) {
		t.Errorf("degree distribution sums to %v actors", sum)
	}
	if get(s, "tiesChange").(float64) != get(s, "current", "ties").(float64)-get(s, "previous", "ties").(float64) {
		t.Error("tiesChange inconsistent")
	}
}

func TestComplexityLimitRefusesTooManyAnalyses(t *testing.T) {
	needNeo4j(t)
	var b strings.Builder
	b.WriteString("{")
	for i := 0; i < 11; i++ {
		fmt.Fprintf(&b, " b%d: brokers(first: 1) { betweenness }", i)
	}
	b.WriteString(" }")
	before := st.QueryCount()
	r := post(t, b.String(), nil)
	if r.code() != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Errorf("code %q, want COMPLEXITY_LIMIT_EXCEEDED (%+v)", r.code(), r.Errors)
	}
	if st.QueryCount() != before {
		t.Error("a refused query ran Cypher")
	}
}

func TestActorsOrderedByBetweenness(t *testing.T) {
	needNeo4j(t)
	d := mustPost(t, `query($day: Date) {
	  actors(first: 5, orderBy: {field: BETWEENNESS, direction: DESC}, filter: {asOf: $day}) { totalCount edges { node { id
	    brokerage(network: {asOf: $day}) { betweenness articulationPoint } } } }
	  brokers(network: {asOf: $day}, first: 5) { actor { id } betweenness } }`, map[string]any{"day": seed.ReferenceDay})
	edges := get(d, "actors", "edges")
	if count(edges) != 5 {
		t.Fatalf("%d actors", count(edges))
	}
	for i := 0; i < 5; i++ {
		got := get(edges, i, "node", "brokerage", "betweenness")
		if want := get(d, "brokers", i, "betweenness"); got != want {
			t.Errorf("actor %d: betweenness %v, brokers says %v", i, got, want)
		}
	}
	// The page cost scales with the page: 100 actors asking for their
	// brokerage exceed the limit.
	r := post(t, `{ actors(first: 100) { edges { node { brokerage { betweenness } } } } }`, nil)
	if r.code() != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Errorf("code %q, want COMPLEXITY_LIMIT_EXCEEDED", r.code())
	}
}

// TestGapTimeSpans checks that needs and services count on the days their
// spans start and end, and not a day outside.
func TestGapTimeSpans(t *testing.T) {
	needNeo4j(t)
	quarter, _, _, topic, provider := someIDs(t)
	tg := get(mustPost(t, `mutation { createTargetGroup(input: {code: "E2E_GAP_SPANS", labelDe: "Testgruppe", labelEn: "test group"}) { targetGroup { id } } }`, nil),
		"createTargetGroup", "targetGroup", "id")
	need := get(mustPost(t, `mutation($tg: ID!, $t: ID!, $q: ID!) { createNeed(input: {targetGroup: $tg, topic: $t, neighbourhood: $q,
	  severity: HIGH, validFrom: "2030-01-10", validTo: "2030-12-31"}) { need { id } } }`, map[string]any{"tg": tg, "t": topic, "q": quarter}),
		"createNeed", "need", "id")
	svc := get(mustPost(t, `mutation($p: ID!, $tg: ID!, $t: ID!, $q: ID!) { createService(input: {name: "Span probe", provider: $p,
	  targetGroups: [$tg], topics: [$t], neighbourhoods: [$q], validFrom: "2030-03-01", validTo: "2030-03-31"}) { service { id } } }`,
		map[string]any{"p": provider, "tg": tg, "t": topic, "q": quarter}), "createService", "service", "id")
	defer func() {
		post(t, `mutation($id: ID!) { deleteService(id: $id) { deletedId } }`, map[string]any{"id": svc})
		post(t, `mutation($id: ID!) { deleteNeed(id: $id) { deletedId } }`, map[string]any{"id": need})
		post(t, `mutation($id: ID!) { deleteTargetGroup(id: $id) { deletedId } }`, map[string]any{"id": tg})
	}()
	tests := []struct {
		day string
		gap bool
	}{
		{"2030-01-09", false}, // need not yet valid
		{"2030-01-10", true},  // need starts, no service yet
		{"2030-02-28", true},
		{"2030-03-01", false}, // service starts: covered
		{"2030-03-31", false}, // service's last day: still covered
		{"2030-04-01", true},  // service ended
		{"2030-12-31", true},  // need's last day
		{"2031-01-01", false}, // need ended
	}
	for _, tc := range tests {
		t.Run(tc.day, func(t *testing.T) {
			d := mustPost(t, `query($q: ID, $day: Date) { gaps(scope: $q, asOf: $day, first: 100) { need { id } } }`,
				map[string]any{"q": quarter, "day": tc.day})
			found := strings.Contains(fmt.Sprint(get(d, "gaps")), need.(string))
			if found != tc.gap {
				t.Errorf("on %s the need is a gap: %v, want %v", tc.day, found, tc.gap)
			}
		})
	}
}

// TestSampledBrokersOverHTTP asks for brokers estimated from sampled
// sources: repeatable answers, exact values when the sample covers every
// actor, and a clear error for too small a sample.
func TestSampledBrokersOverHTTP(t *testing.T) {
	needNeo4j(t)
	const q = `query($k: Int) { brokers(first: 100, sampleSources: $k) { actor { id } betweenness } }`
	scores := func(d map[string]any) map[string]any {
		out := map[string]any{}
		for i := 0; i < count(get(d, "brokers")); i++ {
			out[get(d, "brokers", i, "actor", "id").(string)] = get(d, "brokers", i, "betweenness")
		}
		return out
	}
	exact := scores(mustPost(t, q, nil))
	misses := cacheMisses(t)
	whole := scores(mustPost(t, q, map[string]any{"k": 1_000_000}))
	if fmt.Sprint(whole) != fmt.Sprint(exact) {
		t.Error("a sample of more sources than actors differs from the exact answer")
	}
	mustPost(t, q, map[string]any{"k": 2_000_000})
	if m := cacheMisses(t); m != misses {
		t.Errorf("samples of every actor or more missed the cache %v times: they must reuse the exact answer", m-misses)
	}
	sampled := scores(mustPost(t, q, map[string]any{"k": 5}))
	again := scores(mustPost(t, q, map[string]any{"k": 5}))
	if fmt.Sprint(sampled) != fmt.Sprint(again) {
		t.Error("the same sampled question answered differently")
	}
	if fmt.Sprint(sampled) == fmt.Sprint(exact) {
		t.Error("5 sampled sources gave exactly the exact scores")
	}
	for _, k := range []int{1, 0, -3} {
		if r := post(t, q, map[string]any{"k": k}); r.code() != "BAD_USER_INPUT" {
			t.Errorf("sampleSources %d: code %q, want BAD_USER_INPUT", k, r.code())
		}
	}
}

// cacheMisses reads the analysis cache's misses from /metrics.
func cacheMisses(t *testing.T) float64 {
	t.Helper()
	for _, line := range strings.Split(scrape(t), "\n") {
		if v, ok := strings.CutPrefix(line, "kiezgraph_analysis_cache_misses_total "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
	}
	t.Fatal("no kiezgraph_analysis_cache_misses_total in /metrics")
	return 0
}

// TestAnalysesLeaveOutIsolates: ignoreIsolates and largestComponentOnly
// take actors out of the network before every analysis, and the answers
// say how many: statistics, communities and brokers agree on who is left.
func TestAnalysesLeaveOutIsolates(t *testing.T) {
	needNeo4j(t)
	const q = `query($net: NetworkSelection) {
	  networkStats(network: $net) { current { actors actorsLeftOut ties components largestComponent isolates } }
	  communities(network: $net) { actorsLeftOut communities(first: 100) { totalCount edges { node { size } } } }
	  brokers(network: $net, first: 100) { actor { id } degree } }`
	type answer struct{ actors, leftOut, ties, components, largest, isolates, inCommunities, brokers, communityLeftOut int }
	ask := func(net map[string]any) answer {
		t.Helper()
		d := mustPost(t, q, map[string]any{"net": net})
		cur := func(f string) int { return int(get(d, "networkStats", "current", f).(float64)) }
		a := answer{actors: cur("actors"), leftOut: cur("actorsLeftOut"), ties: cur("ties"), components: cur("components"),
			largest: cur("largestComponent"), isolates: cur("isolates"), brokers: count(get(d, "brokers")),
			communityLeftOut: int(get(d, "communities", "actorsLeftOut").(float64))}
		if n, all := count(get(d, "communities", "communities", "edges")), int(get(d, "communities", "communities", "totalCount").(float64)); n != all {
			t.Fatalf("%v: a page of 100 holds %d of %d communities", net, n, all)
		}
		for i := range count(get(d, "communities", "communities", "edges")) {
			a.inCommunities += int(get(d, "communities", "communities", "edges", i, "node", "size").(float64))
		}
		for i := range a.brokers {
			if deg := get(d, "brokers", i, "degree").(float64); deg == 0 && (net["ignoreIsolates"] == true || net["largestComponentOnly"] == true) {
				t.Errorf("%v: broker %v without ties", net, get(d, "brokers", i, "actor", "id"))
			}
		}
		return a
	}
	// The demo city is one connected network: two isolates and a pair
	// tied to each other only join it in the district Nord for this test.
	for _, name := range []string{"Isoliert A", "Isoliert B"} {
		newActor(t, name, "nbh_lindenpark")
	}
	pair := []string{newActor(t, "Paar A", "nbh_lindenpark"), newActor(t, "Paar B", "nbh_lindenpark")}
	co := get(mutate(t, "addCooperation", "AddCooperationInput",
		map[string]any{"from": pair[0], "to": pair[1], "kind": "JOINT_PROJECT", "validFrom": nil}, "cooperation { id }"), "cooperation")
	cleanup(t, "removeCooperation", str(get(co, "id")))
	all := ask(map[string]any{"scope": "nbh_nord"})
	if all.isolates != 2 || all.components != 4 || all.largest != all.actors-4 {
		t.Fatalf("district Nord should have two isolates, a pair and the rest in one part: %+v", all)
	}
	if all.leftOut != 0 || all.communityLeftOut != 0 || all.inCommunities != all.actors {
		t.Errorf("nothing asked, yet %+v", all)
	}
	for _, c := range []struct {
		name string
		net  map[string]any
		want answer
	}{
		{"without isolates", map[string]any{"scope": "nbh_nord", "ignoreIsolates": true}, answer{
			actors: all.actors - all.isolates, leftOut: all.isolates, ties: all.ties, components: all.components - all.isolates,
			largest: all.largest, isolates: 0, inCommunities: all.actors - all.isolates, communityLeftOut: all.isolates}},
		{"largest part", map[string]any{"scope": "nbh_nord", "largestComponentOnly": true}, answer{
			actors: all.largest, leftOut: all.actors - all.largest, components: 1, largest: all.largest,
			inCommunities: all.largest, communityLeftOut: all.actors - all.largest}},
		{"both", map[string]any{"scope": "nbh_nord", "ignoreIsolates": true, "largestComponentOnly": true}, answer{
			actors: all.largest, leftOut: all.actors - all.largest, components: 1, largest: all.largest,
			inCommunities: all.largest, communityLeftOut: all.actors - all.largest}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := ask(c.net)
			c.want.brokers = min(100, c.want.actors)
			if c.want.ties == 0 {
				c.want.ties = got.ties // the largest part's ties: checked below
			}
			if got != c.want {
				t.Errorf("got %+v\nwant %+v", got, c.want)
			}
			if got.ties > all.ties || got.ties < got.actors-1 {
				t.Errorf("%d ties among %d connected actors (the whole district has %d)", got.ties, got.actors, all.ties)
			}
		})
	}
}
