package resolvers

import (
	"context"
	"slices"
	"strings"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/insights"
)

// maxPlacesOrdered bounds the neighbourhoods read to order by an
// indicator; a city has hundreds (Berlin: 542 planning areas).
const maxPlacesOrdered = 100_000

// neighbourhoodsByIndicator pages the neighbourhoods of filter ordered by
// an indicator's latest value. The values live in a JSON property that
// Cypher cannot order by, so every selected neighbourhood is read (with
// the list's own filter and access rule) and ordered by
// insights.SortByIndicator.
func (r *queryResolver) neighbourhoodsByIndicator(ctx context.Context, filter *domain.NeighbourhoodFilter, o *domain.Order, page domain.PageArgs) (domain.Page[domain.Neighbourhood], error) {
	name := strings.TrimSpace(*o.Indicator)
	if name == "" {
		return domain.Page[domain.Neighbourhood]{}, domain.Invalid("orderBy.indicator", "must name an indicator")
	}
	if o.Field != domain.SortName {
		return domain.Page[domain.Neighbourhood]{}, domain.Invalid("orderBy.field", "give either a field or an indicator, not both")
	}
	all, err := r.Store.ListNeighbourhoods(ctx, filter, nil, domain.PageArgs{First: maxPlacesOrdered, NoCount: true})
	if err != nil {
		return domain.Page[domain.Neighbourhood]{}, err
	}
	ns := all.Items
	if _, known := r.Catalogue.Spec(name); !known && !slices.ContainsFunc(ns, func(n domain.Neighbourhood) bool {
		return slices.ContainsFunc(n.Indicators, func(i domain.Indicator) bool { return i.Name == name })
	}) {
		// An order by a misspelt name would look like a name order.
		return domain.Page[domain.Neighbourhood]{}, domain.Invalid("orderBy.indicator", "no indicator %q in the catalogue or the neighbourhoods (see indicatorCatalogue)", name)
	}
	insights.SortByIndicator(ns, name, o.Direction == domain.Desc)
	p := domain.Page[domain.Neighbourhood]{Offset: page.Offset, Total: len(ns), Uncounted: page.NoCount}
	from := min(page.Offset, len(ns))
	to := min(from+page.First, len(ns))
	p.Items, p.More = ns[from:to], to < len(ns)
	return p, nil
}
