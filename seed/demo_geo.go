package seed

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/kiezgraph/kiezgraph/domain"
)

// The demo city on the map. Lindenbrück is a convex octagon about 14 km
// across; its districts are the Voronoi cells of four seed points inside
// it, and each district's quarters the Voronoi cells of their seed points
// inside the district, so quarters tile their district and districts the
// city without gaps or overlaps. Everything is computed in a plane in
// kilometres around the city centre (planar enough at this size) and
// turned into WGS 84 degrees at the end; the seeds are fixed, so the map
// is the same on every run.
//
// Actors are placed inside their home quarter (district- and city-wide
// institutions in the district's or the city's first quarter), a fifth
// of them close to the quarter's edge; each service takes place at its
// provider's location. The senior meeting place SeniorProviderID in
// Kastanienhöhe lies SeniorProviderMetres from the outline of Lindenpark,
// the quarter of the senior gap, across their shared border: the finding
// the distance answers are for.

// SeniorProviderMetres is how far the senior meeting place lies from the
// outline of the senior gap's quarter.
const SeniorProviderMetres = 350.0

// cityCentre is where the fictional city lies (longitude, latitude).
var cityCentre = orb.Point{10.412, 51.927}

// cityOutline is the octagon around the centre, in km.
var cityOutline = func() []orb.Point {
	radii := []float64{7.5, 6.8, 7.0, 6.5, 6.2, 6.6, 7.2, 6.9}
	out := make([]orb.Point, len(radii))
	for i, r := range radii {
		a := float64(i) * math.Pi / 4
		out[i] = orb.Point{r * math.Cos(a), r * math.Sin(a)}
	}
	return out
}()

// districtSeeds and quarterSeeds are the Voronoi seeds in km; each
// quarter's seed lies inside its district's cell. Lindenpark and
// Kastanienhöhe are neighbours.
var (
	districtSeeds = map[string]orb.Point{"nord": {0, 3.5}, "mitte": {0, 0}, "sued": {0, -3.5}, "ost": {3.8, 0}}
	quarterSeeds  = map[string]orb.Point{
		"lindenpark": {-0.8, 3.0}, "kastanienhoehe": {0.9, 2.8}, "hafenviertel": {-3.5, 3.2}, "muehlgraben": {1.2, 4.8}, "gartenstadt": {-1.6, 5.2},
		"altstadt": {0.3, 0.2}, "bahnhofsviertel": {-1.8, 0.9}, "schillerviertel": {-1.9, -0.9}, "domviertel": {1.3, -0.8}, "uferstadt": {-4.5, 0},
		"wiesengrund": {-0.5, -3.0}, "sonnenhang": {-2.8, -4.2}, "ziegelei": {1.0, -4.6}, "brunnenviertel": {-3.6, -2.4},
		"eschenried": {3.2, 0.6}, "neue-heide": {3.4, -1.4}, "feldmark": {5.2, 0.2}, "am-wasserturm": {3.0, 2.2},
	}
)

// voronoiCell clips the convex polygon within to the points nearer to
// seed than to any of others: the intersection of half-planes that
// defines a Voronoi cell (de Berg et al., Computational Geometry, §7.1).
// orb clips to rectangles only, hence this Sutherland-Hodgman step.
func voronoiCell(within []orb.Point, seed orb.Point, others []orb.Point) []orb.Point {
	cell := within
	for _, o := range others {
		if o == seed {
			continue
		}
		// Keep p with (p - mid)·(o - seed) <= 0.
		mid := orb.Point{(seed[0] + o[0]) / 2, (seed[1] + o[1]) / 2}
		n := orb.Point{o[0] - seed[0], o[1] - seed[1]}
		side := func(p orb.Point) float64 { return (p[0]-mid[0])*n[0] + (p[1]-mid[1])*n[1] }
		var out []orb.Point
		for i, p := range cell {
			q := cell[(i+1)%len(cell)]
			sp, sq := side(p), side(q)
			if sp <= 0 {
				out = append(out, p)
			}
			if (sp < 0 && sq > 0) || (sp > 0 && sq < 0) {
				t := sp / (sp - sq)
				out = append(out, orb.Point{p[0] + t*(q[0]-p[0]), p[1] + t*(q[1]-p[1])})
			}
		}
		cell = out
	}
	return cell
}

// kmToDegrees turns a point of the km plane into longitude/latitude,
// after rounding to a millimetre so that a corner two cells compute
// independently comes out as the same position.
func kmToDegrees(p orb.Point) orb.Point {
	const kmPerDegree = 111.32
	x, y := math.Round(p[0]*1e6)/1e6, math.Round(p[1]*1e6)/1e6
	lon := cityCentre[0] + x/(kmPerDegree*math.Cos(cityCentre[1]*math.Pi/180))
	lat := cityCentre[1] + y/kmPerDegree
	return orb.Point{math.Round(lon*1e7) / 1e7, math.Round(lat*1e7) / 1e7}
}

func outline(cell []orb.Point) orb.Polygon {
	r := make(orb.Ring, 0, len(cell)+1)
	for _, p := range cell {
		r = append(r, kmToDegrees(p))
	}
	return orb.Polygon{append(r, r[0])}
}

// demoCells returns the km cells of the districts and quarters by slug.
func demoCells() map[string][]orb.Point {
	cells := map[string][]orb.Point{city.slug: cityOutline}
	var dSeeds []orb.Point
	for _, d := range districts {
		dSeeds = append(dSeeds, districtSeeds[d.slug])
	}
	for _, d := range districts {
		cells[d.slug] = voronoiCell(cityOutline, districtSeeds[d.slug], dSeeds)
		var qSeeds []orb.Point
		for _, q := range quarters {
			if q.district == d.slug {
				qSeeds = append(qSeeds, quarterSeeds[q.slug])
			}
		}
		for _, q := range quarters {
			if q.district == d.slug {
				cells[q.slug] = voronoiCell(cells[d.slug], quarterSeeds[q.slug], qSeeds)
			}
		}
	}
	return cells
}

// buildGeometry gives the demo city its outlines and its actors and
// services their locations. It draws from its own generator, so the
// rest of the demo stays as it was before the city had a map.
func (b *builder) buildGeometry() {
	rng := rand.New(rand.NewPCG(17, 4))
	cells := demoCells()
	for _, p := range append(append([]place{city}, districts...), quarters...) {
		b.ds.Boundaries = append(b.ds.Boundaries, domain.Boundary{NeighbourhoodID: id("nbh", p.slug), Geometry: outline(cells[p.slug])})
	}
	gapQuarter := outline(cells["lindenpark"])
	rivals := b.seniorGapRivals()
	at := map[string]orb.Point{}
	for _, a := range b.ds.Actors {
		home := homeQuarter(a.NeighbourhoodIDs[0])
		pt := pointIn(rng, cells[home.slug])
		// Other providers of what the senior gap lacks keep a kilometre
		// away from it, so that the designed finding is the nearest one.
		for try := 0; rivals[a.ID] && try < 100 && domain.DistanceToEdge(gapQuarter, kmToDegrees(pt)) < 1000; try++ {
			pt = pointIn(rng, cells[home.slug])
		}
		if a.ID == SeniorProviderID {
			pt = acrossBorder(cells["kastanienhoehe"], cells["lindenpark"], SeniorProviderMetres/1000)
		}
		at[a.ID] = kmToDegrees(pt)
		b.ds.Locations = append(b.ds.Locations, location("loc_"+strings.TrimPrefix(a.ID, "act_"), a.ID, a.Contact.Address, at[a.ID]))
	}
	for _, s := range b.ds.Services {
		provider := b.actor(s.ProviderID)
		b.ds.Locations = append(b.ds.Locations, location("loc_"+strings.TrimPrefix(s.ID, "svc_"), s.ID, provider.Contact.Address, at[s.ProviderID]))
	}
}

// seniorGapRivals are the providers other than SeniorProviderID of a
// service for the senior gap's target group and topic valid on
// ReferenceDay.
func (b *builder) seniorGapRivals() map[string]bool {
	ref, err := time.Parse(time.DateOnly, ReferenceDay)
	if err != nil {
		panic(err)
	}
	var need domain.Need
	for _, n := range b.ds.Needs {
		if n.ID == SeniorGapNeedID {
			need = n
		}
	}
	out := map[string]bool{}
	for _, s := range b.ds.Services {
		if s.ProviderID != SeniorProviderID && s.ValidOn(ref) && slices.Contains(s.TargetGroupIDs, need.TargetGroupID) && slices.Contains(s.TopicIDs, need.TopicID) {
			out[s.ProviderID] = true
		}
	}
	return out
}

// homeQuarter is the quarter an actor active in neighbourhood nbhID is
// placed in: the quarter itself, or the first quarter of a district or
// of the city.
func homeQuarter(nbhID string) place {
	slug := strings.TrimPrefix(nbhID, "nbh_")
	for _, q := range quarters {
		if q.slug == slug || q.district == slug || slug == city.slug {
			return q
		}
	}
	panic("seed: no quarter for " + nbhID)
}

// pointIn draws a point inside the convex cell: towards a random point of
// its edge from the centre of its corners, most of the way for a fifth of
// the points (near the edge, where distance answers differ from the
// hierarchy's), less far for the rest.
func pointIn(rng *rand.Rand, cell []orb.Point) orb.Point {
	var c orb.Point
	for _, p := range cell {
		c[0] += p[0] / float64(len(cell))
		c[1] += p[1] / float64(len(cell))
	}
	k := rng.IntN(len(cell))
	p, q := cell[k], cell[(k+1)%len(cell)]
	s := rng.Float64()
	edge := orb.Point{p[0] + s*(q[0]-p[0]), p[1] + s*(q[1]-p[1])}
	t := 0.15 + 0.7*rng.Float64()
	if rng.IntN(5) == 0 {
		t = 0.9 + 0.07*rng.Float64()
	}
	return orb.Point{c[0] + t*(edge[0]-c[0]), c[1] + t*(edge[1]-c[1])}
}

// acrossBorder returns the point of cell that lies km from the middle
// of the border it shares with other, straight into cell.
func acrossBorder(cell, other []orb.Point, km float64) orb.Point {
	var best [2]orb.Point
	bestLen := 0.0
	for i, p := range cell {
		q := cell[(i+1)%len(cell)]
		mid := orb.Point{(p[0] + q[0]) / 2, (p[1] + q[1]) / 2}
		if !onBorderOf(other, mid) {
			continue
		}
		if l := math.Hypot(q[0]-p[0], q[1]-p[1]); l > bestLen {
			best, bestLen = [2]orb.Point{p, q}, l
		}
	}
	if bestLen == 0 {
		panic("seed: the cells share no border")
	}
	p, q := best[0], best[1]
	mid := orb.Point{(p[0] + q[0]) / 2, (p[1] + q[1]) / 2}
	// The cell's corners run counter-clockwise (the octagon does, and
	// clipping keeps the order), so its inside is left of p→q.
	n := orb.Point{-(q[1] - p[1]) / bestLen, (q[0] - p[0]) / bestLen}
	return orb.Point{mid[0] + km*n[0], mid[1] + km*n[1]}
}

// onBorderOf reports whether pt lies on an edge of cell (within a metre).
func onBorderOf(cell []orb.Point, pt orb.Point) bool {
	for i, p := range cell {
		q := cell[(i+1)%len(cell)]
		l := math.Hypot(q[0]-p[0], q[1]-p[1])
		cross := (q[0]-p[0])*(pt[1]-p[1]) - (q[1]-p[1])*(pt[0]-p[0])
		dot := (pt[0]-p[0])*(q[0]-p[0]) + (pt[1]-p[1])*(q[1]-p[1])
		if l > 0 && math.Abs(cross/l) < 0.001 && dot >= 0 && dot <= l*l {
			return true
		}
	}
	return false
}

// location is a demo location at pt with the owner's address
// ("Street N, ZIP Lindenbrück") split into its parts.
func location(locID, owner string, address *string, pt orb.Point) domain.Location {
	l := domain.Location{ID: locID, OwnerID: owner, Latitude: pt[1], Longitude: pt[0], City: ptr("Lindenbrück")}
	if address != nil {
		street, rest, _ := strings.Cut(*address, ", ")
		zip, _, _ := strings.Cut(rest, " ")
		l.Address, l.Postcode = ptr(street), ptr(zip)
	}
	return l
}
