package live

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/store"
)

// Source is what the hub reads: the store.
type Source interface {
	AuditedWritesSince(ctx context.Context, since time.Time, seen []string, limit int) (store.AuditedWrites, error)
	Visible(ctx context.Context, refs []domain.RecordRef) (map[domain.RecordRef]bool, error)
}

// Config bounds the hub.
type Config struct {
	// Interval is the time between two polls; changes reach subscribers
	// within about one Interval (default 1 s).
	Interval time.Duration
	// Lookback is how far back before the newest entry seen a poll
	// reads: an entry carries its transaction's start time, and a
	// transaction that started earlier may commit later. It must exceed
	// the longest write transaction (requests end after 30 s; default
	// 35 s).
	Lookback time.Duration
	// MaxPerPoll bounds the entries one poll reads and the changes one
	// subscriber gets from one poll; past it, one ChangeUnknown stands
	// for them all (default 100).
	MaxPerPoll int
	// Buffer is the changes a subscriber may leave unread; one more and
	// it is dropped as a slow consumer (default 256).
	Buffer int
	// PerClient bounds the subscriptions of one client (a token's
	// subject, an API key or a remote address) across its connections
	// (default 20).
	PerClient int
	// Timeout bounds each poll's reads, and how long a first
	// subscription waits for the hub to start (default 10 s).
	Timeout time.Duration
}

func (c Config) withDefaults() Config {
	if c.Interval <= 0 {
		c.Interval = time.Second
	}
	if c.Lookback <= 0 {
		c.Lookback = 35 * time.Second
	}
	if c.MaxPerPoll <= 0 {
		c.MaxPerPoll = 100
	}
	if c.Buffer <= 0 {
		c.Buffer = 256
	}
	if c.PerClient <= 0 {
		c.PerClient = 20
	}
	if c.Timeout <= 0 {
		c.Timeout = 10 * time.Second
	}
	return c
}

// ErrTooMany refuses a subscription past a per-client or per-connection
// limit.
var ErrTooMany = errors.New("too many subscriptions")

// Reason says why the hub ended a subscription.
type Reason int

// Reasons of a subscription's end (the subscriber leaving is none).
const (
	// EndExpired: the subscriber's credentials expired.
	EndExpired Reason = iota + 1
	// EndSlow: the subscriber left Buffer changes unread.
	EndSlow
	// EndShutdown: the hub was closed; the service is stopping.
	EndShutdown
)

// String names the reason for logs and messages.
func (r Reason) String() string {
	switch r {
	case EndExpired:
		return "credentials expired"
	case EndSlow:
		return "slow consumer: changes were not read in time"
	case EndShutdown:
		return "service shutting down"
	}
	return fmt.Sprintf("reason %d", int(r))
}

// Request is a subscription.
type Request struct {
	// Access is the subscriber's; it decides what it sees and, by its
	// Expires, when the subscription ends.
	Access domain.Access
	// Conn is the connection the subscription runs on; nil for one of
	// its own.
	Conn *Connection
	// Scope, when set, is a neighbourhood: only changes of records
	// there (or inside it) are announced, by the same rules that confine
	// a viewer to districts. The caller checks that the subscriber may
	// see it.
	Scope string
	// Types, when set, are the record types announced.
	Types []domain.RecordType
}

// Hub polls the store while anyone subscribes and fans changes out.
type Hub struct {
	src Source
	cfg Config
	log *slog.Logger

	mu        sync.Mutex
	subs      map[*subscriber]struct{}
	perClient map[string]int
	closed    bool
	// poller is the running poller, nil while nobody subscribes.
	poller *poller

	polls, dropped atomic.Int64
}

type subscriber struct {
	req   Request
	types map[domain.RecordType]bool
	ch    chan *domain.Change
	ended bool
	timer *time.Timer
	stop  func() bool
}

// New returns a hub reading src; it polls only while anyone subscribes.
func New(src Source, cfg Config, log *slog.Logger) *Hub {
	return &Hub{src: src, cfg: cfg.withDefaults(), log: log, subs: map[*subscriber]struct{}{}, perClient: map[string]int{}}
}

// Stats are figures of the hub, for metrics and tests.
type Stats struct {
	Subscribers int
	Polls       int64
	Dropped     int64
	Polling     bool
}

// Stats returns the hub's figures now.
func (h *Hub) Stats() Stats {
	h.mu.Lock()
	defer h.mu.Unlock()
	return Stats{Subscribers: len(h.subs), Polls: h.polls.Load(), Dropped: h.dropped.Load(), Polling: h.poller != nil}
}

// Subscribe registers a subscription until ctx ends or the hub ends it
// (then the channel is closed and req.Conn is told why). It waits, the
// first time, until the hub knows where the trail stands, so that every
// write committed after it returns is announced. It refuses expired
// credentials (domain.ErrUnauthenticated) and subscriptions past the
// limits (ErrTooMany).
func (h *Hub) Subscribe(ctx context.Context, req Request) (<-chan *domain.Change, error) {
	if !req.Access.Expires.IsZero() && !time.Now().Before(req.Access.Expires) {
		return nil, fmt.Errorf("%w: credentials expired", domain.ErrUnauthenticated)
	}
	if req.Conn == nil {
		req.Conn = NewConnection("", 1, nil)
	}
	s := &subscriber{req: req, ch: make(chan *domain.Change, h.cfg.Buffer)}
	if len(req.Types) > 0 {
		s.types = map[domain.RecordType]bool{}
		for _, t := range req.Types {
			s.types[t] = true
		}
	}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil, fmt.Errorf("live: %w: service shutting down", domain.ErrUnavailable)
	}
	client := req.Conn.client
	if h.perClient[client] >= h.cfg.PerClient {
		h.mu.Unlock()
		return nil, fmt.Errorf("%w: at most %d at once per client", ErrTooMany, h.cfg.PerClient)
	}
	if !req.Conn.acquire() {
		h.mu.Unlock()
		return nil, fmt.Errorf("%w: at most %d at once per connection", ErrTooMany, req.Conn.max)
	}
	h.perClient[client]++
	h.subs[s] = struct{}{}
	if h.poller == nil {
		h.poller = newPoller(h)
		go h.poller.run()
	}
	p := h.poller
	if !req.Access.Expires.IsZero() {
		s.timer = time.AfterFunc(time.Until(req.Access.Expires), func() { h.end(s, EndExpired) })
	}
	s.stop = context.AfterFunc(ctx, func() { h.end(s, 0) })
	h.mu.Unlock()

	wait, cancel := context.WithTimeout(ctx, h.cfg.Timeout)
	defer cancel()
	select {
	case <-p.ready:
		return s.ch, nil
	case <-wait.Done():
		h.end(s, 0)
		return nil, fmt.Errorf("live: %w: the change feed did not start in time", domain.ErrUnavailable)
	}
}

// end ends s, once: a reason other than 0 is told to its connection
// first (so that a transport can say why before the stream ends), then
// its channel is closed and its places freed.
func (h *Hub) end(s *subscriber, why Reason) {
	h.mu.Lock()
	if s.ended {
		h.mu.Unlock()
		return
	}
	s.ended = true // deliver sends no more
	h.mu.Unlock()
	if why == EndSlow {
		h.dropped.Add(1)
	}
	if why != 0 {
		s.req.Conn.end(why)
	}
	h.mu.Lock()
	h.endLocked(s)
	idle := len(h.subs) == 0 && h.poller != nil
	p := h.poller
	if idle {
		h.poller = nil
	}
	h.mu.Unlock()
	if idle {
		// Only signalled: end may run on the poller itself (a slow
		// subscriber dropped while delivering).
		p.signal()
	}
}

func (h *Hub) endLocked(s *subscriber) {
	close(s.ch)
	if s.timer != nil {
		s.timer.Stop()
	}
	if s.stop != nil {
		s.stop()
	}
	delete(h.subs, s)
	client := s.req.Conn.client
	if h.perClient[client]--; h.perClient[client] <= 0 {
		delete(h.perClient, client)
	}
	s.req.Conn.release()
}

// Close ends every subscription (EndShutdown) and stops polling; later
// subscriptions are refused.
func (h *Hub) Close() {
	h.mu.Lock()
	h.closed = true
	subs := make([]*subscriber, 0, len(h.subs))
	for s := range h.subs {
		subs = append(subs, s)
	}
	h.mu.Unlock()
	for _, s := range subs {
		h.end(s, EndShutdown)
	}
	h.mu.Lock()
	p := h.poller
	h.poller = nil
	h.mu.Unlock()
	if p != nil {
		p.quit()
	}
}

// deliver fans the changes of one poll out: to each subscriber those it
// may see, wants and that lie in its scope, or one ChangeUnknown when
// unknown is set or there are more than MaxPerPoll. A subscriber whose
// buffer is full is dropped as slow.
func (h *Hub) deliver(ctx context.Context, changes []*domain.Change, unknown bool, at time.Time) {
	h.mu.Lock()
	subs := make([]*subscriber, 0, len(h.subs))
	for s := range h.subs {
		subs = append(subs, s)
	}
	h.mu.Unlock()
	if len(subs) == 0 || (len(changes) == 0 && !unknown) {
		return
	}
	seen := h.visibility(ctx, subs, changes)
	var slow []*subscriber
	h.mu.Lock()
	for _, s := range subs {
		if s.ended {
			continue
		}
		out, unsure := s.filter(changes, seen)
		if unknown || unsure || len(out) > h.cfg.MaxPerPoll {
			out = append(out[:0], &domain.Change{Kind: domain.ChangeUnknown, At: at})
		}
	send:
		for _, c := range out {
			select {
			case s.ch <- c:
			default:
				slow = append(slow, s)
				break send
			}
		}
	}
	h.mu.Unlock()
	for _, s := range slow {
		h.log.Info("live: subscriber dropped", "reason", EndSlow.String(), "subject", s.req.Access.Subject)
		h.end(s, EndSlow)
	}
}

// seenBy holds, per view (domain.Access.View) and per scope, which of a
// poll's records exist and are visible there; a nil map means it could
// not be read.
type seenBy struct {
	views  map[string]map[domain.RecordRef]bool
	scopes map[string]map[domain.RecordRef]bool
}

// visibility asks the store, once per view and once per scope among
// the subscribers, which of the changed records they may see. Views
// that read everything need no question.
func (h *Hub) visibility(ctx context.Context, subs []*subscriber, changes []*domain.Change) seenBy {
	refs := make([]domain.RecordRef, 0, len(changes))
	for _, c := range changes {
		refs = append(refs, domain.RecordRef{Type: *c.Type, ID: *c.ID})
	}
	out := seenBy{views: map[string]map[domain.RecordRef]bool{}, scopes: map[string]map[domain.RecordRef]bool{}}
	if len(refs) == 0 {
		return out
	}
	for _, s := range subs {
		acc := s.req.Access
		if v := acc.View(); !acc.Unrestricted() {
			if _, done := out.views[v]; !done {
				out.views[v] = h.visible(ctx, acc, refs)
			}
		}
		if sc := s.req.Scope; sc != "" {
			if _, done := out.scopes[sc]; !done {
				// A scope confines changes as districts confine a viewer.
				out.scopes[sc] = h.visible(ctx, domain.Access{Subject: "system", Role: domain.RoleViewer, Districts: []string{sc}}, refs)
			}
		}
	}
	return out
}

func (h *Hub) visible(ctx context.Context, acc domain.Access, refs []domain.RecordRef) map[domain.RecordRef]bool {
	ctx, cancel := context.WithTimeout(domain.WithAccess(ctx, acc), h.cfg.Timeout)
	defer cancel()
	m, err := h.src.Visible(ctx, refs)
	if err != nil {
		h.log.Warn("live: visibility of changes", "err", err)
		return nil
	}
	return m
}

// filter returns the changes s wants and may see; unsure reports that
// the store could not be asked, so s should fetch everything again.
func (s *subscriber) filter(changes []*domain.Change, seen seenBy) (out []*domain.Change, unsure bool) {
	acc := s.req.Access
	for _, c := range changes {
		if s.types != nil && !s.types[*c.Type] {
			continue
		}
		ref := domain.RecordRef{Type: *c.Type, ID: *c.ID}
		if !acc.Unrestricted() {
			vis := seen.views[acc.View()]
			if vis == nil {
				unsure = true
				continue
			}
			if !vis[ref] {
				continue
			}
		}
		if s.req.Scope != "" {
			in := seen.scopes[s.req.Scope]
			if in == nil {
				unsure = true
				continue
			}
			// A record gone cannot be placed; only subscribers who read
			// everything get here with one, and they may know of it.
			if !in[ref] && (!acc.Unrestricted() || c.Kind != domain.ChangeDeleted) {
				continue
			}
		}
		out = append(out, c)
	}
	return out, unsure
}
