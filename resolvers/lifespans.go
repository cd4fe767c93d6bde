package resolvers

import (
	"context"
	"errors"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph/model"
)

// maxLifespans bounds each list of a change report or an ending report.
const maxLifespans = 1000

// changeReport reads what began and what ended in scope within p. It is
// shared by Query.changeReport and NetworkStatsComparison.changes.
func (r *Resolver) changeReport(ctx context.Context, scope *string, p domain.Period, first *int) (*model.ChangeReport, error) {
	n, err := limit(first, 100, maxLifespans)
	if err != nil {
		return nil, err
	}
	began, err := r.Store.Lifespans(ctx, scope, p, domain.Began, n)
	if err != nil {
		return nil, err
	}
	ended, err := r.Store.Lifespans(ctx, scope, p, domain.Ended, n)
	if err != nil {
		return nil, err
	}
	nbh, err := r.scopeNeighbourhood(ctx, scope)
	if err != nil {
		return nil, err
	}
	return &model.ChangeReport{Scope: nbh, From: p.From, To: p.To, Began: &began, Ended: &ended}, nil
}

// endingReport reads what ends in scope within the window that starts on
// from (default today) and lasts within (an ISO 8601 duration, default
// P90D).
func (r *Resolver) endingReport(ctx context.Context, scope, within *string, from *time.Time, first *int) (*model.EndingReport, error) {
	d := "P90D"
	if within != nil {
		d = *within
	}
	p, errWindow := domain.WindowAfter(*r.asOfOrToday(from), d, "within")
	n, errFirst := limit(first, 100, maxLifespans)
	if err := errors.Join(errWindow, errFirst); err != nil {
		return nil, err
	}
	ending, err := r.Store.Lifespans(ctx, scope, p, domain.Ended, n)
	if err != nil {
		return nil, err
	}
	nbh, err := r.scopeNeighbourhood(ctx, scope)
	if err != nil {
		return nil, err
	}
	return &model.EndingReport{Scope: nbh, From: p.From, To: p.To, Ending: &ending}, nil
}

// scopeNeighbourhood loads the neighbourhood a report is about; nil for
// the whole city. The store has checked that the caller may see it.
func (r *Resolver) scopeNeighbourhood(ctx context.Context, scope *string) (*domain.Neighbourhood, error) {
	if scope == nil {
		return nil, nil
	}
	return orNil(load(ctx, r.loaders(ctx).neighbourhoods, *scope, nil))
}
