package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Locations are nodes of their own,
// (:Actor|Service)-[:AT]->(:Location {id, name, address, postcode, city, point, placed})-[:IN_AREA]->(:Neighbourhood),
// so that a point index over Location.point serves distance queries
// (Neo4j indexes one point property per node, not a list of points).
// placed says the neighbourhood was found by point in polygon and is
// found again when outlines change; a neighbourhood given by whoever
// wrote the location is kept. A location belongs to exactly one record:
// it is read, shown and hidden with it.

const locationProj = "l{.id, .name, .address, .postcode, .city, .point, neighbourhoodId: [(l)-[:IN_AREA]->(q:Neighbourhood) | q.id][0]}"

func mapLocation(p *props) (domain.Location, error) {
	l := domain.Location{
		ID: p.str("id"), Name: p.strPtr("name"), Address: p.strPtr("address"), Postcode: p.strPtr("postcode"),
		City: p.strPtr("city"), NeighbourhoodID: p.strPtr("neighbourhoodId"),
	}
	pt, err := pointOf(p.m["point"])
	if err != nil {
		return l, fmt.Errorf("location %s: %w", l.ID, err)
	}
	l.Longitude, l.Latitude = pt[0], pt[1]
	return l, p.err
}

// Unplaced is a location outside every known outline: stored, and
// reported so that someone can give its neighbourhood or fix the point.
type Unplaced struct {
	OwnerID  string
	Location domain.Location
}

// setLocationsCypher has the owner's label (Actor or Service) spliced in.
const setLocationsCypher = `
MATCH (o:%s {id: $owner})
CALL (o) { OPTIONAL MATCH (o)-[:AT]->(old:Location) DETACH DELETE old }
WITH o
UNWIND $rows AS row
CREATE (o)-[:AT]->(l:Location)
SET l = row.props, l.createdAt = datetime(), l.updatedAt = datetime()
WITH l, row
OPTIONAL MATCH (q:Neighbourhood {id: row.neighbourhood})
FOREACH (_ IN CASE WHEN q IS NULL THEN [] ELSE [1] END | CREATE (l)-[:IN_AREA]->(q))
RETURN count(l) AS written`

// SetLocations replaces the locations of an actor or service (label
// "Actor" or "Service"). A location without a neighbourhood is placed in
// the finest outlined neighbourhood that contains it; those outside every
// outline are stored without one and returned.
func (s *Store) SetLocations(ctx context.Context, label, owner string, locs []domain.Location) ([]Unplaced, error) {
	if label != "Actor" && label != "Service" {
		return nil, fmt.Errorf("store: locations of a %s: %w", label, domain.ErrInvalid)
	}
	w, err := s.placeLocations(ctx, owner, locs)
	if err != nil {
		return nil, err
	}
	// The areas the locations leave and enter are touched too: placing
	// an own actor in another district's quarter ties it there, as
	// updateActor's neighbourhoods would.
	areas, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]any, error) {
		return single[[]any](ctx, tx, fmt.Sprintf("OPTIONAL MATCH (:%s {id: $id})-[:AT]->(:Location)-[:IN_AREA]->(q:Neighbourhood) RETURN collect(q.id) AS ids", label),
			map[string]any{"id": owner}, "ids")
	})
	if err != nil {
		return nil, err
	}
	also := w.areas()
	for _, id := range areas {
		if id, ok := id.(string); ok {
			also = append(also, nodeTarget("Neighbourhood", id))
		}
	}
	_, err = auditedTouching(ctx, s, "setLocations", nodeTarget(label, owner), also, func(tx neo4j.ManagedTransaction) (int64, error) {
		if _, err := single[string](ctx, tx, fmt.Sprintf("MATCH (o:%s {id: $id}) RETURN o.id AS id", label),
			map[string]any{"id": owner}, "id"); err != nil {
			return 0, fmt.Errorf("%s %s: %w", label, owner, err)
		}
		return w.write(ctx, tx, label, owner)
	})
	return w.unplaced, err
}

// placedLocations are locations checked, given ids and placed, ready to
// be written in the transaction of a create or of setLocations.
type placedLocations struct {
	rows     []map[string]any
	given    []string // neighbourhoods named by the writer
	unplaced []Unplaced
}

// placeLocations checks locs and places those without a neighbourhood in
// the finest outline containing them. It reads the outlines before the
// write's transaction: an outline imported in between places a location
// on the next import of outlines (PlaceLocations), as it does for every
// location written before.
func (s *Store) placeLocations(ctx context.Context, owner string, locs []domain.Location) (placedLocations, error) {
	if len(locs) == 0 {
		return placedLocations{}, nil
	}
	outlines, err := s.FinestOutlines(ctx)
	if err != nil {
		return placedLocations{}, err
	}
	rows, unplaced, err := locationRows(owner, locs, outlines)
	if err != nil {
		return placedLocations{}, err
	}
	w := placedLocations{rows: rows, unplaced: unplaced}
	for _, l := range locs {
		if l.NeighbourhoodID != nil {
			w.given = append(w.given, *l.NeighbourhoodID)
		}
	}
	return w, nil
}

// areas are the neighbourhoods the locations enter: the write touches
// their districts.
func (w placedLocations) areas() []target {
	var out []target
	for _, r := range w.rows {
		if q, ok := r["neighbourhood"].(string); ok {
			out = append(out, nodeTarget("Neighbourhood", q))
		}
	}
	return out
}

// write replaces the owner's locations by w inside tx; a neighbourhood
// named by the writer must exist.
func (w placedLocations) write(ctx context.Context, tx neo4j.ManagedTransaction, label, owner string) (int64, error) {
	for _, id := range w.given {
		if _, err := single[string](ctx, tx, "MATCH (q:Neighbourhood {id: $id}) RETURN q.id AS id", map[string]any{"id": id}, "id"); err != nil {
			return 0, domain.Invalid("input.locations", "no neighbourhood with id %s", id)
		}
	}
	rows := w.rows
	if rows == nil {
		rows = []map[string]any{}
	}
	return single[int64](ctx, tx, fmt.Sprintf(setLocationsCypher, label), map[string]any{"owner": owner, "rows": rows}, "written")
}

// locationRows checks locs, gives them ids and places those without a
// neighbourhood.
func locationRows(owner string, locs []domain.Location, outlines []domain.Boundary) ([]map[string]any, []Unplaced, error) {
	rows := make([]map[string]any, len(locs))
	var unplaced []Unplaced
	for i, l := range locs {
		if err := domain.CheckPoint(l.Latitude, l.Longitude); err != nil {
			return nil, nil, domain.Invalid(fmt.Sprintf("input.locations[%d]", i), "%v", err)
		}
		id, err := checkID(&l.ID, "loc_")
		if err != nil {
			return nil, nil, err
		}
		l.ID = id
		placed := l.NeighbourhoodID == nil
		if placed {
			if q, ok := domain.Place(outlines, l.Point()); ok {
				l.NeighbourhoodID = &q
			} else {
				unplaced = append(unplaced, Unplaced{OwnerID: owner, Location: l})
			}
		}
		rows[i] = map[string]any{
			"props": map[string]any{"id": l.ID, "name": strParam(l.Name), "address": strParam(l.Address),
				"postcode": strParam(l.Postcode), "city": strParam(l.City), "point": wgs84(l.Point()), "placed": placed},
			"neighbourhood": strParam(l.NeighbourhoodID),
		}
	}
	return rows, unplaced, nil
}

const actorLocationsCypher = `
UNWIND $ids AS id
MATCH (o:Actor {id: id})-[:AT]->(l:Location) WHERE VIS(Actor,o)
RETURN id, ` + locationProj + ` AS l ORDER BY l.id`

const serviceLocationsCypher = `
UNWIND $ids AS id
MATCH (o:Service {id: id})-[:AT]->(l:Location) WHERE VIS(Service,o)
RETURN id, ` + locationProj + ` AS l ORDER BY l.id`

// ActorLocations returns the locations of the actors the caller may see.
func (s *Store) ActorLocations(ctx context.Context, ids []string) (map[string][]domain.Location, error) {
	return s.locationsOf(ctx, actorLocationsCypher, ids)
}

// ServiceLocations returns the locations of the services the caller may see.
func (s *Store) ServiceLocations(ctx context.Context, ids []string) (map[string][]domain.Location, error) {
	return s.locationsOf(ctx, serviceLocationsCypher, ids)
}

func (s *Store) locationsOf(ctx context.Context, cypher string, ids []string) (map[string][]domain.Location, error) {
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (map[string][]domain.Location, error) {
		recs, err := collect(ctx, tx, cypher, map[string]any{"ids": ids})
		if err != nil {
			return nil, err
		}
		out := make(map[string][]domain.Location, len(ids))
		for _, rec := range recs {
			id, _ := rec.Values[0].(string)
			p, err := asProps(rec.Values[1])
			if err != nil {
				return nil, err
			}
			l, err := mapLocation(p)
			if err != nil {
				return nil, err
			}
			out[id] = append(out[id], l)
		}
		return out, nil
	})
}

const placedLocationsCypher = `
MATCH (o)-[:AT]->(l:Location) WHERE coalesce(l.placed, true)
RETURN o.id AS owner, ` + locationProj + ` AS l ORDER BY l.id`

const placeLocationsCypher = `
UNWIND $rows AS row
MATCH (l:Location {id: row.id})
CALL (l) { OPTIONAL MATCH (l)-[r:IN_AREA]->() DELETE r }
WITH l, row
OPTIONAL MATCH (q:Neighbourhood {id: row.neighbourhood})
FOREACH (_ IN CASE WHEN q IS NULL THEN [] ELSE [1] END | CREATE (l)-[:IN_AREA]->(q))`

// PlaceLocations places every location whose neighbourhood was found by
// geometry again, after outlines changed, and returns those outside every
// outline.
func (s *Store) PlaceLocations(ctx context.Context) ([]Unplaced, error) {
	outlines, err := s.FinestOutlines(ctx)
	if err != nil {
		return nil, err
	}
	type owned struct {
		owner string
		l     domain.Location
	}
	locs, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]owned, error) {
		recs, err := collect(ctx, tx, placedLocationsCypher, nil)
		if err != nil {
			return nil, err
		}
		out := make([]owned, len(recs))
		for i, rec := range recs {
			p, err := asProps(rec.Values[1])
			if err != nil {
				return nil, err
			}
			if out[i].l, err = mapLocation(p); err != nil {
				return nil, err
			}
			out[i].owner, _ = rec.Values[0].(string)
		}
		return out, nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: place locations: %w", err)
	}
	var unplaced []Unplaced
	rows := make([]map[string]any, len(locs))
	for i, o := range locs {
		q, ok := domain.Place(outlines, o.l.Point())
		if !ok {
			unplaced = append(unplaced, Unplaced{OwnerID: o.owner, Location: o.l})
		}
		rows[i] = map[string]any{"id": o.l.ID, "neighbourhood": map[bool]any{true: q, false: nil}[ok]}
	}
	for start := 0; start < len(rows); start += DefaultBatchSize {
		batch := rows[start:min(start+DefaultBatchSize, len(rows))]
		if _, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (any, error) {
			_, err := collect(ctx, tx, placeLocationsCypher, map[string]any{"rows": batch})
			return nil, err
		}); err != nil {
			return nil, fmt.Errorf("store: place locations: %w", err)
		}
	}
	return unplaced, nil
}

// deleteLocationsCypher deletes the locations of a record and, for an
// actor, of its services, which a deletion of the actor takes along.
const deleteLocationsCypher = `
MATCH (o {id: $id})-[:OFFERS*0..1]->(x)-[:AT]->(l:Location)
WHERE $label IN labels(o)
DETACH DELETE l`

// deleteLocationsOf deletes what only the record being deleted owns: its
// locations (label Actor or Service, a constant of the caller).
func deleteLocationsOf(ctx context.Context, tx neo4j.ManagedTransaction, label, id string) error {
	_, err := collect(ctx, tx, strings.Replace(deleteLocationsCypher, "(o {id: $id})", "(o:"+label+" {id: $id})", 1), map[string]any{"id": id, "label": label})
	return err
}
