package domain

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// square returns a closed counter-clockwise ring of the square with
// south-west corner (lon, lat) and side d degrees.
func square(lon, lat, d float64) orb.Ring {
	return orb.Ring{{lon, lat}, {lon + d, lat}, {lon + d, lat + d}, {lon, lat + d}, {lon, lat}}
}

func TestCheckBoundary(t *testing.T) {
	withHole := orb.Polygon{square(13.0, 52.0, 0.1), square(13.02, 52.02, 0.02)}
	tests := []struct {
		name string
		g    orb.Geometry
		want string // "" for valid; else a part of the reason
	}{
		{"polygon", orb.Polygon{square(13.0, 52.0, 0.1)}, ""},
		{"polygon with hole", withHole, ""},
		{"multipolygon", orb.MultiPolygon{{square(13.0, 52.0, 0.1)}, {square(13.3, 52.0, 0.1)}}, ""},
		{"bow tie", orb.Polygon{{{13, 52}, {13.1, 52.1}, {13.1, 52}, {13, 52.1}, {13, 52}}}, "intersects itself"},
		{"spike back along an edge", orb.Polygon{{{13, 52}, {13.2, 52}, {13.1, 52}, {13.1, 52.1}, {13, 52}}}, "intersects itself"},
		{"not closed", orb.Polygon{{{13, 52}, {13.1, 52}, {13.1, 52.1}, {13, 52.1}}}, "not closed"},
		{"too few positions", orb.Polygon{{{13, 52}, {13.1, 52}, {13, 52}}}, "at least 4"},
		{"no area", orb.Polygon{{{13, 52}, {13.1, 52}, {13.2, 52}, {13, 52}}}, "no area"},
		{"projected metres", orb.Polygon{square(390000, 5820000, 500)}, "EPSG:25833"},
		{"hole outside", orb.Polygon{square(13.0, 52.0, 0.1), square(14, 52, 0.01)}, "hole lies outside"},
		{"point", orb.Point{13, 52}, "want Polygon or MultiPolygon"},
		{"nothing", nil, "no geometry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckBoundary(tt.g)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("CheckBoundary: %v, want valid", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("CheckBoundary: %v, want an error with %q", err, tt.want)
			}
		})
	}
	if err := CheckBoundary(orb.Polygon{square(390000, 5820000, 500)}); !errors.Is(err, ErrProjected) {
		t.Errorf("projected: %v is not ErrProjected", err)
	}
}

func TestContains(t *testing.T) {
	withHole := orb.Polygon{square(13.0, 52.0, 0.1), square(13.02, 52.02, 0.02)}
	multi := orb.MultiPolygon{{square(13.0, 52.0, 0.1)}, {square(13.3, 52.0, 0.1)}}
	tests := []struct {
		name string
		g    orb.Geometry
		pt   orb.Point
		want bool
	}{
		{"inside", withHole, orb.Point{13.01, 52.01}, true},
		{"in the hole", withHole, orb.Point{13.03, 52.03}, false},
		{"on the hole's edge", withHole, orb.Point{13.02, 52.03}, false},
		{"on the outer edge", withHole, orb.Point{13.0, 52.05}, true},
		{"on a corner", withHole, orb.Point{13.1, 52.1}, true},
		{"outside", withHole, orb.Point{13.2, 52.05}, false},
		{"second polygon of a multipolygon", multi, orb.Point{13.35, 52.05}, true},
		{"between the polygons", multi, orb.Point{13.2, 52.05}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Contains(tt.g, tt.pt); got != tt.want {
				t.Errorf("Contains(%v) = %v, want %v", tt.pt, got, tt.want)
			}
		})
	}
}

func TestPlace(t *testing.T) {
	west := Boundary{"nbh_b", orb.Polygon{square(13.0, 52.0, 0.1)}}
	east := Boundary{"nbh_a", orb.Polygon{square(13.1, 52.0, 0.1)}}
	tests := []struct {
		name   string
		pt     orb.Point
		want   string
		wantOK bool
	}{
		{"west", orb.Point{13.05, 52.05}, "nbh_b", true},
		{"east", orb.Point{13.15, 52.05}, "nbh_a", true},
		{"on the shared edge: first by id", orb.Point{13.1, 52.05}, "nbh_a", true},
		{"outside both", orb.Point{12.9, 52.05}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Place([]Boundary{west, east}, tt.pt)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Place(%v) = %q, %v; want %q, %v", tt.pt, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestStrays(t *testing.T) {
	district := orb.Polygon{square(13.0, 52.0, 0.1)}
	// 0.0001° of longitude at 52° N is about 6.9 m, 0.001° about 69 m.
	tests := []struct {
		name      string
		quarter   orb.Polygon
		wantStray bool
	}{
		{"inside", orb.Polygon{square(13.01, 52.01, 0.05)}, false},
		{"sharing edges", orb.Polygon{square(13.0, 52.0, 0.05)}, false},
		{"7 m over the edge", orb.Polygon{square(12.9999, 52.01, 0.05)}, false},
		{"70 m over the edge", orb.Polygon{square(12.999, 52.01, 0.05)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, d, stray := Strays(tt.quarter, district, DefaultContainmentTolerance)
			if stray != tt.wantStray {
				t.Errorf("Strays = %.1f m, %v; want stray %v", d, stray, tt.wantStray)
			}
			if stray && (d < 60 || d > 80) {
				t.Errorf("stray distance %.1f m, want about 69 m", d)
			}
		})
	}
}

func TestDistanceToEdge(t *testing.T) {
	g := orb.Polygon{square(13.0, 52.0, 0.1)}
	// Due south of the southern edge by 0.01° of latitude: 1112 m.
	got := DistanceToEdge(g, orb.Point{13.05, 51.99})
	if math.Abs(got-1112) > 5 {
		t.Errorf("DistanceToEdge = %.1f m, want about 1112 m", got)
	}
}

func TestGeoJSONRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		g    orb.Geometry
	}{
		{"polygon with hole", orb.Polygon{square(13.0, 52.0, 0.1), square(13.02, 52.02, 0.02)}},
		{"multipolygon", orb.MultiPolygon{{square(13.0, 52.0, 0.1)}, {square(13.3, 52.0, 0.1)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := geojson.NewGeometry(tt.g).MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			back, err := geojson.UnmarshalGeometry(raw)
			if err != nil {
				t.Fatal(err)
			}
			if !orb.Equal(back.Geometry(), tt.g) {
				t.Errorf("round trip changed %s into %s", tt.g, back.Geometry())
			}
			if err := CheckBoundary(back.Geometry()); err != nil {
				t.Errorf("round trip is no longer valid: %v", err)
			}
		})
	}
}

func TestNearCheck(t *testing.T) {
	tests := []struct {
		n  Near
		ok bool
	}{
		{Near{52.5, 13.4, 500}, true},
		{Near{52.5, 13.4, 0}, false},
		{Near{52.5, 13.4, MaxNearMeters + 1}, false},
		{Near{95, 13.4, 500}, false},
		{Near{52.5, math.NaN(), 500}, false},
	}
	for _, tt := range tests {
		if err := tt.n.Check(); (err == nil) != tt.ok {
			t.Errorf("%+v.Check() = %v, want ok %v", tt.n, err, tt.ok)
		}
	}
}
