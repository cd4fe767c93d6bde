package resolvers

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
)

// rootListFilter returns the filter argument of the root list field
// (Query.actors, Query.services) whose connection the current field
// belongs to, so that a count of the connection counts exactly what the
// list lists; ok is false for nested lists of the same connection type
// (a quarter's actors), which are not counted with another list's
// filter. (Null rather than an error per nested list: one error per
// parent would arrive in the order gqlgen happens to resolve them.)
func rootListFilter[F any](ctx context.Context, list string) (f F, ok bool, err error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Parent == nil || fc.Parent.Field.Field == nil || fc.Parent.Field.Name != list || fc.Parent.Object != "Query" {
		return f, false, nil
	}
	v, given := fc.Parent.Args["filter"]
	if !given || v == nil {
		return f, true, nil
	}
	if f, ok = v.(F); !ok {
		return f, false, fmt.Errorf("resolvers: %s filter is %T", list, v)
	}
	return f, true, nil
}
