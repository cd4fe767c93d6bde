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
	// ParentLevels are the levels of parent neighbourhoods outside the
	// batch, by the parent reference in ParentID, so that the hierarchy
	// city > district > quarter > area holds across batches too.
	ParentLevels map[string]domain.Level
}

// mergeParticipationsCypher adds participations; existing ones stay.
const mergeParticipationsCypher = `UNWIND $rows AS row
MATCH (e:Event {id: row.event}), (a:Actor {id: row.actor})
MERGE (a)-[:PARTICIPATED_IN]->(e)`

var (
	// participantsSync is the step build adds to make an event's
	// participants exactly its ParticipantIDs; imports add them instead.
	participantsSync = fmt.Sprintf(syncLinksCypher, "Event", "<-[r:PARTICIPATED_IN]-", "Actor")
	// nodeSteps are the statements of build that write node properties
	// (the rest link records); NodesOnly keeps only these.
	nodeSteps = map[string]bool{
		fmt.Sprintf(mergeNodesCypher, "Actor") + actorLabelsCypher: true,
	}
)

func init() {
	for _, label := range []string{"TargetGroup", "Topic", "Neighbourhood", "Person", "Service", "Need", "Network", "Event"} {
		nodeSteps[fmt.Sprintf(mergeNodesCypher, label)] = true
	}
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

// buildImport validates b and collects its statements.
func buildImport(b *ImportBatch) (*datasetLoad, error) {
	l := &datasetLoad{index: map[string]*loadStep{}, known: map[string]map[string]bool{}}
	if err := l.build(&b.Dataset); err != nil {
		return nil, err
	}
	for i, v := range b.Neighbourhoods {
		if err := checkLevels(v, b.ParentLevels); err != nil {
			return nil, datasetErr(fmt.Sprintf("dataset.neighbourhoods[%d]", i), err)
		}
	}
	l.steps = slices.DeleteFunc(l.steps, func(st *loadStep) bool {
		return st.cypher == participantsSync || b.NodesOnly && !nodeSteps[st.cypher]
	})
	if b.NodesOnly {
		return l, nil
	}
	var rows []map[string]any
	add := func(at, event, actor string) error {
		if _, err := checkID(&event, "evt_"); err != nil {
			return datasetErr(at+".event", err)
		}
		if _, err := checkID(&actor, "act_"); err != nil {
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
		l.steps = append(l.steps, &loadStep{cypher: mergeParticipationsCypher, rows: rows})
	}
	return l, nil
}

// WriteImportBatch validates b like CheckImport and writes it in one
// write transaction: all of it or, on error, nothing. Records are merged
// on their ids as LoadDataset merges them, so writing a batch again
// changes nothing but updatedAt; the links a record names become exactly
// those (except event participations, which are only added). A
// reference to a record that does not exist is left out silently: the
// importer has checked references before.
func (s *Store) WriteImportBatch(ctx context.Context, b *ImportBatch) error {
	l, err := buildImport(b)
	if err != nil {
		return err
	}
	_, err = writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (any, error) {
		for _, st := range l.steps {
			if _, err := collect(ctx, tx, st.cypher, map[string]any{"rows": st.rows}); err != nil {
				return nil, err
			}
		}
		return nil, nil
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

// keyMatches match a record of each type with an external key constraint
// (see schemaStatements) by the key k, as n. Types without one (roles,
// memberships) cannot be looked up by key without scanning.
var keyMatches = map[string]string{
	"TargetGroup":     "MATCH (n:TargetGroup {externalKey: k})",
	"Topic":           "MATCH (n:Topic {externalKey: k})",
	"Neighbourhood":   "MATCH (n:Neighbourhood {externalKey: k})",
	"Actor":           "MATCH (n:Actor {externalKey: k})",
	"Person":          "MATCH (n:Person {externalKey: k})",
	"Service":         "MATCH (n:Service {externalKey: k})",
	"Need":            "MATCH (n:Need {externalKey: k})",
	"Network":         "MATCH (n:Network {externalKey: k})",
	"Event":           "MATCH (n:Event {externalKey: k})",
	"COOPERATES_WITH": "MATCH ()-[n:COOPERATES_WITH {externalKey: k}]->()",
}

// recordsByKeyCypher returns the id (and level) of each stored record of
// one type with one of $keys; the match is spliced in from keyMatches.
const recordsByKeyCypher = "UNWIND $keys AS k %s RETURN k, n.id AS id, n.level AS level"

// KeyedTypes lists the types RecordsByKey accepts: node labels and
// relationship types whose external keys are unique.
func KeyedTypes() []string {
	out := make([]string, 0, len(keyMatches))
	for t := range keyMatches {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// RecordsByKey returns the stored records of type typ (one of
// KeyedTypes) that have one of keys as external key, by key; keys
// without a record are absent from the map.
func (s *Store) RecordsByKey(ctx context.Context, typ string, keys []string) (map[string]KeyedRecord, error) {
	match, ok := keyMatches[typ]
	if !ok {
		return nil, fmt.Errorf("store: records by key: %q has no unique external key", typ)
	}
	if len(keys) == 0 {
		return map[string]KeyedRecord{}, nil
	}
	cypher := fmt.Sprintf(recordsByKeyCypher, match)
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
				return nil, fmt.Errorf("store: records by key: key %T, id %T, want strings", k, id)
			}
			level, _ := lv.(string)
			out[key] = KeyedRecord{ID: sid, Level: domain.Level(level)}
		}
		return out, nil
	})
}
