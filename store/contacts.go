package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Contact points are a list of values on their actor or service (the
// property contactPoints, JSON), as HSDS attaches phones, contacts and
// schedules to an organisation or service: they are read, hidden,
// audited and deleted with their owner and need no access rule of their
// own. A named person is reached through a role id, which the API
// resolves under the rules for roles.

// contactPoints reads the contact points of a projection.
func (p *props) contactPoints() []domain.ContactPoint {
	s := p.strPtr("contactPoints")
	if s == nil {
		return nil
	}
	cps, err := domain.ParseContactPoints(*s)
	if err != nil && p.err == nil {
		p.err = fmt.Errorf("store: %w", err)
	}
	return cps
}

// contactSearchProp returns the folded words by which search finds the
// owner of cps (see Search): each contact point's function, e-mail and
// phone, the phone as the digits of its E.164 form and, for a German
// number, of its national form (+49 341 … also as 0341 …). Who answers
// is not among them: a person is found only under the rules for
// people. cps must be normalised (contactPointsProp). Nil for none.
func contactSearchProp(cps []domain.ContactPoint) any {
	var words []string
	for _, c := range cps {
		words = append(words, searchTerms(c.Function)...)
		if c.Email != nil {
			words = append(words, searchTerms(*c.Email)...)
		}
		if c.Phone != nil {
			words = append(words, phoneWords(*c.Phone)...)
		}
	}
	if len(cps) == 0 {
		return nil
	}
	return strings.Join(words, " ")
}

// phoneWords returns the digits of an E.164 number and, for a German
// one, of its national form.
func phoneWords(e164 string) []string {
	digits := strings.Map(func(r rune) rune {
		if '0' <= r && r <= '9' {
			return r
		}
		return -1
	}, e164)
	if digits == "" {
		return nil
	}
	if national, ok := strings.CutPrefix(digits, "49"); ok {
		return []string{digits, "0" + national}
	}
	return []string{digits}
}

// contactPointsProp normalises contact points, gives each an id and
// returns the property to store (nil for none).
func contactPointsProp(cps []domain.ContactPoint) (any, error) {
	if err := domain.NormalizeContactPoints("input.contactPoints", cps); err != nil {
		return nil, err
	}
	for i := range cps {
		id, err := checkID(&cps[i].ID, "cp_")
		if err != nil {
			return nil, domain.Invalid(fmt.Sprintf("input.contactPoints[%d].id", i), "%v", err)
		}
		cps[i].ID = id
	}
	s, err := domain.ContactPointsJSON(cps)
	if err != nil || s == nil {
		return nil, err
	}
	return *s, nil
}

// roleAtCypher finds the role $role at the actor $owner, or at the
// provider of the service $owner.
const roleAtCypher = `
MATCH (:Person)-[r:WORKS_AT {id: $role}]->(a:Actor)
WHERE a.id = $owner OR EXISTS { (a)-[:OFFERS]->(:Service {id: $owner}) }
RETURN r.id AS id`

// requireRolesAt requires each role to be a role at the owner (an
// actor, or a service's provider): whom to call works there.
func requireRolesAt(ctx context.Context, tx neo4j.ManagedTransaction, owner string, roles map[string]string) error {
	for field, role := range roles {
		recs, err := collect(ctx, tx, roleAtCypher, map[string]any{"role": role, "owner": owner})
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return domain.Invalid(field, "no role %s at %s (or its provider): name the role of someone who works there", role, owner)
		}
	}
	return nil
}

// SetContactPoints replaces the contact points of an actor or service
// (label "Actor" or "Service"), audited as a change of the owner: the
// trail keeps the list before and after.
func (s *Store) SetContactPoints(ctx context.Context, label, owner string, cps []domain.ContactPoint) ([]domain.ContactPoint, error) {
	if label != "Actor" && label != "Service" {
		return nil, fmt.Errorf("store: contact points of a %s: %w", label, domain.ErrInvalid)
	}
	prop, err := contactPointsProp(cps)
	if err != nil {
		return nil, err
	}
	roles := map[string]string{}
	for i, c := range cps {
		if c.RoleID != nil {
			roles[fmt.Sprintf("input.contactPoints[%d].role", i)] = *c.RoleID
		}
	}
	_, err = audited(ctx, s, "setContactPoints", nodeTarget(label, owner), func(tx neo4j.ManagedTransaction) (string, error) {
		id, err := single[string](ctx, tx, fmt.Sprintf("MATCH (n:%s {id: $id}) SET n.contactPoints = $cps, n.searchContact = $search, n.updatedAt = datetime() RETURN n.id AS id", label),
			map[string]any{"id": owner, "cps": prop, "search": contactSearchProp(cps)}, "id")
		if err != nil {
			return "", fmt.Errorf("%s %s: %w", label, owner, err)
		}
		return id, requireRolesAt(ctx, tx, owner, roles)
	})
	if err != nil {
		return nil, err
	}
	return cps, nil
}

// SetResponsibleRole names the role (at the service's provider) of the
// person responsible for a service; nil clears it.
func (s *Store) SetResponsibleRole(ctx context.Context, service string, role *string) (domain.Service, error) {
	return audited(ctx, s, "setResponsibleRole", nodeTarget("Service", service), func(tx neo4j.ManagedTransaction) (domain.Service, error) {
		v, err := writeOne(ctx, tx, "MATCH (n:Service {id: $id}) SET n.responsibleRoleId = $role, n.updatedAt = datetime() RETURN "+serviceProj+" AS n",
			map[string]any{"id": service, "role": strParam(role)}, mapService)
		if err != nil {
			return v, fmt.Errorf("service %s: %w", service, err)
		}
		if role != nil {
			return v, requireRolesAt(ctx, tx, service, map[string]string{"role": *role})
		}
		return v, nil
	})
}
