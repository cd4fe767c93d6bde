package resolvers

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph"
	"github.com/kiezgraph/kiezgraph/graph/model"
	"github.com/kiezgraph/kiezgraph/store"
)

func (r *cooperationResolver) From(ctx context.Context, obj *domain.Cooperation) (domain.ActorNode, error) {
	return r.actorByID(ctx, obj.FromID)
}

func (r *cooperationResolver) To(ctx context.Context, obj *domain.Cooperation) (domain.ActorNode, error) {
	return r.actorByID(ctx, obj.ToID)
}

func (r *eventResolver) Organiser(ctx context.Context, obj *domain.Event) (domain.ActorNode, error) {
	return r.optActor(ctx, obj.OrganiserID)
}

func (r *eventResolver) Neighbourhood(ctx context.Context, obj *domain.Event) (*domain.Neighbourhood, error) {
	if obj.NeighbourhoodID == nil {
		return nil, nil
	}
	v, err := load(ctx, r.loaders(ctx).neighbourhoods, *obj.NeighbourhoodID)
	return &v, err
}

func (r *eventResolver) Network(ctx context.Context, obj *domain.Event) (*domain.Network, error) {
	if obj.NetworkID == nil {
		return nil, nil
	}
	v, err := load(ctx, r.loaders(ctx).networks, *obj.NetworkID)
	return &v, err
}

func (r *eventResolver) Participants(ctx context.Context, obj *domain.Event, first *int, after *string) (*model.ActorConnection, error) {
	page, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	p, err := keyedLoad(ctx, r.loaders(ctx), argKey("Event.participants", page), obj.ID,
		func(ctx context.Context, ids []string) (map[string]domain.Page[domain.Actor], error) {
			return r.Store.EventParticipants(ctx, ids, page)
		})
	return actorConnection(withOffset(p, page)), err
}

func (r *membershipResolver) Actor(ctx context.Context, obj *domain.Membership) (domain.ActorNode, error) {
	return r.actorByID(ctx, obj.ActorID)
}

func (r *membershipResolver) Network(ctx context.Context, obj *domain.Membership) (*domain.Network, error) {
	v, err := load(ctx, r.loaders(ctx).networks, obj.NetworkID)
	return &v, err
}

func (v *validator) strength(s *float64) float64 {
	if s == nil {
		return 0.5
	}
	if *s < 0 || *s > 1 {
		v.fail("input.strength", "must be between 0 and 1")
	}
	return *s
}

func (r *mutationResolver) AddCooperation(ctx context.Context, input model.AddCooperationInput) (*model.CooperationPayload, error) {
	v := &validator{}
	directed := input.Kind == domain.CoopFunding || input.Kind == domain.CoopReferral
	if d := input.Directed.Value(); d != nil {
		directed = *d
	}
	if input.From == input.To {
		v.fail("input.to", "an actor cannot cooperate with itself")
	}
	c := domain.Cooperation{
		ID:          deref(input.ID.Value()),
		FromID:      input.From,
		ToID:        input.To,
		Kind:        input.Kind,
		Strength:    v.strength(input.Strength.Value()),
		Directed:    directed,
		Description: v.text("input.description", input.Description.Value()),
		Span:        v.span(input.ValidFrom.Value(), input.ValidTo.Value()),
		Meta:        v.meta(input.ExternalKey, input.Record),
	}
	if v.err != nil {
		return nil, v.err
	}
	out, err := r.Store.AddCooperation(ctx, c)
	if err != nil {
		return nil, err
	}
	return &model.CooperationPayload{Cooperation: &out}, nil
}

func (r *mutationResolver) UpdateCooperation(ctx context.Context, input model.UpdateCooperationInput) (*model.CooperationPayload, error) {
	p := newPatch()
	patchEnum(p, "kind", input.Kind)
	if s, ok := input.Strength.ValueOK(); ok {
		if s == nil {
			p.fail("input.strength", "cannot be null")
		} else {
			p.p["strength"] = p.strength(s)
		}
	}
	if d, ok := input.Directed.ValueOK(); ok {
		p.p["directed"] = d != nil && *d
	}
	p.text("description", input.Description)
	p.date("validFrom", input.ValidFrom)
	p.date("validTo", input.ValidTo)
	p.record(input.ExternalKey, input.Record)
	if p.err != nil {
		return nil, p.err
	}
	out, err := r.Store.UpdateCooperation(ctx, input.ID, p.p)
	if err != nil {
		return nil, err
	}
	return &model.CooperationPayload{Cooperation: &out}, nil
}

func (r *mutationResolver) RemoveCooperation(ctx context.Context, id string) (*model.DeletePayload, error) {
	return deleted(id)(r.Store.RemoveCooperation(ctx, id))
}

func (r *mutationResolver) CreateNetwork(ctx context.Context, input model.CreateNetworkInput) (*model.NetworkPayload, error) {
	v := &validator{}
	n := domain.Network{
		ID:               deref(input.ID.Value()),
		Name:             v.name("input.name", input.Name),
		Kind:             input.Kind,
		Description:      v.text("input.description", input.Description.Value()),
		NeighbourhoodIDs: input.Neighbourhoods.Value(),
		Span:             v.span(input.ValidFrom.Value(), input.ValidTo.Value()),
		Meta:             v.meta(input.ExternalKey, input.Record),
	}
	if v.err != nil {
		return nil, v.err
	}
	out, err := r.Store.CreateNetwork(ctx, n)
	if err != nil {
		return nil, err
	}
	return &model.NetworkPayload{Network: &out}, nil
}

func (r *mutationResolver) UpdateNetwork(ctx context.Context, input model.UpdateNetworkInput) (*model.NetworkPayload, error) {
	p := newPatch()
	p.reqName("name", input.Name)
	patchEnum(p, "kind", input.Kind)
	p.text("description", input.Description)
	p.date("validFrom", input.ValidFrom)
	p.date("validTo", input.ValidTo)
	p.record(input.ExternalKey, input.Record)
	nbs := p.ids("input.neighbourhoods", input.Neighbourhoods, false)
	if p.err != nil {
		return nil, p.err
	}
	out, err := r.Store.UpdateNetwork(ctx, input.ID, p.p, nbs)
	if err != nil {
		return nil, err
	}
	return &model.NetworkPayload{Network: &out}, nil
}

func (r *mutationResolver) DeleteNetwork(ctx context.Context, id string) (*model.DeletePayload, error) {
	return deleted(id)(r.Store.DeleteNetwork(ctx, id))
}

func (r *mutationResolver) AddMembership(ctx context.Context, input model.AddMembershipInput) (*model.MembershipPayload, error) {
	v := &validator{}
	m := domain.Membership{
		ID:        deref(input.ID.Value()),
		ActorID:   input.Actor,
		NetworkID: input.Network,
		Role:      v.text("input.role", input.Role.Value()),
		Span:      v.span(input.ValidFrom.Value(), input.ValidTo.Value()),
		Meta:      v.recordMeta(input.Record),
	}
	if v.err != nil {
		return nil, v.err
	}
	out, err := r.Store.AddMembership(ctx, m)
	if err != nil {
		return nil, err
	}
	return &model.MembershipPayload{Membership: &out}, nil
}

func (r *mutationResolver) UpdateMembership(ctx context.Context, input model.UpdateMembershipInput) (*model.MembershipPayload, error) {
	p := newPatch()
	p.text("role", input.Role)
	p.date("validFrom", input.ValidFrom)
	p.date("validTo", input.ValidTo)
	p.recordOnly(input.Record)
	if p.err != nil {
		return nil, p.err
	}
	out, err := r.Store.UpdateMembership(ctx, input.ID, p.p)
	if err != nil {
		return nil, err
	}
	return &model.MembershipPayload{Membership: &out}, nil
}

func (r *mutationResolver) RemoveMembership(ctx context.Context, id string) (*model.DeletePayload, error) {
	return deleted(id)(r.Store.RemoveMembership(ctx, id))
}

func (r *mutationResolver) CreateEvent(ctx context.Context, input model.CreateEventInput) (*model.EventPayload, error) {
	v := &validator{}
	e := domain.Event{
		ID:              deref(input.ID.Value()),
		Name:            v.name("input.name", input.Name),
		Kind:            input.Kind,
		Date:            input.Date,
		Description:     v.text("input.description", input.Description.Value()),
		OrganiserID:     input.Organiser.Value(),
		NeighbourhoodID: input.Neighbourhood.Value(),
		NetworkID:       input.Network.Value(),
		ParticipantIDs:  input.Participants.Value(),
		Meta:            v.meta(input.ExternalKey, input.Record),
	}
	if v.err != nil {
		return nil, v.err
	}
	out, err := r.Store.CreateEvent(ctx, e)
	if err != nil {
		return nil, err
	}
	return &model.EventPayload{Event: &out}, nil
}

func link(o graphql.Omittable[*string]) store.Link {
	v, ok := o.ValueOK()
	return store.Link{Set: ok, ID: v}
}

func (r *mutationResolver) UpdateEvent(ctx context.Context, input model.UpdateEventInput) (*model.EventPayload, error) {
	p := newPatch()
	p.reqName("name", input.Name)
	patchEnum(p, "kind", input.Kind)
	if d, ok := input.Date.ValueOK(); ok {
		if d == nil {
			p.fail("input.date", "cannot be null")
		}
		p.p["date"] = d
	}
	p.text("description", input.Description)
	p.record(input.ExternalKey, input.Record)
	links := store.EventLinks{
		Organiser: link(input.Organiser), Neighbourhood: link(input.Neighbourhood), Network: link(input.Network),
		Participants: p.ids("input.participants", input.Participants, false),
	}
	if p.err != nil {
		return nil, p.err
	}
	out, err := r.Store.UpdateEvent(ctx, input.ID, p.p, links)
	if err != nil {
		return nil, err
	}
	return &model.EventPayload{Event: &out}, nil
}

func (r *mutationResolver) DeleteEvent(ctx context.Context, id string) (*model.DeletePayload, error) {
	return deleted(id)(r.Store.DeleteEvent(ctx, id))
}

func (r *networkResolver) Neighbourhoods(ctx context.Context, obj *domain.Network) ([]domain.Neighbourhood, error) {
	return keyedLoad(ctx, r.loaders(ctx), "Network.neighbourhoods", obj.ID, r.Store.NetworkNeighbourhoods)
}

func (r *networkResolver) Memberships(ctx context.Context, obj *domain.Network, asOf *time.Time, first *int, after *string) (*model.MembershipConnection, error) {
	page, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	day := r.asOfOrToday(asOf)
	p, err := keyedLoad(ctx, r.loaders(ctx), argKey("Network.memberships", day, page), obj.ID,
		func(ctx context.Context, ids []string) (map[string]domain.Page[domain.Membership], error) {
			return r.Store.MembershipsOfNetworks(ctx, ids, day, page)
		})
	return membershipConnection(withOffset(p, page)), err
}

func (r *networkResolver) Events(ctx context.Context, obj *domain.Network, first *int, after *string) (*model.EventConnection, error) {
	page, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	p, err := keyedLoad(ctx, r.loaders(ctx), argKey("Network.events", page), obj.ID,
		func(ctx context.Context, ids []string) (map[string]domain.Page[domain.Event], error) {
			return r.Store.EventsOfNetworks(ctx, ids, page)
		})
	return eventConnection(withOffset(p, page)), err
}

func (r *queryResolver) Cooperation(ctx context.Context, id string) (*domain.Cooperation, error) {
	return orNil(firstOf(r.Store.Cooperations(ctx, []string{id})))
}

func (r *queryResolver) Cooperations(ctx context.Context, filter *domain.CooperationFilter, first *int, after *string) (*model.CooperationConnection, error) {
	page, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	p, err := r.Store.ListCooperations(ctx, filter, page)
	if err != nil {
		return nil, err
	}
	return cooperationConnection(p), nil
}

func (r *queryResolver) Network(ctx context.Context, id string) (*domain.Network, error) {
	return orNil(load(ctx, r.loaders(ctx).networks, id))
}

func (r *queryResolver) Networks(ctx context.Context, filter *domain.NetworkFilter, first *int, after *string) (*model.NetworkConnection, error) {
	page, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	p, err := r.Store.ListNetworks(ctx, filter, page)
	if err != nil {
		return nil, err
	}
	return networkConnection(p), nil
}

func (r *queryResolver) Event(ctx context.Context, id string) (*domain.Event, error) {
	return orNil(firstOf(r.Store.Events(ctx, []string{id})))
}

func (r *queryResolver) Events(ctx context.Context, filter *domain.EventFilter, first *int, after *string) (*model.EventConnection, error) {
	page, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	p, err := r.Store.ListEvents(ctx, filter, page)
	if err != nil {
		return nil, err
	}
	return eventConnection(p), nil
}

// Cooperation returns graph.CooperationResolver implementation.
func (r *Resolver) Cooperation() graph.CooperationResolver { return &cooperationResolver{r} }

// Event returns graph.EventResolver implementation.
func (r *Resolver) Event() graph.EventResolver { return &eventResolver{r} }

// Membership returns graph.MembershipResolver implementation.
func (r *Resolver) Membership() graph.MembershipResolver { return &membershipResolver{r} }

// Network returns graph.NetworkResolver implementation.
func (r *Resolver) Network() graph.NetworkResolver { return &networkResolver{r} }

type cooperationResolver struct{ *Resolver }
type eventResolver struct{ *Resolver }
type membershipResolver struct{ *Resolver }
type networkResolver struct{ *Resolver }
