package insights

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

// blockingSource serves an empty network slice once release is closed,
// or fails with the context's error when its caller gives up first; it
// counts the slices asked for.
type blockingSource struct {
	release chan struct{}
	calls   atomic.Int64
	// stopped counts the loads that ended because their context did.
	stopped atomic.Int64
}

func (b *blockingSource) NetworkSlice(ctx context.Context, _ domain.SliceQuery) (*domain.NetworkSlice, error) {
	b.calls.Add(1)
	select {
	case <-b.release:
		return &domain.NetworkSlice{}, nil
	case <-ctx.Done():
		b.stopped.Add(1)
		return nil, ctx.Err()
	}
}

func (b *blockingSource) Coverage(context.Context, *string, time.Time) (*domain.Coverage, error) {
	return &domain.Coverage{}, nil
}

func (b *blockingSource) Version(context.Context) (string, error) { return "1", nil }

// TestCachedComputationOutlivesItsFirstCaller: callers of one cached
// question wait for one computation; the first caller's cancellation
// fails only that caller, and a computation nobody waits for any more is
// stopped, and started afresh by the next caller.
func TestCachedComputationOutlivesItsFirstCaller(t *testing.T) {
	tests := []struct {
		name string
		// cancelAll cancels every caller, not only the first.
		cancelAll bool
	}{
		{"first caller cancelled, second served", false},
		{"every caller cancelled, computation stopped", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := &blockingSource{release: make(chan struct{})}
			s := NewService(src)
			q := domain.SliceQuery{AsOf: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
			first, cancelFirst := context.WithCancel(context.Background())
			second, cancelSecond := context.WithCancel(context.Background())
			defer cancelSecond()
			errs := make([]error, 2)
			var wg sync.WaitGroup
			for i, ctx := range []context.Context{first, second} {
				wg.Go(func() { _, errs[i] = s.Stats(ctx, q) })
				if i == 0 {
					waitFor(t, func() bool { return src.calls.Load() == 1 })
				}
			}
			waitFor(t, func() bool { return waiters(s) == 2 })
			cancelFirst()
			if tt.cancelAll {
				cancelSecond()
				wg.Wait()
				for i, err := range errs {
					if !errors.Is(err, context.Canceled) {
						t.Errorf("caller %d: err %v, want context.Canceled", i, err)
					}
				}
				// The computation was stopped: the next caller starts
				// a new one.
				waitFor(t, func() bool { return src.stopped.Load() == 1 })
				close(src.release)
				if _, err := s.Stats(context.Background(), q); err != nil {
					t.Fatal(err)
				}
				if c := src.calls.Load(); c != 2 {
					t.Errorf("%d slices loaded, want 2 (a fresh computation)", c)
				}
				return
			}
			waitFor(t, func() bool { return waiters(s) == 1 })
			close(src.release)
			wg.Wait()
			if !errors.Is(errs[0], context.Canceled) {
				t.Errorf("first caller: err %v, want context.Canceled", errs[0])
			}
			if errs[1] != nil {
				t.Errorf("second caller inherited the first's cancellation: %v", errs[1])
			}
			if c, st := src.calls.Load(), src.stopped.Load(); c != 1 || st != 0 {
				t.Errorf("%d slices loaded, %d stopped; want 1 and 0", c, st)
			}
		})
	}
}

// waiters counts the callers waiting for the service's statistics.
func waiters(s *Service) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for k, e := range s.entries {
		if strings.Contains(k, "|stats|") {
			n += e.waiters
		}
	}
	return n
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("timed out")
}

// flippingSource serves a star whose centre depends on the data version,
// which concurrent writers bump.
type flippingSource struct{ version atomic.Int64 }

func (f *flippingSource) NetworkSlice(context.Context, domain.SliceQuery) (*domain.NetworkSlice, error) {
	ids := []string{"act_a", "act_b", "act_c", "act_d", "act_e"}
	centre := ids[f.version.Load()%int64(len(ids))]
	s := &domain.NetworkSlice{}
	for _, id := range ids {
		s.Actors = append(s.Actors, domain.Actor{ID: id, Name: id, Sector: domain.SectorNonProfit})
		if id != centre {
			s.Cooperations = append(s.Cooperations, domain.Cooperation{ID: "coo_" + id, FromID: centre, ToID: id, Kind: domain.CoopInformationExchange, Strength: 0.5})
		}
	}
	return s, nil
}

func (f *flippingSource) Coverage(context.Context, *string, time.Time) (*domain.Coverage, error) {
	return &domain.Coverage{}, nil
}

func (f *flippingSource) Version(context.Context) (string, error) {
	return fmt.Sprint(f.version.Load()), nil
}

// TestBrokerOfUnderConcurrentWrites: whatever writes happen meanwhile,
// BrokerOf answers with the asked actor's own position (run with -race).
func TestBrokerOfUnderConcurrentWrites(t *testing.T) {
	src := &flippingSource{}
	s := NewService(src)
	q := domain.SliceQuery{AsOf: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	stop := make(chan struct{})
	var writers sync.WaitGroup
	writers.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
				src.version.Add(1)
				time.Sleep(10 * time.Microsecond)
			}
		}
	})
	var readers sync.WaitGroup
	for range 8 {
		readers.Go(func() {
			for i := range 300 {
				id := []string{"act_a", "act_b", "act_c", "act_d", "act_e"}[i%5]
				b, err := s.BrokerOf(context.Background(), q, BrokerOptions{}, id)
				if err != nil {
					t.Error(err)
					return
				}
				if b == nil || b.Actor.ID != id {
					t.Errorf("BrokerOf(%s) answered %+v", id, b)
					return
				}
			}
		})
	}
	readers.Wait()
	close(stop)
	writers.Wait()
}
