package graph

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// waitOr fails the test instead of hanging when ch never closes: it
// guards against a deadlock, it does not time anything.
func waitOr(t *testing.T, ch <-chan struct{}, what string) bool {
	t.Helper()
	select {
	case <-ch:
		return true
	case <-time.After(10 * time.Second):
		t.Errorf("%s never happened", what)
		return false
	}
}

// TestListsMarshalInOrderUntilSiblingsAreNeeded: elements marshal one
// after another in the list's goroutine; an element that needs its
// siblings (NeedSiblings) gets the rest started while it waits, in its
// own list and in every list around it; a panic nulls its element only.
func TestListsMarshalInOrderUntilSiblingsAreNeeded(t *testing.T) {
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, graphql.DefaultRecover)
	str := func(s string) graphql.Marshaler { return graphql.MarshalString(s) }

	t.Run("in order, one at a time", func(t *testing.T) {
		var mu sync.Mutex
		done := 0 // elements returned
		var late []int
		ret := marshalSlice(ctx, 5, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
			mu.Lock()
			if done != i { // element i starts only when 0..i-1 have returned
				late = append(late, i)
			}
			mu.Unlock()
			if fc := graphql.GetFieldContext(ctx); fc == nil || fc.Index == nil || *fc.Index != i {
				t.Errorf("element %d has field context %+v", i, fc)
			}
			mu.Lock()
			done++
			mu.Unlock()
			return str("x")
		})
		if len(ret) != 5 || len(late) > 0 || done != 5 {
			t.Errorf("ret %d, done %d, out of order: %v", len(ret), done, late)
		}
	})

	t.Run("an element that needs its siblings gets them", func(t *testing.T) {
		others := make(chan struct{})
		var started sync.WaitGroup
		started.Add(2)
		go func() { started.Wait(); close(others) }()
		ret := marshalSlice(ctx, 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
			if i == 0 {
				NeedSiblings(ctx)
				waitOr(t, others, "elements 1 and 2 starting while element 0 waits")
				return str("first")
			}
			started.Done()
			return str("other")
		})
		if len(ret) != 3 || ret[0] == nil || ret[1] == nil || ret[2] == nil {
			t.Errorf("ret = %v", ret)
		}
	})

	t.Run("the lists around it start their rest too", func(t *testing.T) {
		outerRest := make(chan struct{})
		var once sync.Once
		marshalSlice(ctx, 2, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
			if i == 1 {
				once.Do(func() { close(outerRest) })
				return str("outer 1")
			}
			return marshalSlice(ctx, 2, 0, false, func(ctx context.Context, j int) graphql.Marshaler {
				if j == 0 {
					NeedSiblings(ctx)
					waitOr(t, outerRest, "the outer list's element 1 starting while an inner element waits")
				}
				return str("inner")
			})
		})
	})

	t.Run("a panic nulls its element", func(t *testing.T) {
		ret := marshalSlice(ctx, 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
			if i == 1 {
				panic("boom")
			}
			return str("ok")
		})
		if ret[1] != graphql.Null || ret[0] == graphql.Null || ret[2] == graphql.Null {
			t.Errorf("ret = %v", ret)
		}
		if errs := graphql.GetErrors(ctx); len(errs) != 1 {
			t.Errorf("errors = %v, want the panic's", errs)
		}
	})

	t.Run("outside a list NeedSiblings does nothing", func(t *testing.T) {
		NeedSiblings(context.Background())
	})
}
