package seed

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/importer"
	"github.com/kiezgraph/kiezgraph/store"
)

// readCSV reads a generated file as maps by column.
func readCSV(t *testing.T, dir string, kind importer.Kind) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, string(kind)+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for i, h := range header {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
}

func generate(t *testing.T, opts SyntheticOptions) (string, SyntheticStats) {
	t.Helper()
	opts.Dir = t.TempDir()
	stats, err := Synthetic(opts)
	if err != nil {
		t.Fatal(err)
	}
	return opts.Dir, stats
}

func TestSyntheticIsReproducibleAndSized(t *testing.T) {
	a, stats := generate(t, SyntheticOptions{Actors: 2500, Links: 12000, Seed: 7})
	b, _ := generate(t, SyntheticOptions{Actors: 2500, Links: 12000, Seed: 7})
	c, _ := generate(t, SyntheticOptions{Actors: 2500, Links: 12000, Seed: 8})
	for _, k := range importer.Kinds {
		name := string(k) + ".csv"
		fa, _ := os.ReadFile(filepath.Join(a, name))
		fb, _ := os.ReadFile(filepath.Join(b, name))
		if !bytes.Equal(fa, fb) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
		if rows := bytes.Count(fa, []byte("\n")) - 1; rows != stats[k] || rows == 0 {
			t.Errorf("%s has %d rows, stats say %d", name, rows, stats[k])
		}
	}
	fa, _ := os.ReadFile(filepath.Join(a, "cooperations.csv"))
	fc, _ := os.ReadFile(filepath.Join(c, "cooperations.csv"))
	if bytes.Equal(fa, fc) {
		t.Error("another seed gave the same cooperations")
	}
	if stats[importer.Actors] != 2500 || stats[importer.Cooperations] != 12000 {
		t.Errorf("%d actors and %d cooperations, want 2500 and 12000", stats[importer.Actors], stats[importer.Cooperations])
	}
	if _, err := Synthetic(SyntheticOptions{Actors: 5, Dir: t.TempDir()}); err == nil {
		t.Error("a city of 5 actors was generated")
	}
}

// checkOnly is a database with nothing stored, for a dry run.
type checkOnly struct{}

func (checkOnly) ListTargetGroups(context.Context) ([]domain.TargetGroup, error) { return nil, nil }
func (checkOnly) ListTopics(context.Context) ([]domain.Topic, error)             { return nil, nil }
func (checkOnly) RecordsByKey(context.Context, string, []string) (map[string]store.KeyedRecord, error) {
	return nil, nil
}
func (checkOnly) StoredIDs(context.Context, string, []string) (map[string]bool, error) {
	return nil, nil
}
func (checkOnly) HasRecords(context.Context, string) (bool, error)           { return false, nil }
func (checkOnly) WriteImportBatch(context.Context, *store.ImportBatch) error { return nil }

func TestSyntheticFilesImportCleanly(t *testing.T) {
	for _, size := range []int{20, 150, 3000} {
		dir, stats := generate(t, SyntheticOptions{Actors: size, Seed: 3})
		files, err := importer.Plan([]string{dir}, "")
		if err != nil {
			t.Fatal(err)
		}
		rep, err := importer.Run(t.Context(), checkOnly{}, files, importer.Options{DryRun: true})
		if err != nil {
			for _, f := range rep.Files {
				for _, p := range f.Problems[:min(5, len(f.Problems))] {
					t.Log(p)
				}
			}
			t.Fatalf("%d actors: %v", size, err)
		}
		for _, f := range rep.Files {
			if f.Rows != stats[f.Kind] {
				t.Errorf("%d actors: %s has %d rows, stats say %d", size, f.Path, f.Rows, stats[f.Kind])
			}
		}
	}
}

// TestSyntheticStructure checks the shape the generator promises:
// clustering by quarter and sector, hubs, brokers, coverage gaps.
func TestSyntheticStructure(t *testing.T) {
	dir, _ := generate(t, SyntheticOptions{Actors: 4000, Links: 20000, Seed: 1})
	quarterOf, sectorOf, kindOf := map[string]string{}, map[string]string{}, map[string]string{}
	for _, a := range readCSV(t, dir, importer.Actors) {
		quarterOf[a["key"]], sectorOf[a["key"]], kindOf[a["key"]] = a["neighbourhoods"], a["sector"], a["kind"]
	}
	adj := map[string]map[string]bool{}
	sameQuarter, sameSector, n := 0, 0, 0
	degree := map[string]int{}
	for _, c := range readCSV(t, dir, importer.Cooperations) {
		u, v := c["from"], c["to"]
		if u == v {
			t.Fatalf("self-cooperation %s", c["key"])
		}
		n++
		degree[u]++
		degree[v]++
		if quarterOf[u] == quarterOf[v] {
			sameQuarter++
		}
		if sectorOf[u] == sectorOf[v] {
			sameSector++
		}
		for _, e := range [][2]string{{u, v}, {v, u}} {
			if adj[e[0]] == nil {
				adj[e[0]] = map[string]bool{}
			}
			adj[e[0]][e[1]] = true
		}
	}
	if share := float64(sameQuarter) / float64(n); share < 0.65 {
		t.Errorf("%.2f of the cooperations stay in a quarter, want most", share)
	}
	// Ties between actors drawn at random would join the same sector
	// with the sum of the squared shares of the sectors.
	sectors := map[string]float64{}
	for _, s := range sectorOf {
		sectors[s]++
	}
	chance := 0.0
	for _, c := range sectors {
		chance += (c / float64(len(sectorOf))) * (c / float64(len(sectorOf)))
	}
	if share := float64(sameSector) / float64(n); share < chance+0.05 {
		t.Errorf("%.2f of the cooperations join actors of the same sector, want clearly more than chance (%.2f)", share, chance)
	}
	// Transitivity: closed over connected triples.
	var triangles, triples float64
	for _, nb := range adj {
		k := float64(len(nb))
		triples += k * (k - 1) / 2
		for a := range nb {
			for b := range nb {
				if a < b && adj[a][b] {
					triangles++
				}
			}
		}
	}
	density := 2 * float64(len(adj)) / float64(len(adj)*(len(adj)-1))
	t.Logf("in a quarter %.2f, same sector %.2f (chance %.2f), transitivity %.3f (density %.4f)",
		float64(sameQuarter)/float64(n), float64(sameSector)/float64(n), chance, triangles/triples, density)
	if c := triangles / triples; c < 0.05 || c < 20*density {
		t.Errorf("transitivity %.3f, want clustering far above a random graph's %.4f", c, density)
	}
	// Hubs: the district-wide institutions have many more ties than most.
	var degrees []int
	for _, d := range degree {
		degrees = append(degrees, d)
	}
	slices.Sort(degrees)
	median := degrees[len(degrees)/2]
	hubs := 0
	for a, d := range degree {
		if kindOf[a] == "YOUTH_OFFICE" && d > 10*median {
			hubs++
		}
	}
	t.Logf("median degree %d, max %d", median, degrees[len(degrees)-1])
	if hubs == 0 {
		t.Errorf("no youth office has ten times the median degree %d", median)
	}
	// Brokers: some ties cross quarters, mostly from broker kinds.
	brokerKinds := map[string]bool{"QUARTER_MANAGEMENT": true, "FAMILY_CENTRE": true, "NEIGHBOURHOOD_CENTRE": true, "WELFARE_ASSOCIATION": true}
	crossing, byBroker := 0, 0
	for _, c := range readCSV(t, dir, importer.Cooperations) {
		if quarterOf[c["from"]] != quarterOf[c["to"]] && !slices.Contains([]string{"YOUTH_OFFICE", "JOB_CENTRE", "HEALTH_OFFICE", "SOCIAL_SERVICE"}, kindOf[c["from"]]) {
			crossing++
			if brokerKinds[kindOf[c["from"]]] || brokerKinds[kindOf[c["to"]]] {
				byBroker++
			}
		}
	}
	t.Logf("%d of %d ties between quarters involve brokers", byBroker, crossing)
	if crossing == 0 || float64(byBroker)/float64(crossing) < 0.7 {
		t.Errorf("%d of %d ties between quarters involve brokers, want most", byBroker, crossing)
	}
	gapShare(t, dir)
}

// gapShare requires some needs, but not most, to lack a service for the
// same target group and topic in reach (in the quarter or its district).
func gapShare(t *testing.T, dir string) {
	t.Helper()
	parent := map[string]string{}
	for _, n := range readCSV(t, dir, importer.Neighbourhoods) {
		parent[n["key"]] = n["parent"]
	}
	offered := map[[3]string]bool{}
	for _, s := range readCSV(t, dir, importer.Services) {
		offered[[3]string{s["neighbourhoods"], s["targetGroups"], s["topics"]}] = true
	}
	needs := readCSV(t, dir, importer.Needs)
	gaps := 0
	for _, n := range needs {
		q := n["neighbourhood"]
		if !offered[[3]string{q, n["targetGroup"], n["topic"]}] && !offered[[3]string{parent[q], n["targetGroup"], n["topic"]}] {
			gaps++
		}
	}
	share := float64(gaps) / float64(len(needs))
	t.Logf("%d of %d needs are gaps", gaps, len(needs))
	if share < 0.1 || share > 0.5 || math.IsNaN(share) {
		t.Errorf("%d of %d needs are gaps (%.2f), want between a tenth and a half", gaps, len(needs), share)
	}
}
