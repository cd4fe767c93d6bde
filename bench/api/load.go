package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// server is one of the two GraphQL servers under test.
type server struct {
	Name, URL, Token string
	// PID is the server's process, for its CPU time and memory.
	PID int
}

// call is one prepared request: a query with its variables for one server.
type call struct {
	srv  server
	body []byte
}

// post sends c once and reads the whole answer. A transport error, a
// status other than 200 or a GraphQL error is an error: a server that
// answers fast with errors must not look fast.
func post(ctx context.Context, client *http.Client, c call) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.srv.URL, bytes.NewReader(c.body))
	if err != nil {
		return nil, fmt.Errorf("request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if c.srv.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.srv.Token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("post: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("read answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return body, fmt.Errorf("status %d: %s", resp.StatusCode, cut(body))
	}
	// No query of ours has a field named errors, so this finds GraphQL
	// errors without decoding every answer on the loaded machine.
	if bytes.Contains(body, []byte(`"errors"`)) {
		return body, fmt.Errorf("graphql errors: %s", cut(body))
	}
	return body, nil
}

func cut(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "..."
	}
	return string(b)
}

// sample is what one load step saw from the client's side.
type sample struct {
	sent    int
	latency []time.Duration // of every request, errors included
	errors  int
	first   string // the first error
	elapsed time.Duration
}

// recorder gathers latencies and errors from concurrent requests.
type recorder struct {
	mu sync.Mutex
	s  sample
}

func (r *recorder) done(d time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.s.latency = append(r.s.latency, d)
	if err != nil {
		r.s.errors++
		if r.s.first == "" {
			r.s.first = err.Error()
		}
	}
}

// openLoad sends c at a fixed rate for d, whatever the server's answers
// do (an open model: arrivals do not wait for answers), and measures each
// latency from the request's intended send time, not its actual one, so
// that a generator that falls behind a stalled server does not hide the
// stall (coordinated omission).
func openLoad(ctx context.Context, client *http.Client, c call, rate float64, d time.Duration) sample {
	n := int(rate * d.Seconds())
	var rec recorder
	var wg sync.WaitGroup
	start := time.Now()
	for i := range n {
		at := start.Add(time.Duration(float64(i) / rate * float64(time.Second)))
		if w := time.Until(at); w > 0 {
			select {
			case <-ctx.Done():
				n = i
			case <-time.After(w):
			}
		}
		if ctx.Err() != nil {
			break
		}
		wg.Go(func() {
			_, err := post(ctx, client, c)
			rec.done(time.Since(at), err)
		})
	}
	wg.Wait()
	rec.s.sent = n
	rec.s.elapsed = time.Since(start)
	return rec.s
}

// closedLoad runs conns clients that each send c again as soon as the
// previous answer is in, for d (a closed model); latencies are service
// times.
func closedLoad(ctx context.Context, client *http.Client, c call, conns int, d time.Duration) sample {
	var rec recorder
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for range conns {
		wg.Go(func() {
			for ctx.Err() == nil && time.Now().Before(deadline) {
				t := time.Now()
				_, err := post(ctx, client, c)
				rec.done(time.Since(t), err)
			}
		})
	}
	wg.Wait()
	// Every request sent is answered or fails before its client sends again.
	rec.s.sent = len(rec.s.latency)
	rec.s.elapsed = time.Since(start)
	return rec.s
}

// percentile returns the q-quantile (0 < q ≤ 1) of sorted latencies by
// the nearest-rank method, 0 for none.
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*q+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func sortedCopy(l []time.Duration) []time.Duration {
	out := slices.Clone(l)
	slices.Sort(out)
	return out
}
