package importer

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/store"
)

// lorFixture makes a small LOR-like hierarchy: a city, district "01"
// and its planning areas "01100101" (west half) and "01100102" (east
// half, drawn as a MultiPolygon with a detached island), keyed by
// official codes with leading zeros as Berlin publishes them.
func lorFixture(t *testing.T, st *store.Store) map[string]string {
	t.Helper()
	ctx := t.Context()
	ids := map[string]string{}
	mk := func(code, name string, level domain.Level, parent *string) *string {
		c := code
		n, err := st.CreateNeighbourhood(ctx, domain.Neighbourhood{Name: name, Level: level, OfficialCode: &c, ParentID: parent})
		if err != nil {
			t.Fatal(err)
		}
		ids[code] = n.ID
		return &n.ID
	}
	city := mk("11", "Teststadt", domain.LevelCity, nil)
	d := mk("01", "Mitte", domain.LevelDistrict, city)
	mk("01100101", "Westkiez", domain.LevelQuarter, d)
	mk("01100102", "Ostkiez", domain.LevelQuarter, d)
	return ids
}

func ring(pts ...[2]float64) [][2]float64 { return append(pts, pts[0]) }

func sq(lon, lat, w, h float64) [][2]float64 {
	return ring([2]float64{lon, lat}, [2]float64{lon + w, lat}, [2]float64{lon + w, lat + h}, [2]float64{lon, lat + h})
}

type feature struct {
	key  any
	typ  string
	coor any
}

// writeCollection writes a FeatureCollection with key property PLR_ID
// and, when crs is not empty, the legacy crs member.
func writeCollection(t *testing.T, crs string, fs ...feature) string {
	t.Helper()
	fc := map[string]any{"type": "FeatureCollection"}
	if crs != "" {
		fc["crs"] = map[string]any{"type": "name", "properties": map[string]any{"name": crs}}
	}
	var list []any
	for _, f := range fs {
		list = append(list, map[string]any{"type": "Feature", "properties": map[string]any{"PLR_ID": f.key, "PLR_NAME": "x"},
			"geometry": map[string]any{"type": f.typ, "coordinates": f.coor}})
	}
	fc["features"] = list
	b, err := json.Marshal(fc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "lor.geojson")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

var (
	district = feature{"01", "Polygon", [][][2]float64{sq(13.30, 52.50, 0.10, 0.05)}}
	west     = feature{"01100101", "Polygon", [][][2]float64{sq(13.30, 52.50, 0.05, 0.05)}}
	east     = feature{"01100102", "MultiPolygon", [][][][2]float64{
		{sq(13.35, 52.50, 0.04, 0.05)},
		{sq(13.395, 52.51, 0.004, 0.004)}, // a detached island, still inside the district
	}}
)

func TestImportGeoJSONOutlines(t *testing.T) {
	ctx, st := setup(t)
	ids := lorFixture(t, st)
	path := writeCollection(t, "urn:ogc:def:crs:OGC:1.3:CRS84", district, west, east)
	rep, err := ImportGeoJSON(ctx, st, []string{path}, GeoJSONOptions{KeyProperty: "PLR_ID"})
	if err != nil {
		t.Fatalf("import: %v %v", err, rep.Problems)
	}
	if rep.Written != 3 {
		t.Fatalf("wrote %d outlines, want 3", rep.Written)
	}
	got, err := st.Boundaries(ctx, []string{ids["01100101"], ids["01100102"], ids["11"]})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("outlines of %d neighbourhoods, want 2 (the city has none)", len(got))
	}
	if _, ok := got[ids["01100102"]].(orb.MultiPolygon); !ok {
		t.Errorf("east is a %T, want the MultiPolygon it was imported as", got[ids["01100102"]])
	}
	within, err := st.OutlinesWithin(ctx, ids["01"], []domain.Level{domain.LevelQuarter})
	if err != nil {
		t.Fatal(err)
	}
	if len(within) != 2 || *within[0].Neighbourhood.OfficialCode != "01100101" {
		t.Errorf("quarters within the district: %+v, want both by code", within)
	}
	finest, err := st.FinestOutlines(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(finest) != 2 {
		t.Errorf("finest outlines: %d, want the 2 quarters", len(finest))
	}
}

func TestImportGeoJSONRefusesBadFeatures(t *testing.T) {
	ctx, st := setup(t)
	lorFixture(t, st)
	bowTie := feature{"01100101", "Polygon", [][][2]float64{ring([2]float64{13.30, 52.50}, [2]float64{13.35, 52.55}, [2]float64{13.35, 52.50}, [2]float64{13.30, 52.55})}}
	strays := feature{"01100102", "Polygon", [][][2]float64{sq(13.36, 52.50, 0.05, 0.05)}} // 0.01° ≈ 680 m east of the district
	tests := []struct {
		name   string
		crs    string
		fs     []feature
		reason string
	}{
		{"self-intersecting ring", "", []feature{district, bowTie}, ":2 (PLR_ID 01100101): polygon 0 ring 0: ring intersects itself"},
		{"projected CRS", "urn:ogc:def:crs:EPSG::25833", []feature{district}, ":0: CRS urn:ogc:def:crs:EPSG::25833 is not WGS 84"},
		{"projected coordinates without crs", "", []feature{{"01", "Polygon", [][][2]float64{sq(390000, 5820000, 500, 500)}}}, "EPSG:25833"},
		{"unknown key", "", []feature{{"09999999", "Polygon", west.coor}}, ":1 (PLR_ID 09999999): unknown key"},
		{"numeric key", "", []feature{{1100101, "Polygon", west.coor}}, ":1: property PLR_ID is 1.100101e+06, a float64: official keys are strings"},
		{"duplicate key", "", []feature{west, west}, ":2 (PLR_ID 01100101): key \"01100101\" is also at"},
		{"quarter outside its district", "", []feature{district, strays}, ":2 (PLR_ID 01100102): quarter lies outside its parent's outline by"},
		{"line geometry", "", []feature{{"01", "LineString", [][2]float64{{13.3, 52.5}, {13.4, 52.5}}}}, "want Polygon or MultiPolygon"},
		{"point of no record", "", []feature{{"01", "Point", [2]float64{13.3, 52.5}}}, `unknown key: no actor or service has external key "01"`},
		{"point off the globe", "", []feature{{"a-1", "Point", [2]float64{390000, 5820000}}}, "EPSG:25833"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeCollection(t, tt.crs, append(tt.fs, east)...)
			rep, err := ImportGeoJSON(ctx, st, []string{path}, GeoJSONOptions{KeyProperty: "PLR_ID"})
			if !errors.Is(err, ErrBadFeatures) {
				t.Fatalf("import: %v, want ErrBadFeatures", err)
			}
			var all []string
			for _, p := range rep.Problems {
				all = append(all, p.String())
			}
			if !strings.Contains(strings.Join(all, "\n"), path+tt.reason) && !strings.Contains(strings.Join(all, "\n"), tt.reason) {
				t.Errorf("problems:\n%s\nwant one with %q", strings.Join(all, "\n"), tt.reason)
			}
			if rep.Written != 0 {
				t.Errorf("wrote %d outlines despite bad features", rep.Written)
			}
			if n, err := st.FinestOutlines(ctx); err != nil || len(n) != 0 {
				t.Errorf("stored outlines after a refused import: %d, %v", len(n), err)
			}
		})
	}
}

func TestLocationsArePlacedByOutline(t *testing.T) {
	ctx, st := setup(t)
	ids := lorFixture(t, st)
	path := writeCollection(t, "", district, west, east)
	if _, err := ImportGeoJSON(ctx, st, []string{path}, GeoJSONOptions{KeyProperty: "PLR_ID"}); err != nil {
		t.Fatal(err)
	}
	a, err := st.CreateActor(ctx, domain.Actor{Name: "Nachbarschaftshaus", Kind: domain.KindAssociation, Sector: domain.SectorNonProfit})
	if err != nil {
		t.Fatal(err)
	}
	given := ids["01100101"]
	locs := []domain.Location{
		{ID: "loc_west", Latitude: 52.52, Longitude: 13.32},
		{ID: "loc_island", Latitude: 52.512, Longitude: 13.397},
		{ID: "loc_border", Latitude: 52.52, Longitude: 13.35}, // on the shared edge: the first quarter by id
		{ID: "loc_outside", Latitude: 52.60, Longitude: 13.32},
		{ID: "loc_given", Latitude: 52.60, Longitude: 13.32, NeighbourhoodID: &given},
	}
	unplaced, err := st.SetLocations(ctx, "Actor", a.ID, locs)
	if err != nil {
		t.Fatal(err)
	}
	if len(unplaced) != 1 || unplaced[0].Location.ID != "loc_outside" {
		t.Errorf("unplaced %+v, want loc_outside reported", unplaced)
	}
	got, err := st.ActorLocations(ctx, []string{a.ID})
	if err != nil {
		t.Fatal(err)
	}
	first := min(ids["01100101"], ids["01100102"])
	want := map[string]string{"loc_west": ids["01100101"], "loc_island": ids["01100102"], "loc_border": first, "loc_outside": "", "loc_given": given}
	if len(got[a.ID]) != len(want) {
		t.Fatalf("stored %d locations, want %d (an unplaced one is kept)", len(got[a.ID]), len(want))
	}
	for _, l := range got[a.ID] {
		q := ""
		if l.NeighbourhoodID != nil {
			q = *l.NeighbourhoodID
		}
		if q != want[l.ID] {
			t.Errorf("%s placed in %q, want %q", l.ID, q, want[l.ID])
		}
	}
	// Outlines change: the west quarter shrinks to its western half, so
	// loc_west (13.32) falls outside; the given neighbourhood stays.
	moved := feature{"01100101", "Polygon", [][][2]float64{sq(13.30, 52.50, 0.01, 0.05)}}
	if _, err := ImportGeoJSON(ctx, st, []string{writeCollection(t, "", moved)}, GeoJSONOptions{KeyProperty: "PLR_ID"}); err != nil {
		t.Fatal(err)
	}
	unplaced, err = st.PlaceLocations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, u := range unplaced {
		out = append(out, u.Location.ID)
	}
	if strings.Join(out, ",") != "loc_outside,loc_west" {
		t.Errorf("unplaced after the change: %v, want loc_outside and loc_west", out)
	}
}

func TestImportGeoJSONPointsAreLocations(t *testing.T) {
	ctx, st := setup(t)
	ids := lorFixture(t, st)
	key := "verein-1"
	a, err := st.CreateActor(ctx, domain.Actor{Name: "Kiezverein", Kind: domain.KindAssociation, Sector: domain.SectorNonProfit, Meta: domain.Meta{ExternalKey: &key}})
	if err != nil {
		t.Fatal(err)
	}
	point := feature{key, "Point", [2]float64{13.32, 52.52}}
	path := writeCollection(t, "", district, west, east, point)
	for range 2 { // twice: the same point is the same location
		rep, err := ImportGeoJSON(ctx, st, []string{path}, GeoJSONOptions{KeyProperty: "PLR_ID"})
		if err != nil {
			t.Fatalf("import: %v %v", err, rep.Problems)
		}
		if rep.Written != 3 || rep.Locations != 1 {
			t.Errorf("wrote %d outlines and %d locations, want 3 and 1", rep.Written, rep.Locations)
		}
	}
	got, err := st.ActorLocations(ctx, []string{a.ID})
	if err != nil {
		t.Fatal(err)
	}
	if l := got[a.ID]; len(l) != 1 || l[0].NeighbourhoodID == nil || *l[0].NeighbourhoodID != ids["01100101"] {
		t.Errorf("locations %+v, want one, placed in the west quarter", l)
	}
}
