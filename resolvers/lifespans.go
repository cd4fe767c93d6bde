package resolvers

import (
	"context"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph/model"
)

// changeReport checks scope and returns the report of what began and
// what ended in it within p; each kind's list is read a page at a time
// when selected (RecordChanges' fields). It is shared by
// Query.changeReport and NetworkStatsComparison.changes.
func (r *Resolver) changeReport(ctx context.Context, scope *string, p domain.Period) (*model.ChangeReport, error) {
	nbh, err := r.reportScope(ctx, scope)
	if err != nil {
		return nil, err
	}
	return &model.ChangeReport{Scope: nbh, From: p.From, To: p.To,
		Began: &domain.LifespanQuery{Scope: scope, Period: p, End: domain.Began},
		Ended: &domain.LifespanQuery{Scope: scope, Period: p, End: domain.Ended}}, nil
}

// endingReport checks scope and returns the report of what ends in it
// within the window that starts on from (default today) and lasts within
// (an ISO 8601 duration, default P90D).
func (r *Resolver) endingReport(ctx context.Context, scope, within *string, from *time.Time) (*model.EndingReport, error) {
	d := "P90D"
	if within != nil {
		d = *within
	}
	p, err := domain.WindowAfter(*r.asOfOrToday(from), d, "within")
	if err != nil {
		return nil, err
	}
	nbh, err := r.reportScope(ctx, scope)
	if err != nil {
		return nil, err
	}
	return &model.EndingReport{Scope: nbh, From: p.From, To: p.To,
		Ending: &domain.LifespanQuery{Scope: scope, Period: p, End: domain.Ended}}, nil
}

// reportScope checks that the caller may see the neighbourhood a report
// is about (otherwise BAD_USER_INPUT on "scope", as for one that does
// not exist) and loads it; nil for the whole city.
func (r *Resolver) reportScope(ctx context.Context, scope *string) (*domain.Neighbourhood, error) {
	if scope == nil {
		return nil, nil
	}
	if err := r.Store.CheckScope(ctx, scope); err != nil {
		return nil, err
	}
	return orNil(load(ctx, r.loaders(ctx).neighbourhoods, *scope, nil))
}
