package store

import (
	"context"
	"maps"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// ValueCount is how many records of a list have one value of a field.
type ValueCount struct {
	Value string
	Count int
}

// countFields are the fields a list can be counted by, per kind: a
// Cypher expression over n that yields a list of values, so that a
// service for two target groups counts under each (a constant of this
// package, never built from input).
var countFields = map[string]map[string]string{
	"Actor": {
		"SECTOR": "[n.sector]",
		"KIND":   "[n.kind]",
	},
	"Service": {
		"TARGET_GROUP":    "[(n)-[:FOR]->(t:TargetGroup) | t.id]",
		"TOPIC":           "[(n)-[:ON]->(t:Topic) | t.id]",
		"NEIGHBOURHOOD":   "[(n)-[:AVAILABLE_IN]->(m:Neighbourhood) | m.id]",
		"PROVIDER_SECTOR": "[(a:Actor)-[:OFFERS]->(n) | a.sector]",
	},
}

// countCypher counts the records of a root list by the values of expr,
// in one statement with the list's own anchor, conditions and access
// rule: the counts add up to the list's totalCount when each record has
// one value.
func (q listQuery) countByCypher(expr string) string {
	head, where := q.rootHead(q.from)
	return head + where.whereClause(head) + " WITH DISTINCT n UNWIND " + expr + " AS value" +
		" WITH value, count(n) AS count WHERE value IS NOT NULL RETURN value, count ORDER BY count DESC, value"
}

// Counter counts the records of one list, all its pages, by a field (one
// of countFields), most frequent first: a list's connection carries the
// counter of exactly the list it pages, so that countsBy on a nested list
// (a quarter's actors) counts that list and not the root list.
type Counter func(ctx context.Context, field string) ([]ValueCount, error)

// countBy runs q's count by field; the caller's hidden records are never
// counted. For a nested list q is the list's own query and parent the id
// its pattern binds as pid; "" for a root list.
func countBy(ctx context.Context, s *Store, q listQuery, params map[string]any, parent, field string) ([]ValueCount, error) {
	expr, ok := countFields[q.kind][field]
	if !ok {
		return nil, domain.Invalid("field", "a %s list cannot be counted by %s", q.kind, field)
	}
	if params == nil {
		params = map[string]any{}
	}
	if err := paramErr(params); err != nil {
		return nil, err
	}
	if hiddenFrom(ctx, q.kind, params) {
		return []ValueCount{}, nil
	}
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]ValueCount, error) {
		if err := checkRefs(ctx, tx, params); err != nil {
			return nil, err
		}
		cypher := q.countByCypher(expr)
		if parent != "" {
			cypher = "WITH $pid AS pid " + cypher
			params = maps.Clone(params)
			params["pid"] = parent
		}
		recs, err := collect(ctx, tx, cypher, params)
		if err != nil {
			return nil, err
		}
		out := make([]ValueCount, 0, len(recs))
		for _, r := range recs {
			v, _ := r.Get("value")
			n, _ := r.Get("count")
			vs, _ := v.(string)
			c, _ := n.(int64)
			out = append(out, ValueCount{Value: vs, Count: int(c)})
		}
		return out, nil
	})
}

// CountActorsBy counts the actors of the list f selects by field (SECTOR
// or KIND), most frequent first.
func (s *Store) CountActorsBy(ctx context.Context, f *domain.ActorFilter, field string) ([]ValueCount, error) {
	c := actorConds(f)
	return countBy(ctx, s, listQuery{kind: "Actor", match: "(n:Actor)", from: c.from, where: c.where}, c.params, "", field)
}

// CountActorsInBy counts the actors of neighbourhood's actors list
// (ActorsIn) with filter f by field, most frequent first.
func (s *Store) CountActorsInBy(ctx context.Context, neighbourhood string, f *domain.ActorFilter, field string) ([]ValueCount, error) {
	c := actorConds(f)
	return countBy(ctx, s, actorsInQuery(c, orderName), c.params, neighbourhood, field)
}

// CountServicesBy counts the services of the list f selects by field
// (TARGET_GROUP, TOPIC, NEIGHBOURHOOD where offered, PROVIDER_SECTOR),
// most frequent first; a service with several values counts under each.
func (s *Store) CountServicesBy(ctx context.Context, f *domain.ServiceFilter, field string) ([]ValueCount, error) {
	c := serviceConds(f)
	return countBy(ctx, s, listQuery{kind: "Service", match: "(n:Service)", from: c.from, where: c.where}, c.params, "", field)
}

// CountServicesReachingBy counts the services of neighbourhood's
// services list (ServicesReaching) with filter f by field.
func (s *Store) CountServicesReachingBy(ctx context.Context, neighbourhood string, f *domain.ServiceFilter, field string) ([]ValueCount, error) {
	c := serviceConds(f)
	return countBy(ctx, s, servicesReachingQuery(c, orderName), c.params, neighbourhood, field)
}

// CountServicesOfBy counts the services of actor's services list
// (ServicesOf) with filter f by field.
func (s *Store) CountServicesOfBy(ctx context.Context, actor string, f *domain.ServiceFilter, field string) ([]ValueCount, error) {
	c := serviceConds(f)
	return countBy(ctx, s, servicesOfQuery(c, orderName), c.params, actor, field)
}
