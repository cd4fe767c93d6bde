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

// placesOf lists, per audit type, patterns from the record n to the
// places m it is tied to; the districts of those places are the
// districts a write of the record touches.
var placesOf = map[string][]string{
	"Actor":         {"(n)-[:ACTIVE_IN]->(m:Neighbourhood)"},
	"Service":       {"(n)-[:AVAILABLE_IN]->(m:Neighbourhood)", "(n)<-[:OFFERS]-(:Actor)-[:ACTIVE_IN]->(m:Neighbourhood)"},
	"Need":          {"(n)-[:IN]->(m:Neighbourhood)"},
	"Person":        {"(n)-[:WORKS_AT]->(:Actor)-[:ACTIVE_IN]->(m:Neighbourhood)"},
	"Network":       {"(n)-[:COVERS]->(m:Neighbourhood)"},
	"Event":         {"(n)-[:HELD_IN]->(m:Neighbourhood)", "(n)<-[:ORGANISED|PARTICIPATED_IN]-(:Actor)-[:ACTIVE_IN]->(m:Neighbourhood)"},
	"Neighbourhood": {"(m:Neighbourhood) WHERE m = n"},
	"Cooperation":   {"(x:Actor)-[n]-() MATCH (x)-[:ACTIVE_IN]->(m:Neighbourhood)"},
	"Role":          {"(x:Actor)-[n]-() MATCH (x)-[:ACTIVE_IN]->(m:Neighbourhood)"},
	"Membership":    {"(x:Actor)-[n]-() MATCH (x)-[:ACTIVE_IN]->(m:Neighbourhood)"},
	// Vocabularies belong to no district: only admins write them.
	"TargetGroup": nil,
	"Topic":       nil,
}

// snapshotCypher reads the properties of the target and the districts it
// touches: the district at or above each of its places, or the city
// itself for a tie to the whole city (which only admins may write).
func snapshotCypher(t target) string {
	var parts []string
	for _, p := range placesOf[t.typ] {
		parts = append(parts, "COLLECT { MATCH "+p+
			" MATCH (m)-[:PART_OF*0..]->(d:Neighbourhood) WHERE d.level = 'DISTRICT' OR (d = m AND d.level = 'CITY') RETURN d.id }")
	}
	ds := "[]"
	if len(parts) > 0 {
		ds = strings.Join(parts, " + ")
	}
	return "MATCH " + t.match + " RETURN properties(n) AS p, " + ds + " AS ds"
}

func snapshot(ctx context.Context, tx neo4j.ManagedTransaction, t target) (map[string]any, []string, error) {
	recs, err := collect(ctx, tx, snapshotCypher(t), map[string]any{"id": t.id})
	if err != nil || len(recs) == 0 {
		return nil, nil, err
	}
	p, _ := recs[0].Get("p")
	dv, _ := recs[0].Get("ds")
	props, _ := p.(map[string]any)
	var ds []string
	for _, d := range dv.([]any) {
		ds = append(ds, d.(string))
	}
	return props, ds, nil
}

// audited runs work as the write op (a mutation name) of t in one write
// transaction, with the district check and the audit entry described
// above. Creates, updates and deletes alike: a record missing before or
// after simply has no values there.
func audited[T any](ctx context.Context, s *Store, op string, t target, work func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (T, error) {
		var zero T
		acc := domain.AccessFrom(ctx)
		if !acc.CanWrite() {
			return zero, fmt.Errorf("%s: %w: %s may not write", op, domain.ErrForbidden, strings.ToLower(string(acc.Role)))
		}
		before, dsBefore, err := snapshot(ctx, tx, t)
		if err != nil {
			return zero, err
		}
		out, err := work(tx)
		if err != nil {
			return zero, err
		}
		after, dsAfter, err := snapshot(ctx, tx, t)
		if err != nil {
			return zero, err
		}
		if placesOf[t.typ] == nil && acc.Role != domain.RoleAdmin {
			return zero, fmt.Errorf("%w: only admins change the %s vocabulary", domain.ErrForbidden, strings.ToLower(t.typ))
		}
		if outside := acc.Outside(union(dsBefore, dsAfter)); len(outside) > 0 {
			return zero, fmt.Errorf("%w: this %s touches %s outside your districts; a coordinator of %s (or an admin) must make this change",
				domain.ErrForbidden, strings.ToLower(t.typ), strings.Join(outside, ", "), strings.Join(outside, " and "))
		}
		if _, err := appendAudit(ctx, tx, acc, op, t, diff(t.typ, before, after)); err != nil {
			return zero, err
		}
		return out, nil
	})
}

func union(a, b []string) []string {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

// Properties the trail leaves out: derived from others or bookkeeping.
// The id is the entry's targetId already.
var unaudited = map[string]bool{"id": true, "searchName": true, "searchText": true, "updatedAt": true, "createdAt": true}

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
