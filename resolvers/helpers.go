package resolvers

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph/model"
)

// deref returns *p, or the zero value for nil.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// orNil answers a root lookup: an unknown id is null, not an error.
func orNil[T any](v T, err error) (*T, error) {
	if errors.Is(err, domain.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// withOffset fills in the offset of a page that a parent got empty.
func withOffset[T any](p domain.Page[T], page domain.PageArgs) domain.Page[T] {
	p.Offset = page.Offset
	return p
}

// sortIndicators orders indicators newest year first, then by name.
func sortIndicators(ind []domain.Indicator) {
	slices.SortStableFunc(ind, func(a, b domain.Indicator) int {
		if c := cmp.Compare(b.Year, a.Year); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
}

// asOfOrToday returns asOf, or today when it is nil.
func (r *Resolver) asOfOrToday(asOf *time.Time) *time.Time {
	if asOf != nil {
		return asOf
	}
	t := r.Today()
	return &t
}

// firstOf returns the single value of a by-id map, or ErrNotFound.
func firstOf[T any](m map[string]T, err error) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	for _, v := range m {
		return v, nil
	}
	return zero, domain.ErrNotFound
}

// deleted turns a store delete into its payload.
func deleted(id string) func([]domain.DeleteEffect, error) (*model.DeletePayload, error) {
	return func(effects []domain.DeleteEffect, err error) (*model.DeletePayload, error) {
		if err != nil {
			return nil, fmt.Errorf("delete %s: %w", id, err)
		}
		return &model.DeletePayload{DeletedID: id, Effects: effects}, nil
	}
}
