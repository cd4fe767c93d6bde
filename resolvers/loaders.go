package resolvers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/store"
)

// batchWait is how long a loader collects keys before it queries. The
// fields of one level resolve concurrently within microseconds, so a
// short wait batches them all.
const batchWait = 2 * time.Millisecond

// Loaders batch and cache the reads of one request.
type Loaders struct {
	st *store.Store

	neighbourhoods *dataloadgen.Loader[string, domain.Neighbourhood]
	actors         *dataloadgen.Loader[string, domain.Actor]
	people         *dataloadgen.Loader[string, domain.Person]
	services       *dataloadgen.Loader[string, domain.Service]
	targetGroups   *dataloadgen.Loader[string, domain.TargetGroup]
	topics         *dataloadgen.Loader[string, domain.Topic]
	networks       *dataloadgen.Loader[string, domain.Network]

	mu sync.Mutex
	// keyed holds loaders of lists that take arguments, one per field and
	// argument set, so that siblings with equal arguments share a batch.
	keyed map[string]any
}

// NewLoaders returns fresh loaders for one request.
func NewLoaders(st *store.Store) *Loaders {
	return &Loaders{
		st:             st,
		neighbourhoods: byID(st.Neighbourhoods),
		actors:         byID(st.Actors),
		people:         byID(st.People),
		services:       byID(st.Services),
		targetGroups:   byID(st.TargetGroups),
		topics:         byID(st.Topics),
		networks:       byID(st.Networks),
		keyed:          map[string]any{},
	}
}

func byID[T any](fetch func(context.Context, []string) (map[string]T, error)) *dataloadgen.Loader[string, T] {
	return dataloadgen.NewMappedLoader(fetch, dataloadgen.WithWait(batchWait))
}

type loadersKey struct{}

// Middleware puts fresh loaders into every request's context.
func Middleware(st *store.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), loadersKey{}, NewLoaders(st))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// WithLoaders returns ctx with fresh loaders, for use outside HTTP.
func WithLoaders(ctx context.Context, st *store.Store) context.Context {
	return context.WithValue(ctx, loadersKey{}, NewLoaders(st))
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
// domain.ErrNotFound.
func load[T any](ctx context.Context, l *dataloadgen.Loader[string, T], id string) (T, error) {
	v, err := l.Load(ctx, id)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return v, fmt.Errorf("%s: %w", id, domain.ErrNotFound)
	}
	return v, err
}

// loadAll reads records in the order of ids, skipping missing ones.
func loadAll[T any](ctx context.Context, l *dataloadgen.Loader[string, T], ids []string) ([]T, error) {
	thunks := make([]func() (T, error), len(ids))
	for i, id := range ids {
		thunks[i] = l.LoadThunk(ctx, id)
	}
	out := make([]T, 0, len(ids))
	for _, th := range thunks {
		v, err := th()
		if errors.Is(err, dataloadgen.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// keyedLoad loads the value for parent through the loader registered
// under key, creating it with fetch on first use. Parents that ask with
// the same key are answered by one query.
func keyedLoad[V any](ctx context.Context, l *Loaders, key, parent string, fetch func(context.Context, []string) (map[string]V, error)) (V, error) {
	l.mu.Lock()
	ld, ok := l.keyed[key].(*dataloadgen.Loader[string, V])
	if !ok {
		ld = dataloadgen.NewMappedLoader(func(ctx context.Context, parents []string) (map[string]V, error) {
			m, err := fetch(ctx, parents)
			if err != nil {
				return nil, err
			}
			// Parents without rows get the zero value (an empty page).
			for _, p := range parents {
				if _, ok := m[p]; !ok {
					var zero V
					m[p] = zero
				}
			}
			return m, nil
		}, dataloadgen.WithWait(batchWait))
		l.keyed[key] = ld
	}
	l.mu.Unlock()
	return ld.Load(ctx, parent)
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
