package seed

import (
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"

	"github.com/kiezgraph/kiezgraph/domain"
)

func TestDemoOutlinesTileTheCity(t *testing.T) {
	ds := Demo()
	outlines := map[string]orb.Geometry{}
	for _, b := range ds.Boundaries {
		if err := domain.CheckBoundary(b.Geometry); err != nil {
			t.Errorf("%s: %v", b.NeighbourhoodID, err)
		}
		outlines[b.NeighbourhoodID] = b.Geometry
	}
	if len(outlines) != len(ds.Neighbourhoods) {
		t.Fatalf("%d outlines for %d neighbourhoods", len(outlines), len(ds.Neighbourhoods))
	}
	// Children tile their parent: their areas add up to the parent's (up
	// to positions rounded to about a centimetre: corners of quarters on a
	// district's edge move off it by that much), and each lies inside it.
	children := map[string][]string{}
	for _, n := range ds.Neighbourhoods {
		if n.ParentID != nil {
			children[*n.ParentID] = append(children[*n.ParentID], n.ID)
		}
	}
	for parent, kids := range children {
		sum := 0.0
		for _, k := range kids {
			sum += geo.Area(outlines[k])
			if _, d, stray := domain.Strays(outlines[k], outlines[parent], 1); stray {
				t.Errorf("%s strays %.1f m outside %s", k, d, parent)
			}
		}
		if whole := geo.Area(outlines[parent]); math.Abs(sum-whole) > whole*1e-5 {
			t.Errorf("the parts of %s cover %.0f m², the whole %.0f m²: a gap or an overlap", parent, sum, whole)
		}
	}
	// Every point of a grid over the city lies in exactly one quarter
	// (edges aside).
	var quarterOutlines []domain.Boundary
	for _, b := range ds.Boundaries {
		if n := findNbh(ds, b.NeighbourhoodID); n.Level == domain.LevelQuarter {
			quarterOutlines = append(quarterOutlines, b)
		}
	}
	city := outlines[id("nbh", "lindenbrueck")]
	bound := city.Bound()
	for x := bound.Min[0]; x <= bound.Max[0]; x += (bound.Max[0] - bound.Min[0]) / 37 {
		for y := bound.Min[1]; y <= bound.Max[1]; y += (bound.Max[1] - bound.Min[1]) / 41 {
			pt := orb.Point{x, y}
			in := 0
			for _, q := range quarterOutlines {
				if domain.Contains(q.Geometry, pt) {
					in++
				}
			}
			if want := map[bool]int{true: 1, false: 0}[domain.Contains(city, pt)]; in != want {
				t.Errorf("%v lies in %d quarters, want %d", pt, in, want)
			}
		}
	}
}

func findNbh(ds *domain.Dataset, nid string) domain.Neighbourhood {
	for _, n := range ds.Neighbourhoods {
		if n.ID == nid {
			return n
		}
	}
	panic("no " + nid)
}

func TestDemoLocationsLieInTheirQuarters(t *testing.T) {
	ds := Demo()
	outlines := map[string]orb.Geometry{}
	for _, b := range ds.Boundaries {
		outlines[b.NeighbourhoodID] = b.Geometry
	}
	nearEdge := 0
	for _, l := range ds.Locations {
		if l.OwnerID[:4] != "act_" {
			continue
		}
		var a domain.Actor
		for _, x := range ds.Actors {
			if x.ID == l.OwnerID {
				a = x
			}
		}
		q := id("nbh", homeQuarter(a.NeighbourhoodIDs[0]).slug)
		if !domain.Contains(outlines[q], l.Point()) {
			t.Errorf("%s of %s lies outside its quarter %s", l.ID, a.ID, q)
		}
		if domain.DistanceToEdge(outlines[q], l.Point()) < 150 {
			nearEdge++
		}
	}
	if nearEdge < 10 {
		t.Errorf("%d actors within 150 m of their quarter's edge, want some (at least 10)", nearEdge)
	}
	if got, want := len(ds.Locations), len(ds.Actors)+len(ds.Services); got != want {
		t.Errorf("%d locations, want one per actor and service (%d)", got, want)
	}
}

func TestFindingSeniorServiceAcrossTheBorder(t *testing.T) {
	ds := Demo()
	var lindenpark, kastanienhoehe orb.Geometry
	for _, b := range ds.Boundaries {
		switch b.NeighbourhoodID {
		case SeniorGapQuarterID:
			lindenpark = b.Geometry
		case "nbh_kastanienhoehe":
			kastanienhoehe = b.Geometry
		}
	}
	for _, l := range ds.Locations {
		if l.OwnerID != SeniorProviderServiceID {
			continue
		}
		if !domain.Contains(kastanienhoehe, l.Point()) || domain.Contains(lindenpark, l.Point()) {
			t.Errorf("the senior service lies at %v, want inside Kastanienhöhe", l.Point())
		}
		if d := domain.DistanceToEdge(lindenpark, l.Point()); math.Abs(d-SeniorProviderMetres) > 5 {
			t.Errorf("the senior service lies %.1f m from Lindenpark, want %.0f m", d, SeniorProviderMetres)
		}
		return
	}
	t.Fatalf("no location of %s", SeniorProviderServiceID)
}

// TestFindingSeniorServiceIsTheNearest: no other service for the senior
// gap's target group and topic, valid on the reference day, lies within
// a kilometre of Lindenpark, so the designed finding is the answer.
func TestFindingSeniorServiceIsTheNearest(t *testing.T) {
	ds := Demo()
	var lindenpark orb.Geometry
	for _, b := range ds.Boundaries {
		if b.NeighbourhoodID == SeniorGapQuarterID {
			lindenpark = b.Geometry
		}
	}
	at := map[string]orb.Point{}
	for _, l := range ds.Locations {
		at[l.OwnerID] = l.Point()
	}
	for _, s := range ds.Services {
		if s.ID == SeniorProviderServiceID || !s.ValidOn(today) || !slices.Contains(s.TargetGroupIDs, "tg_seniors-65") || !slices.Contains(s.TopicIDs, "top_neighbourhood") {
			continue
		}
		if d := domain.DistanceToEdge(lindenpark, at[s.ID]); d < 1000 {
			t.Errorf("%s lies %.0f m from Lindenpark, nearer than a kilometre", s.ID, d)
		}
	}
}
