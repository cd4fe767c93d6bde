package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// NearbyService is a service located within some metres of a need's
// neighbourhood: the walking-range alternative to the hierarchy's "two
// quarters away" and the network's "three cooperations away".
type NearbyService struct {
	Service  domain.Service
	Location domain.Location
	// Meters is the distance from Location to the outline of the need's
	// neighbourhood, 0 inside it.
	Meters float64
}

// nearbyServicesCypher finds, per need, the services of its target group
// and topic, valid on the day, with a location in the bounding box of the
// need's neighbourhood's outline widened by $meters (through the point
// index); the exact distance to the outline is measured in Go.
var nearbyServicesCypher = `
UNWIND $needs AS nid
MATCH (need:Need {id: nid})-[:IN]->(:Neighbourhood)<-[:OUTLINES]-(b:Boundary)
MATCH (need)-[:FOR]->(tg:TargetGroup), (need)-[:ON]->(top:Topic)
WITH nid, b, tg, top,
  point({longitude: b.sw.longitude - $meters / (111320.0 * cos(radians(b.ne.latitude))), latitude: b.sw.latitude - $meters / 111320.0}) AS sw,
  point({longitude: b.ne.longitude + $meters / (111320.0 * cos(radians(b.ne.latitude))), latitude: b.ne.latitude + $meters / 111320.0}) AS ne
CALL (sw, ne, tg, top) {
  MATCH (l:Location) WHERE point.withinBBox(l.point, sw, ne)
  MATCH (n:Service)-[:AT]->(l)
  WHERE VIS(Service,n) AND (n)-[:FOR]->(tg) AND (n)-[:ON]->(top)
    AND (n.validFrom IS NULL OR n.validFrom <= $asOf) AND (n.validTo IS NULL OR n.validTo >= $asOf)
    AND coalesce(n.status, 'ACTIVE') = 'ACTIVE' AND NOT EXISTS { MATCH (p:Actor)-[:OFFERS]->(n) WHERE coalesce(p.status, 'ACTIVE') <> 'ACTIVE' }
  RETURN collect({n: ` + serviceProj + `, l: ` + locationProj + `}) AS found
}
RETURN nid, b.geojson AS geojson, found`

// NearbyServices returns, per need id, the services that meet the need's
// target group and topic on asOf and have a location within meters of
// its neighbourhood's outline, nearest first (each service once, at its
// nearest location). Needs whose neighbourhood has no outline get none.
func (s *Store) NearbyServices(ctx context.Context, needIDs []string, meters float64, asOf time.Time) (map[string][]NearbyService, error) {
	if !(meters >= 0 && meters <= domain.MaxNearMeters) {
		return nil, domain.Invalid("meters", "must be between 0 and %g", domain.MaxNearMeters)
	}
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (map[string][]NearbyService, error) {
		recs, err := collect(ctx, tx, nearbyServicesCypher, map[string]any{"needs": needIDs, "meters": meters, "asOf": dateParam(&asOf)})
		if err != nil {
			return nil, err
		}
		out := make(map[string][]NearbyService, len(recs))
		for _, rec := range recs {
			m := &props{m: rec.AsMap()}
			nid := m.str("nid")
			g, err := parseGeometry(nid, m.str("geojson"))
			if err != nil {
				return nil, err
			}
			if m.err != nil {
				return nil, m.err
			}
			best := map[string]NearbyService{}
			found, _ := m.m["found"].([]any)
			for _, f := range found {
				row, _ := f.(map[string]any)
				sp := &props{m: row["n"].(map[string]any)}
				svc := mapService(sp)
				lp := &props{m: row["l"].(map[string]any)}
				loc, err := mapLocation(lp)
				if err != nil || sp.err != nil {
					return nil, fmt.Errorf("store: nearby services: %w", cmp.Or(err, sp.err))
				}
				d := 0.0
				if !domain.Contains(g, loc.Point()) {
					d = domain.DistanceToEdge(g, loc.Point())
				}
				if d > meters {
					continue
				}
				if cur, ok := best[svc.ID]; !ok || d < cur.Meters {
					best[svc.ID] = NearbyService{Service: svc, Location: loc, Meters: d}
				}
			}
			list := make([]NearbyService, 0, len(best))
			for _, v := range best {
				list = append(list, v)
			}
			slices.SortFunc(list, func(a, b NearbyService) int {
				return cmp.Or(cmp.Compare(a.Meters, b.Meters), cmp.Compare(a.Service.ID, b.Service.ID))
			})
			out[nid] = list
		}
		return out, nil
	})
}
