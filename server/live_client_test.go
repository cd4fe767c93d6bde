package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// liveWS is a graphql-transport-ws client of /graphql/live, as a
// dashboard's graphql-ws client speaks it.
type liveWS struct {
	t *testing.T
	c *websocket.Conn
	// in holds what the reader read; it is closed with the connection,
	// after err is set. (A Read whose context ends closes a
	// coder/websocket connection, so one reader reads without a
	// deadline and tests wait on in.)
	in  chan liveMessage
	err error
}

// liveMessage is a message of graphql-transport-ws.
type liveMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// dialLive opens a WebSocket to base's live route and initialises it
// with payload (e.g. {"Authorization": "Bearer …"}); opts may set
// headers or an HTTP client.
func dialLive(t *testing.T, base string, payload map[string]any, opts *websocket.DialOptions) *liveWS {
	t.Helper()
	ws, err := tryDialLive(t, base, payload, opts)
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

func tryDialLive(t *testing.T, base string, payload map[string]any, opts *websocket.DialOptions) (*liveWS, error) {
	t.Helper()
	if opts == nil {
		opts = &websocket.DialOptions{}
	}
	opts.Subprotocols = []string{"graphql-transport-ws"}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	c, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/graphql/live", opts)
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		return nil, fmt.Errorf("dial (status %d): %w", status, err)
	}
	c.SetReadLimit(1 << 20)
	ws := &liveWS{t: t, c: c, in: make(chan liveMessage, 1000)}
	t.Cleanup(func() { _ = c.CloseNow() })
	go ws.readAll()
	p, _ := json.Marshal(payload)
	ws.send(liveMessage{Type: "connection_init", Payload: p})
	m, err := ws.tryRead(10 * time.Second)
	if err != nil {
		return nil, err
	}
	if m.Type != "connection_ack" {
		return nil, fmt.Errorf("after connection_init: %s %s", m.Type, m.Payload)
	}
	return ws, nil
}

func (ws *liveWS) send(m liveMessage) {
	ws.t.Helper()
	b, _ := json.Marshal(m)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := ws.c.Write(ctx, websocket.MessageText, b); err != nil {
		ws.t.Fatal(err)
	}
}

// subscribe starts a subscription with id.
func (ws *liveWS) subscribe(id, query string, vars map[string]any) {
	ws.t.Helper()
	p, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	ws.send(liveMessage{ID: id, Type: "subscribe", Payload: p})
}

// read returns the next message other than ping and pong, answering
// pings; a closed connection fails the test.
func (ws *liveWS) read(timeout time.Duration) liveMessage {
	ws.t.Helper()
	m, err := ws.tryRead(timeout)
	if err != nil {
		ws.t.Fatal(err)
	}
	return m
}

func (ws *liveWS) tryRead(timeout time.Duration) (liveMessage, error) {
	select {
	case m, ok := <-ws.in:
		if !ok {
			return liveMessage{}, ws.err
		}
		return m, nil
	case <-time.After(timeout):
		return liveMessage{}, fmt.Errorf("no message within %s", timeout)
	}
}

// readAll reads messages until the connection closes, answering pings.
func (ws *liveWS) readAll() {
	defer close(ws.in)
	for {
		_, b, err := ws.c.Read(context.Background())
		if err != nil {
			ws.err = err
			return
		}
		var m liveMessage
		if err := json.Unmarshal(b, &m); err != nil {
			ws.err = fmt.Errorf("message %s: %w", b, err)
			return
		}
		switch m.Type {
		case "ping":
			b, _ := json.Marshal(liveMessage{Type: "pong"})
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			_ = ws.c.Write(ctx, websocket.MessageText, b)
			cancel()
			continue
		case "pong":
			continue
		}
		ws.in <- m
	}
}

// change is one event of the changes subscription.
type change struct {
	Kind string  `json:"kind"`
	Type *string `json:"type"`
	ID   *string `json:"id"`
	At   string  `json:"at"`
}

func (c change) String() string {
	if c.Type == nil || c.ID == nil {
		return c.Kind
	}
	return c.Kind + " " + *c.Type + " " + *c.ID
}

// nextChange returns the next change of any subscription, failing the
// test on anything else or after timeout.
func (ws *liveWS) nextChange(timeout time.Duration) change {
	ws.t.Helper()
	m := ws.read(timeout)
	if m.Type != "next" {
		ws.t.Fatalf("got %s %s, want next", m.Type, m.Payload)
	}
	var p struct {
		Data struct {
			Changes change `json:"changes"`
		} `json:"data"`
		Errors []gqlError `json:"errors"`
	}
	if err := json.Unmarshal(m.Payload, &p); err != nil || len(p.Errors) > 0 {
		ws.t.Fatalf("next %s: %v", m.Payload, err)
	}
	return p.Data.Changes
}

// waitFor reads changes until one satisfies ok, and returns it with
// the changes before it.
func (ws *liveWS) waitFor(timeout time.Duration, ok func(change) bool) (change, []change) {
	ws.t.Helper()
	deadline := time.Now().Add(timeout)
	var before []change
	for {
		left := time.Until(deadline)
		if left <= 0 {
			ws.t.Fatalf("no such change within %s; got %v", timeout, before)
		}
		c := ws.nextChange(left)
		if ok(c) {
			return c, before
		}
		before = append(before, c)
	}
}

// liveSSE is a Server-Sent Events stream of one operation.
type liveSSE struct {
	t      *testing.T
	events chan sseEvent
	cancel context.CancelFunc
}

type sseEvent struct {
	event string
	data  string
}

// streamLive posts an operation to base's live route as an event
// stream, with bearer as its token ("" for none).
func streamLive(t *testing.T, base, bearer, query string, vars map[string]any) *liveSSE {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	ctx, cancel := context.WithCancel(t.Context())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/graphql/live", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		cancel()
		t.Fatalf("event stream: status %d, %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	s := &liveSSE{t: t, events: make(chan sseEvent, 100), cancel: cancel}
	go func() {
		defer close(s.events)
		defer func() { _ = resp.Body.Close() }()
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.event != "" {
					s.events <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "event: "):
				ev.event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	t.Cleanup(cancel)
	return s
}

// next returns the next event; ok is false when the stream ended.
func (s *liveSSE) next(timeout time.Duration) (sseEvent, bool) {
	s.t.Helper()
	select {
	case ev, ok := <-s.events:
		return ev, ok
	case <-time.After(timeout):
		s.t.Fatalf("no event within %s", timeout)
	}
	return sseEvent{}, false
}

// nextChange returns the change of the next `next` event.
func (s *liveSSE) nextChange(timeout time.Duration) change {
	s.t.Helper()
	ev, ok := s.next(timeout)
	return s.changeOf(ev, ok)
}

// changeOf returns the change of a `next` event, failing the test on
// anything else.
func (s *liveSSE) changeOf(ev sseEvent, ok bool) change {
	s.t.Helper()
	if !ok || ev.event != "next" {
		s.t.Fatalf("got %+v (open %v), want a next event", ev, ok)
	}
	var p struct {
		Data struct {
			Changes change `json:"changes"`
		} `json:"data"`
		Errors []gqlError `json:"errors"`
	}
	if err := json.Unmarshal([]byte(ev.data), &p); err != nil || len(p.Errors) > 0 {
		s.t.Fatalf("next %s: %v", ev.data, err)
	}
	return p.Data.Changes
}

// An UNKNOWN change may come at any time: any commit the feed cannot
// attribute (a test's own Cypher, another test's leftovers) is one. The
// helpers below skip them where a test waits for a known change.

// isUnknown reports whether a next message or event's data is an
// UNKNOWN change.
func isUnknown(data string) bool { return strings.Contains(data, `"kind":"UNKNOWN"`) }

// known drops the UNKNOWN changes of cs.
func known(cs []change) []change {
	var out []change
	for _, c := range cs {
		if c.Kind != "UNKNOWN" {
			out = append(out, c)
		}
	}
	return out
}

// nextKnown returns the next change that is not UNKNOWN.
func (ws *liveWS) nextKnown(timeout time.Duration) change {
	ws.t.Helper()
	c, _ := ws.waitFor(timeout, func(c change) bool { return c.Kind != "UNKNOWN" })
	return c
}

// quiet returns the next message that is not an UNKNOWN change, if one
// comes within timeout.
func (ws *liveWS) quiet(timeout time.Duration) (liveMessage, bool) {
	deadline := time.Now().Add(timeout)
	for {
		m, err := ws.tryRead(time.Until(deadline))
		if err != nil {
			return liveMessage{}, false
		}
		if !(m.Type == "next" && isUnknown(string(m.Payload))) {
			return m, true
		}
	}
}

// nextKnownEvent returns the next event that is not an UNKNOWN change.
func (s *liveSSE) nextKnownEvent(timeout time.Duration) (sseEvent, bool) {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ev, ok := s.next(time.Until(deadline))
		if !ok || !(ev.event == "next" && isUnknown(ev.data)) {
			return ev, ok
		}
	}
}

// nextKnown returns the change of the next event that is not UNKNOWN.
func (s *liveSSE) nextKnown(timeout time.Duration) change {
	s.t.Helper()
	ev, ok := s.nextKnownEvent(timeout)
	return s.changeOf(ev, ok)
}
