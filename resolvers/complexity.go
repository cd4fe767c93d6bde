package resolvers

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph"
	"github.com/kiezgraph/kiezgraph/graph/model"
	"github.com/kiezgraph/kiezgraph/insights"
)

// Complexity costs of the analysis fields. They compute over a whole
// network, so they cost far more than a lookup (1 point per field, and a
// page of a list its page size times one item); the server refuses
// queries above its complexity limit (250 000 by default, room for ten
// network-wide analyses) before any Cypher runs.
const (
	CostNetworkWide = 25_000 // brokers, communities, network statistics
	costCoverage    = 10_000 // gaps, overlaps, hotspots, coverage, paths
	// costPerActorScore is charged per actor whose score is asked; the
	// network is computed once and cached, but a list of many actors
	// asking must stay bounded.
	costPerActorScore = 5_000
	// costCountsBy is charged per count of a list by a field: one
	// grouped statement over the whole filtered list.
	costCountsBy = 100
	// costLifespans is charged once for the ten range reads of a change
	// or ending report, on top of its page.
	costLifespans = 1_000
)

// NestedAnalysis names the fields that run a whole-network analysis per
// distinct set of arguments from inside a list (an actor's brokerage in
// the network it names); the server charges CostNetworkWide for each
// distinct run on top of the field-by-field estimate.
var NestedAnalysis = map[string]bool{"brokerage": true}

// setComplexity declares the costs of expensive fields.
func setComplexity(c *graph.ComplexityRoot) {
	c.Query.Brokers = func(child int, _ *model.NetworkSelection, _ *model.BrokeragePartition, _, _ *bool, _, _ *int) int {
		return CostNetworkWide + child
	}
	c.Query.Communities = func(child int, _ *model.NetworkSelection, _ *float64) int { return CostNetworkWide + child }
	c.Query.NetworkStats = func(child int, _ *model.NetworkSelection, compareTo *time.Time) int {
		if compareTo != nil {
			return 2*CostNetworkWide + child
		}
		return CostNetworkWide + child
	}
	brokerage := func(child int, _ *model.NetworkSelection, _ *model.BrokeragePartition, _ *bool) int {
		return costPerActorScore + child
	}
	c.Organisation.Brokerage, c.Institution.Brokerage = brokerage, brokerage
	c.Query.Gaps = func(child int, _ *string, _ *time.Time, _, _ *int, _ *float64) int { return costCoverage + child }
	c.Query.Overlaps = func(child int, _ *string, _ *time.Time, _, _ *bool, _ *int) int { return costCoverage + child }
	c.Query.Hotspots = func(child int, _ *string, _ *time.Time, _ *int) int { return costCoverage + child }
	c.Query.Coverage = func(child int, _ *string, _ *time.Time, _, _ insights.Axis, _ *insights.Measure, _ *float64) int {
		return costCoverage + child
	}
	c.ActorConnection.CountsBy = func(child int, _ model.ActorCountField) int { return costCountsBy + child }
	c.ServiceConnection.CountsBy = func(child int, _ model.ServiceCountField) int { return costCountsBy + child }
	c.Query.CooperationPath = func(child int, _, _ string, _ *model.NetworkSelection, _ *int) int { return costCoverage + child }
	// A change or ending report reads each kind's list a page at a time
	// (its connections are priced by their pages, see Priced), and
	// its range reads and totals once.
	c.Query.ChangeReport = func(child int, _ *string, _ time.Time, _ *time.Time) int { return costLifespans + child }
	c.Query.Ending = func(child int, _, _ *string, _ *time.Time) int { return costLifespans + child }
	c.NetworkStatsComparison.Changes = func(child int) int { return costLifespans + child }
	// A what-if ranks the brokers twice (with and without the actors) and
	// reads the coverage: two network-wide measures and a coverage one.
	c.Query.WhatIf = func(child int, _ []string, _ *model.NetworkSelection, _, _ *int) int {
		return 2*CostNetworkWide + costCoverage + child
	}
}

// Priced returns es with every connection priced by its page: a field
// that returns a …Connection costs 1 + first × (the cost of one item), so
// that a page of pages of pages multiplies, at every depth and on every
// type, including fields added later. A list ordered by betweenness
// computes the whole network's scores first and costs as much as brokers.
func Priced(es graphql.ExecutableSchema) graphql.ExecutableSchema {
	return pricedSchema{es}
}

type pricedSchema struct{ graphql.ExecutableSchema }

func (p pricedSchema) Complexity(ctx context.Context, typeName, field string, child int, args map[string]any) (int, bool) {
	if cost, ok := p.ExecutableSchema.Complexity(ctx, typeName, field, child, args); ok {
		return cost, true
	}
	def := p.Schema().Types[typeName]
	if def == nil {
		return 0, false
	}
	f := def.Fields.ForName(field)
	if f == nil || !strings.HasSuffix(f.Type.Name(), "Connection") || f.Arguments.ForName("first") == nil {
		return 0, false
	}
	n := domain.DefaultPageSize
	if v, ok := intArg(args["first"]); ok {
		n = max(v, 1)
	}
	cost := 1 + n*child
	if o, ok := args["orderBy"].(map[string]any); ok && o["field"] == string(domain.SortBetweenness) {
		cost += CostNetworkWide
	}
	return cost, true
}

// intArg reads an integer argument as a document literal (int64) or a
// variable (json.Number, float64) holds it.
func intArg(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, true
	case int64:
		return int(x), true
	case float64:
		return int(x), true
	case json.Number:
		n, err := x.Int64()
		return int(n), err == nil
	}
	return 0, false
}
