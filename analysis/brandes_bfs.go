package analysis

import "math"

// bfsKernel runs one unweighted single-source pass of Brandes'
// algorithm, adding the dependencies δ_s(v) to an accumulator.
type bfsKernel interface {
	run(c *compactGraph, s int32, bc []float64)
}

// newBFSKernel returns a kernel with the narrowest level type that is
// safe for c (see bfsWorker).
func newBFSKernel(c *compactGraph, directed bool) bfsKernel {
	switch {
	case !directed:
		return newBFSWorker[uint8](c, 3)
	case c.n < math.MaxUint16:
		return newBFSWorker[uint16](c, math.MaxUint16-1)
	default:
		return newBFSWorker[uint32](c, math.MaxUint32-1)
	}
}

// bfsWorker holds the reusable buffers of one goroutine. All slices are
// allocated once and reused for every source, so the hot loop neither
// allocates nor uses maps.
//
// Hop distances are stored as level codes (d mod period) + 1 of the
// smallest type L that tells a successor level from every other level a
// neighbour can have, with 0 for unvisited; a smaller code array stays in
// cache on larger graphs. In an undirected graph the neighbours of a
// node at distance d are at d-1, d or d+1, so period 3 in a byte
// suffices. In a directed graph an out-neighbour of v can be at any
// distance up to d(v)+1, so the period must exceed the largest distance
// (at most n-1): uint16 below 65535 nodes, uint32 beyond. The period is
// kept below the type's maximum so that code+1 cannot overflow.
type bfsWorker[L uint8 | uint16 | uint32] struct {
	code   []L
	period L
	val    []float64 // σ(v) during the search, then (1+δ(v))/σ(v)
	// order holds the nodes in non-decreasing distance: it is the BFS
	// queue and, read backwards, Brandes' stack.
	order []int32
	// succ[succOff[i]:succOff[i+1]] are the successors on shortest
	// paths (the DAG out-arcs) of order[i]: flat successor lists written
	// sequentially during the search and read back in the accumulation.
	succ    []int32
	succOff []int32
}

func newBFSWorker[L uint8 | uint16 | uint32](c *compactGraph, period L) *bfsWorker[L] {
	return &bfsWorker[L]{
		code:    make([]L, c.n),
		period:  period,
		val:     make([]float64, c.n),
		order:   make([]int32, c.n),
		succ:    make([]int32, len(c.adj)),
		succOff: make([]int32, c.n+1),
	}
}

// run adds the dependencies δ_s(v) of source s to bc, using
//
//	δ(v) = σ(v) Σ_{w : v ∈ P(w)} (1 + δ(w)) / σ(w)
//
// (Brandes 2001, Theorem 6) over the successor lists recorded during the
// breadth-first search. An arc v->w is a shortest-path arc iff
// d(w) = d(v)+1, which is already final when v is dequeued.
func (wk *bfsWorker[L]) run(c *compactGraph, s int32, bc []float64) {
	code, val, succ := wk.code, wk.val, wk.succ
	period := wk.period
	off, adj := c.off, c.adj
	order := wk.order[:c.n]
	succOff := wk.succOff[:c.n+1]
	k := 0    // length of succ
	tail := 1 // length of order
	code[s] = 1
	val[s] = 1
	order[0] = s
	for head := 0; head < tail; head++ {
		v := order[head]
		succOff[head] = int32(k)
		next := code[v] + 1
		if next > period {
			next = 1
		}
		start := k
		for _, x := range adj[off[v]:off[v+1]] {
			cx := code[x]
			if cx == 0 {
				code[x] = next
				cx = next
				order[tail] = x
				tail++
			}
			// Branch-free append of x when v->x is a shortest-path arc.
			succ[k] = x
			inc := 0
			if cx == next {
				inc = 1
			}
			k += inc
		}
		sv := val[v]
		for _, x := range succ[start:k] {
			val[x] += sv
		}
	}
	succOff[tail] = int32(k)
	order = order[:tail]
	for i := tail - 1; i > 0; i-- {
		v := order[i]
		var sum float64
		for _, x := range succ[succOff[i]:succOff[i+1]] {
			sum += val[x]
		}
		sigma := val[v]
		d := sigma * sum
		bc[v] += d
		val[v] = (1 + d) / sigma
	}
	for _, v := range order {
		code[v] = 0
		val[v] = 0
	}
}
