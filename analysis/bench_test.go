package analysis

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
)

// Benchmarks run on SyntheticNetwork graphs. The 100k-node case takes
// minutes and only runs with KIEZGRAPH_BENCH_LARGE=1:
//
//	go test -run x -bench Betweenness -benchtime 1x ./analysis/
//	KIEZGRAPH_BENCH_LARGE=1 go test -run x -bench Betweenness/n=100000 -benchtime 1x -timeout 30m ./analysis/

var benchSizes = []struct {
	n, m  int
	large bool
}{
	{1_000, 5_000, false},
	{10_000, 50_000, false},
	{100_000, 500_000, true},
}

func benchGraph(b *testing.B, n, m int, large bool) *Graph {
	b.Helper()
	if large && os.Getenv("KIEZGRAPH_BENCH_LARGE") == "" {
		b.Skip("set KIEZGRAPH_BENCH_LARGE=1 to run")
	}
	return NewGraph(n, false, SyntheticNetwork(n, m, 1))
}

func BenchmarkBetweenness(b *testing.B) {
	for _, sz := range benchSizes {
		for _, weighted := range []bool{false, true} {
			b.Run(fmt.Sprintf("n=%d/m=%d/weighted=%v", sz.n, sz.m, weighted), func(b *testing.B) {
				g := benchGraph(b, sz.n, sz.m, sz.large)
				opt := BetweennessOptions{Normalized: true, Weighted: weighted}
				for b.Loop() {
					Betweenness(g, opt)
				}
			})
		}
	}
}

// BenchmarkBetweennessSources runs the exact kernel from 1024 of the
// 100 000 sources of the large network (16 batches of consecutive
// sources in the compact order, as Betweenness forms them), a sample
// of the all-sources run that takes seconds: multiply by n/1024 to
// estimate the full run.
func BenchmarkBetweennessSources(b *testing.B) {
	g := benchGraph(b, 100_000, 500_000, true)
	c := newCompact(g, false)
	sources := make([]int, 1024)
	for i := range sources {
		sources[i] = int(c.order[50_000+i])
	}
	for b.Loop() {
		brandes(g, BetweennessOptions{}, sources)
	}
}

func BenchmarkApproxBetweenness(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("n=%d/m=%d/k=500", sz.n, sz.m), func(b *testing.B) {
			g := benchGraph(b, sz.n, sz.m, sz.large)
			rng := rand.New(rand.NewPCG(1, 1))
			for b.Loop() {
				ApproxBetweenness(g, BetweennessOptions{Normalized: true}, 500, rng)
			}
		})
	}
}

func BenchmarkLocalMeasures(b *testing.B) {
	g := benchGraph(b, 10_000, 50_000, false)
	measures := []struct {
		name string
		f    func()
	}{
		{"Constraint", func() { Constraint(g, true) }},
		{"EffectiveSize", func() { EffectiveSize(g, true) }},
		{"Clustering", func() { Clustering(g) }},
		{"ArticulationPoints", func() { ArticulationPoints(g) }},
		{"Communities", func() { Communities(g, 1, rand.New(rand.NewPCG(1, 1))) }},
		{"Stats", func() { Stats(g) }},
	}
	for _, ms := range measures {
		b.Run(ms.name, func(b *testing.B) {
			for b.Loop() {
				ms.f()
			}
		})
	}
}

func BenchmarkNewGraph(b *testing.B) {
	edges := SyntheticNetwork(100_000, 500_000, 1)
	for b.Loop() {
		NewGraph(100_000, false, edges)
	}
}
