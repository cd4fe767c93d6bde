package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// recordKind says how the stale list and confirmRecords find, check and
// read the records of one record type.
type recordKind struct {
	// label is the node label, or the relationship type of a
	// relationship record.
	label string
	// match binds the records to n.
	match string
	// audit names the type in the audit trail and in tiesOf.
	audit string
	// access is the kind of the read rule (VIS).
	access string
	// proj projects n; read maps the projection.
	proj string
	read func(*props) domain.Record
	// adminOnly kinds are reference data (places, vocabularies) that only
	// admins change, whatever districts they touch.
	adminOnly bool
}

// rel reports whether the records are relationships.
func (k recordKind) rel() bool { _, ok := relOf[k.audit]; return ok }

// target returns the write target of the record with id.
func (k recordKind) target(id string) target {
	if k.rel() {
		return relTarget(k.audit, k.label, id)
	}
	return nodeTarget(k.label, id)
}

// recordOf adapts a mapper of a record type to one that returns a
// pointer to the record as a domain.Record, as the API's Record wants.
func recordOf[T any, P interface {
	*T
	domain.Record
}](m func(*props) T) func(*props) domain.Record {
	return func(p *props) domain.Record { v := m(p); return P(&v) }
}

// recordKinds holds every record type, relationships included: what
// domain.Entity says of it, and how the store matches, reads and
// projects it.
var recordKinds = map[domain.RecordType]recordKind{
	domain.TypeActor: recordKindOf(domain.EntityActor, "(n:Actor)", "Actor", actorProj, func(p *props) domain.Record {
		a := mapActor(p)
		return a.AsNode().(domain.Record)
	}),
	domain.TypeService:       recordKindOf(domain.EntityService, "(n:Service)", "Service", serviceProj, recordOf(mapService)),
	domain.TypeNeed:          recordKindOf(domain.EntityNeed, "(n:Need)", "Need", needProj, recordOf(mapNeed)),
	domain.TypePerson:        recordKindOf(domain.EntityPerson, "(n:Person)", "Person", personProj, recordOf(mapPerson)),
	domain.TypeRole:          recordKindOf(domain.EntityRole, "(:Person)-[n:WORKS_AT]->(:Actor)", "Role", roleProj, recordOf(mapRole)),
	domain.TypeCooperation:   recordKindOf(domain.EntityCooperation, "(:Actor)-[n:COOPERATES_WITH]->(:Actor)", "Cooperation", cooperationProj, recordOf(mapCooperation)),
	domain.TypeMembership:    recordKindOf(domain.EntityMembership, "(:Actor)-[n:MEMBER_OF]->(:Network)", "Membership", membershipProj, recordOf(mapMembership)),
	domain.TypeNetwork:       recordKindOf(domain.EntityNetwork, "(n:Network)", "Network", networkProj, recordOf(mapNetwork)),
	domain.TypeEvent:         recordKindOf(domain.EntityEvent, "(n:Event)", "Event", eventProj, recordOf(mapEvent)),
	domain.TypeNeighbourhood: recordKindOf(domain.EntityNeighbourhood, "(n:Neighbourhood)", "Neighbourhood", neighbourhoodProj, recordOf(mapNeighbourhood)),
	domain.TypeTargetGroup:   recordKindOf(domain.EntityTargetGroup, "(n:TargetGroup)", "Vocabulary", vocabProj, recordOf(mapTargetGroup)),
	domain.TypeTopic:         recordKindOf(domain.EntityTopic, "(n:Topic)", "Vocabulary", vocabProj, recordOf(mapTopic)),
}

// recordKindOf is the recordKind of entity e, matched by match, read under the
// access rule of kind access.
func recordKindOf(e domain.Entity, match, access, proj string, read func(*props) domain.Record) recordKind {
	return recordKind{label: e.Label, match: match, audit: e.Name, access: access, proj: proj, read: read, adminOnly: e.Reference}
}

// scopeRule is the condition that the record of kind k bound to n is tied
// to the neighbourhood $scope or a place inside it, by the same ties that
// confine a viewer's reads (see districtRule), except that a place is in
// a scope only when it lies inside it (not on the way up), a cooperation
// needs only one end in it, and vocabularies are in none.
func scopeRule(k recordKind) string {
	switch k.access {
	case "Vocabulary":
		return "false"
	case "Neighbourhood":
		return strings.ReplaceAll(inDistricts("(n)", "n"), "$accessDistricts", "$scope")
	case "Cooperation":
		// One end in the scope is enough: the coordinator of either
		// end's quarter knows whether the cooperation still holds.
		return strings.ReplaceAll("EXISTS { MATCH (va_n:Actor)-[n]-() WHERE "+districtRule("Actor", "va_n")+" }", "$accessDistricts", "$scope")
	}
	return strings.ReplaceAll(districtRule(k.access, "n"), "$accessDistricts", "$scope")
}

// staleCypher lists the candidates of the stale list of type t: the
// id, the day last confirmed and, when writable, the districts the
// record touches (tiesColumn), which StaleRecords hands to
// authorizeWrite, the one write rule. A Cypher mirror of that rule in
// every branch of one UNION statement took Neo4j 5 to 32 seconds to
// plan on the demo city (nested subqueries twice per tie) and timed
// requests out; a statement per type, without the mirror, plans in a
// fraction of it, and each plan is cached.
func staleCypher(t domain.RecordType, f domain.StaleFilter, writable bool) string {
	k := recordKinds[t]
	conds := []string{"(n.lastConfirmed IS NULL OR n.lastConfirmed < $before)", vis(k.access, "n")}
	if !f.IncludeEnded {
		conds = append(conds, "(n.validTo IS NULL OR n.validTo >= $today)")
	}
	if f.Scope != nil {
		conds = append(conds, scopeRule(k))
	}
	ties := "null"
	if writable {
		ties = tiesColumn(k.audit)
	}
	return "MATCH " + k.match + " WHERE " + strings.Join(conds, " AND ") +
		"\nRETURN n.id AS id, n.lastConfirmed AS lastConfirmed, " + ties + " AS ties"
}

// staleHeadCypher lists the first $k candidates of type t of one part
// of the stale order, without the write rule's ties: the never
// confirmed by id (the id's unique index serves that order), or those
// confirmed before the cut-off by day and id (an index (lastConfirmed,
// id) serves it where the type has one). Either reads about as many
// records as it returns, not every record of the type.
func staleHeadCypher(t domain.RecordType, f domain.StaleFilter, never bool) string {
	cypher := staleCypher(t, f, false)
	head, ret, _ := strings.Cut(cypher, "\nRETURN ")
	head = strings.Replace(head, "(n.lastConfirmed IS NULL OR n.lastConfirmed < $before)", "n.lastConfirmed < $before AND n.id IS NOT NULL", 1)
	order := "n.lastConfirmed, n.id"
	if never {
		head = strings.Replace(head, "n.lastConfirmed < $before AND n.id IS NOT NULL", "n.lastConfirmed IS NULL AND n.id IS NOT NULL", 1)
		order = "n.id"
	}
	return head + "\nWITH n ORDER BY " + order + " LIMIT $k\nRETURN " + ret
}

// staleCountCypher counts the candidates of type t.
func staleCountCypher(t domain.RecordType, f domain.StaleFilter) string {
	head, _, _ := strings.Cut(staleCypher(t, f, false), "\nRETURN ")
	return head + "\nRETURN count(n) AS total"
}

// staleMerged answers the stale list of a caller who sees every
// candidate (an admin, or anyone asking for read-only records too): a
// page of the global order needs no more than the first offset+first+1
// of each type and part (never confirmed, then confirmed), each read in
// index order, merged here. The whole list is counted only when its
// total is asked for. A caller whose list the write rule filters reads
// every candidate (StaleRecords), since which of them remain is known
// only after the rule.
func staleMerged(ctx context.Context, tx neo4j.ManagedTransaction, f domain.StaleFilter, types []domain.RecordType, params map[string]any, page domain.PageArgs) (domain.Page[domain.StaleRecord], error) {
	params = maps.Clone(params)
	params["k"] = int64(page.Offset + page.First + 1)
	var all []staleEntry
	total := 0
	for _, t := range types {
		// Both parts in one statement: a round trip a type.
		cypher := "CALL () { " + staleHeadCypher(t, f, true) + "\nUNION ALL\n" + staleHeadCypher(t, f, false) +
			" }\nRETURN id, lastConfirmed"
		recs, err := collect(ctx, tx, cypher, params)
		if err != nil {
			return domain.Page[domain.StaleRecord]{}, err
		}
		for _, r := range recs {
			p := &props{m: r.AsMap()}
			all = append(all, staleEntry{typ: t, id: p.str("id"), lastConfirmed: p.datePtr("lastConfirmed")})
			if p.err != nil {
				return domain.Page[domain.StaleRecord]{}, fmt.Errorf("store: %w", p.err)
			}
		}
		if !page.NoCount {
			n, err := countTotal(ctx, tx, staleCountCypher(t, f), params)
			if err != nil {
				return domain.Page[domain.StaleRecord]{}, err
			}
			total += n
		}
	}
	items, err := stalePage(ctx, tx, all, page)
	if err != nil {
		return domain.Page[domain.StaleRecord]{}, err
	}
	return domain.Page[domain.StaleRecord]{Items: items, Total: total, Offset: page.Offset,
		Uncounted: page.NoCount, More: len(all) > page.Offset+page.First}, nil
}

// staleItemsCypher projects the records of type t with the ids $ids.
func staleItemsCypher(t domain.RecordType) string {
	k := recordKinds[t]
	return "UNWIND $ids AS id MATCH " + strings.Replace(k.target("").match, "$id", "id", 1) +
		" RETURN {type: $type, item: " + k.proj + "} AS e"
}

// readRecords maps {type, item} maps (staleItemsCypher, ConfirmRecords).
func readRecords(v any) ([]domain.StaleRecord, error) {
	list, _ := v.([]any)
	out := make([]domain.StaleRecord, 0, len(list))
	for _, e := range list {
		entry, _ := e.(map[string]any)
		typ, _ := entry["type"].(string)
		k, ok := recordKinds[domain.RecordType(typ)]
		if !ok {
			return nil, fmt.Errorf("store: no record type %q", typ)
		}
		p, err := asProps(entry["item"])
		if err != nil {
			return nil, err
		}
		r := k.read(p)
		if p.err != nil {
			return nil, p.err
		}
		out = append(out, domain.StaleRecord{ID: p.str("id"), Type: domain.RecordType(typ), Record: r})
	}
	return out, nil
}

// staleEntry is a candidate of the stale list.
type staleEntry struct {
	typ           domain.RecordType
	id            string
	lastConfirmed *time.Time
}

// staleOrder is the stale list's order: never confirmed first, by id,
// then the longest unconfirmed first, ties by id.
func staleOrder(a, b staleEntry) int {
	la, lb := a.lastConfirmed, b.lastConfirmed
	switch {
	case la == nil && lb != nil:
		return -1
	case la != nil && lb == nil:
		return 1
	case la != nil && !la.Equal(*lb):
		return la.Compare(*lb)
	}
	return strings.Compare(a.id, b.id)
}

// StaleRecords lists the records to confirm again (see
// domain.StaleFilter): never confirmed first, then the longest
// unconfirmed, ties by id. An unknown or hidden scope is BAD_USER_INPUT
// on scope. Unless asked for read-only records too, a caller who is not
// an admin sees only what authorizeWrite would let them change. One
// read transaction: the candidates of each type, then the records of
// the page.
func (s *Store) StaleRecords(ctx context.Context, f domain.StaleFilter, page domain.PageArgs) (domain.Page[domain.StaleRecord], error) {
	types := slices.Clone(f.Types)
	if len(types) == 0 {
		types = domain.RecordTypes
	}
	slices.Sort(types)
	types = slices.Compact(types)
	acc := domain.AccessFrom(ctx)
	filtered := !f.IncludeReadOnly && acc.Role != domain.RoleAdmin
	params := map[string]any{"before": neo4j.DateOf(f.ConfirmedBefore), "today": neo4j.DateOf(f.Today)}
	if f.Scope != nil {
		params["scopeRef"] = filterRef{label: "Neighbourhood", field: "scope", id: *f.Scope}
	}
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (domain.Page[domain.StaleRecord], error) {
		if err := checkRefs(ctx, tx, params); err != nil {
			return domain.Page[domain.StaleRecord]{}, err
		}
		if f.Scope != nil {
			params["scope"] = []string{params["scopeRef"].(string)}
		}
		if !filtered {
			return staleMerged(ctx, tx, f, types, params, page)
		}
		var all []staleEntry
		for _, t := range types {
			k := recordKinds[t]
			if filtered && (!acc.CanWrite() || k.adminOnly) {
				continue // nothing of this type is theirs to change
			}
			recs, err := collect(ctx, tx, staleCypher(t, f, filtered), params)
			if err != nil {
				return domain.Page[domain.StaleRecord]{}, err
			}
			for _, r := range recs {
				p := &props{m: r.AsMap()}
				if filtered {
					ties, _ := r.Get("ties")
					if authorizeWrite(acc, k.audit, tieDistricts(k.audit, ties)) != nil {
						continue
					}
				}
				all = append(all, staleEntry{typ: t, id: p.str("id"), lastConfirmed: p.datePtr("lastConfirmed")})
				if p.err != nil {
					return domain.Page[domain.StaleRecord]{}, fmt.Errorf("store: %w", p.err)
				}
			}
		}
		items, err := stalePage(ctx, tx, all, page)
		if err != nil {
			return domain.Page[domain.StaleRecord]{}, err
		}
		return domain.Page[domain.StaleRecord]{Items: items, Total: len(all), Offset: page.Offset}, nil
	})
}

// stalePage sorts candidates into the stale order and reads the records
// of page's part of them.
func stalePage(ctx context.Context, tx neo4j.ManagedTransaction, candidates []staleEntry, page domain.PageArgs) ([]domain.StaleRecord, error) {
	slices.SortFunc(candidates, staleOrder)
	start := min(page.Offset, len(candidates))
	return staleItems(ctx, tx, candidates[start:min(page.Offset+page.First, len(candidates))])
}

// staleItems reads the records of entries, in their order.
func staleItems(ctx context.Context, tx neo4j.ManagedTransaction, entries []staleEntry) ([]domain.StaleRecord, error) {
	ids := map[domain.RecordType][]string{}
	for _, e := range entries {
		ids[e.typ] = append(ids[e.typ], e.id)
	}
	byID := make(map[string]domain.StaleRecord, len(entries))
	for _, t := range slices.Sorted(maps.Keys(ids)) {
		recs, err := collect(ctx, tx, staleItemsCypher(t), map[string]any{"ids": ids[t], "type": string(t)})
		if err != nil {
			return nil, err
		}
		list := make([]any, len(recs))
		for i, r := range recs {
			list[i], _ = r.Get("e")
		}
		read, err := readRecords(list)
		if err != nil {
			return nil, err
		}
		for _, r := range read {
			byID[r.ID] = r
		}
	}
	out := make([]domain.StaleRecord, 0, len(entries))
	for _, e := range entries {
		if r, ok := byID[e.id]; ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// errNoRecord marks, inside ConfirmRecords, a record that is not there.
var errNoRecord = errors.New("no record")

// ConfirmRecords sets lastConfirmed of every record of ids to on, in one
// transaction: all of them or none. Each record is checked and audited
// as any other write of it (auditedIn, operation confirmRecords); a
// confirmation never moves lastConfirmed back (a record confirmed later
// than on keeps its day, and its entry records no change). Ids of no
// record are BAD_USER_INPUT on ids, records the caller may not change
// FORBIDDEN, each error naming every such id; then nothing is written.
// Ids must have been checked with domain.CheckConfirm.
func (s *Store) ConfirmRecords(ctx context.Context, ids []string, on time.Time) ([]domain.StaleRecord, error) {
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]domain.StaleRecord, error) {
		var unknown, refused []string
		var forbidden error
		out := make([]domain.StaleRecord, 0, len(ids))
		for _, id := range ids {
			t, _ := domain.RecordTypeOfID(id)
			k := recordKinds[t]
			if acc := domain.AccessFrom(ctx); k.adminOnly && acc.Role != domain.RoleAdmin {
				if !acc.CanWrite() {
					return nil, fmt.Errorf("confirmRecords: %w: %s may not write", domain.ErrForbidden, strings.ToLower(string(acc.Role)))
				}
				refused = append(refused, id)
				forbidden = fmt.Errorf("%w: only admins confirm places and vocabularies", domain.ErrForbidden)
				continue
			}
			r, err := auditedIn(ctx, tx, "confirmRecords", k.target(id), nil, func(tx neo4j.ManagedTransaction) (domain.StaleRecord, error) {
				recs, err := collect(ctx, tx, "MATCH "+k.target(id).match+confirmSet+"RETURN [{type: $type, item: "+k.proj+"}] AS items",
					map[string]any{"id": id, "on": neo4j.DateOf(on), "type": string(t)})
				if err != nil {
					return domain.StaleRecord{}, err
				}
				if len(recs) == 0 {
					return domain.StaleRecord{}, errNoRecord
				}
				items, _ := recs[0].Get("items")
				rs, err := readRecords(items)
				if err != nil || len(rs) != 1 {
					return domain.StaleRecord{}, fmt.Errorf("store: confirmed %s: %d records: %w", id, len(rs), err)
				}
				return rs[0], nil
			})
			switch {
			case errors.Is(err, errNoRecord):
				unknown = append(unknown, id)
			case errors.Is(err, domain.ErrForbidden) && domain.AccessFrom(ctx).CanWrite():
				refused = append(refused, id)
				forbidden = err
			case err != nil:
				return nil, err
			default:
				out = append(out, r)
			}
		}
		if len(unknown) > 0 {
			return nil, domain.Invalid("ids", "no record has the id %s; nothing was confirmed", strings.Join(unknown, ", "))
		}
		if len(refused) == 1 {
			return nil, fmt.Errorf("confirmRecords %s: %w; nothing was confirmed", refused[0], forbidden)
		}
		if len(refused) > 1 {
			return nil, fmt.Errorf("confirmRecords: %w: you may not change %s (outside your districts or city-wide); nothing was confirmed",
				domain.ErrForbidden, strings.Join(refused, ", "))
		}
		return out, nil
	})
}

// confirmSet follows the match of a record bound to n: it sets the day,
// never moving it back.
const confirmSet = `
SET n.lastConfirmed = CASE WHEN n.lastConfirmed >= $on THEN n.lastConfirmed ELSE $on END, n.updatedAt = datetime()
WITH n `
