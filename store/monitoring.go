package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// placesAtCypher reads every neighbourhood of a level with its
// indicators and no access rule: places are public (the public sees
// all of them, see access.go), and the monitoring classes computed from
// them are relative to the whole city, so that a viewer of one district
// gets the same class for a quarter as the city's coordinator.
const placesAtCypher = `MATCH (n:Neighbourhood) WHERE n.level = $level RETURN ` + neighbourhoodProj + ` AS n`

// PlacesAt returns every neighbourhood of level, whoever asks.
func (s *Store) PlacesAt(ctx context.Context, level domain.Level) ([]domain.Neighbourhood, error) {
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]domain.Neighbourhood, error) {
		return collectMapped(ctx, tx, placesAtCypher, map[string]any{"level": string(level)}, mapNeighbourhood)
	})
}
