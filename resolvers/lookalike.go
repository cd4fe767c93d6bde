package resolvers

import (
	"context"
	"fmt"

	"github.com/kiezgraph/kiezgraph/domain"
)

// actorNameWarnings warns when name looks like the name of another
// actor the caller can see (self, when renaming, does not count).
// It runs before the write, so a failed look-up writes nothing.
func (r *Resolver) actorNameWarnings(ctx context.Context, self, name string) ([]domain.Warning, error) {
	known, err := r.Store.ActorNames(ctx)
	if err != nil {
		return nil, err
	}
	var ids, names []string
	for _, n := range known.Find(name) {
		if n.ID != self {
			ids, names = append(ids, n.ID), append(names, n.Name)
		}
	}
	if len(ids) == 0 {
		return []domain.Warning{}, nil
	}
	field := "input.name"
	return []domain.Warning{{Code: domain.WarnLookAlikeName, Field: &field, Records: ids,
		Message: fmt.Sprintf("the name looks like %q without being the same text (look-alike letters or invisible characters?)", names[0])}}, nil
}
