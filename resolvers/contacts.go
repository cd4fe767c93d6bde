package resolvers

import (
	"context"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph/model"
)

// roleByID reads a role named by a contact point or a service under the
// rules for roles: a role the caller may not see (the public sees none),
// or one removed since, is null.
func (r *Resolver) roleByID(ctx context.Context, id *string) (*domain.Role, error) {
	if id == nil {
		return nil, nil
	}
	m, err := r.Store.Roles(ctx, []string{*id})
	if err != nil {
		return nil, err
	}
	role, ok := m[*id]
	if !ok {
		return nil, nil
	}
	return &role, nil
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
