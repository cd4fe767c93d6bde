package analysis

import "math/bits"

// SyntheticNetwork returns a reproducible undirected test network with n
// nodes and (up to) m distinct edges that imitates a city-wide
// cooperation network: nodes form neighbourhoods of 50–150 actors, each
// neighbourhood is grown by preferential attachment (so it has local
// hubs), neighbourhoods are chained into one connected component, and
// the remaining edges are added by triadic closure (50%), preferential
// attachment inside the neighbourhood (35%) and preferential attachment
// across the whole city (15%, creating global hubs). Weights are integers
// 1..5. Node labels are randomly permuted, so indices carry no locality.
//
// The output depends only on (n, m, seed): the generator is a SplitMix64
// stream implemented here, not math/rand, so it does not change between
// Go releases. m is capped at n(n-1)/2.
func SyntheticNetwork(n, m int, seed int64) []Edge {
	if n < 2 || m <= 0 {
		return nil
	}
	m = min(m, n*(n-1)/2)
	r := &splitMix{s: uint64(seed)}

	block := make([]int, n) // neighbourhood of each node
	var blockStart []int
	for start := 0; start < n; {
		blockStart = append(blockStart, start)
		size := 50 + r.intn(101)
		for i := start; i < min(start+size, n); i++ {
			block[i] = len(blockStart) - 1
		}
		start += size
	}
	blockStart = append(blockStart, n)

	adj := make([][]int32, n)
	seen := make(map[uint64]struct{}, m)
	edges := make([]Edge, 0, m)
	ends := make([]int32, 0, 2*m) // global endpoint list: degree-proportional sampling
	blockEnds := make([][]int32, len(blockStart)-1)
	add := func(u, v int) bool {
		if u == v || len(edges) >= m {
			return false
		}
		a, b := min(u, v), max(u, v)
		key := uint64(a)*uint64(n) + uint64(b)
		if _, dup := seen[key]; dup {
			return false
		}
		seen[key] = struct{}{}
		edges = append(edges, Edge{From: u, To: v, Weight: float64(1 + r.intn(5))})
		adj[u] = append(adj[u], int32(v))
		adj[v] = append(adj[v], int32(u))
		ends = append(ends, int32(u), int32(v))
		if block[u] == block[v] {
			blockEnds[block[u]] = append(blockEnds[block[u]], int32(u), int32(v))
		}
		return true
	}

	// Backbone: preferential attachment inside each neighbourhood, then
	// a random tree over the neighbourhoods.
	for b := 0; b+1 < len(blockStart); b++ {
		for i := blockStart[b] + 1; i < blockStart[b+1]; i++ {
			var t int
			if be := blockEnds[b]; len(be) > 0 && r.intn(2) == 0 {
				t = int(be[r.intn(len(be))])
			} else {
				t = blockStart[b] + r.intn(i-blockStart[b])
			}
			add(i, t)
		}
		if b > 0 {
			ob := r.intn(b)
			add(blockStart[b]+r.intn(blockStart[b+1]-blockStart[b]),
				blockStart[ob]+r.intn(blockStart[ob+1]-blockStart[ob]))
		}
	}

	for attempts := 0; len(edges) < m && attempts < 100*m; attempts++ {
		u := r.intn(n)
		switch p := r.intn(100); {
		case p < 50 && len(adj[u]) > 0:
			v := adj[u][r.intn(len(adj[u]))]
			if len(adj[v]) > 0 {
				add(u, int(adj[v][r.intn(len(adj[v]))]))
			}
		case p < 85:
			if be := blockEnds[block[u]]; len(be) > 0 {
				add(u, int(be[r.intn(len(be))]))
			}
		default:
			if len(ends) > 0 {
				add(u, int(ends[r.intn(len(ends))]))
			}
		}
	}

	// Random relabelling (Fisher–Yates).
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	for i := n - 1; i > 0; i-- {
		j := r.intn(i + 1)
		perm[i], perm[j] = perm[j], perm[i]
	}
	for i := range edges {
		edges[i].From, edges[i].To = perm[edges[i].From], perm[edges[i].To]
	}
	return edges
}

// splitMix is the SplitMix64 generator (Steele, Lea & Flood, "Fast
// splittable pseudorandom number generators", OOPSLA 2014).
type splitMix struct{ s uint64 }

func (r *splitMix) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a value in [0, n) by Lemire's multiply-shift reduction.
func (r *splitMix) intn(n int) int {
	hi, _ := bits.Mul64(r.next(), uint64(n))
	return int(hi)
}
