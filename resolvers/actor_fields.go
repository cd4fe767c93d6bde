package resolvers

import (
	"context"
	"errors"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph/model"
	"github.com/kiezgraph/kiezgraph/store"
)

func (r *Resolver) actorNeighbourhoods(ctx context.Context, a *domain.Actor) ([]domain.Neighbourhood, error) {
	return keyedLoad(ctx, r.loaders(ctx), "Actor.neighbourhoods", a.ID, r.Store.ActorNeighbourhoods, list[domain.Neighbourhood], idOf[domain.Actor])
}

func (r *Resolver) actorServices(ctx context.Context, a *domain.Actor, filter *domain.ServiceFilter, orderBy *domain.Order, first *int, after *string) (*model.ServiceConnection, error) {
	page, err := pageArgs(ctx, first, after)
	if err != nil {
		return nil, err
	}
	filter = filter.Current(r.Today())
	p, err := keyedLoad(ctx, r.loaders(ctx), argKey("Actor.services", filter, orderBy, page), a.ID,
		func(ctx context.Context, ids []string) (map[string]domain.Page[domain.Service], error) {
			return r.Store.ServicesOf(ctx, ids, filter, orderBy, page)
		}, items[domain.Service], idOf[domain.Actor])
	c := serviceConnection(withOffset(p, page))
	c.Count = func(ctx context.Context, field string) ([]store.ValueCount, error) {
		return r.Store.CountServicesOfBy(ctx, a.ID, filter, field)
	}
	return c, err
}

// partnerPage is a page of an actor's cooperations with the partner at
// the other end of each.
type partnerPage struct {
	domain.Page[domain.Cooperation]
	partners []domain.Actor // aligned with Items
}

// partnerPages loads the cooperations of many actors and all their
// partners in two queries.
func (r *Resolver) partnerPages(ctx context.Context, actors []string, kinds []domain.CooperationKind, day *time.Time, page domain.PageArgs, countPartners bool) (map[string]partnerPage, error) {
	pages, err := r.Store.PartnersOf(ctx, actors, kinds, day, page, countPartners)
	if err != nil {
		return nil, err
	}
	out := make(map[string]partnerPage, len(pages))
	for actor, p := range pages {
		pp := partnerPage{Page: domain.Page[domain.Cooperation]{Total: p.Total, Offset: p.Offset, Distinct: p.Distinct,
			Uncounted: p.Uncounted, More: p.More, Items: make([]domain.Cooperation, len(p.Items))},
			partners: make([]domain.Actor, len(p.Items))}
		for i, link := range p.Items {
			pp.Items[i], pp.partners[i] = link.Cooperation, link.Partner
		}
		out[actor] = pp
	}
	return out, nil
}

func (r *Resolver) actorPartners(ctx context.Context, a *domain.Actor, kinds []domain.CooperationKind, asOf *time.Time, first *int, after *string) (*model.PartnerConnection, error) {
	page, err := pageArgs(ctx, first, after)
	if err != nil {
		return nil, err
	}
	day := r.asOfOrToday(asOf)
	countPartners := selects(ctx, "partnerCount")
	p, err := keyedLoad(ctx, r.loaders(ctx), argKey("Actor.partners", kinds, day, page, countPartners), a.ID,
		func(ctx context.Context, ids []string) (map[string]partnerPage, error) {
			return r.partnerPages(ctx, ids, kinds, day, page, countPartners)
		}, partnerLevels, idOf[domain.Actor])
	if err != nil {
		return nil, err
	}
	p.Offset = page.Offset
	i := 0
	e, info := edges(p.Page, func(cursor string, c domain.Cooperation) model.PartnerEdge {
		partner := p.partners[i]
		i++
		return model.PartnerEdge{Cursor: cursor, Node: partner.AsNode(), Cooperation: &c}
	})
	return &model.PartnerConnection{Edges: e, PageInfo: info, TotalCount: p.Total, PartnerCount: p.Distinct}, nil
}

// partnerLevels records a partner page's partners as the next level and
// the cooperations on its edges below it, whose ends load by level too.
func partnerLevels(p partnerPage) []any {
	out := list(p.partners)
	for i := range p.Items {
		out = append(out, below{".edges.cooperation", &p.Items[i]})
	}
	return out
}

func (r *Resolver) actorRoles(ctx context.Context, a *domain.Actor, asOf *time.Time, first *int, after *string) (*model.RoleConnection, error) {
	page, err := pageArgs(ctx, first, after)
	if err != nil {
		return nil, err
	}
	day := r.asOfOrToday(asOf)
	p, err := keyedLoad(ctx, r.loaders(ctx), argKey("Actor.roles", day, page), a.ID,
		func(ctx context.Context, ids []string) (map[string]domain.Page[domain.Role], error) {
			return r.Store.RolesOfActors(ctx, ids, day, page)
		}, items[domain.Role], idOf[domain.Actor])
	return roleConnection(withOffset(p, page)), err
}

func (r *Resolver) actorMemberships(ctx context.Context, a *domain.Actor, asOf *time.Time, first *int, after *string) (*model.MembershipConnection, error) {
	page, err := pageArgs(ctx, first, after)
	if err != nil {
		return nil, err
	}
	day := r.asOfOrToday(asOf)
	p, err := keyedLoad(ctx, r.loaders(ctx), argKey("Actor.memberships", day, page), a.ID,
		func(ctx context.Context, ids []string) (map[string]domain.Page[domain.Membership], error) {
			return r.Store.MembershipsOfActors(ctx, ids, day, page)
		}, items[domain.Membership], idOf[domain.Actor])
	return membershipConnection(withOffset(p, page)), err
}

func (r *Resolver) actorEvents(ctx context.Context, a *domain.Actor, first *int, after *string) (*model.EventConnection, error) {
	page, err := pageArgs(ctx, first, after)
	if err != nil {
		return nil, err
	}
	p, err := keyedLoad(ctx, r.loaders(ctx), argKey("Actor.events", page), a.ID,
		func(ctx context.Context, ids []string) (map[string]domain.Page[domain.Event], error) {
			return r.Store.EventsOfActors(ctx, ids, page)
		}, items[domain.Event], idOf[domain.Actor])
	return eventConnection(withOffset(p, page)), err
}

// actorByID loads an actor for a to-one field; expand names the actors
// the caller's siblings need.
func (r *Resolver) actorByID(ctx context.Context, id string, expand func(any) []string) (domain.ActorNode, error) {
	a, err := load(ctx, r.loaders(ctx).actors, id, expand)
	if err != nil {
		return nil, err
	}
	return a.AsNode(), nil
}

// optActor loads an optional actor link.
func (r *Resolver) optActor(ctx context.Context, id *string, expand func(any) []string) (domain.ActorNode, error) {
	if id == nil {
		return nil, nil
	}
	a, err := r.actorByID(ctx, *id, expand)
	if errors.Is(err, domain.ErrNotFound) {
		// An optional reference to a record the caller may not see
		// reads as no reference.
		return nil, nil
	}
	return a, err
}

// optional returns a pointer to v, or nil when the record was not found
// (absent, or hidden from the caller): for nullable references.
func optional[T any](v T, err error) (*T, error) {
	if errors.Is(err, domain.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}
