package store

import (
	"context"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// roleProj projects a WORKS_AT relationship bound to n.
const roleProj = "n{.*, personId: startNode(n).id, actorId: endNode(n).id}"

func mapRole(p *props) domain.Role {
	return domain.Role{
		ID:       p.str("id"),
		PersonID: p.str("personId"),
		ActorID:  p.str("actorId"),
		Title:    p.str("title"),
		Span:     p.span(),
		Meta:     p.meta(),
	}
}

// rolePatch validates a new role (but not its id and ends) and returns
// its properties.
func rolePatch(v domain.Role) (Patch, error) {
	if err := domain.Prepare(&v); err != nil {
		return nil, err
	}
	return Patch{"id": v.ID, "title": v.Title, "validFrom": v.ValidFrom, "validTo": v.ValidTo,
		"externalKey": v.ExternalKey, "source": v.Source, "lastConfirmed": v.LastConfirmed}, nil
}

// asOfConds is the condition that the relationship or node n is valid on
// asOf, when asOf is given.
func asOfConds(asOf *time.Time) *conds {
	c := newConds()
	c.date(condAsOf, "asOf", asOf)
	return c
}

// Roles returns roles by id.
func (s *Store) Roles(ctx context.Context, ids []string) (map[string]domain.Role, error) {
	return byIDs(ctx, s, "Role", "(:Person)-[n:WORKS_AT {id: id}]->(:Actor)", roleProj, ids, mapRole)
}

// RolesOfActors lists, per actor, the roles of the people working there
// (valid on asOf when given), ordered by the person's name, or for
// callers who see people as pseudonyms by the person's id, as people
// are (ListPeople): an order by name would link pseudonyms to names.
func (s *Store) RolesOfActors(ctx context.Context, actors []string, asOf *time.Time, page domain.PageArgs) (map[string]domain.Page[domain.Role], error) {
	c := asOfConds(asOf)
	order := "startNode(n).name"
	if domain.AccessFrom(ctx).Pseudonymised() {
		order = "startNode(n).id"
	}
	q := listQuery{kind: "Role", match: "(:Person)-[n:WORKS_AT]->(p:Actor {id: pid})", where: c.where, order: order, proj: roleProj}
	return listPages(ctx, s, q, c.params, actors, page, mapRole)
}

// orderValidFromDesc orders the newest first and open starts last.
const orderValidFromDesc = "n.validFrom IS NULL, n.validFrom DESC"

// RolesOfPeople lists, per person, their roles (valid on asOf when
// given), the latest first.
func (s *Store) RolesOfPeople(ctx context.Context, people []string, asOf *time.Time, page domain.PageArgs) (map[string]domain.Page[domain.Role], error) {
	c := asOfConds(asOf)
	q := listQuery{kind: "Role", match: "(p:Person {id: pid})-[n:WORKS_AT]->(:Actor)", where: c.where, order: orderValidFromDesc, proj: roleProj}
	return listPages(ctx, s, q, c.params, people, page, mapRole)
}

const addRoleCypher = `
MATCH (per:Person {id: $person}), (a:Actor {id: $actor})
CREATE (per)-[n:WORKS_AT]->(a)
SET n = $props, n.createdAt = datetime(), n.updatedAt = datetime()
RETURN ` + roleProj + ` AS n`

// AddRole records that a person works at an actor.
func (s *Store) AddRole(ctx context.Context, v domain.Role) (domain.Role, error) {
	fp := fingerprint(v)
	id, err := checkID(&v.ID, domain.EntityRole.Prefix)
	if err != nil {
		return v, err
	}
	v.ID = id
	p, err := rolePatch(v)
	if err != nil {
		return v, err
	}
	person := []target{nodeTarget("Person", v.PersonID)}
	return created(ctx, s, "addRole", relTarget("Role", "WORKS_AT", id), person, fp, (*Store).Roles, func(tx neo4j.ManagedTransaction) (domain.Role, error) {
		if err := requireOne(ctx, tx, "Person", "input.person", &v.PersonID); err != nil {
			return v, err
		}
		if err := requireOne(ctx, tx, "Actor", "input.actor", &v.ActorID); err != nil {
			return v, err
		}
		return writeOne(ctx, tx, addRoleCypher, map[string]any{"props": p.params(), "person": v.PersonID, "actor": v.ActorID}, mapRole)
	})
}

const (
	roleMatch        = "()-[n:WORKS_AT {id: $id}]->()"
	updateRoleCypher = "MATCH " + roleMatch + " SET n += $props, n.updatedAt = datetime() RETURN " + roleProj + " AS n"
)

// UpdateRole applies a patch of title, validFrom, validTo, source and
// lastConfirmed.
func (s *Store) UpdateRole(ctx context.Context, id string, u domain.RoleUpdate) (domain.Role, error) {
	if err := domain.Prepare(&u); err != nil {
		return domain.Role{}, err
	}
	p := Patch{}
	setName(p, "title", u.Title)
	p.setSpan(u.SpanUpdate).setMeta(u.MetaUpdate)
	return updateSpanned(ctx, s, "updateRole", relTarget("Role", "WORKS_AT", id), updateRoleCypher, "role", p, mapRole)
}

// updateSpanned applies a patch to the record t that has a validity span,
// as the write op, checking the span after the patch.
func updateSpanned[T any](ctx context.Context, s *Store, op string, t target, cypher, what string, p Patch, m mapper[T]) (T, error) {
	match, id := t.match, t.id
	v, err := audited(ctx, s, op, t, func(tx neo4j.ManagedTransaction) (T, error) {
		var zero T
		cur, err := currentProps(ctx, tx, match, id)
		if err != nil {
			return zero, err
		}
		if err := checkSpan(cur, p); err != nil {
			return zero, err
		}
		return writeOne(ctx, tx, cypher, map[string]any{"id": id, "props": p.params()}, m)
	})
	if err != nil {
		return v, fmt.Errorf("%s %s: %w", what, id, err)
	}
	return v, nil
}

// RemoveRole removes a role entirely.
func (s *Store) RemoveRole(ctx context.Context, id string) ([]domain.DeleteEffect, error) {
	return deleteSimple(ctx, s, "removeRole", relTarget("Role", "WORKS_AT", id), "role")
}
