package insights

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

// WhatIfOptions tune WhatIf.
type WhatIfOptions struct {
	// Candidates is the most candidate providers per new gap.
	Candidates int
	// TopBrokers is how many of the top brokers, before and after, are
	// compared for rank changes.
	TopBrokers int
	// Done, when closed, stops the betweenness computation early; the
	// result must then be discarded.
	Done <-chan struct{}
}

// RankChange is a broker whose place in the betweenness ranking would
// change.
type RankChange struct {
	Actor domain.Actor
	// RankBefore and RankAfter are 1-based places in the ranking of the
	// actors that remain (removed actors are left out of the ranking
	// before too, so that moving up into a removed actor's place does not
	// count as a change); 0 when the actor is not among the top brokers
	// compared on that side.
	RankBefore, RankAfter int
	// BetweennessBefore and BetweennessAfter are its normalised scores.
	BetweennessBefore, BetweennessAfter float64
}

// Scenario is the answer to "what if these actors closed": what the
// network, its coverage and its brokers would look like without them.
type Scenario struct {
	// AsOf is the day of the scenario.
	AsOf time.Time
	// Removed are the actors taken out, by name.
	Removed []domain.Actor
	// NewGaps are the needs that are covered now and would not be, with
	// candidate providers among those that remain: Gaps on the coverage
	// without the removed actors, less the gaps there are already.
	NewGaps []Gap
	// EndingServices are the removed actors' services valid on the day.
	EndingServices []domain.Service
	// CutOff are the parts of the network that would lose their link to
	// the rest: for each part of the network a removed actor belonged
	// to, every piece it falls into except its largest, largest first.
	CutOff []Part
	// BrokerRankChanges are the brokers among the top ones before or after
	// whose rank would change, by rank after (those dropping out last).
	BrokerRankChanges []RankChange
	// Before and After are the network figures with and without them.
	Before, After Stats
}

// WhatIf answers what would happen if the actors remove closed, on the
// coverage cov and the network net of the same day (before is net's
// broker ranking, as Brokers returns it). Every rule is the one the
// other analyses use: gaps and their candidates are Gaps', parts are
// connected components, ranks are Brokers' ranking.
//
// Every id must be an actor of cov (visible to the caller and valid on
// the day); otherwise it fails with domain.ErrInvalid on the field
// "remove", the same for an actor that does not exist and one the caller
// may not see, so that the answer reveals nothing of hidden records.
func WhatIf(cov *domain.Coverage, net *Network, before []Broker, remove []string, asOf time.Time, opt WhatIfOptions) (Scenario, error) {
	gone := map[string]bool{}
	for _, id := range remove {
		gone[id] = true
	}
	out := Scenario{AsOf: asOf}
	for _, a := range cov.Actors {
		if gone[a.ID] {
			out.Removed = append(out.Removed, a)
		}
	}
	if len(out.Removed) != len(gone) {
		for _, id := range remove {
			if !slices.ContainsFunc(out.Removed, func(a domain.Actor) bool { return a.ID == id }) {
				return Scenario{}, domain.Invalid("remove", "%s is not an actor active on %s that you may see", id, asOf.Format(time.DateOnly))
			}
		}
	}
	byName(out.Removed)

	after := &domain.Coverage{Neighbourhoods: cov.Neighbourhoods, Needs: cov.Needs}
	for _, s := range cov.Services {
		if gone[s.ProviderID] {
			out.EndingServices = append(out.EndingServices, s)
		} else {
			after.Services = append(after.Services, s)
		}
	}
	after.Actors, after.Cooperations = withoutActors(gone, cov.Actors, cov.Cooperations)
	slices.SortFunc(out.EndingServices, func(a, b domain.Service) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})

	uncovered := map[string]bool{}
	for _, g := range Gaps(cov, 0) {
		uncovered[g.Need.ID] = true
	}
	for _, g := range Gaps(after, opt.Candidates) {
		if !uncovered[g.Need.ID] {
			out.NewGaps = append(out.NewGaps, g)
		}
	}

	for _, parts := range net.splits(remove) {
		out.CutOff = append(out.CutOff, parts[1:]...)
	}
	slices.SortStableFunc(out.CutOff, comparePartsBySize)

	reduced := net.Without(remove)
	out.Before, out.After = NetworkStats(net), NetworkStats(reduced)
	afterRanks := Brokers(reduced, BrokerOptions{Partition: BySector, Done: opt.Done})
	out.BrokerRankChanges = rankChanges(before, afterRanks, gone, opt.TopBrokers)
	return out, nil
}

// rankChanges compares the top k of two rankings, leaving the removed
// actors out of the first.
func rankChanges(before, after []Broker, gone map[string]bool, k int) []RankChange {
	type entry struct {
		rank  int
		score float64
	}
	rb, ra := map[string]entry{}, map[string]entry{}
	var order []domain.Actor
	seen := map[string]bool{}
	rank := 0
	for _, b := range before {
		if gone[b.Actor.ID] {
			continue
		}
		rank++
		rb[b.Actor.ID] = entry{rank, b.Betweenness}
	}
	for i, b := range after {
		ra[b.Actor.ID] = entry{i + 1, b.Betweenness}
	}
	for _, list := range [][]Broker{after, before} {
		n := 0
		for _, b := range list {
			if gone[b.Actor.ID] {
				continue
			}
			if n++; n > k {
				break
			}
			if !seen[b.Actor.ID] {
				seen[b.Actor.ID] = true
				order = append(order, b.Actor)
			}
		}
	}
	var out []RankChange
	for _, a := range order {
		b, x := rb[a.ID], ra[a.ID]
		if b.rank == x.rank {
			continue
		}
		c := RankChange{Actor: a, BetweennessBefore: b.score, BetweennessAfter: x.score}
		if b.rank <= k {
			c.RankBefore = b.rank
		}
		if x.rank <= k {
			c.RankAfter = x.rank
		}
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b RankChange) int {
		return cmp.Or(compareRank(a.RankAfter, b.RankAfter), compareRank(a.RankBefore, b.RankBefore))
	})
	return out
}

// compareRank orders ranks with 0 (not among the top) last.
func compareRank(a, b int) int {
	return cmp.Compare(uint(a-1), uint(b-1))
}
