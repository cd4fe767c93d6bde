package analysis

import (
	"os"
	"strconv"
	"testing"
	"time"
)

func TestZZTiming(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	n, _ := strconv.Atoi(os.Getenv("ZZ"))
	g := NewGraph(n, false, SyntheticNetwork(n, 5*n, 1))
	for _, w := range []bool{false} {
		best := time.Hour
		for range 7 {
			t0 := time.Now()
			Betweenness(g, BetweennessOptions{Workers: 1, Weighted: w})
			best = min(best, time.Since(t0))
		}
		t.Logf("n=%d weighted=%v wall %v  ns/arc-visit %.2f", n, w, best, float64(best.Nanoseconds())/float64(n)/float64(2*g.M()))
	}
}

func TestZZBFS(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	n, _ := strconv.Atoi(os.Getenv("ZZ"))
	g := NewGraph(n, false, SyntheticNetwork(n, 5*n, 1))
	src := make([]int, n)
	for i := range src {
		src[i] = i
	}
	lc := make([]bool, n)
	best := time.Hour
	for range 7 {
		t0 := time.Now()
		pathLengthSums(g, src, lc, 1)
		best = min(best, time.Since(t0))
	}
	t.Logf("plain BFS n=%d wall %v  ns/arc %.2f", n, best, float64(best.Nanoseconds())/float64(n)/float64(2*g.M()))
}

func TestZZDeg(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	g := NewGraph(10000, false, SyntheticNetwork(10000, 50000, 1))
	s := Stats(g)
	t.Logf("hist[:12]=%v len=%d avgpath=%v trans=%v clust=%v", s.DegreeHistogram[:12], len(s.DegreeHistogram), s.AveragePathLength, s.Transitivity, s.AverageClustering)
}
