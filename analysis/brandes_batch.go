package analysis

import (
	"math/bits"
	"slices"
)

// batchLanes is the number of sources one batched traversal serves: one
// bit of a uint64 lane mask each.
const batchLanes = 64

// batchWorker runs the unweighted passes of Brandes' algorithm for up to
// batchLanes sources at once, as a multi-source breadth-first search
// (M. Then, M. Kaufmann, F. Chirigati, T.-A. Hoang-Vu, K. Pham,
// A. Kemper, T. Neumann, H. T. Vo, "The more the merrier: efficient
// multi-source graph traversal", PVLDB 8(4):449–460, 2014) extended with
// per-source path counts and dependencies in the manner of M. Then,
// S. Günnemann, A. Kemper, T. Neumann, "Efficient batched distance and
// centrality computation in unweighted and weighted graphs", BTW 2017.
//
// Every node keeps one bit per lane in seen (the lanes whose source has
// reached it) and one float64 per lane in val, so the lanes of a node
// lie in one 512-byte block. The search is level-synchronous: level L
// lists, in increasing node order, each node that is at distance L from
// at least one source, together with the mask of those sources.
// Scanning a node's adjacency once serves every lane in its mask; when
// the sources of a batch are close to each other (consecutive in the
// community order of compactGraph) a node sits on few distinct levels
// (about 4 for 64 sources on SyntheticNetwork(100000, 500000, 1)), so one
// adjacency scan, and one visit to a neighbour's block, serve about 16
// sources. Sorting each level makes a sweep walk the blocks of the
// level's nodes forward through memory, and with the community order
// most of their neighbours' blocks lie nearby.
//
// On graphs this large the batch state (51 MB for 100 000 nodes) no
// longer fits in cache and cache misses on neighbours' blocks still
// dominate (measured with cachegrind: roughly half the cycles), but
// there are far fewer of them per source than in a one-source-at-a-time
// search, whose 1 MB of state per source is rebuilt 100 000 times. The
// blocks live in memory mapped with 2 MiB pages where Linux allows it
// (see bigAlloc): with 4 KiB pages nearly every visit to a neighbour's
// block also missed the TLB, and the 100 000-node run took about a
// quarter longer. (A layout that stores only the lanes of each level
// entry, compactly and in level order, touched fewer cache lines per
// arc but was slower here overall: it needs a second sweep per level and
// a popcount per lane.)
//
// No predecessor or successor lists are stored: the level lists are the
// Brandes stack, and the backward pass finds the successors of v again
// as the neighbours whose lanes sit one level deeper.
//
// All buffers are allocated once and reused for every batch; the hot
// loops neither allocate nor use maps. Memory is 8·batchLanes + 16 bytes
// per node plus 12 bytes per level-list entry (at most batchLanes per
// node, typically a few).
type batchWorker struct {
	seen []uint64 // lanes whose source has reached the node
	// mark holds, while level L+1 is built, the lanes for which the node
	// is at distance L+1; in the backward pass it holds the lanes for
	// which the node is one level below the level being accumulated.
	mark []uint64
	// val[v][i] is σ_s(v) for the source s of lane i during the search,
	// then (1+δ_s(v))/σ_s(v); lanes that s has not reached hold stale
	// values of earlier batches, which are never read.
	val [][batchLanes]float64
	// nodes[levelOff[L]:levelOff[L+1]] are the nodes on level L, with
	// their lane masks in masks.
	nodes    []int32
	masks    []uint64
	levelOff []int
}

// newBatchWorker returns a worker for graphs of n nodes and the function
// that releases its memory.
func newBatchWorker(n int) (*batchWorker, func()) {
	val, free := bigAlloc[[batchLanes]float64](n)
	return &batchWorker{
		seen:  make([]uint64, n),
		mark:  make([]uint64, n),
		val:   val,
		nodes: make([]int32, 0, n),
		masks: make([]uint64, 0, n),
	}, free
}

// run adds Σ_{s ∈ src} δ_s(v) to bc[v] for every node v, for at most
// batchLanes distinct sources src.
//
// Forward, for each source s (lane), level by level:
//
//	σ_s(w) = Σ_{v : (v,w) ∈ E, d_s(v) = d_s(w)-1} σ_s(v),
//
// pushed along the arcs of the nodes of level L into the lanes that
// first reach w at level L+1. Backward, from the deepest level up
// (Brandes 2001, Theorem 6):
//
//	δ_s(v) = σ_s(v) Σ_{w : (v,w) ∈ E, d_s(w) = d_s(v)+1} (1 + δ_s(w)) / σ_s(w),
//
// pulled by v from its out-neighbours, so each node writes only its own
// state. The sum for δ_s(v) runs over the arcs of v in adjacency order,
// as in the single-source kernel.
func (wk *batchWorker) run(c *compactGraph, src []int32, bc []float64) {
	off, adj := c.off, c.adj
	seen, mark, val := wk.seen, wk.mark, wk.val
	nodes, masks := wk.nodes[:0], wk.masks[:0]
	levelOff := append(wk.levelOff[:0], 0)
	for i, s := range src {
		bit := uint64(1) << i
		seen[s] |= bit
		val[s][i] = 1
		nodes = append(nodes, s)
		masks = append(masks, bit)
	}
	levelOff = append(levelOff, len(nodes))

	// Forward: breadth-first, one level of all lanes at a time.
	for L := 0; ; L++ {
		lo, hi := levelOff[L], levelOff[L+1]
		for j := lo; j < hi; j++ {
			v, front := nodes[j], masks[j]
			sv := &val[v]
			for _, x := range adj[off[v]:off[v+1]] {
				fresh := front &^ seen[x]
				if fresh == 0 {
					continue
				}
				mx := mark[x]
				if mx == 0 {
					nodes = append(nodes, x)
				}
				mark[x] = mx | fresh
				sx := &val[x]
				// A lane's first contribution overwrites what an
				// earlier batch left, so val is never cleared.
				for first := fresh &^ mx; first != 0; first &= first - 1 {
					i := bits.TrailingZeros64(first) & (batchLanes - 1)
					sx[i] = sv[i]
				}
				for more := fresh & mx; more != 0; more &= more - 1 {
					i := bits.TrailingZeros64(more) & (batchLanes - 1)
					sx[i] += sv[i]
				}
			}
		}
		if len(nodes) == hi {
			break
		}
		slices.Sort(nodes[hi:])
		for _, x := range nodes[hi:] {
			m := mark[x]
			masks = append(masks, m)
			seen[x] |= m
			mark[x] = 0
		}
		levelOff = append(levelOff, len(nodes))
	}

	// Backward: accumulate dependencies from the deepest level up to
	// level 1; the sources (level 0) get none.
	var acc [batchLanes]float64
	top := len(levelOff) - 2
	for L := top; L >= 1; L-- {
		lo, hi := levelOff[L], levelOff[L+1]
		if L < top {
			for j := hi; j < levelOff[L+2]; j++ {
				mark[nodes[j]] = masks[j]
			}
		}
		for j := lo; j < hi; j++ {
			v, here := nodes[j], masks[j]
			for _, x := range adj[off[v]:off[v+1]] {
				succ := here & mark[x]
				if succ == 0 {
					continue
				}
				vx := &val[x]
				for ; succ != 0; succ &= succ - 1 {
					i := bits.TrailingZeros64(succ) & (batchLanes - 1)
					acc[i] += vx[i]
				}
			}
			sv := &val[v]
			var sum float64
			for m := here; m != 0; m &= m - 1 {
				i := bits.TrailingZeros64(m) & (batchLanes - 1)
				sigma := sv[i]
				d := sigma * acc[i]
				acc[i] = 0
				sum += d
				sv[i] = (1 + d) / sigma
			}
			bc[v] += sum
		}
		if L < top {
			for _, x := range nodes[hi:levelOff[L+2]] {
				seen[x] = 0
				mark[x] = 0
			}
		}
	}
	// Levels 0 and 1 remain.
	for _, x := range nodes[:levelOff[min(top, 1)+1]] {
		seen[x] = 0
	}
	wk.nodes, wk.masks, wk.levelOff = nodes, masks, levelOff
}
