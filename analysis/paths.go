package analysis

import "fmt"

// ShortestPaths returns the shortest paths (fewest edges, weights
// ignored) from node from to node to, each as the list of nodes from
// from to to, in lexicographic order of node indices. At most limit paths
// are returned; limit <= 0 means no limit (the number of shortest paths
// can grow exponentially with their length). Edge direction is respected
// when g is directed; use g.Undirected() to ignore it. It returns nil if
// to is unreachable from from, and [[from]] if from == to. The paths are
// those of NetworkX's nx.all_shortest_paths(G, from, to), sorted.
//
// Two breadth-first searches, forwards from from and backwards from to,
// mark the nodes v with d(from, v) + d(v, to) = d(from, to); a
// depth-first walk through them enumerates the paths, so the cost is
// O(n + m) plus the size of the output.
func ShortestPaths(g *Graph, from, to int, limit int) [][]int {
	if from < 0 || from >= g.n || to < 0 || to >= g.n {
		panic(fmt.Sprintf("analysis: ShortestPaths(%d, %d) out of range [0,%d)", from, to, g.n))
	}
	if from == to {
		return [][]int{{from}}
	}
	df := bfsDistances(g, from, false, -1)
	D := df[to]
	if D < 0 {
		return nil
	}
	dt := bfsDistances(g, to, true, D)
	onPath := func(v int) bool { return df[v] >= 0 && dt[v] >= 0 && df[v]+dt[v] == D }

	var paths [][]int
	path := make([]int, 1, D+1)
	path[0] = from
	next := make([]int, D+1) // next neighbour position to try at each depth
	for depth := 0; depth >= 0; {
		u := path[depth]
		if u == to {
			paths = append(paths, append([]int(nil), path...))
			if limit > 0 && len(paths) >= limit {
				break
			}
			path = path[:depth]
			depth--
			continue
		}
		nbrs, _ := g.Out(u)
		advanced := false
		for next[depth] < len(nbrs) {
			v := nbrs[next[depth]]
			next[depth]++
			if df[v] == depth+1 && onPath(v) {
				path = append(path, v)
				depth++
				next[depth] = 0
				advanced = true
				break
			}
		}
		if !advanced {
			path = path[:depth]
			depth--
		}
	}
	return paths
}

// bfsDistances returns hop distances from s (-1 when unreachable),
// following in-edges when reverse is set and stopping after depth
// maxDepth when maxDepth >= 0.
func bfsDistances(g *Graph, s int, reverse bool, maxDepth int) []int {
	dist := make([]int, g.n)
	for i := range dist {
		dist[i] = -1
	}
	dist[s] = 0
	queue := []int{s}
	for head := 0; head < len(queue); head++ {
		u := queue[head]
		if maxDepth >= 0 && dist[u] >= maxDepth {
			break
		}
		var nbrs []int
		if reverse {
			nbrs, _ = g.In(u)
		} else {
			nbrs, _ = g.Out(u)
		}
		for _, v := range nbrs {
			if dist[v] < 0 {
				dist[v] = dist[u] + 1
				queue = append(queue, v)
			}
		}
	}
	return dist
}

// EgoNetwork returns the nodes within radius hops of node, including node
// itself, in increasing index order: the nodes of NetworkX's
// nx.ego_graph(G, node, radius). Edge direction is respected when g is
// directed (out-neighbours, as ego_graph's default undirected=False); use
// g.Undirected() to ignore it. A negative radius is treated as 0. Use
// Induced to obtain the ego network's graph.
func EgoNetwork(g *Graph, node, radius int) []int {
	if node < 0 || node >= g.n {
		panic(fmt.Sprintf("analysis: EgoNetwork node %d out of range [0,%d)", node, g.n))
	}
	dist := bfsDistances(g, node, false, max(radius, 0))
	var out []int
	for v, d := range dist {
		if d >= 0 {
			out = append(out, v)
		}
	}
	return out
}
