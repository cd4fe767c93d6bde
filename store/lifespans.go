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

// lifespanKind is how one kind of record is read.
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
// the total and the first $limit records, by that day (fundings first
// for cooperations), then by name or id.
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
		"\nWITH collect(n) AS found\nRETURN size(found) AS total, [n IN found[..$limit] | " + k.proj + "] AS items"
}

// Lifespans returns the records whose validity began (end = Began) or
// ended (end = Ended) within p, in scope (nil: the whole city), each
// kind's list cut at limit, as the caller may see them. An unknown or
// hidden scope is refused with domain.ErrInvalid on the field "scope".
func (s *Store) Lifespans(ctx context.Context, scope *string, p domain.Period, end domain.LifespanEnd, limit int) (domain.Lifespans, error) {
	params := map[string]any{"neighbourhood": strParam(scope), "from": neo4j.DateOf(p.From), "to": neo4j.DateOf(p.To), "limit": limit}
	k := lifespanKinds
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (domain.Lifespans, error) {
		var out domain.Lifespans
		if err := requireOne(ctx, tx, "Neighbourhood", "scope", scope); err != nil {
			return out, err
		}
		var err error
		if out.Actors, out.Totals.Actors, err = readLifespans(ctx, tx, k.actors.statement(end), params, mapActor); err != nil {
			return out, err
		}
		if out.Services, out.Totals.Services, err = readLifespans(ctx, tx, k.services.statement(end), params, mapService); err != nil {
			return out, err
		}
		if !noneVisible(ctx, "Cooperation") {
			if out.Cooperations, out.Totals.Cooperations, err = readLifespans(ctx, tx, k.cooperations.statement(end), params, mapCooperation); err != nil {
				return out, err
			}
		}
		if out.Memberships, out.Totals.Memberships, err = readLifespans(ctx, tx, k.memberships.statement(end), params, mapMembership); err != nil {
			return out, err
		}
		if !noneVisible(ctx, "Role") {
			out.Roles, out.Totals.Roles, err = readLifespans(ctx, tx, k.roles.statement(end), params, mapRole)
		}
		return out, err
	})
}

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
