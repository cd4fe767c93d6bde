package analysis

import "math"

// Clustering returns the local clustering coefficient of every node, as
// NetworkX 3.6 nx.clustering(G) (unweighted).
//
// For an undirected graph (Watts & Strogatz, "Collective dynamics of
// 'small-world' networks", Nature 393:440–442, 1998)
//
//	c_u = 2 T(u) / (deg(u) (deg(u) - 1)),
//
// where T(u) is the number of triangles through u; c_u = 0 when
// deg(u) < 2.
//
// For a directed graph it is Fagiolo's directed clustering (G. Fagiolo,
// "Clustering in complex directed networks", Physical Review E 76,
// 026107, 2007)
//
//	c_u = T(u) / (2 (deg_tot(u) (deg_tot(u) - 1) - 2 deg_↔(u))),
//
// where T(u) = ((A + Aᵀ)³)_uu counts the directed triangles through u,
// deg_tot(u) is in-degree plus out-degree and deg_↔(u) the number of
// reciprocated ties; c_u = 0 when T(u) = 0.
func Clustering(g *Graph) []float64 {
	n := g.n
	out := make([]float64, n)
	if !g.directed {
		t := triangleCounts(g)
		for u := range n {
			d := float64(g.OutDegree(u))
			if t[u] != 0 {
				out[u] = float64(t[u]) / (d * (d - 1))
			}
		}
		return out
	}
	mult := make([]int, n) // (A + Aᵀ)_uk for the current u
	for u := range n {
		preds, _ := g.In(u)
		succs, _ := g.Out(u)
		for _, k := range preds {
			mult[k]++
		}
		for _, k := range succs {
			mult[k]++
		}
		var t, recip int
		for _, k := range succs {
			if mult[k] == 2 {
				recip++
			}
		}
		for _, j := range append(preds[:len(preds):len(preds)], succs...) {
			jp, _ := g.In(j)
			js, _ := g.Out(j)
			for _, k := range jp {
				t += mult[k]
			}
			for _, k := range js {
				t += mult[k]
			}
		}
		for _, k := range preds {
			mult[k] = 0
		}
		for _, k := range succs {
			mult[k] = 0
		}
		if t != 0 {
			dt := len(preds) + len(succs)
			out[u] = float64(t) / float64(2*(dt*(dt-1)-2*recip))
		}
	}
	return out
}

// triangleCounts returns, for an undirected graph, twice the number of
// triangles through each node: the number of ordered pairs of adjacent
// neighbours.
func triangleCounts(g *Graph) []int {
	n := g.n
	mark := make([]int, n)
	t := make([]int, n)
	for u := range n {
		nbrs, _ := g.Out(u)
		for _, v := range nbrs {
			mark[v] = u + 1
		}
		for _, v := range nbrs {
			vn, _ := g.Out(v)
			for _, w := range vn {
				if mark[w] == u+1 {
					t[u]++
				}
			}
		}
	}
	return t
}

// WeightedClustering returns the weighted local clustering coefficient of
// every node, as NetworkX 3.6 nx.clustering(G, weight="weight"): the
// geometric-mean generalisation of J.-P. Onnela, J. Saramäki, J. Kertész
// and K. Kaski, "Intensity and coherence of motifs in weighted complex
// networks", Physical Review E 71, 065103, 2005. For an undirected graph
//
//	c_u = 1/(deg(u)(deg(u)-1)) Σ_{v,w} (ŵ_uv ŵ_vw ŵ_wu)^{1/3},
//
// summing over ordered pairs of neighbours v, w of u, with ŵ = w / max(w)
// the weights normalised by the largest weight in the graph. For a
// directed graph the same normalised geometric means replace the 0/1
// entries in Fagiolo's formula (see Clustering).
func WeightedClustering(g *Graph) []float64 {
	n := g.n
	maxw := 0.0
	for i, w := range g.outW {
		if i == 0 || w > maxw {
			maxw = w
		}
	}
	if len(g.outW) == 0 {
		maxw = 1
	}
	out := make([]float64, n)
	in := make([]float64, n)  // ŵ(k,u) for k in pred(u)
	own := make([]float64, n) // ŵ(u,k) for k in succ(u)
	inMark := make([]int, n)
	outMark := make([]int, n)
	for u := range n {
		stamp := u + 1
		preds, pw := g.In(u)
		succs, sw := g.Out(u)
		for i, k := range preds {
			in[k], inMark[k] = pw[i]/maxw, stamp
		}
		for i, k := range succs {
			own[k], outMark[k] = sw[i]/maxw, stamp
		}
		// term adds the contributions of u's neighbour j, joined to u by
		// an edge of normalised weight wuj, over the neighbours k of j.
		var t float64
		term := func(wuj float64, kn []int, kw []float64) {
			for i, k := range kn {
				wjk := kw[i] / maxw
				if inMark[k] == stamp {
					t += math.Cbrt(wuj * in[k] * wjk)
				}
				if g.directed && outMark[k] == stamp {
					t += math.Cbrt(wuj * own[k] * wjk)
				}
			}
		}
		if !g.directed {
			for i, j := range succs {
				jn, jw := g.Out(j)
				term(sw[i]/maxw, jn, jw)
			}
			if t != 0 {
				d := float64(len(succs))
				out[u] = t / (d * (d - 1))
			}
			continue
		}
		recip := 0
		for _, k := range succs {
			if inMark[k] == stamp {
				recip++
			}
		}
		for i, j := range preds {
			jp, jpw := g.In(j)
			js, jsw := g.Out(j)
			term(pw[i]/maxw, jp, jpw)
			term(pw[i]/maxw, js, jsw)
		}
		for i, j := range succs {
			jp, jpw := g.In(j)
			js, jsw := g.Out(j)
			term(sw[i]/maxw, jp, jpw)
			term(sw[i]/maxw, js, jsw)
		}
		if t != 0 {
			dt := len(preds) + len(succs)
			out[u] = t / float64(2*(dt*(dt-1)-2*recip))
		}
	}
	return out
}

// AverageClustering returns the mean of Clustering over all nodes,
// counting zeros, as NetworkX's nx.average_clustering(G). It returns 0
// for the empty graph (where NetworkX raises ZeroDivisionError).
func AverageClustering(g *Graph) float64 {
	if g.n == 0 {
		return 0
	}
	var s float64
	for _, c := range Clustering(g) {
		s += c
	}
	return s / float64(g.n)
}

// Transitivity returns the global clustering coefficient
//
//	T = 3 × triangles / connected triples = Σ_u 2T(u) / Σ_u deg(u)(deg(u)-1)
//
// (0 when there are no triangles), as NetworkX's nx.transitivity. A
// directed graph is first made undirected with (*Graph).Undirected, so
// the result equals nx.transitivity(G.to_undirected()); NetworkX applied
// to a DiGraph directly counts successor sets only, which is not a
// meaningful measure.
func Transitivity(g *Graph) float64 {
	u := g.Undirected()
	t := triangleCounts(u)
	var tri, triples float64
	for v := range u.n {
		d := float64(u.OutDegree(v))
		tri += float64(t[v])
		triples += d * (d - 1)
	}
	if tri == 0 {
		return 0
	}
	return tri / triples
}
