package domain

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/planar"
)

// Geometry of places. Boundaries and locations are in WGS 84 (EPSG:4326),
// longitude first as GeoJSON orders them. The rules about what makes an
// outline acceptable, which quarter contains a point and whether a
// quarter lies inside its district live here once; the importer, the API
// and the store call them.

// Boundary is the outline of a neighbourhood: an orb.Polygon or
// orb.MultiPolygon in WGS 84.
type Boundary struct {
	NeighbourhoodID string
	Geometry        orb.Geometry
}

// DefaultContainmentTolerance is how far, in metres, a quarter's outline
// may stray outside its district's before an import refuses it. Official
// boundary files are digitised separately per level and differ by a few
// metres along shared edges.
const DefaultContainmentTolerance = 25.0

// ErrProjected says that coordinates are not longitude/latitude degrees,
// most often because a file is still in a projected CRS such as Berlin's
// EPSG:25833 (metres).
var ErrProjected = errors.New("coordinates are not WGS 84 longitude/latitude (a projected CRS such as EPSG:25833? reproject to EPSG:4326)")

// CheckBoundary reports why g cannot be the outline of a neighbourhood:
// it must be a Polygon or MultiPolygon of closed rings of at least four
// positions in longitude/latitude range, with an area, no ring crossing
// itself, and every hole inside its outer ring.
func CheckBoundary(g orb.Geometry) error {
	var polys orb.MultiPolygon
	switch v := g.(type) {
	case orb.Polygon:
		polys = orb.MultiPolygon{v}
	case orb.MultiPolygon:
		polys = v
	case nil:
		return errors.New("no geometry")
	default:
		return fmt.Errorf("geometry is a %s, want Polygon or MultiPolygon", g.GeoJSONType())
	}
	if len(polys) == 0 {
		return errors.New("MultiPolygon has no polygons")
	}
	for i, p := range polys {
		if len(p) == 0 {
			return fmt.Errorf("polygon %d has no rings", i)
		}
		for j, r := range p {
			if err := checkRing(r); err != nil {
				return fmt.Errorf("polygon %d ring %d: %w", i, j, err)
			}
			if j > 0 && !planar.RingContains(p[0], r[0]) {
				return fmt.Errorf("polygon %d ring %d: hole lies outside the outer ring", i, j)
			}
		}
	}
	return nil
}

func checkRing(r orb.Ring) error {
	if len(r) < 4 {
		return fmt.Errorf("ring has %d positions, want at least 4", len(r))
	}
	for _, p := range r {
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
			return errors.New("position is not a number")
		}
		if p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
			return fmt.Errorf("position [%g, %g]: %w", p[0], p[1], ErrProjected)
		}
	}
	if !r.Closed() {
		return errors.New("ring is not closed (first and last positions differ)")
	}
	if a, b, ok := selfIntersection(r); ok {
		return fmt.Errorf("ring intersects itself (edges %d and %d)", a, b)
	}
	if planar.Area(r) == 0 {
		return errors.New("ring has no area")
	}
	return nil
}

// selfIntersection finds two edges of r that touch although they are not
// neighbours along the ring. orb has no validity check, so this is a
// sweep over the edges sorted by their western end: only edges whose
// longitude ranges overlap are compared.
func selfIntersection(r orb.Ring) (int, int, bool) {
	n := len(r) - 1 // edges; r is closed
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	minX := func(i int) float64 { return math.Min(r[i][0], r[i+1][0]) }
	maxX := func(i int) float64 { return math.Max(r[i][0], r[i+1][0]) }
	sort.Slice(order, func(a, b int) bool { return minX(order[a]) < minX(order[b]) })
	for a := 0; a < n; a++ {
		i := order[a]
		for b := a + 1; b < n && minX(order[b]) <= maxX(i); b++ {
			j := order[b]
			if adjacent(i, j, n) {
				continue
			}
			if segmentsTouch(r[i], r[i+1], r[j], r[j+1]) {
				return min(i, j), max(i, j), true
			}
		}
	}
	return 0, 0, false
}

func adjacent(i, j, n int) bool {
	d := i - j
	if d < 0 {
		d = -d
	}
	return d <= 1 || d == n-1
}

// segmentsTouch reports whether segments pq and rs share a point, by the
// orientation test of computational geometry textbooks (Cormen et al.,
// Introduction to Algorithms, §33.1).
func segmentsTouch(p, q, r, s orb.Point) bool {
	d1, d2 := orient(r, s, p), orient(r, s, q)
	d3, d4 := orient(p, q, r), orient(p, q, s)
	if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
		return true
	}
	return (d1 == 0 && onSegment(r, s, p)) || (d2 == 0 && onSegment(r, s, q)) ||
		(d3 == 0 && onSegment(p, q, r)) || (d4 == 0 && onSegment(p, q, s))
}

func orient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

func onSegment(a, b, c orb.Point) bool {
	return math.Min(a[0], b[0]) <= c[0] && c[0] <= math.Max(a[0], b[0]) &&
		math.Min(a[1], b[1]) <= c[1] && c[1] <= math.Max(a[1], b[1])
}

// Contains reports whether outline g contains pt; points on an edge count
// as inside (so a location on a shared border belongs to both quarters,
// and Place breaks the tie by id).
func Contains(g orb.Geometry, pt orb.Point) bool {
	switch v := g.(type) {
	case orb.Polygon:
		return planar.PolygonContains(v, pt)
	case orb.MultiPolygon:
		return planar.MultiPolygonContains(v, pt)
	}
	return false
}

// Place returns the neighbourhood whose outline contains pt, the first
// by id when pt lies on a shared edge; ok is false when pt lies outside
// every outline. Callers pass the outlines of the finest level (quarters
// or areas), so that a point is placed where it is used.
func Place(outlines []Boundary, pt orb.Point) (id string, ok bool) {
	for _, b := range outlines {
		if (!ok || b.NeighbourhoodID < id) && b.Geometry.Bound().Contains(pt) && Contains(b.Geometry, pt) {
			id, ok = b.NeighbourhoodID, true
		}
	}
	return id, ok
}

// DistanceToEdge returns the distance in metres from pt to the nearest edge
// of outline g, measured in a local equirectangular projection around pt:
// within a city the error is far below the precision of any boundary file.
func DistanceToEdge(g orb.Geometry, pt orb.Point) float64 {
	kx := geo.Distance(pt, orb.Point{pt[0] + 0.01, pt[1]}) / 0.01
	ky := geo.Distance(pt, orb.Point{pt[0], pt[1] + 0.01}) / 0.01
	scale := func(p orb.Point) orb.Point { return orb.Point{(p[0] - pt[0]) * kx, (p[1] - pt[1]) * ky} }
	best := math.Inf(1)
	eachRing(g, func(r orb.Ring) {
		for i := 0; i+1 < len(r); i++ {
			best = math.Min(best, planar.DistanceFromSegment(scale(r[i]), scale(r[i+1]), orb.Point{}))
		}
	})
	return best
}

func eachRing(g orb.Geometry, f func(orb.Ring)) {
	switch v := g.(type) {
	case orb.Polygon:
		for _, r := range v {
			f(r)
		}
	case orb.MultiPolygon:
		for _, p := range v {
			for _, r := range p {
				f(r)
			}
		}
	}
}

// Strays returns the first vertex of inner that lies outside outer by
// more than tolerance metres, and how far; ok is false when inner lies
// inside outer within the tolerance. Checking vertices is enough for the
// question an import asks ("is this quarter drawn inside its district?"):
// an outline that leaves its district does so at a vertex unless both are
// nearly the same shape.
func Strays(inner, outer orb.Geometry, tolerance float64) (orb.Point, float64, bool) {
	var (
		at    orb.Point
		worst float64
	)
	eachRing(inner, func(r orb.Ring) {
		for _, p := range r {
			if Contains(outer, p) {
				continue
			}
			if d := DistanceToEdge(outer, p); d > tolerance && d > worst {
				at, worst = p, d
			}
		}
	})
	return at, worst, worst > 0
}

// Location is a place where an actor or service works: an address and a
// point, like HSDS's location. NeighbourhoodID is the quarter it lies in,
// given or found by Place.
type Location struct {
	ID string
	// OwnerID is the actor or service the location belongs to, where a
	// location travels without it (datasets, exports).
	OwnerID         string
	Name            *string
	Address         *string
	Postcode        *string
	City            *string
	Latitude        float64
	Longitude       float64
	NeighbourhoodID *string
}

// Point returns the location as an orb point (longitude, latitude).
func (l Location) Point() orb.Point { return orb.Point{l.Longitude, l.Latitude} }

// CheckPoint reports why latitude and longitude are not a WGS 84 position.
func CheckPoint(latitude, longitude float64) error {
	if math.IsNaN(latitude) || math.IsNaN(longitude) || latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180 {
		return fmt.Errorf("latitude %g, longitude %g: %w", latitude, longitude, ErrProjected)
	}
	return nil
}

// Near asks for records with a location within Meters of a point.
type Near struct {
	Latitude  float64
	Longitude float64
	Meters    float64
}

// MaxNearMeters bounds a distance query: a city is at most a few tens of
// kilometres across, and a larger circle only makes the index scan long.
const MaxNearMeters = 50000.0

// Check reports why n cannot be asked.
func (n Near) Check() error {
	if err := CheckPoint(n.Latitude, n.Longitude); err != nil {
		return err
	}
	if !(n.Meters > 0 && n.Meters <= MaxNearMeters) {
		return fmt.Errorf("meters must be above 0 and at most %g, not %g", MaxNearMeters, n.Meters)
	}
	return nil
}

// Point returns the centre as an orb point (longitude, latitude).
func (n Near) Point() orb.Point { return orb.Point{n.Longitude, n.Latitude} }

// Bound returns the box around n's circle, for an index-backed prefilter.
func (n Near) Bound() orb.Bound {
	return geo.NewBoundAroundPoint(orb.Point{n.Longitude, n.Latitude}, n.Meters)
}
