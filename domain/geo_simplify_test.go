package domain

import (
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// neighbours returns two quarters that share a wiggly border along
// longitude 13.1 (wiggles of about 0.7 m, far below a display tolerance).
func neighbours() (west, east orb.Polygon) {
	var border orb.LineString
	for i := 0; i <= 50; i++ {
		dx := 0.00001 * float64(i%2)
		border = append(border, orb.Point{13.1 + dx, 52.0 + 0.1*float64(i)/50})
	}
	w := orb.Ring{{13.0, 52.0}}
	w = append(w, border...)
	w = append(w, orb.Point{13.0, 52.1}, orb.Point{13.0, 52.0})
	e := orb.Ring{{13.2, 52.1}}
	e = append(e, reversed(border)...)
	e = append(e, orb.Point{13.2, 52.0}, orb.Point{13.2, 52.1})
	return orb.Polygon{w}, orb.Polygon{e}
}

func onBorder(g orb.Geometry) []orb.Point {
	var out []orb.Point
	eachRing(g, func(r orb.Ring) {
		for _, p := range r[:len(r)-1] {
			if math.Abs(p[0]-13.1) < 0.001 {
				out = append(out, p)
			}
		}
	})
	slices.SortFunc(out, func(a, b orb.Point) int { return int(math.Copysign(1, a[1]-b[1])) })
	return out
}

func TestSimplifySharedKeepsSharedBorders(t *testing.T) {
	west, east := neighbours()
	tests := []struct {
		name      string
		tolerance float64
		maxBorder int // vertices left on the shared border
	}{
		{"none", 0, 51},
		{"10 m", 10, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := SimplifyShared([]orb.Geometry{west, east}, tt.tolerance)
			bw, be := onBorder(out[0]), onBorder(out[1])
			if !slices.Equal(bw, be) {
				t.Fatalf("the shared border differs after simplifying:\nwest %v\neast %v", bw, be)
			}
			if len(bw) > tt.maxBorder {
				t.Errorf("%d vertices left on the border, want at most %d", len(bw), tt.maxBorder)
			}
			for i, g := range out {
				if err := CheckBoundary(g); err != nil {
					t.Errorf("outline %d is no longer valid: %v", i, err)
				}
			}
			// No gap, no overlap: the areas still add up to the whole.
			sum := planar.Area(out[0]) + planar.Area(out[1])
			if math.Abs(sum-0.02) > 1e-9 {
				t.Errorf("areas add up to %g, want 0.02", sum)
			}
		})
	}
}

func TestSimplifySharedKeepsTinyRings(t *testing.T) {
	tiny := orb.Polygon{square(13.0, 52.0, 0.00001)}
	out := SimplifyShared([]orb.Geometry{tiny}, 100)
	if !orb.Equal(out[0], tiny) {
		t.Errorf("a ring below the tolerance became %v, want it kept", out[0])
	}
}
