package analysis

import (
	"fmt"
	"slices"
	"sort"
)

// Edge is a weighted edge from From to To. In an undirected graph the
// order of From and To does not matter.
type Edge struct {
	From, To int
	Weight   float64
}

// Graph is an immutable graph over the nodes 0..N()-1 stored as
// compressed adjacency lists (CSR). Each neighbour list is sorted by node
// index. For an undirected graph every edge appears in the lists of both
// of its ends and In returns the same lists as Out.
//
// A Graph is safe for concurrent use by multiple goroutines.
type Graph struct {
	n        int
	m        int
	directed bool

	outOff []int
	outAdj []int
	outW   []float64

	inOff []int
	inAdj []int
	inW   []float64
}

// NewGraph returns a graph with n nodes and the given edges. Parallel
// edges between the same ordered pair (the same unordered pair when the
// graph is undirected) are merged into one edge whose weight is the sum of
// their weights. Self-loops are dropped. NewGraph panics if an edge end is
// outside [0, n).
func NewGraph(n int, directed bool, edges []Edge) *Graph {
	if n < 0 {
		panic(fmt.Sprintf("analysis: negative node count %d", n))
	}
	for _, e := range edges {
		if e.From < 0 || e.From >= n || e.To < 0 || e.To >= n {
			panic(fmt.Sprintf("analysis: edge %d->%d out of range [0,%d)", e.From, e.To, n))
		}
	}
	uniq := canonicalEdges(n, directed, edges)
	g := &Graph{n: n, m: len(uniq), directed: directed}
	if directed {
		g.outOff, g.outAdj, g.outW = buildCSR(n, uniq, false)
		g.inOff, g.inAdj, g.inW = buildCSR(n, uniq, true)
	} else {
		g.outOff, g.outAdj, g.outW = buildUndirectedCSR(n, uniq)
		g.inOff, g.inAdj, g.inW = g.outOff, g.outAdj, g.outW
	}
	return g
}

// canonicalEdges returns the merged, self-loop free edges sorted by
// (From, To). For undirected graphs From < To.
func canonicalEdges(n int, directed bool, edges []Edge) []Edge {
	// Bucket by From with a counting sort, then sort each bucket by To.
	count := make([]int, n+1)
	kept := 0
	for _, e := range edges {
		if e.From == e.To {
			continue
		}
		a := e.From
		if !directed && e.To < a {
			a = e.To
		}
		count[a+1]++
		kept++
	}
	for i := 0; i < n; i++ {
		count[i+1] += count[i]
	}
	buf := make([]Edge, kept)
	next := slices.Clone(count[:n])
	for _, e := range edges {
		if e.From == e.To {
			continue
		}
		if !directed && e.To < e.From {
			e.From, e.To = e.To, e.From
		}
		buf[next[e.From]] = e
		next[e.From]++
	}
	out := buf[:0]
	for u := 0; u < n; u++ {
		seg := buf[count[u]:count[u+1]]
		if len(seg) > 1 {
			sort.Slice(seg, func(i, j int) bool { return seg[i].To < seg[j].To })
		}
		for i := 0; i < len(seg); {
			e := seg[i]
			j := i + 1
			for ; j < len(seg) && seg[j].To == e.To; j++ {
				e.Weight += seg[j].Weight
			}
			out = append(out, e)
			i = j
		}
	}
	return out
}

// buildCSR builds out-lists (or in-lists when reverse is set) from edges
// sorted by (From, To); every list comes out sorted.
func buildCSR(n int, edges []Edge, reverse bool) (off, adj []int, w []float64) {
	off = make([]int, n+1)
	for _, e := range edges {
		if reverse {
			off[e.To+1]++
		} else {
			off[e.From+1]++
		}
	}
	for i := 0; i < n; i++ {
		off[i+1] += off[i]
	}
	adj = make([]int, len(edges))
	w = make([]float64, len(edges))
	next := slices.Clone(off[:n])
	for _, e := range edges {
		u, v := e.From, e.To
		if reverse {
			u, v = v, u
		}
		adj[next[u]] = v
		w[next[u]] = e.Weight
		next[u]++
	}
	return off, adj, w
}

// buildUndirectedCSR builds symmetric adjacency lists from edges with
// From < To sorted by (From, To). Each list comes out sorted: the lower
// neighbours of u are filled while scanning edges whose From is below u,
// and the higher ones afterwards in increasing order.
func buildUndirectedCSR(n int, edges []Edge) (off, adj []int, w []float64) {
	off = make([]int, n+1)
	for _, e := range edges {
		off[e.From+1]++
		off[e.To+1]++
	}
	for i := 0; i < n; i++ {
		off[i+1] += off[i]
	}
	adj = make([]int, 2*len(edges))
	w = make([]float64, 2*len(edges))
	next := slices.Clone(off[:n])
	for _, e := range edges {
		adj[next[e.From]], w[next[e.From]] = e.To, e.Weight
		next[e.From]++
		adj[next[e.To]], w[next[e.To]] = e.From, e.Weight
		next[e.To]++
	}
	return off, adj, w
}

// N returns the number of nodes.
func (g *Graph) N() int { return g.n }

// M returns the number of edges after merging parallel edges: unordered
// pairs for an undirected graph, ordered pairs for a directed one.
func (g *Graph) M() int { return g.m }

// Directed reports whether g is directed.
func (g *Graph) Directed() bool { return g.directed }

// Out returns the successors of u (all neighbours when g is undirected),
// sorted by index, and the weights of the corresponding edges. The
// returned slices belong to g and must not be modified.
func (g *Graph) Out(u int) (nbrs []int, weights []float64) {
	a, b := g.outOff[u], g.outOff[u+1]
	return g.outAdj[a:b:b], g.outW[a:b:b]
}

// In returns the predecessors of u (all neighbours when g is undirected),
// sorted by index, and the weights of the corresponding edges. The
// returned slices belong to g and must not be modified.
func (g *Graph) In(u int) (nbrs []int, weights []float64) {
	a, b := g.inOff[u], g.inOff[u+1]
	return g.inAdj[a:b:b], g.inW[a:b:b]
}

// OutDegree returns the number of successors of u (neighbours when g is
// undirected).
func (g *Graph) OutDegree(u int) int { return g.outOff[u+1] - g.outOff[u] }

// InDegree returns the number of predecessors of u (neighbours when g is
// undirected).
func (g *Graph) InDegree(u int) int { return g.inOff[u+1] - g.inOff[u] }

// Degree returns the degree of u as NetworkX counts it: the number of
// neighbours for an undirected graph, in-degree plus out-degree for a
// directed one (so a reciprocated tie counts twice).
func (g *Graph) Degree(u int) int {
	if g.directed {
		return g.OutDegree(u) + g.InDegree(u)
	}
	return g.OutDegree(u)
}

// Weight returns the weight of the edge u->v (u-v when g is undirected)
// and whether that edge exists.
func (g *Graph) Weight(u, v int) (w float64, ok bool) {
	nbrs, ws := g.Out(u)
	if i, found := slices.BinarySearch(nbrs, v); found {
		return ws[i], true
	}
	return 0, false
}

// HasEdge reports whether the edge u->v (u-v when g is undirected) exists.
func (g *Graph) HasEdge(u, v int) bool {
	_, ok := g.Weight(u, v)
	return ok
}

// Edges returns the merged edges of g sorted by (From, To); for an
// undirected graph each edge is listed once with From < To.
func (g *Graph) Edges() []Edge {
	edges := make([]Edge, 0, g.m)
	for u := 0; u < g.n; u++ {
		nbrs, ws := g.Out(u)
		for i, v := range nbrs {
			if g.directed || u < v {
				edges = append(edges, Edge{From: u, To: v, Weight: ws[i]})
			}
		}
	}
	return edges
}

// Undirected returns the undirected version of g. If g is already
// undirected it is returned unchanged. Otherwise u-v is an edge when u->v
// or v->u is, and its weight is the "mutual weight" a_uv + a_vu used by
// Burt's measures (the sum of the weights of both directions).
func (g *Graph) Undirected() *Graph {
	if !g.directed {
		return g
	}
	return NewGraph(g.n, false, g.Edges())
}

// unweighted returns a copy of g's structure with every weight set to 1.
func (g *Graph) unweighted() *Graph {
	edges := g.Edges()
	for i := range edges {
		edges[i].Weight = 1
	}
	return NewGraph(g.n, g.directed, edges)
}

// Induced returns the subgraph of g induced by nodes. Node i of the
// result is nodes[i] of g; duplicate entries in nodes panic.
func Induced(g *Graph, nodes []int) *Graph {
	index := make(map[int]int, len(nodes))
	for i, u := range nodes {
		if _, dup := index[u]; dup {
			panic(fmt.Sprintf("analysis: duplicate node %d in Induced", u))
		}
		index[u] = i
	}
	var edges []Edge
	for i, u := range nodes {
		nbrs, ws := g.Out(u)
		for k, v := range nbrs {
			j, ok := index[v]
			if !ok || (!g.directed && j < i) {
				continue
			}
			edges = append(edges, Edge{From: i, To: j, Weight: ws[k]})
		}
	}
	return NewGraph(len(nodes), g.directed, edges)
}
