package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log"
	"math"
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
	Kind      string  `json:"kind"` // "run"
	Size      string  `json:"size"`
	Date      string  `json:"date"`
	CPUs      int     `json:"cpus"`
	CPUModel  string  `json:"cpuModel"`
	MemoryGiB float64 `json:"memoryGiB"`
	// Load1 is the machine's load average over a minute as the load
	// began: other jobs on the machine move every figure.
	Load1        float64        `json:"load1"`
	Neo4j        string         `json:"neo4j"`
	Go           string         `json:"go"`
	Node         string         `json:"node"`
	Actors       int64          `json:"actors"`
	Cooperations int64          `json:"cooperations"`
	Variables    map[string]any `json:"variables"`
	// PeerFailed holds, per query, the peer's error where it failed
	// the check (and was not loaded).
	PeerFailed map[string]string `json:"peerFailed,omitempty"`
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
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Sscanf(string(b), "%f", &m.Load1)
	}
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
	out    io.Writer
}

// loadServer warms a server up with q, runs the closed model, then the
// open model's rising rates until a step fails (p99 over stop-p99, or
// errors). The closed model goes first because it measures what the
// server can do at all, which bounds the rates worth offering (see
// openRates).
func (m measurer) loadServer(ctx context.Context, q query, cl call) error {
	if m.c.warmup > 0 {
		if err := m.settle(ctx); err != nil {
			return err
		}
		closedLoad(ctx, m.client, cl, 2, m.c.warmup)
	}
	best := 0.0
	for _, n := range m.c.conns {
		s, err := m.run(ctx, q, cl, func() sample { return closedLoad(ctx, m.client, cl, n, m.c.closedStep) },
			func(s *step) { s.Model, s.Conns = "closed", n })
		if err != nil {
			return err
		}
		best = max(best, s.Throughput)
	}
	for _, rate := range openRates(m.c.rates, best) {
		// At least minOpenRequests in a step, or its p99 says nothing.
		d := max(m.c.step, time.Duration(float64(minOpenRequests)/rate*float64(time.Second)))
		s, err := m.run(ctx, q, cl, func() sample { return openLoad(ctx, m.client, cl, rate, d) },
			func(s *step) { s.Model, s.Rate = "open", rate })
		if err != nil {
			return err
		}
		if s.Errors > 0 || s.P99ms > ms(m.c.stopP99) {
			break
		}
	}
	return ctx.Err()
}

// minOpenRequests is the fewest requests an open-model step sends.
const minOpenRequests = 10

// openRates returns the open model's rates for a server whose closed
// model reached best answers a second: the configured rates up to best
// and the first one above it, where the step is expected to fail. Rates
// far above what a server can do only pile up requests that Neo4j goes
// on working at after the client has given up, which then weighs on the
// next steps. When even the lowest configured rate is above best, a
// quarter, half and all of best (so that a slow query still has a rate
// it meets, or shows that it meets none).
func openRates(configured []float64, best float64) []float64 {
	if len(configured) == 0 || best <= 0 {
		return nil
	}
	if configured[0] > best {
		var out []float64
		for _, f := range []float64{0.25, 0.5, 1} {
			// Two significant digits, so that the report's rates read well.
			r := roundSignificant(f*best, 2)
			if r > 0 && (len(out) == 0 || r > out[len(out)-1]) {
				out = append(out, r)
			}
		}
		return out
	}
	var out []float64
	for _, r := range configured {
		out = append(out, r)
		if r > best {
			break
		}
	}
	return out
}

func roundSignificant(x float64, digits int) float64 {
	if x <= 0 {
		return 0
	}
	p := math.Pow(10, float64(digits)-math.Ceil(math.Log10(x)))
	return math.Round(x*p) / p
}

// settle waits until Neo4j runs no transaction but the probe's: requests
// that a client gave up on (timeouts) may still run there, and would
// weigh on the next step. It gives up waiting after two minutes.
func (m measurer) settle(ctx context.Context) error {
	start := time.Now()
	for {
		_, n, err := transactions(ctx, m.driver)
		if err != nil {
			return err
		}
		if n <= 1 {
			if w := time.Since(start); w > time.Second {
				log.Printf("waited %.0f s for Neo4j to finish the transactions of earlier requests", w.Seconds())
			}
			return nil
		}
		if time.Since(start) > 2*time.Minute {
			log.Printf("Neo4j still runs %d transactions after two minutes; measuring anyway", n-1)
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// run measures one step of load, names it with name and writes it out.
func (m measurer) run(ctx context.Context, q query, cl call, load func() sample, name func(*step)) (step, error) {
	s, err := m.measure(ctx, q, cl, load)
	if err != nil {
		return s, err
	}
	name(&s)
	log.Printf("%s %-9s %s %-6s rate %6.4g conns %2d: %7.1f req/s p50 %7.1f ms p99 %7.1f ms errors %d, %.1f tx/req, Neo4j %.2f ms CPU/req, RSS %.0f MiB",
		s.Size, s.Server, s.Query, s.Model, s.Rate, s.Conns, s.Throughput, s.P50ms, s.P99ms, s.Errors,
		s.Neo4jTxPerRequest, s.Neo4jCPUmsPerRequest, s.ServerRSSMiB)
	return s, writeLine(m.out, s)
}

// reading is what measure reads before and after a step.
type reading struct {
	// tx is the newest transaction's sequence number.
	tx int64
	// neo4j and server are the CPU times of Neo4j and the server, in
	// clock ticks.
	neo4j, server int64
}

func (m measurer) read(ctx context.Context, srv server) (reading, error) {
	var r reading
	var err error
	if r.tx, _, err = transactions(ctx, m.driver); err != nil {
		return r, err
	}
	if r.neo4j, err = cpuTicks(m.c.neo4jPID); err != nil {
		return r, err
	}
	r.server, err = cpuTicks(srv.PID)
	return r, err
}

// measure runs one step and reads Neo4j's transaction counter and CPU
// time and the server's CPU time before and after it.
func (m measurer) measure(ctx context.Context, q query, cl call, load func() sample) (step, error) {
	if err := m.settle(ctx); err != nil {
		return step{}, err
	}
	r0, err := m.read(ctx, cl.srv)
	if err != nil {
		return step{}, err
	}
	smp := load()
	r1, err := m.read(ctx, cl.srv)
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
		st.Neo4jTxPerRequest = float64(r1.tx-r0.tx-1) / n
		st.Neo4jCPUmsPerRequest = float64(r1.neo4j-r0.neo4j) * tick / n
		st.ServerCPUmsPerReq = float64(r1.server-r0.server) * tick / n
	}
	return st, nil
}
