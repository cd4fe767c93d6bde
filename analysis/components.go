package analysis

import (
	"slices"
	"sort"
)

// Components returns the weakly connected components of g (the
// connected components of its undirected version). label[u] is the
// component of node u and sizes[c] the number of nodes in component c.
// Components are numbered in the order of their lowest node index, so
// node 0 is always in component 0.
func Components(g *Graph) (label []int, sizes []int) {
	return ComponentsWithout(g, nil)
}

// ComponentsWithout is Components of g with the nodes marked in removed
// taken out, as if they and their edges were not there: what is left of
// a network when some of its actors close. A removed node has label -1;
// the others are numbered as Components numbers them. A nil removed
// removes nothing.
func ComponentsWithout(g *Graph, removed []bool) (label []int, sizes []int) {
	n := g.n
	label = make([]int, n)
	for i := range label {
		label[i] = -1
	}
	gone := func(u int) bool { return removed != nil && removed[u] }
	queue := make([]int, 0, n)
	for s := range n {
		if label[s] >= 0 || gone(s) {
			continue
		}
		c := len(sizes)
		label[s] = c
		queue = append(queue[:0], s)
		for head := 0; head < len(queue); head++ {
			u := queue[head]
			out, _ := g.Out(u)
			in, _ := g.In(u)
			for _, nbrs := range [2][]int{out, in} {
				for _, v := range nbrs {
					if label[v] < 0 && !gone(v) {
						label[v] = c
						queue = append(queue, v)
					}
				}
			}
		}
		sizes = append(sizes, len(queue))
	}
	return label, sizes
}

// Articulation describes a cut vertex: removing Node splits its
// (weakly connected) component into Parts components whose sizes are
// PartSizes, sorted in decreasing order. Parts is at least 2.
type Articulation struct {
	Node      int
	Parts     int
	PartSizes []int
}

// ArticulationPoints returns the articulation points (cut vertices) of g
// in increasing node order, treating a directed graph as undirected. For
// each it reports how many components its removal leaves of the
// component it belonged to, and their sizes.
//
// It uses the linear-time depth-first search of J. Hopcroft and R.
// Tarjan, "Algorithm 447: Efficient algorithms for graph manipulation",
// Communications of the ACM 16(6):372–378, 1973, written iteratively
// with an explicit stack so that deep graphs cannot overflow the
// goroutine stack. With disc the discovery time and
//
//	low(v) = min(disc(v), disc(w) for back edges from v's DFS subtree),
//
// a non-root v is a cut vertex iff some DFS child c has
// low(c) ≥ disc(v); each such child's subtree becomes a part, and the
// rest of the component (minus v) forms one more part. The DFS root is a
// cut vertex iff it has at least two children, each child's subtree
// being a part.
func ArticulationPoints(g *Graph) []Articulation {
	u := g.Undirected()
	n := u.n
	disc := make([]int, n)
	low := make([]int, n)
	size := make([]int, n)
	parent := make([]int, n)
	next := make([]int, n) // next neighbour position to scan
	root := make([]int, n)
	for i := range disc {
		disc[i] = -1
	}
	type cut struct{ node, size int }
	var cuts []cut
	stack := make([]int, 0, n)
	time := 0
	for r := range n {
		if disc[r] >= 0 {
			continue
		}
		disc[r], low[r], parent[r] = time, time, -1
		time++
		stack = append(stack[:0], r)
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			root[v] = r
			nbrs, _ := u.Out(v)
			if next[v] < len(nbrs) {
				w := nbrs[next[v]]
				next[v]++
				if disc[w] < 0 {
					parent[w] = v
					disc[w], low[w] = time, time
					time++
					stack = append(stack, w)
				} else if w != parent[v] {
					low[v] = min(low[v], disc[w])
				}
				continue
			}
			stack = stack[:len(stack)-1]
			size[v]++
			if p := parent[v]; p >= 0 {
				low[p] = min(low[p], low[v])
				size[p] += size[v]
				if low[v] >= disc[p] {
					cuts = append(cuts, cut{p, size[v]})
				}
			}
		}
	}

	sort.SliceStable(cuts, func(i, j int) bool { return cuts[i].node < cuts[j].node })
	var out []Articulation
	for i := 0; i < len(cuts); {
		v := cuts[i].node
		var parts []int
		sum := 0
		for ; i < len(cuts) && cuts[i].node == v; i++ {
			parts = append(parts, cuts[i].size)
			sum += cuts[i].size
		}
		if parent[v] >= 0 {
			parts = append(parts, size[root[v]]-1-sum)
		}
		if len(parts) < 2 {
			continue // a root with a single DFS child
		}
		slices.SortFunc(parts, func(a, b int) int { return b - a })
		out = append(out, Articulation{Node: v, Parts: len(parts), PartSizes: parts})
	}
	return out
}
