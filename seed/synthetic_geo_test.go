package seed

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/geojson"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/importer"
)

func TestSyntheticPlaces(t *testing.T) {
	dir, stats := generate(t, SyntheticOptions{Actors: 1800, Seed: 5})
	again, _ := generate(t, SyntheticOptions{Actors: 1800, Seed: 5})
	raw, err := os.ReadFile(filepath.Join(dir, PlacesFile))
	if err != nil {
		t.Fatal(err)
	}
	if other, _ := os.ReadFile(filepath.Join(again, PlacesFile)); !bytes.Equal(raw, other) {
		t.Error("places differ between two runs with the same seed")
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		t.Fatal(err)
	}
	outlines, points := map[string]orb.Geometry{}, map[string]orb.Point{}
	for _, f := range fc.Features {
		key := f.Properties.MustString("key")
		if p, ok := f.Geometry.(orb.Point); ok {
			points[key] = p
			continue
		}
		if err := domain.CheckBoundary(f.Geometry); err != nil {
			t.Errorf("%s: %v", key, err)
		}
		outlines[key] = f.Geometry
	}
	// Parents and homes from the import files.
	parent := map[string]string{}
	for _, row := range readCSV(t, dir, importer.Neighbourhoods) {
		if row["parent"] != "" {
			parent[row["key"]] = row["parent"]
		}
	}
	if len(outlines) != len(parent)+1 {
		t.Errorf("%d outlines for %d neighbourhoods", len(outlines), len(parent)+1)
	}
	parts := map[string]float64{}
	for child, p := range parent {
		parts[p] += geo.Area(outlines[child])
		if _, d, stray := domain.Strays(outlines[child], outlines[p], 1); stray {
			t.Errorf("%s strays %.1f m outside %s", child, d, p)
		}
	}
	for p, sum := range parts {
		if whole := geo.Area(outlines[p]); math.Abs(sum-whole) > whole*1e-5 {
			t.Errorf("the parts of %s cover %.0f m² of %.0f m²", p, sum, whole)
		}
	}
	actors := readCSV(t, dir, importer.Actors)
	services := readCSV(t, dir, importer.Services)
	if len(actors) != stats[importer.Actors] || len(services) != stats[importer.Services] ||
		len(points) != len(actors)+len(services) {
		t.Errorf("%d points for %d actors and %d services", len(points), len(actors), len(services))
	}
	homes := map[string]string{}
	for _, a := range actors {
		home, _, _ := strings.Cut(a["neighbourhoods"], ";") // the first is where the actor sits
		homes[a["key"]] = home
		if !domain.Contains(outlines[home], points[a["key"]]) {
			t.Errorf("actor %s lies outside its place %s", a["key"], home)
		}
	}
	// Services take place in their provider's home, most at its point.
	atProvider := 0
	for _, s := range services {
		pt, ok := points[s["key"]]
		if !ok {
			t.Errorf("service %s has no point", s["key"])
			continue
		}
		if home := homes[s["provider"]]; !domain.Contains(outlines[home], pt) {
			t.Errorf("service %s lies outside its provider's place %s", s["key"], home)
		}
		if pt == points[s["provider"]] {
			atProvider++
		}
	}
	if share := float64(atProvider) / float64(len(services)); share < 0.55 || share > 0.8 {
		t.Errorf("%.2f of the services take place at their provider's point, want about 2/3", share)
	}
}
