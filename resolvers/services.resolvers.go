package resolvers

import (
	"context"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph"
	"github.com/kiezgraph/kiezgraph/graph/model"
	"github.com/kiezgraph/kiezgraph/store"
)

func (r *mutationResolver) CreateService(ctx context.Context, input model.CreateServiceInput) (*model.ServicePayload, error) {
	v := &validator{}
	s := domain.Service{
		ID:               deref(input.ID.Value()),
		Name:             v.name("input.name", input.Name),
		Description:      v.text("input.description", input.Description.Value()),
		Keywords:         input.Keywords.Value(),
		ProviderID:       input.Provider,
		TargetGroupIDs:   v.nonEmpty("input.targetGroups", input.TargetGroups),
		TopicIDs:         v.nonEmpty("input.topics", input.Topics),
		NeighbourhoodIDs: v.nonEmpty("input.neighbourhoods", input.Neighbourhoods),
		Span:             v.span(input.ValidFrom.Value(), input.ValidTo.Value()),
		Meta:             v.meta(input.ExternalKey, input.Record),
	}
	if v.err != nil {
		return nil, v.err
	}
	out, err := r.Store.CreateService(ctx, s)
	if err != nil {
		return nil, err
	}
	return &model.ServicePayload{Service: &out}, nil
}

func (r *mutationResolver) UpdateService(ctx context.Context, input model.UpdateServiceInput) (*model.ServicePayload, error) {
	p := newPatch()
	p.reqName("name", input.Name)
	p.text("description", input.Description)
	p.strings("keywords", input.Keywords)
	p.date("validFrom", input.ValidFrom)
	p.date("validTo", input.ValidTo)
	p.record(input.ExternalKey, input.Record)
	links := store.ServiceLinks{
		TargetGroups:   p.ids("input.targetGroups", input.TargetGroups, true),
		Topics:         p.ids("input.topics", input.Topics, true),
		Neighbourhoods: p.ids("input.neighbourhoods", input.Neighbourhoods, true),
	}
	if v, ok := input.Provider.ValueOK(); ok {
		if v == nil {
			p.fail("input.provider", "cannot be null")
		}
		links.Provider = v
	}
	if p.err != nil {
		return nil, p.err
	}
	out, err := r.Store.UpdateService(ctx, input.ID, p.p, links)
	if err != nil {
		return nil, err
	}
	return &model.ServicePayload{Service: &out}, nil
}

func (r *mutationResolver) DeleteService(ctx context.Context, id string) (*model.DeletePayload, error) {
	return deleted(id)(r.Store.DeleteService(ctx, id))
}

func (v *validator) evidence(e *model.EvidenceInput) *domain.Evidence {
	if e == nil {
		return nil
	}
	y := e.Year.Value()
	v.year("input.evidence.year", y)
	return &domain.Evidence{
		Indicator: v.name("input.evidence.indicator", e.Indicator),
		Value:     e.Value.Value(), Unit: v.text("input.evidence.unit", e.Unit.Value()),
		Year: y, Source: v.text("input.evidence.source", e.Source.Value()),
	}
}

func (r *mutationResolver) CreateNeed(ctx context.Context, input model.CreateNeedInput) (*model.NeedPayload, error) {
	v := &validator{}
	n := domain.Need{
		ID:              deref(input.ID.Value()),
		TargetGroupID:   input.TargetGroup,
		TopicID:         input.Topic,
		NeighbourhoodID: input.Neighbourhood,
		Severity:        input.Severity,
		Description:     v.text("input.description", input.Description.Value()),
		Evidence:        v.evidence(input.Evidence.Value()),
		Span:            v.span(input.ValidFrom.Value(), input.ValidTo.Value()),
		Meta:            v.meta(input.ExternalKey, input.Record),
	}
	if v.err != nil {
		return nil, v.err
	}
	out, err := r.Store.CreateNeed(ctx, n)
	if err != nil {
		return nil, err
	}
	return &model.NeedPayload{Need: &out}, nil
}

func (r *mutationResolver) UpdateNeed(ctx context.Context, input model.UpdateNeedInput) (*model.NeedPayload, error) {
	p := newPatch()
	patchEnum(p, "severity", input.Severity)
	p.text("description", input.Description)
	if e, ok := input.Evidence.ValueOK(); ok {
		ev := p.evidence(e)
		if ev == nil {
			ev = &domain.Evidence{}
			p.p["evidenceIndicator"] = nil
		} else {
			p.p["evidenceIndicator"] = ev.Indicator
		}
		p.p["evidenceValue"], p.p["evidenceUnit"], p.p["evidenceYear"], p.p["evidenceSource"] = ev.Value, ev.Unit, ev.Year, ev.Source
	}
	p.date("validFrom", input.ValidFrom)
	p.date("validTo", input.ValidTo)
	p.record(input.ExternalKey, input.Record)
	if p.err != nil {
		return nil, p.err
	}
	out, err := r.Store.UpdateNeed(ctx, input.ID, p.p)
	if err != nil {
		return nil, err
	}
	return &model.NeedPayload{Need: &out}, nil
}

func (r *mutationResolver) DeleteNeed(ctx context.Context, id string) (*model.DeletePayload, error) {
	return deleted(id)(r.Store.DeleteNeed(ctx, id))
}

func (r *needResolver) TargetGroup(ctx context.Context, obj *domain.Need) (*domain.TargetGroup, error) {
	v, err := load(ctx, r.loaders(ctx).targetGroups, obj.TargetGroupID)
	return &v, err
}

func (r *needResolver) Topic(ctx context.Context, obj *domain.Need) (*domain.Topic, error) {
	v, err := load(ctx, r.loaders(ctx).topics, obj.TopicID)
	return &v, err
}

func (r *needResolver) Neighbourhood(ctx context.Context, obj *domain.Need) (*domain.Neighbourhood, error) {
	v, err := load(ctx, r.loaders(ctx).neighbourhoods, obj.NeighbourhoodID)
	return &v, err
}

func (r *needResolver) CoveringServices(ctx context.Context, obj *domain.Need, asOf *time.Time) ([]domain.Service, error) {
	day := r.asOfOrToday(asOf)
	return keyedLoad(ctx, r.loaders(ctx), argKey("Need.coveringServices", day), obj.ID,
		func(ctx context.Context, ids []string) (map[string][]domain.Service, error) {
			return r.Store.CoveringServices(ctx, ids, *day)
		})
}

func (r *queryResolver) Service(ctx context.Context, id string) (*domain.Service, error) {
	return orNil(load(ctx, r.loaders(ctx).services, id))
}

func (r *queryResolver) Services(ctx context.Context, filter *domain.ServiceFilter, orderBy *domain.Order, first *int, after *string) (*model.ServiceConnection, error) {
	page, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	p, err := r.Store.ListServices(ctx, filter, orderBy, page)
	if err != nil {
		return nil, err
	}
	return serviceConnection(p), nil
}

func (r *queryResolver) Need(ctx context.Context, id string) (*domain.Need, error) {
	return orNil(firstOf(r.Store.Needs(ctx, []string{id})))
}

func (r *queryResolver) Needs(ctx context.Context, filter *domain.NeedFilter, orderBy *domain.Order, first *int, after *string) (*model.NeedConnection, error) {
	page, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	p, err := r.Store.ListNeeds(ctx, filter, orderBy, page)
	if err != nil {
		return nil, err
	}
	return needConnection(p), nil
}

func (r *serviceResolver) Provider(ctx context.Context, obj *domain.Service) (domain.ActorNode, error) {
	return r.actorByID(ctx, obj.ProviderID)
}

func (r *serviceResolver) TargetGroups(ctx context.Context, obj *domain.Service) ([]domain.TargetGroup, error) {
	return loadAll(ctx, r.loaders(ctx).targetGroups, obj.TargetGroupIDs)
}

func (r *serviceResolver) Topics(ctx context.Context, obj *domain.Service) ([]domain.Topic, error) {
	return loadAll(ctx, r.loaders(ctx).topics, obj.TopicIDs)
}

func (r *serviceResolver) Neighbourhoods(ctx context.Context, obj *domain.Service) ([]domain.Neighbourhood, error) {
	return loadAll(ctx, r.loaders(ctx).neighbourhoods, obj.NeighbourhoodIDs)
}

// Need returns graph.NeedResolver implementation.
func (r *Resolver) Need() graph.NeedResolver { return &needResolver{r} }

// Service returns graph.ServiceResolver implementation.
func (r *Resolver) Service() graph.ServiceResolver { return &serviceResolver{r} }

type needResolver struct{ *Resolver }
type serviceResolver struct{ *Resolver }
