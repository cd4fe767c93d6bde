package insights

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Source is what Service needs of the store.
type Source interface {
	NetworkSlice(ctx context.Context, q domain.SliceQuery) (*domain.NetworkSlice, error)
	Coverage(ctx context.Context, scope *string, asOf time.Time) (*domain.Coverage, error)
	// Version names the state of the data: it changes with every
	// committed write, whoever makes it.
	Version(ctx context.Context) (string, error)
}

// maxCached bounds the number of cached results.
const maxCached = 128

// Service answers analysis questions, loading each question's part of
// the network with one store call and caching the results per (question,
// scope, link kinds, day, data version): a repeated question on unchanged
// data costs no database work beyond asking for the data version, and any
// write drops the cache, whoever makes it (another replica, the
// command-line importer, a fix made directly in Neo4j): the version is
// the database's own (see store.Store.Version).
type Service struct {
	src Source

	mu      sync.Mutex
	version string
	entries map[string]*entry
	order   []string // insertion order, for eviction

	hits, misses atomic.Int64
}

type entry struct {
	done chan struct{}
	val  any
	err  error
	// waiters counts the callers waiting for done; cancel stops the
	// computation (see cached).
	waiters int
	cancel  context.CancelFunc
}

// NewService returns a Service over src.
func NewService(src Source) *Service {
	return &Service{src: src, entries: map[string]*entry{}}
}

// CacheStats reports cache hits and misses so far.
func (s *Service) CacheStats() (hits, misses int64) { return s.hits.Load(), s.misses.Load() }

// cached returns the value under key, computing it once; concurrent
// callers of one key wait for the same computation. Errors are not kept.
//
// The computation belongs to no single caller: it runs with the first
// caller's values (its access) but its own cancellation, which fires only
// when every caller waiting for it has gone (cancelled or timed out). So
// a cancelled first request does not fail the others, and a computation
// nobody waits for any more stops instead of running on in the
// background; the next caller starts it afresh.
func cached[T any](ctx context.Context, s *Service, key string, compute func(context.Context) (T, error)) (T, error) {
	// Callers who see different parts of the network get different
	// answers: the key says which part.
	key = domain.AccessFrom(ctx).View() + "|" + key
	var zero T
	v, err := s.dataVersion(ctx)
	if err != nil {
		return zero, err
	}
	s.mu.Lock()
	if v != s.version {
		s.version, s.entries, s.order = v, map[string]*entry{}, nil
	}
	e, ok := s.entries[key]
	if !ok {
		runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		e = &entry{done: make(chan struct{}), cancel: cancel}
		s.entries[key] = e
		s.order = append(s.order, key)
		if len(s.order) > maxCached {
			delete(s.entries, s.order[0])
			s.order = s.order[1:]
		}
		s.misses.Add(1)
		go func() {
			defer cancel()
			v, err := compute(runCtx)
			if err == nil && runCtx.Err() != nil {
				err = runCtx.Err()
			}
			e.val, e.err = v, err
			// A failed entry leaves the cache before anyone learns of the
			// failure: a caller who asks right after it must compute
			// again, not meet the error (the race detector's timing
			// found the gap when the deletion followed the close).
			if err != nil {
				s.mu.Lock()
				if s.entries[key] == e {
					delete(s.entries, key)
				}
				s.mu.Unlock()
			}
			close(e.done)
		}()
	}
	e.waiters++
	s.mu.Unlock()
	select {
	case <-e.done:
		s.mu.Lock()
		e.waiters--
		s.mu.Unlock()
		if e.err != nil {
			return zero, e.err
		}
		if ok {
			s.hits.Add(1)
		}
		return e.val.(T), nil
	case <-ctx.Done():
		s.mu.Lock()
		e.waiters--
		if e.waiters == 0 && !isDone(e.done) {
			// Nobody waits any more: stop the computation, and let the
			// next caller start a fresh one.
			e.cancel()
			if s.entries[key] == e {
				delete(s.entries, key)
			}
		}
		s.mu.Unlock()
		return zero, ctx.Err()
	}
}

// dataVersion asks the source for the data version, once per request
// when the request carries a memo (WithVersionMemo): every analysis of
// one request then answers from the same state, at the cost of one round
// trip.
func (s *Service) dataVersion(ctx context.Context) (string, error) {
	m, _ := ctx.Value(versionMemoKey{}).(*versionMemo)
	if m == nil {
		return s.src.Version(ctx)
	}
	m.once.Do(func() { m.v, m.err = s.src.Version(ctx) })
	return m.v, m.err
}

type versionMemoKey struct{}

type versionMemo struct {
	once sync.Once
	v    string
	err  error
}

// WithVersionMemo returns ctx in which the analyses ask for the data
// version at most once: the HTTP layer gives each request one.
func WithVersionMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, versionMemoKey{}, &versionMemo{})
}

func isDone(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// sliceKey renders a slice query as part of a cache key.
func sliceKey(q domain.SliceQuery) string {
	kinds := make([]string, len(q.Kinds))
	for i, k := range q.Kinds {
		kinds[i] = string(k)
	}
	slices.Sort(kinds)
	scope, since := "*", "-"
	if q.Scope != nil {
		scope = *q.Scope
	}
	if q.EventsSince != nil {
		since = q.EventsSince.Format(time.DateOnly)
	}
	return fmt.Sprintf("%s|%s|%s|%s|%t|%t", scope, q.AsOf.Format(time.DateOnly), strings.Join(kinds, ","), since,
		q.IgnoreIsolates, q.LargestComponentOnly)
}

// Network returns the network of q. A reduced query (without isolates,
// or only the largest part) reduces the whole slice's network, which is
// read and cached once for every reduction of it.
func (s *Service) Network(ctx context.Context, q domain.SliceQuery) (*Network, error) {
	if q.Reduced() {
		return cached(ctx, s, "network|"+sliceKey(q), func(ctx context.Context) (*Network, error) {
			whole := q
			whole.IgnoreIsolates, whole.LargestComponentOnly = false, false
			n, err := s.Network(ctx, whole)
			if err != nil {
				return nil, err
			}
			return n.Reduced(q.IgnoreIsolates, q.LargestComponentOnly), nil
		})
	}
	return cached(ctx, s, "network|"+sliceKey(q), func(ctx context.Context) (*Network, error) {
		slice, err := s.src.NetworkSlice(ctx, q)
		if err != nil {
			return nil, err
		}
		return NewNetwork(slice), nil
	})
}

// Brokers ranks the actors of q's network by brokerage.
func (s *Service) Brokers(ctx context.Context, q domain.SliceQuery, opt BrokerOptions) ([]Broker, error) {
	if opt.Sources > 0 {
		// A sample of every actor or more is the exact question: one
		// cache entry for all such numbers, so that varying them cannot
		// force a new exact run each time. The network is fetched again
		// inside cached, under the data version the entry is kept for.
		n, err := s.Network(ctx, q)
		if err != nil {
			return nil, err
		}
		if opt.Sources >= len(n.Actors) {
			opt.Sources = 0
		}
	}
	key := fmt.Sprintf("brokers|%s|%s|%t|%d", sliceKey(q), opt.Partition, opt.Weighted, opt.Sources)
	return cached(ctx, s, key, func(ctx context.Context) ([]Broker, error) {
		n, err := s.Network(ctx, q)
		if err != nil {
			return nil, err
		}
		opt.Done = ctx.Done()
		return Brokers(n, opt), nil
	})
}

// ByBetweenness sorts actors in place by their betweenness in the whole
// city's network on asOf, ascending or descending, ties by id, and
// returns them: an actor outside the network (not valid on the day, a
// draft) scores 0.
func (s *Service) ByBetweenness(ctx context.Context, asOf time.Time, actors []domain.Actor, desc bool) ([]domain.Actor, error) {
	brokers, err := s.Brokers(ctx, domain.SliceQuery{AsOf: asOf}, BrokerOptions{Partition: BySector})
	if err != nil {
		return nil, err
	}
	score := make(map[string]float64, len(brokers))
	for _, b := range brokers {
		score[b.Actor.ID] = b.Betweenness
	}
	slices.SortStableFunc(actors, func(a, b domain.Actor) int {
		c := cmp.Compare(score[a.ID], score[b.ID])
		if desc {
			c = -c
		}
		return cmp.Or(c, strings.Compare(a.ID, b.ID))
	})
	return actors, nil
}

// Paths finds the shortest chains of ties between two actors.
func (s *Service) Paths(ctx context.Context, q domain.SliceQuery, from, to string, limit int) ([]Path, error) {
	n, err := s.Network(ctx, q)
	if err != nil {
		return nil, err
	}
	return Paths(n, from, to, limit)
}

// Communities clusters q's network.
func (s *Service) Communities(ctx context.Context, q domain.SliceQuery, resolution float64) (Communities, error) {
	key := fmt.Sprintf("communities|%s|%g", sliceKey(q), resolution)
	return cached(ctx, s, key, func(ctx context.Context) (Communities, error) {
		n, err := s.Network(ctx, q)
		if err != nil {
			return Communities{}, err
		}
		return DetectCommunitiesContext(ctx, n, resolution)
	})
}

// Stats computes the summary figures of q's network.
func (s *Service) Stats(ctx context.Context, q domain.SliceQuery) (Stats, error) {
	return cached(ctx, s, "stats|"+sliceKey(q), func(ctx context.Context) (Stats, error) {
		n, err := s.Network(ctx, q)
		if err != nil {
			return Stats{}, err
		}
		return NetworkStats(n), nil
	})
}

func (s *Service) coverage(ctx context.Context, scope *string, asOf time.Time) (*domain.Coverage, error) {
	return cached(ctx, s, "coverage|"+sliceKey(domain.SliceQuery{Scope: scope, AsOf: asOf}), func(ctx context.Context) (*domain.Coverage, error) {
		return s.src.Coverage(ctx, scope, asOf)
	})
}

// Gaps lists the uncovered needs in scope on asOf.
func (s *Service) Gaps(ctx context.Context, scope *string, asOf time.Time, maxCandidates int) ([]Gap, error) {
	key := fmt.Sprintf("gaps|%s|%d", sliceKey(domain.SliceQuery{Scope: scope, AsOf: asOf}), maxCandidates)
	return cached(ctx, s, key, func(ctx context.Context) ([]Gap, error) {
		cov, err := s.coverage(ctx, scope, asOf)
		if err != nil {
			return nil, err
		}
		return Gaps(cov, maxCandidates), nil
	})
}

// Overlaps lists the overlapping offers in scope on asOf (see Overlaps
// for localOnly).
func (s *Service) Overlaps(ctx context.Context, scope *string, asOf time.Time, localOnly bool) ([]Overlap, error) {
	key := fmt.Sprintf("overlaps|%s|%t", sliceKey(domain.SliceQuery{Scope: scope, AsOf: asOf}), localOnly)
	return cached(ctx, s, key, func(ctx context.Context) ([]Overlap, error) {
		cov, err := s.coverage(ctx, scope, asOf)
		if err != nil {
			return nil, err
		}
		sc := ""
		if scope != nil {
			sc = *scope
		}
		return Overlaps(cov, sc, localOnly), nil
	})
}

// Hotspots lists the neighbourhoods in scope where needs co-occur.
func (s *Service) Hotspots(ctx context.Context, scope *string, asOf time.Time) ([]Hotspot, error) {
	return cached(ctx, s, "hotspots|"+sliceKey(domain.SliceQuery{Scope: scope, AsOf: asOf}), func(ctx context.Context) ([]Hotspot, error) {
		cov, err := s.coverage(ctx, scope, asOf)
		if err != nil {
			return nil, err
		}
		return Hotspots(cov), nil
	})
}

// BrokerOf returns one actor's brokerage position in q's network, or nil
// when the actor is not part of it. The ranking and its index come from
// one cache lookup: read in two, a write between them could pair an index
// of one data version with the ranking of another.
func (s *Service) BrokerOf(ctx context.Context, q domain.SliceQuery, opt BrokerOptions, actorID string) (*Broker, error) {
	key := fmt.Sprintf("brokerIndex|%s|%s|%t", sliceKey(q), opt.Partition, opt.Weighted)
	r, err := cached(ctx, s, key, func(ctx context.Context) (indexedBrokers, error) {
		all, err := s.Brokers(ctx, q, opt)
		if err != nil {
			return indexedBrokers{}, err
		}
		m := make(map[string]int, len(all))
		for i, b := range all {
			m[b.Actor.ID] = i
		}
		return indexedBrokers{all, m}, nil
	})
	if err != nil {
		return nil, err
	}
	i, ok := r.index[actorID]
	if !ok {
		return nil, nil
	}
	return &r.ranking[i], nil
}

// indexedBrokers is a ranking with the position of each actor in it.
type indexedBrokers struct {
	ranking []Broker
	index   map[string]int
}

// CoverageMatrix counts the services, providers and needs in q's scope
// on asOf by q's rows and columns (see CoverageMatrix).
func (s *Service) CoverageMatrix(ctx context.Context, asOf time.Time, q MatrixQuery) (*Matrix, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	var scope *string
	if q.Scope != "" {
		scope = &q.Scope
	}
	groups := make([]string, 0, len(q.GroupPopulations))
	for tg, ind := range q.GroupPopulations {
		groups = append(groups, tg+"="+ind)
	}
	slices.Sort(groups)
	key := fmt.Sprintf("matrix|%s|%s|%s|%s|%g|%s", sliceKey(domain.SliceQuery{Scope: scope, AsOf: asOf}),
		q.Rows, q.Columns, q.Measure, q.ThinPer1000, strings.Join(groups, ","))
	return cached(ctx, s, key, func(ctx context.Context) (*Matrix, error) {
		cov, err := s.coverage(ctx, scope, asOf)
		if err != nil {
			return nil, err
		}
		return CoverageMatrix(cov, q)
	})
}

// WhatIf answers what would happen on q's day, in q's part of the
// network, if the actors remove closed (see WhatIf). The answer is cached
// like every analysis: per question, the set of removed actors, the
// caller's view and the data version.
func (s *Service) WhatIf(ctx context.Context, q domain.SliceQuery, remove []string, opt WhatIfOptions) (Scenario, error) {
	ids := slices.Clone(remove)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	key := fmt.Sprintf("whatif|%s|%s|%d|%d", sliceKey(q), strings.Join(ids, ","), opt.Candidates, opt.TopBrokers)
	return cached(ctx, s, key, func(ctx context.Context) (Scenario, error) {
		cov, err := s.coverage(ctx, q.Scope, q.AsOf)
		if err != nil {
			return Scenario{}, err
		}
		n, err := s.Network(ctx, q)
		if err != nil {
			return Scenario{}, err
		}
		before, err := s.Brokers(ctx, q, BrokerOptions{Partition: BySector})
		if err != nil {
			return Scenario{}, err
		}
		opt.Done = ctx.Done()
		return WhatIf(cov, n, before, ids, q.AsOf, opt)
	})
}
