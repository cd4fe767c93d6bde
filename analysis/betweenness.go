package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
)

// BetweennessOptions configures Betweenness and ApproxBetweenness.
type BetweennessOptions struct {
	// Normalized divides by the number of ordered pairs of other nodes,
	// (n-1)(n-2), exactly as NetworkX's
	// betweenness_centrality(normalized=True); see Betweenness.
	Normalized bool

	// Weighted uses edge weights as distances (lengths), like NetworkX's
	// weight="weight": shortest paths minimise the sum of weights and are
	// found with Dijkstra's algorithm. Weights must be positive and
	// finite. When Weighted is false every edge has length 1 and
	// breadth-first search is used.
	Weighted bool

	// Workers is the number of goroutines sharing the sources. Values
	// <= 0 mean runtime.GOMAXPROCS(0). For a fixed Workers the result is
	// deterministic.
	Workers int

	// Done, when closed, stops the computation between batches of
	// sources (weighted: between sources); the values returned are then
	// incomplete and the caller, which closed it (a request cancelled or
	// timed out), discards them. Nil never stops.
	Done <-chan struct{}
}

// stopped reports whether done is closed.
func stopped(done <-chan struct{}) bool {
	select {
	case <-done:
		return true
	default:
		return false
	}
}

// Betweenness returns the shortest-path betweenness centrality of every
// node,
//
//	c_B(v) = Σ_{s≠v≠t} σ_st(v) / σ_st,
//
// where σ_st is the number of shortest s–t paths and σ_st(v) the number of
// those passing through v, computed exactly with Brandes' algorithm:
// U. Brandes, "A faster algorithm for betweenness centrality", Journal of
// Mathematical Sociology 25(2):163–177, 2001. It runs in O(nm) time
// unweighted and O(nm + n² log n) weighted, in O(n+m) memory per worker.
//
// The sum runs over ordered pairs (s, t). Scaling matches NetworkX 3.6
// betweenness_centrality(G, normalized=..., weight=...):
//
//   - undirected, not normalized: each unordered pair counted once
//     (the ordered sum halved);
//   - directed, not normalized: the ordered sum;
//   - normalized (both): the ordered sum divided by (n-1)(n-2), which for
//     an undirected graph equals the halved sum times 2/((n-1)(n-2)).
//
// Graphs with n <= 2 are not rescaled (all values are 0).
//
// Unweighted passes run in batches of 64 sources: one multi-source
// breadth-first search per batch with the path counts and dependencies
// of the 64 sources side by side (see batchWorker), over a compact copy
// of the graph whose nodes are numbered community by community, so that
// the sources of a batch, and the neighbours of a node, lie close
// together. Weighted passes use Dijkstra's algorithm with a radix heap,
// one source at a time. Batches (or sources) are dealt round-robin to
// opt.Workers goroutines, each with its own reusable buffers and
// accumulator; the accumulators are summed at the end. Memory is
// O(n+m) plus 512 bytes per node for each worker (about 120 MB in total
// for 100 000 nodes, 500 000 edges and two workers).
//
// Cost grows as n·m. Unweighted, 10 000 nodes and 50 000 edges take
// about 4 s of CPU time (2 s on two cores), and 100 000 nodes and
// 500 000 edges about 9.5 minutes of CPU time (565–585 s measured):
// under 5 minutes on two free cores (see bench/analysis/RESULTS.md).
// Weighted passes cost several times more.
// For larger graphs use ApproxBetweenness, which costs about k/n of
// this.
//
// Betweenness panics if opt.Weighted is set and a weight is not positive
// and finite.
func Betweenness(g *Graph, opt BetweennessOptions) []float64 {
	sources := make([]int, g.n)
	for i := range sources {
		sources[i] = i
	}
	bc := brandes(g, opt, sources)
	rescaleBetweenness(bc, g.n, opt.Normalized, g.directed, nil)
	return bc
}

// ApproxBetweenness estimates Betweenness from k source nodes sampled
// uniformly without replacement with rng (Brandes & Pich, "Centrality
// estimation in large networks", International Journal of Bifurcation
// and Chaos 17(7):2303–2318, 2007). It costs k/n of the exact
// computation. If k <= 0 or k >= g.N() the exact values are returned.
//
// The estimate is scaled as NetworkX 3.6 betweenness_centrality(k=...)
// with endpoints=False: for a node that was not sampled, the sum of the
// k single-source dependencies δ_s(v) is scaled by 1/(k(n-2)) when
// normalized and (n-1)/(c·k) otherwise (c = 2 undirected, 1 directed);
// for a sampled node, which cannot be its own source, k is replaced by
// k-1 (so with k == 1 the sampled node's value is NaN, as in NetworkX).
//
// Error bound: in normalized form the estimate for v is the mean of k (or
// k-1) values δ_s(v)/(n-2), each in [0, 1], drawn without replacement
// from the n-1 sources other than v, whose mean is the exact value. By
// Hoeffding's inequality (which also holds without replacement),
//
//	P(|ĉ(v) - c(v)| ≥ ε) ≤ 2·exp(-2kε²)
//
// for each node, and by the union bound all n normalized values are
// within ε with probability ≥ 1-δ once k ≥ ln(2n/δ)/(2ε²). This is an
// absolute error on the normalized scale: for n = 10 000, ε = 0.01 and
// δ = 0.05 it asks for k ≈ 64 000 > n, so a guarantee that tight is not
// available by sampling; ε = 0.05 needs k ≈ 2 600. Small betweenness
// values therefore carry large relative error, while the ranking of the
// highest-betweenness nodes is typically stable for much smaller k
// (Brandes & Pich 2007). For bounds over sampled shortest paths rather
// than sources see Riondato & Kornaropoulos, "Fast approximation of
// betweenness centrality through sampling", Data Mining and Knowledge
// Discovery 30:438–475, 2016.
func ApproxBetweenness(g *Graph, opt BetweennessOptions, k int, rng *rand.Rand) []float64 {
	n := g.n
	if k <= 0 || k >= n {
		return Betweenness(g, opt)
	}
	perm := rng.Perm(n)
	return betweennessFromSources(g, opt, perm[:k])
}

// betweennessFromSources runs Brandes from the given distinct sources
// and rescales as NetworkX does for sampled sources.
func betweennessFromSources(g *Graph, opt BetweennessOptions, sources []int) []float64 {
	bc := brandes(g, opt, sources)
	sampled := make([]bool, g.n)
	for _, s := range sources {
		sampled[s] = true
	}
	rescaleBetweenness(bc, g.n, opt.Normalized, g.directed, sampled)
	return bc
}

// rescaleBetweenness applies NetworkX 3.6's _rescale with
// endpoints=False. sampled is nil when every node was a source.
func rescaleBetweenness(bc []float64, n int, normalized, directed bool, sampled []bool) {
	N := float64(n - 1)
	if n-1 < 2 {
		return
	}
	correction := 2.0
	if directed {
		correction = 1
	}
	if sampled == nil {
		scale := N / (N * correction)
		if normalized {
			scale = 1 / (N * (N - 1))
		}
		if scale != 1 {
			for v := range bc {
				bc[v] *= scale
			}
		}
		return
	}
	k := 0.0
	for _, s := range sampled {
		if s {
			k++
		}
	}
	var scaleSource, scaleOther float64
	if normalized {
		scaleSource = 1 / ((k - 1) * (N - 1))
		scaleOther = 1 / (k * (N - 1))
	} else {
		scaleSource = N / ((k - 1) * correction)
		scaleOther = N / (k * correction)
	}
	if k <= 1 {
		scaleSource = math.NaN()
	}
	for v := range bc {
		if sampled[v] {
			bc[v] *= scaleSource
		} else {
			bc[v] *= scaleOther
		}
	}
}

// brandes returns Σ_{s ∈ sources} δ_s(v) for every node v, indexed by
// the original node indices.
func brandes(g *Graph, opt BetweennessOptions, sources []int) []float64 {
	n := g.n
	if n == 0 || len(sources) == 0 {
		return make([]float64, n)
	}
	if opt.Weighted {
		for _, w := range g.outW {
			if !(w > 0) || math.IsInf(w, 1) {
				panic(fmt.Sprintf("analysis: weighted betweenness needs positive finite weights, got %v", w))
			}
		}
	}
	c := newCompact(g, opt.Weighted)
	src := make([]int32, len(sources))
	for i, s := range sources {
		src[i] = c.rank[s]
	}

	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	partial := make([][]float64, 0, workers)
	var wg sync.WaitGroup
	if opt.Weighted {
		workers = min(workers, len(src))
		for w := range workers {
			bc := make([]float64, n)
			partial = append(partial, bc)
			wg.Go(func() {
				wk := newDijkstraWorker(n)
				for i := w; i < len(src) && !stopped(opt.Done); i += workers {
					wk.run(c, src[i], bc)
				}
			})
		}
	} else {
		// Sources close in the node order share most of their
		// traversal in a batch (see batchWorker).
		slices.Sort(src)
		batches := (len(src) + batchLanes - 1) / batchLanes
		workers = min(workers, batches)
		for w := range workers {
			bc := make([]float64, n)
			partial = append(partial, bc)
			wg.Go(func() {
				wk, free := newBatchWorker(n)
				defer free()
				for b := w; b < batches && !stopped(opt.Done); b += workers {
					wk.run(c, src[b*batchLanes:min((b+1)*batchLanes, len(src))], bc)
				}
			})
		}
	}
	wg.Wait()

	out := make([]float64, n)
	for _, bc := range partial {
		for i, x := range bc {
			out[c.order[i]] += x
		}
	}
	return out
}
