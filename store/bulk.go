package store

import (
	"crypto/sha256"
	"fmt"
	"sync"
	"time"
)

// Initial loads into an empty database can bypass Cypher: package bulk
// turns import batches into CSV files for Neo4j's offline importer
// (neo4j-admin database import full). What a batch becomes is decided
// here, from the statements buildImport collects for WriteImportBatch, so
// that a record means the same in both.

// BulkNode is a node as an import writes it.
type BulkNode struct {
	// Labels are the node's labels; the first is its type, whose ids
	// are unique (the id space of relationships' ends).
	Labels []string
	// ID is the node's id (also in Props).
	ID string
	// Props are the properties the import sets: string, int64,
	// float64, bool, neo4j.Date, []string, time.Time for a datetime
	// (createdAt, updatedAt), and nil for a property that is not set.
	// Records of a type carry the same keys, except optional groups
	// (a need's evidence).
	Props map[string]any
}

// BulkRel is a relationship as an import writes it, from the node of
// StartLabel with StartID to the one of EndLabel with EndID.
type BulkRel struct {
	Type                string
	StartLabel, StartID string
	EndLabel, EndID     string
	// Props are as BulkNode's; nil for links, which have none.
	Props map[string]any
}

// BulkLoad turns the batches of one import into BulkNodes and BulkRels.
// It is safe for concurrent use.
type BulkLoad struct {
	now time.Time
	mu  sync.Mutex
	// seen holds the participations emitted so far (hashed), which
	// WriteImportBatch merges.
	seen map[[16]byte]struct{}
}

// NewBulkLoad returns a BulkLoad whose records were created and updated
// at now (WriteImportBatch sets the time of each transaction).
func NewBulkLoad(now time.Time) *BulkLoad {
	return &BulkLoad{now: now, seen: map[[16]byte]struct{}{}}
}

// Records validates b like CheckImport and hands each node and
// relationship that WriteImportBatch would create in an empty database
// to node and rel, stopping at their first error. A batch with NodesOnly
// gives nothing: the importer writes such records again, with their
// links. Records are created, not merged, so a record must come once per
// import; links repeated within a record, and participations repeated
// anywhere in the import, come once.
func (l *BulkLoad) Records(b *ImportBatch, node func(BulkNode) error, rel func(BulkRel) error) error {
	if b.NodesOnly {
		return nil
	}
	// Without New, buildImport keeps the rows of build's statements as
	// they are (the create statements flatten relationships' rows).
	all := *b
	all.New = nil
	steps, err := buildImport(&all)
	if err != nil {
		return err
	}
	for _, st := range steps {
		if err := l.step(st, node, rel); err != nil {
			return err
		}
	}
	return nil
}

// step emits the records of one statement.
func (l *BulkLoad) step(st *loadStep, node func(BulkNode) error, rel func(BulkRel) error) error {
	for _, row := range st.rows {
		var err error
		switch st.kind {
		case nodeRows:
			err = node(l.node(st, row))
		case linkRows:
			err = links(st, row, rel)
		case relRows:
			err = rel(l.rel(st, row))
		case participationRows:
			err = l.participation(st, row, rel)
		default:
			return fmt.Errorf("store: bulk: a statement of unknown kind %d:\n%s", st.kind, st.cypher)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// stamped returns the properties of row with createdAt and updatedAt set
// to now, as a create sets them. The map is the row's own (Patch.params
// makes one per row), so it is stamped in place.
func (l *BulkLoad) stamped(row map[string]any) map[string]any {
	props, _ := row["props"].(map[string]any)
	if props == nil {
		props = map[string]any{}
	}
	props["createdAt"], props["updatedAt"] = l.now, l.now
	return props
}

func (l *BulkLoad) node(st *loadStep, row map[string]any) BulkNode {
	labels := []string{st.label}
	if inst, ok := row["institution"].(bool); ok {
		// As actorLabelsCypher.
		if inst {
			labels = append(labels, "Institution")
		} else {
			labels = append(labels, "Organisation")
		}
	}
	id, _ := row["id"].(string)
	return BulkNode{Labels: labels, ID: id, Props: l.stamped(row)}
}

// links emits the links of one owner, each target once (MERGE).
func links(st *loadStep, row map[string]any, rel func(BulkRel) error) error {
	owner, _ := row["id"].(string)
	targets, _ := row["links"].([]string)
	done := make(map[string]bool, len(targets))
	for _, x := range targets {
		if done[x] {
			continue
		}
		done[x] = true
		r := BulkRel{Type: st.rel, StartLabel: st.label, StartID: owner, EndLabel: st.other, EndID: x}
		if !st.out {
			r.StartLabel, r.StartID, r.EndLabel, r.EndID = st.other, x, st.label, owner
		}
		if err := rel(r); err != nil {
			return err
		}
	}
	return nil
}

func (l *BulkLoad) rel(st *loadStep, row map[string]any) BulkRel {
	from, _ := row["from"].(string)
	to, _ := row["to"].(string)
	return BulkRel{Type: st.rel, StartLabel: st.label, StartID: from, EndLabel: st.other, EndID: to, Props: l.stamped(row)}
}

// participation emits a participation unless an earlier batch or row
// did (mergeParticipationsCypher merges them).
func (l *BulkLoad) participation(st *loadStep, row map[string]any, rel func(BulkRel) error) error {
	event, _ := row["event"].(string)
	actor, _ := row["actor"].(string)
	sum := sha256.Sum256([]byte(event + "\x00" + actor))
	var key [16]byte
	copy(key[:], sum[:])
	l.mu.Lock()
	_, dup := l.seen[key]
	l.seen[key] = struct{}{}
	l.mu.Unlock()
	if dup {
		return nil
	}
	return rel(BulkRel{Type: st.rel, StartLabel: st.label, StartID: actor, EndLabel: st.other, EndID: event})
}
