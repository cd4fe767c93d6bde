package resolvers

import (
	"time"

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
)

// setComplexity declares the costs of expensive fields.
func setComplexity(c *graph.ComplexityRoot) {
	c.Query.Brokers = func(child int, _ *model.NetworkSelection, _ *model.BrokeragePartition, _, _ *bool, _ *int) int {
		return costNetworkWide + child
	}
	c.Query.Communities = func(child int, _ *model.NetworkSelection, _ *float64) int { return costNetworkWide + child }
	c.Query.NetworkStats = func(child int, _ *model.NetworkSelection, compareTo *time.Time) int {
		if compareTo != nil {
			return 2*costNetworkWide + child
		}
		return costNetworkWide + child
	}
	c.Query.Gaps = func(child int, _ *string, _ *time.Time, _, _ *int) int { return costCoverage + child }
	c.Query.Overlaps = func(child int, _ *string, _ *time.Time, _ *bool, _ *int) int { return costCoverage + child }
	c.Query.Hotspots = func(child int, _ *string, _ *time.Time, _ *int) int { return costCoverage + child }
	c.Query.CooperationPath = func(child int, _, _ string, _ *model.NetworkSelection, _ *int) int { return costCoverage + child }
}
