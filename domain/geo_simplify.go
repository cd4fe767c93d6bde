package domain

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"
)

// metresPerDegree is the length of a degree of latitude. A tolerance in
// metres becomes this many degrees; along a parallel a degree is shorter,
// so no vertex moves further than the tolerance.
const metresPerDegree = 111320.0

// SimplifyShared simplifies outlines for display with Douglas-Peucker
// (orb/simplify) without opening gaps or overlaps between neighbours:
// each ring is cut into chains at its junctions (vertices where the set
// of outlines sharing the border changes), each chain is simplified once
// with its ends fixed, and outlines that share a chain get the same
// simplified chain. A ring that would collapse below four positions is
// kept as it was. tolerance is in metres.
func SimplifyShared(gs []orb.Geometry, tolerance float64) []orb.Geometry {
	if tolerance <= 0 {
		return gs
	}
	dp := simplify.DouglasPeucker(tolerance / metresPerDegree)
	// owners counts, per vertex, the outlines it belongs to.
	owners := map[orb.Point]map[int]bool{}
	for i, g := range gs {
		eachRing(g, func(r orb.Ring) {
			for _, p := range r {
				if owners[p] == nil {
					owners[p] = map[int]bool{}
				}
				owners[p][i] = true
			}
		})
	}
	sameOwners := func(a, b orb.Point) bool {
		oa, ob := owners[a], owners[b]
		if len(oa) != len(ob) {
			return false
		}
		for k := range oa {
			if !ob[k] {
				return false
			}
		}
		return true
	}
	done := map[string]orb.LineString{}
	chain := func(ls orb.LineString) orb.LineString {
		// One key for a chain and its reverse, so both neighbours get
		// the same result.
		fwd, rev := fmt.Sprint(ls), fmt.Sprint(reversed(ls))
		key, flip := fwd, false
		if rev < fwd {
			key, flip = rev, true
		}
		if s, ok := done[key]; ok {
			if flip {
				return reversed(s)
			}
			return s
		}
		in := ls.Clone()
		if flip {
			in = reversed(in)
		}
		s := dp.Simplify(in).(orb.LineString)
		done[key] = s
		if flip {
			return reversed(s)
		}
		return s
	}
	ring := func(r orb.Ring) orb.Ring {
		n := len(r) - 1
		var cuts []int
		for i := 0; i < n; i++ {
			prev, next := r[(i+n-1)%n], r[i+1]
			if len(owners[r[i]]) > 2 || !sameOwners(prev, r[i]) || !sameOwners(r[i], next) {
				cuts = append(cuts, i)
			}
		}
		if len(cuts) == 0 {
			// A ring no one shares: cut at its first and middle vertex so
			// that Douglas-Peucker sees two open chains.
			cuts = []int{0, n / 2}
		}
		out := orb.Ring{}
		for k, c := range cuts {
			end := cuts[(k+1)%len(cuts)]
			if end <= c {
				end += n
			}
			ls := make(orb.LineString, 0, end-c+1)
			for i := c; i <= end; i++ {
				ls = append(ls, r[i%n])
			}
			s := chain(ls)
			out = append(out, s[:len(s)-1]...)
		}
		out = append(out, out[0])
		if len(out) < 4 {
			return r
		}
		return out
	}
	res := make([]orb.Geometry, len(gs))
	for i, g := range gs {
		switch v := g.(type) {
		case orb.Polygon:
			res[i] = simplifyPolygon(v, ring)
		case orb.MultiPolygon:
			mp := make(orb.MultiPolygon, len(v))
			for j, p := range v {
				mp[j] = simplifyPolygon(p, ring)
			}
			res[i] = mp
		default:
			res[i] = g
		}
	}
	return res
}

func simplifyPolygon(p orb.Polygon, ring func(orb.Ring) orb.Ring) orb.Polygon {
	out := make(orb.Polygon, len(p))
	for i, r := range p {
		out[i] = ring(r)
	}
	return out
}

func reversed(ls orb.LineString) orb.LineString {
	out := make(orb.LineString, len(ls))
	for i, p := range ls {
		out[len(ls)-1-i] = p
	}
	return out
}
