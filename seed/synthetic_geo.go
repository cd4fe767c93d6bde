package seed

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// PlacesFile is the file of a synthetic city's outlines and actors'
// points, beside its import files. Import it after them with
//
//	kiezgraph import -format geojson -key-property key DIR/places.geojson
const PlacesFile = "places.geojson"

// districtKm is the side of a district's square of the grid its seed is
// drawn in.
const districtKm = 4.0

// writePlaces writes the synthetic city on a map, made like the demo's:
// district seeds jittered on a grid inside a rectangular city, districts
// their Voronoi cells, each district's quarters the Voronoi cells of seeds
// drawn inside it, and every actor a point inside its quarter (district
// hubs inside the district's first quarter). Each service takes place at
// its provider's point two times in three, elsewhere in the provider's
// quarter otherwise. Features carry the records' external keys in the
// property "key". It draws from its own generators, seeded from the
// options, so the import files stay as they were, and the actors' points
// do not move when services are placed.
func (g *synth) writePlaces() error {
	rng := rand.New(rand.NewPCG(g.opts.Seed, 0x67656f))
	offers := rand.New(rand.NewPCG(g.opts.Seed, 0x737663))
	nd := len(g.hubs)
	cols := int(math.Ceil(math.Sqrt(float64(nd))))
	rows := (nd + cols - 1) / cols
	w, h := float64(cols)*districtKm, float64(rows)*districtKm
	city := []orb.Point{{-w / 2, -h / 2}, {w / 2, -h / 2}, {w / 2, h / 2}, {-w / 2, h / 2}}
	seeds := make([]orb.Point, nd)
	for d := range seeds {
		c, r := float64(d%cols), float64(d/cols)
		seeds[d] = orb.Point{-w/2 + (c+0.25+0.5*rng.Float64())*districtKm, -h/2 + (r+0.25+0.5*rng.Float64())*districtKm}
	}
	fc := geojson.NewFeatureCollection()
	add := func(key string, geom orb.Geometry) {
		f := geojson.NewFeature(geom)
		f.Properties = geojson.Properties{"key": key}
		fc.Append(f)
	}
	add(g.key+"city", outline(city))
	// place puts actor a at p (km) and its services at p or elsewhere
	// in cell.
	place := func(a int32, p orb.Point, cell []orb.Point) {
		add(g.actorKey(a), kmToDegrees(p))
		for s := range g.offers[a] {
			at := p
			if offers.IntN(3) == 0 {
				at = pointIn(offers, cell)
			}
			add(g.serviceKey(a, s), kmToDegrees(at))
		}
	}
	firstQuarter := map[int][]orb.Point{}
	for d := range nd {
		cell := voronoiCell(city, seeds[d], seeds)
		add(g.districtKey(d), outline(cell))
		var qs []int
		for q, qq := range g.quarter {
			if qq.district == d {
				qs = append(qs, q)
			}
		}
		qSeeds := make([]orb.Point, len(qs))
		for i := range qs {
			qSeeds[i] = pointIn(rng, cell)
		}
		for i, q := range qs {
			qCell := voronoiCell(cell, qSeeds[i], qSeeds)
			add(g.quarterKey(q), outline(qCell))
			if i == 0 {
				firstQuarter[d] = qCell
			}
			for a := g.quarter[q].start; a < g.quarter[q].end; a++ {
				place(a, pointIn(rng, qCell), qCell)
			}
		}
		for hub := range int32(len(hubKinds)) {
			place(g.hubs[d]+hub, pointIn(rng, firstQuarter[d]), firstQuarter[d])
		}
	}
	raw, err := json.Marshal(fc)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(g.opts.Dir, PlacesFile), raw, 0o644)
}
