package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestBrokerage(t *testing.T) {
	// Groups are written A=0, B=1, C=2.
	path := []Edge{{0, 1, 1}, {1, 2, 1}}
	tests := []struct {
		name     string
		n        int
		directed bool
		edges    []Edge
		group    []int
		want     []BrokerageCounts
	}{
		{
			// 0->1->2 with all in A: 1 coordinates the pair (0, 2).
			name: "coordinator", n: 3, directed: true, edges: path, group: []int{0, 0, 0},
			want: []BrokerageCounts{{}, {Coordinator: 1, Total: 1}, {}},
		},
		{
			// A->B->A: 1 is an itinerant broker (consultant).
			name: "consultant", n: 3, directed: true, edges: path, group: []int{0, 1, 0},
			want: []BrokerageCounts{{}, {Consultant: 1, Total: 1}, {}},
		},
		{
			// A->A->B: 1 passes its own group's contact out (sna b_IO).
			name: "representative", n: 3, directed: true, edges: path, group: []int{0, 0, 1},
			want: []BrokerageCounts{{}, {Representative: 1, Total: 1}, {}},
		},
		{
			// A->B->B: 1 lets an outside contact into its group (sna b_OI).
			name: "gatekeeper", n: 3, directed: true, edges: path, group: []int{0, 1, 1},
			want: []BrokerageCounts{{}, {Gatekeeper: 1, Total: 1}, {}},
		},
		{
			name: "liaison", n: 3, directed: true, edges: path, group: []int{0, 1, 2},
			want: []BrokerageCounts{{}, {Liaison: 1, Total: 1}, {}},
		},
		{
			// The direct tie 0->2 closes the two-path: nothing is brokered.
			name: "closed triad", n: 3, directed: true,
			edges: []Edge{{0, 1, 1}, {1, 2, 1}, {0, 2, 1}}, group: []int{0, 1, 2},
			want: []BrokerageCounts{{}, {}, {}},
		},
		{
			// Only i->k counts as a direct tie (as in sna), so 2->0 does
			// not close 0->1->2. The cycle has three open two-paths, each
			// through a different broker and across three groups:
			// 0->1->2 (A->B->C), 1->2->0 (B->C->A), 2->0->1 (C->A->B).
			name: "reverse tie does not close", n: 3, directed: true,
			edges: []Edge{{0, 1, 1}, {1, 2, 1}, {2, 0, 1}}, group: []int{0, 1, 2},
			want: []BrokerageCounts{{Liaison: 1, Total: 1}, {Liaison: 1, Total: 1}, {Liaison: 1, Total: 1}},
		},
		{
			// Undirected star, centre 0 in A, leaves 1:A, 2:B, 3:B. The six
			// ordered leaf pairs: (1,2),(1,3) A->A->B representative;
			// (2,1),(3,1) B->A->A gatekeeper; (2,3),(3,2) B->A->B consultant.
			name: "undirected star", n: 4,
			edges: []Edge{{0, 1, 1}, {0, 2, 1}, {0, 3, 1}}, group: []int{0, 0, 1, 1},
			want: []BrokerageCounts{{Representative: 2, Gatekeeper: 2, Consultant: 2, Total: 6}, {}, {}, {}},
		},
		{
			// 0:A 1:B 2:C 3:B with 0->1, 1->2, 1->3, 3->2, 2->0.
			// Via 1: 0->1->2 (no 0->2) A->B->C liaison; 0->1->3 A->B->B
			// gatekeeper. Via 3: 1->3->2 closed by 1->2. Via 2: 1->2->0
			// B->C->A liaison; 3->2->0 B->C->A liaison. Via 0: 2->0->1
			// C->A->B liaison.
			name: "mixed", n: 4, directed: true,
			edges: []Edge{{0, 1, 1}, {1, 2, 1}, {1, 3, 1}, {3, 2, 1}, {2, 0, 1}},
			group: []int{0, 1, 2, 1},
			want: []BrokerageCounts{
				{Liaison: 1, Total: 1},
				{Liaison: 1, Gatekeeper: 1, Total: 2},
				{Liaison: 2, Total: 2},
				{},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Brokerage(NewGraph(tc.n, tc.directed, tc.edges), tc.group)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Brokerage =\n%+v\nwant\n%+v", got, tc.want)
			}
		})
	}
}

func TestCommunitiesKarate(t *testing.T) {
	gd := loadGolden(t, "karate")
	g := gd.graph()
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			p := Communities(g, 1, rand.New(rand.NewPCG(seed, 0)))
			if p.Modularity < 0.40 {
				t.Errorf("modularity %v < 0.40", p.Modularity)
			}
			checkPartition(t, g, p)
			again := Communities(g, 1, rand.New(rand.NewPCG(seed, 0)))
			if !slices.Equal(again.Membership, p.Membership) {
				t.Error("same seed, different partition")
			}
		})
	}
}

func TestCommunitiesDirectedAndResolution(t *testing.T) {
	gd := loadGolden(t, "gnp_directed")
	g := gd.graph()
	p := Communities(g, 1, rand.New(rand.NewPCG(7, 7)))
	if p.Modularity <= 0 || p.Modularity != Modularity(g, p.Membership, 1) {
		t.Errorf("directed modularity %v, recomputed %v", p.Modularity, Modularity(g, p.Membership, 1))
	}
	k := loadGolden(t, "karate").graph()
	coarse := Communities(k, 0.3, rand.New(rand.NewPCG(1, 1)))
	fine := Communities(k, 3, rand.New(rand.NewPCG(1, 1)))
	if len(coarse.Sizes) >= len(fine.Sizes) {
		t.Errorf("resolution 0.3 gave %d communities, 3 gave %d", len(coarse.Sizes), len(fine.Sizes))
	}
	if q := Modularity(NewGraph(3, false, nil), []int{0, 1, 2}, 1); !math.IsNaN(q) {
		t.Errorf("Modularity without edges = %v, want NaN", q)
	}
}

func TestCommunityBridging(t *testing.T) {
	// 0-1-2-3 path in communities 7, 7, 8, 9 (labels are arbitrary).
	g := NewGraph(4, false, []Edge{{0, 1, 1}, {1, 2, 1}, {2, 3, 1}})
	got := CommunityBridging(g, []int{7, 7, 8, 9})
	if want := []int{0, 1, 2, 1}; !slices.Equal(got, want) {
		t.Errorf("CommunityBridging = %v, want %v", got, want)
	}
	d := NewGraph(3, true, []Edge{{1, 0, 1}, {2, 0, 1}})
	if got, want := CommunityBridging(d, []int{0, 1, 2}), []int{2, 1, 1}; !slices.Equal(got, want) {
		t.Errorf("directed CommunityBridging = %v, want %v", got, want)
	}
}

func TestBetweennessSmall(t *testing.T) {
	star := []Edge{{0, 1, 1}, {0, 2, 1}, {0, 3, 1}, {0, 4, 1}}
	tests := []struct {
		name     string
		n        int
		directed bool
		edges    []Edge
		opt      BetweennessOptions
		want     []float64
	}{
		// Star: the centre lies on all C(4,2) = 6 leaf pairs.
		{"star raw", 5, false, star, BetweennessOptions{}, []float64{6, 0, 0, 0, 0}},
		{"star normalized", 5, false, star, BetweennessOptions{Normalized: true}, []float64{1, 0, 0, 0, 0}},
		// Directed path 0->1->2->3: 1 is on (0,2),(0,3); 2 on (0,3),(1,3).
		{"directed path", 4, true, []Edge{{0, 1, 1}, {1, 2, 1}, {2, 3, 1}}, BetweennessOptions{}, []float64{0, 2, 2, 0}},
		// Square 0-1-2-3-0: each node is on one of the two shortest paths
		// between its two neighbours: 1/2.
		{"square", 4, false, []Edge{{0, 1, 1}, {1, 2, 1}, {2, 3, 1}, {3, 0, 1}}, BetweennessOptions{}, []float64{0.5, 0.5, 0.5, 0.5}},
		// Weighted square with a long edge 3-0: the shortest 0–3 path is
		// 0-1-2-3 (length 3 < 10), so 1 and 2 each carry two pairs.
		{"weighted square", 4, false, []Edge{{0, 1, 1}, {1, 2, 1}, {2, 3, 1}, {3, 0, 10}}, BetweennessOptions{Weighted: true}, []float64{0, 2, 2, 0}},
		{"two nodes", 2, false, []Edge{{0, 1, 1}}, BetweennessOptions{Normalized: true}, []float64{0, 0}},
		{"empty", 0, false, nil, BetweennessOptions{Normalized: true}, []float64{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Betweenness(NewGraph(tc.n, tc.directed, tc.edges), tc.opt)
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if !close(got[i], tc.want[i]) {
					t.Errorf("got %v, want %v", got, tc.want)
					break
				}
			}
		})
	}
}

func TestBetweennessPanicsOnBadWeights(t *testing.T) {
	for _, w := range []float64{0, -1, math.Inf(1), math.NaN()} {
		t.Run(fmt.Sprint("weight=", w), func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("weight %v: no panic", w)
				}
			}()
			Betweenness(NewGraph(2, false, []Edge{{0, 1, w}}), BetweennessOptions{Weighted: true})
		})
	}
}

// TestBetweennessKernelsAgree checks, on a larger synthetic network, that
// the BFS and Dijkstra kernels agree when all weights are 1 and that the
// number of workers does not change the result.
func TestBetweennessKernelsAgree(t *testing.T) {
	edges := SyntheticNetwork(1500, 6000, 3)
	unit := slices.Clone(edges)
	for i := range unit {
		unit[i].Weight = 1
	}
	for _, directed := range []bool{false, true} {
		g := NewGraph(1500, directed, unit)
		t.Run(fmt.Sprint("directed=", directed), func(t *testing.T) {
			bfs := Betweenness(g, BetweennessOptions{Workers: 1})
			dij := Betweenness(g, BetweennessOptions{Weighted: true, Workers: 4})
			par := Betweenness(g, BetweennessOptions{Workers: 3})
			for i := range bfs {
				scale := math.Max(1, math.Abs(bfs[i]))
				if math.Abs(bfs[i]-dij[i]) > 1e-9*scale || math.Abs(bfs[i]-par[i]) > 1e-9*scale {
					t.Fatalf("node %d: bfs %v dijkstra %v parallel %v", i, bfs[i], dij[i], par[i])
				}
			}
		})
	}
}

func TestApproxBetweenness(t *testing.T) {
	g := NewGraph(1000, false, SyntheticNetwork(1000, 4000, 9))
	opt := BetweennessOptions{Normalized: true}
	exact := Betweenness(g, opt)
	t.Run("k >= n is exact", func(t *testing.T) {
		if got := ApproxBetweenness(g, opt, 1000, rand.New(rand.NewPCG(1, 1))); !slices.Equal(got, exact) {
			t.Error("k = n differs from Betweenness")
		}
	})
	t.Run("reproducible", func(t *testing.T) {
		a := ApproxBetweenness(g, opt, 100, rand.New(rand.NewPCG(5, 5)))
		b := ApproxBetweenness(g, opt, 100, rand.New(rand.NewPCG(5, 5)))
		if !slices.Equal(a, b) {
			t.Error("same seed, different estimate")
		}
	})
	t.Run("estimate", func(t *testing.T) {
		// With k = 400 the Hoeffding bound of the doc comment gives
		// ε = sqrt(ln(2n/δ)/(2k)) ≈ 0.15 for δ = 0.01; the maximal error
		// here is far smaller, and the top node is found.
		est := ApproxBetweenness(g, opt, 400, rand.New(rand.NewPCG(2, 3)))
		var maxErr float64
		for i := range est {
			maxErr = math.Max(maxErr, math.Abs(est[i]-exact[i]))
		}
		if maxErr > 0.15 {
			t.Errorf("max abs error %v", maxErr)
		}
		top := func(x []float64) int { return slices.Index(x, slices.Max(x)) }
		if top(est) != top(exact) {
			t.Errorf("top node %d, exact %d", top(est), top(exact))
		}
	})
	t.Run("k = 1 gives NaN for the source", func(t *testing.T) {
		est := ApproxBetweenness(g, opt, 1, rand.New(rand.NewPCG(4, 4)))
		nan := 0
		for _, x := range est {
			if math.IsNaN(x) {
				nan++
			}
		}
		if nan != 1 {
			t.Errorf("%d NaN values, want 1", nan)
		}
	})
}

func TestStructuralHolesSmall(t *testing.T) {
	// Star with an isolated node 4: the centre has three unconnected
	// contacts, constraint 3 × (1/3)² = 1/3 and effective size 3; a leaf
	// has one contact, constraint 1 and effective size 1.
	g := NewGraph(5, false, []Edge{{0, 1, 1}, {0, 2, 1}, {0, 3, 1}})
	c := Constraint(g, false)
	e := EffectiveSize(g, false)
	checkVec(t, "constraint", c, []float64{1.0 / 3, 1, 1, 1, math.NaN()})
	checkVec(t, "effective size", e, []float64{3, 1, 1, 1, math.NaN()})

	// Directed: 1 only receives (from 0); it is not an isolate.
	d := NewGraph(3, true, []Edge{{0, 1, 1}})
	checkVec(t, "directed constraint", Constraint(d, false), []float64{1, 1, math.NaN()})
}

func TestClusteringSmall(t *testing.T) {
	// Triangle 0-1-2 with pendant 3 on 0: c0 = 1/3, c1 = c2 = 1, c3 = 0.
	g := NewGraph(4, false, []Edge{{0, 1, 1}, {1, 2, 1}, {2, 0, 1}, {0, 3, 1}})
	checkVec(t, "clustering", Clustering(g), []float64{1.0 / 3, 1, 1, 0})
	checkVec(t, "weighted clustering (unit weights)", WeightedClustering(g), []float64{1.0 / 3, 1, 1, 0})
	if got := AverageClustering(g); !close(got, (1.0/3+2)/4) {
		t.Errorf("AverageClustering = %v", got)
	}
	// 3 × 1 triangle / 5 connected triples.
	if got := Transitivity(g); !close(got, 3.0/5) {
		t.Errorf("Transitivity = %v", got)
	}
}

func loadGolden(t *testing.T, name string) *golden {
	t.Helper()
	for _, gd := range loadGoldens(t) {
		if gd.Name == name {
			return gd
		}
	}
	t.Fatalf("golden %q not found", name)
	return nil
}

// TestBetweennessManyNodesDirected covers a directed graph of 70 000
// nodes in many components (and so batches of sources that reach few
// nodes): 7000 directed chains of 10 nodes, where the node at position p of its chain lies on the p·(9-p)
// paths from the p nodes before it to the 9-p nodes after it.
func TestBetweennessManyNodesDirected(t *testing.T) {
	const chains, length = 7000, 10
	n := chains * length
	var edges []Edge
	for c := range chains {
		for p := 0; p+1 < length; p++ {
			edges = append(edges, Edge{c*length + p, c*length + p + 1, 1})
		}
	}
	g := NewGraph(n, true, edges)
	for _, weighted := range []bool{false, true} {
		t.Run(fmt.Sprint("weighted=", weighted), func(t *testing.T) {
			bc := Betweenness(g, BetweennessOptions{Weighted: weighted})
			for v, got := range bc {
				p := v % length
				if want := float64(p * (length - 1 - p)); got != want {
					t.Fatalf("node %d: %v, want %v", v, got, want)
				}
			}
		})
	}
}
