package analysis

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// louvainMinGain is the least modularity gain for which the local moving
// phase moves a node, gonum's deltaQtol. Refusing smaller gains, rounding
// noise, is what makes the phase end: every move raises Q by more.
const louvainMinGain = 1e-15

// louvainCheckEvery is how many node visits of the local moving phase
// pass between two looks at the context: a few milliseconds of work at
// the city's size, so a detection whose caller has gone stops at once.
const louvainCheckEvery = 4096

// louvainLevel is one level of the Louvain method: the original graph, or
// the graph of the communities found on the level below. It is kept in
// compressed adjacency lists with 32-bit indices, like compactGraph, and
// in the form the local moving phase needs and nothing else:
//
//   - adjacency is symmetric; w holds, for the pair {u, v}, the weight of
//     u-v (undirected) or of u->v plus v->u (directed): the only thing the
//     gain of a move asks of the edges between a node and a community;
//   - a node's edges to itself (after aggregation: the weight inside its
//     community) are not stored, because they never change with a move
//     and the gain formula does not read them; they live on in kOut and
//     kIn, which keep the degrees of the original nodes summed up.
type louvainLevel struct {
	n        int
	directed bool
	off      []int32
	adj      []int32
	w        []float64
	// kOut[u] and kIn[u] are u's weighted out- and in-degree in the
	// original graph (for a community, its members' summed, the weight
	// inside it included); for an undirected graph both are the weighted
	// degree and share one slice.
	kOut, kIn []float64
}

// louvain runs the Louvain method (see Communities) on g and returns each
// node's community as an arbitrary label, or ctx's error once ctx is done.
// intn draws the random node orders of the local moving phase.
func louvain(ctx context.Context, g *Graph, resolution float64, intn func(int) int) ([]int, error) {
	lv, m := newLouvainLevel(g)
	membership := make([]int32, g.n)
	for u := range membership {
		membership[u] = int32(u)
	}
	if m == 0 {
		// No edge weight: Q is undefined and no move can change it, so
		// every node stays on its own (gonum does the same).
		return int32sToInts(membership), nil
	}
	mv := newLouvainMover(lv.n, g.directed, resolution, m)
	for {
		moved, err := mv.localMoving(ctx, lv, intn)
		if err != nil {
			return nil, err
		}
		if !moved {
			break
		}
		dense, k := numberCommunities(mv.comm[:lv.n])
		for u, c := range membership {
			membership[u] = dense[c]
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		lv = lv.aggregate(dense, k)
	}
	return int32sToInts(membership), nil
}

// newLouvainLevel returns the first level, g itself, and g's total edge
// weight m (each undirected edge counted once). It panics on a negative
// weight, for which modularity is not defined (as gonum's Modularize did).
func newLouvainLevel(g *Graph) (*louvainLevel, float64) {
	n := g.n
	if n > math.MaxInt32 || len(g.outAdj)+len(g.inAdj) > math.MaxInt32 {
		panic(fmt.Sprintf("analysis: graph too large for community detection (%d nodes, %d arcs)", n, len(g.outAdj)))
	}
	arcs := len(g.outAdj)
	if g.directed {
		arcs += len(g.inAdj)
	}
	lv := &louvainLevel{
		n: n, directed: g.directed,
		off: make([]int32, n+1), adj: make([]int32, 0, arcs), w: make([]float64, 0, arcs),
		kOut: make([]float64, n),
	}
	lv.kIn = lv.kOut
	if g.directed {
		lv.kIn = make([]float64, n)
	}
	var m float64
	for u := range n {
		out, wo := g.Out(u)
		in, wi := g.In(u)
		for _, x := range wo {
			if x < 0 {
				panic(fmt.Sprintf("analysis: negative edge weight %v at node %d", x, u))
			}
			lv.kOut[u] += x
		}
		m += lv.kOut[u]
		if !g.directed {
			lv.adj = appendInt32s(lv.adj, out)
			lv.w = append(lv.w, wo...)
		} else {
			for _, x := range wi {
				lv.kIn[u] += x
			}
			// Merge the sorted out- and in-lists into one list of
			// neighbours, a reciprocated pair once with both weights.
			i, j := 0, 0
			for i < len(out) || j < len(in) {
				switch {
				case j == len(in) || (i < len(out) && out[i] < in[j]):
					lv.adj, lv.w = append(lv.adj, int32(out[i])), append(lv.w, wo[i])
					i++
				case i == len(out) || in[j] < out[i]:
					lv.adj, lv.w = append(lv.adj, int32(in[j])), append(lv.w, wi[j])
					j++
				default:
					lv.adj, lv.w = append(lv.adj, int32(out[i])), append(lv.w, wo[i]+wi[j])
					i, j = i+1, j+1
				}
			}
		}
		lv.off[u+1] = int32(len(lv.adj))
	}
	if !g.directed {
		m /= 2
	}
	return lv, m
}

// louvainMover is the local moving phase: the objective, and working
// arrays sized for the first (largest) level and reused on every level
// above it.
//
// The gain of moving node u, out of any community, into community C is,
// times m (Blondel et al. 2008, eq. 2; for the directed modularity
// N. Dugué and A. Perez, "Directed Louvain: maximizing modularity in
// directed networks", 2015):
//
//	undirected:  k_{u,C} - γ k_u Σ_C / 2m
//	directed:    k_{u→C} + k_{C→u} - γ (k_u^out Σ_C^in + k_u^in Σ_C^out) / m
//
// with k_{u,C} the weight between u and C, k_u u's weighted degree and Σ_C
// the sum of the degrees in C. With k^out = k^in = k, an undirected graph
// takes the directed form with 4m for m, which is the undirected one
// exactly (scaling by 2 rounds nothing); and it is evaluated as gonum's
// Modularize evaluates it, so that a seed gives the partition it gave.
type louvainMover struct {
	gamma float64 // the resolution γ
	m     float64 // the total edge weight (each undirected edge once)
	div   float64 // m, or 4m for an undirected graph

	comm          []int32   // community of each node
	totOut, totIn []float64 // Σ^out and Σ^in of each community
	order         []int32   // the random visiting order
	linkW         []float64 // weight from the current node to each community
	linkPos       []int32   // index in linked, or -1
	linked        []int32   // communities next to the current node
	visits        int       // node visits since the context was last read
}

func newLouvainMover(n int, directed bool, resolution, m float64) *louvainMover {
	mv := &louvainMover{
		gamma:   resolution,
		m:       m,
		div:     m,
		comm:    make([]int32, n),
		totOut:  make([]float64, n),
		totIn:   make([]float64, n),
		order:   make([]int32, n),
		linkW:   make([]float64, n),
		linkPos: make([]int32, n),
	}
	if !directed {
		mv.div = 4 * m
	}
	for i := range mv.linkPos {
		mv.linkPos[i] = -1
	}
	return mv
}

// localMoving is the first phase of the Louvain method on level lv: every
// node starts in a community of its own; in passes over the nodes in a
// random order, each node is taken out of its community and put into the
// neighbouring community (or back into its own) of highest gain, until a
// pass moves no node. It reports whether any node moved, and stops with
// ctx's error.
//
// The conventions the method leaves open are gonum's, so that the same
// seed gives the partition gonum's Modularize gave before (and the API
// the communities it answered): each pass reshuffles the previous pass's
// order (Fisher–Yates from the front), a tie between communities goes to
// the lowest numbered, and a node moves only for a gain of Q above
// louvainMinGain.
func (mv *louvainMover) localMoving(ctx context.Context, lv *louvainLevel, intn func(int) int) (moved bool, err error) {
	n := lv.n
	comm, totOut, totIn := mv.comm[:n], mv.totOut[:n], mv.totIn[:n]
	order := mv.order[:n]
	for u := range n {
		comm[u] = int32(u)
		order[u] = int32(u)
	}
	copy(totOut, lv.kOut)
	copy(totIn, lv.kIn)
	for {
		if err := ctx.Err(); err != nil {
			return false, err
		}
		for i := 0; i < n-1; i++ {
			j := i + intn(n-i)
			order[i], order[j] = order[j], order[i]
		}
		movedThisPass := false
		for _, u := range order {
			if mv.visits++; mv.visits == louvainCheckEvery {
				mv.visits = 0
				if err := ctx.Err(); err != nil {
					return false, err
				}
			}
			from := comm[u]
			mv.linked = mv.linked[:0]
			mv.link(from, 0)
			for e := lv.off[u]; e < lv.off[u+1]; e++ {
				mv.link(comm[lv.adj[e]], lv.w[e])
			}
			ko, ki := lv.kOut[u], lv.kIn[u]
			totOut[from] -= ko
			totIn[from] -= ki
			stay := mv.linkW[from] - mv.gamma*(ko*totIn[from]+ki*totOut[from])/mv.div
			best, bestGain := int32(-1), math.Inf(-1)
			for _, c := range mv.linked {
				if c == from {
					continue
				}
				gain := mv.linkW[c] - mv.gamma*(ko*totIn[c]+ki*totOut[c])/mv.div
				if gain > bestGain || (gain == bestGain && c < best) {
					best, bestGain = c, gain
				}
			}
			if (bestGain-stay)/mv.m <= louvainMinGain {
				best = from
			}
			totOut[best] += ko
			totIn[best] += ki
			if best != from {
				comm[u] = best
				movedThisPass = true
			}
			for _, c := range mv.linked {
				mv.linkPos[c] = -1
			}
		}
		if !movedThisPass {
			return moved, nil
		}
		moved = true
	}
}

// link adds weight w to the current node's tie to community c.
func (mv *louvainMover) link(c int32, w float64) {
	if mv.linkPos[c] < 0 {
		mv.linkPos[c] = int32(len(mv.linked))
		mv.linked = append(mv.linked, c)
		mv.linkW[c] = 0
	}
	mv.linkW[c] += w
}

// aggregate is the second phase of the Louvain method: the graph whose
// nodes are the k communities of lv (dense[u] is u's, in 0..k-1), with
// the weights between two communities summed and those inside one
// dropped (see louvainLevel), and the degrees summed.
func (lv *louvainLevel) aggregate(dense []int32, k int) *louvainLevel {
	// Members of each community, in node order (a counting sort).
	memberOff := make([]int32, k+1)
	for _, c := range dense {
		memberOff[c+1]++
	}
	for c := range k {
		memberOff[c+1] += memberOff[c]
	}
	members := make([]int32, lv.n)
	next := slices.Clone(memberOff[:k])
	for u, c := range dense {
		members[next[c]] = int32(u)
		next[c]++
	}

	up := &louvainLevel{n: k, directed: lv.directed, off: make([]int32, k+1), kOut: make([]float64, k)}
	up.kIn = up.kOut
	if lv.directed {
		up.kIn = make([]float64, k)
	}
	up.adj = make([]int32, 0, len(lv.adj)/2)
	up.w = make([]float64, 0, len(lv.adj)/2)
	pos := make([]int32, k)
	for i := range pos {
		pos[i] = -1
	}
	for c := range int32(k) {
		start := int32(len(up.adj))
		for _, u := range members[memberOff[c]:memberOff[c+1]] {
			up.kOut[c] += lv.kOut[u]
			if lv.directed {
				up.kIn[c] += lv.kIn[u]
			}
			for e := lv.off[u]; e < lv.off[u+1]; e++ {
				d := dense[lv.adj[e]]
				if d == c {
					continue
				}
				if pos[d] < 0 {
					pos[d] = int32(len(up.adj))
					up.adj = append(up.adj, d)
					up.w = append(up.w, 0)
				}
				up.w[pos[d]] += lv.w[e]
			}
		}
		for _, d := range up.adj[start:] {
			pos[d] = -1
		}
		up.off[c+1] = int32(len(up.adj))
	}
	return up
}

// numberCommunities numbers the non-empty communities among the labels
// comm (each below len(comm)) 0..k-1 as gonum's Modularize numbers the
// nodes of its next level: labels in increasing order, where each empty
// one is filled by the last remaining label. The numbering decides the
// ties the next level breaks (lowest number first) and so the partition;
// following gonum's keeps the partitions it found for a seed.
func numberCommunities(comm []int32) (number []int32, k int) {
	n := len(comm)
	size := make([]int32, n)
	for _, c := range comm {
		size[c]++
	}
	slot := make([]int32, n)
	for i := range slot {
		slot[i] = int32(i)
	}
	k = n
	for i := 0; i < k; {
		if size[slot[i]] == 0 {
			slot[i] = slot[k-1]
			k--
		} else {
			i++
		}
	}
	index := size // reused: every label's size has been read
	for i, c := range slot[:k] {
		index[c] = int32(i)
	}
	number = make([]int32, n)
	for u, c := range comm {
		number[u] = index[c]
	}
	return number, k
}

func appendInt32s(dst []int32, src []int) []int32 {
	for _, x := range src {
		dst = append(dst, int32(x))
	}
	return dst
}

func int32sToInts(s []int32) []int {
	out := make([]int, len(s))
	for i, x := range s {
		out[i] = int(x)
	}
	return out
}
