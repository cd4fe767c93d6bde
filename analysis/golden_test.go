package analysis

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The golden files in testdata/ are written by testdata/gen_golden.py with
// NetworkX 3.6.1; these tests only read them.

const tol = 1e-9

// floats decodes a JSON array of numbers in which null stands for NaN.
type floats []float64

func (f *floats) UnmarshalJSON(b []byte) error {
	var raw []*float64
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*f = make([]float64, len(raw))
	for i, p := range raw {
		if p == nil {
			(*f)[i] = math.NaN()
		} else {
			(*f)[i] = *p
		}
	}
	return nil
}

type golden struct {
	Name     string
	Directed bool
	Weighted bool
	N        int
	Nodes    []string
	Edges    [][3]float64

	Betweenness            floats
	BetweennessRaw         floats `json:"betweenness_raw"`
	BetweennessWeighted    floats `json:"betweenness_weighted"`
	BetweennessWeightedRaw floats `json:"betweenness_weighted_raw"`
	SampleSources          []int  `json:"sample_sources"`
	BetweennessSampled     floats `json:"betweenness_sampled"`
	BetweennessSampledRaw  floats `json:"betweenness_sampled_raw"`

	Constraint            floats
	EffectiveSize         floats `json:"effective_size"`
	ConstraintWeighted    floats `json:"constraint_weighted"`
	EffectiveSizeWeighted floats `json:"effective_size_weighted"`

	Clustering         floats
	ClusteringWeighted floats  `json:"clustering_weighted"`
	AverageClustering  float64 `json:"average_clustering"`
	Transitivity       float64
	Density            float64

	Components              int
	LargestComponent        int      `json:"largest_component"`
	Isolates                int      `json:"isolates"`
	DegreeHistogram         []int    `json:"degree_histogram"`
	LargestComponentAvgPath *float64 `json:"largest_component_avg_path"`
	ArticulationPoints      []struct {
		Node      int
		PartSizes []int `json:"part_sizes"`
	} `json:"articulation_points"`

	Partitions []struct {
		Name       string
		Resolution float64
		Membership []int
		Modularity float64
	}
	ShortestPaths []struct {
		From, To int
		Paths    [][]int
	} `json:"shortest_paths"`
	Ego []struct {
		Node, Radius int
		Members      []int
	}

	LouvainModularity floats `json:"louvain_modularity"`

	Participations [][2]int
	Projection     [][3]float64
}

func (gd *golden) graph() *Graph {
	edges := make([]Edge, len(gd.Edges))
	for i, e := range gd.Edges {
		edges[i] = Edge{From: int(e[0]), To: int(e[1]), Weight: e[2]}
	}
	return NewGraph(gd.N, gd.Directed, edges)
}

func loadGoldens(t *testing.T) []*golden {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	var out []*golden
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var gd golden
		if err := json.Unmarshal(b, &gd); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if gd.Name == "" {
			gd.Name = strings.TrimSuffix(filepath.Base(f), ".json")
		}
		out = append(out, &gd)
	}
	return out
}

func close(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol
}

func checkVec(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(want) == 0 {
		t.Fatalf("%s: golden value missing", what)
	}
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if !close(got[i], want[i]) {
			t.Errorf("%s[%d] = %.15g, want %.15g", what, i, got[i], want[i])
		}
	}
}

func TestGoldenBetweenness(t *testing.T) {
	for _, gd := range loadGoldens(t) {
		g := gd.graph()
		cases := []struct {
			name string
			opt  BetweennessOptions
			want []float64
		}{
			{"normalized", BetweennessOptions{Normalized: true}, gd.Betweenness},
			{"raw", BetweennessOptions{}, gd.BetweennessRaw},
		}
		if gd.Weighted {
			cases = append(cases,
				struct {
					name string
					opt  BetweennessOptions
					want []float64
				}{"weighted_normalized", BetweennessOptions{Normalized: true, Weighted: true}, gd.BetweennessWeighted},
				struct {
					name string
					opt  BetweennessOptions
					want []float64
				}{"weighted_raw", BetweennessOptions{Weighted: true}, gd.BetweennessWeightedRaw})
		}
		for _, tc := range cases {
			for _, workers := range []int{1, 3, 0} {
				tc.opt.Workers = workers
				t.Run(fmt.Sprintf("%s/%s/workers=%d", gd.Name, tc.name, workers), func(t *testing.T) {
					checkVec(t, "betweenness", Betweenness(g, tc.opt), tc.want)
				})
			}
		}
	}
}

func TestGoldenSampledBetweenness(t *testing.T) {
	for _, gd := range loadGoldens(t) {
		g := gd.graph()
		t.Run(gd.Name+"/normalized", func(t *testing.T) {
			got := betweennessFromSources(g, BetweennessOptions{Normalized: true}, gd.SampleSources)
			checkVec(t, "sampled betweenness", got, gd.BetweennessSampled)
		})
		t.Run(gd.Name+"/raw", func(t *testing.T) {
			got := betweennessFromSources(g, BetweennessOptions{Workers: 2}, gd.SampleSources)
			checkVec(t, "sampled betweenness", got, gd.BetweennessSampledRaw)
		})
	}
}

func TestGoldenStructuralHoles(t *testing.T) {
	for _, gd := range loadGoldens(t) {
		g := gd.graph()
		t.Run(gd.Name+"/constraint", func(t *testing.T) {
			checkVec(t, "constraint", Constraint(g, false), gd.Constraint)
		})
		t.Run(gd.Name+"/effective_size", func(t *testing.T) {
			checkVec(t, "effective size", EffectiveSize(g, false), gd.EffectiveSize)
		})
		if !gd.Weighted {
			continue
		}
		t.Run(gd.Name+"/constraint_weighted", func(t *testing.T) {
			checkVec(t, "constraint", Constraint(g, true), gd.ConstraintWeighted)
		})
		t.Run(gd.Name+"/effective_size_weighted", func(t *testing.T) {
			checkVec(t, "effective size", EffectiveSize(g, true), gd.EffectiveSizeWeighted)
		})
	}
}

func TestGoldenClustering(t *testing.T) {
	for _, gd := range loadGoldens(t) {
		g := gd.graph()
		t.Run(gd.Name+"/local", func(t *testing.T) {
			checkVec(t, "clustering", Clustering(g), gd.Clustering)
		})
		if gd.Weighted {
			t.Run(gd.Name+"/weighted", func(t *testing.T) {
				checkVec(t, "weighted clustering", WeightedClustering(g), gd.ClusteringWeighted)
			})
		}
		t.Run(gd.Name+"/average", func(t *testing.T) {
			if got := AverageClustering(g); !close(got, gd.AverageClustering) {
				t.Errorf("AverageClustering = %v, want %v", got, gd.AverageClustering)
			}
		})
		t.Run(gd.Name+"/transitivity", func(t *testing.T) {
			if got := Transitivity(g); !close(got, gd.Transitivity) {
				t.Errorf("Transitivity = %v, want %v", got, gd.Transitivity)
			}
		})
	}
}

func TestGoldenModularity(t *testing.T) {
	for _, gd := range loadGoldens(t) {
		g := gd.graph()
		for _, p := range gd.Partitions {
			t.Run(gd.Name+"/"+p.Name, func(t *testing.T) {
				if got := Modularity(g, p.Membership, p.Resolution); !close(got, p.Modularity) {
					t.Errorf("Modularity(γ=%v) = %v, want %v", p.Resolution, got, p.Modularity)
				}
			})
		}
	}
}

func TestGoldenStats(t *testing.T) {
	for _, gd := range loadGoldens(t) {
		g := gd.graph()
		t.Run(gd.Name, func(t *testing.T) {
			s := Stats(g)
			if s.Nodes != gd.N || s.Edges != len(gd.Edges) {
				t.Errorf("nodes, edges = %d, %d; want %d, %d", s.Nodes, s.Edges, gd.N, len(gd.Edges))
			}
			if s.Components != gd.Components || s.LargestComponent != gd.LargestComponent || s.Isolates != gd.Isolates {
				t.Errorf("components, largest, isolates = %d, %d, %d; want %d, %d, %d",
					s.Components, s.LargestComponent, s.Isolates, gd.Components, gd.LargestComponent, gd.Isolates)
			}
			if !slices.Equal(s.DegreeHistogram, gd.DegreeHistogram) {
				t.Errorf("degree histogram = %v, want %v", s.DegreeHistogram, gd.DegreeHistogram)
			}
			for _, c := range []struct {
				name      string
				got, want float64
			}{
				{"density", s.Density, gd.Density},
				{"average clustering", s.AverageClustering, gd.AverageClustering},
				{"transitivity", s.Transitivity, gd.Transitivity},
			} {
				if !close(c.got, c.want) {
					t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
				}
			}
			if gd.LargestComponentAvgPath != nil && !close(s.LargestComponentPathLength, *gd.LargestComponentAvgPath) {
				t.Errorf("largest component path length = %v, want %v", s.LargestComponentPathLength, *gd.LargestComponentAvgPath)
			}
			if gd.Components == 1 && !gd.Directed && s.AveragePathLength != s.LargestComponentPathLength {
				t.Errorf("connected graph: path lengths differ: %v vs %v", s.AveragePathLength, s.LargestComponentPathLength)
			}
		})
	}
}

func TestGoldenArticulationPoints(t *testing.T) {
	for _, gd := range loadGoldens(t) {
		g := gd.graph()
		t.Run(gd.Name, func(t *testing.T) {
			got := ArticulationPoints(g)
			if len(got) != len(gd.ArticulationPoints) {
				t.Fatalf("got %d articulation points %v, want %d %v", len(got), got, len(gd.ArticulationPoints), gd.ArticulationPoints)
			}
			for i, want := range gd.ArticulationPoints {
				a := got[i]
				if a.Node != want.Node || a.Parts != len(want.PartSizes) || !slices.Equal(a.PartSizes, want.PartSizes) {
					t.Errorf("articulation %d = %+v, want node %d parts %v", i, a, want.Node, want.PartSizes)
				}
			}
		})
	}
}

func TestGoldenPaths(t *testing.T) {
	for _, gd := range loadGoldens(t) {
		g := gd.graph()
		t.Run(gd.Name+"/shortest", func(t *testing.T) {
			for _, sp := range gd.ShortestPaths {
				got := ShortestPaths(g, sp.From, sp.To, 0)
				if len(got) == 0 && len(sp.Paths) == 0 {
					continue
				}
				if !reflect.DeepEqual(got, sp.Paths) {
					t.Errorf("ShortestPaths(%d, %d) = %v, want %v", sp.From, sp.To, got, sp.Paths)
				}
				if len(sp.Paths) > 1 {
					if lim := ShortestPaths(g, sp.From, sp.To, 1); !reflect.DeepEqual(lim, sp.Paths[:1]) {
						t.Errorf("limit 1: %v, want %v", lim, sp.Paths[:1])
					}
				}
			}
		})
		t.Run(gd.Name+"/ego", func(t *testing.T) {
			for _, e := range gd.Ego {
				if got := EgoNetwork(g, e.Node, e.Radius); !slices.Equal(got, e.Members) {
					t.Errorf("EgoNetwork(%d, %d) = %v, want %v", e.Node, e.Radius, got, e.Members)
				}
			}
		})
	}
}

func TestGoldenProjectTwoMode(t *testing.T) {
	for _, gd := range loadGoldens(t) {
		if gd.Participations == nil {
			continue
		}
		t.Run(gd.Name, func(t *testing.T) {
			got := ProjectTwoMode(gd.N, gd.Participations)
			if len(got) != len(gd.Projection) {
				t.Fatalf("got %d edges, want %d", len(got), len(gd.Projection))
			}
			for i, want := range gd.Projection {
				e := Edge{From: int(want[0]), To: int(want[1]), Weight: want[2]}
				if got[i] != e {
					t.Errorf("edge %d = %+v, want %+v", i, got[i], e)
				}
			}
			// The projected graph is the golden graph itself.
			if !reflect.DeepEqual(NewGraph(gd.N, false, got).Edges(), gd.graph().Edges()) {
				t.Error("projection differs from the golden graph")
			}
		})
	}
}
