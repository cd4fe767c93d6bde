package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

const personProj = "n{.*}"

func mapPerson(p *props) domain.Person {
	return domain.Person{
		ID:    p.str("id"),
		Name:  p.str("name"),
		Email: p.strPtr("email"),
		Meta:  p.meta(),
	}
}

// personPatch validates a new person (but not the id) and returns its
// properties, with the folded searchName for nameContains.
func personPatch(v domain.Person) (Patch, error) {
	if err := domain.Prepare(&v); err != nil {
		return nil, err
	}
	return Patch{"id": v.ID, "name": v.Name, "searchName": Fold(v.Name), "email": v.Email,
		"externalKey": v.ExternalKey, "source": v.Source, "lastConfirmed": v.LastConfirmed}, nil
}

// validR is the asOf condition on a role bound to r; $asOf may be null.
const validR = "($asOf IS NULL OR ((r.validFrom IS NULL OR r.validFrom <= $asOf) AND (r.validTo IS NULL OR r.validTo >= $asOf)))"

func personConds(f *domain.PersonFilter) *conds {
	c := newConds()
	c.params["asOf"] = nil
	if f == nil {
		return c
	}
	c.params["asOf"] = dateParam(f.AsOf)
	c.nameContains(f.NameContains)
	c.refFrom("Actor", "EXISTS { MATCH (n)-[r:WORKS_AT]->(:Actor {id: $actor}) WHERE "+validR+" }", "actor", f.Actor,
		"MATCH (:Actor {id: $actor})<-[:WORKS_AT]-(n:Person)", "n")
	if f.AsOf != nil && f.Actor == nil {
		// Only roles the caller may see count: a person of the caller's
		// district must not appear on a day only because of a role at a
		// hidden actor.
		c.add("EXISTS { MATCH (n)-[r:WORKS_AT]->(:Actor) WHERE "+validR+" AND "+vis("Role", "r")+" }", "", nil)
	}
	return c
}

// People returns people by id.
func (s *Store) People(ctx context.Context, ids []string) (map[string]domain.Person, error) {
	return byIDs(ctx, s, "Person", "(n:Person {id: id})", personProj, ids, mapPerson)
}

// ListPeople lists people by name. Callers who see people only as
// pseudonyms may not search them by name, and get them by id instead,
// so that neither answers nor their order reveal names.
func (s *Store) ListPeople(ctx context.Context, f *domain.PersonFilter, page domain.PageArgs) (domain.Page[domain.Person], error) {
	order := orderName
	if domain.AccessFrom(ctx).Pseudonymised() {
		if f != nil && f.NameContains != nil {
			return domain.Page[domain.Person]{}, fmt.Errorf("%w: people appear to you only as pseudonyms and cannot be searched by name", domain.ErrForbidden)
		}
		order = "n.id"
	}
	c := personConds(f)
	q := listQuery{kind: "Person", match: "(n:Person)", from: c.from, where: c.where, order: order, proj: personProj}
	return listPage(ctx, s, q, c.params, page, mapPerson)
}

const createPersonCypher = `
CREATE (n:Person)
SET n = $props, n.createdAt = datetime(), n.updatedAt = datetime()
RETURN ` + personProj + ` AS n`

// CreatePerson creates a person and, when first is not nil, their first
// role (its PersonID is set here) in the same transaction, so that the
// person is never city-wide on the way (see authorizeWrite).
func (s *Store) CreatePerson(ctx context.Context, v domain.Person, first *domain.Role) (domain.Person, error) {
	fp := fingerprint(v, first)
	id, err := checkID(&v.ID, domain.EntityPerson.Prefix)
	if err != nil {
		return v, err
	}
	v.ID = id
	p, err := personPatch(v)
	if err != nil {
		return v, err
	}
	var rp Patch
	if first != nil {
		if first.ID, err = checkID(&first.ID, domain.EntityRole.Prefix); err != nil {
			return v, err
		}
		first.PersonID = id
		if rp, err = rolePatch(*first); err != nil {
			return v, domain.Nested("input.role", err)
		}
	}
	return created(ctx, s, "createPerson", nodeTarget("Person", id), nil, fp, (*Store).People, func(tx neo4j.ManagedTransaction) (domain.Person, error) {
		out, err := writeOne(ctx, tx, createPersonCypher, map[string]any{"props": p.params()}, mapPerson)
		if err != nil || first == nil {
			return out, err
		}
		if err := requireOne(ctx, tx, "Actor", "input.role.actor", &first.ActorID); err != nil {
			return out, err
		}
		rt := relTarget("Role", "WORKS_AT", first.ID)
		if _, err := writeOne(ctx, tx, addRoleCypher, map[string]any{"props": rp.params(), "person": id, "actor": first.ActorID}, mapRole); err != nil {
			return out, err
		}
		after, _, err := snapshot(ctx, tx, rt)
		if err != nil {
			return out, err
		}
		_, err = appendAudit(ctx, tx, domain.AccessFrom(ctx), "addRole", rt, diff("Role", nil, after))
		return out, err
	})
}

const updatePersonCypher = `
MATCH (n:Person {id: $id})
SET n += $props, n.updatedAt = datetime()
RETURN ` + personProj + ` AS n`

// UpdatePerson applies a patch of name, email, externalKey, source and
// lastConfirmed.
func (s *Store) UpdatePerson(ctx context.Context, id string, u domain.PersonUpdate) (domain.Person, error) {
	if err := domain.Prepare(&u); err != nil {
		return domain.Person{}, err
	}
	p := Patch{}
	if u.Name.Set {
		p["name"], p["searchName"] = *u.Name.Value, Fold(*u.Name.Value)
	}
	set(p, "email", u.Email)
	p.setMeta(u.MetaUpdate)
	v, err := audited(ctx, s, "updatePerson", nodeTarget("Person", id), func(tx neo4j.ManagedTransaction) (domain.Person, error) {
		return writeOne(ctx, tx, updatePersonCypher, map[string]any{"id": id, "props": p.params()}, mapPerson)
	})
	if err != nil {
		return v, fmt.Errorf("person %s: %w", id, err)
	}
	return v, nil
}

const deletePersonCypher = `
MATCH (n:Person {id: $id})
WITH n, COUNT { (n)-[:WORKS_AT]->() } AS roles
DETACH DELETE n
RETURN roles`

// DeletePerson deletes a person and their roles.
func (s *Store) DeletePerson(ctx context.Context, id string) ([]domain.DeleteEffect, error) {
	roles, err := audited(ctx, s, "deletePerson", nodeTarget("Person", id), func(tx neo4j.ManagedTransaction) (int64, error) {
		return single[int64](ctx, tx, deletePersonCypher, map[string]any{"id": id}, "roles")
	})
	if err != nil {
		return nil, fmt.Errorf("person %s: %w", id, err)
	}
	return []domain.DeleteEffect{deleteEffect("roles removed", roles)}, nil
}
