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
	return ScoresOf(insights.Brokers(n, insights.BrokerOptions{Partition: insights.BySector}), insights.DetectCommunities(n, 1))
}

// ScoresOf returns the scores of the brokers (computed with
// insights.BySector) and communities (resolution 1) of one network, as
// ComputeScores computes them: for callers that have them already, such
// as the API, whose insights.Service caches them per caller's view.
func ScoresOf(brokers []insights.Broker, communities insights.Communities) map[string]Scores {
	out := make(map[string]Scores, len(brokers))
	for _, b := range brokers {
		btw := b.Betweenness
		out[b.Actor.ID] = Scores{Betweenness: &btw, Constraint: b.Constraint, EffectiveSize: b.EffectiveSize,
			Degree: b.Degree, ArticulationPoint: b.SplitParts > 0}
	}
	for _, c := range communities.Communities {
		idx := c.Index
		for _, a := range c.Actors {
			sc := out[a.ID]
			sc.Community = &idx
			out[a.ID] = sc
		}
	}
	return out
}
