package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

const eventProj = `n{.*,
  organiserId: [(a:Actor)-[:ORGANISED]->(n) | a.id][0],
  neighbourhoodId: [(n)-[:HELD_IN]->(m:Neighbourhood) | m.id][0],
  networkId: [(n)-[:OF_NETWORK]->(w:Network) | w.id][0]}`

func mapEvent(p *props) domain.Event {
	return domain.Event{
		ID:              p.str("id"),
		Name:            p.str("name"),
		Kind:            domain.EventKind(p.str("kind")),
		Date:            p.date("date"),
		Description:     p.strPtr("description"),
		OrganiserID:     p.strPtr("organiserId"),
		NeighbourhoodID: p.strPtr("neighbourhoodId"),
		NetworkID:       p.strPtr("networkId"),
		Meta:            p.meta(),
	}
}

// eventPatch validates a new event (but not its id and links) and
// returns its properties, with the folded searchName.
func eventPatch(v domain.Event) (Patch, error) {
	if err := domain.Prepare(&v); err != nil {
		return nil, err
	}
	return Patch{"id": v.ID, "name": v.Name, "searchName": Fold(v.Name), "kind": string(v.Kind),
		"date": v.Date, "description": v.Description,
		"externalKey": v.ExternalKey, "source": v.Source, "lastConfirmed": v.LastConfirmed}, nil
}

func eventConds(f *domain.EventFilter) *conds {
	c := newConds()
	if f == nil {
		return c
	}
	c.nameContains(f.NameContains)
	if len(f.Kinds) > 0 {
		c.add("n.kind IN $kinds", "kinds", f.Kinds)
	}
	c.date("n.date >= $from", "from", f.From)
	c.date("n.date <= $to", "to", f.To)
	// Most selective first: the first filter given anchors a root list.
	c.refAt("Actor", "EXISTS { (:Actor {id: $actor})-[:PARTICIPATED_IN|ORGANISED]->(n) }", "actor", f.Actor,
		"MATCH (:Actor {id: $actor})-[:PARTICIPATED_IN|ORGANISED]->(n:Event)", "n")
	c.refAt("Network", "EXISTS { (n)-[:OF_NETWORK]->(:Network {id: $network}) }", "network", f.Network,
		"MATCH (:Network {id: $network})<-[:OF_NETWORK]-(n:Event)", "n")
	c.refAt("Neighbourhood", "EXISTS { (n)-[:HELD_IN]->(:Neighbourhood)-[:PART_OF*0..]->(:Neighbourhood {id: $neighbourhood}) }", "neighbourhood", f.Neighbourhood,
		"MATCH (:Neighbourhood {id: $neighbourhood})<-[:PART_OF*0..]-(:Neighbourhood)<-[:HELD_IN]-(n:Event)", "n")
	return c
}

// Events returns events by id. ParticipantIDs stay empty; see
// EventParticipants.
func (s *Store) Events(ctx context.Context, ids []string) (map[string]domain.Event, error) {
	return byIDs(ctx, s, "Event", "(n:Event {id: id})", eventProj, ids, mapEvent)
}

// eventOrder maps the fields events can be ordered by.
var eventOrder = map[domain.SortField]string{
	domain.SortDate:      "n.date",
	domain.SortName:      orderName,
	domain.SortCreatedAt: "n.createdAt",
}

// ListEvents lists events in order o, by default the latest first.
func (s *Store) ListEvents(ctx context.Context, f *domain.EventFilter, o *domain.Order, page domain.PageArgs) (domain.Page[domain.Event], error) {
	order, err := orderBy(o, eventOrder, "n.date DESC")
	if err != nil {
		return domain.Page[domain.Event]{}, err
	}
	c := eventConds(f)
	q := listQuery{kind: "Event", match: "(n:Event)", from: c.from, where: c.where, order: order, proj: eventProj}
	return listPage(ctx, s, q, c.params, page, mapEvent)
}

// EventsOfActors lists, per actor, the events it took part in or
// organised, the latest first.
func (s *Store) EventsOfActors(ctx context.Context, actors []string, page domain.PageArgs) (map[string]domain.Page[domain.Event], error) {
	q := listQuery{kind: "Event", match: "(p:Actor {id: pid})-[:PARTICIPATED_IN|ORGANISED]->(n:Event)", order: "n.date DESC", proj: eventProj}
	return listPages(ctx, s, q, nil, actors, page, mapEvent)
}

// EventsOfNetworks lists, per network, its events, the latest first.
func (s *Store) EventsOfNetworks(ctx context.Context, networks []string, page domain.PageArgs) (map[string]domain.Page[domain.Event], error) {
	q := listQuery{kind: "Event", match: "(p:Network {id: pid})<-[:OF_NETWORK]-(n:Event)", order: "n.date DESC", proj: eventProj}
	return listPages(ctx, s, q, nil, networks, page, mapEvent)
}

// eventLinks are the links an event write changes: a single link that
// is not Set is left, Set with a nil value removed, Set with an id
// replaced; nil Participants leaves them, non-nil replaces them.
type eventLinks struct {
	Organiser, Neighbourhood, Network domain.Edit[*string]
	Participants                      []string
}

// eventLinksCypher replaces the links given; it runs on n after a CREATE
// or SET, and for a new event every link is set.
const eventLinksCypher = `
WITH n
CALL (n) {
  WITH n WHERE $setOrganiser
  OPTIONAL MATCH (n)<-[r:ORGANISED]-() DELETE r
  WITH DISTINCT n WHERE $organiser IS NOT NULL
  MATCH (a:Actor {id: $organiser}) MERGE (a)-[:ORGANISED]->(n)
}
CALL (n) {
  WITH n WHERE $setNeighbourhood
  OPTIONAL MATCH (n)-[r:HELD_IN]->() DELETE r
  WITH DISTINCT n WHERE $neighbourhood IS NOT NULL
  MATCH (m:Neighbourhood {id: $neighbourhood}) MERGE (n)-[:HELD_IN]->(m)
}
CALL (n) {
  WITH n WHERE $setNetwork
  OPTIONAL MATCH (n)-[r:OF_NETWORK]->() DELETE r
  WITH DISTINCT n WHERE $network IS NOT NULL
  MATCH (w:Network {id: $network}) MERGE (n)-[:OF_NETWORK]->(w)
}
CALL (n) {
  WITH n WHERE $participants IS NOT NULL
  OPTIONAL MATCH (n)<-[r:PARTICIPATED_IN]-() DELETE r
  WITH DISTINCT n UNWIND $participants AS aid
  MATCH (a:Actor {id: aid}) MERGE (a)-[:PARTICIPATED_IN]->(n)
}
RETURN ` + eventProj + ` AS n`

const (
	createEventCypher = "CREATE (n:Event) SET n = $props, n.createdAt = datetime(), n.updatedAt = datetime()" + eventLinksCypher
	updateEventCypher = "MATCH (n:Event {id: $id}) SET n += $props, n.updatedAt = datetime()" + eventLinksCypher
)

// checkEventLinks validates the links that are set and adds their
// parameters to params.
func checkEventLinks(ctx context.Context, tx neo4j.ManagedTransaction, l eventLinks, params map[string]any) error {
	for _, x := range []struct {
		link         domain.Edit[*string]
		label, field string
		param, set   string
	}{
		{l.Organiser, "Actor", "input.organiser", "organiser", "setOrganiser"},
		{l.Neighbourhood, "Neighbourhood", "input.neighbourhood", "neighbourhood", "setNeighbourhood"},
		{l.Network, "Network", "input.network", "network", "setNetwork"},
	} {
		params[x.set], params[x.param] = x.link.Set, strParam(x.link.Value)
		if x.link.Set {
			if err := requireOne(ctx, tx, x.label, x.field, x.link.Value); err != nil {
				return err
			}
		}
	}
	params["participants"] = nilIfNil(l.Participants)
	return requireAll(ctx, tx, "Actor", "input.participants", l.Participants)
}

// CreateEvent creates an event with its organiser, neighbourhood,
// network and participants.
func (s *Store) CreateEvent(ctx context.Context, v domain.Event) (domain.Event, error) {
	fp := fingerprint(v)
	id, err := checkID(&v.ID, domain.EntityEvent.Prefix)
	if err != nil {
		return v, err
	}
	v.ID = id
	p, err := eventPatch(v)
	if err != nil {
		return v, err
	}
	links := eventLinks{
		Organiser: domain.To(v.OrganiserID), Neighbourhood: domain.To(v.NeighbourhoodID),
		Network: domain.To(v.NetworkID), Participants: nonNil(v.ParticipantIDs),
	}
	return created(ctx, s, "createEvent", nodeTarget("Event", id), nil, fp, (*Store).Events, func(tx neo4j.ManagedTransaction) (domain.Event, error) {
		params := map[string]any{"props": p.params()}
		if err := checkEventLinks(ctx, tx, links, params); err != nil {
			return v, err
		}
		return writeOne(ctx, tx, createEventCypher, params, mapEvent)
	})
}

// UpdateEvent applies a patch of name, kind, date, description,
// externalKey, source and lastConfirmed, and changes the links given.
func (s *Store) UpdateEvent(ctx context.Context, id string, u domain.EventUpdate) (domain.Event, error) {
	if err := domain.Prepare(&u); err != nil {
		return domain.Event{}, err
	}
	p := Patch{}
	if u.Name.Set {
		p["name"], p["searchName"] = *u.Name.Value, Fold(*u.Name.Value)
	}
	setEnum(p, "kind", u.Kind)
	set(p, "date", u.Date)
	set(p, "description", u.Description)
	p.setMeta(u.MetaUpdate)
	links := eventLinks{Organiser: u.Organiser, Neighbourhood: u.Neighbourhood, Network: u.Network,
		Participants: replacement(u.Participants)}
	v, err := audited(ctx, s, "updateEvent", nodeTarget("Event", id), func(tx neo4j.ManagedTransaction) (domain.Event, error) {
		params := map[string]any{"id": id, "props": p.params()}
		if err := checkEventLinks(ctx, tx, links, params); err != nil {
			return domain.Event{}, err
		}
		return writeOne(ctx, tx, updateEventCypher, params, mapEvent)
	})
	if err != nil {
		return v, fmt.Errorf("event %s: %w", id, err)
	}
	return v, nil
}

// DeleteEvent deletes an event and its links.
func (s *Store) DeleteEvent(ctx context.Context, id string) ([]domain.DeleteEffect, error) {
	return deleteSimple(ctx, s, "deleteEvent", nodeTarget("Event", id), "event")
}
