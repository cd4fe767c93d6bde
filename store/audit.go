package store

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Every write of the API runs through audited: in the same transaction it
// reads the record before and after the change, refuses the write when
// the caller may not write in every district the record touches (before
// or after), and appends an AuditEntry node with the changed fields. The
// transaction commits all three or nothing, so no write escapes the
// trail and no refused write leaves a trace.

// target is the record a write changes: its type (an audit name), the
// pattern binding it to n with $id, and its id.
type target struct {
	typ, match, id string
}

// nodeTarget is the node with the label and id; its audit type is the
// label.
func nodeTarget(label, id string) target {
	return target{label, "(n:" + label + " {id: $id})", id}
}

// relTarget is the relationship of type rel with the id, audited as typ.
func relTarget(typ, rel, id string) target {
	return target{typ, "()-[n:" + rel + " {id: $id}]->()", id}
}

// A write touches the districts of the records it is tied to: each tie
// names an owner x of the target n (the target itself, its provider, the
// ends of a cooperation, the network of a membership, …) and the places
// of x. An owner without any place belongs to no district: it is
// city-wide, and only admins change what is tied to it. Optional ties
// (where a service is available, where an event is held) add districts
// but make nothing city-wide when they are missing.
type tie struct {
	// owner binds x from n (a clause: "UNWIND [n] AS x" for n itself).
	owner string
	// places binds m, a place of x (a clause).
	places string
	// optional ties without places do not make the write city-wide.
	optional bool
}

const (
	self          = "UNWIND [n] AS x"
	actorPlaces   = "MATCH (x)-[:ACTIVE_IN]->(m:Neighbourhood)"
	networkPlaces = "MATCH (x)-[:COVERS]->(m:Neighbourhood)"
)

// cityWide stands for the districts of a record tied to no place.
const cityWide = "(city-wide)"

// tiesOf lists the ties of each audit type; vocabularies have none and
// belong to no district: only admins write them.
var tiesOf = map[string][]tie{
	"Actor": {{owner: self, places: actorPlaces}},
	"Service": {
		{owner: self, places: "MATCH (x)-[:AVAILABLE_IN]->(m:Neighbourhood)", optional: true},
		{owner: "MATCH (n)<-[:OFFERS]-(x:Actor)", places: actorPlaces},
	},
	"Need":   {{owner: self, places: "MATCH (x)-[:IN]->(m:Neighbourhood)"}},
	"Person": {{owner: "MATCH (n)-[:WORKS_AT]->(x:Actor)", places: actorPlaces}},
	// A network is where it works: the districts it covers. Members of
	// other districts do not make it theirs to change.
	"Network": {{owner: self, places: networkPlaces}},
	"Event": {
		{owner: self, places: "MATCH (x)-[:HELD_IN]->(m:Neighbourhood)", optional: true},
		{owner: "MATCH (n)<-[:ORGANISED|PARTICIPATED_IN]-(x:Actor)", places: actorPlaces},
		{owner: "MATCH (n)-[:OF_NETWORK]->(x:Network)", places: networkPlaces},
	},
	"Neighbourhood": {{owner: self, places: "WITH x AS m"}},
	"Cooperation":   {{owner: "MATCH (x:Actor)-[n]-()", places: actorPlaces}},
	"Role":          {{owner: "MATCH ()-[n]->(x:Actor)", places: actorPlaces}},
	// A membership changes the actor and the network alike.
	"Membership": {
		{owner: "MATCH (x:Actor)-[n]->()", places: actorPlaces},
		{owner: "MATCH ()-[n]->(x:Network)", places: networkPlaces},
	},
	"TargetGroup": nil,
	"Topic":       nil,
}

// snapshotCypher reads the properties of the target and, per tie, the
// districts of each owner: the district at or above each of its places,
// or the city itself for a tie to the whole city (which only admins may
// write).
func snapshotCypher(t target) string {
	return "MATCH " + t.match + " RETURN properties(n) AS p, " + tiesColumn(t.typ) + " AS ties"
}

// tiesColumn is the Cypher list, per tie of audit type typ, of the
// districts of each owner of the record bound to n (see tie.districts);
// tieDistricts reads it.
func tiesColumn(typ string) string {
	parts := make([]string, 0, len(tiesOf[typ]))
	for _, tt := range tiesOf[typ] {
		parts = append(parts, tt.districts())
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// tieDistricts reads tiesColumn's value for a record of audit type typ
// into the districts the record touches: cityWide for a required tie
// whose owner has no place, or for a record tied to no place at all.
func tieDistricts(typ string, tv any) []string {
	var ds []string
	ties, _ := tv.([]any)
	for i, owners := range ties {
		list, _ := owners.([]any)
		for _, o := range list {
			places, _ := o.([]any)
			if len(places) == 0 && !tiesOf[typ][i].optional {
				ds = append(ds, cityWide)
			}
			for _, d := range places {
				if id, ok := d.(string); ok {
					ds = append(ds, id)
				}
			}
		}
	}
	if len(ds) == 0 && tiesOf[typ] != nil {
		ds = []string{cityWide}
	}
	return ds
}

// districts is the Cypher expression of the tie's districts for the
// record bound to n: per owner, the list of district ids at or above
// each of its places (the city's id for a place that is the city).
func (tt tie) districts() string {
	return "COLLECT { " + tt.owner + " WITH DISTINCT x RETURN COLLECT { " + tt.places +
		" MATCH (m)-[:PART_OF*0..]->(d:Neighbourhood) WHERE d.level = 'DISTRICT' OR (d = m AND d.level = 'CITY') RETURN DISTINCT d.id } AS ds }"
}

// snapshot reads the target's properties and the districts it touches;
// a target that does not exist has neither.
func snapshot(ctx context.Context, tx neo4j.ManagedTransaction, t target) (map[string]any, []string, error) {
	recs, err := collect(ctx, tx, snapshotCypher(t), map[string]any{"id": t.id})
	if err != nil || len(recs) == 0 {
		return nil, nil, err
	}
	p, _ := recs[0].Get("p")
	tv, _ := recs[0].Get("ties")
	props, _ := p.(map[string]any)
	return props, tieDistricts(t.typ, tv), nil
}

// cascadeCypher lists the records that deleting the node n changes
// besides n itself: the cooperations, memberships and roles that go with
// it, the services deleted with their provider, the events whose
// participants, organiser or network change, the needs of a place and
// the actors and networks that lose a place.
const cascadeCypher = `
CALL (n) {
  MATCH (n)-[r:COOPERATES_WITH|MEMBER_OF|WORKS_AT]-()
  RETURN DISTINCT CASE type(r) WHEN 'COOPERATES_WITH' THEN 'Cooperation' WHEN 'MEMBER_OF' THEN 'Membership' ELSE 'Role' END AS typ, r.id AS id
  UNION
  MATCH (n)-[]-(x)
  WHERE x:Service OR x:Event OR x:Need OR (n:Neighbourhood AND (x:Actor OR x:Network))
  RETURN DISTINCT [l IN labels(x) WHERE l IN ['Service', 'Event', 'Need', 'Actor', 'Network']][0] AS typ, x.id AS id
}
RETURN typ, id`

// relOf names the relationship type of the relationship audit types.
var relOf = func() map[string]string {
	m := map[string]string{}
	for _, e := range domain.Entities {
		if e.Rel {
			m[e.Name] = e.Label
		}
	}
	return m
}()

// cascade returns the records a deletion of the node t would change
// besides t itself.
func cascade(ctx context.Context, tx neo4j.ManagedTransaction, t target) ([]target, error) {
	if _, rel := relOf[t.typ]; rel || tiesOf[t.typ] == nil {
		return nil, nil
	}
	recs, err := collect(ctx, tx, "MATCH "+t.match+cascadeCypher, map[string]any{"id": t.id})
	if err != nil {
		return nil, err
	}
	out := make([]target, 0, len(recs))
	for _, r := range recs {
		typ, _ := r.Get("typ")
		id, _ := r.Get("id")
		ts, _ := typ.(string)
		is, _ := id.(string)
		if rel, ok := relOf[ts]; ok {
			out = append(out, relTarget(ts, rel, is))
		} else {
			out = append(out, nodeTarget(ts, is))
		}
	}
	return out, nil
}

// audited runs work as the write op (a mutation name) of t in one write
// transaction: it reads the record before and after the change, asks
// authorizeWrite, and appends an AuditEntry node with the changed
// fields. Creates, updates and deletes alike: a record missing before or
// after simply has no values there. The transaction commits all of it or
// nothing, so no write escapes the trail and no refused write leaves a
// trace.
func audited[T any](ctx context.Context, s *Store, op string, t target, work func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	return auditedTouching(ctx, s, op, t, nil, work)
}

// auditedTouching is audited for a write of t that also changes the
// records also, whose districts before the write it touches as well
// (adding a role changes the person: claiming a city-wide person, or one
// of another district, is changing it).
func auditedTouching[T any](ctx context.Context, s *Store, op string, t target, also []target, work func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (T, error) {
		return auditedIn(ctx, tx, op, t, also, work)
	})
}

// auditedIn is auditedTouching inside the transaction tx, for writes
// that change several records at once, all or nothing (confirmRecords):
// each record gets its own check and its own entry.
func auditedIn[T any](ctx context.Context, tx neo4j.ManagedTransaction, op string, t target, also []target, work func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	var zero T
	acc := domain.AccessFrom(ctx)
	if !acc.CanWrite() {
		return zero, fmt.Errorf("%s: %w: %s may not write", op, domain.ErrForbidden, strings.ToLower(string(acc.Role)))
	}
	before, dsBefore, err := snapshot(ctx, tx, t)
	if err != nil {
		return zero, err
	}
	// What a deletion takes along must be read before it is gone;
	// only deletions (ops named delete…) need it, and admins may
	// delete anything.
	var linked []target
	if before != nil && acc.Role != domain.RoleAdmin && strings.HasPrefix(op, "delete") {
		if linked, err = cascade(ctx, tx, t); err != nil {
			return zero, err
		}
	}
	dsLinked, err := districtsOf(ctx, tx, linked)
	if err != nil {
		return zero, err
	}
	dsAlso, err := districtsOf(ctx, tx, also)
	if err != nil {
		return zero, err
	}
	out, err := work(tx)
	if err != nil {
		return zero, err
	}
	if t.typ == "Service" {
		if err := syncListings(ctx, tx, []string{t.id}); err != nil {
			return zero, err
		}
	}
	after, dsAfter, err := snapshot(ctx, tx, t)
	if err != nil {
		return zero, err
	}
	touched := union(union(dsBefore, dsAfter), dsAlso)
	if after == nil {
		// Deleted: everything that went with it, or lost a link
		// to it, changed too.
		touched = union(touched, dsLinked)
	}
	if err := authorizeWrite(acc, t.typ, touched); err != nil {
		return zero, err
	}
	if _, err := appendAudit(ctx, tx, acc, op, t, diff(t.typ, before, after)); err != nil {
		return zero, err
	}
	return out, nil
}

// districtsOf returns the districts the records ts touch now.
func districtsOf(ctx context.Context, tx neo4j.ManagedTransaction, ts []target) ([]string, error) {
	var out []string
	for _, t := range ts {
		_, ds, err := snapshot(ctx, tx, t)
		if err != nil {
			return nil, err
		}
		out = append(out, ds...)
	}
	return out, nil
}

// authorizeWrite decides whether acc may make a write of a record of typ
// that touches the districts (those of the record before and after the
// change, and for a deletion those of every record that changes with
// it). It is the one write rule: admins write everything; coordinators
// write what lies wholly in their districts, never vocabularies and never
// what is city-wide (tied to no place, or to the city itself); everyone
// else writes nothing.
func authorizeWrite(acc domain.Access, typ string, districts []string) error {
	if !acc.CanWrite() {
		return fmt.Errorf("%w: %s may not write", domain.ErrForbidden, strings.ToLower(string(acc.Role)))
	}
	if acc.Role == domain.RoleAdmin {
		return nil
	}
	if tiesOf[typ] == nil {
		return fmt.Errorf("%w: only admins change the %s vocabulary", domain.ErrForbidden, strings.ToLower(typ))
	}
	if slices.Contains(districts, cityWide) {
		return fmt.Errorf("%w: this %s is tied to no district (or to a record that is), so it is city-wide; only an admin may make this change",
			domain.ErrForbidden, strings.ToLower(typ))
	}
	if outside := acc.Outside(districts); len(outside) > 0 {
		return fmt.Errorf("%w: this %s touches %s outside your districts; a coordinator of %s (or an admin) must make this change",
			domain.ErrForbidden, strings.ToLower(typ), strings.Join(outside, ", "), strings.Join(outside, " and "))
	}
	return nil
}

func union(a, b []string) []string {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

// Properties the trail leaves out: derived from others or bookkeeping.
// The id is the entry's targetId already.
var unaudited = map[string]bool{"id": true, "searchName": true, "searchText": true, "searchContact": true, "updatedAt": true, "createdAt": true,
	createdWithProp: true}

// personSafe are the properties of a person that are not personal data;
// every other property of a person is redacted in the trail.
var personSafe = map[string]bool{"source": true, "lastConfirmed": true, "validFrom": true, "validTo": true}

// diff lists the changed properties of a record of type typ, in name
// order; personal data keeps only the fact that it changed.
func diff(typ string, before, after map[string]any) []domain.FieldChange {
	keys := slices.Sorted(maps.Keys(before))
	for k := range after {
		if _, ok := before[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []domain.FieldChange
	for _, k := range keys {
		b, a := jsonValue(before[k]), jsonValue(after[k])
		if unaudited[k] || equalPtr(b, a) {
			continue
		}
		c := domain.FieldChange{Field: k, Before: b, After: a}
		if typ == "Person" && !personSafe[k] {
			c = domain.FieldChange{Field: k, Redacted: true}
		}
		out = append(out, c)
	}
	return out
}

func equalPtr(a, b *string) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

// jsonValue renders a property value as JSON text; nil stays nil.
func jsonValue(v any) *string {
	if v == nil {
		return nil
	}
	switch x := v.(type) {
	case neo4j.Date:
		v = x.Time().Format(time.DateOnly)
	case time.Time:
		v = x.UTC().Format(time.RFC3339)
	case dbtype.LocalDateTime:
		v = x.Time().Format(time.RFC3339)
	}
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(fmt.Sprintf("%q", fmt.Sprint(v)))
	}
	s := string(b)
	return &s
}

const appendAuditCypher = `
CREATE (e:AuditEntry {id: $entry.id, at: datetime(), subject: $entry.subject, role: $entry.role,
  operation: $entry.operation, targetType: $entry.targetType, targetId: $entry.targetId,
  changes: $entry.changes, requestId: $entry.requestId})
RETURN e.id AS id`

// appendAudit adds an entry to the trail and returns its id.
func appendAudit(ctx context.Context, tx neo4j.ManagedTransaction, acc domain.Access, op string, t target, changes []domain.FieldChange) (string, error) {
	js, err := json.Marshal(changes)
	if err != nil {
		return "", fmt.Errorf("store: audit changes: %w", err)
	}
	var reqID any
	if id := domain.RequestID(ctx); id != "" {
		reqID = id
	}
	return single[string](ctx, tx, appendAuditCypher, map[string]any{"entry": map[string]any{
		"id": NewID("aud_"), "subject": acc.Subject, "role": string(acc.Role), "operation": op,
		"targetType": t.typ, "targetId": t.id, "changes": string(js), "requestId": reqID,
	}}, "id")
}

func mapAudit(p *props) domain.AuditEntry {
	e := domain.AuditEntry{
		ID: p.str("id"), At: p.dateTime("at"), Subject: p.str("subject"), Role: domain.AccessRole(p.str("role")),
		Operation: p.str("operation"), TargetType: p.str("targetType"), TargetID: p.str("targetId"),
		RequestID: p.strPtr("requestId"),
	}
	if js := p.str("changes"); js != "" && p.err == nil {
		if err := json.Unmarshal([]byte(js), &e.Changes); err != nil {
			p.err = fmt.Errorf("store: audit entry %s: %w", e.ID, err)
		}
	}
	return e
}

// AuditTrail lists audit entries, newest first. Only admins reach it
// through the API (the schema says so); the store returns the trail to
// any caller that asks, so its own tools can read it too.
func (s *Store) AuditTrail(ctx context.Context, f *domain.AuditFilter, page domain.PageArgs) (domain.Page[domain.AuditEntry], error) {
	c := newConds()
	if f != nil {
		c.str("n.targetId = $target", "target", f.Target)
		c.str("n.subject = $subject", "subject", f.Subject)
		c.str("n.operation = $operation", "operation", f.Operation)
		if f.Since != nil {
			c.add("n.at >= $since", "since", *f.Since)
		}
		if f.Until != nil {
			c.add("n.at < $until", "until", *f.Until)
		}
	}
	q := listQuery{kind: "Audit", match: "(n:AuditEntry)", where: c.where, order: "n.at DESC", proj: "n{.*}"}
	return listPage(ctx, s, q, c.params, page, mapAudit)
}

const erasePersonCypher = `
MATCH (n:Person {id: $id})
OPTIONAL MATCH (n)-[r:WORKS_AT]->()
WITH n, collect(r.id) AS roles
DETACH DELETE n
WITH roles
OPTIONAL MATCH (e:AuditEntry) WHERE e.targetId = $id OR e.targetId IN roles
SET e.targetId = $tombstone
RETURN size(roles) AS roles`

// ErasePerson erases a person on request: the person and all their roles
// go. The trail never held a person's personal data (see diff), but ids
// may have been chosen by a client and spell a name, so the entries about
// the person and their roles get a tombstone id instead: the only change
// ever made to the trail, and itself recorded by the erasure's entry
// (with the tombstone, no names, no values). Derived results are dropped
// because the store's version changes.
func (s *Store) ErasePerson(ctx context.Context, id string) (domain.Erasure, error) {
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (domain.Erasure, error) {
		acc := domain.AccessFrom(ctx)
		if acc.Role != domain.RoleAdmin {
			return domain.Erasure{}, fmt.Errorf("erasePerson: %w: only admins erase people", domain.ErrForbidden)
		}
		tomb := NewID("erased_")
		roles, err := single[int64](ctx, tx, erasePersonCypher, map[string]any{"id": id, "tombstone": tomb}, "roles")
		if err != nil {
			return domain.Erasure{}, err
		}
		entry, err := appendAudit(ctx, tx, acc, "erasePerson", target{typ: "Person", id: tomb}, nil)
		if err != nil {
			return domain.Erasure{}, err
		}
		return domain.Erasure{ErasedID: id, RolesRemoved: int(roles), AuditEntryID: entry}, nil
	})
}

// AuditImport records an import in the trail as operation ("importFiles"
// for the API, "import" for the command line), by the caller of ctx: per
// file, the rows it wrote. Imports write in many transactions of their
// own, so the entry follows them; it returns the entry's id.
func (s *Store) AuditImport(ctx context.Context, operation string, written map[string]int) (string, error) {
	changes := make([]domain.FieldChange, 0, len(written))
	for _, name := range slices.Sorted(maps.Keys(written)) {
		changes = append(changes, domain.FieldChange{Field: name, After: jsonValue(written[name])})
	}
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (string, error) {
		return appendAudit(ctx, tx, domain.AccessFrom(ctx), operation, target{typ: "Import", id: NewID("imp_")}, changes)
	})
}
