package resolvers

import (
	"context"
	"strings"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph"
	"github.com/kiezgraph/kiezgraph/graph/model"
)

func (r *mutationResolver) CreatePerson(ctx context.Context, input model.CreatePersonInput) (*model.PersonPayload, error) {
	v := &validator{}
	p := domain.Person{
		ID:    deref(input.ID.Value()),
		Name:  v.name("input.name", input.Name),
		Email: v.email("input.email", input.Email.Value()),
		Meta:  v.meta(input.ExternalKey, input.Record),
	}
	if v.err != nil {
		return nil, v.err
	}
	out, err := r.Store.CreatePerson(ctx, p)
	if err != nil {
		return nil, err
	}
	return &model.PersonPayload{Person: &out}, nil
}

func (v *validator) email(field string, s *string) *string {
	e := v.text(field, s)
	if e != nil && !strings.Contains(*e, "@") {
		v.fail(field, "is not an e-mail address")
	}
	return e
}

func (r *mutationResolver) UpdatePerson(ctx context.Context, input model.UpdatePersonInput) (*model.PersonPayload, error) {
	p := newPatch()
	p.reqName("name", input.Name)
	if e, ok := input.Email.ValueOK(); ok {
		p.p["email"] = p.email("input.email", e)
	}
	p.record(input.ExternalKey, input.Record)
	if p.err != nil {
		return nil, p.err
	}
	out, err := r.Store.UpdatePerson(ctx, input.ID, p.p)
	if err != nil {
		return nil, err
	}
	return &model.PersonPayload{Person: &out}, nil
}

func (r *mutationResolver) DeletePerson(ctx context.Context, id string) (*model.DeletePayload, error) {
	return deleted(id)(r.Store.DeletePerson(ctx, id))
}

func (r *mutationResolver) AddRole(ctx context.Context, input model.AddRoleInput) (*model.RolePayload, error) {
	v := &validator{}
	role := domain.Role{
		ID:       deref(input.ID.Value()),
		PersonID: input.Person,
		ActorID:  input.Actor,
		Title:    v.name("input.title", input.Title),
		Span:     v.span(input.ValidFrom.Value(), input.ValidTo.Value()),
		Meta:     v.recordMeta(input.Record),
	}
	if v.err != nil {
		return nil, v.err
	}
	out, err := r.Store.AddRole(ctx, role)
	if err != nil {
		return nil, err
	}
	return &model.RolePayload{Role: &out}, nil
}

func (r *mutationResolver) UpdateRole(ctx context.Context, input model.UpdateRoleInput) (*model.RolePayload, error) {
	p := newPatch()
	p.reqName("title", input.Title)
	p.date("validFrom", input.ValidFrom)
	p.date("validTo", input.ValidTo)
	p.recordOnly(input.Record)
	if p.err != nil {
		return nil, p.err
	}
	out, err := r.Store.UpdateRole(ctx, input.ID, p.p)
	if err != nil {
		return nil, err
	}
	return &model.RolePayload{Role: &out}, nil
}

func (r *mutationResolver) RemoveRole(ctx context.Context, id string) (*model.DeletePayload, error) {
	return deleted(id)(r.Store.RemoveRole(ctx, id))
}

func (r *personResolver) Roles(ctx context.Context, obj *domain.Person, asOf *time.Time, first *int, after *string) (*model.RoleConnection, error) {
	page, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	day := r.asOfOrToday(asOf)
	p, err := keyedLoad(ctx, r.loaders(ctx), argKey("Person.roles", day, page), obj.ID,
		func(ctx context.Context, ids []string) (map[string]domain.Page[domain.Role], error) {
			return r.Store.RolesOfPeople(ctx, ids, day, page)
		})
	return roleConnection(withOffset(p, page)), err
}

func (r *queryResolver) Person(ctx context.Context, id string) (*domain.Person, error) {
	return orNil(load(ctx, r.loaders(ctx).people, id))
}

func (r *queryResolver) People(ctx context.Context, filter *domain.PersonFilter, first *int, after *string) (*model.PersonConnection, error) {
	page, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	p, err := r.Store.ListPeople(ctx, filter, page)
	if err != nil {
		return nil, err
	}
	return personConnection(p), nil
}

func (r *roleResolver) Person(ctx context.Context, obj *domain.Role) (*domain.Person, error) {
	p, err := load(ctx, r.loaders(ctx).people, obj.PersonID)
	return &p, err
}

func (r *roleResolver) Actor(ctx context.Context, obj *domain.Role) (domain.ActorNode, error) {
	return r.actorByID(ctx, obj.ActorID)
}

// Person returns graph.PersonResolver implementation.
func (r *Resolver) Person() graph.PersonResolver { return &personResolver{r} }

// Role returns graph.RoleResolver implementation.
func (r *Resolver) Role() graph.RoleResolver { return &roleResolver{r} }

type personResolver struct{ *Resolver }
type roleResolver struct{ *Resolver }
