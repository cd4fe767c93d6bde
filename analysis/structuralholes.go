package analysis

import "math"

// mutualGraph returns the undirected graph of mutual weights
// m_uv = a_uv + a_vu used by Burt's measures, where a_uv is the weight of
// u->v when weighted is set and 1 for every edge otherwise. For an
// undirected graph the returned weights are a_uv rather than 2a_uv; the
// measures only use ratios of mutual weights, which the factor 2 leaves
// unchanged.
func mutualGraph(g *Graph, weighted bool) *Graph {
	h := g
	if !weighted {
		h = g.unweighted()
	}
	return h.Undirected()
}

// Constraint returns Burt's constraint of every node,
//
//	c(u) = Σ_{v ∈ N(u)} ( p_uv + Σ_{w ∈ N(u), w≠v} p_uw p_wv )²,
//	p_uv = (a_uv + a_vu) / Σ_k (a_uk + a_ku),
//
// where N(u) are the in- and out-neighbours of u and a_uv the weight of
// the edge u->v (1 for every edge unless weighted). See R. S. Burt,
// Structural Holes: The Social Structure of Competition, Harvard
// University Press, 1992, and R. S. Burt, "Structural holes and good
// ideas", American Journal of Sociology 110(2):349–399, 2004.
//
// It matches NetworkX 3.6 nx.constraint(G, weight=...) as computed on the
// whole graph (the sparse-matrix path used when SciPy is installed). A
// node without neighbours has undefined constraint and gets NaN, as in
// NetworkX. Neighbours whose mutual weight is 0 do not count.
func Constraint(g *Graph, weighted bool) []float64 {
	mu := mutualGraph(g, weighted)
	n := mu.n
	total := weightTotals(mu)
	acc := make([]float64, n)
	out := make([]float64, n)
	for u := 0; u < n; u++ {
		if total[u] == 0 {
			out[u] = math.NaN()
			continue
		}
		nbrs, ws := mu.Out(u)
		// acc[v] = Σ_w p_uw p_wv over the two-step paths u-w-v.
		for i, w := range nbrs {
			puw := ws[i] / total[u]
			if puw == 0 {
				continue
			}
			wn, wws := mu.Out(w)
			for j, v := range wn {
				acc[v] += puw * (wws[j] / total[w])
			}
		}
		var c float64
		for i, v := range nbrs {
			puv := ws[i] / total[u]
			if puv > 0 {
				l := puv + acc[v]
				c += l * l
			}
		}
		out[u] = c
		for _, w := range nbrs {
			wn, _ := mu.Out(w)
			for _, v := range wn {
				acc[v] = 0
			}
		}
	}
	return out
}

// EffectiveSize returns Burt's effective size of every node's ego
// network,
//
//	e(u) = Σ_{v ∈ N(u)} ( 1 - Σ_{w ∈ N(u), w≠v} p_uw m_vw ),
//	m_vw = (a_vw + a_wv) / max_k (a_vk + a_kv),
//
// with N(u), a and p as in Constraint (Burt 1992, ch. 1). For an
// undirected unweighted graph this reduces to Borgatti's n - 2t/n, with
// n ego's degree and t the number of ties among its neighbours (S. P.
// Borgatti, "Structural holes: unpacking Burt's redundancy measures",
// Connections 20(1):35–38, 1997).
//
// It matches the formula as NetworkX 3.6 evaluates it node by node,
// nx.effective_size(G, nodes=list(G), weight=...). NetworkX 3.6.1's
// whole-graph call (its SciPy path) divides m_vw by the maximum of w
// instead of v (networkx PR #8906), which changes weighted and directed
// results; this function does not reproduce that bug. Nodes without any
// in- or out-neighbour get NaN, as in NetworkX; a directed node with only
// in-neighbours gets the formula's value (NetworkX's per-node path
// returns NaN there, its SciPy path a value).
func EffectiveSize(g *Graph, weighted bool) []float64 {
	mu := mutualGraph(g, weighted)
	n := mu.n
	total := weightTotals(mu)
	maxw := make([]float64, n)
	for u := 0; u < n; u++ {
		_, ws := mu.Out(u)
		for _, w := range ws {
			maxw[u] = max(maxw[u], w)
		}
	}
	pu := make([]float64, n)
	out := make([]float64, n)
	for u := 0; u < n; u++ {
		if total[u] == 0 {
			out[u] = math.NaN()
			continue
		}
		nbrs, ws := mu.Out(u)
		for i, w := range nbrs {
			pu[w] = ws[i] / total[u]
		}
		var e float64
		for _, v := range nbrs {
			if pu[v] <= 0 {
				continue
			}
			var r float64
			vn, vws := mu.Out(v)
			for j, w := range vn {
				r += pu[w] * (vws[j] / maxw[v])
			}
			e += 1 - r
		}
		out[u] = e
		for _, w := range nbrs {
			pu[w] = 0
		}
	}
	return out
}

// weightTotals returns the sum of the edge weights at each node of g.
func weightTotals(g *Graph) []float64 {
	t := make([]float64, g.n)
	for u := range t {
		_, ws := g.Out(u)
		for _, w := range ws {
			t[u] += w
		}
	}
	return t
}
