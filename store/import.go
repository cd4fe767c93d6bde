package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Imports (package importer) stream files of any size, so they cannot
// hand LoadDataset a whole dataset. They write batches instead: each batch
// is validated and turned into statements by LoadDataset's own build, so
// that a record means the same in both, and written in one transaction.
// The importer checks references itself (against its earlier files and
// RecordsByKey) before anything is written, so a batch does not read them
// again.

// Participation is an actor's taking part in an event (PARTICIPATED_IN).
type Participation struct {
	EventID string
	ActorID string
}

// ImportBatch is what one write transaction of an import writes. Records
// carry ids, and their references are ids of records that exist or are
// written earlier in the same import.
type ImportBatch struct {
	domain.Dataset
	// Participations add actors to events. Imports never remove
	// participations: an event's ParticipantIDs are added likewise, and an
	// event written again keeps the participants it has.
	Participations []Participation
	// NodesOnly writes the records' properties but not their links: the
	// first round of a file whose rows reference each other
	// (neighbourhoods and their parents), so that every parent exists when
	// the second round links them.
	NodesOnly bool
	// New holds the ids of records the importer found not stored, which
	// are created without looking for them first: much faster for big
	// first imports. Neighbourhoods must not be new (their links are
	// written in a second round, which merges).
	New map[string]bool
	// ParentLevels are the levels of parent neighbourhoods outside the
	// batch, by the parent reference in ParentID, so that the hierarchy
	// city > district > quarter > area holds across batches too.
	ParentLevels map[string]domain.Level
}

// mergeParticipationsCypher adds participations; existing ones stay.
const mergeParticipationsCypher = `UNWIND $rows AS row
MATCH (e:Event {id: row.event}), (a:Actor {id: row.actor})
MERGE (a)-[:PARTICIPATED_IN]->(e)`

// The statements for records an import knows are new, which write the
// rows of build's statements without looking for what exists first.
const (
	// createNodesCypher creates nodes of one label (spliced in).
	createNodesCypher = `UNWIND $rows AS row
CREATE (n:%s)
SET n = row.props, n.createdAt = datetime(), n.updatedAt = datetime()`
	// addLinksCypher links new owners to the nodes in row.links; a new
	// node has no links to remove. Splices as syncLinksCypher.
	addLinksCypher = `UNWIND $rows AS row
MATCH (o:%[1]s {id: row.id})
UNWIND row.links AS lid
MATCH (x:%[3]s {id: lid})
MERGE (o)%[2]s(x)`
	// The statements that create relationships with identity name
	// their properties in the CREATE, from flat rows (see flatRels):
	// measured against SET n = row.props on 200k cooperations, this
	// writes about a quarter more rows per second, since Neo4j need not
	// walk a map per row. Their properties are those of the patches
	// (cooperationPatch, rolePatch, membershipPatch); a test holds them
	// equal.
	createCooperationsCypher = `WITH datetime() AS now
UNWIND $rows AS row
MATCH (a:Actor {id: row.from}), (b:Actor {id: row.to})
CREATE (a)-[:COOPERATES_WITH {id: row.id, kind: row.kind, strength: row.strength, directed: row.directed,
  description: row.description, validFrom: row.validFrom, validTo: row.validTo, externalKey: row.externalKey,
  source: row.source, lastConfirmed: row.lastConfirmed, status: row.status, createdAt: now, updatedAt: now}]->(b)`
	createRolesCypher = `WITH datetime() AS now
UNWIND $rows AS row
MATCH (a:Person {id: row.from}), (b:Actor {id: row.to})
CREATE (a)-[:WORKS_AT {id: row.id, title: row.title, validFrom: row.validFrom, validTo: row.validTo,
  externalKey: row.externalKey, source: row.source, lastConfirmed: row.lastConfirmed, createdAt: now, updatedAt: now}]->(b)`
	createMembershipsCypher = `WITH datetime() AS now
UNWIND $rows AS row
MATCH (a:Actor {id: row.from}), (b:Network {id: row.to})
CREATE (a)-[:MEMBER_OF {id: row.id, role: row.role, validFrom: row.validFrom, validTo: row.validTo,
  externalKey: row.externalKey, source: row.source, lastConfirmed: row.lastConfirmed, createdAt: now, updatedAt: now}]->(b)`
)

var (
	// participantsSync is the step build adds to make an event's
	// participants exactly its ParticipantIDs; imports add them instead.
	participantsSync = stepMeta{kind: linkRows, label: "Event", rel: "PARTICIPATED_IN", other: "Actor"}.cypher()
	// createStatements maps each statement of build to the one for new
	// records; a statement missing here is run as it is (merging), which
	// is correct, only slower.
	createStatements = map[string]string{}
	// nodeSteps are the statements of build that write node properties
	// (the others link records); NodesOnly keeps only these.
	nodeSteps = map[string]bool{}
	// flatRels are the create statements whose rows are flat: the
	// relationship's properties beside from and to.
	flatRels = map[string]bool{createCooperationsCypher: true, createRolesCypher: true, createMembershipsCypher: true}
)

func init() {
	for _, label := range []string{"TargetGroup", "Topic", "Neighbourhood", "Actor", "Person", "Service", "Need", "Network", "Event"} {
		merge, create := stepMeta{kind: nodeRows, label: label}.cypher(), fmt.Sprintf(createNodesCypher, label)
		if label == "Actor" {
			create += actorLabelsCypher
		}
		nodeSteps[merge], nodeSteps[create] = true, true
		createStatements[merge] = create
	}
	// The links build syncs: owner, type, other, and whether they point
	// away from the owner.
	for _, l := range []struct {
		owner, rel, other string
		out               bool
	}{
		{"Neighbourhood", "PART_OF", "Neighbourhood", true}, {"Actor", "ACTIVE_IN", "Neighbourhood", true},
		{"Service", "OFFERS", "Actor", false}, {"Service", "FOR", "TargetGroup", true}, {"Service", "ON", "Topic", true},
		{"Service", "AVAILABLE_IN", "Neighbourhood", true}, {"Need", "FOR", "TargetGroup", true}, {"Need", "ON", "Topic", true},
		{"Need", "IN", "Neighbourhood", true}, {"Network", "COVERS", "Neighbourhood", true}, {"Event", "ORGANISED", "Actor", false},
		{"Event", "HELD_IN", "Neighbourhood", true}, {"Event", "OF_NETWORK", "Network", true},
	} {
		m := stepMeta{kind: linkRows, label: l.owner, rel: l.rel, other: l.other, out: l.out}
		createStatements[m.cypher()] = fmt.Sprintf(addLinksCypher, l.owner, m.pattern(), l.other)
	}
	rel := func(from, typ, to string) string {
		return stepMeta{kind: relRows, label: from, rel: typ, other: to}.cypher()
	}
	createStatements[rel("Person", "WORKS_AT", "Actor")] = createRolesCypher
	createStatements[rel("Actor", "COOPERATES_WITH", "Actor")] = createCooperationsCypher
	createStatements[rel("Actor", "MEMBER_OF", "Network")] = createMembershipsCypher
}

// CheckImport validates the records of b as WriteImportBatch writes them,
// reading nothing: ids, required names, enums, spans, strengths, evidence
// and the neighbourhood hierarchy where the levels are known. It does not
// check that references exist. Errors are *domain.FieldError with the
// record's place in b, e.g. "dataset.actors[0].validTo".
func CheckImport(b *ImportBatch) error {
	_, err := buildImport(b)
	return err
}

// buildImport validates b and collects its statements: build's for the
// records that may exist, the create statements for the new ones (when
// b.New names any), then the participations.
func buildImport(b *ImportBatch) ([]*loadStep, error) {
	var steps []*loadStep
	for i, ds := range splitNew(&b.Dataset, b.New) {
		l := &datasetLoad{index: map[stepMeta]*loadStep{}, known: map[string]map[string]bool{}}
		if err := l.build(ds); err != nil {
			return nil, err
		}
		for _, st := range l.steps {
			if c, ok := createStatements[st.cypher]; ok && i == 1 {
				st.cypher = c
				if flatRels[c] {
					flatten(st.rows)
				}
			}
			if st.cypher != participantsSync && (!b.NodesOnly || nodeSteps[st.cypher]) {
				steps = append(steps, st)
			}
		}
	}
	// Nodes first, so that links in the batch find them.
	slices.SortStableFunc(steps, func(x, y *loadStep) int { return boolInt(!nodeSteps[x.cypher]) - boolInt(!nodeSteps[y.cypher]) })
	for i, v := range b.Neighbourhoods {
		if err := checkLevels(v, b.ParentLevels); err != nil {
			return nil, datasetErr(fmt.Sprintf("dataset.neighbourhoods[%d]", i), err)
		}
	}
	if b.NodesOnly {
		return steps, nil
	}
	var rows []map[string]any
	add := func(at, event, actor string) error {
		if _, err := checkID(&event, domain.EntityEvent.Prefix); err != nil {
			return datasetErr(at+".event", err)
		}
		if _, err := checkID(&actor, domain.EntityActor.Prefix); err != nil {
			return datasetErr(at+".actor", err)
		}
		rows = append(rows, map[string]any{"event": event, "actor": actor})
		return nil
	}
	for i, e := range b.Events {
		for _, a := range e.ParticipantIDs {
			if err := add(fmt.Sprintf("dataset.events[%d].participants", i), e.ID, a); err != nil {
				return nil, err
			}
		}
	}
	for i, p := range b.Participations {
		if err := add(fmt.Sprintf("participations[%d]", i), p.EventID, p.ActorID); err != nil {
			return nil, err
		}
	}
	if len(rows) > 0 {
		m := stepMeta{kind: participationRows, label: "Actor", rel: "PARTICIPATED_IN", other: "Event"}
		steps = append(steps, &loadStep{stepMeta: m, cypher: m.cypher(), rows: rows})
	}
	return steps, nil
}

// flatten moves the properties of relationship rows (row.props) beside
// their ends, in place.
func flatten(rows []map[string]any) {
	for _, row := range rows {
		props, _ := row["props"].(map[string]any)
		delete(row, "props")
		for k, v := range props {
			row[k] = v
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// splitNew returns the records of ds whose ids are not in isNew, then
// those that are (nil when none are).
func splitNew(ds *domain.Dataset, isNew map[string]bool) []*domain.Dataset {
	if len(isNew) == 0 {
		return []*domain.Dataset{ds}
	}
	old, fresh := &domain.Dataset{}, &domain.Dataset{}
	split(ds.TargetGroups, &old.TargetGroups, &fresh.TargetGroups, isNew, func(v domain.TargetGroup) string { return v.ID })
	split(ds.Topics, &old.Topics, &fresh.Topics, isNew, func(v domain.Topic) string { return v.ID })
	split(ds.Neighbourhoods, &old.Neighbourhoods, &fresh.Neighbourhoods, isNew, func(v domain.Neighbourhood) string { return v.ID })
	split(ds.Actors, &old.Actors, &fresh.Actors, isNew, func(v domain.Actor) string { return v.ID })
	split(ds.People, &old.People, &fresh.People, isNew, func(v domain.Person) string { return v.ID })
	split(ds.Roles, &old.Roles, &fresh.Roles, isNew, func(v domain.Role) string { return v.ID })
	split(ds.Services, &old.Services, &fresh.Services, isNew, func(v domain.Service) string { return v.ID })
	split(ds.Needs, &old.Needs, &fresh.Needs, isNew, func(v domain.Need) string { return v.ID })
	split(ds.Cooperations, &old.Cooperations, &fresh.Cooperations, isNew, func(v domain.Cooperation) string { return v.ID })
	split(ds.Networks, &old.Networks, &fresh.Networks, isNew, func(v domain.Network) string { return v.ID })
	split(ds.Memberships, &old.Memberships, &fresh.Memberships, isNew, func(v domain.Membership) string { return v.ID })
	split(ds.Events, &old.Events, &fresh.Events, isNew, func(v domain.Event) string { return v.ID })
	return []*domain.Dataset{old, fresh}
}

func split[T any](all []T, old, fresh *[]T, isNew map[string]bool, id func(T) string) {
	for _, v := range all {
		if isNew[id(v)] {
			*fresh = append(*fresh, v)
		} else {
			*old = append(*old, v)
		}
	}
}

// WriteImportBatch validates b like CheckImport and writes it in one
// write transaction: all of it or, on error, nothing. Records are merged
// on their ids as LoadDataset merges them, so writing a batch again
// changes nothing but updatedAt; the links a record names become exactly
// those (except event participations, which are only added). Records in
// b.New are created instead; should one exist after all, its uniqueness
// constraint fails the batch with ErrConflict rather than duplicating it.
// A reference to a record that does not exist is left out silently: the
// importer has checked references before.
func (s *Store) WriteImportBatch(ctx context.Context, b *ImportBatch) error {
	steps, err := buildImport(b)
	if err != nil {
		return err
	}
	_, err = writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (any, error) {
		for _, st := range steps {
			if _, err := collect(ctx, tx, st.cypher, map[string]any{"rows": st.rows}); err != nil {
				return nil, err
			}
		}
		return nil, syncListings(ctx, tx, serviceIDs(&b.Dataset))
	})
	if err != nil {
		return fmt.Errorf("store: import batch: %w", err)
	}
	return nil
}

// KeyedRecord is a stored record found by its external key.
type KeyedRecord struct {
	ID string
	// Level is set for neighbourhoods.
	Level domain.Level
}

// importTypes are the types an import looks records up in: node labels
// and relationship types, and whether their external keys are unique
// (see schemaStatements); ids are unique for all. Types without unique
// keys cannot be looked up by key without scanning.
var importTypes = map[string]struct{ rel, keyed bool }{
	"TargetGroup": {false, true}, "Topic": {false, true}, "Neighbourhood": {false, true}, "Actor": {false, true},
	"Person": {false, true}, "Service": {false, true}, "Need": {false, true}, "Network": {false, true}, "Event": {false, true},
	"COOPERATES_WITH": {true, true}, "WORKS_AT": {true, false}, "MEMBER_OF": {true, false},
}

// importMatch returns a MATCH of records of type typ as n, with the
// property prop equal to k unless prop is empty.
func importMatch(typ, prop string) string {
	where := ""
	if prop != "" {
		where = " {" + prop + ": k}"
	}
	if importTypes[typ].rel {
		return "MATCH ()-[n:" + typ + where + "]->()"
	}
	return "MATCH (n:" + typ + where + ")"
}

// HasRecords reports whether any record of type typ (one of KeyedTypes,
// WORKS_AT or MEMBER_OF) is stored; Neo4j answers from its counts.
func (s *Store) HasRecords(ctx context.Context, typ string) (bool, error) {
	if _, ok := importTypes[typ]; !ok {
		return false, fmt.Errorf("store: has records: unknown type %q", typ)
	}
	n, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) (int64, error) {
		return single[int64](ctx, tx, importMatch(typ, "")+" RETURN count(n) AS c", nil, "c")
	})
	return n > 0, err
}

// lookupCypher returns the id (and level) of each stored record matched
// by one of $keys; the match is spliced in.
const lookupCypher = "UNWIND $keys AS k %s RETURN k, n.id AS id, n.level AS level"

// lookup returns the stored records of type typ with prop equal to one
// of keys, by that value.
func (s *Store) lookup(ctx context.Context, typ, prop string, keys []string) (map[string]KeyedRecord, error) {
	t, ok := importTypes[typ]
	if !ok || prop == "externalKey" && !t.keyed {
		return nil, fmt.Errorf("store: look up %s by %s: not a unique property", typ, prop)
	}
	if len(keys) == 0 {
		return map[string]KeyedRecord{}, nil
	}
	cypher := fmt.Sprintf(lookupCypher, importMatch(typ, prop))
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (map[string]KeyedRecord, error) {
		recs, err := collect(ctx, tx, cypher, map[string]any{"keys": keys})
		if err != nil {
			return nil, err
		}
		out := make(map[string]KeyedRecord, len(recs))
		for _, r := range recs {
			k, _ := r.Get("k")
			id, _ := r.Get("id")
			lv, _ := r.Get("level")
			key, ok1 := k.(string)
			sid, ok2 := id.(string)
			if !ok1 || !ok2 {
				return nil, fmt.Errorf("store: look up %s: key %T, id %T, want strings", typ, k, id)
			}
			level, _ := lv.(string)
			out[key] = KeyedRecord{ID: sid, Level: domain.Level(level)}
		}
		return out, nil
	})
}

// KeyedTypes lists the types RecordsByKey accepts: node labels and
// relationship types whose external keys are unique.
func KeyedTypes() []string {
	var out []string
	for t, v := range importTypes {
		if v.keyed {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

// RecordsByKey returns the stored records of type typ (one of
// KeyedTypes) that have one of keys as external key, by key; keys
// without a record are absent from the map.
func (s *Store) RecordsByKey(ctx context.Context, typ string, keys []string) (map[string]KeyedRecord, error) {
	return s.lookup(ctx, typ, "externalKey", keys)
}

// StoredIDs returns which of ids name stored records of type typ (one of
// KeyedTypes, WORKS_AT or MEMBER_OF).
func (s *Store) StoredIDs(ctx context.Context, typ string, ids []string) (map[string]bool, error) {
	found, err := s.lookup(ctx, typ, "id", ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(found))
	for id := range found {
		out[id] = true
	}
	return out, nil
}
