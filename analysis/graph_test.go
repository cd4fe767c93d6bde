package analysis

import (
	"math"
	"reflect"
	"slices"
	"testing"
)

func TestNewGraph(t *testing.T) {
	tests := []struct {
		name     string
		n        int
		directed bool
		edges    []Edge
		want     []Edge
	}{
		{
			name:  "undirected merges both orientations and drops self-loops",
			n:     4,
			edges: []Edge{{0, 1, 1}, {1, 0, 2}, {2, 2, 5}, {3, 1, 1}, {0, 1, 0.5}},
			want:  []Edge{{0, 1, 3.5}, {1, 3, 1}},
		},
		{
			name:     "directed keeps orientations apart",
			n:        3,
			directed: true,
			edges:    []Edge{{0, 1, 1}, {1, 0, 2}, {0, 1, 4}, {2, 0, 1}, {1, 1, 1}},
			want:     []Edge{{0, 1, 5}, {1, 0, 2}, {2, 0, 1}},
		},
		{
			name: "no edges",
			n:    3,
			want: []Edge{},
		},
		{
			name: "empty graph",
			want: []Edge{},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := NewGraph(tc.n, tc.directed, tc.edges)
			if got := g.Edges(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Edges() = %v, want %v", got, tc.want)
			}
			if g.M() != len(tc.want) || g.N() != tc.n || g.Directed() != tc.directed {
				t.Errorf("N, M, Directed = %d, %d, %v", g.N(), g.M(), g.Directed())
			}
			for u := range g.N() {
				out, _ := g.Out(u)
				in, _ := g.In(u)
				if !slices.IsSorted(out) || !slices.IsSorted(in) {
					t.Errorf("neighbour lists of %d not sorted: %v %v", u, out, in)
				}
			}
		})
	}
}

func TestGraphAccessors(t *testing.T) {
	g := NewGraph(4, true, []Edge{{0, 1, 2}, {1, 0, 3}, {1, 2, 1}, {3, 1, 7}})
	if out, w := g.Out(1); !slices.Equal(out, []int{0, 2}) || !slices.Equal(w, []float64{3, 1}) {
		t.Errorf("Out(1) = %v %v", out, w)
	}
	if in, w := g.In(1); !slices.Equal(in, []int{0, 3}) || !slices.Equal(w, []float64{2, 7}) {
		t.Errorf("In(1) = %v %v", in, w)
	}
	if g.Degree(1) != 4 || g.OutDegree(1) != 2 || g.InDegree(1) != 2 {
		t.Errorf("degrees of 1 = %d %d %d", g.Degree(1), g.OutDegree(1), g.InDegree(1))
	}
	if w, ok := g.Weight(3, 1); !ok || w != 7 {
		t.Errorf("Weight(3,1) = %v %v", w, ok)
	}
	if g.HasEdge(1, 3) {
		t.Error("HasEdge(1,3) on a directed graph with only 3->1")
	}
	u := g.Undirected()
	want := []Edge{{0, 1, 5}, {1, 2, 1}, {1, 3, 7}}
	if got := u.Edges(); !reflect.DeepEqual(got, want) {
		t.Errorf("Undirected().Edges() = %v, want %v", got, want)
	}
	if u.Undirected() != u {
		t.Error("Undirected of an undirected graph must return it unchanged")
	}
	sub := Induced(g, []int{3, 1, 2})
	wantSub := []Edge{{0, 1, 7}, {1, 2, 1}}
	if got := sub.Edges(); !reflect.DeepEqual(got, wantSub) || !sub.Directed() {
		t.Errorf("Induced edges = %v, want %v", got, wantSub)
	}
}

func TestNewGraphPanics(t *testing.T) {
	tests := []struct {
		name string
		f    func()
	}{
		{"edge out of range", func() { NewGraph(2, false, []Edge{{0, 2, 1}}) }},
		{"negative node", func() { NewGraph(2, false, []Edge{{-1, 0, 1}}) }},
		{"duplicate induced node", func() { Induced(NewGraph(2, false, nil), []int{1, 1}) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			tc.f()
		})
	}
}

func TestComponents(t *testing.T) {
	// 0-1-2 path, 3->4 directed tie, 5 isolated.
	g := NewGraph(6, true, []Edge{{1, 0, 1}, {1, 2, 1}, {3, 4, 1}})
	label, sizes := Components(g)
	if !slices.Equal(label, []int{0, 0, 0, 1, 1, 2}) || !slices.Equal(sizes, []int{3, 2, 1}) {
		t.Errorf("Components = %v %v", label, sizes)
	}
}

func TestComponentsWithout(t *testing.T) {
	// Bow-tie 0-1-2-0, 2-3-4-2 with a tail 4-5, and 6 isolated.
	g := NewGraph(7, false, []Edge{{0, 1, 1}, {1, 2, 1}, {2, 0, 1}, {2, 3, 1}, {3, 4, 1}, {4, 2, 1}, {4, 5, 1}})
	tests := []struct {
		name      string
		removed   []int
		wantLabel []int
		wantSizes []int
	}{
		{"nothing removed is Components", nil, []int{0, 0, 0, 0, 0, 0, 1}, []int{6, 1}},
		// Without the centre 2: {0,1} and {3,4,5} fall apart.
		{"the centre", []int{2}, []int{0, 0, -1, 1, 1, 1, 2}, []int{2, 3, 1}},
		// Without 2 and 4: {0,1}, {3} and {5} are left.
		{"two cut vertices", []int{2, 4}, []int{0, 0, -1, 1, -1, 2, 3}, []int{2, 1, 1, 1}},
		{"a leaf", []int{5}, []int{0, 0, 0, 0, 0, -1, 1}, []int{5, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var removed []bool
			if tc.removed != nil {
				removed = make([]bool, g.N())
				for _, u := range tc.removed {
					removed[u] = true
				}
			}
			label, sizes := ComponentsWithout(g, removed)
			if !slices.Equal(label, tc.wantLabel) || !slices.Equal(sizes, tc.wantSizes) {
				t.Errorf("ComponentsWithout(%v) = %v %v, want %v %v", tc.removed, label, sizes, tc.wantLabel, tc.wantSizes)
			}
		})
	}
}

func TestArticulationPoints(t *testing.T) {
	path := func(n int) []Edge {
		var e []Edge
		for i := 0; i+1 < n; i++ {
			e = append(e, Edge{i, i + 1, 1})
		}
		return e
	}
	tests := []struct {
		name     string
		n        int
		directed bool
		edges    []Edge
		want     []Articulation
	}{
		{
			// Two triangles sharing node 2: removing 2 leaves {0,1} and {3,4}.
			name:  "bow-tie",
			n:     5,
			edges: []Edge{{0, 1, 1}, {1, 2, 1}, {2, 0, 1}, {2, 3, 1}, {3, 4, 1}, {4, 2, 1}},
			want:  []Articulation{{2, 2, []int{2, 2}}},
		},
		{
			// 0-1-2-3: removing 1 leaves {0} and {2,3}; removing 2 leaves {0,1} and {3}.
			name:  "path",
			n:     4,
			edges: path(4),
			want:  []Articulation{{1, 2, []int{2, 1}}, {2, 2, []int{2, 1}}},
		},
		{
			name:  "star",
			n:     5,
			edges: []Edge{{0, 1, 1}, {0, 2, 1}, {0, 3, 1}, {0, 4, 1}},
			want:  []Articulation{{0, 4, []int{1, 1, 1, 1}}},
		},
		{
			// Directed ties are read as undirected; 4 is a root with a
			// single child and so not a cut vertex; the cycle has none.
			name:     "directed chain into a cycle",
			n:        6,
			directed: true,
			edges:    []Edge{{4, 0, 1}, {0, 1, 1}, {1, 2, 1}, {2, 3, 1}, {3, 1, 1}, {5, 5, 1}},
			want:     []Articulation{{0, 2, []int{3, 1}}, {1, 2, []int{2, 2}}},
		},
		{
			// A cut vertex whose DFS parent side also hangs off a
			// non-separating child: 0-1, 1-2, 2-3, 3-1, 1-4.
			name:  "cycle with pendants",
			n:     5,
			edges: []Edge{{0, 1, 1}, {1, 2, 1}, {2, 3, 1}, {3, 1, 1}, {1, 4, 1}},
			want:  []Articulation{{1, 3, []int{2, 1, 1}}},
		},
		{
			name:  "cycle",
			n:     4,
			edges: []Edge{{0, 1, 1}, {1, 2, 1}, {2, 3, 1}, {3, 0, 1}},
			want:  nil,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ArticulationPoints(NewGraph(tc.n, tc.directed, tc.edges))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ArticulationPoints = %v, want %v", got, tc.want)
			}
		})
	}

	t.Run("long path does not overflow the stack", func(t *testing.T) {
		const n = 300_000
		got := ArticulationPoints(NewGraph(n, false, path(n)))
		if len(got) != n-2 {
			t.Fatalf("got %d articulation points, want %d", len(got), n-2)
		}
		if a := got[n/2]; a.Node != n/2+1 || !slices.Equal(a.PartSizes, []int{n/2 + 1, n/2 - 2}) {
			t.Errorf("middle articulation = %+v", a)
		}
	})
}

func TestShortestPathsSmall(t *testing.T) {
	diamond := []Edge{{0, 1, 1}, {0, 2, 1}, {1, 3, 1}, {2, 3, 1}, {3, 4, 1}}
	tests := []struct {
		name          string
		directed      bool
		from, to, lim int
		want          [][]int
	}{
		{"all", false, 0, 4, 0, [][]int{{0, 1, 3, 4}, {0, 2, 3, 4}}},
		{"limited", false, 0, 4, 1, [][]int{{0, 1, 3, 4}}},
		{"reverse undirected", false, 4, 0, 0, [][]int{{4, 3, 1, 0}, {4, 3, 2, 0}}},
		{"same node", false, 2, 2, 0, [][]int{{2}}},
		{"directed forward", true, 0, 3, 0, [][]int{{0, 1, 3}, {0, 2, 3}}},
		{"directed unreachable", true, 4, 0, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := NewGraph(5, tc.directed, diamond)
			if got := ShortestPaths(g, tc.from, tc.to, tc.lim); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ShortestPaths = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestEgoNetworkSmall(t *testing.T) {
	edges := []Edge{{0, 1, 1}, {1, 2, 1}, {2, 3, 1}, {3, 4, 1}}
	tests := []struct {
		name         string
		directed     bool
		node, radius int
		want         []int
	}{
		{"radius 1", false, 2, 1, []int{1, 2, 3}},
		{"radius 0", false, 2, 0, []int{2}},
		{"negative radius", false, 2, -3, []int{2}},
		{"radius 2", false, 0, 2, []int{0, 1, 2}},
		{"directed follows out-edges", true, 2, 5, []int{2, 3, 4}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := NewGraph(5, tc.directed, edges)
			if got := EgoNetwork(g, tc.node, tc.radius); !slices.Equal(got, tc.want) {
				t.Errorf("EgoNetwork = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestStatsSmall(t *testing.T) {
	tests := []struct {
		name     string
		directed bool
		want     NetStats
	}{
		{
			// 0-1-2 path plus isolated 3. Ordered pair distances
			// 1,2,1,1,2,1: mean 8/6.
			name: "undirected",
			want: NetStats{
				Nodes: 4, Edges: 2, Density: 2.0 / 6, Components: 2, LargestComponent: 3,
				Isolates: 1, DegreeHistogram: []int{1, 2, 1}, AverageDegree: 1,
				AveragePathLength: 8.0 / 6, LargestComponentPathLength: 8.0 / 6, PathSources: 4,
			},
		},
		{
			// 0->1->2: reachable pairs (0,1), (0,2), (1,2) with lengths 1, 2, 1.
			name:     "directed",
			directed: true,
			want: NetStats{
				Nodes: 4, Edges: 2, Density: 2.0 / 12, Components: 2, LargestComponent: 3,
				Isolates: 1, DegreeHistogram: []int{1, 2, 1}, AverageDegree: 1,
				AveragePathLength: 4.0 / 3, LargestComponentPathLength: 4.0 / 3, PathSources: 4,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Stats(NewGraph(4, tc.directed, []Edge{{0, 1, 1}, {1, 2, 1}}))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Stats =\n%+v\nwant\n%+v", got, tc.want)
			}
		})
	}
	t.Run("empty", func(t *testing.T) {
		s := Stats(NewGraph(0, false, nil))
		if s.Nodes != 0 || s.Density != 0 || s.AveragePathLength != 0 || math.IsNaN(s.AverageClustering) {
			t.Errorf("Stats(empty) = %+v", s)
		}
	})
}

func TestProjectTwoModeSmall(t *testing.T) {
	// Events 10: {0,1,2}; 20: {1,2}; 30: {3}. The duplicate (1,10) counts once.
	got := ProjectTwoMode(5, [][2]int{{0, 10}, {1, 10}, {2, 10}, {1, 20}, {2, 20}, {1, 10}, {3, 30}})
	want := []Edge{{0, 1, 1}, {0, 2, 1}, {1, 2, 2}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ProjectTwoMode = %v, want %v", got, want)
	}
}

func TestSyntheticNetwork(t *testing.T) {
	tests := []struct{ n, m int }{{500, 2500}, {2000, 10000}, {10, 100}}
	for _, tc := range tests {
		e1 := SyntheticNetwork(tc.n, tc.m, 42)
		e2 := SyntheticNetwork(tc.n, tc.m, 42)
		if !reflect.DeepEqual(e1, e2) {
			t.Fatalf("n=%d: not deterministic", tc.n)
		}
		want := min(tc.m, tc.n*(tc.n-1)/2)
		g := NewGraph(tc.n, false, e1)
		if len(e1) != want || g.M() != want {
			t.Errorf("n=%d: %d edges (%d distinct), want %d", tc.n, len(e1), g.M(), want)
		}
		if _, sizes := Components(g); len(sizes) != 1 {
			t.Errorf("n=%d: %d components, want 1", tc.n, len(sizes))
		}
	}
	if reflect.DeepEqual(SyntheticNetwork(100, 300, 1), SyntheticNetwork(100, 300, 2)) {
		t.Error("different seeds gave the same network")
	}
}
