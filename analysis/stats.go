package analysis

import (
	"math/rand/v2"
	"runtime"
	"sync"
)

// NetStats summarises a graph.
type NetStats struct {
	Nodes int // number of nodes
	Edges int // number of edges, as (*Graph).M

	// Density is m / (n(n-1)/2) undirected and m / (n(n-1)) directed,
	// 0 when n <= 1, as nx.density.
	Density float64

	Components       int // weakly connected components
	LargestComponent int // nodes in the largest weak component
	Isolates         int // nodes of degree 0

	// DegreeHistogram[d] is the number of nodes of degree d (in- plus
	// out-degree when directed), as nx.degree_histogram.
	DegreeHistogram []int
	// AverageDegree is the mean degree, 2m/n (in both cases).
	AverageDegree float64

	// AveragePathLength is the mean hop distance d(s, t) over all ordered
	// pairs s ≠ t such that t is reachable from s, so disconnected graphs
	// get a finite value (0 if no pair is connected). For a connected
	// undirected graph it equals nx.average_shortest_path_length(G).
	AveragePathLength float64
	// LargestComponentPathLength is the same mean restricted to sources
	// in the largest weak component (the first one on ties). For an
	// undirected graph it equals nx.average_shortest_path_length on that
	// component's subgraph; for a directed graph, where NetworkX requires
	// strong connectivity, it averages over the reachable pairs.
	LargestComponentPathLength float64
	// PathSources is the number of BFS sources behind the two path
	// lengths: n when exact, the sample size when estimated.
	PathSources int

	AverageClustering float64 // AverageClustering(g)
	Transitivity      float64 // Transitivity(g)
}

// StatsOptions configures StatsWithOptions.
type StatsOptions struct {
	// PathSamples > 0 estimates the path lengths from that many BFS
	// sources sampled with Rng (which must then be non-nil) instead of
	// all n sources; the exact computation costs O(nm).
	PathSamples int
	Rng         *rand.Rand
	// Workers is the number of goroutines for the BFS sweep; <= 0 means
	// runtime.GOMAXPROCS(0).
	Workers int
}

// Stats returns summary statistics of g, computing the path lengths
// exactly from every source (O(nm) time; see StatsWithOptions to
// sample).
func Stats(g *Graph) NetStats {
	return StatsWithOptions(g, StatsOptions{})
}

// StatsWithOptions is Stats with control over the path-length sweep.
func StatsWithOptions(g *Graph, opt StatsOptions) NetStats {
	n := g.n
	s := NetStats{Nodes: n, Edges: g.m}
	if n > 1 {
		pairs := float64(n) * float64(n-1)
		if !g.directed {
			pairs /= 2
		}
		s.Density = float64(g.m) / pairs
	}
	label, sizes := Components(g)
	s.Components = len(sizes)
	largest := -1
	for c, sz := range sizes {
		if sz > s.LargestComponent {
			s.LargestComponent, largest = sz, c
		}
	}
	var degSum int
	for u := range n {
		d := g.Degree(u)
		degSum += d
		if d == 0 {
			s.Isolates++
		}
		for len(s.DegreeHistogram) <= d {
			s.DegreeHistogram = append(s.DegreeHistogram, 0)
		}
		s.DegreeHistogram[d]++
	}
	if n > 0 {
		s.AverageDegree = float64(degSum) / float64(n)
	}

	sources := make([]int, n)
	for i := range sources {
		sources[i] = i
	}
	if opt.PathSamples > 0 && opt.PathSamples < n {
		sources = opt.Rng.Perm(n)[:opt.PathSamples]
	}
	s.PathSources = len(sources)
	inLargest := make([]bool, n)
	for u, c := range label {
		inLargest[u] = c == largest
	}
	all, lc := pathLengthSums(g, sources, inLargest, opt.Workers)
	s.AveragePathLength = all.mean()
	s.LargestComponentPathLength = lc.mean()

	s.AverageClustering = AverageClustering(g)
	s.Transitivity = Transitivity(g)
	return s
}

type distSum struct {
	total, pairs int64
}

func (d distSum) mean() float64 {
	if d.pairs == 0 {
		return 0
	}
	return float64(d.total) / float64(d.pairs)
}

// pathLengthSums runs a BFS from each source and sums the hop distances
// to every reachable node, separately for sources marked in lc.
func pathLengthSums(g *Graph, sources []int, lc []bool, workers int) (all, inLC distSum) {
	if len(sources) == 0 {
		return
	}
	c := newCompact(g, false)
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(sources))
	type result struct{ all, lc distSum }
	res := make([]result, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dist := make([]int32, c.n)
			for i := range dist {
				dist[i] = -1
			}
			queue := make([]int32, 0, c.n)
			var r result
			for i := w; i < len(sources); i += workers {
				s := c.rank[sources[i]]
				queue = append(queue[:0], s)
				dist[s] = 0
				var total int64
				for head := 0; head < len(queue); head++ {
					v := queue[head]
					dv := dist[v] + 1
					for _, x := range c.adj[c.off[v]:c.off[v+1]] {
						if dist[x] < 0 {
							dist[x] = dv
							total += int64(dv)
							queue = append(queue, x)
						}
					}
				}
				for _, v := range queue {
					dist[v] = -1
				}
				d := distSum{total, int64(len(queue) - 1)}
				r.all.total += d.total
				r.all.pairs += d.pairs
				if lc[sources[i]] {
					r.lc.total += d.total
					r.lc.pairs += d.pairs
				}
			}
			res[w] = r
		}()
	}
	wg.Wait()
	for _, r := range res {
		all.total += r.all.total
		all.pairs += r.all.pairs
		inLC.total += r.lc.total
		inLC.pairs += r.lc.pairs
	}
	return all, inLC
}
