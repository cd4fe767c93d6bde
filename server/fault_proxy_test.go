package server_test

import (
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// slowProxy forwards TCP connections to Neo4j and can hold or delay
// what passes through, in both directions: hold makes Neo4j accept
// connections and requests but never answer, like a database stuck in a
// long GC pause or behind a dead route; delay makes it slow. It counts
// the connections that are open through it, which are the driver's
// connections to Neo4j.
type slowProxy struct {
	target string
	ln     net.Listener
	open   atomic.Int64
	// goroutines counts the proxy's own goroutines, which tests leave
	// out when they look for leaks in the service.
	goroutines atomic.Int64

	mu    sync.Mutex
	gate  chan struct{} // closed while data flows
	delay time.Duration // added before each chunk is passed on
}

// startSlowProxy listens on a free local port and forwards to target
// until the test ends.
func startSlowProxy(t *testing.T, target string) *slowProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &slowProxy{target: target, ln: ln, gate: make(chan struct{})}
	close(p.gate)
	var wg sync.WaitGroup
	p.spawn(&wg, func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", target)
			if err != nil {
				_ = c.Close()
				continue
			}
			p.open.Add(1)
			p.spawn(&wg, func() {
				defer p.open.Add(-1)
				var pair sync.WaitGroup
				p.spawn(&pair, func() { p.pipe(up, c) })
				p.spawn(&pair, func() { p.pipe(c, up) })
				pair.Wait()
			})
		}
	})
	t.Cleanup(func() {
		_ = ln.Close()
		p.resume() // let held pipes see their connections close
		wg.Wait()
	})
	return p
}

// spawn runs f in a goroutine that wg and p.goroutines count.
func (p *slowProxy) spawn(wg *sync.WaitGroup, f func()) {
	wg.Add(1)
	p.goroutines.Add(1)
	go func() {
		defer wg.Done()
		defer p.goroutines.Add(-1)
		f()
	}()
}

// addr is the proxy's address.
func (p *slowProxy) addr() string { return p.ln.Addr().String() }

// hold stops passing data on until resume.
func (p *slowProxy) hold() {
	p.mu.Lock()
	defer p.mu.Unlock()
	select {
	case <-p.gate:
		p.gate = make(chan struct{})
	default:
	}
}

// slow delays every chunk by d until resume.
func (p *slowProxy) slow(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.delay = d
}

// resume passes data on at once again, including what was held.
func (p *slowProxy) resume() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.delay = 0
	select {
	case <-p.gate:
	default:
		close(p.gate)
	}
}

func (p *slowProxy) state() (chan struct{}, time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.gate, p.delay
}

// pipe copies src to dst, chunk by chunk, holding or delaying each chunk
// as told. A reader goroutine keeps reading src while a chunk is held, so
// that a connection closed by either side closes the pair at once, as a
// real network would.
func (p *slowProxy) pipe(dst, src net.Conn) {
	var reader sync.WaitGroup
	defer reader.Wait() // after the close below has ended its Read
	defer func() { _ = dst.Close(); _ = src.Close() }()
	chunks := make(chan []byte, 256)
	srcDone := make(chan struct{})
	p.spawn(&reader, func() {
		defer close(srcDone)
		defer close(chunks)
		for {
			buf := make([]byte, 32<<10)
			n, err := src.Read(buf)
			if n > 0 {
				select {
				case chunks <- buf[:n]:
				default:
					return // far more held than Bolt ever sends unanswered
				}
			}
			if err != nil {
				return
			}
		}
	})
	for chunk := range chunks {
		gate, delay := p.state()
		select {
		case <-gate:
		default:
			select {
			case <-gate:
			case <-srcDone:
				return // src closed while its data was held: drop it
			}
			_, delay = p.state()
		}
		if delay > 0 {
			timer := time.NewTimer(delay)
			select {
			case <-timer.C:
			case <-srcDone:
				timer.Stop()
				return // src closed while its data was delayed
			}
		}
		if _, err := dst.Write(chunk); err != nil {
			return
		}
	}
}
