package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// listQuery describes a list of nodes bound to n. The pieces are
// constants of this package; values only ever arrive as parameters.
type listQuery struct {
	// match binds n; in nested lists it also binds the parent p with
	// {id: pid}.
	match string
	// where holds conditions that are ANDed.
	where []string
	// order is the ORDER BY list; n.id is appended as tie-breaker.
	order string
	// proj projects n into the map the mapper reads.
	proj string
	// kind names the access rule of n (see access.go); required.
	kind string
	// distinct, when set, maps each matched n (bound as m, with the
	// parent's id pid) to the value whose distinct count the page
	// reports as Distinct.
	distinct string
	// from, when set, replaces match at the root (see anchor).
	from *anchor
	// call, when set, replaces match in nested lists: a subquery that
	// binds n for each pid (it may use the list's parameters), for lists
	// whose members one pattern cannot describe without scanning.
	call string
}

// anchor is a clause that binds n, and the variables vars that a list's
// conditions use, starting from the record a filter names, found by its
// unique id. Without it a filtered root list would test the condition on
// every node of its label, so its cost would grow with the city; with it
// the cost grows with the answer (a quarter's actors). Every n an anchor
// binds satisfies its filter's condition or is a superset of those that
// do: the condition stays among the list's conditions either way.
//
// An anchor from a record (a quarter, a provider) binds what belongs to
// it, an anchor from a vocabulary entry (a target group, a topic) a share
// of the whole city; records anchor first.
type anchor struct {
	clause, vars string
	selective    bool
	// exact, when set, is the condition the anchor stands for: every n
	// it binds satisfies it, so a list that starts from the anchor need
	// not test it again.
	exact string
	// also are the anchors of further filters. Those that are simple
	// patterns binding n follow this one's MATCH, so that Neo4j's planner
	// may start from whichever is rarer (a target group and a topic).
	also []*anchor
}

// simple reports whether a is one MATCH pattern binding n alone.
func (a *anchor) simple() bool {
	return a.vars == "n" && strings.HasPrefix(a.clause, "MATCH ") && !strings.Contains(a.clause, " WHERE ")
}

// join returns a's clause with the patterns of its simple further
// anchors, and the conditions they all stand for.
func (a *anchor) join() (clause string, exact []string) {
	clause = a.clause
	if a.exact != "" {
		exact = append(exact, a.exact)
	}
	if !a.simple() {
		return clause, exact
	}
	for _, b := range a.also {
		if b.simple() {
			// A MATCH of its own: within one, two patterns could not
			// share a relationship (an actor's one service for both a
			// target group and a topic).
			clause += " " + b.clause
			if b.exact != "" {
				exact = append(exact, b.exact)
			}
		}
	}
	return clause, exact
}

// distinctCol returns the column of q's distinct count, or "".
func (q listQuery) distinctCol() string {
	if q.distinct == "" {
		return ""
	}
	return ", size(reduce(s = [], x IN [m IN matched | " + q.distinct + "] | CASE WHEN x IN s THEN s ELSE s + x END)) AS distinct"
}

// whereClause returns the list's conditions and access rule to follow
// head, which binds n.
func (q listQuery) whereClause(head string) string {
	if q.kind == "" {
		panic("store: list query without access kind: " + q.match)
	}
	where := append(slices.Clip(q.where), vis(q.kind, "n"))
	if strings.Contains(head, "WHERE") {
		// The match already has a WHERE; the conditions join it.
		return " AND " + strings.Join(where, " AND ")
	}
	return " WHERE " + strings.Join(where, " AND ")
}

// rootHead binds n, and what the conditions use, for a root list,
// through the anchor a when there is one, and returns the conditions left
// to test.
func (q listQuery) rootHead(a *anchor) (string, listQuery) {
	if a == nil {
		return "MATCH " + q.match, q
	}
	clause, exact := a.join()
	rest := make([]string, 0, len(q.where))
	for _, c := range q.where {
		if !slices.Contains(exact, c) {
			rest = append(rest, c)
		}
	}
	q.where = rest
	return clause + " WITH DISTINCT " + a.vars, q
}

// rootCypher lists one page of the matching nodes as item, one record
// per item, and one more to tell whether a next page exists; then is the
// keyword that projects them (RETURN, or WITH inside a subquery). It never collects the
// whole list: without an anchor, a list in name order walks the searchName
// index in order and stops after the page (see indexedOrder), so a page of
// 100 000 actors reads about as many nodes as it shows.
func (q listQuery) rootCypher(then string) string {
	order, where := q.order, q
	if q.from == nil {
		if o, ok := indexedOrder(q.order); ok {
			order = publicOrder(q.kind, "n") + o
			where.where = append(slices.Clip(q.where), "n.searchName IS NOT NULL AND n.name IS NOT NULL AND n.id IS NOT NULL")
		}
	}
	head, where := where.rootHead(q.from)
	return head + where.whereClause(head) +
		" WITH * ORDER BY " + order + ", n.id SKIP $offset LIMIT $limit + 1 " + then + " " + q.proj + " AS item"
}

// anchoredCypher lists one page of an anchored root list (q.from set)
// and counts the whole list in one pass: the anchor's match and the
// conditions run once, where a count and a page in subqueries of their
// own would each run them. The page is taken from the collected matches
// in the list's order; an anchored list cannot walk an index in order
// anyway (see rootCypher), so it reads the sort keys of every match
// either way.
func (q listQuery) anchoredCypher() string {
	head, where := q.rootHead(q.from)
	return head + where.whereClause(head) +
		" WITH collect(n) AS matched" +
		" CALL (matched) { UNWIND matched AS n WITH n ORDER BY " + q.order + ", n.id SKIP $offset LIMIT $limit + 1" +
		" RETURN collect(" + q.proj + ") AS items }" +
		" RETURN size(matched) AS total, items"
}

// countCypher counts the matching nodes of a root list; without
// conditions on the caller's access Neo4j answers it from its counts.
func (q listQuery) countCypher() string {
	head, where := q.rootHead(q.from)
	return head + where.whereClause(head) + " RETURN count(DISTINCT n) AS total"
}

// indexedOrder rewrites the name order of a root list into one that the
// searchName index serves in order. Every writer of kiezgraph sets
// searchName, and Migrate fills it in for nodes written around it, so
// the rewritten order agrees with orderName.
func indexedOrder(order string) (string, bool) {
	const folded = "coalesce(n.searchName, toLower(n.name))"
	if !strings.HasPrefix(order, folded) {
		return order, false
	}
	return "n.searchName" + strings.TrimPrefix(order, folded), true
}

// nestedCypher lists one page per parent id in $parents, in one query.
func (q listQuery) nestedCypher() string {
	head := "UNWIND $parents AS pid OPTIONAL MATCH " + q.match + q.whereClause(q.match)
	if q.call != "" {
		head = "UNWIND $parents AS pid OPTIONAL CALL (pid) { " + q.call + " WITH n" + q.whereClause("") + " RETURN n }"
	}
	return head +
		" WITH DISTINCT pid, n ORDER BY " + q.order + ", n.id" +
		" WITH pid, collect(n) AS matched" +
		" RETURN pid, size(matched) AS total" + q.distinctCol() + ", [n IN matched[$offset..($offset + $limit)] | " + q.proj + "] AS items"
}

// mapper turns a projection into a domain value; it reports problems
// through p.err.
type mapper[T any] func(p *props) T

func mapItems[T any](v any, m mapper[T]) ([]T, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("store: items is %T, want list", v)
	}
	out := make([]T, 0, len(list))
	for _, e := range list {
		p, err := asProps(e)
		if err != nil {
			return nil, err
		}
		item := m(p)
		if p.err != nil {
			return nil, p.err
		}
		out = append(out, item)
	}
	return out, nil
}

func pageParams(params map[string]any, page domain.PageArgs) map[string]any {
	if params == nil {
		params = map[string]any{}
	}
	params["offset"] = int64(page.Offset)
	params["limit"] = int64(page.First)
	return params
}

// listPage runs q at the root and returns one page, and the length of
// the whole list unless page.NoCount says nobody asked for it.
func listPage[T any](ctx context.Context, s *Store, q listQuery, params map[string]any, page domain.PageArgs, m mapper[T]) (domain.Page[T], error) {
	if err := paramErr(params); err != nil {
		return domain.Page[T]{}, err
	}
	if hiddenFrom(ctx, q.kind, params) {
		return domain.Page[T]{Offset: page.Offset, Uncounted: page.NoCount}, nil
	}
	params = pageParams(params, page)
	if sp, ok := q.split(); ok {
		return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (domain.Page[T], error) {
			if err := checkRefs(ctx, tx, params); err != nil {
				return domain.Page[T]{}, err
			}
			return splitPage(ctx, tx, q, sp, params, page, m)
		})
	}
	// One statement either way: the page, and the count in a subquery
	// of its own when it is asked for.
	cypher := q.rootCypher("RETURN")
	switch {
	case page.NoCount:
	case q.from != nil:
		cypher = q.anchoredCypher()
	default:
		cypher = "CALL () { " + q.countCypher() + " } CALL () { " + q.rootCypher("WITH") + " RETURN collect(item) AS items } RETURN total, items"
	}
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (domain.Page[T], error) {
		recs, err := collectGuarded(ctx, tx, cypher, params)
		if err != nil {
			return domain.Page[T]{}, err
		}
		if page.NoCount {
			p := domain.Page[T]{Offset: page.Offset, Uncounted: true}
			return filled(p, itemsOf(recs), page.First, m)
		}
		return countedPage(recs, page, m)
	})
}

// countedPage reads a page statement that returns one record of total
// (null when uncounted) and items, or none for an empty list.
func countedPage[T any](recs []*neo4j.Record, page domain.PageArgs, m mapper[T]) (domain.Page[T], error) {
	p := domain.Page[T]{Offset: page.Offset, Uncounted: page.NoCount}
	var list []any
	if len(recs) == 1 {
		total, _ := recs[0].Get("total")
		n, _ := total.(int64)
		p.Total = int(n)
		v, _ := recs[0].Get("items")
		list, _ = v.([]any)
	}
	return filled(p, list, page.First, m)
}

// itemsOf returns the item column of a page statement's records.
func itemsOf(recs []*neo4j.Record) []any {
	out := make([]any, 0, len(recs))
	for _, rec := range recs {
		v, _ := rec.Get("item")
		out = append(out, v)
	}
	return out
}

// pageItems runs a page statement that returns one item per record.
func pageItems(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) ([]any, error) {
	recs, err := collect(ctx, tx, cypher, params)
	if err != nil {
		return nil, err
	}
	return itemsOf(recs), nil
}

// countTotal runs a statement that returns total.
func countTotal(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) (int, error) {
	recs, err := collect(ctx, tx, cypher, params)
	if err != nil {
		return 0, err
	}
	if len(recs) != 1 {
		return 0, fmt.Errorf("store: count returned %d records", len(recs))
	}
	v, _ := recs[0].Get("total")
	n, ok := v.(int64)
	if !ok {
		return 0, fmt.Errorf("store: count is %T", v)
	}
	return int(n), nil
}

// filled puts the first of list, read with one item more than the page
// shows, into p as its items, and says whether more follow.
func filled[T any](p domain.Page[T], list []any, first int, m mapper[T]) (domain.Page[T], error) {
	if p.More = len(list) > first; p.More {
		list = list[:first]
	}
	var err error
	if p.Items, err = mapItems(list, m); err != nil {
		return domain.Page[T]{}, err
	}
	return p, nil
}

// hiddenFrom reports that the caller may see no record of kind at all
// (the public sees no cooperations), so a list of them is empty without
// asking Neo4j, whose planner does not always see that a constant false
// condition makes a statement empty. Filters that name other records
// still run, so that a missing one is refused as usual.
func hiddenFrom(ctx context.Context, kind string, params map[string]any) bool {
	for _, v := range params {
		if _, ok := v.(filterRef); ok {
			return false
		}
	}
	return visRule(kind, "n", domain.AccessFrom(ctx)) == "false"
}

// listPages runs q once for all parents and returns a page per parent.
func listPages[T any](ctx context.Context, s *Store, q listQuery, params map[string]any, parents []string, page domain.PageArgs, m mapper[T]) (map[string]domain.Page[T], error) {
	if err := paramErr(params); err != nil {
		return nil, err
	}
	if hiddenFrom(ctx, q.kind, params) {
		return map[string]domain.Page[T]{}, nil
	}
	params = pageParams(params, page)
	params["parents"] = parents
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (map[string]domain.Page[T], error) {
		recs, err := collectGuarded(ctx, tx, q.nestedCypher(), params)
		if err != nil {
			return nil, err
		}
		out := make(map[string]domain.Page[T], len(parents))
		for _, rec := range recs {
			pid, _ := rec.Get("pid")
			total, _ := rec.Get("total")
			itemsV, _ := rec.Get("items")
			items, err := mapItems(itemsV, m)
			if err != nil {
				return nil, err
			}
			id, _ := pid.(string)
			n, _ := total.(int64)
			d, _ := rec.Get("distinct")
			dn, _ := d.(int64)
			out[id] = domain.Page[T]{Items: items, Total: int(n), Offset: page.Offset, Distinct: int(dn)}
		}
		return out, nil
	})
}

// byIDs loads nodes of one kind by id in one query; unknown ids are
// missing from the map.
// kind names the access rule of n (see access.go).
func byIDs[T any](ctx context.Context, s *Store, kind, match, proj string, ids []string, m mapper[T]) (map[string]T, error) {
	cypher := "UNWIND $ids AS id MATCH " + match + " WHERE " + vis(kind, "n") + " RETURN id, " + proj + " AS item"
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (map[string]T, error) {
		recs, err := collect(ctx, tx, cypher, map[string]any{"ids": ids})
		if err != nil {
			return nil, err
		}
		out := make(map[string]T, len(recs))
		for _, rec := range recs {
			id, _ := rec.Get("id")
			v, _ := rec.Get("item")
			p, err := asProps(v)
			if err != nil {
				return nil, err
			}
			item := m(p)
			if p.err != nil {
				return nil, p.err
			}
			out[id.(string)] = item
		}
		return out, nil
	})
}

// orderName orders by name as German readers expect, not by bytes:
// case-insensitive, umlauts as their spelled-out forms (ä as ae, ß as ss,
// DIN 5007-2), other accents ignored, through the folded searchName
// (Fold); the name itself breaks ties ("Apfel" before "apfel").
const orderName = "coalesce(n.searchName, toLower(n.name)), n.name"

// Shared conditions on n. Each reads one named parameter.
const (
	condAsOf            = "(n.validFrom IS NULL OR n.validFrom <= $asOf) AND (n.validTo IS NULL OR n.validTo >= $asOf)"
	condConfirmedBefore = "(n.lastConfirmed IS NULL OR n.lastConfirmed < $confirmedBefore)"
	condNameContains    = "n.searchName CONTAINS $nameContains"
	// condStatus keeps the records of the statuses a list shows (see
	// domain.ListedStatuses); a record stored without one is active.
	condStatus = "coalesce(n.status, 'ACTIVE') IN $statuses"
)

// activeIn is the condition that record v counts in the analyses and
// nested lists: it is neither a draft nor archived.
func activeIn(v string) string { return "coalesce(" + v + ".status, 'ACTIVE') = 'ACTIVE'" }

// conds collects conditions and their parameters.
type conds struct {
	where  []string
	params map[string]any
	// from is the anchor a root list starts from: the first filter's
	// that has one, records before vocabulary entries; further anchors
	// of simple patterns join it (see anchor.join).
	from *anchor
}

func newConds() *conds { return &conds{params: map[string]any{}} }

func (c *conds) add(cond string, name string, value any) {
	c.where = append(c.where, cond)
	if name != "" {
		c.params[name] = value
	}
}

func (c *conds) str(cond, name string, v *string) {
	if v != nil {
		c.add(cond, name, *v)
	}
}

// ref adds cond for a filter that names another record of label by id in
// the parameter name. The list runs only when the caller may see that
// record (see checkRefs): a filter on a hidden record fails exactly like
// a filter on a missing one, instead of answering from the hidden
// record's links.
func (c *conds) ref(label, cond, name string, v *string) {
	if v != nil {
		c.add(cond, name, filterRef{label: label, field: "filter." + name, id: *v})
	}
}

// refFrom is ref for a filter that a root list can start from: clause
// binds n (and vars) from the record named by the parameter. Records
// anchor before vocabulary entries, which are not selective.
func (c *conds) refFrom(label, cond, name string, v *string, clause, vars string) {
	c.anchorRef(label, cond, name, v, &anchor{clause: clause, vars: vars})
}

// refAt is refFrom for an anchor that binds exactly the records cond
// holds for.
func (c *conds) refAt(label, cond, name string, v *string, clause, vars string) {
	c.anchorRef(label, cond, name, v, &anchor{clause: clause, vars: vars, exact: cond})
}

func (c *conds) anchorRef(label, cond, name string, v *string, a *anchor) {
	if v == nil {
		return
	}
	c.ref(label, cond, name, v)
	a.selective = kindOf(label) != "Vocabulary"
	switch {
	case c.from == nil:
		c.from = a
	case a.selective && !c.from.selective:
		a.also = append([]*anchor{c.from}, c.from.also...)
		c.from.also = nil
		c.from = a
	default:
		c.from.also = append(c.from.also, a)
	}
}

// filterRef is a filter value that names a record; checkRefs replaces it with
// the record's id once the caller is known to see it.
type filterRef struct{ label, field, id string }

// refMatch binds r to the record a ref names with the parameter p.
// Vocabularies are named by id or by code.
func refMatch(label, p string) string {
	if kindOf(label) == "Vocabulary" {
		return "(r:" + label + ") WHERE (r.id = $" + p + " OR r.code = $" + p + ") AND " + vis("Vocabulary", "r")
	}
	return "(r:" + label + " {id: $" + p + "}) WHERE " + vis(label, "r")
}

// checkRefs resolves the refs among params in one statement: a ref to a
// record the caller cannot see, or to none, is a BAD_USER_INPUT naming
// the filter field; a vocabulary code becomes the entry's id.
func checkRefs(ctx context.Context, tx neo4j.ManagedTransaction, params map[string]any) error {
	names := refNames(params)
	if len(names) == 0 {
		return nil
	}
	cols := make([]string, len(names))
	args := make(map[string]any, len(names))
	for i, name := range names {
		r := params[name].(filterRef)
		cols[i] = "COLLECT { MATCH " + refMatch(r.label, name) + " RETURN r.id } AS " + name
		args[name] = r.id
	}
	recs, err := collect(ctx, tx, "RETURN "+strings.Join(cols, ", "), args)
	if err != nil {
		return err
	}
	for _, name := range names {
		r := params[name].(filterRef)
		v, _ := recs[0].Get(name)
		found, _ := v.([]any)
		if len(found) == 0 {
			hint, err := didYouMean(ctx, tx, r.label, r.id)
			if err != nil {
				return err
			}
			return domain.Invalid(r.field, "no %s with id %q%s", refNoun(r.label), r.id, hint)
		}
		params[name] = found[0]
	}
	return nil
}

// guardRefs returns a copy of params with the id each ref among them was
// given in its place, and the head of a statement that runs the
// statement that follows it as a subquery (to close with guardTail),
// and so returns no record, unless each of those ids is of a record
// the caller sees; and the refs, or nil when params holds none. The
// statement runs inside a subquery because an aggregation would answer
// a row even for no rows in (a count of none is 0). So a
// list filtered by records named by id (what clients send: ids from
// earlier answers) asks Neo4j once, not once for the refs (checkRefs)
// and once more for the list: a statement and its round trip cost
// Neo4j about a fifth of a whole page of services (issue 14). The
// copy leaves params as they were for a transaction that is retried.
func guardRefs(params map[string]any) (string, map[string]any, map[string]filterRef) {
	names := refNames(params)
	if len(names) == 0 {
		return "", params, nil
	}
	out := maps.Clone(params)
	refs := make(map[string]filterRef, len(names))
	var b strings.Builder
	b.WriteString("CALL () { ")
	for i, name := range names {
		r := params[name].(filterRef)
		refs[name], out[name] = r, r.id
		v := fmt.Sprintf("ref%d", i)
		fmt.Fprintf(&b, "MATCH (%s:%s {id: $%s}) WHERE %s ", v, r.label, name, vis(kindOf(r.label), v))
	}
	b.WriteString("RETURN true AS refsSeen LIMIT 1 } CALL () { ")
	return b.String(), out, refs
}

// guardTail closes the subquery that guardRefs opens; the records have a
// column refsSeen more.
const guardTail = " } RETURN *"

// collectGuarded runs cypher with the refs among params checked in the
// same statement (see guardRefs). A statement that returns no record
// may have been stopped by the check: then checkRefs tells which filter
// named a record the caller does not see, as the error of the list, or
// finds a vocabulary entry named by its code, and the statement runs
// again with the entry's id; otherwise the list is empty. cypher must
// return a record whenever its list has an item.
func collectGuarded(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	guard, given, refs := guardRefs(params)
	if refs == nil {
		return collect(ctx, tx, cypher, params)
	}
	recs, err := collect(ctx, tx, guard+cypher+guardTail, given)
	if err != nil || len(recs) > 0 {
		return recs, err
	}
	resolved := maps.Clone(params)
	if err := checkRefs(ctx, tx, resolved); err != nil {
		return nil, err
	}
	for name, r := range refs {
		if resolved[name] != any(r.id) {
			return collect(ctx, tx, cypher, resolved)
		}
	}
	return recs, nil
}

// refNames returns the names of the refs among params, sorted: the same
// statement for the same filters.
func refNames(params map[string]any) []string {
	var names []string
	for name, v := range params {
		if _, ok := v.(filterRef); ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// refNoun names a label in an error message.
func refNoun(label string) string {
	switch label {
	case "TargetGroup":
		return "target group"
	}
	return strings.ToLower(label)
}

func (c *conds) date(cond, name string, v *time.Time) {
	if v != nil {
		c.add(cond, name, dateParam(v))
	}
}

// period adds that the date property prop falls in p, both ends
// included; a period that ends before it starts fails the list with
// domain.ErrInvalid on field.
func (c *conds) period(prop, name, field string, p *domain.Period) {
	if p == nil {
		return
	}
	if err := domain.CheckPeriod(*p, field+".to"); err != nil {
		c.params[name+"From"] = invalidParam{err}
		return
	}
	c.add(fmt.Sprintf("%s >= $%sFrom AND %s <= $%sTo", prop, name, prop, name), name+"From", dateParam(&p.From))
	c.params[name+"To"] = dateParam(&p.To)
}

func (c *conds) nameContains(v *string) {
	if err := domain.CheckNameContains("filter.nameContains", v); err != nil {
		c.params["nameContains"] = invalidParam{err}
		return
	}
	if v != nil && strings.TrimSpace(*v) != "" {
		c.add(condNameContains, "nameContains", Fold(*v))
	}
}

// invalidParam stands for a filter value that was refused while the
// conditions were collected; the list fails with err before any Cypher
// runs.
type invalidParam struct{ err error }

// paramErr returns the error of the refused filter value in params whose
// parameter sorts first: the same one on every call, so that an answer
// does not depend on the map's order (the noninterference test compares
// answers field by field).
func paramErr(params map[string]any) error {
	var first string
	var err error
	for k, v := range params {
		if p, ok := v.(invalidParam); ok && (err == nil || k < first) {
			first, err = k, p.err
		}
	}
	return err
}

// orderBy returns the ORDER BY list for o, using fields (a map from the
// sort field to a property expression on n) and def when o is nil.
func orderBy(o *domain.Order, fields map[domain.SortField]string, def string) (string, error) {
	if o == nil {
		return def, nil
	}
	expr, ok := fields[o.Field]
	if !ok {
		return "", domain.Invalid("orderBy.field", "cannot order by %s here", o.Field)
	}
	dir := " ASC"
	if o.Direction == domain.Desc {
		dir = " DESC"
	}
	keys := sortKeys(expr)
	for i := range keys {
		keys[i] += dir
	}
	return strings.Join(keys, ", "), nil
}

// sortKeys splits an ORDER BY list at its top-level commas, so that a
// direction applies to every key (orderName has two).
func sortKeys(expr string) []string {
	var keys []string
	depth, start := 0, 0
	for i, r := range expr {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				keys = append(keys, strings.TrimSpace(expr[start:i]))
				start = i + 1
			}
		}
	}
	return append(keys, strings.TrimSpace(expr[start:]))
}
