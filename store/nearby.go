package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Records by place: services and actors with a location inside a circle
// (near) and/or inside a neighbourhood (within). A circle starts at the
// point index on Location.point with point.withinBBox over the circle's
// bounding box and keeps what point.distance puts inside the radius;
// within starts at the neighbourhood and walks the IN_AREA links that
// point in polygon made. Each record comes once, with its nearest
// matching location.

// ByPlace asks for records by place; at least one of Near and Within.
type ByPlace struct {
	Near   *domain.Near
	Within *string
	// TargetGroup and Topic narrow services.
	TargetGroup, Topic *string
	// AsOf keeps the records valid on the day; nil keeps all of
	// history.
	AsOf *time.Time
}

// Placed is a record with the location that matched and, when asked by
// distance, the distance in metres.
type Placed[T any] struct {
	Item     T
	Location domain.Location
	Distance *float64
}

// locationsNearCypher finds locations in the circle through the point
// index; the owner pattern follows it (spliced in, with variable n).
const locationsNearCypher = `
MATCH (l:Location)
WHERE point.withinBBox(l.point, $sw, $ne)
WITH l, point.distance(l.point, $at) AS d
WHERE d <= $meters
  AND ($within IS NULL OR EXISTS { (l)-[:IN_AREA]->(:Neighbourhood)-[:PART_OF*0..]->(:Neighbourhood {id: $within}) })
`

// locationsWithinCypher finds the locations inside a neighbourhood.
const locationsWithinCypher = `
MATCH (:Neighbourhood {id: $within})<-[:PART_OF*0..]-(:Neighbourhood)<-[:IN_AREA]-(l:Location)
WITH l, null AS d
`

// byPlaceTail keeps each owner's nearest location and pages; the owner
// match and its projection are spliced in before it.
const byPlaceTail = `
WITH n, l, d ORDER BY d, l.id
WITH n, collect({l: ` + locationProj + `, d: d})[0] AS best
ORDER BY best.d, coalesce(n.searchName, toLower(n.name)), n.name, n.id
WITH collect({n: %s, l: best.l, d: best.d}) AS found
RETURN size(found) AS total, found[$offset..$end] AS page`

const servicesByPlaceMatch = `
MATCH (n:Service)-[:AT]->(l)
WHERE VIS(Service,n) AND ($asOf IS NULL OR ` + condAsOf + `) AND coalesce(n.status, 'ACTIVE') = 'ACTIVE'
  AND ($targetGroup IS NULL OR EXISTS { (n)-[:FOR]->(:TargetGroup {id: $targetGroup}) })
  AND ($topic IS NULL OR EXISTS { (n)-[:ON]->(:Topic {id: $topic}) })`

const actorsByPlaceMatch = `
MATCH (n:Actor)-[:AT]->(l)
WHERE VIS(Actor,n) AND ($asOf IS NULL OR ` + condAsOf + `) AND coalesce(n.status, 'ACTIVE') = 'ACTIVE'`

// ServicesByPlace lists the services the caller may see by place.
func (s *Store) ServicesByPlace(ctx context.Context, q ByPlace, page domain.PageArgs) (domain.Page[Placed[domain.Service]], error) {
	return byPlace(ctx, s, q, page, servicesByPlaceMatch, serviceProj, mapService)
}

// ActorsByPlace lists the actors the caller may see by place.
func (s *Store) ActorsByPlace(ctx context.Context, q ByPlace, page domain.PageArgs) (domain.Page[Placed[domain.Actor]], error) {
	return byPlace(ctx, s, q, page, actorsByPlaceMatch, actorProj, mapActor)
}

func byPlace[T any](ctx context.Context, s *Store, q ByPlace, page domain.PageArgs, match, proj string, m mapper[T]) (domain.Page[Placed[T]], error) {
	out := domain.Page[Placed[T]]{Offset: page.Offset}
	params := map[string]any{"within": strParam(q.Within), "targetGroup": strParam(q.TargetGroup), "topic": strParam(q.Topic),
		"asOf": dateParam(q.AsOf), "offset": page.Offset, "end": page.Offset + page.First}
	var start string
	switch {
	case q.Near != nil:
		if err := q.Near.Check(); err != nil {
			return out, domain.Invalid("near", "%v", err)
		}
		b := q.Near.Bound()
		params["sw"], params["ne"] = wgs84(b.Min), wgs84(b.Max)
		params["at"], params["meters"] = wgs84(q.Near.Point()), q.Near.Meters
		start = locationsNearCypher
	case q.Within != nil:
		start = locationsWithinCypher
	default:
		return out, domain.Invalid("near", "give near, within or both")
	}
	cypher := start + match + fmt.Sprintf(byPlaceTail, proj)
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (domain.Page[Placed[T]], error) {
		if q.Within != nil {
			if _, err := single[string](ctx, tx, "MATCH (w:Neighbourhood {id: $id}) WHERE VIS(Neighbourhood,w) RETURN w.id AS id",
				map[string]any{"id": *q.Within}, "id"); err != nil {
				if errors.Is(err, domain.ErrNotFound) {
					return out, domain.Invalid("within", "no neighbourhood with id %s", *q.Within)
				}
				return out, err
			}
		}
		recs, err := collect(ctx, tx, cypher, params)
		if err != nil {
			return out, err
		}
		total, _ := recs[0].Get("total")
		rows, _ := recs[0].Get("page")
		out.Total = int(total.(int64))
		for _, r := range rows.([]any) {
			row := r.(map[string]any)
			p, err := asProps(row["n"])
			if err != nil {
				return out, err
			}
			item := m(p)
			if p.err != nil {
				return out, p.err
			}
			lp, err := asProps(row["l"])
			if err != nil {
				return out, err
			}
			loc, err := mapLocation(lp)
			if err != nil {
				return out, err
			}
			pl := Placed[T]{Item: item, Location: loc}
			if d, ok := row["d"].(float64); ok {
				pl.Distance = &d
			}
			out.Items = append(out.Items, pl)
		}
		out.More = out.Offset+len(out.Items) < out.Total
		return out, nil
	})
}
