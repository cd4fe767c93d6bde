package confinement_test

import (
	"context"
	"os"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Statements of undo, one transaction: they put back the graph of a
// snapshot over the changes a write made since, far faster than wiping
// and loading the world again. Dynamic labels and types need Neo4j 5.26.
const (
	undoDeleteRels  = `UNWIND $rows AS e MATCH ()-[r]->() WHERE elementId(r) = e DELETE r`
	undoDeleteNodes = `UNWIND $rows AS e MATCH (n) WHERE elementId(n) = e DETACH DELETE n`
	undoAudit       = `MATCH (a:AuditEntry) WHERE NOT elementId(a) IN $keep DETACH DELETE a`
	undoSetNodes    = `UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.e
SET n = row.props
WITH n, row, [l IN labels(n) WHERE NOT l IN row.labels] AS drop
REMOVE n:$(drop) SET n:$(row.labels)`
	undoCreateNodes = `UNWIND $rows AS row CREATE (n:$(row.labels)) SET n = row.props`
	undoSetRels     = `UNWIND $rows AS row MATCH ()-[r]->() WHERE elementId(r) = row.e SET r = row.props`
	undoCreateRels  = `UNWIND $rows AS row MATCH (a {id: row.a})
CALL (row) { MATCH (b {id: row.b}) RETURN b UNION MATCH (b:ServiceListing {key: row.b}) RETURN b }
CREATE (a)-[r:$(row.type)]->(b) SET r = row.props`
)

// undo writes back the records of before that differ in after: it
// deletes what after added (audit entries included), sets the properties
// and labels of what changed, and creates again what was deleted. The
// caller checks the outcome against before.
func undo(ctx context.Context, before, after snapshot) error {
	var delRels, delNodes []string
	var setNodes, newNodes, setRels, newRels []map[string]any
	for k, a := range after.records {
		b, ok := before.records[k]
		switch {
		case !ok && a.labels == nil:
			delRels = append(delRels, a.element)
		case !ok:
			delNodes = append(delNodes, a.element)
		case b.body == a.body:
		case a.labels == nil:
			setRels = append(setRels, map[string]any{"e": a.element, "props": b.props})
		default:
			setNodes = append(setNodes, map[string]any{"e": a.element, "props": b.props, "labels": b.labels})
		}
	}
	for k, b := range before.records {
		if _, ok := after.records[k]; ok {
			continue
		}
		if b.labels == nil {
			newRels = append(newRels, map[string]any{"a": b.ends[0], "b": b.ends[1], "type": b.kind, "props": b.props})
		} else {
			newNodes = append(newNodes, map[string]any{"labels": b.labels, "props": b.props})
		}
	}
	db := os.Getenv("NEO4J_DATABASE")
	if db == "" {
		db = "neo4j"
	}
	sess := drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: db})
	defer func() { _ = sess.Close(ctx) }()
	_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		for _, s := range []struct {
			cypher string
			params map[string]any
		}{
			{undoDeleteRels, map[string]any{"rows": delRels}},
			{undoDeleteNodes, map[string]any{"rows": delNodes}},
			{undoAudit, map[string]any{"keep": slices.Clone(before.auditIDs)}},
			{undoSetNodes, map[string]any{"rows": setNodes}},
			{undoCreateNodes, map[string]any{"rows": newNodes}},
			{undoSetRels, map[string]any{"rows": setRels}},
			{undoCreateRels, map[string]any{"rows": newRels}},
		} {
			res, err := tx.Run(ctx, s.cypher, s.params)
			if err != nil {
				return nil, err
			}
			if _, err := res.Consume(ctx); err != nil {
				return nil, err
			}
		}
		return nil, nil
	})
	return err
}
