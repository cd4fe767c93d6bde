package bulk

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/importer"
	"github.com/kiezgraph/kiezgraph/internal/neo4jtest"
	"github.com/kiezgraph/kiezgraph/store"
)

// trickyFiles are added to the example city: values that CSV must
// quote, line breaks, unicode, empty and repeated lists, a tiny double,
// and participations repeated within and across files.
var trickyFiles = map[string]string{
	"tricky-actors.jsonl": `{"key": "t-a-quotes", "name": "Verein \"Miteinander\", e.V.", "kind": "ASSOCIATION", "sector": "CIVIL_SOCIETY", "neighbourhoods": ["ms-west-muehlbach", "ms-west-muehlbach"], "description": "Zeile eins\nZeile zwei, mit \\ Backslash und \"Anführungszeichen\"\r\nEnde \\", "keywords": ["a,b", "c\"d", "ü ß 🙂", "x;y"], "email": "post@miteinander.example"}
{"key": "t-a-plain", "name": "Sportfreunde 1908", "kind": "SPORTS_CLUB", "sector": "NON_PROFIT", "keywords": [], "validFrom": "1908-05-01"}
`,
	"tricky-needs.jsonl": `{"key": "t-n-tiny", "targetGroup": "CHILDREN_6_13", "topic": "EDUCATION", "neighbourhood": "ms-west-muehlbach", "severity": "LOW", "evidenceIndicator": "tiny", "evidenceValue": 1e-7, "evidenceYear": 2024}
`,
	"more-event_participants.csv": "event,actor\nms-e-kiezrunde-2025-09,t-a-quotes\nms-e-kiezrunde-2025-09,t-a-quotes\nms-e-kiezrunde-2025-09,ms-a-qm-muehlbach\n",
}

// cityFiles copies the example city and the tricky files into a
// directory and plans their import.
func cityFiles(t *testing.T) []importer.File {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir("../examples/import")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("../examples/import", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, body := range trickyFiles {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, err := importer.Plan([]string{dir}, "")
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// graph describes every node (labels) and relationship (type and the
// ids of its ends) with every property, its type and value; of createdAt
// and updatedAt only the type. Sorted, so two equal descriptions are the
// same graph.
func graph(t *testing.T, drv neo4j.DriverWithContext) []string {
	t.Helper()
	res, err := neo4j.ExecuteQuery(t.Context(), drv, `
CALL () {
  MATCH (n) RETURN labels(n) AS what, properties(n) AS p, [] AS ends
  UNION ALL
  MATCH (a)-[r]->(b) RETURN [type(r)] AS what, properties(r) AS p, [a.id, b.id] AS ends
}
RETURN what, p, ends`, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase("neo4j"))
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, 0, len(res.Records))
	for _, r := range res.Records {
		m := r.AsMap()
		var labels []string
		for _, l := range m["what"].([]any) {
			labels = append(labels, l.(string))
		}
		slices.Sort(labels)
		props := m["p"].(map[string]any)
		keys := make([]string, 0, len(props))
		for k := range props {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var b strings.Builder
		fmt.Fprintf(&b, "%s %v", strings.Join(labels, ":"), m["ends"])
		for _, k := range keys {
			if k == "createdAt" || k == "updatedAt" {
				fmt.Fprintf(&b, " %s=%T", k, props[k])
			} else {
				fmt.Fprintf(&b, " %s=%s", k, typed(props[k]))
			}
		}
		out = append(out, b.String())
	}
	slices.Sort(out)
	return out
}

// typed writes a value with its type, and a list with its items' types.
func typed(v any) string {
	if l, ok := v.([]any); ok {
		items := make([]string, len(l))
		for i, x := range l {
			items[i] = typed(x)
		}
		return "[" + strings.Join(items, " ") + "]"
	}
	return fmt.Sprintf("%T(%q)", v, fmt.Sprint(v))
}

func TestBulkImportGivesTheGraphOfTheOnlineImport(t *testing.T) {
	if testStore == nil {
		t.Skip("no Neo4j (NEO4J_URI is not set)")
	}
	ctx := t.Context()
	files := cityFiles(t)

	// Online, into the shared database.
	if err := testStore.Wipe(ctx); err != nil {
		t.Fatal(err)
	}
	// Both runs create the same people, so they derive their ids with
	// the same key (importer.Options.IDKey).
	idKey := []byte("bulk-test-id-key-0123456789abcdef")
	rep, err := importer.Run(ctx, testStore, files, importer.Options{IDKey: idKey})
	if err != nil {
		t.Fatal(err)
	}
	want := graph(t, testDriver)

	// Offline: CSV, neo4j-admin into a database of the test's own, and
	// the schema.
	dir := filepath.Join(t.TempDir(), "csv")
	bs, err := New(dir, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	bulkRep, err := importer.Run(ctx, bs, files, importer.Options{Batch: 4, IDKey: idKey})
	if err != nil {
		t.Fatal(err)
	}
	if bulkRep.Written() != rep.Written() || bulkRep.Bad() != 0 {
		t.Errorf("bulk: %d rows written, %d bad; online %d written", bulkRep.Written(), bulkRep.Bad(), rep.Written())
	}
	sum, err := bs.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Multiline {
		t.Error("the line breaks of the tricky actor did not ask for --multiline-fields")
	}
	db := neo4jtest.Own(t, "bulk")
	if err := db.Run(ctx, "bulk-import", db.Dir, dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(db.Dir, "data", "databases", "neo4j", "neostore")); err != nil {
		t.Fatalf("the admin tool did not write the store where the launcher serves it: %v", err)
	}
	if err := db.Start(ctx); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, store.Config{URI: db.URI(), Database: "neo4j", RetryTime: 30 * time.Second},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = st.Close(ctx) }()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	drv, err := neo4j.NewDriverWithContext(db.URI(), neo4j.NoAuth())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = drv.Close(ctx) }()
	got := graph(t, drv)

	// Migrate adds the service listings (store/listing.go), which the
	// CSV files leave to it.
	records := 0
	for _, l := range got {
		if !strings.HasPrefix(l, "LISTED ") && !strings.HasPrefix(l, "ServiceListing ") {
			records++
		}
	}
	if records == len(got) {
		t.Error("Migrate listed no service")
	}
	if records != sum.Nodes+sum.Relationships {
		t.Errorf("the database holds %d records, the CSV files %d nodes and %d relationships", records, sum.Nodes, sum.Relationships)
	}
	if !slices.Equal(got, want) {
		t.Errorf("bulk import: %d items, online import: %d", len(got), len(want))
		for _, l := range want {
			if !slices.Contains(got, l) {
				t.Errorf("only online: %s", l)
			}
		}
		for _, l := range got {
			if !slices.Contains(want, l) {
				t.Errorf("only bulk:   %s", l)
			}
		}
	}
	for _, part := range []string{`name=string("Verein \"Miteinander\", e.V.")`, `keywords=[]`, `evidenceValue=float64("1e-07")`,
		`Zeile zwei, mit \\ Backslash`} {
		if !slices.ContainsFunc(got, func(l string) bool { return strings.Contains(l, part) }) {
			t.Errorf("no record has %s", part)
		}
	}

	if err := db.Run(ctx, "bulk-import", db.Dir, dir); err == nil || !strings.Contains(err.Error(), "is running") {
		t.Errorf("bulk-import into the running instance: %v", err)
	}
}
