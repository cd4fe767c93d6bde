package graph

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
)

// marshalSlice marshals the elements of a list one after another in the
// goroutine of the list's field, until an element needs its siblings to
// run (NeedSiblings): then the rest start at once, each in a goroutine,
// as gqlgen's own MarshalSliceConcurrently runs them all. `go generate`
// puts this in place of MarshalSliceConcurrently (see generate.go).
//
// Why: gqlgen starts a goroutine for every element of every list whose
// type has a resolver field, about a thousand for a quarter's actors with
// their services and partners, although most elements only copy values
// read already: the loaders (resolvers/batch.go) fetch a field for every
// object of a list level at the first element's ask and answer the rest
// from their cache. Where a loader cannot know the level's objects (a
// list it has no record of), it batches the asks that arrive within a
// short window and needs the siblings to ask concurrently: it calls
// NeedSiblings, and this list and every list around it start their
// remaining elements concurrently, as before.
//
// The arguments are those of MarshalSliceConcurrently; its worker limit
// is 0 in all generated calls.
func marshalSlice(ctx context.Context, length int, _ int64, omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler,
) graphql.Array {
	ret := make(graphql.Array, length)
	if length == 0 {
		return ret
	}
	l := &listRun{length: length}
	l.parent, _ = ctx.Value(listKey{}).(*listRun)
	ctx = context.WithValue(ctx, listKey{}, l)
	l.start = func(i int) {
		childCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &i})
		ret[i] = marshalOne(childCtx, omitPanicHandler, marshalElement, i)
	}
	for {
		i, ok := l.take()
		if !ok {
			break
		}
		l.start(i)
	}
	l.wg.Wait()
	return ret
}

// listKey keys the innermost list being marshalled in a context.
type listKey struct{}

// listRun is one list being marshalled: which element is next, and
// whether the rest run concurrently.
type listRun struct {
	parent *listRun
	length int
	start  func(i int)

	mu      sync.Mutex
	next    int  // the first element not started
	spawned bool // the rest were started concurrently
	wg      sync.WaitGroup
}

// take returns the next element to marshal in the list's goroutine.
func (l *listRun) take() (int, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.spawned || l.next >= l.length {
		return 0, false
	}
	l.next++
	return l.next - 1, true
}

// spawnRest starts the elements not yet started, each in a goroutine.
func (l *listRun) spawnRest() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.spawned {
		return
	}
	l.spawned = true
	for i := l.next; i < l.length; i++ {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			l.start(i)
		}()
	}
	l.next = l.length
}

// NeedSiblings tells the lists ctx is marshalling that an element waits
// for its siblings to ask too (a loader batching by time window): the
// innermost list and every list around it start their remaining
// elements concurrently. Outside a list it does nothing.
func NeedSiblings(ctx context.Context) {
	l, _ := ctx.Value(listKey{}).(*listRun)
	for ; l != nil; l = l.parent {
		l.spawnRest()
	}
}

// marshalOne marshals element i; a panic in it becomes an error on its
// path and null in its place, as in gqlgen's goroutines.
func marshalOne(ctx context.Context, omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler, i int,
) (m graphql.Marshaler) {
	if !omitPanicHandler {
		defer func() {
			if r := recover(); r != nil {
				graphql.AddError(ctx, graphql.Recover(ctx, r))
				m = graphql.Null
			}
		}()
	}
	return marshalElement(ctx, i)
}
