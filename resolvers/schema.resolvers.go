package resolvers

import (
	"context"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph"
	"github.com/kiezgraph/kiezgraph/graph/model"
)

func (r *queryResolver) Node(ctx context.Context, id string) (domain.Node, error) {
	n, err := r.Store.Node(ctx, id)
	if n == nil || err != nil {
		_, err = orNil(n, err)
		return nil, err
	}
	return n, nil
}

func (r *queryResolver) Nodes(ctx context.Context, ids []string) ([]domain.Node, error) {
	if len(ids) > domain.MaxPageSize {
		return nil, domain.Invalid("ids", "at most %d ids", domain.MaxPageSize)
	}
	return r.Store.Nodes(ctx, ids)
}

func (r *queryResolver) StaleRecords(ctx context.Context, confirmedBefore time.Time, first *int, after *string) (*model.RecordConnection, error) {
	page, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	p, err := r.Store.StaleRecords(ctx, confirmedBefore, page)
	if err != nil {
		return nil, err
	}
	return recordConnection(p), nil
}

// Mutation returns graph.MutationResolver implementation.
func (r *Resolver) Mutation() graph.MutationResolver { return &mutationResolver{r} }

// Query returns graph.QueryResolver implementation.
func (r *Resolver) Query() graph.QueryResolver { return &queryResolver{r} }

type mutationResolver struct{ *Resolver }
type queryResolver struct{ *Resolver }
