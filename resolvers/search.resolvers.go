package resolvers

import (
	"context"
	"unicode/utf8"

	"github.com/kiezgraph/kiezgraph/domain"
)

func (r *queryResolver) Search(ctx context.Context, text string, types []domain.SearchType, first *int) ([]domain.SearchHit, error) {
	if n := utf8.RuneCountInString(text); n == 0 || n > maxName {
		return nil, domain.Invalid("text", "must be 1 to %d characters", maxName)
	}
	limit := domain.DefaultPageSize
	if first != nil {
		limit = *first
	}
	if limit < 1 || limit > domain.MaxPageSize {
		return nil, domain.Invalid("first", "must be between 1 and %d", domain.MaxPageSize)
	}
	return r.Store.Search(ctx, text, types, limit)
}
