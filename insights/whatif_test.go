package insights

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

// A family centre F in q1 links a parents' group E and mentors P (tied
// to each other) to the school S, which links the district's youth
// office J, which links a provider O in q2:
//
//	E─F─S─J─O
//	 \ /
//	  P
func whatIfCity() (*domain.Coverage, *Network) {
	named := func(id, name string, places ...string) domain.Actor {
		a := actor(id, places...)
		a.Name = name
		return a
	}
	cov := &domain.Coverage{
		Neighbourhoods: places3(),
		Actors: []domain.Actor{named("F", "Familienzentrum", "q1"), named("E", "Elterngruppe", "q1"), named("P", "Paten", "q1"),
			named("S", "Schule", "q1"), named("J", "Jugendamt", "d1"), named("O", "Other Anbieter", "q2")},
		Cooperations: []domain.Cooperation{coop("c1", "F", "E"), coop("c2", "F", "P"), coop("c3", "E", "P"),
			coop("c4", "F", "S"), coop("c5", "S", "J"), coop("c6", "J", "O")},
		Services: []domain.Service{service("sF", "F", "single", "work", "q1"), service("sO", "O", "single", "work", "q2"),
			service("sJ", "J", "families", "edu", "d1")},
		Needs: []domain.Need{
			{ID: "n1", NeighbourhoodID: "q1", TargetGroupID: "single", TopicID: "work", Severity: domain.SeverityHigh},
			{ID: "n2", NeighbourhoodID: "q1", TargetGroupID: "families", TopicID: "edu", Severity: domain.SeverityHigh},
			{ID: "n3", NeighbourhoodID: "q3", TargetGroupID: "families", TopicID: "edu", Severity: domain.SeverityLow},
		},
	}
	return cov, NewNetwork(&domain.NetworkSlice{Actors: cov.Actors, Cooperations: cov.Cooperations})
}

func TestWhatIfTheCentreCloses(t *testing.T) {
	cov, net := whatIfCity()
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	before := Brokers(net, BrokerOptions{Partition: BySector})
	sc, err := WhatIf(cov, net, before, []string{"F"}, day, WhatIfOptions{Candidates: 3, TopBrokers: 10})
	if err != nil {
		t.Fatal(err)
	}
	// n1 is covered only by F's service; n2 by the district's office; n3
	// was a gap already (nothing reaches q3).
	if len(sc.NewGaps) != 1 || sc.NewGaps[0].Need.ID != "n1" {
		t.Fatalf("new gaps %+v, want n1 only", sc.NewGaps)
	}
	// The candidate is O's service, by Gaps' rules: q1 to q2 is 2 steps in
	// the hierarchy, and S (in q1) reaches O in 2 cooperation steps.
	c := sc.NewGaps[0].Candidates
	if len(c) != 1 || c[0].Service.ID != "sO" || c[0].PlaceDistance != 2 || c[0].NetworkHops == nil || *c[0].NetworkHops != 2 {
		t.Errorf("candidates %+v", c)
	}
	if len(sc.EndingServices) != 1 || sc.EndingServices[0].ID != "sF" {
		t.Errorf("ending services %+v", sc.EndingServices)
	}
	// E and P are cut off, by name; S, J, O stay together as the rest.
	if len(sc.CutOff) != 1 || !slices.Equal(actorIDs(sc.CutOff[0].Actors), []string{"E", "P"}) {
		t.Errorf("cut off %+v", sc.CutOff)
	}
	if sc.Before.Nodes != 6 || sc.After.Nodes != 5 || sc.Before.Edges != 6 || sc.After.Edges != 3 ||
		sc.Before.Components != 1 || sc.After.Components != 2 {
		t.Errorf("figures before %+v, after %+v", sc.Before.NetStats, sc.After.NetStats)
	}
	// Betweenness before (6 actors, normalised by 10 pairs): F and S each
	// sit on the 6 paths between {E, P} (with F or S) and {J, O}... F on
	// {E,P}×{S,J,O} = 6, S on {F,E,P}×{J,O} = 6, J on {F,E,P,S}×{O} = 4.
	// Leaving F out, the ranking is S 1, J 2, then the zeros by name:
	// Elterngruppe 3, Other Anbieter 4, Paten 5. After (5 actors, 6
	// pairs): J on S–O only, 1/6; the rest 0, J first, then the zeros by
	// name: Elterngruppe 2, Other Anbieter 3, Paten 4, Schule 5.
	want := []RankChange{
		{Actor: cov.Actors[4], RankBefore: 2, RankAfter: 1, BetweennessBefore: 0.4, BetweennessAfter: 1.0 / 6},
		{Actor: cov.Actors[1], RankBefore: 3, RankAfter: 2},
		{Actor: cov.Actors[5], RankBefore: 4, RankAfter: 3},
		{Actor: cov.Actors[2], RankBefore: 5, RankAfter: 4},
		{Actor: cov.Actors[3], RankBefore: 1, RankAfter: 5, BetweennessBefore: 0.6},
	}
	if len(sc.BrokerRankChanges) != len(want) {
		t.Fatalf("rank changes %+v, want %d", sc.BrokerRankChanges, len(want))
	}
	for i, w := range want {
		g := sc.BrokerRankChanges[i]
		if g.Actor.ID != w.Actor.ID || g.RankBefore != w.RankBefore || g.RankAfter != w.RankAfter ||
			math.Abs(g.BetweennessBefore-w.BetweennessBefore) > 1e-9 || math.Abs(g.BetweennessAfter-w.BetweennessAfter) > 1e-9 {
			t.Errorf("rank change %d = %s %d→%d (%g→%g), want %s %d→%d (%g→%g)", i, g.Actor.ID, g.RankBefore, g.RankAfter,
				g.BetweennessBefore, g.BetweennessAfter, w.Actor.ID, w.RankBefore, w.RankAfter, w.BetweennessBefore, w.BetweennessAfter)
		}
	}
	// Only the top 2 compared: J (2→1) and S (1→5, out of the top), and E
	// enters at 2 from 3, outside the top before.
	sc, _ = WhatIf(cov, net, before, []string{"F"}, day, WhatIfOptions{TopBrokers: 2})
	got := make([][3]any, len(sc.BrokerRankChanges))
	for i, c := range sc.BrokerRankChanges {
		got[i] = [3]any{c.Actor.ID, c.RankBefore, c.RankAfter}
	}
	if !slices.Equal(got, [][3]any{{"J", 2, 1}, {"E", 0, 2}, {"S", 1, 0}}) {
		t.Errorf("top 2 changes %v", got)
	}
}

func TestWhatIfRefusesWhatItCannotSee(t *testing.T) {
	cov, net := whatIfCity()
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	// An actor the caller may not see is not in the coverage the store
	// loaded for it: it is refused exactly like one that does not exist.
	hidden, missing := "X", "Z"
	_, errH := WhatIf(cov, net, nil, []string{"F", hidden}, day, WhatIfOptions{})
	_, errM := WhatIf(cov, net, nil, []string{"F", missing}, day, WhatIfOptions{})
	var fh, fm *domain.FieldError
	if !errors.As(errH, &fh) || !errors.As(errM, &fm) || fh.Field != "remove" ||
		strings.ReplaceAll(fh.Message, hidden, "ID") != strings.ReplaceAll(fm.Message, missing, "ID") {
		t.Errorf("errors %v, %v", errH, errM)
	}
}

func TestSplitParts(t *testing.T) {
	_, net := whatIfCity()
	tests := []struct {
		id   string
		want [][]string
	}{
		{"F", [][]string{{"J", "O", "S"}, {"E", "P"}}}, // by name: Jugendamt, Other Anbieter, Schule
		{"S", [][]string{{"E", "F", "P"}, {"J", "O"}}},
		{"J", [][]string{{"E", "F", "P", "S"}, {"O"}}},
		{"E", nil}, // not an articulation point
		{"O", nil},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			var got [][]string
			for _, p := range net.SplitParts(tt.id) {
				got = append(got, actorIDs(p.Actors))
			}
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("SplitParts(%s) = %v, want %v", tt.id, got, tt.want)
			}
		})
	}
}

func actorIDs(actors []domain.Actor) []string {
	out := make([]string, len(actors))
	for i, a := range actors {
		out[i] = a.ID
	}
	return out
}

// citySource serves whatIfCity and counts the loads.
type citySource struct {
	version, coverages, slices int
}

func (c *citySource) NetworkSlice(context.Context, domain.SliceQuery) (*domain.NetworkSlice, error) {
	c.slices++
	cov, _ := whatIfCity()
	return &domain.NetworkSlice{Actors: cov.Actors, Cooperations: cov.Cooperations}, nil
}

func (c *citySource) Coverage(context.Context, *string, time.Time) (*domain.Coverage, error) {
	c.coverages++
	cov, _ := whatIfCity()
	return cov, nil
}

func (c *citySource) Version(context.Context) (string, error) { return fmt.Sprint(c.version), nil }

// TestWhatIfIsCachedByDataVersion: the same set of actors, in any order,
// is one question answered once per data version.
func TestWhatIfIsCachedByDataVersion(t *testing.T) {
	src := &citySource{}
	s := NewService(src)
	q := domain.SliceQuery{AsOf: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}
	ask := func(ids ...string) Scenario {
		t.Helper()
		sc, err := s.WhatIf(t.Context(), q, ids, WhatIfOptions{Candidates: 3, TopBrokers: 10})
		if err != nil {
			t.Fatal(err)
		}
		return sc
	}
	first := ask("F", "J")
	again := ask("J", "F", "J")
	if src.coverages != 1 || src.slices != 1 || len(again.Removed) != 2 || len(first.CutOff) != len(again.CutOff) {
		t.Fatalf("%d coverage and %d slice loads for one question asked twice", src.coverages, src.slices)
	}
	src.version++
	ask("F", "J")
	if src.coverages != 2 || src.slices != 2 {
		t.Errorf("after a write: %d coverage and %d slice loads, want 2 each", src.coverages, src.slices)
	}
}
