package live

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/store"
)

// fakeTrail is an audit trail in memory; its version counts
// transactions as Neo4j's bookmarks do.
type fakeTrail struct {
	mu      sync.Mutex
	entries []domain.AuditedWrite
	tx      int64
	// visible lists, per view, the records it may see.
	visible map[string]map[string]bool
	reads   int
}

func (f *fakeTrail) write(typ, op, id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tx++
	f.entries = append(f.entries, domain.AuditedWrite{EntryID: fmt.Sprint("aud_", len(f.entries)), Operation: op,
		TargetType: typ, TargetID: id, At: time.Unix(1_800_000_000+f.tx, 0)})
}

// bypass commits a transaction that writes no entry.
func (f *fakeTrail) bypass() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tx++
}

func (f *fakeTrail) AuditedWritesSince(_ context.Context, since time.Time, seen []string, limit int) (store.AuditedWrites, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	skip := map[string]bool{}
	for _, id := range seen {
		skip[id] = true
	}
	var out []domain.AuditedWrite
	if since.IsZero() { // the newest, as the store reads them
		for i := len(f.entries) - 1; i >= 0 && len(out) < limit; i-- {
			out = append(out, f.entries[i])
		}
	}
	for _, e := range f.entries {
		if !since.IsZero() && !e.At.Before(since) && !skip[e.EntryID] && len(out) < limit {
			out = append(out, e)
		}
	}
	return store.AuditedWrites{Writes: out, Version: bookmark(f.tx)}, nil
}

func (f *fakeTrail) Visible(ctx context.Context, refs []domain.RecordRef) (map[domain.RecordRef]bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	view := domain.AccessFrom(ctx).View()
	out := map[domain.RecordRef]bool{}
	for _, r := range refs {
		if f.visible[view][r.ID] {
			out[r] = true
		}
	}
	return out, nil
}

// bookmark makes a Neo4j 5 bookmark naming transaction tx (< 128).
func bookmark(tx int64) string {
	b := append([]byte{0x91, 0xcc, 16}, make([]byte, 16)...)
	b = append(b, byte(tx), 0x90)
	return "FB:" + base64Std(b)
}

func testHub(t *testing.T, f *fakeTrail, cfg Config) *Hub {
	t.Helper()
	if cfg.Interval == 0 {
		cfg.Interval = 5 * time.Millisecond
	}
	h := New(f, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	t.Cleanup(h.Close)
	return h
}

func next(t *testing.T, ch <-chan *domain.Change) *domain.Change {
	t.Helper()
	select {
	case c, ok := <-ch:
		if !ok {
			t.Fatal("subscription ended")
		}
		return c
	case <-time.After(2 * time.Second):
		t.Fatal("no change within 2 s")
	}
	return nil
}

func describe(c *domain.Change) string {
	if c.Type == nil {
		return string(c.Kind)
	}
	return fmt.Sprintf("%s %s %s", c.Kind, *c.Type, *c.ID)
}

var admin = domain.Access{Subject: "a", Role: domain.RoleAdmin}

func TestHubAnnouncesWhatEachSubscriberMaySee(t *testing.T) {
	defer goleak.VerifyNone(t)
	f := &fakeTrail{visible: map[string]map[string]bool{"districts:nbh_nord": {"act_nord": true}, "public": {}}}
	f.write("Actor", "createActor", "act_old") // before anyone subscribed: never announced
	h := testHub(t, f, Config{})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	viewer := domain.Access{Subject: "v", Role: domain.RoleViewer, Districts: []string{"nbh_nord"}}
	all, err := h.Subscribe(ctx, Request{Access: admin})
	if err != nil {
		t.Fatal(err)
	}
	nord, _ := h.Subscribe(ctx, Request{Access: viewer})
	services, _ := h.Subscribe(ctx, Request{Access: admin, Types: []domain.RecordType{domain.TypeService}})
	public, _ := h.Subscribe(ctx, Request{Access: domain.Access{Role: domain.RolePublic}})

	f.write("Actor", "updateActor", "act_sued")
	f.write("Actor", "deleteActor", "act_nord")
	f.write("Service", "createService", "svc_1")
	want := []struct {
		ch   <-chan *domain.Change
		want []string
	}{
		{all, []string{"UPDATED ACTOR act_sued", "DELETED ACTOR act_nord", "CREATED SERVICE svc_1"}},
		{nord, []string{"DELETED ACTOR act_nord"}},
		{services, []string{"CREATED SERVICE svc_1"}},
	}
	for i, w := range want {
		for _, s := range w.want {
			if got := describe(next(t, w.ch)); got != s {
				t.Errorf("subscriber %d: got %s, want %s", i, got, s)
			}
		}
	}
	// A bypassing writer: one transaction more than entries.
	f.bypass()
	for i, ch := range []<-chan *domain.Change{all, nord, services, public} {
		if got := describe(next(t, ch)); got != "UNKNOWN" {
			t.Errorf("subscriber %d after a bypassing write: got %s, want UNKNOWN", i, got)
		}
	}
	select {
	case c := <-public:
		t.Errorf("the public got %s", describe(c))
	default:
	}
	cancel()
	waitIdle(t, h)
}

func waitIdle(t *testing.T, h *Hub) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for h.Stats().Polling || h.Stats().Subscribers > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("hub still busy: %+v", h.Stats())
		}
		time.Sleep(time.Millisecond)
	}
}

func TestHubEndsSlowAndExpiredSubscribers(t *testing.T) {
	defer goleak.VerifyNone(t)
	f := &fakeTrail{}
	h := testHub(t, f, Config{Buffer: 3})
	var mu sync.Mutex
	var ends []Reason
	conn := func() *Connection {
		return NewConnection("c", 5, func(r Reason) { mu.Lock(); ends = append(ends, r); mu.Unlock() })
	}
	slow, err := h.Subscribe(t.Context(), Request{Access: admin, Conn: conn()})
	if err != nil {
		t.Fatal(err)
	}
	soon := admin
	soon.Expires = time.Now().Add(100 * time.Millisecond)
	expiring, err := h.Subscribe(t.Context(), Request{Access: soon, Conn: conn(), Types: []domain.RecordType{domain.TypeService}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		f.write("Actor", "updateActor", fmt.Sprint("act_", i))
	}
	for deadline := time.Now().Add(2 * time.Second); h.Stats().Dropped == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the slow subscriber was not dropped")
		}
	}
	drain := func(ch <-chan *domain.Change) int {
		n := 0
		for range ch {
			n++
		}
		return n
	}
	if n := drain(slow); n != 3 {
		t.Errorf("slow subscriber read %d changes before its end, want its buffer of 3", n)
	}
	drain(expiring)
	endsSoFar := func() string { mu.Lock(); defer mu.Unlock(); return fmt.Sprint(ends) }
	if got := endsSoFar(); got != fmt.Sprint([]Reason{EndSlow, EndExpired}) {
		t.Errorf("ends: %s, want [slow expired]", got)
	}
	// The only subscriber dropped as slow: the poller that drops it
	// stops itself.
	alone, _ := h.Subscribe(t.Context(), Request{Access: admin, Conn: conn()})
	for i := range 4 {
		f.write("Actor", "updateActor", fmt.Sprint("act_alone_", i))
	}
	waitIdle(t, h)
	if n := drain(alone); n != 3 {
		t.Errorf("the only subscriber read %d changes, want its buffer of 3", n)
	}
	if h.Stats().Dropped != 2 {
		t.Errorf("dropped: %d, want 2", h.Stats().Dropped)
	}
	past := admin
	past.Expires = time.Now().Add(-time.Second)
	if _, err := h.Subscribe(t.Context(), Request{Access: past}); !errors.Is(err, domain.ErrUnauthenticated) {
		t.Errorf("expired credentials: %v, want ErrUnauthenticated", err)
	}
	waitIdle(t, h)
}

func TestHubLimits(t *testing.T) {
	defer goleak.VerifyNone(t)
	h := testHub(t, &fakeTrail{}, Config{PerClient: 3})
	ctx, cancel := context.WithCancel(t.Context())
	one := NewConnection("alice", 2, nil)
	for i, tc := range []struct {
		conn *Connection
		ok   bool
	}{
		{one, true}, {one, true}, {one, false}, // per connection
		{NewConnection("alice", 2, nil), true}, {NewConnection("alice", 2, nil), false}, // per client
		{NewConnection("bob", 2, nil), true},
	} {
		_, err := h.Subscribe(ctx, Request{Access: admin, Conn: tc.conn})
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, ErrTooMany)) {
			t.Errorf("subscription %d: %v, want ok=%v", i, err, tc.ok)
		}
	}
	cancel()
	waitIdle(t, h)
	ctx, cancel = context.WithCancel(t.Context())
	if _, err := h.Subscribe(ctx, Request{Access: admin, Conn: one}); err != nil {
		t.Errorf("after the others ended: %v", err)
	}
	cancel()
	waitIdle(t, h)
}

// TestHubStartsWhereTheTrailStands: entries written before the first
// subscription are no news, however many the lookback window holds.
func TestHubStartsWhereTheTrailStands(t *testing.T) {
	defer goleak.VerifyNone(t)
	f := &fakeTrail{}
	for i := range 150 {
		f.write("Actor", "updateActor", fmt.Sprint("act_old_", i))
	}
	h := testHub(t, f, Config{Lookback: time.Hour})
	ctx, cancel := context.WithCancel(t.Context())
	ch, err := h.Subscribe(ctx, Request{Access: admin})
	if err != nil {
		t.Fatal(err)
	}
	for polls := h.Stats().Polls; h.Stats().Polls < polls+3; {
		time.Sleep(time.Millisecond)
	}
	f.write("Actor", "createActor", "act_new")
	if got := describe(next(t, ch)); got != "CREATED ACTOR act_new" {
		t.Errorf("first change %s, want the one written after subscribing", got)
	}
	cancel()
	waitIdle(t, h)
}
