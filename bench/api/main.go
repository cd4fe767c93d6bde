// Command apibench measures kiezgraph's reads against @neo4j/graphql
// (served by @apollo/server) on the same Neo4j and data, for issue 14;
// bench/api/run.sh (make bench-api) starts Neo4j and both servers and
// runs it:
//
//	apibench -size 5000 -kiezgraph URL -kiezgraph-pid PID -peer URL -peer-pid PID -neo4j-pid PID -out results.jsonl
//	apibench report -in results.jsonl -out RESULTS.md
//	apibench pages -size 100000 -kiezgraph URL -neo4j-pid PID -out results.jsonl
//
// For every query (queries/*.graphql, each written once per server) it
// first checks that both servers return the same data, field by field,
// and fails with the differences if not; then it loads each server with
// each query: a closed model at -closed connections, then an open model
// at rising fixed rates (bounded by what the closed model reached) until
// p99 passes -stop-p99 or errors appear.
// Each step is one JSON line with the client's figures (throughput,
// p50/p99, errors) and the servers' (Neo4j transactions and CPU per
// request, the service's CPU per request and memory).
//
// The pages command times, one request at a time, the first page and a
// deep page of every root list in every order an index can serve
// (issue 14: ≤ 20 ms at p50 at 100 000 actors on an idle machine).
//
// NEO4J_URI names the Neo4j both servers use; the queries' ids are
// picked from its data (see discover).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch {
	case len(os.Args) > 1 && os.Args[1] == "report":
		err = runReport(os.Args[2:])
	case len(os.Args) > 1 && os.Args[1] == "pages":
		err = runPages(ctx, os.Args[2:], os.Getenv)
	default:
		err = run(ctx, os.Args[1:], os.Getenv)
	}
	if err != nil {
		log.SetFlags(0)
		log.Fatalf("apibench: %v", err)
	}
}

// config is what run reads from its flags.
type config struct {
	size                string
	kiezgraph, peer     server
	neo4jPID            int
	rates               []float64
	step, closedStep    time.Duration
	warmup              time.Duration
	conns               []int
	bound, stopP99      time.Duration
	deepOffset, clkTck  int
	out                 string
	only                string
	checkOnly           bool
	allowPeerErrors     bool
	nodeVersion, commit string
}

func parseFlags(args []string, getenv func(string) string) (config, error) {
	var c config
	fs := flag.NewFlagSet("apibench", flag.ContinueOnError)
	fs.StringVar(&c.size, "size", "", "label of the city's size, e.g. 5000 (actors)")
	fs.StringVar(&c.kiezgraph.URL, "kiezgraph", "", "kiezgraph's GraphQL URL")
	fs.IntVar(&c.kiezgraph.PID, "kiezgraph-pid", 0, "kiezgraph's process id")
	fs.StringVar(&c.peer.URL, "peer", "", "the peer's GraphQL URL")
	fs.IntVar(&c.peer.PID, "peer-pid", 0, "the peer's process id (node)")
	fs.IntVar(&c.neo4jPID, "neo4j-pid", 0, "Neo4j's process id")
	rates := fs.String("rates", "25,50,100,200,400,800,1600", "open model: request rates per second, rising")
	fs.DurationVar(&c.step, "step", 10*time.Second, "open model: length of each rate step")
	conns := fs.String("closed", "1,8,32", "closed model: numbers of connections")
	fs.DurationVar(&c.closedStep, "closed-step", 10*time.Second, "closed model: length of each step")
	fs.DurationVar(&c.warmup, "warmup", 5*time.Second, "closed load at 2 connections before each server's steps, not reported")
	fs.DurationVar(&c.bound, "bound", 100*time.Millisecond, "the p99 that a step must meet to count as sustained")
	fs.DurationVar(&c.stopP99, "stop-p99", 500*time.Millisecond, "open model: stop after a step whose p99 exceeds this")
	fs.IntVar(&c.deepOffset, "deep-offset", 1000, "Q3: offset of the page (at most half the actors)")
	fs.IntVar(&c.clkTck, "clk-tck", 100, "clock ticks per second of /proc/PID/stat (getconf CLK_TCK)")
	fs.StringVar(&c.out, "out", "", "JSON lines file the steps are appended to")
	fs.StringVar(&c.only, "queries", "", "comma-separated queries to run (default all)")
	fs.BoolVar(&c.checkOnly, "check-only", false, "only check that both servers return the same data")
	fs.BoolVar(&c.allowPeerErrors, "allow-peer-errors", false, "report a query the peer answers with an error instead of failing")
	fs.StringVar(&c.nodeVersion, "node-version", "", "Node.js version of the peer, for the report")
	fs.StringVar(&c.commit, "commit", "", "kiezgraph commit measured, for the report")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	c.kiezgraph.Name, c.peer.Name = "kiezgraph", "peer"
	c.kiezgraph.Token = getenv("KIEZGRAPH_TOKEN")
	if c.kiezgraph.URL == "" || c.peer.URL == "" || c.size == "" || (!c.checkOnly && c.out == "") {
		return c, errors.New("-size, -kiezgraph, -peer and -out are required")
	}
	var err error
	if c.rates, err = parseList(*rates, func(s string) (float64, error) { return strconv.ParseFloat(s, 64) }); err != nil {
		return c, fmt.Errorf("-rates: %w", err)
	}
	if c.conns, err = parseList(*conns, strconv.Atoi); err != nil {
		return c, fmt.Errorf("-closed: %w", err)
	}
	return c, nil
}

func parseList[T any](s string, parse func(string) (T, error)) ([]T, error) {
	var out []T
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		v, err := parse(f)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func run(ctx context.Context, args []string, getenv func(string) string) (err error) {
	c, err := parseFlags(args, getenv)
	if err != nil {
		return err
	}
	driver, err := neo4j.NewDriverWithContext(getenv("NEO4J_URI"), neo4j.BasicAuth("neo4j", getenv("NEO4J_PASSWORD"), ""))
	if err != nil {
		return fmt.Errorf("neo4j driver: %w", err)
	}
	defer driver.Close(ctx)
	if err := driver.VerifyConnectivity(ctx); err != nil {
		return fmt.Errorf("neo4j: %w", err)
	}
	qs, err := loadQueries()
	if err != nil {
		return err
	}
	if c.only != "" {
		var keep []query
		for _, q := range qs {
			if strings.Contains(","+c.only+",", ","+q.Name+",") {
				keep = append(keep, q)
			}
		}
		qs = keep
	}
	vars, err := discover(ctx, driver, c.deepOffset)
	if err != nil {
		return err
	}
	log.Printf("size %s: variables %v", c.size, vars)
	// Many idle connections: the open model at high rates would otherwise
	// open and close a connection per request, measuring the kernel.
	transport := &http.Transport{MaxIdleConns: 2048, MaxIdleConnsPerHost: 1024, IdleConnTimeout: time.Minute}
	// Under load an answer after 10 s is an error (it is far past any
	// bound); the check waits longer, for a large city's heaviest query.
	client := &http.Client{Timeout: 10 * time.Second, Transport: transport}
	checkClient := &http.Client{Timeout: 2 * time.Minute, Transport: transport}
	calls := map[string][2]call{}
	for _, q := range qs {
		kc, err := prepare(c.kiezgraph, q.Kiezgraph, vars)
		if err != nil {
			return fmt.Errorf("%s: %w", q.Name, err)
		}
		pc, err := prepare(c.peer, q.Peer, vars)
		if err != nil {
			return fmt.Errorf("%s: %w", q.Name, err)
		}
		calls[q.Name] = [2]call{kc, pc}
	}
	// Every query is checked before any load: a wrong answer makes every
	// figure meaningless. A peer that fails a query is a finding with
	// -allow-peer-errors: it is reported, and only kiezgraph is loaded.
	var failed []string
	peerFailed := map[string]string{}
	for _, q := range qs {
		err := check(ctx, checkClient, q, calls[q.Name])
		switch {
		case err == nil:
			log.Printf("%s: same data from both servers", q.Name)
		case c.allowPeerErrors && errors.Is(err, errPeerFailed):
			log.Printf("%v", err)
			peerFailed[q.Name] = err.Error()
		default:
			failed = append(failed, err.Error())
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("the servers disagree:\n%s", strings.Join(failed, "\n"))
	}
	if c.checkOnly {
		return nil
	}
	f, closeResults, err := appendResults(c.out)
	if err != nil {
		return err
	}
	defer closeResults(&err)
	meta, err := machine(ctx, driver, c, vars)
	if err != nil {
		return err
	}
	meta.PeerFailed = peerFailed
	if err := writeLine(f, meta); err != nil {
		return err
	}
	// Both servers in turn per query, so that both meet the machine in
	// the same state (other jobs, page cache); not the peer where it
	// failed the check.
	loads := map[string][]call{}
	for _, q := range qs {
		both := calls[q.Name]
		loads[q.Name] = both[:1]
		if _, ok := peerFailed[q.Name]; !ok {
			loads[q.Name] = both[:]
		}
	}
	m := measurer{c: c, driver: driver, client: client, out: f}
	// One round through every query first, so that Neo4j's JIT and
	// caches are warm for the first query as for the last.
	for _, q := range qs {
		for _, cl := range loads[q.Name] {
			if err := m.settle(ctx); err != nil {
				return err
			}
			closedLoad(ctx, client, cl, 2, c.warmup)
		}
	}
	for _, q := range qs {
		for _, cl := range loads[q.Name] {
			if err := m.loadServer(ctx, q, cl); err != nil {
				return err
			}
		}
	}
	return nil
}

// prepare renders the request body of a document with the variables it
// uses.
func prepare(s server, doc string, all map[string]any) (call, error) {
	vars, err := variablesOf(doc, all)
	if err != nil {
		return call{}, err
	}
	body, err := json.Marshal(map[string]any{"query": doc, "variables": vars})
	if err != nil {
		return call{}, fmt.Errorf("request body: %w", err)
	}
	return call{srv: s, body: body}, nil
}

// errPeerFailed marks a check in which the peer answered with an error:
// a finding about the peer (at 50 000 actors it exceeded Neo4j's
// transaction memory on Q3 in issue 14), not a fault of the harness.
var errPeerFailed = errors.New("the peer failed")

// check asks both servers q and compares their data.
func check(ctx context.Context, client *http.Client, q query, cl [2]call) error {
	var data [2]map[string]any
	for i, c := range cl {
		body, err := post(ctx, client, c)
		if err == nil {
			var r response
			r, err = decode(body)
			data[i] = r.Data
		}
		if err != nil && c.srv.Name == "peer" {
			return fmt.Errorf("%s: %w: %w", q.Name, errPeerFailed, err)
		}
		if err != nil {
			return fmt.Errorf("%s on %s: %w", q.Name, c.srv.Name, err)
		}
	}
	if diffs := compare(q, data[0], data[1], 20); len(diffs) > 0 {
		return fmt.Errorf("%s differs:\n  %s", q.Name, strings.Join(diffs, "\n  "))
	}
	if len(data[0]) == 0 || isEmpty(data[0]) {
		return fmt.Errorf("%s: both answers are empty; the data or the variables are wrong", q.Name)
	}
	return nil
}

// isEmpty reports whether v holds no list with elements and no object
// with an id: an answer that compares equal because it says nothing.
func isEmpty(v any) bool {
	switch t := v.(type) {
	case []any:
		return len(t) == 0
	case map[string]any:
		if _, ok := t["id"]; ok {
			return false
		}
		for _, e := range t {
			if !isEmpty(e) {
				return false
			}
		}
	}
	return true
}

// appendResults opens the results file for appending; the returned
// function closes it and reports a failed close in *err, where the
// lines written may not have reached the file.
func appendResults(path string) (*os.File, func(*error), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, nil, fmt.Errorf("results: %w", err)
	}
	return f, func(err *error) {
		if cerr := f.Close(); cerr != nil && *err == nil {
			*err = fmt.Errorf("results: %w", cerr)
		}
	}, nil
}

func writeLine(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("result line: %w", err)
	}
	if _, err := w.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("result line: %w", err)
	}
	return nil
}
