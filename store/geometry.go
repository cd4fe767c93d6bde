package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Outlines of neighbourhoods live in their own nodes,
// (:Boundary {neighbourhoodId, geojson, sw, ne, centroid})-[:OUTLINES]->(:Neighbourhood),
// rather than as properties of the neighbourhood: an outline of a
// planning area runs to tens of kilobytes, and every read of a
// neighbourhood (lists, node(id:), the audit trail's snapshots) would
// otherwise carry it. sw and ne are the corners of the bounding box and
// centroid the area's centre, all WGS 84 points (SRID 4326) behind a
// point index, for prefilters such as "outlines near here".

// wgs84 turns a longitude/latitude into a Neo4j WGS 84 point.
func wgs84(p orb.Point) neo4j.Point2D {
	return neo4j.Point2D{X: p[0], Y: p[1], SpatialRefId: 4326}
}

// GeometryJSON encodes g as a GeoJSON geometry object.
func GeometryJSON(g orb.Geometry) (string, error) {
	b, err := geojson.NewGeometry(g).MarshalJSON()
	return string(b), err
}

// parseGeometry decodes a stored GeoJSON geometry.
func parseGeometry(id, raw string) (orb.Geometry, error) {
	g, err := geojson.UnmarshalGeometry([]byte(raw))
	if err != nil {
		return nil, fmt.Errorf("store: outline of %s: %w", id, err)
	}
	return g.Geometry(), nil
}

const setBoundariesCypher = `
UNWIND $rows AS row
MATCH (n:Neighbourhood {id: row.id})
MERGE (b:Boundary {neighbourhoodId: row.id})
MERGE (b)-[:OUTLINES]->(n)
SET b.geojson = row.geojson, b.sw = row.sw, b.ne = row.ne, b.centroid = row.centroid,
    b.source = row.source, b.updatedAt = datetime()
RETURN count(b) AS written`

// SetBoundaries stores the outlines in one transaction (all or nothing)
// and then places the stored locations again (see PlaceLocations), since
// which quarter contains a point may have changed. It does not check the
// outlines: callers check them with domain.CheckBoundary first, the
// importer together with the rest of the file.
func (s *Store) SetBoundaries(ctx context.Context, bs []domain.Boundary, source string) (int, error) {
	rows := make([]map[string]any, len(bs))
	for i, b := range bs {
		raw, err := GeometryJSON(b.Geometry)
		if err != nil {
			return 0, fmt.Errorf("store: outline of %s: %w", b.NeighbourhoodID, err)
		}
		bound := b.Geometry.Bound()
		c, _ := planar.CentroidArea(b.Geometry)
		rows[i] = map[string]any{"id": b.NeighbourhoodID, "geojson": raw, "sw": wgs84(bound.Min), "ne": wgs84(bound.Max),
			"centroid": wgs84(c), "source": source}
	}
	n, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (int64, error) {
		return single[int64](ctx, tx, setBoundariesCypher, map[string]any{"rows": rows}, "written")
	})
	if err != nil {
		return 0, fmt.Errorf("store: set outlines: %w", err)
	}
	if int(n) != len(bs) {
		return int(n), fmt.Errorf("store: set outlines: %d of %d neighbourhoods found: %w", n, len(bs), domain.ErrNotFound)
	}
	if _, err := s.PlaceLocations(ctx); err != nil {
		return int(n), err
	}
	return int(n), nil
}

const boundariesCypher = `
UNWIND $ids AS id
MATCH (b:Boundary {neighbourhoodId: id})-[:OUTLINES]->(n:Neighbourhood)
WHERE VIS(Neighbourhood,n)
RETURN id, b.geojson AS geojson`

// Boundaries returns the outlines of the neighbourhoods with the ids
// that have one, subject to the caller's access like the neighbourhoods.
func (s *Store) Boundaries(ctx context.Context, ids []string) (map[string]orb.Geometry, error) {
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (map[string]orb.Geometry, error) {
		recs, err := collect(ctx, tx, boundariesCypher, map[string]any{"ids": ids})
		if err != nil {
			return nil, err
		}
		out := make(map[string]orb.Geometry, len(recs))
		for _, rec := range recs {
			id, _ := rec.Values[0].(string)
			raw, _ := rec.Values[1].(string)
			g, err := parseGeometry(id, raw)
			if err != nil {
				return nil, err
			}
			out[id] = g
		}
		return out, nil
	})
}

// Outline is a neighbourhood with its outline.
type Outline struct {
	Neighbourhood domain.Neighbourhood
	Geometry      orb.Geometry
}

const outlinesWithinCypher = `
MATCH (s:Neighbourhood {id: $scope})
MATCH (n:Neighbourhood)-[:PART_OF*0..]->(s)
WHERE VIS(Neighbourhood,n) AND ($levels IS NULL OR n.level IN $levels)
MATCH (b:Boundary)-[:OUTLINES]->(n)
RETURN ` + neighbourhoodProj + ` AS n, b.geojson AS geojson
ORDER BY n.officialCode, n.id`

const allOutlinesCypher = `
MATCH (b:Boundary)-[:OUTLINES]->(n:Neighbourhood)
WHERE VIS(Neighbourhood,n) AND ($levels IS NULL OR n.level IN $levels)
RETURN ` + neighbourhoodProj + ` AS n, b.geojson AS geojson
ORDER BY n.officialCode, n.id`

// OutlinesWithin returns the outlined neighbourhoods inside scope and
// scope itself ("" for the whole city), of the given levels (all when
// empty), by official code.
func (s *Store) OutlinesWithin(ctx context.Context, scope string, levels []domain.Level) ([]Outline, error) {
	var lv any
	if len(levels) > 0 {
		ls := make([]string, len(levels))
		for i, l := range levels {
			ls[i] = string(l)
		}
		lv = ls
	}
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]Outline, error) {
		cypher := outlinesWithinCypher
		if scope == "" {
			cypher = allOutlinesCypher
		}
		recs, err := collect(ctx, tx, cypher, map[string]any{"scope": scope, "levels": lv})
		if err != nil {
			return nil, err
		}
		return outlines(recs)
	})
}

func outlines(recs []*neo4j.Record) ([]Outline, error) {
	out := make([]Outline, 0, len(recs))
	for _, rec := range recs {
		p, err := asProps(rec.Values[0])
		if err != nil {
			return nil, err
		}
		n := mapNeighbourhood(p)
		if p.err != nil {
			return nil, p.err
		}
		raw, _ := rec.Values[1].(string)
		g, err := parseGeometry(n.ID, raw)
		if err != nil {
			return nil, err
		}
		out = append(out, Outline{Neighbourhood: n, Geometry: g})
	}
	return out, nil
}

const finestOutlinesCypher = `
MATCH (b:Boundary)-[:OUTLINES]->(n:Neighbourhood)
WHERE NOT EXISTS { (:Boundary)-[:OUTLINES]->(:Neighbourhood)-[:PART_OF]->(n) }
RETURN ` + neighbourhoodProj + ` AS n, b.geojson AS geojson
ORDER BY n.id`

// FinestOutlines returns the outlines of the neighbourhoods that have no
// outlined neighbourhood inside them (quarters, or areas where a city is
// outlined that finely): where a point is placed. It ignores the caller's
// access: placing is bookkeeping of a write, not a read.
func (s *Store) FinestOutlines(ctx context.Context) ([]domain.Boundary, error) {
	os, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]Outline, error) {
		recs, err := collect(ctx, tx, finestOutlinesCypher, nil)
		if err != nil {
			return nil, err
		}
		return outlines(recs)
	})
	if err != nil {
		return nil, fmt.Errorf("store: outlines: %w", err)
	}
	out := make([]domain.Boundary, len(os))
	for i, o := range os {
		out[i] = domain.Boundary{NeighbourhoodID: o.Neighbourhood.ID, Geometry: o.Geometry}
	}
	return out, nil
}

// KeyedNeighbourhood is a neighbourhood found by an import key, with its
// parent's stored outline if it has one.
type KeyedNeighbourhood struct {
	ID, Level     string
	ParentID      *string
	ParentOutline orb.Geometry
}

const neighbourhoodsByKeyCypher = `
UNWIND $keys AS k
MATCH (n:Neighbourhood) WHERE n.officialCode = k OR n.externalKey = k
OPTIONAL MATCH (n)-[:PART_OF]->(p:Neighbourhood)
OPTIONAL MATCH (pb:Boundary)-[:OUTLINES]->(p)
RETURN k, n.id AS id, n.level AS level, p.id AS parent, pb.geojson AS parentGeojson`

// NeighbourhoodsByKey finds neighbourhoods by official code or external
// key, the two keys boundary files carry.
func (s *Store) NeighbourhoodsByKey(ctx context.Context, keys []string) (map[string]KeyedNeighbourhood, error) {
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (map[string]KeyedNeighbourhood, error) {
		recs, err := collect(ctx, tx, neighbourhoodsByKeyCypher, map[string]any{"keys": keys})
		if err != nil {
			return nil, err
		}
		out := make(map[string]KeyedNeighbourhood, len(recs))
		for _, rec := range recs {
			m := &props{m: rec.AsMap()}
			k := KeyedNeighbourhood{ID: m.str("id"), Level: m.str("level"), ParentID: m.strPtr("parent")}
			if raw := m.strPtr("parentGeojson"); raw != nil {
				if k.ParentOutline, err = parseGeometry(*k.ParentID, *raw); err != nil {
					return nil, err
				}
			}
			if m.err != nil {
				return nil, m.err
			}
			out[m.str("k")] = k
		}
		return out, nil
	})
}

// pointOf reads a WGS 84 point property as longitude/latitude.
func pointOf(v any) (orb.Point, error) {
	switch p := v.(type) {
	case dbtype.Point2D:
		return orb.Point{p.X, p.Y}, nil
	case dbtype.Point3D:
		return orb.Point{p.X, p.Y}, nil
	}
	return orb.Point{}, fmt.Errorf("store: point is %T, want a 2D point", v)
}
