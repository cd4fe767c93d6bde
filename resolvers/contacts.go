package resolvers

import (
	"context"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph/model"
)

// roleByID reads a role named by a contact point or a service under the
// rules for roles: a role the caller may not see (the public sees none),
// or one removed since, is null. It goes through the request's role
// loader: expand names the role a sibling (another contact point or
// service of the same list level) needs, so that a level's roles load
// in one read.
func (r *Resolver) roleByID(ctx context.Context, id *string, expand func(any) []string) (*domain.Role, error) {
	if id == nil {
		return nil, nil
	}
	role, found, err := r.loaders(ctx).roles.thunk(ctx, *id, expand)()
	if err != nil || !found {
		return nil, err
	}
	return &role, nil
}

// contactPoints returns a record's contact points, never nil, and
// records them as a list level, so that the roles of all contact points
// of the level load at once (see roleByID). The first contact point list
// of a level records those of every sibling record of its parent level:
// gqlgen marshals a list's elements one after another (graph.marshalSlice),
// so the second actor's contact points are not asked for before the first
// actor's roles are read.
func (r *Resolver) contactPoints(ctx context.Context, cps []domain.ContactPoint) []domain.ContactPoint {
	if cps == nil {
		cps = []domain.ContactPoint{}
	}
	lv := r.loaders(ctx).lv
	siblings := lv.get(parentLevel(ctx))
	if len(siblings) == 0 {
		r.register(ctx, list(cps))
		return cps
	}
	lv.fill(fieldLevel(ctx), func() []any {
		var all []any
		for _, o := range siblings {
			all = append(all, list(contactPointsOf(o))...)
		}
		return all
	})
	return cps
}

// contactPointsOf returns the contact points of a record of a list
// level: an actor (whatever API type wraps it) or a service.
func contactPointsOf(o any) []domain.ContactPoint {
	switch v := o.(type) {
	case domain.ActorNode:
		return v.GetActor().ContactPoints
	case *domain.Service:
		return v.ContactPoints
	}
	return nil
}

// contactPointsInput converts contact points; the store checks them.
func contactPointsInput(in []model.ContactPointInput) []domain.ContactPoint {
	out := make([]domain.ContactPoint, len(in))
	for i, c := range in {
		cp := domain.ContactPoint{Function: c.Function, Phone: c.Phone.Value(), Email: c.Email.Value(),
			Languages: c.Languages.Value(), RoleID: c.Role.Value()}
		if id := c.ID.Value(); id != nil {
			cp.ID = *id
		}
		for _, o := range c.OpeningHours.Value() {
			cp.OpeningHours = append(cp.OpeningHours, domain.OpeningHours{Days: o.Days, Opens: o.Opens, Closes: o.Closes, Note: o.Note.Value()})
		}
		out[i] = cp
	}
	return out
}
