package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// actorProj reads what mapActor maps and no more: not the folded search
// fields, which are as long again as the texts they fold.
var actorProj = actorProjection(nil)

// actorParts are the parts of an actor that only some fields of the API
// read: the texts, the contact details and the contact points. The rest
// (names, kind, sector, validity, record data) is a few short
// properties that every page reads.
var actorParts = append([]part{
	{".description", []string{"description"}},
	{".keywords", []string{"keywords"}},
	{".email, .phone, .website, .address", []string{"contact"}},
	{".contactPoints", []string{"contactPoints"}},
}, metaParts...)

// actorProjection projects n for the fields f of the API (nil: all).
func actorProjection(f domain.Fields) string { return actorProjectionOf("n", f) }

// actorProjectionOf projects the actor bound to v (a service's provider,
// a cooperation's partner) for the fields f.
func actorProjectionOf(v string, f domain.Fields) string {
	return projection(v, ".id, .name, .kind, .sector, .operator, .public", actorParts, f)
}

func mapActor(p *props) domain.Actor {
	return domain.Actor{
		ID:          p.str("id"),
		Name:        p.str("name"),
		Kind:        domain.ActorKind(p.str("kind")),
		Sector:      domain.Sector(p.str("sector")),
		Description: p.strPtr("description"),
		Keywords:    p.strs("keywords"),
		Contact: domain.Contact{
			Email: p.strPtr("email"), Phone: p.strPtr("phone"),
			Website: p.strPtr("website"), Address: p.strPtr("address"),
		},
		Operator:      p.strPtr("operator"),
		Public:        p.boolean("public"),
		ContactPoints: p.contactPoints(),
		Span:          p.span(),
		Meta:          p.meta(),
	}
}

var actorOrder = map[domain.SortField]string{
	domain.SortName:          orderName,
	domain.SortLastConfirmed: "n.lastConfirmed",
	domain.SortCreatedAt:     "n.createdAt",
}

// validS is the asOf condition on a service bound to s; $asOf may be null.
const validS = "($asOf IS NULL OR ((s.validFrom IS NULL OR s.validFrom <= $asOf) AND (s.validTo IS NULL OR s.validTo >= $asOf)))"

func actorConds(f *domain.ActorFilter) *conds {
	c := newConds()
	c.params["asOf"] = nil
	if f == nil {
		c.add(condStatus, "statuses", domain.ListedStatuses(nil))
		return c
	}
	c.add(condStatus, "statuses", domain.ListedStatuses(f.Status))
	c.params["asOf"] = dateParam(f.AsOf)
	c.nameContains(f.NameContains)
	if len(f.Kinds) > 0 {
		c.add("n.kind IN $kinds", "kinds", f.Kinds)
	}
	if len(f.Sectors) > 0 {
		c.add("n.sector IN $sectors", "sectors", f.Sectors)
	}
	if f.Institution != nil {
		if *f.Institution {
			c.add("n:Institution", "", nil)
		} else {
			c.add("NOT n:Institution", "", nil)
		}
	}
	// Most selective first: the first filter given anchors a root list.
	c.refAt("Neighbourhood", "EXISTS { (n)-[:ACTIVE_IN]->(:Neighbourhood)-[:PART_OF*0..]->(:Neighbourhood {id: $neighbourhood}) }", "neighbourhood", f.Neighbourhood,
		"MATCH (:Neighbourhood {id: $neighbourhood})<-[:PART_OF*0..]-(:Neighbourhood)<-[:ACTIVE_IN]-(n:Actor)", "n")
	c.refAt("Network", "EXISTS { (n)-[:MEMBER_OF]->(:Network {id: $network}) }", "network", f.Network,
		"MATCH (:Network {id: $network})<-[:MEMBER_OF]-(n:Actor)", "n")
	c.refFrom("TargetGroup", "EXISTS { MATCH (n)-[:OFFERS]->(s:Service)-[:FOR]->(:TargetGroup {id: $targetGroup}) WHERE "+validS+" }", "targetGroup", f.TargetGroup,
		"MATCH (:TargetGroup {id: $targetGroup})<-[:FOR]-(:Service)<-[:OFFERS]-(n:Actor)", "n")
	c.refFrom("Topic", "EXISTS { MATCH (n)-[:OFFERS]->(s:Service)-[:ON]->(:Topic {id: $topic}) WHERE "+validS+" }", "topic", f.Topic,
		"MATCH (:Topic {id: $topic})<-[:ON]-(:Service)<-[:OFFERS]-(n:Actor)", "n")
	if f.AsOf != nil {
		c.add(condAsOf, "", nil)
	}
	c.date(condConfirmedBefore, "confirmedBefore", f.ConfirmedBefore)
	return c
}

// Actors returns actors by id.
func (s *Store) Actors(ctx context.Context, ids []string) (map[string]domain.Actor, error) {
	return byIDs(ctx, s, "Actor", "(n:Actor {id: id})", actorProj, ids, mapActor)
}

// ListActors lists actors.
func (s *Store) ListActors(ctx context.Context, f *domain.ActorFilter, o *domain.Order, page domain.PageArgs) (domain.Page[domain.Actor], error) {
	order, err := orderBy(o, actorOrder, orderName)
	if err != nil {
		return domain.Page[domain.Actor]{}, err
	}
	c := actorConds(f)
	q := listQuery{kind: "Actor", match: "(n:Actor)", from: c.from, where: c.where, order: order, proj: actorProjection(page.Fields)}
	return listPage(ctx, s, q, c.params, page, mapActor)
}

// ActorsIn lists, per neighbourhood, the actors active in it or inside it.
func (s *Store) ActorsIn(ctx context.Context, neighbourhoods []string, f *domain.ActorFilter, o *domain.Order, page domain.PageArgs) (map[string]domain.Page[domain.Actor], error) {
	order, err := orderBy(o, actorOrder, orderName)
	if err != nil {
		return nil, err
	}
	c := actorConds(f)
	q := actorsInQuery(c, order)
	q.proj = actorProjection(page.Fields)
	return listPages(ctx, s, q, c.params, neighbourhoods, page, mapActor)
}

// actorsInQuery is the list of ActorsIn, which CountActorsInBy counts.
func actorsInQuery(c *conds, order string) listQuery {
	return listQuery{kind: "Actor",
		match: "(p:Neighbourhood {id: pid})<-[:PART_OF*0..]-(:Neighbourhood)<-[:ACTIVE_IN]-(n:Actor)",
		where: c.where, order: order, proj: actorProj,
	}
}

// EventParticipants lists, per event, the actors that took part.
func (s *Store) EventParticipants(ctx context.Context, events []string, page domain.PageArgs) (map[string]domain.Page[domain.Actor], error) {
	q := listQuery{kind: "Actor", match: "(p:Event {id: pid})<-[:PARTICIPATED_IN]-(n:Actor)", order: orderName, proj: actorProjection(page.Fields)}
	return listPages(ctx, s, q, nil, events, page, mapActor)
}

// ActorNeighbourhoods returns, per actor, the neighbourhoods where it is active.
func (s *Store) ActorNeighbourhoods(ctx context.Context, actors []string) (map[string][]domain.Neighbourhood, error) {
	q := listQuery{kind: "Neighbourhood", match: "(p:Actor {id: pid})-[:ACTIVE_IN]->(n:Neighbourhood)", order: orderName, proj: neighbourhoodProj}
	pages, err := listPages(ctx, s, q, nil, actors, domain.PageArgs{First: 100000}, mapNeighbourhood)
	return items(pages), err
}

var createActorCypher = `
CREATE (n:Actor)
SET n = $props, n.createdAt = datetime(), n.updatedAt = datetime()
FOREACH (_ IN CASE WHEN $institution THEN [1] ELSE [] END | SET n:Institution)
FOREACH (_ IN CASE WHEN $institution THEN [] ELSE [1] END | SET n:Organisation)
WITH n
CALL (n) {
  UNWIND $neighbourhoods AS nid
  MATCH (m:Neighbourhood {id: nid})
  MERGE (n)-[:ACTIVE_IN]->(m)
}
RETURN ` + actorProj + ` AS n`

// actorPatch validates a new actor (but not its id and links) and
// returns its properties.
func actorPatch(a domain.Actor) (Patch, error) {
	if err := domain.Prepare(&a); err != nil {
		return nil, err
	}
	p := Patch{"id": a.ID, "name": a.Name, "kind": string(a.Kind), "sector": string(a.Sector),
		"description": a.Description, "keywords": a.Keywords, "email": a.Contact.Email, "phone": a.Contact.Phone,
		"website": a.Contact.Website, "address": a.Contact.Address, "operator": a.Operator, "public": a.Public,
		"validFrom": a.ValidFrom, "validTo": a.ValidTo,
		"externalKey": a.ExternalKey, "source": a.Source, "lastConfirmed": a.LastConfirmed}.withStatus(a.Status)
	withSearch(nil, p)
	return p, nil
}

// CreateActor creates an actor with its locations (placed as
// SetLocations places them) in one transaction; its kind decides
// Organisation or Institution.
func (s *Store) CreateActor(ctx context.Context, a domain.Actor, locs ...domain.Location) (domain.Actor, error) {
	fp := fingerprint(struct {
		A    domain.Actor
		Locs []domain.Location
	}{a, locs})
	id, err := checkID(&a.ID, domain.EntityActor.Prefix)
	if err != nil {
		return a, err
	}
	a.ID = id
	p, err := actorPatch(a)
	if err != nil {
		return a, err
	}
	w, err := s.placeLocations(ctx, id, locs)
	if err != nil {
		return a, err
	}
	return created(ctx, s, "createActor", nodeTarget("Actor", id), w.areas(), fp, (*Store).Actors, func(tx neo4j.ManagedTransaction) (domain.Actor, error) {
		if err := requireAll(ctx, tx, "Neighbourhood", "input.neighbourhoods", a.NeighbourhoodIDs); err != nil {
			return a, err
		}
		out, err := writeOne(ctx, tx, createActorCypher, map[string]any{
			"props": p.params(), "institution": a.Kind.IsInstitution(), "neighbourhoods": nonNil(a.NeighbourhoodIDs),
		}, mapActor)
		if err != nil || len(locs) == 0 {
			return out, err
		}
		_, err = w.write(ctx, tx, "Actor", id)
		return out, err
	})
}

func nonNil(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}

var updateActorCypher = `
MATCH (n:Actor {id: $id})
SET n += $props, n.updatedAt = datetime()
FOREACH (_ IN CASE WHEN $institution THEN [1] ELSE [] END | SET n:Institution REMOVE n:Organisation)
FOREACH (_ IN CASE WHEN $institution THEN [] ELSE [1] END | SET n:Organisation REMOVE n:Institution)
WITH n
CALL (n) {
  WITH n WHERE $neighbourhoods IS NOT NULL
  OPTIONAL MATCH (n)-[r:ACTIVE_IN]->()
  DELETE r
  WITH DISTINCT n
  UNWIND $neighbourhoods AS nid
  MATCH (m:Neighbourhood {id: nid})
  MERGE (n)-[:ACTIVE_IN]->(m)
}
RETURN ` + actorProj + ` AS n`

// UpdateActor applies an update; its neighbourhoods, when set, replace
// the actor's neighbourhoods.
func (s *Store) UpdateActor(ctx context.Context, id string, u domain.ActorUpdate) (domain.Actor, error) {
	if err := domain.Prepare(&u); err != nil {
		return domain.Actor{}, err
	}
	p := Patch{}
	setName(p, "name", u.Name)
	setEnum(p, "kind", u.Kind)
	setEnum(p, "sector", u.Sector)
	set(p, "description", u.Description)
	set(p, "keywords", u.Keywords)
	if u.Contact.Set {
		var c domain.Contact
		if u.Contact.Value != nil {
			c = *u.Contact.Value
		}
		p["email"], p["phone"], p["website"], p["address"] = c.Email, c.Phone, c.Website, c.Address
	}
	set(p, "operator", u.Operator)
	setFlag(p, "public", u.Public)
	setEnum(p, "status", u.Status)
	p.setSpan(u.SpanUpdate).setMeta(u.MetaUpdate)
	neighbourhoods := replacement(u.Neighbourhoods)
	return audited(ctx, s, "updateActor", nodeTarget("Actor", id), func(tx neo4j.ManagedTransaction) (domain.Actor, error) {
		cur, err := currentProps(ctx, tx, "(n:Actor {id: $id})", id)
		if err != nil {
			return domain.Actor{}, fmt.Errorf("actor %s: %w", id, err)
		}
		if err := checkSpan(cur, p); err != nil {
			return domain.Actor{}, err
		}
		if err := requireAll(ctx, tx, "Neighbourhood", "input.neighbourhoods", neighbourhoods); err != nil {
			return domain.Actor{}, err
		}
		withSearch(cur, p)
		kind, _ := merged(cur, p, "kind").(string)
		var nb any
		if neighbourhoods != nil {
			nb = neighbourhoods
		}
		return writeOne(ctx, tx, updateActorCypher, map[string]any{
			"id": id, "props": p.params(), "institution": domain.ActorKind(kind).IsInstitution(), "neighbourhoods": nb,
		}, mapActor)
	})
}

const deleteActorCypher = `
MATCH (n:Actor {id: $id})
CALL (n) {
  OPTIONAL MATCH (n)-[:OFFERS]->(s:Service)
  WITH collect(s) AS services
  FOREACH (x IN services | DETACH DELETE x)
  RETURN size(services) AS services
}
RETURN services,
  COUNT { (n)-[:COOPERATES_WITH]-() } AS cooperations,
  COUNT { (n)<-[:WORKS_AT]-() } AS roles,
  COUNT { (n)-[:MEMBER_OF]->() } AS memberships,
  COUNT { (n)-[:PARTICIPATED_IN|ORGANISED]->() } AS events`

// DeleteActor deletes an actor and its services, and removes its links.
func (s *Store) DeleteActor(ctx context.Context, id string) ([]domain.DeleteEffect, error) {
	return audited(ctx, s, "deleteActor", nodeTarget("Actor", id), func(tx neo4j.ManagedTransaction) ([]domain.DeleteEffect, error) {
		if err := deleteLocationsOf(ctx, tx, "Actor", id); err != nil {
			return nil, err
		}
		recs, err := collect(ctx, tx, deleteActorCypher, map[string]any{"id": id})
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, fmt.Errorf("actor %s: %w", id, domain.ErrNotFound)
		}
		effects := make([]domain.DeleteEffect, 0, 5)
		for _, k := range []struct{ key, what string }{
			{"services", "services deleted"},
			{"cooperations", "cooperations removed"},
			{"roles", "roles of people removed (the people remain)"},
			{"memberships", "network memberships removed"},
			{"events", "event participations removed (the events remain)"},
		} {
			v, _ := recs[0].Get(k.key)
			effects = append(effects, deleteEffect(k.what, v.(int64)))
		}
		if _, err := collect(ctx, tx, "MATCH (n:Actor {id: $id}) DETACH DELETE n", map[string]any{"id": id}); err != nil {
			return nil, err
		}
		return effects, nil
	})
}
