package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/internal/neo4jtest"
	"github.com/kiezgraph/kiezgraph/store"
)

const examples = "../examples/import"

// importPaths plans and runs an import of paths.
// testIDKey keys people's ids in imports that tests compare with each
// other (Options.IDKey).
var testIDKey = []byte("importer-test-id-key")

func importPaths(t *testing.T, st Store, opt Options, paths ...string) (*Report, error) {
	t.Helper()
	files, err := Plan(paths, "")
	if err != nil {
		t.Fatal(err)
	}
	return Run(t.Context(), st, files, opt)
}

// mustImport imports paths and fails the test on any error.
func mustImport(t *testing.T, st Store, paths ...string) *Report {
	t.Helper()
	rep, err := importPaths(t, st, Options{Batch: 2, IDKey: testIDKey}, paths...)
	if err != nil {
		for _, f := range rep.Files {
			for _, p := range f.Problems {
				t.Log(p)
			}
		}
		t.Fatal(err)
	}
	return rep
}

// copyExamples copies the example files to a temporary directory, with
// the files in replace written instead.
func copyExamples(t *testing.T, replace map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(examples)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(examples, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if r, ok := replace[e.Name()]; ok {
			b = []byte(r)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestImportExamplesTwiceChangesNothing(t *testing.T) {
	ctx, st := setup(t)
	counted := st.ImportRows()
	rep := mustImport(t, st, examples)
	if rep.Bad() != 0 || rep.Written() != 66 {
		t.Fatalf("first import: %d bad, %d written, want 0 and 66", rep.Bad(), rep.Written())
	}
	if n := st.ImportRows() - counted; n != 66 {
		t.Errorf("the store counted %d import rows for its metrics, want 66", n)
	}
	first := neo4jtest.Snapshot(t, testDriver)
	mustImport(t, st, examples)
	if second := neo4jtest.Snapshot(t, testDriver); !slices.Equal(first, second) {
		t.Errorf("the second import changed the graph:\nbefore %d items, after %d", len(first), len(second))
	}
	total, err := st.CountAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if total != int64(len(first)) {
		t.Errorf("CountAll = %d, snapshot has %d", total, len(first))
	}
	// What the rows say arrived: labels by kind, defaults, lists, the
	// hierarchy, participations, and the id given in a row.
	for _, c := range []struct {
		what   string
		cypher string
		want   int64
	}{
		{"nodes (no service listings)", "MATCH (n) WHERE NOT n:ServiceListing RETURN count(n) AS c", 12 + 13 + 4 + 6 + 3 + 3 + 3 + 2 + 2},
		{"institutions", "MATCH (n:Institution) RETURN count(n) AS c", 2},
		{"organisations", "MATCH (n:Organisation) RETURN count(n) AS c", 4},
		{"quarters in the city", "MATCH (:Neighbourhood {level: 'QUARTER'})-[:PART_OF]->(:Neighbourhood)-[:PART_OF]->(c:Neighbourhood {id: 'nbh_musterstadt'}) RETURN count(*) AS c", 2},
		{"family centre active in", "MATCH (:Actor {externalKey: 'ms-a-fz-rosenhof'})-[:ACTIVE_IN]->(n) RETURN count(n) AS c", 2},
		{"directed by default", "MATCH ()-[r:COOPERATES_WITH {directed: true}]->() RETURN count(r) AS c", 2},
		{"default strength", "MATCH ()-[r:COOPERATES_WITH {externalKey: 'ms-c-0004'}]->() WHERE r.strength = 0.5 RETURN count(r) AS c", 1},
		{"participations", "MATCH (:Actor)-[r:PARTICIPATED_IN]->(:Event) RETURN count(r) AS c", 5},
		{"services for vocabulary", "MATCH (:Service {externalKey: 'ms-s-sprachcafe'})-[:FOR]->(t:TargetGroup) RETURN count(t) AS c", 2},
		{"need evidence", "MATCH (n:Need {externalKey: 'ms-n-muehlbach-kinder-bildung'}) WHERE n.evidenceValue = 46.5 AND n.evidenceYear = 2023 RETURN count(n) AS c", 1},
		{"derived ids", "MATCH (n:Actor) WHERE n.id = 'act_' + substring(n.id, 4) AND size(n.id) = 24 RETURN count(n) AS c", 6},
	} {
		if got := neo4jtest.Count(t, testDriver, c.cypher, nil); got != c.want {
			t.Errorf("%s: %d, want %d", c.what, got, c.want)
		}
	}
	want := DeriveID("act_", "ms-a-gs-muehlbach")
	if got := neo4jtest.Count(t, testDriver, "MATCH (n:Actor {id: $id, name: 'Grundschule am Mühlbach'}) RETURN count(n) AS c", map[string]any{"id": want}); got != 1 {
		t.Errorf("no actor with the derived id %s", want)
	}
}

func TestChangedRowUpdatesInPlace(t *testing.T) {
	ctx, st := setup(t)
	mustImport(t, st, examples)
	id := DeriveID("act_", "ms-a-elterncafe")
	before, err := st.Actors(ctx, []string{id})
	if err != nil || len(before) != 1 {
		t.Fatalf("actor %s: %v, %v", id, before, err)
	}
	b, err := os.ReadFile(filepath.Join(examples, "actors.csv"))
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(b), "Elterncafé Mühlbach e. V.,MIGRANT_ORGANISATION,CIVIL_SOCIETY,ms-west-muehlbach",
		"Elterncafé Mühlbach und Rosenhof e. V.,MIGRANT_ORGANISATION,CIVIL_SOCIETY,ms-west-muehlbach;ms-west-rosenhof", 1)
	nodes := neo4jtest.Count(t, testDriver, "MATCH (n) RETURN count(n) AS c", nil)
	mustImport(t, st, copyExamples(t, map[string]string{"actors.csv": changed}))
	if got := neo4jtest.Count(t, testDriver, "MATCH (n) RETURN count(n) AS c", nil); got != nodes {
		t.Errorf("nodes after the changed import: %d, want %d", got, nodes)
	}
	after, err := st.Actors(ctx, []string{id})
	if err != nil {
		t.Fatal(err)
	}
	a := after[id]
	if a.Name != "Elterncafé Mühlbach und Rosenhof e. V." || !a.CreatedAt.Equal(before[id].CreatedAt) || !a.UpdatedAt.After(a.CreatedAt) {
		t.Errorf("after the change: name %q, createdAt %v (was %v), updatedAt %v", a.Name, a.CreatedAt, before[id].CreatedAt, a.UpdatedAt)
	}
	if got := neo4jtest.Count(t, testDriver, "MATCH (:Actor {id: $id})-[:ACTIVE_IN]->(n) RETURN count(n) AS c", map[string]any{"id": id}); got != 2 {
		t.Errorf("the changed actor is active in %d neighbourhoods, want 2", got)
	}
}

// TestImportedStatus: a file can bring records in as drafts (any case),
// and a later file without the status column leaves the status alone
// while one with it changes it.
func TestImportedStatus(t *testing.T) {
	ctx, st := setup(t)
	mustImport(t, st, examples)
	b, err := os.ReadFile(filepath.Join(examples, "actors.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "status")
	withStatus := func(status string) string {
		var out bytes.Buffer
		w := csv.NewWriter(&out)
		for i, r := range rows {
			r = slices.Clone(r)
			if i > 0 {
				r[col] = status
			}
			_ = w.Write(r)
		}
		w.Flush()
		return out.String()
	}
	withoutColumn := func() string {
		var out bytes.Buffer
		w := csv.NewWriter(&out)
		for _, r := range rows {
			_ = w.Write(slices.Delete(slices.Clone(r), col, col+1))
		}
		w.Flush()
		return out.String()
	}
	id := DeriveID("act_", "ms-a-elterncafe")
	statusOf := func() domain.RecordStatus {
		t.Helper()
		got, err := st.Actors(ctx, []string{id})
		if err != nil || len(got) != 1 {
			t.Fatalf("actor %s: %v, %v", id, got, err)
		}
		return got[id].Status
	}
	for _, c := range []struct {
		name, file string
		want       domain.RecordStatus
	}{
		{"drafts", withStatus("draft"), domain.StatusDraft},
		{"a file without the column", withoutColumn(), domain.StatusDraft},
		{"a file with the column empty", withStatus(""), domain.StatusDraft},
		{"published", withStatus("ACTIVE"), domain.StatusActive},
		{"archived", withStatus("ARCHIVED"), domain.StatusArchived},
	} {
		mustImport(t, st, copyExamples(t, map[string]string{"actors.csv": c.file}))
		if got := statusOf(); got != c.want {
			t.Errorf("%s: status %s, want %s", c.name, got, c.want)
		}
	}
}

// badActors has good rows at lines 2 and 4 and bad rows at lines 3
// (unknown kind), 5 (a date that is none) and 6 (a neighbourhood that
// does not exist).
const badActors = `key,name,kind,sector,neighbourhoods,validFrom
ba-1,Good One,ASSOCIATION,NON_PROFIT,ms-west-muehlbach,2020-01-01
ba-2,Bad Kind,SPACESHIP,NON_PROFIT,ms-west-muehlbach,
ba-3,Good Two,SCHOOL,PUBLIC,ms-west-rosenhof,
ba-4,Bad Date,ASSOCIATION,NON_PROFIT,,2020-02-30
ba-5,Dangling,ASSOCIATION,NON_PROFIT,ms-nowhere,
`

func TestBadFileWritesNothingUnlessPartial(t *testing.T) {
	ctx, st := setup(t)
	mustImport(t, st, filepath.Join(examples, "neighbourhoods.csv"))
	before, err := st.CountAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "actors.csv")
	if err := os.WriteFile(path, []byte(badActors), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := importPaths(t, st, Options{Batch: 1}, path)
	if !errors.Is(err, ErrBadRows) {
		t.Fatalf("err = %v, want ErrBadRows", err)
	}
	if after, _ := st.CountAll(ctx); after != before {
		t.Errorf("a file with bad rows wrote %d items", after-before)
	}
	want := []string{
		path + ":3: kind: \"SPACESHIP\" is not one of",
		path + ":5: validFrom: \"2020-02-30\" is not a date (want YYYY-MM-DD)",
		path + ":6: neighbourhoods: no neighbourhood with key \"ms-nowhere\" in this import or the database",
	}
	got := rep.Files[0].Problems
	if len(got) != len(want) || rep.Files[0].Bad != 3 {
		t.Fatalf("problems %v (%d bad), want %d", got, rep.Files[0].Bad, len(want))
	}
	for i, p := range got {
		if !strings.HasPrefix(p.String(), want[i]) {
			t.Errorf("problem %d: %q, want prefix %q", i, p, want[i])
		}
	}

	rep, err = importPaths(t, st, Options{Batch: 1, Partial: true}, path)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files[0].Written != 2 || rep.Files[0].Bad != 3 || len(rep.Files[0].Problems) != 3 {
		t.Errorf("partial: %d written, %d bad, problems %v; want 2, 3", rep.Files[0].Written, rep.Files[0].Bad, rep.Files[0].Problems)
	}
	if got := neo4jtest.Count(t, testDriver, "MATCH (n:Actor) RETURN collect(n.externalKey) AS keys, count(n) AS c", nil); got != 2 {
		t.Errorf("partial import wrote %d actors, want 2", got)
	}
}

func TestDanglingReferenceWithFileAndLine(t *testing.T) {
	_, st := setup(t)
	dir := copyExamples(t, map[string]string{"cooperations.csv": "key,from,to,kind\n" +
		"x-1,ms-a-wohnbau,ms-a-qm-muehlbach,FUNDING\n" +
		"x-2,ms-a-wohnbau,ms-a-gone,FUNDING\n"})
	rep, err := importPaths(t, st, Options{}, dir)
	if !errors.Is(err, ErrBadRows) {
		t.Fatalf("err = %v, want ErrBadRows", err)
	}
	want := filepath.Join(dir, "cooperations.csv") + `:3: to: no actor with key "ms-a-gone" in this import or the database`
	var got []string
	for _, f := range rep.Files {
		for _, p := range f.Problems {
			got = append(got, p.String())
		}
	}
	if !slices.Equal(got, []string{want}) {
		t.Errorf("problems %q, want %q", got, want)
	}
	if n := neo4jtest.Count(t, testDriver, "MATCH (n) RETURN count(n) AS c", nil); n != 0 {
		t.Errorf("%d nodes written, want none", n)
	}
}

func TestReferencesAndKeysOfStoredRecords(t *testing.T) {
	ctx, st := setup(t)
	// A stored actor whose id is not derived from its key, as the demo
	// city's and the API's are.
	key := "ms-a-jugendamt"
	ds := &domain.Dataset{Actors: []domain.Actor{{ID: "act_jugendamt-west", Name: "Jugendamt (alt)", Kind: domain.KindYouthOffice,
		Sector: domain.SectorPublic, Meta: domain.Meta{ExternalKey: &key}}}}
	if err := st.LoadDataset(ctx, ds, 0); err != nil {
		t.Fatal(err)
	}
	mustImport(t, st, examples)
	if got := neo4jtest.Count(t, testDriver, "MATCH (n:Actor {externalKey: $k}) WHERE n.id = 'act_jugendamt-west' AND n.name = 'Jugendamt Musterstadt-West' RETURN count(n) AS c",
		map[string]any{"k": key}); got != 1 {
		t.Errorf("the stored actor with the key was not updated in place")
	}
	if got := neo4jtest.Count(t, testDriver, "MATCH (:Actor {id: 'act_jugendamt-west'})-[r:COOPERATES_WITH]->() RETURN count(r) AS c", nil); got != 1 {
		t.Errorf("references to the stored actor's key: %d cooperations, want 1", got)
	}
	// A later import of links alone finds the actors in the database.
	dir := t.TempDir()
	p := filepath.Join(dir, "more-cooperations.csv")
	if err := os.WriteFile(p, []byte("key,from,to,kind\nms-c-9,ms-a-jugendamt,ms-a-wohnbau,INFORMATION_EXCHANGE\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustImport(t, st, p)
	if got := neo4jtest.Count(t, testDriver, "MATCH (:Actor {id: 'act_jugendamt-west'})-[r:COOPERATES_WITH]-() RETURN count(r) AS c", nil); got != 2 {
		t.Errorf("after the links-only import: %d cooperations, want 2", got)
	}
}

func TestReimportingEventsKeepsParticipants(t *testing.T) {
	_, st := setup(t)
	mustImport(t, st, examples)
	mustImport(t, st, filepath.Join(examples, "events.jsonl"))
	if got := neo4jtest.Count(t, testDriver, "MATCH (:Actor)-[r:PARTICIPATED_IN]->(:Event) RETURN count(r) AS c", nil); got != 5 {
		t.Errorf("participations after importing the events again: %d, want 5", got)
	}
}

// cancelAfter is a store that cancels the import after n batches, as a
// Ctrl-C would.
type cancelAfter struct {
	*store.Store
	n      int32
	cancel context.CancelFunc
}

func (c *cancelAfter) WriteImportBatch(ctx context.Context, b *store.ImportBatch) error {
	if atomic.AddInt32(&c.n, -1) < 0 {
		c.cancel()
		return ctx.Err()
	}
	return c.Store.WriteImportBatch(ctx, b)
}

func TestInterruptedImportResumes(t *testing.T) {
	_, st := setup(t)
	mustImport(t, st, examples)
	want := neo4jtest.Snapshot(t, testDriver, "createdAt")
	setup(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	files, err := Plan([]string{examples}, "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(ctx, &cancelAfter{Store: st, n: 10, cancel: cancel}, files, Options{Batch: 2, IDKey: testIDKey})
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("err = %v, want an interruption", err)
	}
	mustImport(t, st, examples)
	if got := neo4jtest.Snapshot(t, testDriver, "createdAt"); !slices.Equal(got, want) {
		t.Errorf("the resumed import differs from an uninterrupted one: %d vs %d items", len(got), len(want))
	}
}
