package resolvers

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph/model"
)

func (v *validator) contact(c *model.ContactInput) domain.Contact {
	out := domain.Contact{
		Email:   v.text("input.contact.email", c.Email.Value()),
		Phone:   v.text("input.contact.phone", c.Phone.Value()),
		Website: v.text("input.contact.website", c.Website.Value()),
		Address: v.text("input.contact.address", c.Address.Value()),
	}
	if out.Email != nil && !strings.Contains(*out.Email, "@") {
		v.fail("input.contact.email", "is not an e-mail address")
	}
	if out.Website != nil {
		u, err := url.Parse(*out.Website)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			v.fail("input.contact.website", "must be an http or https URL")
		}
	}
	return out
}

func (r *Resolver) actorNeighbourhoods(ctx context.Context, a *domain.Actor) ([]domain.Neighbourhood, error) {
	return keyedLoad(ctx, r.loaders(ctx), "Actor.neighbourhoods", a.ID, r.Store.ActorNeighbourhoods)
}

func (r *Resolver) actorServices(ctx context.Context, a *domain.Actor, filter *domain.ServiceFilter, orderBy *domain.Order, first *int, after *string) (*model.ServiceConnection, error) {
	page, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	p, err := keyedLoad(ctx, r.loaders(ctx), argKey("Actor.services", filter, orderBy, page), a.ID,
		func(ctx context.Context, ids []string) (map[string]domain.Page[domain.Service], error) {
			return r.Store.ServicesOf(ctx, ids, filter, orderBy, page)
		})
	return serviceConnection(withOffset(p, page)), err
}

func (r *Resolver) actorPartners(ctx context.Context, a *domain.Actor, kinds []domain.CooperationKind, asOf *time.Time, first *int, after *string) (*model.PartnerConnection, error) {
	page, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	day := r.asOfOrToday(asOf)
	p, err := keyedLoad(ctx, r.loaders(ctx), argKey("Actor.partners", kinds, day, page), a.ID,
		func(ctx context.Context, ids []string) (map[string]domain.Page[domain.Cooperation], error) {
			return r.Store.PartnersOf(ctx, ids, kinds, day, page)
		})
	if err != nil {
		return nil, err
	}
	p = withOffset(p, page)
	partnerIDs := make([]string, len(p.Items))
	for i, c := range p.Items {
		partnerIDs[i] = c.ToID
		if c.ToID == a.ID {
			partnerIDs[i] = c.FromID
		}
	}
	partners, err := loadAll(ctx, r.loaders(ctx).actors, partnerIDs)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]domain.Actor, len(partners))
	for _, x := range partners {
		byID[x.ID] = x
	}
	i := 0
	e, info := edges(p, func(cursor string, c domain.Cooperation) model.PartnerEdge {
		partner := byID[partnerIDs[i]]
		i++
		return model.PartnerEdge{Cursor: cursor, Node: partner.AsNode(), Cooperation: &c}
	})
	return &model.PartnerConnection{Edges: e, PageInfo: info, TotalCount: p.Total}, nil
}

func (r *Resolver) actorRoles(ctx context.Context, a *domain.Actor, asOf *time.Time, first *int, after *string) (*model.RoleConnection, error) {
	page, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	day := r.asOfOrToday(asOf)
	p, err := keyedLoad(ctx, r.loaders(ctx), argKey("Actor.roles", day, page), a.ID,
		func(ctx context.Context, ids []string) (map[string]domain.Page[domain.Role], error) {
			return r.Store.RolesOfActors(ctx, ids, day, page)
		})
	return roleConnection(withOffset(p, page)), err
}

func (r *Resolver) actorMemberships(ctx context.Context, a *domain.Actor, asOf *time.Time, first *int, after *string) (*model.MembershipConnection, error) {
	page, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	day := r.asOfOrToday(asOf)
	p, err := keyedLoad(ctx, r.loaders(ctx), argKey("Actor.memberships", day, page), a.ID,
		func(ctx context.Context, ids []string) (map[string]domain.Page[domain.Membership], error) {
			return r.Store.MembershipsOfActors(ctx, ids, day, page)
		})
	return membershipConnection(withOffset(p, page)), err
}

func (r *Resolver) actorEvents(ctx context.Context, a *domain.Actor, first *int, after *string) (*model.EventConnection, error) {
	page, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	p, err := keyedLoad(ctx, r.loaders(ctx), argKey("Actor.events", page), a.ID,
		func(ctx context.Context, ids []string) (map[string]domain.Page[domain.Event], error) {
			return r.Store.EventsOfActors(ctx, ids, page)
		})
	return eventConnection(withOffset(p, page)), err
}

// actorByID loads an actor for a to-one field.
func (r *Resolver) actorByID(ctx context.Context, id string) (domain.ActorNode, error) {
	a, err := load(ctx, r.loaders(ctx).actors, id)
	if err != nil {
		return nil, err
	}
	return a.AsNode(), nil
}

// optActor loads an optional actor link.
func (r *Resolver) optActor(ctx context.Context, id *string) (domain.ActorNode, error) {
	if id == nil {
		return nil, nil
	}
	return r.actorByID(ctx, *id)
}

