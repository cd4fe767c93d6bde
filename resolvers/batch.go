package resolvers

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph"
)

// Batching.
//
// The elements of a list marshal one after another (graph.marshalSlice),
// so a loader cannot wait for an element's siblings to ask: the second
// element asks only after the first has its answer. (Before, when gqlgen
// ran a goroutine per element, a loader batching by a time window alone
// split a level whenever the goroutines reached it spread out;
// TestRoundTripsGrowWithDepthNotSize caught it.) These loaders are
// level-aware instead: every list level records the objects it produced,
// under its path with list indices removed; when the first element of the
// next level asks for a field, the loader fetches that field for all
// objects of the level at once, and later siblings find their value
// cached. So each (field, arguments) costs one query per level. Objects
// that come with another (a partner's cooperation, a placed record's
// location) are recorded with it (below); lists each object makes
// (contact points) are recorded for the whole level at the first object's
// ask (levels.fill). Where a loader has no record of the asking level
// (analysis results, values cached from another level) it asks the lists
// around it to start their remaining elements concurrently
// (graph.NeedSiblings), and the idle window merges their asks, as before.
const (
	batchIdle = 2 * time.Millisecond
	batchMax  = 100 * time.Millisecond
)

// levels records, per request, the objects each list level produced.
type levels struct {
	mu     sync.Mutex
	objs   map[string][]any
	filled map[string]bool // levels fill has recorded
}

func (lv *levels) add(level string, objs []any) {
	if level == "" || len(objs) == 0 {
		return
	}
	lv.mu.Lock()
	for _, o := range objs {
		if b, ok := o.(below); ok {
			lv.objs[level+b.suffix] = append(lv.objs[level+b.suffix], b.obj)
			continue
		}
		lv.objs[level] = append(lv.objs[level], o)
	}
	lv.mu.Unlock()
}

// below is an object of a level under the one it is recorded with, so
// that a batcher's children can record two levels: a partner connection
// records its partners and, below them (".edges.cooperation"), the
// cooperations on its edges.
type below struct {
	suffix string
	obj    any
}

// fill records the objects of a level made from another level's objects,
// once per level: the first of its asks makes them, the rest find them.
// made runs with lv.mu held and must not use lv.
func (lv *levels) fill(level string, made func() []any) {
	lv.mu.Lock()
	defer lv.mu.Unlock()
	if lv.filled[level] {
		return
	}
	if lv.filled == nil {
		lv.filled = map[string]bool{}
	}
	lv.filled[level] = true
	lv.objs[level] = append(lv.objs[level], made()...)
}

func (lv *levels) get(level string) []any {
	lv.mu.Lock()
	defer lv.mu.Unlock()
	return lv.objs[level]
}

// pathLevel renders a path without list indices, e.g.
// "neighbourhoods.edges.node.actors".
func pathLevel(p ast.Path) string {
	var b strings.Builder
	for _, e := range p {
		if name, ok := e.(ast.PathName); ok {
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(string(name))
		}
	}
	return b.String()
}

// fieldLevel is the level of the field being resolved.
func fieldLevel(ctx context.Context) string {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return ""
	}
	return pathLevel(fc.Path())
}

// parentLevel is the level of the list the object whose field is being
// resolved came from: the field's level without the field itself and
// without a connection's "edges.node".
func parentLevel(ctx context.Context) string {
	level := fieldLevel(ctx)
	i := strings.LastIndexByte(level, '.')
	if i < 0 {
		return ""
	}
	level = level[:i]
	level = strings.TrimSuffix(level, ".edges.node")
	return level
}

// ask is what the callers of one field at one level want from a batcher.
type ask struct {
	parent string             // level of the objects whose field this is
	expand func(any) []string // keys this field needs for one parent object
	keys   []string           // keys asked explicitly
}

// batcher collects keys from concurrent callers and fetches them in one
// call. Results are cached for the life of the batcher (one request).
type batcher[V any] struct {
	fetch    func(context.Context, []string) (map[string]V, error)
	children func(V) []any // objects a value contributes to the next level
	lv       *levels

	mu      sync.Mutex
	cache   map[string]*result[V]
	asks    map[string]*ask // by the asking field's level
	timer   *time.Timer
	started time.Time
	ctx     context.Context
}

// result is one key's outcome; done closes when it is known.
type result[V any] struct {
	done  chan struct{}
	taken bool // a dispatch is fetching it; guarded by the batcher's mu
	value V
	found bool
	err   error
}

func newBatcher[V any](lv *levels, fetch func(context.Context, []string) (map[string]V, error), children func(V) []any) *batcher[V] {
	return &batcher[V]{fetch: fetch, children: children, lv: lv, cache: map[string]*result[V]{}, asks: map[string]*ask{}}
}

// thunk registers key and returns a function that waits for its value.
// expand says which keys a sibling object of the caller's level needs, so
// that the whole level is fetched at once; nil fetches only key.
func (b *batcher[V]) thunk(ctx context.Context, key string, expand func(any) []string) func() (V, bool, error) {
	level := fieldLevel(ctx)
	b.mu.Lock()
	r, ok := b.cache[key]
	blind := false
	if !ok {
		r = b.entry(key)
		a := b.asks[level]
		if a == nil {
			a = &ask{parent: parentLevel(ctx), expand: expand}
			b.asks[level] = a
		}
		a.keys = append(a.keys, key)
		blind = expand == nil || len(b.lv.get(a.parent)) == 0
		b.schedule(ctx)
	}
	b.mu.Unlock()
	if blind {
		// No record of the level's objects: only the siblings' own asks
		// within the idle window can join this batch.
		graph.NeedSiblings(ctx)
	}
	return func() (V, bool, error) {
		select {
		case <-r.done:
			return r.value, r.found, r.err
		case <-ctx.Done():
			var zero V
			return zero, false, ctx.Err()
		}
	}
}

// entry returns the cache entry of key, making it; b.mu is held.
func (b *batcher[V]) entry(key string) *result[V] {
	r, ok := b.cache[key]
	if !ok {
		r = &result[V]{done: make(chan struct{})}
		b.cache[key] = r
	}
	return r
}

// schedule (re)arms the batch timer; b.mu is held.
func (b *batcher[V]) schedule(ctx context.Context) {
	now := time.Now()
	if b.timer == nil {
		b.started, b.ctx = now, ctx
		b.timer = time.AfterFunc(batchIdle, b.dispatch)
		return
	}
	wait := min(batchIdle, max(batchMax-now.Sub(b.started), 0))
	b.timer.Reset(wait)
}

// dispatch fetches the asked keys and those of their levels' siblings,
// registers the values' children as the next levels, and publishes.
func (b *batcher[V]) dispatch() {
	b.mu.Lock()
	asks, ctx := b.asks, b.ctx
	b.asks, b.timer, b.ctx = map[string]*ask{}, nil, nil
	byLevel := map[string][]string{}
	inLevel := map[[2]string]bool{}
	var keys []string
	pending := map[string]*result[V]{}
	take := func(level, k string) {
		r := b.entry(k)
		if _, dup := pending[k]; !dup {
			if r.taken {
				return // known, or being fetched by another dispatch
			}
			r.taken = true
			pending[k] = r
			keys = append(keys, k)
		}
		// A key both asked and named by a sibling contributes its
		// children to the level once, or levels would double with depth.
		if !inLevel[[2]string{level, k}] {
			inLevel[[2]string{level, k}] = true
			byLevel[level] = append(byLevel[level], k)
		}
	}
	for level, a := range asks {
		for _, k := range a.keys {
			take(level, k)
		}
		if a.expand != nil {
			for _, obj := range b.lv.get(a.parent) {
				for _, k := range a.expand(obj) {
					take(level, k)
				}
			}
		}
	}
	b.mu.Unlock()
	if len(keys) == 0 {
		return
	}
	values, err := b.safeFetch(ctx, keys)
	if err == nil && b.children != nil {
		for level, ks := range byLevel {
			var objs []any
			for _, k := range ks {
				if v, ok := values[k]; ok {
					objs = append(objs, b.children(v)...)
				}
			}
			b.lv.add(level, objs)
		}
	}
	for k, r := range pending {
		r.value, r.found = values[k]
		r.err = err
		close(r.done)
	}
}

func (b *batcher[V]) safeFetch(ctx context.Context, keys []string) (m map[string]V, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("batch fetch panicked: %v", p)
		}
	}()
	return b.fetch(ctx, keys)
}

// load returns the value of one key; a missing key is domain.ErrNotFound.
func (b *batcher[V]) load(ctx context.Context, key string, expand func(any) []string) (V, error) {
	v, found, err := b.thunk(ctx, key, expand)()
	if err == nil && !found {
		err = fmt.Errorf("%v: %w", key, domain.ErrNotFound)
	}
	return v, err
}
