package seed

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

// reach lists a neighbourhood and its ancestors: the places whose
// services reach it.
func reach(ds *domain.Dataset, nbhID string) []string {
	parent := map[string]*string{}
	for _, n := range ds.Neighbourhoods {
		parent[n.ID] = n.ParentID
	}
	out := []string{nbhID}
	for p := parent[nbhID]; p != nil; p = parent[*p] {
		out = append(out, *p)
	}
	return out
}

// covering lists the services valid on day for the target group and
// topic that reach the neighbourhood.
func covering(ds *domain.Dataset, group, topic, nbhID string, on time.Time) []string {
	var out []string
	places := reach(ds, nbhID)
	for _, s := range ds.Services {
		if s.ValidOn(on) && slices.Contains(s.TargetGroupIDs, group) && slices.Contains(s.TopicIDs, topic) &&
			slices.ContainsFunc(s.NeighbourhoodIDs, func(n string) bool { return slices.Contains(places, n) }) {
			out = append(out, s.ID)
		}
	}
	return out
}

// reachable returns the actors reachable from start over cooperations
// valid on day, in either direction, without passing through removed.
func reachable(ds *domain.Dataset, on time.Time, start, removed string) map[string]bool {
	adj := map[string][]string{}
	for _, c := range ds.Cooperations {
		if c.ValidOn(on) && c.FromID != removed && c.ToID != removed {
			adj[c.FromID] = append(adj[c.FromID], c.ToID)
			adj[c.ToID] = append(adj[c.ToID], c.FromID)
		}
	}
	seen := map[string]bool{start: true}
	for queue := []string{start}; len(queue) > 0; queue = queue[1:] {
		for _, next := range adj[queue[0]] {
			if !seen[next] {
				seen[next] = true
				queue = append(queue, next)
			}
		}
	}
	return seen
}

// cooperate reports whether a and b have a cooperation valid on day, or
// ever when day is zero.
func cooperate(ds *domain.Dataset, a, b string, on time.Time) bool {
	return slices.ContainsFunc(ds.Cooperations, func(c domain.Cooperation) bool {
		return (c.FromID == a && c.ToID == b || c.FromID == b && c.ToID == a) && (on.IsZero() || c.ValidOn(on))
	})
}

func find[T any](t *testing.T, items []T, id string, idOf func(T) string) T {
	t.Helper()
	i := slices.IndexFunc(items, func(x T) bool { return idOf(x) == id })
	if i < 0 {
		var zero T
		t.Fatalf("%s is not in the dataset", id)
		return zero
	}
	return items[i]
}

func actorID(a domain.Actor) string     { return a.ID }
func serviceID(s domain.Service) string { return s.ID }
func needID(n domain.Need) string       { return n.ID }

func TestFindingBroker(t *testing.T) {
	ds := Demo()
	broker := find(t, ds.Actors, BrokerSchoolID, actorID)
	if broker.Kind != domain.KindSchool || !slices.Contains(broker.NeighbourhoodIDs, BrokerQuarterID) {
		t.Fatalf("broker %s is a %s in %v, want a school in %s", broker.ID, broker.Kind, broker.NeighbourhoodIDs, BrokerQuarterID)
	}
	if find(t, ds.Actors, BrokerYouthOfficeID, actorID).Kind != domain.KindYouthOffice {
		t.Fatalf("%s is not a youth office", BrokerYouthOfficeID)
	}
	var migrants []string
	for _, a := range ds.Actors {
		if a.Kind == domain.KindMigrantOrganisation && a.ValidOn(today) && slices.Contains(a.NeighbourhoodIDs, BrokerQuarterID) {
			migrants = append(migrants, a.ID)
		}
	}
	if want := []string{MigrantOrgKoepruID, MigrantOrgAlNurID, MigrantOrgUkraineID}; !reflect.DeepEqual(migrants, want) {
		t.Fatalf("migrant organisations of %s: %v, want %v", BrokerQuarterID, migrants, want)
	}
	with := reachable(ds, today, BrokerYouthOfficeID, "")
	without := reachable(ds, today, BrokerYouthOfficeID, BrokerSchoolID)
	for _, m := range migrants {
		if !with[m] || without[m] {
			t.Errorf("%s reachable from the youth office: %v with the broker, %v without; want true, false", m, with[m], without[m])
		}
	}
	// Until 2023 the quarter management's integration guides were a second bridge.
	earlier := reachable(ds, time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC), BrokerYouthOfficeID, BrokerSchoolID)
	if !earlier[MigrantOrgAlNurID] || !earlier[MigrantOrgKoepruID] {
		t.Errorf("on 2022-06-01 the migrant organisations should be reachable without the broker")
	}
}

func TestFindingOverlap(t *testing.T) {
	ds := Demo()
	// overlapping finds the services, which must be valid today in the
	// quarter for the target group and overlap pairwise from different
	// providers.
	overlapping := func(quarter, group string, ids ...string) []domain.Service {
		t.Helper()
		var out []domain.Service
		for _, id := range ids {
			s := find(t, ds.Services, id, serviceID)
			if !s.ValidOn(today) || !slices.Contains(s.NeighbourhoodIDs, quarter) || !slices.Contains(s.TargetGroupIDs, group) {
				t.Errorf("%s: not valid today in %s for %s", s.ID, quarter, group)
			}
			out = append(out, s)
		}
		for i := range out {
			for j := range out[i+1:] {
				if a, b := &out[i], &out[i+1+j]; !overlap(a, b) || a.ProviderID == b.ProviderID {
					t.Errorf("%s and %s do not overlap from two providers", a.ID, b.ID)
				}
			}
		}
		return out
	}
	homework := overlapping(OverlapQuarterID, "tg_children-6-13", OverlapServiceAID, OverlapServiceBID, OverlapServiceCID)
	for i, a := range homework {
		if !slices.Contains(a.TopicIDs, "top_education") || !slices.Contains(a.Keywords, "Hausaufgabenhilfe") {
			t.Errorf("%s is not homework help on education", a.ID)
		}
		for _, b := range homework[i+1:] {
			if cooperate(ds, a.ProviderID, b.ProviderID, time.Time{}) {
				t.Errorf("providers %s and %s cooperate", a.ProviderID, b.ProviderID)
			}
		}
	}
	cafes := overlapping(CoordinatedOverlapQuarterID, "tg_refugees", CoordinatedOverlapServiceAID, CoordinatedOverlapServiceBID)
	if !cooperate(ds, cafes[0].ProviderID, cafes[1].ProviderID, today) {
		t.Errorf("the language cafés' providers do not cooperate")
	}

	// Every other overlap in a quarter is coordinated.
	designed := []string{OverlapServiceAID, OverlapServiceBID, OverlapServiceCID}
	for _, n := range ds.Neighbourhoods {
		if n.Level != domain.LevelQuarter {
			continue
		}
		var here []domain.Service
		for _, s := range ds.Services {
			if s.ValidOn(today) && slices.Contains(s.NeighbourhoodIDs, n.ID) {
				here = append(here, s)
			}
		}
		for i, a := range here {
			for _, b := range here[i+1:] {
				if a.ProviderID != b.ProviderID && overlap(&a, &b) && !cooperate(ds, a.ProviderID, b.ProviderID, today) &&
					!(slices.Contains(designed, a.ID) && slices.Contains(designed, b.ID)) {
					t.Errorf("uncoordinated overlap beyond the designed one: %s and %s", a.ID, b.ID)
				}
			}
		}
	}
}

func TestFindingSeniorGap(t *testing.T) {
	ds := Demo()
	need := find(t, ds.Needs, SeniorGapNeedID, needID)
	quarter := find(t, ds.Neighbourhoods, SeniorGapQuarterID, func(n domain.Neighbourhood) string { return n.ID })
	if need.TargetGroupID != "tg_seniors-65" || need.TopicID != "top_neighbourhood" || need.Severity != domain.SeverityHigh ||
		need.NeighbourhoodID != quarter.ID || !quarter.QuarterManagement || !need.ValidOn(today) {
		t.Fatalf("senior need %+v in %s (QM %v), want HIGH, seniors, neighbourhood, in a QM quarter, valid today", need, quarter.ID, quarter.QuarterManagement)
	}
	if got := covering(ds, need.TargetGroupID, need.TopicID, quarter.ID, today); len(got) > 0 {
		t.Errorf("senior gap is covered today by %v", got)
	}
	if got := covering(ds, need.TargetGroupID, need.TopicID, quarter.ID, time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC)); len(got) == 0 {
		t.Errorf("before the seniors' club closed, a service should have covered the senior need")
	}
	s := find(t, ds.Services, SeniorProviderServiceID, serviceID)
	if s.ProviderID != SeniorProviderID || !s.ValidOn(today) || !slices.Contains(s.TargetGroupIDs, need.TargetGroupID) ||
		!slices.Contains(s.TopicIDs, need.TopicID) {
		t.Fatalf("%s is not a valid senior service of %s on the need's topic", s.ID, SeniorProviderID)
	}
	for _, n := range s.NeighbourhoodIDs {
		other := find(t, ds.Neighbourhoods, n, func(n domain.Neighbourhood) string { return n.ID })
		if other.Level != domain.LevelQuarter || other.ID == quarter.ID || *other.ParentID != *quarter.ParentID {
			t.Errorf("the extending provider works in %s, want another quarter of %s", n, *quarter.ParentID)
		}
	}
}

func TestFindingNetworkChange(t *testing.T) {
	ds := Demo()
	members := func(netID string, on time.Time) []string {
		var out []string
		for _, m := range ds.Memberships {
			if m.NetworkID == netID && m.ValidOn(on) {
				out = append(out, m.ActorID)
			}
		}
		return out
	}
	yearEnd := func(y int) time.Time { return time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC) }

	prev := 0
	joinYears := map[int]bool{}
	for _, m := range ds.Memberships {
		if m.NetworkID == GrowingNetworkID {
			joinYears[m.ValidFrom.Year()] = true
		}
	}
	for y := 2016; y <= 2025; y++ {
		n := len(members(GrowingNetworkID, yearEnd(y)))
		if n < prev {
			t.Errorf("%s shrank in %d: %d members after %d", GrowingNetworkID, y, n, prev)
		}
		prev = n
		if !joinYears[y] {
			t.Errorf("nobody joined %s in %d", GrowingNetworkID, y)
		}
	}
	if first, last := len(members(GrowingNetworkID, yearEnd(2016))), prev; first > 6 || last < 20 {
		t.Errorf("%s grew from %d to %d members, want from at most 6 to at least 20", GrowingNetworkID, first, last)
	}
	links := func(on time.Time) int {
		in := members(GrowingNetworkID, on)
		n := 0
		for _, c := range ds.Cooperations {
			if c.ValidOn(on) && slices.Contains(in, c.FromID) && slices.Contains(in, c.ToID) {
				n++
			}
		}
		return n
	}
	if a, b, c := links(yearEnd(2016)), links(yearEnd(2020)), links(yearEnd(2025)); !(a < b && b < c) {
		t.Errorf("cooperations inside %s: %d (2016), %d (2020), %d (2025), want growth", GrowingNetworkID, a, b, c)
	}

	key := find(t, ds.Actors, LostKeyActorID, actorID)
	if !key.ValidOn(keyActorDay) || key.ValidOn(today) || key.ValidTo.Format(time.DateOnly) != FundingEndedDay {
		t.Fatalf("%s valid %v–%v, want until %s", key.ID, key.ValidFrom, key.ValidTo, FundingEndedDay)
	}
	if then, now := members(ShrunkNetworkID, keyActorDay), members(ShrunkNetworkID, today); !slices.Contains(then, key.ID) || slices.Contains(now, key.ID) {
		t.Errorf("%s should be a member of %s on %s and not today", key.ID, ShrunkNetworkID, KeyActorCentralDay)
	}
	degree := func(on time.Time) map[string]int {
		in := members(ShrunkNetworkID, keyActorDay)
		partners := map[[2]string]bool{}
		for _, c := range ds.Cooperations {
			if c.ValidOn(on) && slices.Contains(in, c.FromID) && slices.Contains(in, c.ToID) {
				partners[[2]string{c.FromID, c.ToID}], partners[[2]string{c.ToID, c.FromID}] = true, true
			}
		}
		out := map[string]int{}
		for p := range partners {
			out[p[0]]++
		}
		return out
	}
	then := degree(keyActorDay)
	for a, d := range then {
		if a != key.ID && d >= then[key.ID] {
			t.Errorf("on %s %s has %d partners in %s, the key actor %d", KeyActorCentralDay, a, d, ShrunkNetworkID, then[key.ID])
		}
	}
	if now := degree(today); now[key.ID] != 0 {
		t.Errorf("the key actor still has %d partners today", now[key.ID])
	}
}

func TestFindingGaps(t *testing.T) {
	ds := Demo()
	var gaps []string
	for _, n := range ds.Needs {
		if n.ValidOn(today) && len(covering(ds, n.TargetGroupID, n.TopicID, n.NeighbourhoodID, today)) == 0 {
			gaps = append(gaps, n.ID)
		}
	}
	want := []string{SeniorGapNeedID, GapYoungAdultsHousingID, GapSingleParentsEmploymentID,
		GapChildrenLanguageID, GapRefugeesLanguageID, GapMigrationLanguageID}
	slices.Sort(gaps)
	slices.Sort(want)
	if !reflect.DeepEqual(gaps, want) {
		t.Errorf("gaps today:\n%v\nwant\n%v", gaps, want)
	}
	refugees := find(t, ds.Needs, GapRefugeesLanguageID, needID)
	if got := covering(ds, refugees.TargetGroupID, refugees.TopicID, refugees.NeighbourhoodID, time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC)); len(got) == 0 {
		t.Errorf("the language café in Neue Heide should cover %s from 2027", refugees.ID)
	}
}
