package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph/model"
	"github.com/kiezgraph/kiezgraph/insights"
	"github.com/kiezgraph/kiezgraph/store"
)

// pageArgs validates first/after into a page request. A connection
// whose totalCount nobody selected is not counted: counting a list costs
// as much as reading all of it, a page only as much as the page.
func pageArgs(ctx context.Context, first *int, after *string) (domain.PageArgs, error) {
	n := domain.DefaultPageSize
	if first != nil {
		n = *first
	}
	limit := domain.MaxPageSize
	if exportPages(ctx) {
		limit = MaxExportPageSize
	}
	if n < 0 || n > limit {
		return domain.PageArgs{}, domain.Invalid("first", "must be between 0 and %d", limit)
	}
	offset := 0
	if after != nil {
		o, err := store.DecodeCursor(*after)
		if err != nil {
			return domain.PageArgs{}, err
		}
		offset = o + 1
	}
	return domain.PageArgs{First: n, Offset: offset, NoCount: !selects(ctx, "totalCount"), Fields: nodeFields(ctx)}, nil
}

// MaxExportPageSize is the largest page of the in-process requests of a
// list export (see WithExportPages).
const MaxExportPageSize = 2000

type exportPagesKey struct{}

// WithExportPages marks ctx as a list export's (package server): its
// root lists take pages of up to MaxExportPageSize items instead of
// domain.MaxPageSize. Offset pages cost what they skip (an order no
// index serves sorts the whole list for each page), so an export of
// 50 000 cooperations reads 25 pages instead of 500. Clients cannot
// set it: only the server's own export handler does, and the
// complexity limit, field cap and rate limit still apply to each page.
func WithExportPages(ctx context.Context) context.Context {
	return context.WithValue(ctx, exportPagesKey{}, true)
}

func exportPages(ctx context.Context) bool {
	b, _ := ctx.Value(exportPagesKey{}).(bool)
	return b
}

// selects reports whether the selection of the field being resolved
// asks for field (through fragments too, @skip and @include applied).
// Without a field context (a call from Go) it answers true.
func selects(ctx context.Context, field string) bool {
	if graphql.GetFieldContext(ctx) == nil || !graphql.HasOperationContext(ctx) {
		return true
	}
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name == field {
			return true
		}
	}
	return false
}

// nodeFields returns the fields the selection of the connection being
// resolved asks of its items (edges.node, through fragments of every
// type, @skip and @include applied), for the store to read no more.
// Without a field context (a call from Go) it returns nil: every field.
func nodeFields(ctx context.Context) domain.Fields {
	return selected(ctx, func(op *graphql.OperationContext, out domain.Fields, e graphql.CollectedField) {
		if e.Name != "edges" {
			return
		}
		for _, n := range graphql.CollectFields(op, e.Selections, nil) {
			switch n.Name {
			case "node":
				addFields(out, op, n.Selections)
			case "cooperation":
				// A partner's edge carries the cooperation, which the
				// page reads with the partner: "cooperation.kind".
				for _, f := range graphql.CollectFields(op, n.Selections, nil) {
					out["cooperation."+f.Name] = true
				}
			}
		}
	})
}

// hitFields is nodeFields for the node of each item of a list without
// edges (a search's hits): the fields of every type the node may be,
// as fragments on any type count.
func hitFields(ctx context.Context) domain.Fields {
	return selected(ctx, func(op *graphql.OperationContext, out domain.Fields, n graphql.CollectedField) {
		if n.Name == "node" {
			addFields(out, op, n.Selections)
		}
	})
}

// selected collects, with add, fields from each field selected of the
// field being resolved; nil without a field context.
func selected(ctx context.Context, add func(*graphql.OperationContext, domain.Fields, graphql.CollectedField)) domain.Fields {
	if graphql.GetFieldContext(ctx) == nil || !graphql.HasOperationContext(ctx) {
		return nil
	}
	op := graphql.GetOperationContext(ctx)
	out := domain.Fields{}
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		add(op, out, f)
	}
	return out
}

// addFields adds the fields of a node's selection to out, and the fields
// of a linked record, which a list may read with the item (a service's
// provider) as "provider.name". With no type named, CollectFields takes
// the fragments on every type.
func addFields(out domain.Fields, op *graphql.OperationContext, sel ast.SelectionSet) {
	for _, f := range graphql.CollectFields(op, sel, nil) {
		out[f.Name] = true
		for _, sub := range graphql.CollectFields(op, f.Selections, nil) {
			out[f.Name+"."+sub.Name] = true
		}
	}
}

// edges turns a page into edges with cursors and its page info.
func edges[T, E any](p domain.Page[T], mk func(cursor string, item T) E) ([]E, *model.PageInfo) {
	out := make([]E, len(p.Items))
	info := &model.PageInfo{HasNextPage: p.HasNext(), HasPreviousPage: p.Offset > 0}
	for i, item := range p.Items {
		out[i] = mk(store.EncodeCursor(p.Offset+i), item)
	}
	if len(out) > 0 {
		start, end := store.EncodeCursor(p.Offset), store.EncodeCursor(p.Offset+len(out)-1)
		info.StartCursor, info.EndCursor = &start, &end
	}
	return out, info
}

func actorConnection(p domain.Page[domain.Actor]) *model.ActorConnection {
	e, info := edges(p, func(c string, a domain.Actor) model.ActorEdge {
		return model.ActorEdge{Cursor: c, Node: a.AsNode()}
	})
	return &model.ActorConnection{Edges: e, PageInfo: info, TotalCount: p.Total}
}

func communityConnection(p domain.Page[insights.Community]) *model.CommunityConnection {
	e, info := edges(p, func(c string, n insights.Community) model.CommunityEdge {
		return model.CommunityEdge{Cursor: c, Node: &n}
	})
	return &model.CommunityConnection{Edges: e, PageInfo: info, TotalCount: p.Total}
}

func neighbourhoodConnection(p domain.Page[domain.Neighbourhood]) *model.NeighbourhoodConnection {
	e, info := edges(p, func(c string, n domain.Neighbourhood) model.NeighbourhoodEdge {
		return model.NeighbourhoodEdge{Cursor: c, Node: &n}
	})
	return &model.NeighbourhoodConnection{Edges: e, PageInfo: info, TotalCount: p.Total}
}

func serviceConnection(p domain.Page[domain.Service]) *model.ServiceConnection {
	e, info := edges(p, func(c string, s domain.Service) model.ServiceEdge {
		return model.ServiceEdge{Cursor: c, Node: &s}
	})
	return &model.ServiceConnection{Edges: e, PageInfo: info, TotalCount: p.Total}
}

func needConnection(p domain.Page[domain.Need]) *model.NeedConnection {
	e, info := edges(p, func(c string, n domain.Need) model.NeedEdge {
		return model.NeedEdge{Cursor: c, Node: &n}
	})
	return &model.NeedConnection{Edges: e, PageInfo: info, TotalCount: p.Total}
}

func personConnection(p domain.Page[domain.Person]) *model.PersonConnection {
	e, info := edges(p, func(c string, n domain.Person) model.PersonEdge {
		return model.PersonEdge{Cursor: c, Node: &n}
	})
	return &model.PersonConnection{Edges: e, PageInfo: info, TotalCount: p.Total}
}

func roleConnection(p domain.Page[domain.Role]) *model.RoleConnection {
	e, info := edges(p, func(c string, n domain.Role) model.RoleEdge {
		return model.RoleEdge{Cursor: c, Node: &n}
	})
	return &model.RoleConnection{Edges: e, PageInfo: info, TotalCount: p.Total}
}

func cooperationConnection(p domain.Page[domain.Cooperation]) *model.CooperationConnection {
	e, info := edges(p, func(c string, n domain.Cooperation) model.CooperationEdge {
		return model.CooperationEdge{Cursor: c, Node: &n}
	})
	return &model.CooperationConnection{Edges: e, PageInfo: info, TotalCount: p.Total}
}

func networkConnection(p domain.Page[domain.Network]) *model.NetworkConnection {
	e, info := edges(p, func(c string, n domain.Network) model.NetworkEdge {
		return model.NetworkEdge{Cursor: c, Node: &n}
	})
	return &model.NetworkConnection{Edges: e, PageInfo: info, TotalCount: p.Total}
}

func membershipConnection(p domain.Page[domain.Membership]) *model.MembershipConnection {
	e, info := edges(p, func(c string, n domain.Membership) model.MembershipEdge {
		return model.MembershipEdge{Cursor: c, Node: &n}
	})
	return &model.MembershipConnection{Edges: e, PageInfo: info, TotalCount: p.Total}
}

func eventConnection(p domain.Page[domain.Event]) *model.EventConnection {
	e, info := edges(p, func(c string, n domain.Event) model.EventEdge {
		return model.EventEdge{Cursor: c, Node: &n}
	})
	return &model.EventConnection{Edges: e, PageInfo: info, TotalCount: p.Total}
}

func staleConnection(p domain.Page[domain.StaleRecord]) *model.RecordConnection {
	e, info := edges(p, func(c string, r domain.StaleRecord) model.RecordEdge {
		return model.RecordEdge{Cursor: c, ID: r.ID, Type: r.Type, NeverConfirmed: r.NeverConfirmed(), Node: r.Record}
	})
	return &model.RecordConnection{Edges: e, PageInfo: info, TotalCount: p.Total}
}
