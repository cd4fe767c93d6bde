package hsds_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/hsds"
	"github.com/kiezgraph/kiezgraph/internal/neo4jtest"
	"github.com/kiezgraph/kiezgraph/internal/pythontest"
	"github.com/kiezgraph/kiezgraph/seed"
)

// python returns a python3 with jsonschema and its format checkers.
func python(t *testing.T) string {
	return pythontest.Python(t, "jsonschema[format-nongpl]", "jsonschema, rfc3986_validator, rfc3339_validator")
}

// validate runs testdata/validate.py, Python's jsonschema against the
// vendored HSDS schemas, on a file.
func validate(t *testing.T, py, path string) (string, error) {
	t.Helper()
	out, err := exec.CommandContext(t.Context(), py, filepath.Join("testdata", "validate.py"), filepath.Join("testdata", "schema"), path).CombinedOutput()
	return string(out), err
}

// TestExampleIsValidHSDS validates examples/hsds against the schemas.
func TestExampleIsValidHSDS(t *testing.T) {
	if out, err := validate(t, python(t), example); err != nil {
		t.Errorf("%s is not valid HSDS: %v\n%s", example, err, out)
	}
}

// demoDay is the day the demo city is exported as of.
var demoDay = func() time.Time {
	d, err := time.Parse(time.DateOnly, seed.ReferenceDay)
	if err != nil {
		panic(err)
	}
	return d
}()

// servicesOn describes every service valid on the day with its provider
// and links, one sorted line each, independent of ids and keys.
func servicesOn(t *testing.T, day time.Time) []string {
	t.Helper()
	recs := neo4jtest.Query(t, testDriver, `
MATCH (a:Actor)-[:OFFERS]->(s:Service)
WHERE (s.validFrom IS NULL OR s.validFrom <= date($day)) AND (s.validTo IS NULL OR s.validTo >= date($day))
RETURN s.name + ' | ' + coalesce(s.description, '') + ' | ' + coalesce(toString(s.lastConfirmed), '') + ' | ' +
  a.name + ' ' + a.kind + ' ' + a.sector + ' ' + coalesce(a.email, '') + ' ' + coalesce(a.phone, '') + ' | ' +
  reduce(x = '', c IN COLLECT { MATCH (s)-[:FOR]->(v) RETURN v.code ORDER BY v.code } | x + c + ' ') + '| ' +
  reduce(x = '', c IN COLLECT { MATCH (s)-[:ON]->(v) RETURN v.code ORDER BY v.code } | x + c + ' ') + '| ' +
  reduce(x = '', c IN COLLECT { MATCH (s)-[:AVAILABLE_IN]->(v) RETURN v.externalKey ORDER BY v.externalKey } | x + c + ' ') AS line`,
		map[string]any{"day": day.Format(time.DateOnly)})
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r["line"].(string)
	}
	slices.Sort(out)
	return out
}

// TestExportDemoValidatesAndRoundTrips exports the demo city's services
// as HSDS, validates the file with jsonschema against Open Referral's
// schemas, imports it into a database that holds only the demo's places
// and vocabularies, and compares what arrived with what was exported.
func TestExportDemoValidatesAndRoundTrips(t *testing.T) {
	py := python(t)
	st := setup(t)
	demo := seed.Demo()
	if err := st.LoadDataset(t.Context(), demo, 500); err != nil {
		t.Fatal(err)
	}
	// The day must matter: some of the demo's services have ended.
	var ended int
	for _, s := range demo.Services {
		if !s.ValidOn(demoDay) {
			ended++
		}
	}
	if ended == 0 {
		t.Fatal("no demo service has ended by the reference day; the test would not see the day's effect")
	}
	want := servicesOn(t, demoDay)
	if len(want) == 0 || len(want) != len(demo.Services)-ended {
		t.Fatalf("%d services valid on the day, want %d", len(want), len(demo.Services)-ended)
	}
	providers := neo4jtest.Count(t, testDriver, `MATCH (a:Actor)-[:OFFERS]->(s:Service)
WHERE (s.validFrom IS NULL OR s.validFrom <= date($day)) AND (s.validTo IS NULL OR s.validTo >= date($day))
RETURN count(DISTINCT a) AS c`, map[string]any{"day": seed.ReferenceDay})

	path := filepath.Join(t.TempDir(), "demo-hsds.json")
	var buf bytes.Buffer
	stats, err := hsds.Export(t.Context(), st, hsds.Query{AsOf: demoDay}, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Services != len(want) || int64(stats.Organizations) != providers {
		t.Errorf("exported %d services of %d organizations, want %d of %d", stats.Services, stats.Organizations, len(want), providers)
	}
	// Contact points travel as phones with function, hours and
	// languages (seed/demo_records.go), without the person who answers.
	if !bytes.Contains(buf.Bytes(), []byte(`"Quartiersbüro; TU,WE,TH 10:00–17:00; languages: de, tr, ar"`)) {
		t.Error("the quarter management's contact point is not among the phones")
	}
	for _, r := range demo.Roles {
		if r.ActorID == seed.QMContactActorID {
			for _, p := range demo.People {
				if p.ID == r.PersonID && bytes.Contains(buf.Bytes(), []byte(p.Name)) {
					t.Errorf("the export names %s", p.Name)
				}
			}
		}
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := validate(t, py, path); err != nil {
		t.Fatalf("the export is not valid HSDS: %v\n%s", err, out)
	}

	// The validator can fail: a service without status and with an id
	// that is no UUID is refused.
	var page map[string]any
	if err := json.Unmarshal(buf.Bytes(), &page); err != nil {
		t.Fatal(err)
	}
	// Every demo service takes place somewhere: its location goes out
	// with latitude and longitude (and is validated above).
	located := 0
	for _, c := range page["contents"].([]any) {
		sals, _ := c.(map[string]any)["service_at_locations"].([]any)
		if len(sals) > 0 {
			if loc := sals[0].(map[string]any)["location"].(map[string]any); loc["latitude"] != nil && loc["longitude"] != nil {
				located++
			}
		}
	}
	if located != len(want) {
		t.Errorf("%d of %d services exported with a located place", located, len(want))
	}
	first := page["contents"].([]any)[0].(map[string]any)
	delete(first, "status")
	first["organization"].(map[string]any)["id"] = "act_not-a-uuid"
	broken, _ := json.Marshal(page)
	brokenPath := filepath.Join(t.TempDir(), "broken.json")
	if err := os.WriteFile(brokenPath, broken, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := validate(t, py, brokenPath)
	if err == nil || !strings.Contains(out, "'status' is a required property") || !strings.Contains(out, "'act_not-a-uuid' is not a 'uuid'") {
		t.Errorf("the broken file passed or failed for other reasons: %v\n%s", err, out)
	}

	// Round trip into a database with the demo's places and vocabularies
	// but no actors or services.
	setup(t)
	if err := st.LoadDataset(t.Context(), &domain.Dataset{TargetGroups: demo.TargetGroups, Topics: demo.Topics,
		Neighbourhoods: demo.Neighbourhoods}, 500); err != nil {
		t.Fatal(err)
	}
	rep := mustImportHSDS(t, st, "", path)
	if rep.Files[0].Written != int(providers) || rep.Files[1].Written != len(want) {
		t.Errorf("imported %d organizations and %d services, want %d and %d", rep.Files[0].Written, rep.Files[1].Written, providers, len(want))
	}
	if got := neo4jtest.Count(t, testDriver, "MATCH (a:Actor) RETURN count(a) AS c", nil); got != providers {
		t.Errorf("%d actors after the round trip, want %d", got, providers)
	}
	got := servicesOn(t, demoDay)
	if !slices.Equal(got, want) {
		for _, l := range got {
			if !slices.Contains(want, l) {
				t.Errorf("arrived, not exported: %s", l)
			}
		}
		for _, l := range want {
			if !slices.Contains(got, l) {
				t.Errorf("exported, not arrived: %s", l)
			}
		}
	}
	before := neo4jtest.Snapshot(t, testDriver)
	mustImportHSDS(t, st, "", path)
	if after := neo4jtest.Snapshot(t, testDriver); !slices.Equal(before, after) {
		t.Errorf("importing the export again changed the graph: %d items before, %d after", len(before), len(after))
	}
}

// TestExportScope exports the services reaching a quarter: those
// available there, and the district-wide and city-wide ones.
func TestExportScope(t *testing.T) {
	st := setup(t)
	if err := st.LoadDataset(t.Context(), seed.Demo(), 500); err != nil {
		t.Fatal(err)
	}
	scope := seed.OverlapQuarterID
	page, err := st.ListServices(t.Context(), &domain.ServiceFilter{Neighbourhood: &scope, AsOf: &demoDay}, nil, domain.PageArgs{First: 1})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	stats, err := hsds.Export(t.Context(), st, hsds.Query{Scope: &scope, AsOf: demoDay}, &buf)
	if err != nil {
		t.Fatal(err)
	}
	all, err := hsds.Export(t.Context(), st, hsds.Query{AsOf: demoDay}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Services != page.Total || stats.Services == 0 || stats.Services >= all.Services {
		t.Errorf("%d services in scope, %d in the city; want %d, more than none and fewer than all", stats.Services, all.Services, page.Total)
	}
	var got struct {
		TotalItems int            `json:"total_items"`
		Contents   []hsds.Service `json:"contents"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, s := range got.Contents {
		names[s.ID] = true
	}
	for _, id := range []string{seed.OverlapServiceAID, seed.OverlapServiceBID, seed.OverlapServiceCID} {
		if !names[hsds.UUID(id)] {
			t.Errorf("the quarter's service %s is missing", id)
		}
	}
	if got.TotalItems != len(got.Contents) || len(got.Contents) != stats.Services {
		t.Errorf("total_items %d, %d contents, %d exported", got.TotalItems, len(got.Contents), stats.Services)
	}
}
