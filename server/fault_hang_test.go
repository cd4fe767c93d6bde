package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/server"
	"github.com/kiezgraph/kiezgraph/store"
)

// TestFaultSlowOrHungDatabase puts a proxy between the service and Neo4j
// that stops answering or answers slowly. Requests end at their deadline
// with TIMEOUT or UNAVAILABLE, or succeed when the delay fits in the
// deadline; once they have ended, the goroutines and the driver's
// connections to Neo4j are back to where they were, even while Neo4j
// still does not answer, and afterwards the service answers again.
func TestFaultSlowOrHungDatabase(t *testing.T) {
	needNeo4j(t)
	const (
		clients = 8
		timeout = 2 * time.Second
		// A request may end a little after its deadline on a busy machine.
		margin = 3 * time.Second
	)
	u, err := url.Parse(os.Getenv("NEO4J_URI"))
	if err != nil {
		t.Fatal(err)
	}
	p := startSlowProxy(t, u.Host)
	ctx := t.Context()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	viaProxy, err := store.Open(ctx, store.Config{URI: "bolt://" + p.addr(), User: os.Getenv("NEO4J_USER"),
		Password: os.Getenv("NEO4J_PASSWORD"), Database: faultDatabase()}, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = viaProxy.Close(context.Background()) })
	cfg := testConfig()
	cfg.RequestTimeout = timeout
	h := httptest.NewServer(server.New(viaProxy, cfg, log))
	t.Cleanup(h.Close)
	prefix := "act_" + uniq("hang")
	t.Cleanup(func() { deleteActorsByPrefix(t, prefix+"-") })

	// burst sends one request from each client at once: even clients
	// read, odd ones create an actor.
	var seq int
	burst := func() []faultResult {
		seq++
		out := make([]faultResult, clients)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for c := range clients {
			query, vars := `{ topics { code } }`, map[string]any(nil)
			if c%2 == 1 {
				id := fmt.Sprintf("%s-%d-%d", prefix, seq, c)
				query, vars = faultCreateActor, map[string]any{"in": map[string]any{
					"id": id, "name": "Fault " + id, "kind": "ASSOCIATION", "sector": "NON_PROFIT"}}
			}
			wg.Go(func() {
				<-start
				out[c] = faultPost(ctx, h.URL, query, vars)
			})
		}
		close(start)
		wg.Wait()
		return out
	}
	// healthy checks that a burst succeeds, retrying a few times while
	// the driver replaces connections it closed.
	healthy := func(when string) {
		t.Helper()
		var bad faultResult
		if !waitFor(30*time.Second, func() bool {
			for _, r := range burst() {
				if r.err != nil || r.status != http.StatusOK || len(r.resp.Errors) > 0 {
					bad = r
					return false
				}
			}
			return true
		}) {
			t.Fatalf("%s: the service does not answer: HTTP %d %v %+v", when, bad.status, bad.err, bad.resp.Errors)
		}
	}

	tests := []struct {
		name  string
		fault func()
		want  []string // acceptable outcomes: "ok" or error codes
	}{
		{"hung", p.hold, []string{"TIMEOUT", "UNAVAILABLE"}},
		{"slower than the deadline", func() { p.slow(10 * time.Second) }, []string{"TIMEOUT", "UNAVAILABLE"}},
		{"slow within the deadline", func() { p.slow(30 * time.Millisecond) }, []string{"ok"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A burst through a slightly slow proxy overlaps in time, so
			// the driver's pool holds a connection per client: the
			// baseline, measured in the subtest's own goroutine.
			p.slow(20 * time.Millisecond)
			healthy("warm-up")
			p.resume()
			healthy("warm-up")
			baseConns := p.open.Load()
			baseGoroutines := settledGoroutines(2*time.Second, 0, p.goroutines.Load)

			defer p.resume()
			tt.fault()
			tally := map[string]int{}
			var slowest time.Duration
			for c, r := range burst() {
				outcome := r.code()
				if r.err == nil && len(r.resp.Errors) == 0 {
					outcome = "ok"
				}
				switch {
				case r.err != nil:
					t.Errorf("client %d: %v after %v", c, r.err, r.took)
				case r.status != http.StatusOK && !(r.status == http.StatusServiceUnavailable && outcome == "TIMEOUT"):
					t.Errorf("client %d: HTTP %d %s (%+v)", c, r.status, outcome, r.resp.Errors)
				case !slices.Contains(tt.want, outcome):
					t.Errorf("client %d: %s (%+v), want one of %v", c, outcome, r.resp.Errors, tt.want)
				}
				tally[outcome]++
				slowest = max(slowest, r.took)
				if r.took > timeout+margin {
					t.Errorf("client %d: %s after %v, past the deadline of %v", c, outcome, r.took, timeout)
				}
			}
			t.Logf("baseline %d connections, %d goroutines; outcomes %v, slowest %v",
				baseConns, baseGoroutines, tally, slowest.Round(time.Millisecond))
			// With the fault still on, nothing the requests started may
			// linger: no goroutine waits for Neo4j, no connection is held.
			if n := settledGoroutines(10*time.Second, baseGoroutines, p.goroutines.Load); n > baseGoroutines {
				t.Errorf("%d goroutines after the requests ended, baseline %d:\n%s", n, baseGoroutines, goroutineDump())
			}
			if !waitFor(10*time.Second, func() bool { return p.open.Load() <= baseConns }) {
				t.Errorf("%d connections to Neo4j after the requests ended, baseline %d", p.open.Load(), baseConns)
			}
			p.resume()
			healthy("after the fault")
			if n := settledGoroutines(10*time.Second, baseGoroutines, p.goroutines.Load); n > baseGoroutines {
				t.Errorf("%d goroutines after recovery, baseline %d:\n%s", n, baseGoroutines, goroutineDump())
			}
			if n := p.open.Load(); n > max(baseConns, clients) {
				t.Errorf("%d connections to Neo4j after recovery, baseline %d", n, baseConns)
			}
		})
	}
}

// goroutineDump returns the stacks of all goroutines, to show a leak.
func goroutineDump() string {
	buf := make([]byte, 1<<20)
	return string(buf[:runtime.Stack(buf, true)])
}
