package analysis

import (
	"fmt"
	"slices"
)

// ProjectTwoMode projects a two-mode actor×event network onto the
// actors: actors a and b are joined by an undirected edge whose weight is
// the number of distinct events both take part in, as NetworkX's
// nx.bipartite.weighted_projected_graph(B, actors) (Newman, "Scientific
// collaboration networks. II", Physical Review E 64, 016132, 2001, without
// the 1/(n-1) collaboration weighting).
//
// participations lists (actor, event) pairs; actors are 0..nActors-1 and
// events any non-negative integers. Duplicate pairs count once. The edges
// are returned with From < To, sorted by (From, To), ready for
// NewGraph(nActors, false, edges). ProjectTwoMode panics on an actor
// outside [0, nActors) or a negative event.
func ProjectTwoMode(nActors int, participations [][2]int) []Edge {
	pairs := make([][2]int, 0, len(participations))
	for _, p := range participations {
		if p[0] < 0 || p[0] >= nActors || p[1] < 0 {
			panic(fmt.Sprintf("analysis: participation %v out of range (actors [0,%d), events >= 0)", p, nActors))
		}
		pairs = append(pairs, [2]int{p[1], p[0]}) // (event, actor)
	}
	slices.SortFunc(pairs, func(a, b [2]int) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return a[1] - b[1]
	})
	pairs = slices.Compact(pairs)

	// Members of each event, and events of each actor, as index ranges.
	var eventStart []int
	for i, p := range pairs {
		if i == 0 || p[0] != pairs[i-1][0] {
			eventStart = append(eventStart, i)
		}
	}
	eventStart = append(eventStart, len(pairs))
	actorEvents := make([][]int, nActors) // event ordinals
	for e := 0; e+1 < len(eventStart); e++ {
		for _, p := range pairs[eventStart[e]:eventStart[e+1]] {
			actorEvents[p[1]] = append(actorEvents[p[1]], e)
		}
	}

	count := make([]int, nActors)
	var touched, edges []int
	var out []Edge
	for a := range nActors {
		touched = touched[:0]
		for _, e := range actorEvents[a] {
			for _, p := range pairs[eventStart[e]:eventStart[e+1]] {
				if b := p[1]; b > a {
					if count[b] == 0 {
						touched = append(touched, b)
					}
					count[b]++
				}
			}
		}
		edges = append(edges[:0], touched...)
		slices.Sort(edges)
		for _, b := range edges {
			out = append(out, Edge{From: a, To: b, Weight: float64(count[b])})
			count[b] = 0
		}
	}
	return out
}
