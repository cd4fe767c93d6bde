package export

import (
	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/insights"
)

// ComputeScores computes the scores of every actor of s as the API's
// defaults do: unweighted betweenness normalised as NetworkX does, Burt's
// constraint and effective size, degree and articulation points from
// insights.Brokers, and Louvain communities at resolution 1 from
// insights.DetectCommunities (seeded, so reruns agree). Ties are
// cooperations and, when s has participations, shared events.
func ComputeScores(s *domain.NetworkSlice) map[string]Scores {
	n := insights.NewNetwork(s)
	out := make(map[string]Scores, len(n.Actors))
	for _, b := range insights.Brokers(n, insights.BrokerOptions{Partition: insights.BySector}) {
		btw := b.Betweenness
		out[b.Actor.ID] = Scores{Betweenness: &btw, Constraint: b.Constraint, EffectiveSize: b.EffectiveSize,
			Degree: b.Degree, ArticulationPoint: b.SplitParts > 0}
	}
	for _, c := range insights.DetectCommunities(n, 1).Communities {
		idx := c.Index
		for _, a := range c.Actors {
			sc := out[a.ID]
			sc.Community = &idx
			out[a.ID] = sc
		}
	}
	return out
}
