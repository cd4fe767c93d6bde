package insights

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

// countingSource serves empty network slices, counts the loads, and can
// be told the data version and to fail the next load.
type countingSource struct {
	mu       sync.Mutex
	version  int
	loads    int
	failNext bool
}

func (c *countingSource) NetworkSlice(context.Context, domain.SliceQuery) (*domain.NetworkSlice, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.loads++
	if c.failNext {
		c.failNext = false
		return nil, errors.New("database down")
	}
	return &domain.NetworkSlice{}, nil
}

func (c *countingSource) Coverage(context.Context, *string, time.Time) (*domain.Coverage, error) {
	return &domain.Coverage{}, nil
}

func (c *countingSource) Version(context.Context) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return fmt.Sprint(c.version), nil
}

// TestCacheKeysAndResets asks the same and different questions in turn
// and counts what reaches the source: a question is loaded once per data
// version, access view and scope; an error is not kept; the oldest
// entry gives way beyond maxCached.
func TestCacheKeysAndResets(t *testing.T) {
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	north, south := "nbh_nord", "nbh_sued"
	admin := domain.System
	public := domain.Access{Subject: "anon", Role: domain.RolePublic}
	viewer := domain.Access{Subject: "vera", Role: domain.RoleViewer, Districts: []string{north}}
	// step is one question; before runs on the source first.
	type step struct {
		access domain.Access
		scope  *string
		before func(*countingSource)
		err    bool
	}
	tests := []struct {
		name      string
		steps     []step
		wantLoads int
	}{
		{"the same question twice", []step{{access: admin}, {access: admin}}, 1},
		{"a write in between", []step{{access: admin}, {access: admin, before: func(c *countingSource) { c.version++ }}}, 2},
		{"back to an earlier version", []step{{access: admin}, {access: admin, before: func(c *countingSource) { c.version++ }},
			{access: admin, before: func(c *countingSource) { c.version-- }}}, 3},
		{"public and admin see different networks", []step{{access: admin}, {access: public}, {access: admin}, {access: public}}, 2},
		{"a district viewer sees her districts only", []step{{access: viewer}, {access: admin}, {access: viewer}}, 2},
		{"scopes", []step{{access: admin, scope: &north}, {access: admin, scope: &south}, {access: admin, scope: &north}}, 2},
		{"an error is not kept", []step{{access: admin, before: func(c *countingSource) { c.failNext = true }, err: true}, {access: admin}, {access: admin}}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := &countingSource{}
			s := NewService(src)
			for i, st := range tc.steps {
				if st.before != nil {
					st.before(src)
				}
				_, err := s.Network(domain.WithAccess(t.Context(), st.access), domain.SliceQuery{Scope: st.scope, AsOf: day})
				if (err != nil) != st.err {
					t.Fatalf("step %d: error %v, want error %v", i, err, st.err)
				}
			}
			if src.loads != tc.wantLoads {
				t.Errorf("%d loads, want %d", src.loads, tc.wantLoads)
			}
		})
	}
}

// TestCacheEvictsTheOldest fills the cache beyond maxCached: the first
// question is loaded again, the last ones are not.
func TestCacheEvictsTheOldest(t *testing.T) {
	src := &countingSource{}
	s := NewService(src)
	ctx := t.Context()
	ask := func(i int) {
		t.Helper()
		day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)
		if _, err := s.Network(ctx, domain.SliceQuery{AsOf: day}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range maxCached + 1 {
		ask(i)
	}
	ask(maxCached) // the newest: cached
	if src.loads != maxCached+1 {
		t.Fatalf("%d loads after asking the newest again, want %d", src.loads, maxCached+1)
	}
	ask(0) // the oldest: evicted
	if src.loads != maxCached+2 {
		t.Errorf("%d loads after asking the oldest again, want %d", src.loads, maxCached+2)
	}
}
