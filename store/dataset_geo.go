package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// mergeLocationsCypher creates or updates a dataset's locations by id
// under their owner (label spliced in: Actor or Service) and places
// them again.
const mergeLocationsCypher = `
UNWIND $rows AS row
MATCH (o:%s {id: row.owner})
MERGE (l:Location {id: row.props.id})
ON CREATE SET l.createdAt = datetime()
SET l += row.props, l.updatedAt = datetime()
MERGE (o)-[:AT]->(l)
WITH l, row
CALL (l) { OPTIONAL MATCH (l)-[r:IN_AREA]->() DELETE r }
WITH l, row
OPTIONAL MATCH (q:Neighbourhood {id: row.neighbourhood})
FOREACH (_ IN CASE WHEN q IS NULL THEN [] ELSE [1] END | CREATE (l)-[:IN_AREA]->(q))`

// loadPlaces writes a dataset's outlines and locations after its records:
// outlines first, so that locations without a neighbourhood are placed
// in them. Locations outside every outline are kept without one.
func (s *Store) loadPlaces(ctx context.Context, ds *domain.Dataset, batchSize int) error {
	if len(ds.Boundaries) > 0 {
		if _, err := s.SetBoundaries(ctx, ds.Boundaries, "dataset"); err != nil {
			return err
		}
	}
	if len(ds.Locations) == 0 {
		return nil
	}
	outlines, err := s.FinestOutlines(ctx)
	if err != nil {
		return err
	}
	byLabel := map[string][]map[string]any{}
	for i, l := range ds.Locations {
		e, ok := domain.EntityOfID(l.OwnerID)
		label := e.Label
		if !ok || (e != domain.EntityActor && e != domain.EntityService) {
			return domain.Invalid(fmt.Sprintf("dataset.locations[%d].owner", i), "must be an actor or a service, not %q", l.OwnerID)
		}
		rows, _, err := locationRows(l.OwnerID, []domain.Location{l}, outlines)
		if err != nil {
			return err
		}
		rows[0]["owner"] = l.OwnerID
		byLabel[label] = append(byLabel[label], rows[0])
	}
	for _, label := range []string{"Actor", "Service"} {
		for chunk := range slices.Chunk(byLabel[label], batchSize) {
			if _, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (any, error) {
				_, err := collect(ctx, tx, fmt.Sprintf(mergeLocationsCypher, label), map[string]any{"rows": chunk})
				return nil, err
			}); err != nil {
				return fmt.Errorf("store: load %s locations: %w", strings.ToLower(label), err)
			}
		}
	}
	return nil
}

// LoadLocations merges locations by id under their owners (OwnerID, an
// actor or a service), placing those without a neighbourhood; an import
// of another standard (HSDS) writes its locations this way after its
// records.
func (s *Store) LoadLocations(ctx context.Context, locs []domain.Location) error {
	return s.loadPlaces(ctx, &domain.Dataset{Locations: locs}, DefaultBatchSize)
}
