package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/kiezgraph/kiezgraph/bulk"
	"github.com/kiezgraph/kiezgraph/importer"
	"github.com/kiezgraph/kiezgraph/store"
)

// neo4jScript runs the project's Neo4j; the benchmark runs from the
// repository's root (run.sh).
const neo4jScript = "scripts/neo4j.sh"

// bulkChild runs what `kiezgraph import -bulk out dir` runs: the
// importer's check pass and the CSV files for neo4j-admin. It prints its
// result as JSON; Items are the nodes and relationships in the files.
func bulkChild(ctx context.Context, dir, out string, batch, workers int) error {
	stopProfile, err := profile()
	if err != nil {
		return err
	}
	defer stopProfile()
	stop := sampleHeap()
	start := time.Now()
	bs, err := bulk.New(out, time.Now())
	if err != nil {
		return err
	}
	files, err := importer.Plan([]string{dir}, "")
	if err != nil {
		return err
	}
	rep, err := importer.Run(ctx, bs, files, importer.Options{Batch: batch, Workers: workers})
	if err != nil {
		return err
	}
	sum, err := bs.Close()
	if err != nil {
		return err
	}
	r := result{Phase: "bulk", Seconds: time.Since(start).Seconds(), PeakHeap: stop(), PeakRSS: peakRSS(),
		Items: int64(sum.Nodes + sum.Relationships)}
	for _, f := range rep.Files {
		r.Files = append(r.Files, fileResult{Name: filepath.Base(f.Path), Rows: f.Rows, Check: f.Check.Seconds(), Write: f.Write.Seconds()})
	}
	return json.NewEncoder(os.Stdout).Encode(r)
}

// bulkPipeline is what the offline path took, phase by phase.
type bulkPipeline struct {
	// CSV is kiezgraph import -bulk: check pass and CSV files.
	CSV *result
	// Admin is neo4j-admin database import full, JVM start included.
	Admin time.Duration
	// Start is the start of Neo4j on the imported store; Migrate the
	// schema (constraints, indexes and their population) and the empty
	// lists.
	Start, Migrate time.Duration
	// Items is the number of nodes and relationships in the database.
	Items int64
}

// Total is the time from the files to a ready database with its schema.
func (p *bulkPipeline) Total() time.Duration {
	return time.Duration(p.CSV.Seconds*float64(time.Second)) + p.Admin + p.Start + p.Migrate
}

// runBulkPipeline loads the city's files through the offline path into
// a Neo4j of its own (data under dir), which it stops and removes.
func runBulkPipeline(ctx context.Context, dir, city string, batch, workers int) (*bulkPipeline, error) {
	csv, data := filepath.Join(dir, "bulk-csv"), filepath.Join(dir, "bulk-neo4j")
	defer func() { _ = os.RemoveAll(csv) }()
	p := &bulkPipeline{}
	var err error
	if p.CSV, err = runChild("bulk", city, batch, workers, "-out", csv); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(data, 0o755); err != nil {
		return nil, err
	}
	defer func() {
		_ = neo4jSh("stop", data)
		_ = os.RemoveAll(data)
	}()
	start := time.Now()
	if err := neo4jSh("bulk-import", data, csv); err != nil {
		return nil, err
	}
	p.Admin = time.Since(start)
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	start = time.Now()
	if err := neo4jSh("start", data, strconv.Itoa(port)); err != nil {
		return nil, err
	}
	p.Start = time.Since(start)
	start = time.Now()
	st, err := store.Open(ctx, store.Config{URI: fmt.Sprintf("bolt://127.0.0.1:%d", port), Database: "neo4j", RetryTime: time.Minute},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return nil, err
	}
	defer func() { _ = st.Close(ctx) }()
	if err := st.Migrate(ctx); err != nil {
		return nil, err
	}
	p.Migrate = time.Since(start)
	p.Items, err = st.CountAll(ctx)
	return p, err
}

// neo4jSh runs scripts/neo4j.sh, its output on stderr.
func neo4jSh(args ...string) error {
	cmd := exec.Command(neo4jScript, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("neo4j.sh %v: %w", args, err)
	}
	return nil
}

// freePort returns a local TCP port that was free a moment ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer func() { _ = ln.Close() }()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// reportBulk prints the offline path's phases beside the reference
// loader and the importer of the same run.
func reportBulk(w io.Writer, p *bulkPipeline, ref, imp *result) {
	coops := 0
	for _, f := range p.CSV.Files {
		if f.Name == "cooperations.csv" {
			coops = f.Rows
		}
	}
	total := p.Total().Seconds()
	fmt.Fprintf(w, "\noffline initial load (kiezgraph import -bulk, neo4j-admin, start + migrate) into a fresh Neo4j:\n")
	fmt.Fprintf(w, "  (a) kiezgraph import -bulk (check + CSV): %6.1f s  %8.0f rows/s (peak RSS %d MiB)\n",
		p.CSV.Seconds, float64(rows(p.CSV))/p.CSV.Seconds, p.CSV.PeakRSS>>20)
	fmt.Fprintf(w, "  (b) neo4j-admin database import full:     %6.1f s  (%d nodes and relationships)\n", p.Admin.Seconds(), p.CSV.Items)
	fmt.Fprintf(w, "  (c) start:                               %6.1f s\n", p.Start.Seconds())
	fmt.Fprintf(w, "      migrate (constraints, indexes):      %6.1f s\n", p.Migrate.Seconds())
	fmt.Fprintf(w, "  whole pipeline: %.1f s: %.0f rows/s, %.0f cooperations/s; (b) alone %.0f cooperations/s\n",
		total, float64(rows(p.CSV))/total, float64(coops)/total, float64(coops)/p.Admin.Seconds())
	for _, f := range ref.Files {
		if f.Name == "cooperations.csv" {
			fmt.Fprintf(w, "  beside: reference loader %.0f cooperations/s, importer (online) %.0f rows/s for the whole city\n",
				float64(f.Rows)/f.Write, float64(rows(imp))/imp.Seconds)
		}
	}
	fmt.Fprintf(w, "  nodes and relationships: %d, the same as the online import: %v\n", p.Items, p.Items == imp.Items)
}
