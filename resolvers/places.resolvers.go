package resolvers

import (
	"context"
	"fmt"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph"
	"github.com/kiezgraph/kiezgraph/graph/model"
	"github.com/kiezgraph/kiezgraph/store"
)

func (r *mutationResolver) CreateNeighbourhood(ctx context.Context, input model.CreateNeighbourhoodInput) (*model.NeighbourhoodPayload, error) {
	v := &validator{}
	pop := input.Population.Value()
	if pop != nil && *pop < 0 {
		v.fail("input.population", "must not be negative")
	}
	qm := input.QuarterManagement.Value()
	n := domain.Neighbourhood{
		ID:                deref(input.ID.Value()),
		Name:              v.name("input.name", input.Name),
		Level:             input.Level,
		OfficialCode:      v.text("input.officialCode", input.OfficialCode.Value()),
		Population:        pop,
		QuarterManagement: qm != nil && *qm,
		Description:       v.text("input.description", input.Description.Value()),
		Indicators:        v.indicators(input.Indicators.Value()),
		ParentID:          input.Parent.Value(),
		Meta:              v.meta(input.ExternalKey, input.Record),
	}
	if v.err != nil {
		return nil, v.err
	}
	out, err := r.Store.CreateNeighbourhood(ctx, n)
	if err != nil {
		return nil, err
	}
	return &model.NeighbourhoodPayload{Neighbourhood: &out}, nil
}

func (r *mutationResolver) UpdateNeighbourhood(ctx context.Context, input model.UpdateNeighbourhoodInput) (*model.NeighbourhoodPayload, error) {
	p := newPatch()
	p.reqName("name", input.Name)
	p.text("officialCode", input.OfficialCode)
	if v, ok := input.Population.ValueOK(); ok {
		if v != nil && *v < 0 {
			p.fail("input.population", "must not be negative")
		}
		p.p["population"] = v
	}
	if v, ok := input.QuarterManagement.ValueOK(); ok {
		p.p["quarterManagement"] = v != nil && *v
	}
	p.text("description", input.Description)
	if v, ok := input.Indicators.ValueOK(); ok {
		js, err := store.IndicatorsJSON(p.indicators(v))
		if err != nil {
			return nil, err
		}
		p.p["indicators"] = js
	}
	p.record(input.ExternalKey, input.Record)
	if p.err != nil {
		return nil, p.err
	}
	out, err := r.Store.UpdateNeighbourhood(ctx, input.ID, p.p)
	if err != nil {
		return nil, err
	}
	return &model.NeighbourhoodPayload{Neighbourhood: &out}, nil
}

func (r *mutationResolver) DeleteNeighbourhood(ctx context.Context, id string) (*model.DeletePayload, error) {
	return deleted(id)(r.Store.DeleteNeighbourhood(ctx, id))
}

func (r *neighbourhoodResolver) Indicators(ctx context.Context, obj *domain.Neighbourhood, name *string) ([]domain.Indicator, error) {
	out := make([]domain.Indicator, 0, len(obj.Indicators))
	for _, ind := range obj.Indicators {
		if name == nil || store.Fold(ind.Name) == store.Fold(*name) {
			out = append(out, ind)
		}
	}
	sortIndicators(out)
	return out, nil
}

func (r *neighbourhoodResolver) Parent(ctx context.Context, obj *domain.Neighbourhood) (*domain.Neighbourhood, error) {
	if obj.ParentID == nil {
		return nil, nil
	}
	n, err := load(ctx, r.loaders(ctx).neighbourhoods, *obj.ParentID)
	return &n, err
}

func (r *neighbourhoodResolver) Ancestors(ctx context.Context, obj *domain.Neighbourhood) ([]domain.Neighbourhood, error) {
	return keyedLoad(ctx, r.loaders(ctx), "Neighbourhood.ancestors", obj.ID, r.Store.NeighbourhoodAncestors)
}

func (r *neighbourhoodResolver) Children(ctx context.Context, obj *domain.Neighbourhood) ([]domain.Neighbourhood, error) {
	return keyedLoad(ctx, r.loaders(ctx), "Neighbourhood.children", obj.ID, r.Store.NeighbourhoodChildren)
}

func (r *neighbourhoodResolver) Actors(ctx context.Context, obj *domain.Neighbourhood, filter *domain.ActorFilter, orderBy *domain.Order, first *int, after *string) (*model.ActorConnection, error) {
	page, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	p, err := keyedLoad(ctx, r.loaders(ctx), argKey("Neighbourhood.actors", filter, orderBy, page), obj.ID,
		func(ctx context.Context, ids []string) (map[string]domain.Page[domain.Actor], error) {
			return r.Store.ActorsIn(ctx, ids, filter, orderBy, page)
		})
	return actorConnection(withOffset(p, page)), err
}

func (r *neighbourhoodResolver) Services(ctx context.Context, obj *domain.Neighbourhood, filter *domain.ServiceFilter, orderBy *domain.Order, first *int, after *string) (*model.ServiceConnection, error) {
	page, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	p, err := keyedLoad(ctx, r.loaders(ctx), argKey("Neighbourhood.services", filter, orderBy, page), obj.ID,
		func(ctx context.Context, ids []string) (map[string]domain.Page[domain.Service], error) {
			return r.Store.ServicesReaching(ctx, ids, filter, orderBy, page)
		})
	return serviceConnection(withOffset(p, page)), err
}

func (r *neighbourhoodResolver) Needs(ctx context.Context, obj *domain.Neighbourhood, filter *domain.NeedFilter, orderBy *domain.Order, first *int, after *string) (*model.NeedConnection, error) {
	page, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	p, err := keyedLoad(ctx, r.loaders(ctx), argKey("Neighbourhood.needs", filter, orderBy, page), obj.ID,
		func(ctx context.Context, ids []string) (map[string]domain.Page[domain.Need], error) {
			return r.Store.NeedsIn(ctx, ids, filter, orderBy, page)
		})
	return needConnection(withOffset(p, page)), err
}

func (r *queryResolver) Neighbourhood(ctx context.Context, id string) (*domain.Neighbourhood, error) {
	return orNil(load(ctx, r.loaders(ctx).neighbourhoods, id))
}

func (r *queryResolver) Neighbourhoods(ctx context.Context, filter *domain.NeighbourhoodFilter, orderBy *domain.Order, first *int, after *string) (*model.NeighbourhoodConnection, error) {
	page, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	p, err := r.Store.ListNeighbourhoods(ctx, filter, orderBy, page)
	if err != nil {
		return nil, err
	}
	return neighbourhoodConnection(p), nil
}

// Neighbourhood returns graph.NeighbourhoodResolver implementation.
func (r *Resolver) Neighbourhood() graph.NeighbourhoodResolver { return &neighbourhoodResolver{r} }

type neighbourhoodResolver struct{ *Resolver }

// deleted shapes a store delete's result into a payload.
func deleted(id string) func([]domain.DeleteEffect, error) (*model.DeletePayload, error) {
	return func(effects []domain.DeleteEffect, err error) (*model.DeletePayload, error) {
		if err != nil {
			return nil, fmt.Errorf("delete %s: %w", id, err)
		}
		return &model.DeletePayload{DeletedID: id, Effects: effects}, nil
	}
}
