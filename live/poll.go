package live

import (
	"context"
	"sync"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/store"
)

// poller is the one goroutine that polls the store for a hub while
// anyone subscribes; its state is its own, so a hub that falls idle and
// is subscribed to again starts afresh from where the trail stands.
type poller struct {
	h     *Hub
	ready chan struct{} // closed once the first read succeeded
	stop  chan struct{}
	once  sync.Once
	done  chan struct{}

	// since is where the next read starts: Lookback before the newest
	// entry seen. seen holds the entries read since then, by id.
	since   time.Time
	seen    map[string]time.Time
	version string
}

func newPoller(h *Hub) *poller {
	return &poller{h: h, ready: make(chan struct{}), stop: make(chan struct{}), done: make(chan struct{}), seen: map[string]time.Time{}}
}

// signal tells the poller to stop after its current poll.
func (p *poller) signal() { p.once.Do(func() { close(p.stop) }) }

// quit stops the poller and waits until it has.
func (p *poller) quit() {
	p.signal()
	<-p.done
}

func (p *poller) run() {
	defer close(p.done)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-p.stop:
			cancel()
		case <-p.done:
		}
	}()
	tick := time.NewTicker(p.h.cfg.Interval)
	defer tick.Stop()
	started := false
	for {
		if !started {
			started = p.start(ctx)
			if started {
				close(p.ready)
			}
		} else {
			p.poll(ctx)
		}
		select {
		case <-p.stop:
			return
		case <-tick.C:
		}
	}
}

// start reads where the trail stands: every entry of the lookback
// window before the newest one, which subscribers have not waited for,
// and the version of that read. (Only the newest entries would not do:
// on a busy trail the next poll would announce the older ones of the
// window as news.)
func (p *poller) start(ctx context.Context) bool {
	newest, err := p.read(ctx, time.Time{}, nil, 1)
	if err == nil && len(newest.Writes) > 0 {
		var window store.AuditedWrites
		if window, err = p.read(ctx, newest.Writes[0].At.Add(-p.h.cfg.Lookback), nil, startLimit); err == nil {
			newest = window
		}
	}
	if err != nil {
		p.h.log.Warn("live: start of the change feed", "err", err)
		return false
	}
	p.note(newest.Writes)
	p.version = newest.Version
	return true
}

// startLimit bounds the entries start reads; a trail busier than that
// within the lookback costs subscribers one UNKNOWN at the start.
const startLimit = 20_000

func (p *poller) read(ctx context.Context, since time.Time, seen []string, limit int) (store.AuditedWrites, error) {
	ctx, cancel := context.WithTimeout(domain.WithAccess(ctx, domain.System), p.h.cfg.Timeout)
	defer cancel()
	p.h.polls.Add(1)
	return p.h.src.AuditedWritesSince(ctx, since, seen, limit)
}

// note records entries as seen and moves since along.
func (p *poller) note(ws []domain.AuditedWrite) {
	newest := p.since.Add(p.h.cfg.Lookback)
	for _, w := range ws {
		p.seen[w.EntryID] = w.At
		if w.At.After(newest) {
			newest = w.At
		}
	}
	if len(p.seen) == 0 {
		return
	}
	p.since = newest.Add(-p.h.cfg.Lookback)
	for id, at := range p.seen {
		if at.Before(p.since) {
			delete(p.seen, id)
		}
	}
}

// poll reads what is new and hands it to the hub.
func (p *poller) poll(ctx context.Context) {
	seen := make([]string, 0, len(p.seen))
	for id := range p.seen {
		seen = append(seen, id)
	}
	since := p.since
	if since.IsZero() {
		// An empty trail: every entry is new.
		since = time.Unix(0, 0).UTC()
	}
	res, err := p.read(ctx, since, seen, p.h.cfg.MaxPerPoll+1)
	if err != nil {
		if ctx.Err() == nil {
			p.h.log.Warn("live: poll of the change feed", "err", err)
		}
		return
	}
	p.note(res.Writes)
	unknown := len(res.Writes) > p.h.cfg.MaxPerPoll
	var changes []*domain.Change
	for _, w := range res.Writes {
		typ, ok := domain.RecordTypeOfAudit(w.TargetType)
		if !ok {
			// An import: many records, not named in the trail.
			unknown = true
			continue
		}
		id := w.TargetID
		changes = append(changes, &domain.Change{Kind: domain.ChangeKindOf(w.Operation), Type: &typ, ID: &id, At: w.At})
	}
	if res.Version != p.version && bypassed(p.version, res.Version, len(res.Writes)) {
		unknown = true
	}
	p.version = res.Version
	p.h.deliver(ctx, changes, unknown, time.Now().UTC())
}

// bypassed reports whether the data moved from version old to new by
// more than the writes kiezgraph recorded (one audit entry per write
// transaction): then someone wrote past kiezgraph. When the versions do
// not tell how many transactions committed, any move without a recorded
// write counts.
func bypassed(old, new string, recorded int) bool {
	a, okA := store.TransactionOf(old)
	b, okB := store.TransactionOf(new)
	if okA && okB {
		return b-a > int64(recorded)
	}
	return recorded == 0
}
