package store

import (
	"context"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// cooperationProj projects a COOPERATES_WITH relationship bound to n.
const cooperationProj = "n{.*, fromId: startNode(n).id, toId: endNode(n).id}"

// cooperationProjection projects n for the fields f of the API (nil:
// all, as cooperationProj): what every cooperation reads (its id, ends,
// kind, strength and direction) and of its description and record data
// only what f selects. A page of partners with their cooperations' kind
// and strength (Q1 of make bench-api) reads four properties a
// cooperation, not thirteen.
func cooperationProjection(f domain.Fields) string {
	if f == nil {
		return cooperationProj
	}
	return projection("n", ".id, .kind, .strength, .directed, fromId: startNode(n).id, toId: endNode(n).id", cooperationParts, f)
}

// cooperationParts are the parts of a cooperation that only some fields
// of the API read.
var cooperationParts = append([]part{{".description", []string{"description"}}}, metaParts...)

func mapCooperation(p *props) domain.Cooperation {
	return domain.Cooperation{
		ID:          p.str("id"),
		FromID:      p.str("fromId"),
		ToID:        p.str("toId"),
		Kind:        domain.CooperationKind(p.str("kind")),
		Strength:    p.float("strength"),
		Directed:    p.boolean("directed"),
		Description: p.strPtr("description"),
		Span:        p.span(),
		Meta:        p.meta(),
	}
}

// cooperationPatch validates a new cooperation (but not its id and ends'
// existence) and returns its properties.
func cooperationPatch(v domain.Cooperation) (Patch, error) {
	if err := domain.Prepare(&v); err != nil {
		return nil, err
	}
	return Patch{"id": v.ID, "kind": string(v.Kind), "strength": v.Strength, "directed": v.Directed,
		"description": v.Description, "validFrom": v.ValidFrom, "validTo": v.ValidTo,
		"externalKey": v.ExternalKey, "source": v.Source, "lastConfirmed": v.LastConfirmed}.withStatus(v.Status), nil
}

// bothActiveIn says that both ends a and b are active in $neighbourhood
// or inside it.
const bothActiveIn = `EXISTS { (a)-[:ACTIVE_IN]->(:Neighbourhood)-[:PART_OF*0..]->(:Neighbourhood {id: $neighbourhood}) }
  AND EXISTS { (b)-[:ACTIVE_IN]->(:Neighbourhood)-[:PART_OF*0..]->(:Neighbourhood {id: $neighbourhood}) }`

func cooperationConds(kinds []domain.CooperationKind, asOf *time.Time, statuses []domain.RecordStatus) *conds {
	c := newConds()
	c.add(condStatus, "statuses", domain.ListedStatuses(statuses))
	if len(kinds) > 0 {
		c.add("n.kind IN $kinds", "kinds", kinds)
	}
	c.date(condAsOf, "asOf", asOf)
	return c
}

// Cooperations returns cooperations by id.
func (s *Store) Cooperations(ctx context.Context, ids []string) (map[string]domain.Cooperation, error) {
	return byIDs(ctx, s, "Cooperation", "(:Actor)-[n:COOPERATES_WITH {id: id}]->(:Actor)", cooperationProj, ids, mapCooperation)
}

// cooperationOrder maps the fields cooperations can be ordered by.
var cooperationOrder = map[domain.SortField]string{
	domain.SortValidFrom:     "n.validFrom",
	domain.SortLastConfirmed: "n.lastConfirmed",
	domain.SortCreatedAt:     "n.createdAt",
}

// ListCooperations lists cooperations in order o, by default the latest
// first and those with an open start last.
func (s *Store) ListCooperations(ctx context.Context, f *domain.CooperationFilter, o *domain.Order, page domain.PageArgs) (domain.Page[domain.Cooperation], error) {
	order, err := orderBy(o, cooperationOrder, orderValidFromDesc)
	if err != nil {
		return domain.Page[domain.Cooperation]{}, err
	}
	if f == nil {
		f = &domain.CooperationFilter{}
	}
	c := cooperationConds(f.Kinds, f.AsOf, f.Status)
	c.refAt("Actor", "(a.id = $actor OR b.id = $actor)", "actor", f.Actor,
		"CALL () { MATCH (a:Actor {id: $actor})-[n:COOPERATES_WITH]->(b:Actor) RETURN a, n, b"+
			" UNION MATCH (a:Actor)-[n:COOPERATES_WITH]->(b:Actor {id: $actor}) RETURN a, n, b }", "a, n, b")
	c.refFrom("Neighbourhood", bothActiveIn, "neighbourhood", f.Neighbourhood,
		"MATCH (:Neighbourhood {id: $neighbourhood})<-[:PART_OF*0..]-(:Neighbourhood)<-[:ACTIVE_IN]-(a:Actor)-[n:COOPERATES_WITH]->(b:Actor)", "a, n, b")
	c.date(condConfirmedBefore, "confirmedBefore", f.ConfirmedBefore)
	c.period("n.validFrom", "started", "filter.startedBetween", f.StartedBetween)
	c.period("n.validTo", "ended", "filter.endedBetween", f.EndedBetween)
	q := listQuery{kind: "Cooperation", match: "(a:Actor)-[n:COOPERATES_WITH]->(b:Actor)", from: c.from, where: c.where, order: order, proj: cooperationProj}
	return listPage(ctx, s, q, c.params, page, mapCooperation)
}

// PartnersOf lists, per actor, its cooperations in either direction (of
// the given kinds, valid on asOf when given), ordered by the partner's
// name. The partner is whichever of FromID and ToID is not the actor.
//
// Each item carries its partner, read in the same statement: a page of
// partners needs their names, and a second statement by id cost as much
// again. countPartners asks for the number of distinct partners
// (Page.Distinct), which costs about a third of the statement.
func (s *Store) PartnersOf(ctx context.Context, actors []string, kinds []domain.CooperationKind, asOf *time.Time, page domain.PageArgs, countPartners bool) (map[string]domain.Page[domain.Partnership], error) {
	// A nested list shows what counts: active cooperations with active
	// partners.
	c := cooperationConds(kinds, asOf, nil)
	c.add("CASE WHEN startNode(n).id = pid THEN "+activeIn("endNode(n)")+" ELSE "+activeIn("startNode(n)")+" END", "", nil)
	q := listQuery{kind: "Cooperation",
		match: "(p:Actor {id: pid})-[n:COOPERATES_WITH]-(:Actor)", where: c.where,
		order: "CASE WHEN startNode(n).id = pid THEN coalesce(endNode(n).searchName, toLower(endNode(n).name)) ELSE coalesce(startNode(n).searchName, toLower(startNode(n).name)) END",
		proj: strings.TrimSuffix(cooperationProjection(page.Fields.Under("cooperation")), "}") +
			", partner: [o IN [CASE WHEN startNode(n).id = pid THEN endNode(n) ELSE startNode(n) END] | " + actorProjectionOf("o", page.Fields) + "][0]}",
	}
	if countPartners {
		q.distinct = "CASE WHEN startNode(m).id = pid THEN endNode(m).id ELSE startNode(m).id END"
	}
	return listPages(ctx, s, q, c.params, actors, page, mapPartnership)
}

// mapPartnership maps a cooperation projected with its partner.
func mapPartnership(p *props) domain.Partnership {
	out := domain.Partnership{Cooperation: mapCooperation(p)}
	out.Partner, _ = nested(p, "partner", p.m["partner"], mapActor)
	return out
}

const addCooperationCypher = `
MATCH (a:Actor {id: $from}), (b:Actor {id: $to})
CREATE (a)-[n:COOPERATES_WITH]->(b)
SET n = $props, n.createdAt = datetime(), n.updatedAt = datetime()
RETURN ` + cooperationProj + ` AS n`

// AddCooperation links two different actors by a cooperation.
func (s *Store) AddCooperation(ctx context.Context, v domain.Cooperation) (domain.Cooperation, error) {
	fp := fingerprint(v)
	id, err := checkID(&v.ID, domain.EntityCooperation.Prefix)
	if err != nil {
		return v, err
	}
	v.ID = id
	p, err := cooperationPatch(v)
	if err != nil {
		return v, err
	}
	return created(ctx, s, "addCooperation", relTarget("Cooperation", "COOPERATES_WITH", id), nil, fp, (*Store).Cooperations, func(tx neo4j.ManagedTransaction) (domain.Cooperation, error) {
		if err := requireOne(ctx, tx, "Actor", "input.from", &v.FromID); err != nil {
			return v, err
		}
		if err := requireOne(ctx, tx, "Actor", "input.to", &v.ToID); err != nil {
			return v, err
		}
		return writeOne(ctx, tx, addCooperationCypher, map[string]any{"props": p.params(), "from": v.FromID, "to": v.ToID}, mapCooperation)
	})
}

const (
	cooperationMatch        = "()-[n:COOPERATES_WITH {id: $id}]->()"
	updateCooperationCypher = "MATCH " + cooperationMatch + " SET n += $props, n.updatedAt = datetime() RETURN " + cooperationProj + " AS n"
)

// UpdateCooperation applies a patch of kind, strength, directed,
// description, validFrom, validTo, externalKey, source and lastConfirmed.
func (s *Store) UpdateCooperation(ctx context.Context, id string, u domain.CooperationUpdate) (domain.Cooperation, error) {
	if err := domain.Prepare(&u); err != nil {
		return domain.Cooperation{}, err
	}
	p := Patch{}
	setEnum(p, "kind", u.Kind)
	set(p, "strength", u.Strength)
	setFlag(p, "directed", u.Directed)
	set(p, "description", u.Description)
	setEnum(p, "status", u.Status)
	p.setSpan(u.SpanUpdate).setMeta(u.MetaUpdate)
	return updateSpanned(ctx, s, "updateCooperation", relTarget("Cooperation", "COOPERATES_WITH", id), updateCooperationCypher, "cooperation", p, mapCooperation)
}

// RemoveCooperation removes a cooperation entirely.
func (s *Store) RemoveCooperation(ctx context.Context, id string) ([]domain.DeleteEffect, error) {
	return deleteSimple(ctx, s, "removeCooperation", relTarget("Cooperation", "COOPERATES_WITH", id), "cooperation")
}
