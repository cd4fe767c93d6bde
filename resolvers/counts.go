package resolvers

import (
	"context"

	"github.com/kiezgraph/kiezgraph/store"
)

// countBy answers countsBy on a connection: the counter the list's
// resolver gave it (its own filter and, for a nested list, its parent),
// so that every list counts exactly what it pages; null on lists without
// one (a community's actors, an event's participants), where no filter
// narrows the list. (Null rather than an error per list: one error per
// parent would arrive in the order gqlgen happens to resolve them.)
func countBy(ctx context.Context, count store.Counter, field string) ([]store.ValueCount, error) {
	if count == nil {
		return nil, nil
	}
	return count(ctx, field)
}
