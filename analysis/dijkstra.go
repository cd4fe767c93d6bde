package analysis

import "math"

// dijkstraState is the per-node state of one weighted single-source pass.
type dijkstraState struct {
	dist  float64 // tentative, then final, distance; +Inf when unseen
	sigma float64 // number of shortest paths from the source
	coef  float64 // (1 + δ(w)) / σ(w), set during accumulation
	pos   int32   // index in the heap, -1 when not queued
	done  bool    // distance is final
}

// dijkstraWorker holds the reusable buffers of one goroutine: node
// states, the settle order (used as the stack) and an indexed binary heap
// keyed by distance with decrease-key.
type dijkstraWorker struct {
	st    []dijkstraState
	order []int32
	heap  []int32
}

func newDijkstraWorker(n int) *dijkstraWorker {
	w := &dijkstraWorker{
		st:    make([]dijkstraState, n),
		order: make([]int32, 0, n),
		heap:  make([]int32, 0, n),
	}
	for i := range w.st {
		w.st[i] = dijkstraState{dist: math.Inf(1), pos: -1}
	}
	return w
}

// run adds the dependencies δ_s(v) of source s to bc. v precedes w on a
// shortest path iff dist(v) + w(v,w) == dist(w), compared exactly as
// NetworkX does; since weights are positive every such successor settles
// after v, so accumulating in reverse settle order pulls final values.
func (wk *dijkstraWorker) run(c *compactGraph, s int32, bc []float64) {
	st := wk.st
	off, adj, wt := c.off, c.adj, c.w
	order := wk.order[:0]
	st[s].dist = 0
	st[s].sigma = 1
	wk.push(s)
	for len(wk.heap) > 0 {
		v := wk.pop()
		p := &st[v]
		p.done = true
		order = append(order, v)
		dv, sv := p.dist, p.sigma
		for k := off[v]; k < off[v+1]; k++ {
			x := adj[k]
			q := &st[x]
			if q.done {
				continue
			}
			nd := dv + wt[k]
			switch {
			case nd < q.dist:
				q.dist = nd
				q.sigma = sv
				if q.pos < 0 {
					wk.push(x)
				} else {
					wk.up(int(q.pos))
				}
			case nd == q.dist:
				q.sigma += sv
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
				sum += q.coef
			}
		}
		d := p.sigma * sum
		bc[v] += d
		p.coef = (1 + d) / p.sigma
	}
	for _, v := range order {
		st[v] = dijkstraState{dist: math.Inf(1), pos: -1}
	}
	wk.order = order
}

func (wk *dijkstraWorker) less(i, j int) bool {
	return wk.st[wk.heap[i]].dist < wk.st[wk.heap[j]].dist
}

func (wk *dijkstraWorker) swap(i, j int) {
	h := wk.heap
	h[i], h[j] = h[j], h[i]
	wk.st[h[i]].pos = int32(i)
	wk.st[h[j]].pos = int32(j)
}

func (wk *dijkstraWorker) push(v int32) {
	wk.heap = append(wk.heap, v)
	i := len(wk.heap) - 1
	wk.st[v].pos = int32(i)
	wk.up(i)
}

func (wk *dijkstraWorker) pop() int32 {
	h := wk.heap
	v := h[0]
	last := len(h) - 1
	wk.swap(0, last)
	wk.heap = h[:last]
	wk.st[v].pos = -1
	wk.down(0)
	return v
}

func (wk *dijkstraWorker) up(i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if !wk.less(i, parent) {
			return
		}
		wk.swap(i, parent)
		i = parent
	}
}

func (wk *dijkstraWorker) down(i int) {
	n := len(wk.heap)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		j := l
		if r := l + 1; r < n && wk.less(r, l) {
			j = r
		}
		if !wk.less(j, i) {
			return
		}
		wk.swap(i, j)
		i = j
	}
}
