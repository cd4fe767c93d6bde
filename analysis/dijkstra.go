package analysis

import (
	"math"
	"math/bits"
)

// dijkstraState is the per-node state of one weighted single-source pass.
type dijkstraState struct {
	dist float64 // tentative, then final, distance; +Inf when unseen
	val  float64 // σ(v) while searching, then (1+δ(v))/σ(v)
	done bool    // distance is final
}

// dijkstraWorker holds the reusable buffers of one goroutine: node
// states, the settle order (used as the stack) and the priority queue.
type dijkstraWorker struct {
	st    []dijkstraState
	order []int32
	queue radixHeap
}

func newDijkstraWorker(n int) *dijkstraWorker {
	w := &dijkstraWorker{
		st:    make([]dijkstraState, n),
		order: make([]int32, 0, n),
	}
	for i := range w.st {
		w.st[i] = dijkstraState{dist: math.Inf(1)}
	}
	return w
}

// run adds the dependencies δ_s(v) of source s to bc. v precedes w on a
// shortest path iff dist(v) + w(v,w) == dist(w), compared exactly as
// NetworkX does; since weights are positive every such successor settles
// after v, so accumulating in reverse settle order pulls final values
// from the out-neighbours.
func (wk *dijkstraWorker) run(c *compactGraph, s int32, bc []float64) {
	st := wk.st
	off, adj, wt := c.off, c.adj, c.w
	order := wk.order[:0]
	st[s].dist = 0
	st[s].val = 1
	q := &wk.queue
	q.reset()
	q.push(0, s)
	for q.len > 0 {
		d, v := q.pop()
		p := &st[v]
		if p.done || d > p.dist {
			continue // stale item
		}
		p.done = true
		order = append(order, v)
		dv, sv := p.dist, p.val
		for k := off[v]; k < off[v+1]; k++ {
			x := adj[k]
			px := &st[x]
			if px.done {
				continue
			}
			nd := dv + wt[k]
			switch {
			case nd < px.dist:
				px.dist = nd
				px.val = sv
				q.push(nd, x)
			case nd == px.dist:
				px.val += sv
			}
		}
	}
	for i := len(order) - 1; i > 0; i-- {
		v := order[i]
		p := &st[v]
		dv := p.dist
		var sum float64
		for k := off[v]; k < off[v+1]; k++ {
			if q := &st[adj[k]]; dv+wt[k] == q.dist {
				sum += q.val
			}
		}
		sigma := p.val
		d := sigma * sum
		bc[v] += d
		p.val = (1 + d) / sigma
	}
	for _, v := range order {
		st[v] = dijkstraState{dist: math.Inf(1)}
	}
	wk.order = order
}

// radixHeap is a monotone priority queue of non-negative float64 keys
// (a radix heap: R. K. Ahuja, K. Mehlhorn, J. B. Orlin and R. E. Tarjan,
// "Faster algorithms for the shortest path problem", Journal of the ACM
// 37(2):213–223, 1990). It relies on Dijkstra's property that no key
// pushed is smaller than the last key popped. Non-negative IEEE-754
// doubles order like their bit patterns, so an item lives in bucket
// bits.Len64(key ^ last): bucket 0 holds keys equal to the last popped
// one, and an item only ever moves to lower buckets. Improved distances
// are pushed again and stale items skipped by the caller (lazy deletion).
type radixHeap struct {
	last    uint64
	len     int
	buckets [65][]radixItem
}

type radixItem struct {
	key uint64
	v   int32
}

func (h *radixHeap) reset() {
	h.last, h.len = 0, 0
	for i := range h.buckets {
		h.buckets[i] = h.buckets[i][:0]
	}
}

func (h *radixHeap) push(d float64, v int32) {
	key := math.Float64bits(d)
	b := bits.Len64(key ^ h.last)
	h.buckets[b] = append(h.buckets[b], radixItem{key, v})
	h.len++
}

// pop removes an item with the smallest key; h.len must be positive.
func (h *radixHeap) pop() (float64, int32) {
	if len(h.buckets[0]) == 0 {
		i := 1
		for len(h.buckets[i]) == 0 {
			i++
		}
		items := h.buckets[i]
		min := items[0].key
		for _, it := range items[1:] {
			if it.key < min {
				min = it.key
			}
		}
		h.last = min
		for _, it := range items {
			b := bits.Len64(it.key ^ min)
			h.buckets[b] = append(h.buckets[b], it)
		}
		h.buckets[i] = items[:0]
	}
	b0 := h.buckets[0]
	it := b0[len(b0)-1]
	h.buckets[0] = b0[:len(b0)-1]
	h.len--
	return math.Float64frombits(it.key), it.v
}
