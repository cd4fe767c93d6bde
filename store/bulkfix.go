package store

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Neo4j's offline importer reads an empty list cell as no value, where
// WriteImportBatch stores [] (toNeo). A bulk import therefore leaves a
// node labelled bulkFixLabel naming the list properties that had empty
// lists; the next Migrate sets them and deletes the node, so that a bulk
// import gives the graph an online import gives once the schema is
// applied.

// bulkFixLabel labels the node a bulk import leaves for Migrate.
const bulkFixLabel = "BulkImportFix"

// bulkFixBatch is how many missing lists Migrate sets per transaction.
const bulkFixBatch = 10000

// bulkFixName is a label (or type) and a property, "Label.property".
var bulkFixName = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9_]*)\.([A-Za-z][A-Za-z0-9_]*)$`)

// BulkFix returns the node that makes the next Migrate finish a bulk
// import: nodeLists and relLists name list properties of node labels and
// relationship types ("Actor.keywords") that every record of the type
// has, as a list, but that the importer left out where the list was
// empty. Migrate sets those to [] and deletes the node.
func BulkFix(nodeLists, relLists []string, now time.Time) (BulkNode, error) {
	for _, n := range append(append([]string(nil), nodeLists...), relLists...) {
		if !bulkFixName.MatchString(n) {
			return BulkNode{}, fmt.Errorf("store: bulk fix: %q is not Label.property", n)
		}
	}
	return BulkNode{Labels: []string{bulkFixLabel}, Props: map[string]any{
		"nodeLists": nodeLists, "relLists": relLists, "createdAt": now}}, nil
}

// finishBulkImport applies and deletes what bulk imports left for
// Migrate (see BulkFix).
func (s *Store) finishBulkImport(ctx context.Context) error {
	recs, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]*neo4j.Record, error) {
		return collect(ctx, tx, "MATCH (f:"+bulkFixLabel+") RETURN f.nodeLists AS nodes, f.relLists AS rels", nil)
	})
	if err != nil || len(recs) == 0 {
		return err
	}
	for _, r := range recs {
		for _, k := range []string{"nodes", "rels"} {
			v, _ := r.Get(k)
			names, _ := v.([]any)
			for _, n := range names {
				if err := s.fillEmptyLists(ctx, k == "rels", fmt.Sprint(n)); err != nil {
					return err
				}
			}
		}
	}
	_, err = writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (any, error) {
		return collect(ctx, tx, "MATCH (f:"+bulkFixLabel+") DELETE f", nil)
	})
	return err
}

// fillEmptyLists sets the property of name ("Label.property") to [] on
// the nodes (or relationships) of the label (type) that lack it, in one
// pass over them in transactions of bulkFixBatch (which needs an
// implicit transaction). Stopped midway, the next Migrate completes it.
func (s *Store) fillEmptyLists(ctx context.Context, rel bool, name string) error {
	m := bulkFixName.FindStringSubmatch(name)
	if m == nil {
		return fmt.Errorf("store: finish bulk import: %q is not Label.property", name)
	}
	match := "MATCH (n:`" + m[1] + "`)"
	if rel {
		match = "MATCH ()-[n:`" + m[1] + "`]->()"
	}
	cypher := fmt.Sprintf("%s WHERE n.`%s` IS NULL CALL (n) { SET n.`%[2]s` = [] } IN TRANSACTIONS OF %d ROWS RETURN count(*) AS c",
		match, m[2], bulkFixBatch)
	start := time.Now()
	sess, closeSession := s.session(ctx, neo4j.AccessModeWrite)
	defer closeSession()
	res, err := sess.Run(ctx, cypher, nil)
	if err != nil {
		return fmt.Errorf("store: finish bulk import: %s: %w", name, err)
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return fmt.Errorf("store: finish bulk import: %s: %w", name, err)
	}
	n, _ := rec.Get("c")
	s.log.Info("bulk import: empty lists set", "property", name, "records", n, "duration", time.Since(start).String())
	return nil
}
