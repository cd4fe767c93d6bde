package insights

import (
	"math"
	"testing"

	"github.com/kiezgraph/kiezgraph/analysis"
	"github.com/kiezgraph/kiezgraph/domain"
)

func ptr[T any](v T) *T { return &v }

// city: c > d1 > {q1, q2}, c > d2 > {q3}.
func places3() []domain.Neighbourhood {
	n := func(id, parent string, pop int) domain.Neighbourhood {
		out := domain.Neighbourhood{ID: id, Name: id, Population: ptr(pop)}
		if parent != "" {
			out.ParentID = ptr(parent)
		}
		return out
	}
	return []domain.Neighbourhood{n("c", "", 30000), n("d1", "c", 20000), n("d2", "c", 10000),
		n("q1", "d1", 8000), n("q2", "d1", 12000), n("q3", "d2", 10000)}
}

func actor(id string, places ...string) domain.Actor {
	return domain.Actor{ID: id, Name: id, Sector: domain.SectorNonProfit, Kind: domain.KindAssociation, NeighbourhoodIDs: places}
}

func service(id, provider string, tg, topic string, places ...string) domain.Service {
	return domain.Service{ID: id, ProviderID: provider, TargetGroupIDs: []string{tg}, TopicIDs: []string{topic}, NeighbourhoodIDs: places}
}

func coop(id, a, b string) domain.Cooperation {
	return domain.Cooperation{ID: id, FromID: a, ToID: b, Kind: domain.CoopJointProject, Strength: 0.5}
}

func TestPlaceDistance(t *testing.T) {
	pl := newPlaces(places3())
	tests := []struct {
		a, b    string
		want    int
		related bool
	}{
		{"q1", "q1", 0, true}, {"q1", "d1", 1, true}, {"d1", "q1", 1, true}, {"q1", "c", 2, true},
		{"q1", "q2", 2, false}, {"q1", "q3", 4, false}, {"d1", "d2", 2, false}, {"q1", "nowhere", -1, false},
	}
	for _, tc := range tests {
		if got := pl.distance(tc.a, tc.b); got != tc.want {
			t.Errorf("distance(%s, %s) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := pl.related(tc.a, tc.b); got != tc.related {
			t.Errorf("related(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.related)
		}
	}
}

func TestGaps(t *testing.T) {
	cov := &domain.Coverage{
		Neighbourhoods: places3(),
		Actors:         []domain.Actor{actor("local", "q1"), actor("near", "q2"), actor("far", "q3"), actor("hub", "d1")},
		Cooperations:   []domain.Cooperation{coop("c1", "local", "hub"), coop("c2", "hub", "far")},
		Needs: []domain.Need{
			// Covered by a district-wide service.
			{ID: "n-district", TargetGroupID: "kids", TopicID: "edu", NeighbourhoodID: "q1", Severity: domain.SeverityHigh},
			// Not covered: seniors' health in q1; near (q2) and far (q3) offer it.
			{ID: "n-seniors", TargetGroupID: "seniors", TopicID: "health", NeighbourhoodID: "q1", Severity: domain.SeverityCritical,
				Evidence: &domain.Evidence{Indicator: "65+", Value: ptr(25.0), Unit: ptr("%")}},
			// Not covered, less severe.
			{ID: "n-low", TargetGroupID: "kids", TopicID: "sport", NeighbourhoodID: "q2", Severity: domain.SeverityLow},
			// Covered by a service in a sub-area? No: by one in the same quarter.
			{ID: "n-local", TargetGroupID: "kids", TopicID: "lang", NeighbourhoodID: "q3", Severity: domain.SeverityMedium},
		},
		Services: []domain.Service{
			service("s-district", "hub", "kids", "edu", "d1"),
			service("s-near", "near", "seniors", "health", "q2"),
			service("s-far", "far", "seniors", "health", "q3"),
			service("s-local", "far", "kids", "lang", "q3"),
			// Wrong topic: does not cover n-seniors.
			service("s-wrong", "local", "seniors", "culture", "q1"),
		},
	}
	gaps := Gaps(cov, 5)
	if len(gaps) != 2 || gaps[0].Need.ID != "n-seniors" || gaps[1].Need.ID != "n-low" {
		t.Fatalf("gaps = %v", gapIDs(gaps))
	}
	g := gaps[0]
	if g.PopulationConcerned == nil || *g.PopulationConcerned != 2000 {
		t.Errorf("population concerned = %v, want 25%% of 8000", g.PopulationConcerned)
	}
	if len(g.Candidates) != 2 || g.Candidates[0].Service.ID != "s-near" || g.Candidates[0].PlaceDistance != 2 ||
		g.Candidates[1].Service.ID != "s-far" || g.Candidates[1].PlaceDistance != 4 {
		t.Fatalf("candidates = %+v", g.Candidates)
	}
	// local - hub - far: two hops; near is not connected.
	if g.Candidates[0].NetworkHops != nil || g.Candidates[1].NetworkHops == nil || *g.Candidates[1].NetworkHops != 2 {
		t.Errorf("network hops: near %v, far %v", g.Candidates[0].NetworkHops, g.Candidates[1].NetworkHops)
	}
	if got := Gaps(cov, 1); len(got[0].Candidates) != 1 {
		t.Errorf("maxCandidates not applied")
	}
}

func gapIDs(gs []Gap) []string {
	var out []string
	for _, g := range gs {
		out = append(out, g.Need.ID)
	}
	return out
}

func TestOverlaps(t *testing.T) {
	cov := &domain.Coverage{
		Neighbourhoods: places3(),
		Actors:         []domain.Actor{actor("a", "q1"), actor("b", "q1"), actor("c", "q1"), actor("d", "q3"), actor("e", "q3")},
		Cooperations:   []domain.Cooperation{coop("ab", "a", "b"), coop("de", "e", "d")},
		Services: []domain.Service{
			service("sa", "a", "kids", "edu", "q1"), service("sb", "b", "kids", "edu", "q1"), service("sc", "c", "kids", "edu", "q1"),
			service("sa2", "a", "kids", "edu", "q1"), // same provider twice counts once
			service("sd", "d", "kids", "lang", "q3"), service("se", "e", "kids", "lang", "q3"),
			service("sx", "a", "kids", "sport", "q1"), // alone: no overlap
		},
	}
	got := Overlaps(cov, "", false)
	if len(got) != 2 {
		t.Fatalf("%d overlaps, want 2", len(got))
	}
	first := got[0]
	if first.Neighbourhood.ID != "q1" || len(first.Providers) != 3 || first.Uncoordinated != 2 || len(first.Pairs) != 3 {
		t.Errorf("first overlap = %+v", first)
	}
	if second := got[1]; second.Neighbourhood.ID != "q3" || second.Uncoordinated != 0 || !second.Pairs[0].Cooperate {
		t.Errorf("second overlap = %+v", second)
	}
	if scoped := Overlaps(cov, "d2", false); len(scoped) != 1 || scoped[0].Neighbourhood.ID != "q3" {
		t.Errorf("scoped to d2: %+v", scoped)
	}
}

func TestHotspots(t *testing.T) {
	cov := &domain.Coverage{
		Neighbourhoods: places3(),
		Needs: []domain.Need{
			{ID: "1", TargetGroupID: "kids", TopicID: "edu", NeighbourhoodID: "q1", Severity: domain.SeverityHigh},
			{ID: "2", TargetGroupID: "seniors", TopicID: "health", NeighbourhoodID: "q1", Severity: domain.SeverityCritical},
			{ID: "3", TargetGroupID: "kids", TopicID: "edu", NeighbourhoodID: "q2", Severity: domain.SeverityHigh},
			{ID: "4", TargetGroupID: "kids", TopicID: "sport", NeighbourhoodID: "q2", Severity: domain.SeverityLow},
			{ID: "5", TargetGroupID: "families", TopicID: "housing", NeighbourhoodID: "q3", Severity: domain.SeverityLow},
			{ID: "6", TargetGroupID: "migrants", TopicID: "lang", NeighbourhoodID: "q3", Severity: domain.SeverityLow},
		},
		Services: []domain.Service{service("s", "a", "kids", "edu", "d1")},
	}
	got := Hotspots(cov)
	// q2 has one target group only; q1 (7 points) outranks q3 (2 points).
	if len(got) != 2 || got[0].Neighbourhood.ID != "q1" || got[1].Neighbourhood.ID != "q3" {
		t.Fatalf("hotspots = %+v", got)
	}
	if got[0].Severity != 7 || got[0].CoveredShare != 0.5 || got[0].Needs[0].Need.ID != "2" || got[0].Needs[1].Covering != 1 {
		t.Errorf("q1 hotspot = %+v", got[0])
	}
}

// bowtie: two triangles joined through m; m is the only bridge.
func bowtie() *Network {
	ids := []string{"a1", "a2", "a3", "m", "b1", "b2", "b3"}
	var actors []domain.Actor
	for _, id := range ids {
		a := actor(id)
		if id[0] == 'b' {
			a.Sector = domain.SectorPublic
		}
		actors = append(actors, a)
	}
	cs := []domain.Cooperation{coop("1", "a1", "a2"), coop("2", "a2", "a3"), coop("3", "a1", "a3"),
		coop("4", "a3", "m"), coop("5", "m", "b1"), coop("6", "b1", "b2"), coop("7", "b2", "b3"), coop("8", "b1", "b3"),
		coop("9", "a1", "a2")} // a second tie between a1 and a2 strengthens it
	return NewNetwork(&domain.NetworkSlice{Actors: actors, Cooperations: cs})
}

func TestBrokersAndPaths(t *testing.T) {
	n := bowtie()
	if n.Undirected.M() != 8 {
		t.Errorf("%d tied pairs, want 8 (parallel ties merge)", n.Undirected.M())
	}
	bs := Brokers(n, BrokerOptions{Partition: BySector})
	if bs[0].Actor.ID != "m" || bs[0].SplitParts != 2 || bs[0].SplitSizes[0] != 3 {
		t.Errorf("top broker = %+v", bs[0])
	}
	// m lies on the shortest paths of the 9 pairs (a_i, b_j) among the
	// 15 pairs of the other six: 9/15 = 0.6 normalised.
	if bs[0].Betweenness != 0.6 {
		t.Errorf("betweenness of m = %v, want 0.6", bs[0].Betweenness)
	}
	if bs[0].Betweenness <= bs[1].Betweenness {
		t.Errorf("m should rank first strictly: %v vs %v", bs[0].Betweenness, bs[1].Betweenness)
	}
	paths, err := Paths(n, "a1", "b2", 5)
	if err != nil || len(paths) != 1 || len(paths[0].Actors) != 5 || paths[0].Actors[2].ID != "m" {
		t.Fatalf("paths = %+v, %v", paths, err)
	}
	if len(paths[0].Links[0].Cooperations) != 1 || paths[0].Links[0].Cooperations[0].ID != "3" {
		t.Errorf("first link = %+v", paths[0].Links[0])
	}
	if _, err := Paths(n, "a1", "zz", 5); err == nil {
		t.Error("unknown actor accepted")
	}
	c := DetectCommunities(n, 1)
	if len(c.Communities) != 2 || *c.Modularity <= 0.3 {
		t.Errorf("communities = %+v", c)
	}
}

func TestCoParticipationTies(t *testing.T) {
	s := &domain.NetworkSlice{
		Actors: []domain.Actor{actor("x"), actor("y"), actor("z")},
		Participations: []domain.Participation{{ActorID: "x", EventID: "e1"}, {ActorID: "y", EventID: "e1"},
			{ActorID: "x", EventID: "e2"}, {ActorID: "y", EventID: "e2"}, {ActorID: "z", EventID: "e2"}},
	}
	n := NewNetwork(s)
	xi, _ := n.Index("x")
	yi, _ := n.Index("y")
	zi, _ := n.Index("z")
	if w, ok := n.Undirected.Weight(xi, yi); !ok || w != 2*eventTieStrength {
		t.Errorf("x–y weight %v, want two shared events", w)
	}
	if w, ok := n.Undirected.Weight(xi, zi); !ok || w != eventTieStrength {
		t.Errorf("x–z weight %v, want one shared event", w)
	}
	if _, events := n.Links(xi, yi); events != 2 {
		t.Errorf("x–y shared events %d", events)
	}
}

// TestSampledBrokers checks BrokerOptions.Sources: at least as many
// sources as actors is the exact computation; fewer is
// analysis.ApproxBetweenness with the seeded draw, repeatable, and on the
// bowtie from 2 of 7 sources differs from the exact scores.
func TestSampledBrokers(t *testing.T) {
	n := bowtie()
	scores := func(bs []Broker) map[string]float64 {
		out := map[string]float64{}
		for _, b := range bs {
			out[b.Actor.ID] = b.Betweenness
		}
		return out
	}
	exact := scores(Brokers(n, BrokerOptions{}))
	want := analysis.ApproxBetweenness(n.Undirected, analysis.BetweennessOptions{Normalized: true}, 2, sampleRand(2))
	tests := []struct {
		name    string
		sources int
		want    func(i int, id string) float64
	}{
		{"as many as actors", 7, func(_ int, id string) float64 { return exact[id] }},
		{"more than actors", 100, func(_ int, id string) float64 { return exact[id] }},
		{"two sources", 2, func(i int, _ string) float64 { return want[i] }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := scores(Brokers(n, BrokerOptions{Sources: tc.sources}))
			again := scores(Brokers(n, BrokerOptions{Sources: tc.sources}))
			for i, a := range n.Actors {
				w := tc.want(i, a.ID)
				if g := got[a.ID]; g != w && !(math.IsNaN(g) && math.IsNaN(w)) {
					t.Errorf("%s: betweenness %v, want %v", a.ID, g, w)
				}
				if g, h := got[a.ID], again[a.ID]; g != h && !(math.IsNaN(g) && math.IsNaN(h)) {
					t.Errorf("%s: %v, then %v on the same question", a.ID, g, h)
				}
			}
		})
	}
	sampled := scores(Brokers(n, BrokerOptions{Sources: 2}))
	differs := false
	for id, e := range exact {
		differs = differs || sampled[id] != e
	}
	if !differs {
		t.Error("2 of 7 sources gave exactly the exact scores")
	}
}

// TestOverlapsCountServicesReachingDown: a district's service reaches its
// quarters for overlaps as it does for gaps (one rule, places.reaches);
// localOnly keeps only the services that name the quarter.
func TestOverlapsCountServicesReachingDown(t *testing.T) {
	cov := &domain.Coverage{
		Neighbourhoods: places3(),
		Actors:         []domain.Actor{actor("a", "q1"), actor("b", "q1"), actor("office", "d1")},
		Cooperations:   []domain.Cooperation{coop("ab", "a", "b")},
		Services: []domain.Service{
			service("sa", "a", "kids", "edu", "q1"), service("sb", "b", "kids", "edu", "q1"),
			service("so", "office", "kids", "edu", "d1"),
		},
	}
	byPlace := func(os []Overlap) map[string]Overlap {
		m := map[string]Overlap{}
		for _, o := range os {
			m[o.Neighbourhood.ID] = o
		}
		return m
	}
	tests := []struct {
		name          string
		localOnly     bool
		providers     int
		uncoordinated int
	}{
		{"reaching down", false, 3, 2},
		{"local only", true, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q1, ok := byPlace(Overlaps(cov, "", tt.localOnly))["q1"]
			if !ok || len(q1.Providers) != tt.providers || q1.Uncoordinated != tt.uncoordinated {
				t.Errorf("q1 overlap = %+v, want %d providers, %d uncoordinated pairs", q1, tt.providers, tt.uncoordinated)
			}
		})
	}
}
