package main

// The HSDS subcommands against a real Neo4j. Run with
//
//	KIEZGRAPH_REQUIRE_NEO4J=1 scripts/with-neo4j.sh go test -count=1 ./cmd/...
//
// Without NEO4J_URI the test skips, unless KIEZGRAPH_REQUIRE_NEO4J=1.

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/seed"
	"github.com/kiezgraph/kiezgraph/store"
)

// testStore opens the database of NEO4J_URI, applies the schema and
// wipes it.
func testStore(t *testing.T) *store.Store {
	t.Helper()
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		if os.Getenv("KIEZGRAPH_REQUIRE_NEO4J") == "1" {
			t.Fatal("NEO4J_URI is not set, but KIEZGRAPH_REQUIRE_NEO4J=1 requires the Neo4j tests")
		}
		t.Skip("no Neo4j (NEO4J_URI is not set; use scripts/with-neo4j.sh)")
	}
	st, err := store.Open(t.Context(), store.Config{URI: uri, User: os.Getenv("NEO4J_USER"), Password: os.Getenv("NEO4J_PASSWORD"),
		Database: os.Getenv("NEO4J_DATABASE"), RetryTime: 30 * time.Second}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close(t.Context()) })
	if err := st.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := st.Wipe(t.Context()); err != nil {
		t.Fatal(err)
	}
	return st
}

// kiezgraph runs the command with the test's environment.
func kiezgraph(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(t.Context(), args, os.Getenv, &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestHSDSExportAndImport(t *testing.T) {
	st := testStore(t)
	demo := seed.Demo()
	if err := st.LoadDataset(t.Context(), demo, 500); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "services.json")
	_, stderr, err := kiezgraph(t, "export", "-format", "hsds", "-as-of", seed.ReferenceDay, "-out", path)
	if err != nil || !strings.Contains(stderr, "services of") {
		t.Fatalf("export: %v\n%s", err, stderr)
	}
	var exported int
	if _, err := fmt.Sscanf(stderr[strings.Index(stderr, "hsds: ")+len("hsds: "):], "%d", &exported); err != nil {
		t.Fatalf("export: no count of services in %q: %v", stderr, err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	if err := st.Wipe(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := st.LoadDataset(t.Context(), &domain.Dataset{TargetGroups: demo.TargetGroups, Topics: demo.Topics,
		Neighbourhoods: demo.Neighbourhoods, Boundaries: demo.Boundaries}, 500); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, err := kiezgraph(t, "import", "-format", "hsds", path)
	if err != nil || !strings.Contains(stdout, path+" (actors): ") || !strings.Contains(stdout, path+" (services): ") || !strings.Contains(stdout, " 0 bad") {
		t.Fatalf("import: %v\n%s\n%s", err, stdout, stderr)
	}
	// The services' locations came along (service_at_locations with
	// latitude and longitude) and were placed in the demo's quarters.
	city := "nbh_lindenbrueck"
	placed, err := st.ServicesByPlace(t.Context(), store.ByPlace{Within: &city}, domain.PageArgs{First: 1})
	if err != nil {
		t.Fatal(err)
	}
	if placed.Total != exported || !strings.Contains(stdout, "locations of services written") {
		t.Errorf("%d services placed in the city after the import, want the %d exported\n%s", placed.Total, exported, stdout)
	}

	// Problems name file, line and field; nothing is written.
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("[\n{\"id\": \"s-1\", \"name\": \"S\", \"status\": \"active\", \"organization_id\": \"o-gone\"}\n]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, err = kiezgraph(t, "import", "-format", "hsds", bad)
	if want := bad + `:2: organization_id: no actor with key "o-gone"`; err == nil || !strings.Contains(stderr, want) {
		t.Errorf("err %v, stderr\n%s\nwant %s", err, stderr, want)
	}
	// A file that cannot be read is listed once, not for organizations
	// and services each.
	broken := filepath.Join(dir, "broken.json")
	if err := os.WriteFile(broken, []byte("[\n{\"id\": \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, err = kiezgraph(t, "import", "-format", "hsds", broken)
	if n := strings.Count(stderr, broken+":2: not valid JSON"); err == nil || n != 1 {
		t.Errorf("err %v, the problem listed %d times, want once:\n%s", err, n, stderr)
	}
	mapping := filepath.Join(dir, "mapping.csv")
	if err := os.WriteFile(mapping, []byte("hsds,match,kiezgraph\ntaxonomy_term,Kinder,kids\nservice_area,,x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = kiezgraph(t, "import", "-format", "hsds", "-mapping", mapping, bad)
	if want := mapping + `:2: kiezgraph: "kids" is not KIND:CODE or ignore`; err == nil || !strings.Contains(err.Error(), want) ||
		!strings.Contains(err.Error(), mapping+":3: match: is required") {
		t.Errorf("err %v, want %s and line 3", err, want)
	}
}

func TestHSDSFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"import", "-format", "hsds", "-type", "actors", "x.json"}, "-type does not apply"},
		{[]string{"import", "-mapping", "m.csv", "x.csv"}, "-mapping is for -format hsds"},
		{[]string{"import", "-format", "openreferral", "x.json"}, `-format must be hsds, geojson or empty, not "openreferral"`},
		{[]string{"export", "-format", "hsds", "-scores"}, "-kinds, -scores and -people do not apply"},
	} {
		if _, _, err := kiezgraph(t, c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: err %v, want %q", c.args, err, c.want)
		}
	}
}
