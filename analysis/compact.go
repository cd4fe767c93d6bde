package analysis

import (
	"fmt"
	"math"
)

// compactGraph is the cache-friendly internal form used by the
// all-sources kernels (betweenness, path lengths): 32-bit node indices,
// out-adjacency only, and nodes relabelled in breadth-first order so that
// nodes close in the graph are close in memory.
type compactGraph struct {
	n   int
	off []int32
	adj []int32
	w   []float64 // nil when unweighted

	// order[i] is the original index of compact node i;
	// rank[u] is the compact index of original node u.
	order []int32
	rank  []int32
}

// newCompact returns the compact form of g. Weights are copied only when
// weighted is set.
func newCompact(g *Graph, weighted bool) *compactGraph {
	n := g.n
	if len(g.outAdj) > math.MaxInt32 || n > math.MaxInt32 {
		panic(fmt.Sprintf("analysis: graph too large for compact form (%d nodes, %d arcs)", n, len(g.outAdj)))
	}
	order, rank := bfsOrder(g)
	c := &compactGraph{
		n:     n,
		off:   make([]int32, n+1),
		adj:   make([]int32, len(g.outAdj)),
		order: order,
		rank:  rank,
	}
	if weighted {
		c.w = make([]float64, len(g.outAdj))
	}
	pos := int32(0)
	for i := 0; i < n; i++ {
		u := int(order[i])
		nbrs, ws := g.Out(u)
		for k, v := range nbrs {
			c.adj[pos] = rank[v]
			if weighted {
				c.w[pos] = ws[k]
			}
			pos++
		}
		c.off[i+1] = pos
	}
	return c
}

// bfsOrder returns a breadth-first ordering of the nodes of g, ignoring
// edge direction, starting a new search at the lowest unvisited index,
// together with its inverse.
func bfsOrder(g *Graph) (order, rank []int32) {
	n := g.n
	order = make([]int32, 0, n)
	rank = make([]int32, n)
	for i := range rank {
		rank[i] = -1
	}
	visit := func(nbrs []int) {
		for _, v := range nbrs {
			if rank[v] < 0 {
				rank[v] = int32(len(order))
				order = append(order, int32(v))
			}
		}
	}
	for s := 0; s < n; s++ {
		if rank[s] >= 0 {
			continue
		}
		rank[s] = int32(len(order))
		order = append(order, int32(s))
		for head := int(rank[s]); head < len(order); head++ {
			u := int(order[head])
			out, _ := g.Out(u)
			visit(out)
			if g.directed {
				in, _ := g.In(u)
				visit(in)
			}
		}
	}
	return order, rank
}
