package resolvers

import (
	"context"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph"
	"github.com/kiezgraph/kiezgraph/graph/model"
)

// Organisation and Institution share every actor field; each resolver
// delegates to the actorFields methods below.

func (r *institutionResolver) Neighbourhoods(ctx context.Context, obj *domain.Institution) ([]domain.Neighbourhood, error) {
	return r.actorNeighbourhoods(ctx, obj.Actor)
}

func (r *institutionResolver) Services(ctx context.Context, obj *domain.Institution, filter *domain.ServiceFilter, orderBy *domain.Order, first *int, after *string) (*model.ServiceConnection, error) {
	return r.actorServices(ctx, obj.Actor, filter, orderBy, first, after)
}

func (r *institutionResolver) Partners(ctx context.Context, obj *domain.Institution, kinds []domain.CooperationKind, asOf *time.Time, first *int, after *string) (*model.PartnerConnection, error) {
	return r.actorPartners(ctx, obj.Actor, kinds, asOf, first, after)
}

func (r *institutionResolver) Roles(ctx context.Context, obj *domain.Institution, asOf *time.Time, first *int, after *string) (*model.RoleConnection, error) {
	return r.actorRoles(ctx, obj.Actor, asOf, first, after)
}

func (r *institutionResolver) Memberships(ctx context.Context, obj *domain.Institution, asOf *time.Time, first *int, after *string) (*model.MembershipConnection, error) {
	return r.actorMemberships(ctx, obj.Actor, asOf, first, after)
}

func (r *institutionResolver) Events(ctx context.Context, obj *domain.Institution, first *int, after *string) (*model.EventConnection, error) {
	return r.actorEvents(ctx, obj.Actor, first, after)
}

func (r *organisationResolver) Neighbourhoods(ctx context.Context, obj *domain.Organisation) ([]domain.Neighbourhood, error) {
	return r.actorNeighbourhoods(ctx, obj.Actor)
}

func (r *organisationResolver) Services(ctx context.Context, obj *domain.Organisation, filter *domain.ServiceFilter, orderBy *domain.Order, first *int, after *string) (*model.ServiceConnection, error) {
	return r.actorServices(ctx, obj.Actor, filter, orderBy, first, after)
}

func (r *organisationResolver) Partners(ctx context.Context, obj *domain.Organisation, kinds []domain.CooperationKind, asOf *time.Time, first *int, after *string) (*model.PartnerConnection, error) {
	return r.actorPartners(ctx, obj.Actor, kinds, asOf, first, after)
}

func (r *organisationResolver) Roles(ctx context.Context, obj *domain.Organisation, asOf *time.Time, first *int, after *string) (*model.RoleConnection, error) {
	return r.actorRoles(ctx, obj.Actor, asOf, first, after)
}

func (r *organisationResolver) Memberships(ctx context.Context, obj *domain.Organisation, asOf *time.Time, first *int, after *string) (*model.MembershipConnection, error) {
	return r.actorMemberships(ctx, obj.Actor, asOf, first, after)
}

func (r *organisationResolver) Events(ctx context.Context, obj *domain.Organisation, first *int, after *string) (*model.EventConnection, error) {
	return r.actorEvents(ctx, obj.Actor, first, after)
}

func (r *mutationResolver) CreateActor(ctx context.Context, input model.CreateActorInput) (*model.ActorPayload, error) {
	v := &validator{}
	a := domain.Actor{
		ID:               deref(input.ID.Value()),
		Name:             v.name("input.name", input.Name),
		Kind:             input.Kind,
		Sector:           input.Sector,
		Description:      v.text("input.description", input.Description.Value()),
		Keywords:         input.Keywords.Value(),
		Operator:         v.text("input.operator", input.Operator.Value()),
		NeighbourhoodIDs: input.Neighbourhoods.Value(),
		Span:             v.span(input.ValidFrom.Value(), input.ValidTo.Value()),
		Meta:             v.meta(input.ExternalKey, input.Record),
	}
	if c := input.Contact.Value(); c != nil {
		a.Contact = v.contact(c)
	}
	if v.err != nil {
		return nil, v.err
	}
	out, err := r.Store.CreateActor(ctx, a)
	if err != nil {
		return nil, err
	}
	return &model.ActorPayload{Actor: out.AsNode()}, nil
}

func (r *mutationResolver) UpdateActor(ctx context.Context, input model.UpdateActorInput) (*model.ActorPayload, error) {
	p := newPatch()
	p.reqName("name", input.Name)
	patchEnum(p, "kind", input.Kind)
	patchEnum(p, "sector", input.Sector)
	p.text("description", input.Description)
	p.strings("keywords", input.Keywords)
	if c, ok := input.Contact.ValueOK(); ok {
		var contact domain.Contact
		if c != nil {
			contact = p.contact(c)
		}
		p.p["email"], p.p["phone"], p.p["website"], p.p["address"] = contact.Email, contact.Phone, contact.Website, contact.Address
	}
	p.text("operator", input.Operator)
	p.date("validFrom", input.ValidFrom)
	p.date("validTo", input.ValidTo)
	p.record(input.ExternalKey, input.Record)
	nbs := p.ids("input.neighbourhoods", input.Neighbourhoods, false)
	if p.err != nil {
		return nil, p.err
	}
	out, err := r.Store.UpdateActor(ctx, input.ID, p.p, nbs)
	if err != nil {
		return nil, err
	}
	return &model.ActorPayload{Actor: out.AsNode()}, nil
}

func (r *mutationResolver) DeleteActor(ctx context.Context, id string) (*model.DeletePayload, error) {
	return deleted(id)(r.Store.DeleteActor(ctx, id))
}

func (r *queryResolver) Actor(ctx context.Context, id string) (domain.ActorNode, error) {
	a, err := orNil(load(ctx, r.loaders(ctx).actors, id))
	if a == nil || err != nil {
		return nil, err
	}
	return a.AsNode(), nil
}

func (r *queryResolver) Actors(ctx context.Context, filter *domain.ActorFilter, orderBy *domain.Order, first *int, after *string) (*model.ActorConnection, error) {
	page, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	p, err := r.Store.ListActors(ctx, filter, orderBy, page)
	if err != nil {
		return nil, err
	}
	return actorConnection(p), nil
}

// Institution returns graph.InstitutionResolver implementation.
func (r *Resolver) Institution() graph.InstitutionResolver { return &institutionResolver{r} }

// Organisation returns graph.OrganisationResolver implementation.
func (r *Resolver) Organisation() graph.OrganisationResolver { return &organisationResolver{r} }

type institutionResolver struct{ *Resolver }
type organisationResolver struct{ *Resolver }
