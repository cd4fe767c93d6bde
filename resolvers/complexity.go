package resolvers

import (
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph"
	"github.com/kiezgraph/kiezgraph/graph/model"
)

// Complexity costs of the analysis fields. They compute over a whole
// network, so they cost far more than a lookup (1 point per field); the
// server refuses queries above its complexity limit before any Cypher
// runs.
const (
	costNetworkWide = 500 // brokers, communities, network statistics
	costCoverage    = 200 // gaps, overlaps, hotspots, paths
	// costPerActorScore is charged per actor whose score is asked; the
	// network is computed once and cached, but a list of many actors
	// asking must stay bounded.
	costPerActorScore = 100
)

// setComplexity declares the costs of expensive fields.
func setComplexity(c *graph.ComplexityRoot) {
	c.Query.Brokers = func(child int, _ *model.NetworkSelection, _ *model.BrokeragePartition, _, _ *bool, _, _ *int) int {
		return costNetworkWide + child
	}
	c.Query.Communities = func(child int, _ *model.NetworkSelection, _ *float64) int { return costNetworkWide + child }
	c.Query.NetworkStats = func(child int, _ *model.NetworkSelection, compareTo *time.Time) int {
		if compareTo != nil {
			return 2*costNetworkWide + child
		}
		return costNetworkWide + child
	}
	brokerage := func(child int, _ *model.NetworkSelection, _ *model.BrokeragePartition, _ *bool) int {
		return costPerActorScore + child
	}
	c.Organisation.Brokerage, c.Institution.Brokerage = brokerage, brokerage
	// A page of actors costs what one actor costs, times the page size,
	// so that asking every actor of a long page for its score is bounded.
	actorPage := func(child int, _ *domain.ActorFilter, _ *domain.Order, first *int, _ *string) int {
		n := domain.DefaultPageSize
		if first != nil {
			n = max(*first, 1)
		}
		return 1 + n*child
	}
	c.Query.Actors, c.Neighbourhood.Actors = actorPage, actorPage
	c.Query.Gaps = func(child int, _ *string, _ *time.Time, _, _ *int) int { return costCoverage + child }
	c.Query.Overlaps = func(child int, _ *string, _ *time.Time, _ *bool, _ *int) int { return costCoverage + child }
	c.Query.Hotspots = func(child int, _ *string, _ *time.Time, _ *int) int { return costCoverage + child }
	c.Query.CooperationPath = func(child int, _, _ string, _ *model.NetworkSelection, _ *int) int { return costCoverage + child }
}
