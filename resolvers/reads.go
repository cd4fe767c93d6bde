package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/kiezgraph/kiezgraph/store"
)

// SharedReads is the handler extension that runs the reads of each query
// in one read transaction (see store.WithSharedReads). Mutations do not
// share: what a mutation returns must see what it wrote.
type SharedReads struct{ Store *store.Store }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
} = SharedReads{}

// ExtensionName names the extension for gqlgen.
func (SharedReads) ExtensionName() string { return "SharedReads" }

// Validate accepts every schema.
func (SharedReads) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptOperation gives a query its shared reads, ended once its
// response is complete.
func (e SharedReads) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	op := graphql.GetOperationContext(ctx).Operation
	if op == nil || op.Operation != ast.Query {
		return next(ctx)
	}
	ctx, end := e.Store.WithSharedReads(ctx)
	responses := next(ctx)
	return func(ctx context.Context) *graphql.Response {
		defer end()
		return responses(ctx)
	}
}
