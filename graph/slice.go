package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// marshalSlice marshals the elements of a list one after another in the
// goroutine of the list's field. gqlgen's own MarshalSliceConcurrently,
// which the generated code calls and `go generate` replaces with this
// (see generate.go), starts a goroutine for every element of every list
// whose type has a resolver field: for a search page of 20 hits, 20
// goroutines that only copy values already read, whose stacks then grow
// to the depth of the marshalling (12.7 % of the service's CPU on Q5 of
// make bench-api went to growing stacks, 28 of 36 sampled growths in
// those goroutines). Nothing in an element waits for another element:
// the loaders (resolvers/batch.go) fetch a field for its whole level at
// the first element's ask and answer the rest from their cache, and the
// fields of one object still resolve concurrently (FieldSet.Dispatch).
// The arguments are those of MarshalSliceConcurrently; without
// goroutines its worker limit has nothing to limit.
func marshalSlice(ctx context.Context, length int, _ int64, omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler,
) graphql.Array {
	ret := make(graphql.Array, length)
	for i := range length {
		childCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &i})
		ret[i] = marshalOne(childCtx, i, omitPanicHandler, marshalElement)
	}
	return ret
}

// marshalOne marshals element i; a panic in it becomes an error on its
// path and null in its place, as in gqlgen's goroutines.
func marshalOne(ctx context.Context, i int, omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler,
) (m graphql.Marshaler) {
	if !omitPanicHandler {
		defer func() {
			if r := recover(); r != nil {
				graphql.AddError(ctx, graphql.Recover(ctx, r))
				m = graphql.Null
			}
		}()
	}
	return marshalElement(ctx, i)
}
