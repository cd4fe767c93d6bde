package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

const actorNamesCypher = `MATCH (n:Actor) WHERE VIS(Actor,n) RETURN n.id AS id, n.name AS name`

// ActorNames returns the names of the actors the caller may see, for
// finding look-alike names (domain.LookAlikes). It reads every actor's
// id and name (about 50 bytes each).
func (s *Store) ActorNames(ctx context.Context) (*domain.LookAlikes, error) {
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (*domain.LookAlikes, error) {
		recs, err := collect(ctx, tx, actorNamesCypher, nil)
		if err != nil {
			return nil, err
		}
		l := domain.NewLookAlikes()
		for _, r := range recs {
			id, _ := r.Get("id")
			name, _ := r.Get("name")
			ids, ok1 := id.(string)
			names, ok2 := name.(string)
			if !ok1 || !ok2 {
				return nil, fmt.Errorf("store: actor names: id %T, name %T", id, name)
			}
			l.Add(ids, names)
		}
		return l, nil
	})
}
