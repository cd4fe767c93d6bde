package analysis

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync/atomic"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
)

// Partition is a division of the nodes into communities.
type Partition struct {
	// Membership[u] is the community of node u. Communities are
	// numbered 0..len(Sizes)-1 in decreasing order of size, ties broken
	// by the lowest node index in the community.
	Membership []int
	// Modularity is Modularity(g, Membership, resolution).
	Modularity float64
	// Sizes[c] is the number of nodes in community c.
	Sizes []int
}

// Communities detects communities with the Louvain method of V. D.
// Blondel, J.-L. Guillaume, R. Lambiotte and E. Lefebvre, "Fast unfolding
// of communities in large networks", Journal of Statistical Mechanics
// P10008, 2008, as implemented by gonum's community.Modularize, which
// greedily maximises the modularity Q of Modularity at the given
// resolution γ (Reichardt & Bornholdt 2006; γ = 1 is Newman's
// modularity; larger γ gives smaller communities). Edge weights are used;
// they must be non-negative. A directed graph is clustered with the
// directed modularity.
//
// rng drives the random node order of the local moving phase, so the
// result is reproducible for a given seed; a nil rng uses the global
// source. Isolated nodes form singleton communities.
func Communities(g *Graph, resolution float64, rng *rand.Rand) Partition {
	p, _ := CommunitiesContext(context.Background(), g, resolution, rng)
	return p
}

// CommunitiesContext is Communities that stops when ctx is done, and
// then returns ctx's error and no partition: before the detection, at
// the start of every pass of gonum's local moving phase (each pass moves
// every node once, a fraction of a second at 100 000 nodes), and before
// the modularity. The same rng gives the same partition as Communities.
//
// gonum's community.Modularize takes no context; what it does consult on
// every pass is the random source, which here is a wrapper that panics
// with a value of its own once ctx is done. The panic unwinds gonum's
// call, which holds no lock or resource, and is recovered below: a
// cancelled detection frees its goroutine and its CPU within a pass
// instead of running on to its end.
func CommunitiesContext(ctx context.Context, g *Graph, resolution float64, rng *rand.Rand) (Partition, error) {
	if err := ctx.Err(); err != nil {
		return Partition{}, err
	}
	var src rand.Source = globalSource{}
	if rng != nil {
		src = rng
	}
	var stop atomic.Bool
	defer context.AfterFunc(ctx, func() { stop.Store(true) })()
	var gg graph.Graph
	if g.directed {
		gg = directedAdapter{adapterBase{g}}
	} else {
		gg = undirectedAdapter{adapterBase{g}}
	}
	reduced, ok := modularize(gg, resolution, stoppableSource{src: src, stop: &stop})
	if !ok {
		return Partition{}, ctx.Err()
	}
	membership := make([]int, g.n)
	for c, nodes := range reduced.Communities() {
		for _, nd := range nodes {
			membership[nd.ID()] = c
		}
	}
	if err := ctx.Err(); err != nil {
		return Partition{}, err
	}
	membership, sizes := relabelBySize(membership)
	return Partition{
		Membership: membership,
		Modularity: Modularity(g, membership, resolution),
		Sizes:      sizes,
	}, nil
}

// stopLouvain is the value stoppableSource panics with, and the only
// one modularize recovers.
type stopLouvain struct{}

// stoppableSource is src until stop is set, then panics with stopLouvain.
type stoppableSource struct {
	src  rand.Source
	stop *atomic.Bool
}

func (s stoppableSource) Uint64() uint64 {
	if s.stop.Load() {
		panic(stopLouvain{})
	}
	return s.src.Uint64()
}

// globalSource draws from math/rand/v2's global source, for a nil rng.
type globalSource struct{}

func (globalSource) Uint64() uint64 { return rand.Uint64() }

// modularize runs gonum's Louvain method; ok is false when src stopped
// it (see CommunitiesContext). Any other panic goes on.
func modularize(g graph.Graph, resolution float64, src rand.Source) (r community.ReducedGraph, ok bool) {
	defer func() {
		if v := recover(); v != nil {
			if _, stopped := v.(stopLouvain); !stopped {
				panic(v)
			}
			r, ok = nil, false
		}
	}()
	return community.Modularize(g, resolution, src), true
}

// relabelBySize renumbers arbitrary community labels to 0..k-1 in
// decreasing order of community size, ties broken by lowest member.
func relabelBySize(membership []int) (labels, sizes []int) {
	dense, k := compactLabels(membership)
	count := make([]int, k)
	first := make([]int, k)
	for i := range first {
		first[i] = -1
	}
	for u, c := range dense {
		count[c]++
		if first[c] < 0 {
			first[c] = u
		}
	}
	perm := make([]int, k)
	for i := range perm {
		perm[i] = i
	}
	slices.SortFunc(perm, func(a, b int) int {
		if count[a] != count[b] {
			return count[b] - count[a]
		}
		return first[a] - first[b]
	})
	newLabel := make([]int, k)
	sizes = make([]int, k)
	for i, c := range perm {
		newLabel[c] = i
		sizes[i] = count[c]
	}
	labels = make([]int, len(dense))
	for u, c := range dense {
		labels[u] = newLabel[c]
	}
	return labels, sizes
}

// compactLabels maps arbitrary labels to 0..k-1 in order of first
// appearance.
func compactLabels(membership []int) (dense []int, k int) {
	index := make(map[int]int)
	dense = make([]int, len(membership))
	for u, c := range membership {
		d, ok := index[c]
		if !ok {
			d = len(index)
			index[c] = d
		}
		dense[u] = d
	}
	return dense, len(index)
}

// Modularity returns the modularity of the partition membership (any
// integer labels) at resolution γ, as NetworkX 3.6
// nx.community.modularity(G, communities, weight="weight", resolution=γ).
// For an undirected graph (M. E. J. Newman, "Analysis of weighted
// networks", Physical Review E 70, 056131, 2004)
//
//	Q = Σ_c [ L_c/m - γ (D_c / 2m)² ],
//
// with m the total edge weight, L_c the weight of edges inside c and D_c
// the total weighted degree of c. For a directed graph (Leicht & Newman,
// Physical Review Letters 100, 118703, 2008)
//
//	Q = Σ_c [ L_c/m - γ D_c^out D_c^in / m² ].
//
// It returns NaN when the graph has no edge weight (m = 0), where
// NetworkX raises ZeroDivisionError, and panics if len(membership) !=
// g.N().
func Modularity(g *Graph, membership []int, resolution float64) float64 {
	if len(membership) != g.n {
		panic(fmt.Sprintf("analysis: membership has length %d, want %d", len(membership), g.n))
	}
	dense, k := compactLabels(membership)
	inside := make([]float64, k)
	outDeg := make([]float64, k)
	inDeg := make([]float64, k)
	var m float64
	for u := range g.n {
		cu := dense[u]
		nbrs, ws := g.Out(u)
		for i, v := range nbrs {
			w := ws[i]
			if !g.directed && v < u {
				continue // count each undirected edge once
			}
			m += w
			cv := dense[v]
			if cu == cv {
				inside[cu] += w
			}
			outDeg[cu] += w
			inDeg[cv] += w
		}
	}
	if m == 0 {
		return math.NaN()
	}
	var q float64
	for c := range k {
		if g.directed {
			q += inside[c]/m - resolution*outDeg[c]*inDeg[c]/(m*m)
		} else {
			d := outDeg[c] + inDeg[c]
			q += inside[c]/m - resolution*d*d/(4*m*m)
		}
	}
	return q
}

// CommunityBridging returns, for each node, the number of distinct
// communities other than its own among its neighbours (in- and
// out-neighbours in a directed graph). It panics if len(membership) !=
// g.N().
func CommunityBridging(g *Graph, membership []int) []int {
	if len(membership) != g.n {
		panic(fmt.Sprintf("analysis: membership has length %d, want %d", len(membership), g.n))
	}
	dense, k := compactLabels(membership)
	seen := make([]int, k)
	out := make([]int, g.n)
	for u := range g.n {
		stamp := u + 1
		seen[dense[u]] = stamp
		o, _ := g.Out(u)
		in, _ := g.In(u)
		for _, nbrs := range [2][]int{o, in} {
			for _, v := range nbrs {
				if c := dense[v]; seen[c] != stamp {
					seen[c] = stamp
					out[u]++
				}
			}
		}
	}
	return out
}
