package store

import (
	"context"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// membershipProj projects a MEMBER_OF relationship bound to n.
const membershipProj = "n{.*, actorId: startNode(n).id, networkId: endNode(n).id}"

func mapMembership(p *props) domain.Membership {
	return domain.Membership{
		ID:        p.str("id"),
		ActorID:   p.str("actorId"),
		NetworkID: p.str("networkId"),
		Role:      p.strPtr("role"),
		Span:      p.span(),
		Meta:      p.meta(),
	}
}

// membershipPatch validates a new membership (but not its id and ends)
// and returns its properties.
func membershipPatch(v domain.Membership) (Patch, error) {
	if err := domain.Prepare(&v); err != nil {
		return nil, err
	}
	return Patch{"id": v.ID, "role": v.Role, "validFrom": v.ValidFrom, "validTo": v.ValidTo,
		"externalKey": v.ExternalKey, "source": v.Source, "lastConfirmed": v.LastConfirmed}, nil
}

// Memberships returns memberships by id.
func (s *Store) Memberships(ctx context.Context, ids []string) (map[string]domain.Membership, error) {
	return byIDs(ctx, s, "Membership", "(:Actor)-[n:MEMBER_OF {id: id}]->(:Network)", membershipProj, ids, mapMembership)
}

// MembershipsOfActors lists, per actor, its memberships (valid on asOf
// when given), ordered by the network's name.
func (s *Store) MembershipsOfActors(ctx context.Context, actors []string, asOf *time.Time, page domain.PageArgs) (map[string]domain.Page[domain.Membership], error) {
	c := asOfConds(asOf)
	q := listQuery{kind: "Membership", match: "(p:Actor {id: pid})-[n:MEMBER_OF]->(:Network)", where: c.where, order: "endNode(n).name", proj: membershipProj}
	return listPages(ctx, s, q, c.params, actors, page, mapMembership)
}

// MembershipsOfNetworks lists, per network, its memberships (valid on
// asOf when given), ordered by the actor's name.
func (s *Store) MembershipsOfNetworks(ctx context.Context, networks []string, asOf *time.Time, page domain.PageArgs) (map[string]domain.Page[domain.Membership], error) {
	c := asOfConds(asOf)
	q := listQuery{kind: "Membership", match: "(:Actor)-[n:MEMBER_OF]->(p:Network {id: pid})", where: c.where, order: "startNode(n).name", proj: membershipProj}
	return listPages(ctx, s, q, c.params, networks, page, mapMembership)
}

const addMembershipCypher = `
MATCH (a:Actor {id: $actor}), (w:Network {id: $network})
CREATE (a)-[n:MEMBER_OF]->(w)
SET n = $props, n.createdAt = datetime(), n.updatedAt = datetime()
RETURN ` + membershipProj + ` AS n`

// AddMembership adds an actor to a network.
func (s *Store) AddMembership(ctx context.Context, v domain.Membership) (domain.Membership, error) {
	fp := fingerprint(v)
	id, err := checkID(&v.ID, domain.EntityMembership.Prefix)
	if err != nil {
		return v, err
	}
	v.ID = id
	p, err := membershipPatch(v)
	if err != nil {
		return v, err
	}
	return created(ctx, s, "addMembership", relTarget("Membership", "MEMBER_OF", id), nil, fp, (*Store).Memberships, func(tx neo4j.ManagedTransaction) (domain.Membership, error) {
		if err := requireOne(ctx, tx, "Actor", "input.actor", &v.ActorID); err != nil {
			return v, err
		}
		if err := requireOne(ctx, tx, "Network", "input.network", &v.NetworkID); err != nil {
			return v, err
		}
		return writeOne(ctx, tx, addMembershipCypher, map[string]any{"props": p.params(), "actor": v.ActorID, "network": v.NetworkID}, mapMembership)
	})
}

const (
	membershipMatch        = "()-[n:MEMBER_OF {id: $id}]->()"
	updateMembershipCypher = "MATCH " + membershipMatch + " SET n += $props, n.updatedAt = datetime() RETURN " + membershipProj + " AS n"
)

// UpdateMembership applies a patch of role, validFrom, validTo, source
// and lastConfirmed.
func (s *Store) UpdateMembership(ctx context.Context, id string, u domain.MembershipUpdate) (domain.Membership, error) {
	if err := domain.Prepare(&u); err != nil {
		return domain.Membership{}, err
	}
	p := Patch{}
	set(p, "role", u.Role)
	p.setSpan(u.SpanUpdate).setMeta(u.MetaUpdate)
	return updateSpanned(ctx, s, "updateMembership", relTarget("Membership", "MEMBER_OF", id), updateMembershipCypher, "membership", p, mapMembership)
}

// RemoveMembership removes a membership entirely.
func (s *Store) RemoveMembership(ctx context.Context, id string) ([]domain.DeleteEffect, error) {
	return deleteSimple(ctx, s, "removeMembership", relTarget("Membership", "MEMBER_OF", id), "membership")
}
