package server_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/server"
	"github.com/kiezgraph/kiezgraph/store"
)

// proxy forwards TCP connections to Neo4j and can cut them all, so a
// test can take the database away and bring it back on the same address.
type proxy struct {
	target string
	addr   string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func (p *proxy) start(t *testing.T) {
	t.Helper()
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				_ = c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); _ = up.Close() }()
			go func() { _, _ = io.Copy(c, up); _ = c.Close() }()
		}
	}()
}

// cut closes the listener and every forwarded connection.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	_ = p.ln.Close()
	for _, c := range p.conns {
		_ = c.Close()
	}
	p.conns = nil
}

// TestDatabaseDownAndBack takes Neo4j away under the service: requests
// fail fast with UNAVAILABLE, /readyz says not ready, and when the
// database is back the service answers again without a restart.
func TestDatabaseDownAndBack(t *testing.T) {
	needNeo4j(t)
	u, err := url.Parse(os.Getenv("NEO4J_URI"))
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{target: u.Host, addr: "127.0.0.1:0"}
	p.start(t)
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	viaProxy, err := store.Open(ctx, store.Config{URI: "bolt://" + p.addr, User: os.Getenv("NEO4J_USER"),
		Password: os.Getenv("NEO4J_PASSWORD"), Database: os.Getenv("NEO4J_DATABASE"), RetryTime: 2 * time.Second}, log)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = viaProxy.Close(ctx) }()
	h := httptest.NewServer(server.New(viaProxy, testConfig(), log))
	defer h.Close()
	ask := func() (response, time.Duration) {
		start := time.Now()
		return postTo(t, h.URL, `{ topics { code } }`, nil), time.Since(start)
	}
	ready := func() int {
		resp, err := http.Get(h.URL + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		return resp.StatusCode
	}

	if r, _ := ask(); len(r.Errors) > 0 || ready() != http.StatusOK {
		t.Fatalf("before the cut: %+v", r.Errors)
	}
	p.cut()
	r, took := ask()
	if r.code() != "UNAVAILABLE" {
		t.Errorf("with the database gone: code %q, want UNAVAILABLE (%+v)", r.code(), r.Errors)
	}
	if took > 15*time.Second {
		t.Errorf("failing took %v; want fast", took)
	}
	if ready() != http.StatusServiceUnavailable {
		t.Error("/readyz says ready without a database")
	}
	p.start(t) // the same address again
	deadline := time.Now().Add(30 * time.Second)
	for {
		r, _ := ask()
		if len(r.Errors) == 0 && ready() == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no recovery after the database came back: %+v", r.Errors)
		}
		time.Sleep(500 * time.Millisecond)
	}
}
