package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// The change report and the list of what is about to end read the same
// thing: the records of each kind whose validFrom (or validTo) falls in a
// period, in scope, visible to the caller. Each kind is one statement,
// put together once from the constants below; the date range on the
// record's own property comes first so that Neo4j can seek the range
// indexes on validFrom and validTo (store/schema.go) instead of scanning
// every record of the kind.

// Scope conditions, by the rule each list of the kind already uses:
// an actor is in scope when active in the neighbourhood or inside it; a
// service when it reaches it (reachesS: services of the district reach
// its quarters); a cooperation when both actors are (as the cooperations
// list's neighbourhood filter); memberships and roles follow their actor.
const (
	lifespanActorScope   = `($neighbourhood IS NULL OR EXISTS { (n)-[:ACTIVE_IN]->(:Neighbourhood)-[:PART_OF*0..]->(:Neighbourhood {id: $neighbourhood}) })`
	lifespanActorInScope = `($neighbourhood IS NULL OR EXISTS { (a)-[:ACTIVE_IN]->(:Neighbourhood)-[:PART_OF*0..]->(:Neighbourhood {id: $neighbourhood}) })`
	lifespanServiceScope = `($neighbourhood IS NULL OR ` + reachesS + `)`
	lifespanCoopScope    = `($neighbourhood IS NULL OR (` + bothActiveIn + `))`
)

// lifespanKind is how one kind of record is read, a page at a time.
type lifespanKind struct {
	// label is the node label or relationship type of n, for the index
	// hint.
	label                          string
	match, scope, vis, order, proj string
	// fundingsFirst puts fundings before the other kinds of cooperation.
	fundingsFirst bool
}

var lifespanKinds = struct {
	actors, services, cooperations, memberships, roles lifespanKind
}{
	actors: lifespanKind{label: "Actor", match: "(n:Actor)", scope: lifespanActorScope, vis: "VIS(Actor,n)",
		order: "n.name, n.id", proj: actorProj},
	services: lifespanKind{label: "Service", match: "(n:Service)", scope: lifespanServiceScope, vis: "VIS(Service,n)",
		order: "n.name, n.id", proj: serviceProj},
	// Fundings first: the end of a funding is what a coordinator must see
	// coming.
	cooperations: lifespanKind{label: "COOPERATES_WITH", match: "(a:Actor)-[n:COOPERATES_WITH]->(b:Actor)", scope: lifespanCoopScope,
		vis: "VIS(Actor,a) AND VIS(Actor,b) AND VIS(Cooperation,n)", order: "n.id", proj: cooperationProj, fundingsFirst: true},
	memberships: lifespanKind{label: "MEMBER_OF", match: "(a:Actor)-[n:MEMBER_OF]->(:Network)", scope: lifespanActorInScope,
		vis: "VIS(Membership,n)", order: "n.id", proj: membershipProj},
	roles: lifespanKind{label: "WORKS_AT", match: "(:Person)-[n:WORKS_AT]->(a:Actor)", scope: lifespanActorInScope,
		vis: "VIS(Role,n)", order: "n.id", proj: roleProj},
}

// statement returns the kind's statement for the end of validity asked:
// the total and the page $offset..$offset+$limit of the records, by that
// day (fundings first for cooperations), then by name or id, and id last:
// an order without ties, so that offset cursors stay stable while the
// records do.
func (k lifespanKind) statement(end domain.LifespanEnd) string {
	prop := "n.validFrom"
	if end == domain.Ended {
		prop = "n.validTo"
	}
	order := prop + ", " + k.order
	if k.fundingsFirst {
		order = "CASE n.kind WHEN 'FUNDING' THEN 0 ELSE 1 END, " + order
	}
	// The range goes on the record's own variable, with a hint that says
	// SEEK: on a small or uniform database the planner may otherwise
	// expand from a label and filter every relationship of the type, or
	// scan the whole index in order (which a plain USING INDEX allows).
	match := fmt.Sprintf("%s USING INDEX SEEK n:%s(%s)", k.match, k.label, strings.TrimPrefix(prop, "n."))
	where := fmt.Sprintf("%s >= $from AND %s <= $to", prop, prop)
	return "MATCH " + match + "\nWHERE " + where + " AND " + k.scope + " AND " + k.vis +
		"\nWITH n ORDER BY " + order +
		"\nWITH collect(n) AS found\nRETURN size(found) AS total, [n IN found[$offset..($offset + $limit)] | " + k.proj + "] AS items"
}

// lifespanParams are the parameters of q's statements, with page.
func lifespanParams(q domain.LifespanQuery, page domain.PageArgs) map[string]any {
	return pageParams(map[string]any{"neighbourhood": strParam(q.Scope), "from": neo4j.DateOf(q.Period.From), "to": neo4j.DateOf(q.Period.To)}, page)
}

// lifespanPage reads one page of one kind of q's records, as the caller
// may see them. An unknown or hidden scope is refused with
// domain.ErrInvalid on the field "scope". hidden says that the caller
// sees no record of the kind (see noneVisible): an empty page.
func lifespanPage[T any](ctx context.Context, s *Store, k lifespanKind, hidden bool, q domain.LifespanQuery, page domain.PageArgs, m mapper[T]) (domain.Page[T], error) {
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (domain.Page[T], error) {
		out := domain.Page[T]{Offset: page.Offset, Items: []T{}}
		if err := requireOne(ctx, tx, "Neighbourhood", "scope", q.Scope); err != nil {
			return out, err
		}
		if hidden {
			return out, nil
		}
		var err error
		out.Items, out.Total, err = readLifespans(ctx, tx, k.statement(q.End), lifespanParams(q, page), m)
		return out, err
	})
}

// LifespanActors returns a page of the actors whose validity began (End
// = Began) or ended (End = Ended) within q's period, in q's scope (nil:
// the whole city), by that day, then name, as the caller may see them.
// An unknown or hidden scope is refused with domain.ErrInvalid on the
// field "scope".
func (s *Store) LifespanActors(ctx context.Context, q domain.LifespanQuery, page domain.PageArgs) (domain.Page[domain.Actor], error) {
	return lifespanPage(ctx, s, lifespanKinds.actors, false, q, page, mapActor)
}

// LifespanServices is LifespanActors for services.
func (s *Store) LifespanServices(ctx context.Context, q domain.LifespanQuery, page domain.PageArgs) (domain.Page[domain.Service], error) {
	return lifespanPage(ctx, s, lifespanKinds.services, false, q, page, mapService)
}

// LifespanCooperations is LifespanActors for cooperations, fundings
// first.
func (s *Store) LifespanCooperations(ctx context.Context, q domain.LifespanQuery, page domain.PageArgs) (domain.Page[domain.Cooperation], error) {
	return lifespanPage(ctx, s, lifespanKinds.cooperations, noneVisible(ctx, "Cooperation"), q, page, mapCooperation)
}

// LifespanMemberships is LifespanActors for memberships in networks.
func (s *Store) LifespanMemberships(ctx context.Context, q domain.LifespanQuery, page domain.PageArgs) (domain.Page[domain.Membership], error) {
	return lifespanPage(ctx, s, lifespanKinds.memberships, false, q, page, mapMembership)
}

// LifespanRoles is LifespanActors for roles of people at actors.
func (s *Store) LifespanRoles(ctx context.Context, q domain.LifespanQuery, page domain.PageArgs) (domain.Page[domain.Role], error) {
	return lifespanPage(ctx, s, lifespanKinds.roles, noneVisible(ctx, "Role"), q, page, mapRole)
}

// LifespanTotals counts q's records of each kind, as the caller may see
// them, in one read transaction. An unknown or hidden scope is refused
// with domain.ErrInvalid on the field "scope".
func (s *Store) LifespanTotals(ctx context.Context, q domain.LifespanQuery) (domain.LifespanTotals, error) {
	params := lifespanParams(q, domain.PageArgs{})
	k := lifespanKinds
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (domain.LifespanTotals, error) {
		var out domain.LifespanTotals
		if err := requireOne(ctx, tx, "Neighbourhood", "scope", q.Scope); err != nil {
			return out, err
		}
		for _, c := range []struct {
			k      lifespanKind
			hidden bool
			n      *int
		}{
			{k.actors, false, &out.Actors},
			{k.services, false, &out.Services},
			{k.cooperations, noneVisible(ctx, "Cooperation"), &out.Cooperations},
			{k.memberships, false, &out.Memberships},
			{k.roles, noneVisible(ctx, "Role"), &out.Roles},
		} {
			if c.hidden {
				continue
			}
			var err error
			if _, *c.n, err = readLifespans(ctx, tx, c.k.statement(q.End), params, mapNone); err != nil {
				return out, err
			}
		}
		return out, nil
	})
}

// mapNone maps nothing: LifespanTotals reads pages of no records.
func mapNone(*props) struct{} { return struct{}{} }

// noneVisible reports whether the caller may see no record of the kind
// at all (the public sees no cooperations and no roles): its statement
// is not run, since Neo4j refuses an index hint on a condition the access
// rule has made constant.
func noneVisible(ctx context.Context, kind string) bool {
	a := domain.AccessFrom(ctx)
	return a.PublicOnly() && visRule(kind, "n", a) == "false"
}

// readLifespans runs one kind's statement: its total and its items.
func readLifespans[T any](ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any, m mapper[T]) ([]T, int, error) {
	recs, err := collect(ctx, tx, cypher, params)
	if err != nil {
		return nil, 0, err
	}
	if len(recs) != 1 {
		return nil, 0, fmt.Errorf("store: lifespans: %d records, want 1", len(recs))
	}
	total, _ := recs[0].Get("total")
	raw, _ := recs[0].Get("items")
	list, _ := raw.([]any)
	out := make([]T, 0, len(list))
	for _, v := range list {
		p, err := asProps(v)
		if err != nil {
			return nil, 0, err
		}
		item := m(p)
		if p.err != nil {
			return nil, 0, fmt.Errorf("store: lifespans: %w", p.err)
		}
		out = append(out, item)
	}
	n, ok := total.(int64)
	if !ok {
		return nil, 0, fmt.Errorf("store: lifespans: total is %T", total)
	}
	return out, int(n), nil
}
