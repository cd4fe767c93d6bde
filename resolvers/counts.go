package resolvers

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kiezgraph/kiezgraph/domain"
)

// rootListFilter returns the filter argument of the root list field
// (Query.actors, Query.services) whose connection the current field
// belongs to, so that a count of the connection counts exactly what the
// list lists. Nested lists of the same connection type (a quarter's
// actors) are refused rather than counted with another list's filter.
func rootListFilter[F any](ctx context.Context, list string) (F, error) {
	var zero F
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Parent == nil || fc.Parent.Field.Field == nil || fc.Parent.Field.Name != list || fc.Parent.Object != "Query" {
		return zero, domain.Invalid("countsBy", "is available on the root %s list only; filter it (e.g. by neighbourhood) instead of nesting", list)
	}
	v, ok := fc.Parent.Args["filter"]
	if !ok || v == nil {
		return zero, nil
	}
	f, ok := v.(F)
	if !ok {
		return zero, fmt.Errorf("resolvers: %s filter is %T", list, v)
	}
	return f, nil
}
