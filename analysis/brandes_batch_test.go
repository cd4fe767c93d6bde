package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestBatchedBrandesAgreesWithDijkstra checks the batched breadth-first
// kernel against the single-source Dijkstra kernel with unit weights, an
// independent implementation of the same sums, on graphs where batches
// are full, partial, spread over several components and unreachable from
// each other, for all sources and for sampled ones.
func TestBatchedBrandesAgreesWithDijkstra(t *testing.T) {
	unit := func(edges []Edge) []Edge {
		out := slices.Clone(edges)
		for i := range out {
			out[i].Weight = 1
		}
		return out
	}
	// Three copies of a synthetic network side by side: no paths between
	// them, and batches that straddle two components.
	var split []Edge
	for c := range 3 {
		for _, e := range SyntheticNetwork(300, 900, int64(c)) {
			split = append(split, Edge{From: e.From + 300*c, To: e.To + 300*c, Weight: 1})
		}
	}
	// A long path: as many levels as nodes.
	var path []Edge
	for i := range 199 {
		path = append(path, Edge{From: i, To: i + 1, Weight: 1})
	}
	tests := []struct {
		name  string
		n     int
		edges []Edge
	}{
		{"synthetic", 1000, unit(SyntheticNetwork(1000, 5000, 11))},
		{"components", 900, split},
		{"path", 200, path},
		{"one batch minus one", batchLanes - 1, unit(SyntheticNetwork(batchLanes-1, 200, 2))},
		{"one batch plus one", batchLanes + 1, unit(SyntheticNetwork(batchLanes+1, 200, 2))},
	}
	for _, tc := range tests {
		for _, directed := range []bool{false, true} {
			g := NewGraph(tc.n, directed, tc.edges)
			sample := rand.New(rand.NewPCG(uint64(tc.n), 3)).Perm(tc.n)[:tc.n/3+1]
			for _, sources := range [][]int{nil, sample} {
				name := fmt.Sprintf("%s/directed=%v/sampled=%v", tc.name, directed, sources != nil)
				t.Run(name, func(t *testing.T) {
					src := sources
					if src == nil {
						src = make([]int, tc.n)
						for i := range src {
							src[i] = i
						}
					}
					bfs := brandes(g, BetweennessOptions{Workers: 2}, src)
					dij := brandes(g, BetweennessOptions{Weighted: true, Workers: 1}, src)
					var sum float64
					for v := range bfs {
						sum += bfs[v]
						if math.Abs(bfs[v]-dij[v]) > 1e-9*math.Max(1, math.Abs(dij[v])) {
							t.Fatalf("node %d: batched %v, Dijkstra %v", v, bfs[v], dij[v])
						}
					}
					if sum == 0 && tc.n > 2 {
						t.Fatal("all dependencies are zero")
					}
				})
			}
		}
	}
}
