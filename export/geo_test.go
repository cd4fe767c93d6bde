package export_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/export"
)

// TestPositionsInEveryFormat: with positions, every format carries
// latitude and longitude of the actors that have one, and GEXF a
// viz:position; without, nothing changes (the golden files).
func TestPositionsInEveryFormat(t *testing.T) {
	ds := small()
	ds.Positions = map[string]orb.Point{"act_a-school": {10.401, 51.93}, "act_b-club": {10.42, 51.92}}
	out := writeAll(t, ds, export.Options{AsOf: asOf})
	tests := []struct {
		file string
		want []string
	}{
		{"gexf", []string{`xmlns:viz="http://gexf.net/1.3/viz"`, `<attvalue for="latitude" value="51.93"`, `<viz:position x="1157834" y="6787478" z="0"`}},
		{"graphml", []string{`attr.name="latitude"`, `>51.93<`}},
		{"cyjs", []string{`"latitude": 51.93`, `"longitude": 10.401`}},
		{"nodes.csv", []string{"latitude", "51.93", "10.401"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			for _, w := range tt.want {
				if !strings.Contains(string(out[tt.file]), w) {
					t.Errorf("%s lacks %q", tt.file, w)
				}
			}
		})
	}
	// The GEXF stays well-formed XML, with a position on the two nodes.
	dec := xml.NewDecoder(bytes.NewReader(out["gexf"]))
	positions := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "position" {
			positions++
		}
	}
	if positions != 2 {
		t.Errorf("%d viz:position elements, want 2", positions)
	}
}

func TestWriteGeoJSON(t *testing.T) {
	between := 0.25
	ds := export.GeoDataset{
		Neighbourhoods: []export.Outline{{
			Neighbourhood: domain.Neighbourhood{ID: "nbh_x", Name: "Westkiez", Level: domain.LevelQuarter, OfficialCode: ptr("0101"),
				Indicators: []domain.Indicator{{Name: "child poverty", Value: 40, Year: 2021}, {Name: "child poverty", Value: 45, Year: 2023}}},
			Geometry: orb.Polygon{{{10.4, 51.9}, {10.5, 51.9}, {10.5, 52}, {10.4, 51.9}}},
		}},
		Actors: small().Slice.Actors,
		Services: []domain.Service{{ID: "svc_1", Name: "Hausaufgabenhilfe", ProviderID: "act_a-school",
			TargetGroupIDs: []string{"tg_children"}, TopicIDs: []string{"top_education"}}},
		Locations: map[string][]domain.Location{
			"act_a-school": {{ID: "loc_b", Latitude: 51.93, Longitude: 10.41}, {ID: "loc_a", Latitude: 51.94, Longitude: 10.42, Address: ptr("Schulweg 1")}},
			"svc_1":        {{ID: "loc_c", Latitude: 51.93, Longitude: 10.41}},
		},
		Scores: map[string]export.Scores{"act_a-school": {Betweenness: &between, Degree: 3}},
	}
	var b bytes.Buffer
	if err := export.WriteGeoJSON(&b, ds); err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fc.Features {
		got = append(got, f.Properties.MustString("layer")+" "+f.Properties.MustString("id")+" "+f.Geometry.GeoJSONType())
	}
	want := []string{"neighbourhood nbh_x Polygon", "actor act_a-school Point", "actor act_a-school Point", "service svc_1 Point"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("features %v, want %v (actors without a location are left out)", got, want)
	}
	n, a := fc.Features[0].Properties, fc.Features[1].Properties
	if n["indicator: child poverty"] != 45.0 || n["officialCode"] != "0101" {
		t.Errorf("neighbourhood properties %v, want the newest indicator value", n)
	}
	if a["betweenness"] != 0.25 || a["degree"] != 3.0 || a["location"] != "loc_a" || a["address"] != "Schulweg 1" {
		t.Errorf("actor properties %v", a)
	}
	var again bytes.Buffer
	if err := export.WriteGeoJSON(&again, ds); err != nil || !bytes.Equal(b.Bytes(), again.Bytes()) {
		t.Errorf("a second write differs (%v)", err)
	}
	if !json.Valid(b.Bytes()) {
		t.Errorf("not JSON")
	}
}
