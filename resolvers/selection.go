package resolvers

import (
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph/model"
	"github.com/kiezgraph/kiezgraph/insights"
)

// selection turns a NetworkSelection into a slice query.
func (r *Resolver) selection(in *model.NetworkSelection) (domain.SliceQuery, error) {
	q := domain.SliceQuery{AsOf: r.Today()}
	if in == nil {
		return q, nil
	}
	q.Scope = in.Scope.Value()
	if d := in.AsOf.Value(); d != nil {
		q.AsOf = *d
	}
	q.Kinds = in.Kinds.Value()
	if days := in.CoParticipationDays.Value(); days != nil {
		if *days < 0 || *days > 3660 {
			return q, domain.Invalid("network.coParticipationDays", "must be between 0 and 3660")
		}
		since := q.AsOf.AddDate(0, 0, -*days)
		q.EventsSince = &since
	}
	return q, nil
}

// limit validates a result count with a default.
func limit(first *int, def, maxN int) (int, error) {
	if first == nil {
		return def, nil
	}
	if *first < 1 || *first > maxN {
		return 0, domain.Invalid("first", "must be between 1 and %d", maxN)
	}
	return *first, nil
}

func actorNodes(actors []domain.Actor) []domain.ActorNode {
	out := make([]domain.ActorNode, len(actors))
	for i := range actors {
		out[i] = actors[i].AsNode()
	}
	return out
}

// netStats shapes summary figures for the API.
func netStats(day time.Time, s insights.Stats) *model.NetworkStats {
	out := &model.NetworkStats{
		AsOf: day, Actors: s.Nodes, Ties: s.Edges, Density: s.Density, Components: s.Components,
		LargestComponent: s.LargestComponent, Isolates: s.Isolates, AverageDegree: s.AverageDegree,
		AveragePathLength: s.AveragePathLength, AverageClustering: s.AverageClustering, Transitivity: s.Transitivity,
	}
	for d, c := range s.DegreeHistogram {
		if c > 0 {
			out.DegreeDistribution = append(out.DegreeDistribution, model.DegreeCount{Degree: d, Actors: c})
		}
	}
	return out
}

