package store

import (
	"context"
	"maps"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// indexedDays are the properties of each kind that a range index holds
// (schema.go), by which a root list may be ordered: a day or time that
// some records lack.
var indexedDays = map[string][]string{
	"Actor":       {"n.lastConfirmed", "n.createdAt"},
	"Service":     {"n.validFrom", "n.lastConfirmed", "n.createdAt"},
	"Cooperation": {"n.validFrom", "n.lastConfirmed", "n.createdAt"},
}

// nullSplit is an order on one property that a range index serves for
// the records that have it, with those that lack it after them: an index
// holds no record without its property, so a single ordered statement
// over both would sort the whole list for every page.
type nullSplit struct {
	// prop is the property ("n.validFrom"), order its order for the
	// records that have it ("n.validFrom DESC").
	prop, order string
}

// split recognises a root list (no anchor: an anchored list sorts its
// matches anyway) whose order a range index serves, with those lacking
// the property last: "P ASC", as Cypher sorts missing values last
// ascending, and "P IS NULL, P DESC", the latest first and the open
// ones last (cooperations by default). "P DESC" alone puts the records
// without P first, which no index can find without reading every
// record, and stays one statement.
func (q listQuery) split() (nullSplit, bool) {
	if q.from != nil {
		return nullSplit{}, false
	}
	for _, p := range indexedDays[q.kind] {
		switch q.order {
		case p + " ASC", p:
			return nullSplit{prop: p, order: p + " ASC"}, true
		case p + " IS NULL, " + p + " DESC":
			return nullSplit{prop: p, order: p + " DESC"}, true
		}
	}
	return nullSplit{}, false
}

// splitPage reads a page of q in the order sp describes: first the
// records with the property, in the index's order (reading about as
// many as the page skips and shows), then, only when the page reaches
// past them, those without it by id. To know where the second part
// starts, a page that begins past the first counts the first part.
func splitPage[T any](ctx context.Context, tx neo4j.ManagedTransaction, q listQuery, sp nullSplit, params map[string]any, page domain.PageArgs, m mapper[T]) (domain.Page[T], error) {
	with := q
	with.where = append(slices.Clip(q.where), sp.prop+" IS NOT NULL AND n.id IS NOT NULL")
	with.order = sp.order
	without := q
	// In id order, which the id's index serves: where most records lack
	// the property (a list by the day last confirmed in a city that
	// confirms nothing yet), the page is found as soon as the index meets
	// as many as it shows.
	without.where = append(slices.Clip(q.where), sp.prop+" IS NULL AND n.id IS NOT NULL")
	without.order = "n.id"
	list, err := pageItems(ctx, tx, with.rootCypher("RETURN"), params)
	if err != nil {
		return domain.Page[T]{}, err
	}
	if want := page.First + 1; len(list) < want {
		rest := maps.Clone(params)
		rest["offset"], rest["limit"] = int64(0), int64(want-len(list)-1)
		if len(list) == 0 && page.Offset > 0 {
			n, err := countTotal(ctx, tx, with.countCypher(), params)
			if err != nil {
				return domain.Page[T]{}, err
			}
			rest["offset"] = int64(max(page.Offset-n, 0))
		}
		more, err := pageItems(ctx, tx, without.rootCypher("RETURN"), rest)
		if err != nil {
			return domain.Page[T]{}, err
		}
		list = append(list, more...)
	}
	p := domain.Page[T]{Offset: page.Offset, Uncounted: page.NoCount}
	if !page.NoCount {
		if p.Total, err = countTotal(ctx, tx, q.countCypher(), params); err != nil {
			return domain.Page[T]{}, err
		}
	}
	return filled(p, list, page.First, m)
}
