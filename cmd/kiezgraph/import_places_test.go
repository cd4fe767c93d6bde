package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb/geojson"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/seed"
	"github.com/kiezgraph/kiezgraph/store"
)

// TestImportGeoJSONCommand imports the demo's quarter outlines of Nord as
// a city would publish them (a FeatureCollection keyed by official code),
// then a broken copy, which must be refused feature by feature with
// nothing written.
func TestImportGeoJSONCommand(t *testing.T) {
	st := testStore(t)
	demo := seed.Demo()
	if err := st.LoadDataset(t.Context(), &domain.Dataset{TargetGroups: demo.TargetGroups, Topics: demo.Topics,
		Neighbourhoods: demo.Neighbourhoods}, 500); err != nil {
		t.Fatal(err)
	}
	codes := map[string]string{}
	for _, n := range demo.Neighbourhoods {
		codes[n.ID] = *n.OfficialCode
	}
	fc := geojson.NewFeatureCollection()
	for _, b := range demo.Boundaries {
		f := geojson.NewFeature(b.Geometry)
		f.Properties = geojson.Properties{"PLR_ID": codes[b.NeighbourhoodID]}
		fc.Append(f)
	}
	dir := t.TempDir()
	write := func(name string, fc *geojson.FeatureCollection) string {
		raw, err := json.Marshal(fc)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, raw, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := write("lor.geojson", fc)
	stdout, stderr, err := kiezgraph(t, "import", "-format", "geojson", "-key-property", "PLR_ID", good)
	if want := "23 features, 23 outlines and 0 locations written"; err != nil || !strings.Contains(stdout, want) {
		t.Fatalf("import: %v, want %q\n%s\n%s", err, want, stdout, stderr)
	}

	// Broken: an unknown key and a number for a key.
	fc.Features[3].Properties["PLR_ID"] = "99999999"
	fc.Features[5].Properties["PLR_ID"] = 110102
	bad := write("bad.geojson", fc)
	if err := st.Wipe(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := st.LoadDataset(t.Context(), &domain.Dataset{Neighbourhoods: demo.Neighbourhoods}, 500); err != nil {
		t.Fatal(err)
	}
	_, stderr, err = kiezgraph(t, "import", "-format", "geojson", "-key-property", "PLR_ID", bad)
	for _, want := range []string{bad + `:4 (PLR_ID 99999999): unknown key`, bad + ":6: property PLR_ID is 110102, a float64"} {
		if err == nil || !strings.Contains(stderr, want) {
			t.Errorf("err %v, stderr\n%s\nwant %s", err, stderr, want)
		}
	}
	outlines, err := st.FinestOutlines(t.Context())
	if err != nil || len(outlines) != 0 {
		t.Errorf("%d outlines stored after a refused import (%v)", len(outlines), err)
	}
	if _, _, err := kiezgraph(t, "import", "-format", "geojson", good); err == nil || !strings.Contains(err.Error(), "-key-property") {
		t.Errorf("without -key-property: %v", err)
	}
}

// TestExportPlaces exports the demo city as GeoJSON for QGIS and as GEXF
// with node positions.
func TestExportPlaces(t *testing.T) {
	st := testStore(t)
	demo := seed.Demo()
	if err := st.LoadDataset(t.Context(), demo, 500); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "city.geojson")
	_, stderr, err := kiezgraph(t, "export", "-format", "geojson", "-scores", "-scope", "nbh_nord", "-as-of", seed.ReferenceDay, "-out", path)
	if err != nil {
		t.Fatalf("export: %v\n%s", err, stderr)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		t.Fatal(err)
	}
	layers := map[string]int{}
	scored := 0
	for _, f := range fc.Features {
		layers[f.Properties.MustString("layer")]++
		if _, ok := f.Properties["betweenness"]; ok {
			scored++
		}
	}
	// Nord, its five quarters; actors and services of Nord at their places.
	if layers["neighbourhood"] != 6 || layers["actor"] == 0 || layers["service"] == 0 || scored == 0 {
		t.Errorf("layers %v, %d scored actors\n%s", layers, scored, stderr)
	}
	gexf := filepath.Join(t.TempDir(), "nord.gexf")
	if _, stderr, err := kiezgraph(t, "export", "-format", "gexf", "-scope", "nbh_nord", "-as-of", seed.ReferenceDay, "-out", gexf); err != nil {
		t.Fatalf("export: %v\n%s", err, stderr)
	}
	raw, err = os.ReadFile(gexf)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(raw), "<viz:position "); n == 0 || n != strings.Count(string(raw), "<node ") {
		t.Errorf("%d positions for %d nodes", n, strings.Count(string(raw), "<node "))
	}
	if _, _, err := kiezgraph(t, "export", "-format", "geojson", "-people"); err == nil || !strings.Contains(err.Error(), "-people does not apply") {
		t.Errorf("geojson with -people: %v", err)
	}
}

// TestGeneratedCityOnTheMap generates a small city and imports its
// records and then its places, as the generate command's usage says.
func TestGeneratedCityOnTheMap(t *testing.T) {
	st := testStore(t)
	if err := st.Wipe(t.Context()); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, stderr, err := kiezgraph(t, "generate", "-actors", "120", "-seed", "3", "-out", dir); err != nil {
		t.Fatalf("generate: %v\n%s", err, stderr)
	}
	if _, stderr, err := kiezgraph(t, "import", dir); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	stdout, stderr, err := kiezgraph(t, "import", "-format", "geojson", "-key-property", "key", filepath.Join(dir, seed.PlacesFile))
	// 1 city, 1 district, 2 quarters; 120 actors and their 61 services
	// (generate's report above).
	if want := "185 features, 4 outlines and 181 locations written"; err != nil || !strings.Contains(stdout, want) || strings.Contains(stdout, "outside every outline") {
		t.Fatalf("import places: %v, want %q\n%s\n%s", err, want, stdout, stderr)
	}
	city := "s3-city"
	all, err := st.ListNeighbourhoods(t.Context(), &domain.NeighbourhoodFilter{Levels: []domain.Level{domain.LevelCity}}, nil, domain.PageArgs{First: 1})
	if err != nil || len(all.Items) != 1 || *all.Items[0].ExternalKey != city {
		t.Fatalf("city: %+v %v", all.Items, err)
	}
	placed, err := st.ActorsByPlace(t.Context(), store.ByPlace{Within: &all.Items[0].ID}, domain.PageArgs{First: 1})
	if err != nil || placed.Total != 120 {
		t.Errorf("%d actors placed in the city, want 120 (%v)", placed.Total, err)
	}
	offered, err := st.ServicesByPlace(t.Context(), store.ByPlace{Within: &all.Items[0].ID}, domain.PageArgs{First: 1})
	if err != nil || offered.Total != 61 {
		t.Errorf("%d services placed in the city, want 61 (%v)", offered.Total, err)
	}
}
