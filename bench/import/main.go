// Command import-bench measures kiezgraph's importer against a plain
// batched UNWIND loader on a synthetic city, in one run against one
// throw-away Neo4j (see run.sh):
//
//	NEO4J_URI=bolt://… go run ./bench/import [-actors 100000] [-links 500000] [-seed 1] [-batch 5000] [-workers 2]
//
// It writes the city with seed.Synthetic, warms the database up with a
// small city through both loaders, then loads actors and cooperations
// with the reference loader, wipes, imports the whole city with the
// importer (the service's own code path, check and write passes
// included), and imports it again unchanged. Then it loads the same
// files into a fresh Neo4j of its own through the offline path
// (kiezgraph import -bulk, neo4j-admin database import full, start and
// store.Migrate) and times each phase. The loaders run as child
// processes of this program, so that the peak resident memory reported
// is the importer's own. With IMPORT_BENCH_CPUPROFILE=FILE the import
// of the city (the last -phase import) and the CSV files of the offline
// path (-phase bulk) write a CPU profile of the importer's Go side to
// FILE (the latter last).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/kiezgraph/kiezgraph/importer"
	"github.com/kiezgraph/kiezgraph/seed"
	"github.com/kiezgraph/kiezgraph/store"
)

// result is what a child phase reports, as one JSON line on stdout.
type result struct {
	Phase string
	// Files are per file: rows and seconds (check, write).
	Files []fileResult
	// PeakRSS is the peak resident set of the child (VmHWM), in bytes;
	// PeakHeap the largest Go heap in use sampled during the run.
	PeakRSS, PeakHeap uint64
	// Items is the number of nodes and relationships afterwards.
	Items   int64
	Seconds float64
}

type fileResult struct {
	Name         string
	Rows         int
	Check, Write float64
}

func main() {
	actors := flag.Int("actors", 100000, "actors of the synthetic city")
	links := flag.Int("links", 500000, "cooperations of the synthetic city")
	seedN := flag.Uint64("seed", 1, "seed of the synthetic city")
	batch := flag.Int("batch", 5000, "rows per transaction (both loaders)")
	workers := flag.Int("workers", importer.DefaultWorkers, "importer transactions in flight")
	dir := flag.String("dir", "", "where the city's files go (default a temporary directory)")
	phase := flag.String("phase", "all", "all, or (as a child) reference, import, reimport or bulk")
	out := flag.String("out", "", "with -phase bulk: the directory of the CSV files for neo4j-admin")
	flag.Parse()
	ctx := context.Background()
	var err error
	switch *phase {
	case "all":
		err = orchestrate(ctx, *actors, *links, *seedN, *batch, *workers, *dir)
	case "reference", "import", "reimport":
		err = child(ctx, *phase, *dir, *batch, *workers)
	case "bulk":
		err = bulkChild(ctx, *dir, *out, *batch, *workers)
	default:
		err = fmt.Errorf("unknown phase %q", *phase)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "import-bench:", err)
		os.Exit(1)
	}
}

// openStore opens the store of NEO4J_URI with the schema applied.
func openStore(ctx context.Context) (*store.Store, error) {
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		return nil, fmt.Errorf("NEO4J_URI is not set; run bench/import/run.sh")
	}
	st, err := store.Open(ctx, store.Config{URI: uri, User: os.Getenv("NEO4J_USER"), Password: os.Getenv("NEO4J_PASSWORD"),
		Database: os.Getenv("NEO4J_DATABASE"), RetryTime: time.Minute}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return nil, err
	}
	return st, st.Migrate(ctx)
}

// runChild runs a phase as a child process and reads its result.
func runChild(phase, dir string, batch, workers int, more ...string) (*result, error) {
	cmd := exec.Command(os.Args[0], append([]string{"-phase", phase, "-dir", dir, "-batch", strconv.Itoa(batch), "-workers", strconv.Itoa(workers)}, more...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s: %w", phase, err)
	}
	var r result
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		return nil, fmt.Errorf("%s: %w: %s", phase, err, out.String())
	}
	return &r, nil
}

func orchestrate(ctx context.Context, actors, links int, seedN uint64, batch, workers int, dir string) error {
	if dir == "" {
		tmp, err := os.MkdirTemp("", "kiezgraph-bench-")
		if err != nil {
			return err
		}
		defer func() { _ = os.RemoveAll(tmp) }()
		dir = tmp
	}
	city, warm := filepath.Join(dir, "city"), filepath.Join(dir, "warm-up")
	start := time.Now()
	stats, err := seed.Synthetic(seed.SyntheticOptions{Actors: actors, Links: links, Seed: seedN, Dir: city})
	if err != nil {
		return err
	}
	genTime := time.Since(start)
	if _, err := seed.Synthetic(seed.SyntheticOptions{Actors: 5000, Links: 25000, Seed: seedN + 1000, Dir: warm}); err != nil {
		return err
	}
	st, err := openStore(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = st.Close(ctx) }()
	wipe := func() error { return st.Wipe(ctx) }
	fmt.Fprintln(os.Stderr, "import-bench: warming up")
	for _, p := range []string{"reference", "import"} {
		if err := wipe(); err != nil {
			return err
		}
		if _, err := runChild(p, warm, batch, workers); err != nil {
			return err
		}
	}
	if err := wipe(); err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, "import-bench: reference loader")
	ref, err := runChild("reference", city, batch, workers)
	if err != nil {
		return err
	}
	if err := wipe(); err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, "import-bench: importer")
	imp, err := runChild("import", city, batch, workers)
	if err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, "import-bench: importer again, unchanged")
	again, err := runChild("reimport", city, batch, workers)
	if err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, "import-bench: bulk pipeline (kiezgraph import -bulk, neo4j-admin, start and migrate)")
	bp, err := runBulkPipeline(ctx, dir, city, batch, workers)
	if err != nil {
		return err
	}
	total := 0
	for _, n := range stats {
		total += n
	}
	report(os.Stdout, actors, links, total, genTime, batch, workers, ref, imp, again)
	reportBulk(os.Stdout, bp, ref, imp)
	if again.Items != imp.Items {
		return fmt.Errorf("the unchanged import changed the number of nodes and relationships from %d to %d", imp.Items, again.Items)
	}
	if bp.Items != imp.Items {
		return fmt.Errorf("the bulk import gave %d nodes and relationships, the importer %d", bp.Items, imp.Items)
	}
	return nil
}

// report prints the figures.
func report(w io.Writer, actors, links, total int, gen time.Duration, batch, workers int, ref, imp, again *result) {
	fmt.Fprintf(w, "kiezgraph import benchmark, %s, %s, %d cores, %s\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"),
		cpuModel(), runtime.NumCPU(), runtime.Version())
	fmt.Fprintf(w, "synthetic city: %d actors, %d cooperations, %d rows in all files; generated in %s; batch %d, importer workers %d\n\n",
		actors, links, total, gen.Round(time.Millisecond), batch, workers)
	fmt.Fprintf(w, "%-22s %9s %16s %26s %8s\n", "file", "rows", "reference rows/s", "importer rows/s (write)", "ratio")
	for _, f := range imp.Files {
		r := fmt.Sprint(f.Rows)
		refRate, ratio := "", ""
		for _, rf := range ref.Files {
			if rf.Name == f.Name {
				rr := float64(rf.Rows) / rf.Write
				refRate = fmt.Sprintf("%.0f", rr)
				ratio = fmt.Sprintf("%.2f", float64(f.Rows)/(f.Check+f.Write)/rr)
			}
		}
		fmt.Fprintf(w, "%-22s %9s %16s %16.0f (%7.0f) %8s\n", f.Name, r, refRate, float64(f.Rows)/(f.Check+f.Write), float64(f.Rows)/f.Write, ratio)
	}
	fmt.Fprintf(w, "\nimporter, whole city: %d rows in %.1f s (%.0f rows/s): %d nodes and relationships\n",
		rows(imp), imp.Seconds, float64(rows(imp))/imp.Seconds, imp.Items)
	fmt.Fprintf(w, "importer again, unchanged: %.1f s (%.0f rows/s); nodes and relationships unchanged: %v\n",
		again.Seconds, float64(rows(again))/again.Seconds, again.Items == imp.Items)
	fmt.Fprintf(w, "importer peak RSS %d MiB (Go heap in use at most %d MiB); reference loader peak RSS %d MiB\n",
		imp.PeakRSS>>20, imp.PeakHeap>>20, ref.PeakRSS>>20)
}

func rows(r *result) int {
	n := 0
	for _, f := range r.Files {
		n += f.Rows
	}
	return n
}

// cpuModel reads the processor's name from /proc/cpuinfo.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}
