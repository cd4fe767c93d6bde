package resolvers

import (
	"context"
	"fmt"
	"math"
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
	q.IgnoreIsolates = isTrue(in.IgnoreIsolates.Value())
	q.LargestComponentOnly = isTrue(in.LargestComponentOnly.Value())
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
		AsOf: day, Actors: s.Nodes, ActorsLeftOut: s.LeftOut, Ties: s.Edges, Density: s.Density, Components: s.Components,
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

func (r *Resolver) actorBrokerage(ctx context.Context, a *domain.Actor, network *model.NetworkSelection, partition *model.BrokeragePartition, weighted *bool) (*insights.Broker, error) {
	q, err := r.selection(network)
	if err != nil {
		return nil, err
	}
	return r.Insights.BrokerOf(ctx, q, brokerOptions(partition, weighted), a.ID)
}

func brokerOptions(partition *model.BrokeragePartition, weighted *bool) insights.BrokerOptions {
	opt := insights.BrokerOptions{Partition: insights.BySector, Weighted: weighted != nil && *weighted}
	if partition != nil {
		opt.Partition = insights.Partition(*partition)
	}
	return opt
}

// actorsByBetweenness lists the actors matching filter ordered by their
// betweenness in the whole city's network on the filter's day.
// The public may not order by it, as it may not ask for brokers: the
// ranking is an analysis of cooperations, which the public does not see.
func (r *Resolver) actorsByBetweenness(ctx context.Context, filter *domain.ActorFilter, dir domain.SortDirection, page domain.PageArgs) (domain.Page[domain.Actor], error) {
	if domain.AccessFrom(ctx).PublicOnly() {
		return domain.Page[domain.Actor]{}, fmt.Errorf("orderBy BETWEENNESS: %w: sign in to order by network analysis", domain.ErrForbidden)
	}
	all, err := r.Store.ListActors(ctx, filter, nil, domain.PageArgs{First: math.MaxInt32})
	if err != nil {
		return domain.Page[domain.Actor]{}, err
	}
	asOf := r.Today()
	if filter != nil && filter.AsOf != nil {
		asOf = *filter.AsOf
	}
	items, err := r.Insights.ByBetweenness(ctx, asOf, all.Items, dir == domain.Desc)
	if err != nil {
		return domain.Page[domain.Actor]{}, err
	}
	end := min(page.Offset+page.First, len(items))
	start := min(page.Offset, end)
	return domain.Page[domain.Actor]{Items: items[start:end], Total: all.Total, Offset: page.Offset}, nil
}

// isTrue reads an optional Boolean argument: absent and null are false.
func isTrue(b *bool) bool { return b != nil && *b }
