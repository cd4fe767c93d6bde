package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// run is one size's run as read back from the results file.
type runResult struct {
	meta  meta
	steps []step
	pages []page
}

// readResults reads a results file; a size run again replaces its
// earlier run, so that one file can gather sizes run at different times.
func readResults(r io.Reader) ([]runResult, error) {
	var runs []runResult
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		var kind struct{ Kind string }
		if err := json.Unmarshal(sc.Bytes(), &kind); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		switch kind.Kind {
		case "run":
			var m meta
			if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
				return nil, fmt.Errorf("line %d: %w", line, err)
			}
			runs = slices.DeleteFunc(runs, func(r runResult) bool { return r.meta.Size == m.Size })
			runs = append(runs, runResult{meta: m})
		case "step":
			var s step
			if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
				return nil, fmt.Errorf("line %d: %w", line, err)
			}
			if len(runs) == 0 || runs[len(runs)-1].meta.Size != s.Size {
				return nil, fmt.Errorf("line %d: a step of size %s without its run line", line, s.Size)
			}
			runs[len(runs)-1].steps = append(runs[len(runs)-1].steps, s)
		case "page":
			var p page
			if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
				return nil, fmt.Errorf("line %d: %w", line, err)
			}
			if len(runs) == 0 || runs[len(runs)-1].meta.Size != p.Size {
				return nil, fmt.Errorf("line %d: a page of size %s without its run line", line, p.Size)
			}
			runs[len(runs)-1].pages = append(runs[len(runs)-1].pages, p)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read results: %w", err)
	}
	slices.SortStableFunc(runs, func(a, b runResult) int { return int(a.meta.Actors - b.meta.Actors) })
	return runs, nil
}

func runReport(args []string) error {
	fs := flag.NewFlagSet("apibench report", flag.ContinueOnError)
	in := fs.String("in", "", "results file (JSON lines)")
	out := fs.String("out", "", "Markdown report to write (default stdout)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	f, err := os.Open(*in)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer f.Close()
	runs, err := readResults(f)
	if err != nil {
		return err
	}
	report := renderReport(runs, filepath.Base(*in))
	if *out == "" {
		_, err = io.WriteString(os.Stdout, report)
	} else {
		err = os.WriteFile(*out, []byte(report), 0o644)
	}
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// serverQuery is what the report says of one server on one query.
type serverQuery struct {
	sustained float64 // the highest open rate met with p99 ≤ bound, 0 if none
	lowest    float64 // the lowest open rate offered, 0 if none
	closed    []step
	basis     *step // the step whose per-request figures are shown
}

func summarise(steps []step, srv, q string) serverQuery {
	var sq serverQuery
	for i, s := range steps {
		if s.Server != srv || s.Query != q {
			continue
		}
		switch s.Model {
		case "open":
			if sq.lowest == 0 || s.Rate < sq.lowest {
				sq.lowest = s.Rate
			}
			if s.Sustained {
				sq.sustained = max(sq.sustained, s.Rate)
			}
		case "closed":
			sq.closed = append(sq.closed, s)
			// Per-request figures from the closed model at 8
			// connections, or its first step when there is none.
			if sq.basis == nil || s.Conns == 8 {
				sq.basis = &steps[i]
			}
		}
	}
	return sq
}

// sustainedRatio is kiezgraph's throughput at the bound over the peer's.
// Where one met no step, its throughput lies below the lowest rate it
// was offered, which bounds the ratio.
func sustainedRatio(k, p serverQuery) string {
	switch {
	case k.sustained == 0 && p.sustained == 0:
		return "–"
	case k.sustained == 0:
		return fmt.Sprintf("< %.2f×", k.lowest/p.sustained)
	case p.sustained == 0:
		return fmt.Sprintf("> %.2f×", k.sustained/p.lowest)
	}
	return ratio(k.sustained, p.sustained)
}

func ratio(k, p float64) string {
	if p == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", k/p)
}

func rate(r float64) string {
	if r == 0 {
		return "none"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// renderReport writes the report of runs, read from the file named raw,
// as Markdown.
func renderReport(runs []runResult, raw string) string {
	b := &strings.Builder{}
	fmt.Fprintf(b, "# kiezgraph's reads against @neo4j/graphql\n\n")
	fmt.Fprintf(b, "Written by `make bench-api` (bench/api); the raw steps are in `%s` beside this file. ", raw)
	fmt.Fprintf(b, "How it measures: README.md, \"Benchmarks: reads against @neo4j/graphql\".\n")
	for _, r := range runs {
		m := r.meta
		fmt.Fprintf(b, "\n## %d actors, %d cooperations\n\n", m.Actors, m.Cooperations)
		peer := ""
		if m.Node != "" {
			peer = ", the peer on Node.js " + m.Node
		}
		fmt.Fprintf(b, "%s; %d CPUs (%s), %.0f GiB, load average %.1f as the load began; %s; kiezgraph %s on %s%s.\n\n",
			m.Date, m.CPUs, m.CPUModel, m.MemoryGiB, m.Load1, m.Neo4j, m.Commit, m.Go, peer)
		if len(r.steps) > 0 {
			renderSteps(b, r)
		}
		if len(r.pages) > 0 {
			renderPages(b, r.pages)
		}
		fmt.Fprintf(b, "\nVariables: `%s`\n", mustJSON(m.Variables))
	}
	renderGrowth(b, runs)
	return b.String()
}

// renderGrowth compares kiezgraph's throughput at the largest size with
// that at the smallest, query by query, where both sizes were loaded:
// issue 14 wants Q1 and Q2 within 20 % between 5 000 and 50 000 actors.
// Their runs may have been made at different times; each size's date is
// in its section.
func renderGrowth(b *strings.Builder, runs []runResult) {
	var loaded []runResult
	for _, r := range runs {
		if len(r.steps) > 0 {
			loaded = append(loaded, r)
		}
	}
	if len(loaded) < 2 {
		return
	}
	small, large := loaded[0], loaded[len(loaded)-1]
	fmt.Fprintf(b, "\n## kiezgraph at %d actors against %d\n\n", large.meta.Actors, small.meta.Actors)
	fmt.Fprintf(b, "Throughput at the larger size over that at the smaller: sustained (p99 ≤ %.0f ms, on the open model's grid of rates) and closed at 8 connections.\n\n", large.meta.BoundMs)
	fmt.Fprintf(b, "| query | sustained req/s %d / %d | ratio | closed req/s at 8 connections %d / %d | ratio |\n",
		small.meta.Actors, large.meta.Actors, small.meta.Actors, large.meta.Actors)
	fmt.Fprintf(b, "|---|---|---|---|---|\n")
	for _, q := range queries {
		s, l := summarise(small.steps, "kiezgraph", q.Name), summarise(large.steps, "kiezgraph", q.Name)
		if s.basis == nil || l.basis == nil {
			continue
		}
		sustained := "–"
		if s.sustained > 0 && l.sustained > 0 {
			sustained = ratio(l.sustained, s.sustained)
		}
		fmt.Fprintf(b, "| %s | %s / %s | %s | %.0f / %.0f | %s |\n", q.Name, rate(s.sustained), rate(l.sustained), sustained,
			s.basis.Throughput, l.basis.Throughput, ratio(l.basis.Throughput, s.basis.Throughput))
	}
}

// renderSteps writes the load's summary and its steps.
func renderSteps(b *strings.Builder, r runResult) {
	m := r.meta
	fmt.Fprintf(b, "Closed model at %s connections, %g s a step; open model at %s req/s (bounded by the closed model's best), %g s a step, until p99 > %.0f ms or errors; a warm-up round through all queries, then %g s of warm-up before each server and query. ",
		joinNums(m.Conns), m.ClosedSecs, joinNums(m.Rates), m.StepSeconds, m.StopP99Ms, m.WarmupSecs)
	fmt.Fprintf(b, "Sustained means p99 ≤ %.0f ms and no errors; the closed ratio and the per-request figures (Neo4j transactions and CPU, service memory) are those of the closed model at 8 connections, or its only step.\n\n", m.BoundMs)
	fmt.Fprintf(b, "| query | kiezgraph req/s at p99 ≤ %.0f ms | peer | ratio | closed req/s kiezgraph (by connections) | peer | closed ratio | Neo4j tx/req k / p | Neo4j CPU ms/req k / p | service RSS MiB k / p |\n", m.BoundMs)
	fmt.Fprintf(b, "|---|---|---|---|---|---|---|---|---|---|\n")
	for _, q := range queries {
		k, p := summarise(r.steps, "kiezgraph", q.Name), summarise(r.steps, "peer", q.Name)
		if k.basis == nil && p.basis == nil && k.sustained == 0 && p.sustained == 0 {
			continue
		}
		peerRate, rat := rate(p.sustained), sustainedRatio(k, p)
		if msg, ok := m.PeerFailed[q.Name]; ok {
			peerRate, rat = "fails: "+strings.ReplaceAll(trim(msg, 120), "|", "/"), "–"
		}
		closedRatio := "–"
		if k.basis != nil && p.basis != nil {
			closedRatio = ratio(k.basis.Throughput, p.basis.Throughput)
		}
		fmt.Fprintf(b, "| %s: %s | %s | %s | **%s** | %s | %s | %s | %s | %s | %s |\n", q.Name, q.Title,
			rate(k.sustained), peerRate, rat,
			closedList(k.closed), closedList(p.closed), closedRatio,
			pair(k.basis, p.basis, func(s *step) float64 { return s.Neo4jTxPerRequest }, "%.1f"),
			pair(k.basis, p.basis, func(s *step) float64 { return s.Neo4jCPUmsPerRequest }, "%.1f"),
			pair(k.basis, p.basis, func(s *step) float64 { return s.ServerRSSMiB }, "%.0f"))
	}
	fmt.Fprintf(b, "\nEvery step (req/s counts answers without errors; latency of the open model from each request's intended send time):\n\n")
	fmt.Fprintf(b, "| query | server | model | rate or connections | req/s | p50 ms | p99 ms | errors | Neo4j tx/req | Neo4j CPU ms/req | service CPU ms/req | RSS MiB |\n")
	fmt.Fprintf(b, "|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, s := range r.steps {
		load := fmt.Sprintf("%s/s", rate(s.Rate))
		if s.Model == "closed" {
			load = fmt.Sprintf("%d conns", s.Conns)
		}
		errs := strconv.Itoa(s.Errors)
		if s.FirstError != "" {
			errs += " (" + strings.ReplaceAll(trim(s.FirstError, 60), "|", "/") + ")"
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %.1f | %.1f | %.1f | %s | %.1f | %.2f | %.2f | %.0f |\n",
			s.Query, s.Server, s.Model, load, s.Throughput, s.P50ms, s.P99ms, errs,
			s.Neo4jTxPerRequest, s.Neo4jCPUmsPerRequest, s.ServerCPUmsPerReq, s.ServerRSSMiB)
	}
}

// renderPages writes the timed root-list pages, the slowest p50 first
// in a line of its own, as issue 14's target names it.
func renderPages(b *strings.Builder, pages []page) {
	worst := pages[0]
	for _, p := range pages {
		if p.P50ms > worst.P50ms {
			worst = p
		}
	}
	fmt.Fprintf(b, "\nRoot-list pages of %d items, one request at a time (after a warm-up of each); the first page and the page after the items shown (reached through cursors). A first page slower than %v is timed %d times and its deep page not at all. ",
		pageSize, slowPage, slowRequests)
	fmt.Fprintf(b, "Slowest p50: %s %s after %d, %.1f ms.\n\n", worst.List, orderName(worst.Order), worst.After, worst.P50ms)
	fmt.Fprintf(b, "| list | order | after | items | requests | p50 ms | p99 ms | max ms | Neo4j CPU ms/req |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, p := range pages {
		fmt.Fprintf(b, "| %s | %s | %d | %d | %d | %.1f | %.1f | %.1f | %.2f |\n",
			p.List, orderName(p.Order), p.After, p.Items, p.Requests, p.P50ms, p.P99ms, p.MaxMs, p.Neo4jCPUmsPerRequest)
	}
}

func orderName(o string) string {
	if o == "" {
		return "default"
	}
	return o
}

func joinNums[T int | float64](l []T) string {
	parts := make([]string, len(l))
	for i, v := range l {
		parts[i] = fmt.Sprint(v)
	}
	return strings.Join(parts, ", ")
}

func closedList(steps []step) string {
	var parts []string
	for _, s := range steps {
		parts = append(parts, fmt.Sprintf("%.0f (%d)", s.Throughput, s.Conns))
	}
	if len(parts) == 0 {
		return "–"
	}
	return strings.Join(parts, ", ")
}

func pair(k, p *step, f func(*step) float64, format string) string {
	one := func(s *step) string {
		if s == nil {
			return "–"
		}
		return fmt.Sprintf(format, f(s))
	}
	return one(k) + " / " + one(p)
}

func trim(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
