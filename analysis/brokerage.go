package analysis

import "fmt"

// BrokerageCounts holds the Gould–Fernandez brokerage role counts of one
// node v: the number of ordered pairs (i, k) it brokers in each role. The
// two-path i -> v -> k is written with the groups of i, v and k; A, B and
// C are distinct groups.
type BrokerageCounts struct {
	// Coordinator (sna's w_I): A -> A -> A, all three in one group.
	Coordinator int
	// Gatekeeper (sna's b_OI): A -> B -> B, the broker screens an
	// incoming contact from outside for a member of its own group.
	Gatekeeper int
	// Representative (sna's b_IO): A -> A -> B, the broker passes a
	// contact from its own group to the outside.
	Representative int
	// Consultant, the itinerant broker (sna's w_O): A -> B -> A, the
	// broker links two members of a group it does not belong to.
	Consultant int
	// Liaison (sna's b_O): A -> B -> C, all three groups differ.
	Liaison int
	// Total is the sum of the five roles (sna's t).
	Total int
}

// Brokerage returns the brokerage role counts of every node for the
// partition given by group (group[u] is the group label of node u) after
// R. V. Gould and R. M. Fernandez, "Structures of mediation: A formal
// approach to brokerage in transaction networks", Sociological
// Methodology 19:89–126, 1989.
//
// Node v brokers the ordered pair (i, k) iff i -> v -> k, i ≠ k and there
// is no edge i -> k. Every such two-path is counted once for v, in the
// role given by the groups of i, v and k (see BrokerageCounts). The counts
// are identical to the "raw.nli" matrix of R's sna::brokerage (C. T.
// Butts, sna package, function brokerage_R), whose columns are w_I, w_O,
// b_IO, b_OI, b_O and t. Note that sna's C code and its current manual
// call b_IO the representative (A -> A -> B) and b_OI the gatekeeper
// (A -> B -> B); some older versions of the manual swapped the two names.
//
// An undirected graph is treated as directed with each edge in both
// directions, as sna does for symmetric input. A path i - v - k with i and
// k not adjacent is then counted twice, once per direction, and the two
// directions may fall in different roles: a representative pair (i, k) is
// a gatekeeper pair (k, i).
//
// Brokerage panics if len(group) != g.N().
func Brokerage(g *Graph, group []int) []BrokerageCounts {
	n := g.n
	if len(group) != n {
		panic(fmt.Sprintf("analysis: brokerage group has length %d, want %d", len(group), n))
	}
	out := make([]BrokerageCounts, n)
	mark := make([]int, n) // mark[k] == i+1 iff i -> k
	for i := range n {
		succ, _ := g.Out(i)
		for _, v := range succ {
			mark[v] = i + 1
		}
		gi := group[i]
		for _, v := range succ {
			gv := group[v]
			b := &out[v]
			vs, _ := g.Out(v)
			for _, k := range vs {
				if k == i || mark[k] == i+1 {
					continue
				}
				gk := group[k]
				switch {
				case gv == gi && gv == gk:
					b.Coordinator++
				case gv == gi:
					b.Representative++
				case gv == gk:
					b.Gatekeeper++
				case gi == gk:
					b.Consultant++
				default:
					b.Liaison++
				}
				b.Total++
			}
		}
	}
	return out
}
