package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// step is one load step of one server with one query: a JSON line of
// the results file.
type step struct {
	Kind   string `json:"kind"` // "step"
	Size   string `json:"size"`
	Server string `json:"server"`
	Query  string `json:"query"`
	// Model is "open" (Rate requests a second) or "closed" (Conns
	// connections).
	Model string  `json:"model"`
	Rate  float64 `json:"rate,omitempty"`
	Conns int     `json:"conns,omitempty"`

	Seconds    float64 `json:"seconds"`
	Sent       int     `json:"sent"`
	Errors     int     `json:"errors"`
	FirstError string  `json:"firstError,omitempty"`
	// Throughput is answers without error per second.
	Throughput float64 `json:"throughput"`
	P50ms      float64 `json:"p50ms"`
	P99ms      float64 `json:"p99ms"`
	MaxMs      float64 `json:"maxMs"`
	// Sustained says the step met p99 ≤ the bound without errors.
	Sustained bool `json:"sustained"`

	Neo4jTxPerRequest    float64 `json:"neo4jTxPerRequest"`
	Neo4jCPUmsPerRequest float64 `json:"neo4jCpuMsPerRequest"`
	ServerCPUmsPerReq    float64 `json:"serverCpuMsPerRequest"`
	ServerRSSMiB         float64 `json:"serverRssMiB"`
	ServerPeakRSSMiB     float64 `json:"serverPeakRssMiB"`
}

// meta describes a run: a JSON line before its steps.
type meta struct {
	Kind         string         `json:"kind"` // "run"
	Size         string         `json:"size"`
	Date         string         `json:"date"`
	CPUs         int            `json:"cpus"`
	CPUModel     string         `json:"cpuModel"`
	MemoryGiB    float64        `json:"memoryGiB"`
	Neo4j        string         `json:"neo4j"`
	Go           string         `json:"go"`
	Node         string         `json:"node"`
	Actors       int64          `json:"actors"`
	Cooperations int64          `json:"cooperations"`
	Variables    map[string]any `json:"variables"`
	// Commit is the kiezgraph commit measured (with "-dirty" for
	// uncommitted changes).
	Commit string `json:"commit"`
	// The load's parameters.
	Rates       []float64 `json:"rates"`
	StepSeconds float64   `json:"stepSeconds"`
	Conns       []int     `json:"conns"`
	ClosedSecs  float64   `json:"closedSeconds"`
	WarmupSecs  float64   `json:"warmupSeconds"`
	BoundMs     float64   `json:"boundMs"`
	StopP99Ms   float64   `json:"stopP99Ms"`
}

const (
	neo4jVersionCypher = `CALL dbms.components() YIELD name, versions, edition
RETURN name + ' ' + versions[0] + ' ' + edition AS v`
	sizeCypher = `RETURN COUNT { (:Actor) } AS actors, COUNT { ()-[:COOPERATES_WITH]->() } AS cooperations`
)

// machine describes the machine, the versions and the data of a run.
func machine(ctx context.Context, driver neo4j.DriverWithContext, c config, vars map[string]any) (meta, error) {
	m := meta{Kind: "run", Size: c.size, Date: time.Now().UTC().Format(time.RFC3339), CPUs: runtime.NumCPU(),
		Go: runtime.Version(), Node: c.nodeVersion, Commit: c.commit,
		Rates: c.rates, StepSeconds: c.step.Seconds(), Conns: c.conns, ClosedSecs: c.closedStep.Seconds(),
		WarmupSecs: c.warmup.Seconds(), BoundMs: ms(c.bound), StopP99Ms: ms(c.stopP99)}
	m.CPUModel = procField("/proc/cpuinfo", "model name")
	if kb := procField("/proc/meminfo", "MemTotal"); kb != "" {
		var n float64
		fmt.Sscanf(kb, "%f", &n)
		m.MemoryGiB = n / (1 << 20)
	}
	res, err := neo4j.ExecuteQuery(ctx, driver, neo4jVersionCypher, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase("neo4j"))
	if err != nil {
		return m, fmt.Errorf("neo4j version: %w", err)
	}
	if len(res.Records) > 0 {
		v, _ := res.Records[0].Get("v")
		m.Neo4j, _ = v.(string)
	}
	res, err = neo4j.ExecuteQuery(ctx, driver, sizeCypher, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase("neo4j"))
	if err != nil {
		return m, fmt.Errorf("neo4j size: %w", err)
	}
	if len(res.Records) > 0 {
		a, _ := res.Records[0].Get("actors")
		co, _ := res.Records[0].Get("cooperations")
		m.Actors, _ = a.(int64)
		m.Cooperations, _ = co.(int64)
	}
	m.Variables = vars
	return m, nil
}

// procField returns the value of the first "name: value" line of a /proc
// file, or "" when there is none.
func procField(path, name string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == name {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// measurer runs the load steps and writes them out.
type measurer struct {
	c      config
	driver neo4j.DriverWithContext
	client *http.Client
	vars   map[string]any
	out    io.Writer
}

// loadServer warms a server up with q, then runs the open model's rising
// rates until a step fails (p99 over stop-p99, or errors), then the
// closed model.
func (m measurer) loadServer(ctx context.Context, q query, cl call) error {
	if m.c.warmup > 0 {
		closedLoad(ctx, m.client, cl, 2, m.c.warmup)
	}
	for _, rate := range m.c.rates {
		s, err := m.measure(ctx, q, cl, func() sample { return openLoad(ctx, m.client, cl, rate, m.c.step) })
		if err != nil {
			return err
		}
		s.Model, s.Rate = "open", rate
		if err := m.emit(s); err != nil {
			return err
		}
		if s.Errors > 0 || s.P99ms > ms(m.c.stopP99) {
			break
		}
	}
	for _, n := range m.c.conns {
		s, err := m.measure(ctx, q, cl, func() sample { return closedLoad(ctx, m.client, cl, n, m.c.closedStep) })
		if err != nil {
			return err
		}
		s.Model, s.Conns = "closed", n
		if err := m.emit(s); err != nil {
			return err
		}
	}
	return ctx.Err()
}

func (m measurer) emit(s step) error {
	log.Printf("%s %-9s %s %-6s rate %4.0f conns %2d: %7.1f req/s p50 %7.1f ms p99 %7.1f ms errors %d, %.1f tx/req, Neo4j %.2f ms CPU/req, RSS %.0f MiB",
		s.Size, s.Server, s.Query, s.Model, s.Rate, s.Conns, s.Throughput, s.P50ms, s.P99ms, s.Errors,
		s.Neo4jTxPerRequest, s.Neo4jCPUmsPerRequest, s.ServerRSSMiB)
	return writeLine(m.out, s)
}

// measure runs one step and reads Neo4j's transaction counter and CPU
// time and the server's CPU time before and after it.
func (m measurer) measure(ctx context.Context, q query, cl call, load func() sample) (step, error) {
	tx0, err := lastTransaction(ctx, m.driver)
	if err != nil {
		return step{}, err
	}
	n0, err := cpuTicks(m.c.neo4jPID)
	if err != nil {
		return step{}, err
	}
	s0, err := cpuTicks(cl.srv.PID)
	if err != nil {
		return step{}, err
	}
	smp := load()
	n1, err := cpuTicks(m.c.neo4jPID)
	if err != nil {
		return step{}, err
	}
	s1, err := cpuTicks(cl.srv.PID)
	if err != nil {
		return step{}, err
	}
	tx1, err := lastTransaction(ctx, m.driver)
	if err != nil {
		return step{}, err
	}
	rss, peak, err := memory(cl.srv.PID)
	if err != nil {
		return step{}, err
	}
	lat := sortedCopy(smp.latency)
	st := step{Kind: "step", Size: m.c.size, Server: cl.srv.Name, Query: q.Name,
		Seconds: smp.elapsed.Seconds(), Sent: smp.sent, Errors: smp.errors, FirstError: smp.first,
		Throughput: float64(len(lat)-smp.errors) / smp.elapsed.Seconds(),
		P50ms:      ms(percentile(lat, 0.50)), P99ms: ms(percentile(lat, 0.99)), MaxMs: ms(percentile(lat, 1)),
		ServerRSSMiB: float64(rss) / (1 << 20), ServerPeakRSSMiB: float64(peak) / (1 << 20)}
	st.Sustained = smp.errors == 0 && len(lat) > 0 && st.P99ms <= ms(m.c.bound)
	if n := float64(len(lat)); n > 0 {
		tick := 1000 / float64(m.c.clkTck)
		// The probe after the step is a transaction of its own.
		st.Neo4jTxPerRequest = float64(tx1-tx0-1) / n
		st.Neo4jCPUmsPerRequest = float64(n1-n0) * tick / n
		st.ServerCPUmsPerReq = float64(s1-s0) * tick / n
	}
	return st, nil
}
