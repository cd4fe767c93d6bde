package hsds_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/hsds"
	"github.com/kiezgraph/kiezgraph/importer"
	"github.com/kiezgraph/kiezgraph/internal/neo4jtest"
	"github.com/kiezgraph/kiezgraph/store"
)

const (
	example        = "../examples/hsds/wegweiser.json"
	exampleMapping = "../examples/hsds/mapping.csv"
	lernwerkstatt  = "fcf22d4f-6894-4e0a-8f38-e62e5d9061e8"
	treff          = "dc917777-6361-46de-89db-b7d2a3e020cb"
)

// importHSDS imports HSDS files with a mapping (none when "").
func importHSDS(t *testing.T, st *store.Store, mapping string, opt importer.Options, paths ...string) (*importer.Report, error) {
	t.Helper()
	var m *hsds.Mapping
	if mapping != "" {
		var err error
		if m, err = hsds.ReadMappingFile(mapping); err != nil {
			t.Fatal(err)
		}
	}
	files, err := hsds.Plan(paths, m)
	if err != nil {
		t.Fatal(err)
	}
	return importer.Run(t.Context(), st, files, opt)
}

// mustImportHSDS imports and fails the test on any problem.
func mustImportHSDS(t *testing.T, st *store.Store, mapping string, paths ...string) *importer.Report {
	t.Helper()
	rep, err := importHSDS(t, st, mapping, importer.Options{Batch: 2}, paths...)
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

// loadMusterstadt imports the example city of examples/import, whose
// places and vocabularies the HSDS example maps to.
func loadMusterstadt(t *testing.T, st *store.Store) {
	t.Helper()
	files, err := importer.Plan([]string{"../examples/import"}, "")
	if err != nil {
		t.Fatal(err)
	}
	// A fixed id key, so that tests comparing two loads see the same
	// people (importer.Options.IDKey).
	if _, err := importer.Run(t.Context(), st, files, importer.Options{IDKey: []byte("hsds-test-id-key")}); err != nil {
		t.Fatal(err)
	}
}

func TestImportExampleTwiceChangesNothing(t *testing.T) {
	st := setup(t)
	loadMusterstadt(t, st)
	before := neo4jtest.Count(t, testDriver, "MATCH (n) WHERE NOT n:ServiceListing RETURN count(n) AS c", nil)
	rep := mustImportHSDS(t, st, exampleMapping, "../examples/hsds")
	if rep.Written() != 6 || len(rep.Files) != 2 || rep.Files[0].Kind != importer.Actors || rep.Files[1].Kind != importer.Services {
		t.Fatalf("files %+v, %d written; want 2 organizations, then 4 services", rep.Files, rep.Written())
	}
	if got := neo4jtest.Count(t, testDriver, "MATCH (n) WHERE NOT n:ServiceListing RETURN count(n) AS c", nil); got != before+6 {
		t.Errorf("%d nodes after the import, want %d", got, before+6)
	}
	first := neo4jtest.Snapshot(t, testDriver)
	for _, c := range []struct {
		what   string
		cypher string
		want   int64
	}{
		{"kind from a term", "MATCH (a:Organisation {externalKey: $o1, kind: 'ASSOCIATION', sector: 'NON_PROFIT', name: 'Lernwerkstatt Mühlbach e. V.', phone: '+49 123 98765'}) RETURN count(a) AS c", 1},
		{"default sector", "MATCH (a:Organisation {externalKey: $o2, kind: 'FAMILY_CENTRE', sector: 'NON_PROFIT'}) RETURN count(a) AS c", 1},
		{"services of the organization", "MATCH (:Actor {externalKey: $o1})-[:OFFERS]->(s:Service) RETURN count(s) AS c", 2},
		{"organization_id only", "MATCH (:Actor {externalKey: $o2})-[:OFFERS]->(s:Service {name: 'Familiencafé'}) RETURN count(s) AS c", 1},
		{"target groups and topics", "MATCH (s:Service {externalKey: '44a7b8a8-d4ca-4eb2-ba1a-eca9442774b7'})-[:FOR|ON]->(v) WHERE v.code IN ['CHILDREN_6_13', 'EDUCATION'] RETURN count(v) AS c", 2},
		{"ignored term", "MATCH (s:Service {name: 'Familiencafé'})-[:FOR|ON]->(v) RETURN count(v) AS c", 1},
		{"a term with two topics", "MATCH (s:Service {name: 'Bewegungstreff 60+'})-[:ON]->(v) WHERE v.code IN ['HEALTH', 'SPORT'] RETURN count(v) AS c", 2},
		{"area by name", "MATCH (:Service {externalKey: '44a7b8a8-d4ca-4eb2-ba1a-eca9442774b7'})-[:AVAILABLE_IN]->(:Neighbourhood {externalKey: 'ms-west-muehlbach'}) RETURN count(*) AS c", 1},
		{"location by postal code", "MATCH (:Service {name: 'Lesepaten'})-[:AVAILABLE_IN]->(:Neighbourhood {externalKey: 'ms-west-muehlbach'}) RETURN count(*) AS c", 1},
		{"actor active where its services are", "MATCH (:Actor {externalKey: $o2})-[:ACTIVE_IN]->(n) RETURN count(n) AS c", 1},
		{"assured date", "MATCH (s:Service {name: 'Lesepaten'}) WHERE s.lastConfirmed = date('2025-09-30') RETURN count(s) AS c", 1},
	} {
		if got := neo4jtest.Count(t, testDriver, c.cypher, map[string]any{"o1": lernwerkstatt, "o2": treff}); got != c.want {
			t.Errorf("%s: %d, want %d", c.what, got, c.want)
		}
	}
	mustImportHSDS(t, st, exampleMapping, example)
	if second := neo4jtest.Snapshot(t, testDriver); !slices.Equal(first, second) {
		t.Errorf("the second import changed the graph: %d items before, %d after", len(first), len(second))
	}
}

// caseFile writes content into a directory of its own.
func caseFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// minimal is an HSDS service on one line, with %s for its organization.
const minimal = `{"id": "%s", "name": "%s", "status": "active", %s}`

func TestImportProblems(t *testing.T) {
	st := setup(t)
	loadMusterstadt(t, st)
	b, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	wegweiser := string(b)
	m, err := os.ReadFile(exampleMapping)
	if err != nil {
		t.Fatal(err)
	}
	mapping := string(m)
	orgOK := `"organization": {"id": "o-1", "name": "O", "description": "", "attributes": [{"id": "a", "taxonomy_term": {"id": "t", "name": "Verein", "description": ""}}]}`
	for _, c := range []struct {
		name, file, content, mapping string
		// want are FILE:LINE: COLUMN: REASON prefixes, FILE left out.
		want []string
	}{
		{"unmapped term", "w.json", wegweiser, strings.Replace(mapping, "taxonomy_term,Kinder,targetGroup:CHILDREN_6_13\n", "", 1), []string{
			`:10: attributes[0]: taxonomy term "Kinder" (id 6c6f9314-de55-48eb-88f8-aacdde4b5e12) (code "KI") is not in the mapping`,
			`:135: attributes[0]: taxonomy term "Kinder"`}},
		{"unmapped area and location", "w.json", wegweiser, strings.Replace(mapping, "service_area,Mühlbach,ms-west-muehlbach\nservice_area,Rosenhof,ms-west-rosenhof\nlocation,12345,ms-west-muehlbach\n", "service_area,Mühlbach,ms-west-muehlbach\n", 1), []string{
			`:135: service_at_locations[0]: location "Stadtteilbibliothek Mühlbach" (id 6fd1c14a-0865-4058-8cca-734644a17053) is not in the mapping`,
			`:255: service_areas[0]: service area "Rosenhof" (id 7a9b8c6d-1e2f-4a3b-8c4d-5e6f7a8b9c0d) is not in the mapping`,
			`:349: service_areas[0]: service area "Rosenhof"`}},
		{"area mapped to no neighbourhood", "w.json", wegweiser, strings.Replace(mapping, "Rosenhof,ms-west-rosenhof", "Rosenhof,ms-west-rosengarten", 1), []string{
			// The organization is active where its services are, and
			// its services are bad with it.
			`:262: service_areas: no neighbourhood with key "ms-west-rosengarten" in this import or the database`,
			`:255: organization_id: actor "dc917777-6361-46de-89db-b7d2a3e020cb" is not imported: its row (`,
			`:349: organization_id: actor "dc917777-6361-46de-89db-b7d2a3e020cb" is not imported: its row (`,
		}},
		{"dangling organization", "s.json", "[\n" + fmt.Sprintf(minimal, "s-1", "S", `"organization_id": "o-gone"`) + "\n]", mapping, []string{
			`:2: organization_id: no actor with key "o-gone" in this import or the database`}},
		{"no organization", "s.json", "[\n" + fmt.Sprintf(minimal, "s-1", "S", `"description": "x"`) + "\n]", mapping, []string{
			`:2: organization_id: is required: kiezgraph needs the organization that provides the service`}},
		{"organization without kind", "s.json", "[\n" + fmt.Sprintf(minimal, "s-1", "S", `"organization": {"id": "o-1", "name": "O", "description": ""}`) + "\n]", mapping, []string{
			`:2: organization.attributes: no taxonomy term maps to a kind, and the mapping gives no default (a row organization,*,kind:…)`,
			`:2: organization_id: actor "o-1" is not imported: its row (`}},
		{"one line, one bad service", "s.json", "[" + fmt.Sprintf(minimal, "s-1", "Gut", orgOK) + ", " + fmt.Sprintf(minimal, "s-2", "", orgOK) + ", 7]", mapping, []string{
			`:1: name: must be 1 to 200 characters`,
			`:1: want a service object`}},
		{"javascript website", "s.json", "[\n" + fmt.Sprintf(minimal, "s-1", "S", strings.Replace(orgOK, `"description": ""`, `"description": "", "website": "javascript:alert(1)"`, 1)) + "\n]", mapping, []string{
			`:2: organization.website: must be an http or https URL`,
			`:2: organization_id: actor "o-1" is not imported: its row (`}},
		{"NUL in a service description", "s.json", "[\n" + fmt.Sprintf(minimal, "s-1", "S", orgOK+`, "description": "a\u0000b"`) + "\n]", mapping, []string{
			`:2: description: must not contain control or bidirectional formatting characters (found U+0000)`}},
		{"wrong type", "s.json", "[\n" + fmt.Sprintf(minimal, "s-1", "S", `"service_areas": {"id": "x"}`) + "\n]", mapping, []string{
			`:2: not an HSDS service: json: cannot unmarshal object into Go struct field Service.service_areas`}},
		{"bad date", "s.json", "{\n" + strings.TrimPrefix(fmt.Sprintf(minimal, "s-1", "S", orgOK+`, "assured_date": "30.09.2025"`), "{"), mapping, []string{
			`:1: assured_date: "30.09.2025" is not a date (want YYYY-MM-DD)`}},
		{"not JSON", "s.json", "[\n{\"id\": \"s-1\",\n", mapping, []string{
			// Once for the organizations, once for the services.
			`:2: not valid JSON: unexpected EOF (nothing of this file is imported)`,
			`:2: not valid JSON: unexpected EOF (nothing of this file is imported)`}},
		{"an object that is no page", "s.json", `{"contents": {"id": "x"}}`, mapping, []string{
			`:1: contents: want an array of services`,
			`:1: contents: want an array of services`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := caseFile(t, c.file, c.content)
			mp := caseFile(t, "mapping.csv", c.mapping)
			rep, err := importHSDS(t, st, mp, importer.Options{DryRun: true, Partial: true}, path)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range rep.Files {
				for _, p := range f.Problems {
					if p.File != path {
						t.Errorf("problem in %s, want %s", p.File, path)
					}
					got = append(got, strings.TrimPrefix(p.String(), path))
				}
			}
			if len(got) != len(c.want) {
				t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			for i, w := range c.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("problem %d: %s\nwant %s…", i, got[i], w)
				}
			}
		})
	}
}

// TestImportTabular imports the tables of examples/hsds/tabular, the
// same directory as wegweiser.json in HSDS's tabular form: the graph is
// the same, and importing the tables again changes nothing.
func TestImportTabular(t *testing.T) {
	st := setup(t)
	loadMusterstadt(t, st)
	mustImportHSDS(t, st, exampleMapping, example)
	fromJSON := neo4jtest.Snapshot(t, testDriver, "createdAt")
	setup(t)
	loadMusterstadt(t, st)
	rep := mustImportHSDS(t, st, exampleMapping, "../examples/hsds/tabular")
	if rep.Written() != 6 || !strings.HasSuffix(rep.Files[0].Path, "organizations.csv") || !strings.HasSuffix(rep.Files[1].Path, "services.csv") {
		t.Errorf("files %+v, %d written; want organizations.csv, then services.csv, 6 rows", rep.Files, rep.Written())
	}
	if got := neo4jtest.Snapshot(t, testDriver, "createdAt"); !slices.Equal(got, fromJSON) {
		for _, l := range got {
			if !slices.Contains(fromJSON, l) {
				t.Errorf("from the tables only: %s", l)
			}
		}
		for _, l := range fromJSON {
			if !slices.Contains(got, l) {
				t.Errorf("from the JSON only: %s", l)
			}
		}
	}
	first := neo4jtest.Snapshot(t, testDriver)
	mustImportHSDS(t, st, exampleMapping, "../examples/hsds/tabular")
	if again := neo4jtest.Snapshot(t, testDriver); !slices.Equal(first, again) {
		t.Errorf("the second import changed the graph")
	}
}

func TestImportTabularProblems(t *testing.T) {
	st := setup(t)
	loadMusterstadt(t, st)
	for _, c := range []struct {
		name, table string
		edit        func(string) string
		want        []string
	}{
		{"dangling taxonomy term", "attributes.csv", func(s string) string {
			return strings.Replace(s, "6db15399-f631-43fd-a0a0-0750c54c5174", "00000000-0000-4000-8000-000000000000", 1)
		}, []string{`services.csv:2: attributes.csv: attributes.csv:4: taxonomy_term_id "00000000-0000-4000-8000-000000000000" is not in taxonomy_terms.csv`}},
		{"dangling location", "service_at_locations.csv", func(s string) string {
			return strings.Replace(s, "6fd1c14a-0865-4058-8cca-734644a17053", "11111111-0000-4000-8000-000000000000", 1)
		}, []string{`services.csv:3: service_at_locations.csv: service_at_locations.csv:2: location_id "11111111-0000-4000-8000-000000000000" is not in locations.csv`}},
		{"dangling organization", "services.csv", func(s string) string {
			return strings.Replace(s, "dc917777-6361-46de-89db-b7d2a3e020cb,Familiencafé", "22222222-0000-4000-8000-000000000000,Familiencafé", 1)
		}, []string{`services.csv:5: organization_id: no actor with key "22222222-0000-4000-8000-000000000000" in this import or the database`}},
		{"broken table", "locations.csv", func(s string) string { return s + "\"x,y\n" }, []string{
			`organizations.csv:1: locations.csv:3: not valid CSV`, `services.csv:1: locations.csv:3: not valid CSV`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			entries, err := os.ReadDir("../examples/hsds/tabular")
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				b, err := os.ReadFile(filepath.Join("../examples/hsds/tabular", e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				if e.Name() == c.table {
					b = []byte(c.edit(string(b)))
				}
				if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			rep, err := importHSDS(t, st, exampleMapping, importer.Options{DryRun: true, Partial: true}, dir)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range rep.Files {
				for _, p := range f.Problems {
					got = append(got, strings.TrimPrefix(p.String(), dir+string(filepath.Separator)))
				}
			}
			if len(got) != len(c.want) {
				t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			for i, w := range c.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("problem %d: %s\nwant %s…", i, got[i], w)
				}
			}
		})
	}
}
