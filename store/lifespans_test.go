package store

import (
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// TestLifespansSeekTheirRange: what ends in a window is read through the
// range indexes on validFrom and validTo, not by scanning every record of
// a kind: with 20 000 actors and 20 000 cooperations ending long before
// the window, no statement scans a label or a relationship type and the
// reads cost far fewer database hits than the records there are.
// Checked in Neo4j's own units, which do not depend on the machine.
func TestLifespansSeekTheirRange(t *testing.T) {
	ctx, s := setupBase(t)
	if _, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (any, error) {
		return collect(ctx, tx, `UNWIND range(1, 20000) AS i
CREATE (a:Actor {id: 'act_old_' + i, name: 'Old ' + i, kind: 'ASSOCIATION', sector: 'NON_PROFIT',
  validFrom: date('2001-01-01'), validTo: date('2002-01-01') + duration({days: i % 300})})
WITH a, i WHERE i > 1
MATCH (b:Actor {id: 'act_old_' + (i - 1)})
CREATE (a)-[:COOPERATES_WITH {id: 'coo_old_' + i, kind: 'FUNDING', strength: 0.5,
  validFrom: date('2001-01-01') + duration({days: i % 300}), validTo: date('2002-01-01') + duration({days: i % 300})}]->(b)`, nil)
	}); err != nil {
		t.Fatal(err)
	}
	from := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	p, err := domain.WindowAfter(from, "P90D", "within")
	if err != nil {
		t.Fatal(err)
	}
	for _, end := range []domain.LifespanEnd{domain.Began, domain.Ended} {
		pctx, prof := WithProfile(ctx)
		got, err := s.LifespanTotals(pctx, domain.LifespanQuery{Period: p, End: end})
		if err != nil {
			t.Fatal(err)
		}
		if got.Actors != 0 || got.Cooperations != 0 {
			t.Errorf("end %d: %+v of the old records in %s", end, got, p)
		}
		ops := prof.Operators()
		if scans := prof.Scans(); len(scans) > 0 || ops["DirectedRelationshipTypeScan"]+ops["UndirectedRelationshipTypeScan"] > 0 {
			t.Errorf("end %d scans: %q (operators %v)", end, scans, ops)
		}
		if hits := prof.DBHits(); hits > 5_000 {
			t.Errorf("end %d reads %d db hits over 40 000 old records: %q", end, hits, prof.Costs())
		}
	}
}
