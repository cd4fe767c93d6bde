// Command analysisbench times kiezgraph's network analysis (exact
// betweenness plus Burt's constraint, and Louvain community detection)
// and gonum's on the reproducible synthetic networks of
// analysis.SyntheticNetwork, for the side-by-side comparison that run.sh
// makes with python-igraph and NetworkX. It prints one JSON object per
// measurement, with the process's peak resident memory (so run one
// implementation per process to compare their memory).
//
//	analysisbench -n 10000 -m 50000 -edges edges.txt   write the edge list
//	analysisbench -n 10000 -m 50000 -impl kiezgraph    time ours
//	analysisbench -n 10000 -m 50000 -impl gonum        time gonum's network.Betweenness
//	analysisbench -n 10000 -m 50000 -impl kiezgraph -scores bc.bin   also keep the exact scores
//	analysisbench -n 100000 -m 500000 -impl approx -k 2000 -exact bc.bin  sampled betweenness vs exact top-k
//	analysisbench -n 100000 -m 368000 -impl communities -cancel 10s   Louvain to its end, then stopped after 10 s
//	analysisbench -n 100000 -m 368000 -impl gonum-communities         gonum's community.Modularize, same seed
package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/kiezgraph/kiezgraph/analysis"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "analysisbench:", err)
		os.Exit(1)
	}
}

func run() error {
	n := flag.Int("n", 10000, "nodes")
	m := flag.Int("m", 50000, "edges")
	seed := flag.Int64("seed", 1, "generator seed")
	edges := flag.String("edges", "", "write the edge list to this file and exit")
	impl := flag.String("impl", "kiezgraph", "kiezgraph, gonum, approx, communities or gonum-communities")
	k := flag.Int("k", 2000, "sources sampled by -impl approx")
	scores := flag.String("scores", "", "-impl kiezgraph: write the exact betweenness to this file")
	exactFile := flag.String("exact", "", "-impl approx: read the exact betweenness from this file instead of computing it")
	cancelAfter := flag.Duration("cancel", 10*time.Second, "-impl communities: cancel the second run after this long")
	flag.Parse()

	list := analysis.SyntheticNetwork(*n, *m, *seed)
	if *edges != "" {
		return writeEdges(*edges, list)
	}
	g := analysis.NewGraph(*n, false, list)
	out := map[string]any{"impl": *impl, "n": *n, "m": g.M(), "cores": runtime.GOMAXPROCS(0)}
	switch *impl {
	case "kiezgraph":
		start := time.Now()
		bc := analysis.Betweenness(g, analysis.BetweennessOptions{Normalized: true})
		out["betweenness_s"] = time.Since(start).Seconds()
		start = time.Now()
		analysis.Constraint(g, false)
		out["constraint_s"] = time.Since(start).Seconds()
		if *scores != "" {
			if err := writeScores(*scores, bc); err != nil {
				return err
			}
		}
	case "gonum":
		ug := simple.NewUndirectedGraph()
		for i := range *n {
			ug.AddNode(simple.Node(i))
		}
		for _, e := range list {
			ug.SetEdge(simple.Edge{F: simple.Node(e.From), T: simple.Node(e.To)})
		}
		start := time.Now()
		network.Betweenness(ug)
		out["betweenness_s"] = time.Since(start).Seconds()
	case "approx":
		var exact []float64
		if *exactFile != "" {
			var err error
			if exact, err = readScores(*exactFile, *n); err != nil {
				return err
			}
		} else {
			start := time.Now()
			exact = analysis.Betweenness(g, analysis.BetweennessOptions{Normalized: true})
			out["exact_s"] = time.Since(start).Seconds()
		}
		start := time.Now()
		approx := analysis.ApproxBetweenness(g, analysis.BetweennessOptions{Normalized: true}, *k, rand.New(rand.NewPCG(7, 7)))
		out["approx_s"] = time.Since(start).Seconds()
		out["k"] = *k
		for _, top := range []int{10, 50, 100} {
			out[fmt.Sprintf("top%d_overlap", top)] = topOverlap(exact, approx, top)
		}
	case "communities":
		// Community detection as the API runs it (seeded as
		// insights.DetectCommunities), to its end; then again, cancelled
		// after -cancel, to see how soon a cancelled run returns.
		rng := func() *rand.Rand { return rand.New(rand.NewPCG(communitySeed, communitySeed)) }
		out["rss_before_mib"] = rssMiB("VmRSS")
		alloc := totalAllocMiB()
		start := time.Now()
		p, err := analysis.CommunitiesContext(context.Background(), g, 1, rng())
		if err != nil {
			return err
		}
		out["communities_s"], out["communities"], out["modularity"] = time.Since(start).Seconds(), len(p.Sizes), p.Modularity
		out["alloc_mib"] = totalAllocMiB() - alloc
		out["partition_hash"] = partitionHash(p.Membership)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		time.AfterFunc(*cancelAfter, cancel)
		start = time.Now()
		if _, err := analysis.CommunitiesContext(ctx, g, 1, rng()); err == nil {
			out["cancel_after_s"] = "finished before the cancellation"
		} else {
			out["cancel_after_s"], out["returned_after_s"] = cancelAfter.Seconds(), time.Since(start).Seconds()
		}
	case "gonum-communities":
		// gonum's Louvain, which analysis.Communities used until
		// 2026-12, on gonum's own weighted graph type with the same seed:
		// the same partition as -impl communities (partition_hash), in
		// its time and memory.
		wg := simple.NewWeightedUndirectedGraph(0, 0)
		for i := range *n {
			wg.AddNode(simple.Node(i))
		}
		for _, e := range g.Edges() {
			wg.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(e.From), T: simple.Node(e.To), W: e.Weight})
		}
		out["rss_before_mib"] = rssMiB("VmRSS")
		alloc := totalAllocMiB()
		start := time.Now()
		reduced := community.Modularize(wg, 1, rand.NewPCG(communitySeed, communitySeed))
		membership := make([]int, *n)
		communities := reduced.Communities()
		for c, nodes := range communities {
			for _, nd := range nodes {
				membership[nd.ID()] = c
			}
		}
		out["communities_s"], out["communities"] = time.Since(start).Seconds(), len(communities)
		out["alloc_mib"] = totalAllocMiB() - alloc
		out["modularity"] = analysis.Modularity(g, membership, 1)
		out["partition_hash"] = partitionHash(membership)
	default:
		return fmt.Errorf("unknown -impl %q", *impl)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	out["go_sys_mib"] = float64(ms.Sys) / (1 << 20)
	out["peak_rss_mib"] = rssMiB("VmHWM")
	out["loadavg"] = loadAverage()
	return json.NewEncoder(os.Stdout).Encode(out)
}

// communitySeed seeds community detection as insights.DetectCommunities
// does.
const communitySeed = 20261125

// partitionHash identifies a partition whatever its labels: FNV-1a of
// each node's community numbered in order of first appearance.
func partitionHash(membership []int) string {
	number := map[int]int{}
	h := fnv.New64a()
	for _, c := range membership {
		k, ok := number[c]
		if !ok {
			k = len(number)
			number[c] = k
		}
		h.Write(binary.LittleEndian.AppendUint32(nil, uint32(k)))
	}
	return fmt.Sprintf("%016x", h.Sum64())
}

// totalAllocMiB is the Go heap allocated so far, freed or not: the
// difference over a call is what the call allocated.
func totalAllocMiB() float64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.TotalAlloc) / (1 << 20)
}

// rssMiB reads a memory figure of this process (VmRSS: resident now,
// VmHWM: the peak) from /proc/self/status; 0 where there is none.
func rssMiB(field string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			if err != nil {
				return 0
			}
			return kb / 1024
		}
	}
	return 0
}

// loadAverage is the machine's 1-, 5- and 15-minute load average at the
// end of the run (the machine is shared), or "" where there is none.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}

// topOverlap is the share of the exact top-k nodes that the approximate
// scores also rank in their top k.
func topOverlap(exact, approx []float64, k int) float64 {
	top := func(s []float64) map[int]bool {
		idx := make([]int, len(s))
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(a, b int) int {
			switch {
			case s[a] > s[b]:
				return -1
			case s[a] < s[b]:
				return 1
			}
			return a - b
		})
		out := map[int]bool{}
		for _, i := range idx[:k] {
			out[i] = true
		}
		return out
	}
	e, a := top(exact), top(approx)
	hit := 0
	for i := range e {
		if a[i] {
			hit++
		}
	}
	return float64(hit) / float64(k)
}

func writeEdges(path string, list []analysis.Edge) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, e := range list {
		fmt.Fprintf(w, "%d %d\n", e.From, e.To)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// writeScores stores scores as little-endian float64 values.
func writeScores(path string, scores []float64) error {
	b := make([]byte, 0, 8*len(scores))
	for _, x := range scores {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("write scores: %w", err)
	}
	return nil
}

// readScores reads n scores written by writeScores.
func readScores(path string, n int) ([]float64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read scores: %w", err)
	}
	if len(b) != 8*n {
		return nil, fmt.Errorf("read scores: %s holds %d bytes, want %d", path, len(b), 8*n)
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return out, nil
}
