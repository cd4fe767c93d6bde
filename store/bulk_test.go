package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// bulkDigest describes the records BulkLoad gives for the batches as
// graphDigest describes a graph: unset properties and timestamps left
// out. It checks that every record has both timestamps at now.
func bulkDigest(t *testing.T, batches []*ImportBatch, now time.Time) []string {
	t.Helper()
	l := NewBulkLoad(now)
	var out []string
	line := func(what string, ends []string, props map[string]any) {
		for _, k := range []string{"createdAt", "updatedAt"} {
			if props == nil {
				continue
			}
			if got, ok := props[k].(time.Time); !ok || !got.Equal(now) {
				t.Errorf("%s %v: %s = %v, want %v", what, ends, k, props[k], now)
			}
		}
		keys := make([]string, 0, len(props))
		for k, v := range props {
			if v != nil && k != "createdAt" && k != "updatedAt" {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		var b strings.Builder
		fmt.Fprintf(&b, "%s %v", what, ends)
		for _, k := range keys {
			fmt.Fprintf(&b, " %s=%v", k, props[k])
		}
		out = append(out, b.String())
	}
	for _, b := range batches {
		err := l.Records(b, func(n BulkNode) error {
			if n.ID != n.Props["id"] {
				t.Errorf("node %s has the id property %v", n.ID, n.Props["id"])
			}
			labels := slices.Clone(n.Labels)
			slices.Sort(labels)
			line(strings.Join(labels, ":"), []string{}, n.Props)
			return nil
		}, func(r BulkRel) error {
			line(r.Type, []string{r.StartID, r.EndID}, r.Props)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(out)
	return out
}

// bulkBatches are the batches of baseDataset as an import writes them,
// with repeated links and participations.
func bulkBatches() []*ImportBatch {
	ds := baseDataset()
	ds.Actors[0].NeighbourhoodIDs = append(ds.Actors[0].NeighbourhoodIDs, ds.Actors[0].NeighbourhoodIDs[0])
	places := domain.Dataset{TargetGroups: ds.TargetGroups, Topics: ds.Topics, Neighbourhoods: ds.Neighbourhoods}
	rest := *ds
	rest.TargetGroups, rest.Topics, rest.Neighbourhoods = nil, nil, nil
	return []*ImportBatch{{Dataset: places, NodesOnly: true}, {Dataset: places}, {Dataset: rest},
		{Participations: []Participation{{EventID: "evt_spring", ActorID: "act_school"}, {EventID: "evt_spring", ActorID: "act_hafen"},
			{EventID: "evt_spring", ActorID: "act_hafen"}}}}
}

func TestBulkRecordsAreWhatImportBatchesWrite(t *testing.T) {
	ctx, s := setup(t)
	for _, b := range bulkBatches() {
		if err := s.WriteImportBatch(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	want := graphDigest(t, s)
	got := bulkDigest(t, bulkBatches(), time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC))
	if !slices.Equal(got, want) {
		t.Errorf("BulkLoad gives %d records, the import batches wrote %d; first difference:\n%s", len(got), len(want), firstDiff(got, want))
	}
}

func TestBulkLoadSkipsNodesOnlyAndChecksLikeCheckImport(t *testing.T) {
	l := NewBulkLoad(time.Now())
	count := 0
	emit := func(BulkNode) error { count++; return nil }
	rel := func(BulkRel) error { count++; return nil }
	if err := l.Records(bulkBatches()[0], emit, rel); err != nil || count != 0 {
		t.Errorf("a nodes-only batch gave %d records, error %v; want none", count, err)
	}
	bad := &ImportBatch{Dataset: domain.Dataset{Cooperations: []domain.Cooperation{
		{ID: "coo_self", FromID: "act_a", ToID: "act_a", Kind: domain.CoopFunding, Strength: 0.5}}}}
	want := CheckImport(bad)
	err := l.Records(bad, emit, rel)
	if want == nil || err == nil || err.Error() != want.Error() || count != 0 {
		t.Errorf("bad batch: %v, %d records; want CheckImport's %v and none", err, count, want)
	}
	stop := errors.New("stop")
	if err := l.Records(bulkBatches()[1], func(BulkNode) error { return stop }, rel); !errors.Is(err, stop) {
		t.Errorf("the callback's error: got %v", err)
	}
}

func TestBulkLoadLabelsAndDirections(t *testing.T) {
	l := NewBulkLoad(time.Now())
	labels := map[string][]string{}
	var rels []string
	err := l.Records(bulkBatches()[2], func(n BulkNode) error {
		labels[n.ID] = n.Labels
		return nil
	}, func(r BulkRel) error {
		rels = append(rels, fmt.Sprintf("(%s %s)-[%s]->(%s %s) %d", r.StartLabel, r.StartID, r.Type, r.EndLabel, r.EndID, len(r.Props)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	mustEqual(t, "school", labels["act_school"], []string{"Actor", "Institution"})
	mustEqual(t, "club", labels["act_club"], []string{"Actor", "Organisation"})
	for _, want := range []string{
		"(Actor act_club)-[OFFERS]->(Service svc_lern) 0",
		"(Service svc_lern)-[FOR]->(TargetGroup tg_kids) 0",
		"(Actor act_amt)-[ORGANISED]->(Event evt_spring) 0",
		"(Actor act_school)-[PARTICIPATED_IN]->(Event evt_spring) 0",
		"(Actor act_amt)-[COOPERATES_WITH]->(Actor act_club) 12",
		"(Person per_anna)-[WORKS_AT]->(Actor act_school) 9",
	} {
		if !slices.Contains(rels, want) {
			t.Errorf("no %s among %d relationships", want, len(rels))
		}
	}
}

func TestMigrateFinishesBulkImport(t *testing.T) {
	ctx, s := setup(t)
	fix, err := BulkFix([]string{"Actor.keywords"}, []string{"COOPERATES_WITH.tags"}, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	_, err = writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (any, error) {
		return collect(ctx, tx, `CREATE (:Actor {id: 'act_a'})-[:COOPERATES_WITH {id: 'coo_a'}]->(:Actor {id: 'act_b', keywords: ['x']})
CREATE (f:`+fix.Labels[0]+`) SET f = $props`, map[string]any{"props": fix.Props})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]*neo4j.Record, error) {
		return collect(ctx, tx, `MATCH (a:Actor) WITH a ORDER BY a.id
RETURN collect(a.keywords) AS k, COUNT { MATCH ()-[r {tags: []}]->() } AS r, COUNT { (:`+fix.Labels[0]+`) } AS f`, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	k, _ := got[0].Get("k")
	r, _ := got[0].Get("r")
	f, _ := got[0].Get("f")
	mustEqual(t, "keywords", fmt.Sprint(k), "[[] [x]]")
	mustEqual(t, "relationships with empty tags", r.(int64), 1)
	mustEqual(t, "fix nodes left", f.(int64), 0)
	if _, err := BulkFix([]string{"Actor.key words"}, nil, time.Now()); err == nil {
		t.Error("BulkFix took a property that is not a name")
	}
}
