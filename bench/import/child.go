package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/importer"
)

// child runs one phase and prints its result as JSON.
func child(ctx context.Context, phase, dir string, batch, workers int) error {
	if phase == "import" {
		stop, err := profile()
		if err != nil {
			return err
		}
		defer stop()
	}
	stop := sampleHeap()
	start := time.Now()
	var files []fileResult
	var err error
	if phase == "reference" {
		files, err = reference(ctx, dir, batch)
	} else {
		files, err = runImporter(ctx, dir, batch, workers)
	}
	if err != nil {
		return err
	}
	r := result{Phase: phase, Files: files, Seconds: time.Since(start).Seconds(), PeakHeap: stop(), PeakRSS: peakRSS()}
	st, err := openStore(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = st.Close(ctx) }()
	if r.Items, err = st.CountAll(ctx); err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(r)
}

// profile writes a CPU profile of the Go side of the importer to
// IMPORT_BENCH_CPUPROFILE, when set, for `go tool pprof`, until stop.
func profile() (stop func(), err error) {
	p := os.Getenv("IMPORT_BENCH_CPUPROFILE")
	if p == "" {
		return func() {}, nil
	}
	f, err := os.Create(p)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}, nil
}

// runImporter imports every file of dir with the importer.
func runImporter(ctx context.Context, dir string, batch, workers int) ([]fileResult, error) {
	st, err := openStore(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { _ = st.Close(ctx) }()
	files, err := importer.Plan([]string{dir}, "")
	if err != nil {
		return nil, err
	}
	rep, err := importer.Run(ctx, st, files, importer.Options{Batch: batch, Workers: workers})
	if err != nil {
		return nil, err
	}
	var out []fileResult
	for _, f := range rep.Files {
		out = append(out, fileResult{Name: filepath.Base(f.Path), Rows: f.Rows, Check: f.Check.Seconds(), Write: f.Write.Seconds()})
	}
	return out, nil
}

// The reference loader: the plainest batched UNWIND that gives the same
// nodes and relationships their properties, merged by id as the importer
// merges them; no validation, no reference checks, no labels by kind,
// no search fields and no ACTIVE_IN links.
const (
	refActors = `UNWIND $rows AS row MERGE (n:Actor {id: row.id}) SET n += row.props`
	refCoops  = `UNWIND $rows AS row
MATCH (a:Actor {id: row.from}), (b:Actor {id: row.to})
MERGE (a)-[r:COOPERATES_WITH {id: row.id}]->(b) SET r += row.props`
)

// reference loads actors.csv and cooperations.csv of dir.
func reference(ctx context.Context, dir string, batch int) ([]fileResult, error) {
	drv, err := neo4j.NewDriverWithContext(os.Getenv("NEO4J_URI"), neo4j.BasicAuth(os.Getenv("NEO4J_USER"), os.Getenv("NEO4J_PASSWORD"), ""))
	if err != nil {
		return nil, err
	}
	defer func() { _ = drv.Close(ctx) }()
	db := os.Getenv("NEO4J_DATABASE")
	if db == "" {
		db = "neo4j"
	}
	write := func(cypher string, rows []map[string]any) error {
		sess := drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: db})
		defer func() { _ = sess.Close(ctx) }()
		_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			res, err := tx.Run(ctx, cypher, map[string]any{"rows": rows})
			if err != nil {
				return nil, err
			}
			_, err = res.Consume(ctx)
			return nil, err
		})
		return err
	}
	var out []fileResult
	for _, f := range []struct {
		name, cypher string
		row          func(get func(string) string) map[string]any
	}{
		{"actors.csv", refActors, func(get func(string) string) map[string]any {
			return map[string]any{"id": importer.DeriveID("act_", get("key")), "props": map[string]any{
				"name": get("name"), "kind": get("kind"), "sector": get("sector"), "externalKey": get("key"),
				"validFrom": date(get("validFrom")), "validTo": date(get("validTo")), "source": get("source")}}
		}},
		{"cooperations.csv", refCoops, func(get func(string) string) map[string]any {
			strength, _ := strconv.ParseFloat(get("strength"), 64)
			kind := get("kind")
			return map[string]any{"id": importer.DeriveID("coo_", get("key")),
				"from": importer.DeriveID("act_", get("from")), "to": importer.DeriveID("act_", get("to")),
				"props": map[string]any{"kind": kind, "strength": strength, "directed": kind == "FUNDING" || kind == "REFERRAL",
					"externalKey": get("key"), "validFrom": date(get("validFrom")), "validTo": date(get("validTo")), "source": get("source")}}
		}},
	} {
		start := time.Now()
		n, err := eachBatch(filepath.Join(dir, f.name), batch, f.row, func(rows []map[string]any) error { return write(f.cypher, rows) })
		if err != nil {
			return nil, fmt.Errorf("reference %s: %w", f.name, err)
		}
		out = append(out, fileResult{Name: f.name, Rows: n, Write: time.Since(start).Seconds()})
	}
	return out, nil
}

// eachBatch reads a CSV file in batches of rows built by row.
func eachBatch(path string, batch int, row func(func(string) string) map[string]any, do func([]map[string]any) error) (int, error) {
	file, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer func() { _ = file.Close() }()
	r := csv.NewReader(file)
	header, err := r.Read()
	if err != nil {
		return 0, err
	}
	idx := map[string]int{}
	for i, h := range header {
		idx[h] = i
	}
	n := 0
	rows := make([]map[string]any, 0, batch)
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return n, err
		}
		rows = append(rows, row(func(c string) string { return strings.TrimSpace(rec[idx[c]]) }))
		if n++; len(rows) == batch {
			if err := do(rows); err != nil {
				return n, err
			}
			rows = rows[:0:0]
		}
	}
	if len(rows) > 0 {
		return n, do(rows)
	}
	return n, nil
}

// date turns a cell into a Neo4j date, or nil.
func date(s string) any {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return nil
	}
	return neo4j.DateOf(t)
}

// sampleHeap samples the Go heap in use every 20 ms until the returned
// function is called, which returns the largest sample.
func sampleHeap() func() uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() {
		metrics.Read(sample)
		if v := sample[0].Value.Uint64(); v > peak.Load() {
			peak.Store(v)
		}
	}
	go func() {
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() uint64 {
		close(done)
		read()
		return peak.Load()
	}
}

// peakRSS reads the peak resident set size (VmHWM) of this process.
func peakRSS() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
