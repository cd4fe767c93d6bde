package resolvers

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/insights"
	"github.com/kiezgraph/kiezgraph/store"
)

// Loaders batch and cache the reads of one request (see batcher).
type Loaders struct {
	st Store
	lv *levels

	neighbourhoods *batcher[domain.Neighbourhood]
	actors         *batcher[domain.Actor]
	people         *batcher[domain.Person]
	targetGroups   *batcher[domain.TargetGroup]
	topics         *batcher[domain.Topic]
	networks       *batcher[domain.Network]
	// roles are the roles contact points and services name (see
	// roleByID).
	roles *batcher[domain.Role]

	mu sync.Mutex
	// keyed holds loaders of per-parent lists, one per field and
	// argument set, so that siblings with equal arguments share a batch.
	keyed map[string]any
}

// NewLoaders returns fresh loaders for one request.
func NewLoaders(st Store) *Loaders {
	lv := &levels{objs: map[string][]any{}}
	return &Loaders{
		st:             st,
		lv:             lv,
		neighbourhoods: newBatcher(lv, st.Neighbourhoods, self[domain.Neighbourhood]),
		actors:         newBatcher(lv, st.Actors, self[domain.Actor]),
		people:         newBatcher(lv, st.People, self[domain.Person]),
		targetGroups:   newBatcher(lv, st.TargetGroups, self[domain.TargetGroup]),
		topics:         newBatcher(lv, st.Topics, self[domain.Topic]),
		networks:       newBatcher(lv, st.Networks, self[domain.Network]),
		roles:          newBatcher(lv, st.Roles, self[domain.Role]),
		keyed:          map[string]any{},
	}
}

// self makes a value the one object it contributes to the next level.
func self[T any](v T) []any { return []any{&v} }

// items makes a page's items the objects of the next level.
func items[T any](p domain.Page[T]) []any { return list(p.Items) }

// list makes a list's elements the objects of the next level.
func list[T any](l []T) []any {
	out := make([]any, len(l))
	for i := range l {
		out[i] = &l[i]
	}
	return out
}

// idOf expands a sibling object of type *T into its own id, for fields
// whose loader is keyed by the parent's id.
func idOf[T any, P interface {
	*T
	NodeID() string
}](o any) []string {
	if p, ok := o.(P); ok {
		return []string{p.NodeID()}
	}
	return nil
}

// via expands a sibling object of type *T into the ids a to-one or
// to-many field of it refers to.
func via[T any](f func(*T) []string) func(any) []string {
	return func(o any) []string {
		if p, ok := o.(*T); ok {
			return f(p)
		}
		return nil
	}
}

// one wraps an optional id as a list.
func one(id *string) []string {
	if id == nil {
		return nil
	}
	return []string{*id}
}

// register records the objects a root field produced as its level.
func (r *Resolver) register(ctx context.Context, objs []any) {
	r.registerAt(ctx, "", objs)
}

// registerAt records objects as the level below the field by suffix
// (e.g. ".node" for a list of hits). Actors are recorded as *domain.Actor
// whatever API type wraps them.
func (r *Resolver) registerAt(ctx context.Context, suffix string, objs []any) {
	for i, o := range objs {
		switch v := o.(type) {
		case *domain.Record:
			o = *v
		case *domain.Node:
			o = *v
		}
		if a, ok := o.(domain.ActorNode); ok {
			o = a.GetActor()
		}
		objs[i] = o
	}
	r.loaders(ctx).lv.add(fieldLevel(ctx)+suffix, objs)
}

type loadersKey struct{}

// Middleware puts fresh loaders into every request's context.
func Middleware(st *store.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), loadersKey{}, NewLoaders(st))
		next.ServeHTTP(w, r.WithContext(insights.WithVersionMemo(ctx)))
	})
}

// WithLoaders returns ctx with fresh loaders, for use outside HTTP.
// A mutation gets them too, and a fresh data version, so that whatever
// it returns reflects the writes before it.
func WithLoaders(ctx context.Context, st Store) context.Context {
	return insights.WithVersionMemo(context.WithValue(ctx, loadersKey{}, NewLoaders(st)))
}

func (r *Resolver) loaders(ctx context.Context) *Loaders {
	if l, ok := ctx.Value(loadersKey{}).(*Loaders); ok {
		return l
	}
	// Without middleware (e.g. in a test) every call gets its own loaders:
	// correct, only not batched.
	return NewLoaders(r.Store)
}

// load reads one record through a by-id loader; a missing key is
// domain.ErrNotFound. expand names the ids the caller's siblings need.
func load[T any](ctx context.Context, b *batcher[T], id string, expand func(any) []string) (T, error) {
	return b.load(ctx, id, expand)
}

// loadAll reads records in the order of ids, skipping missing ones.
func loadAll[T any](ctx context.Context, b *batcher[T], ids []string, expand func(any) []string) ([]T, error) {
	thunks := make([]func() (T, bool, error), len(ids))
	for i, id := range ids {
		thunks[i] = b.thunk(ctx, id, expand)
	}
	out := make([]T, 0, len(ids))
	for _, th := range thunks {
		v, found, err := th()
		if err != nil {
			return nil, err
		}
		if found {
			out = append(out, v)
		}
	}
	return out, nil
}

// keyedLoad loads the value of a per-parent list for parent through the
// loader registered under key, creating it with fetch on first use.
// Parents that ask with the same key are answered by one query; a parent
// without rows gets the zero value (an empty page or list). children
// names the objects a value contributes to the next level; parents of the
// caller's level are expanded by expand (usually idOf the parent type).
func keyedLoad[V any](ctx context.Context, l *Loaders, key, parent string,
	fetch func(context.Context, []string) (map[string]V, error), children func(V) []any, expand func(any) []string) (V, error) {
	l.mu.Lock()
	b, ok := l.keyed[key].(*batcher[V])
	if !ok {
		b = newBatcher(l.lv, fetch, children)
		l.keyed[key] = b
	}
	l.mu.Unlock()
	v, _, err := b.thunk(ctx, parent, expand)()
	return v, err
}

// argKey renders a field name and its arguments into a loader key.
func argKey(field string, args ...any) string {
	b, err := json.Marshal(args)
	if err != nil {
		// Arguments are plain data; this cannot happen.
		panic(fmt.Sprintf("resolvers: arguments of %s: %v", field, err))
	}
	return field + string(b)
}
