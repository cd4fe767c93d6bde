package resolvers

import (
	"context"
	"errors"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/store"
)

func TestPageArgs(t *testing.T) {
	n := func(i int) *int { return &i }
	s := func(v string) *string { return &v }
	tests := []struct {
		name   string
		first  *int
		after  *string
		want   domain.PageArgs
		errors bool
	}{
		{"defaults", nil, nil, domain.PageArgs{First: 20}, false},
		{"zero", n(0), nil, domain.PageArgs{First: 0}, false},
		{"max", n(100), nil, domain.PageArgs{First: 100}, false},
		{"too many", n(101), nil, domain.PageArgs{}, true},
		{"negative", n(-1), nil, domain.PageArgs{}, true},
		{"after", n(5), s(store.EncodeCursor(9)), domain.PageArgs{First: 5, Offset: 10}, false},
		{"bad cursor", nil, s("garbage"), domain.PageArgs{}, true},
		{"negative cursor", nil, s("b2Zmc2V0Oi0x"), domain.PageArgs{}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := pageArgs(context.Background(), tc.first, tc.after)
			if (err != nil) != tc.errors {
				t.Fatalf("err = %v", err)
			}
			if err != nil && !errors.Is(err, domain.ErrInvalid) {
				t.Errorf("error %v is not ErrInvalid", err)
			}
			if err == nil && !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestLevels(t *testing.T) {
	p := ast.Path{ast.PathName("neighbourhoods"), ast.PathName("edges"), ast.PathIndex(3), ast.PathName("node"),
		ast.PathName("actors"), ast.PathName("edges"), ast.PathIndex(7), ast.PathName("node"), ast.PathName("services")}
	if got := pathLevel(p); got != "neighbourhoods.edges.node.actors.edges.node.services" {
		t.Errorf("pathLevel = %q", got)
	}
}

// TestBatcherFetchesTheWholeLevel registers a level of objects and checks
// that the first ask fetches for all of them and later asks hit the cache.
func TestBatcherFetchesTheWholeLevel(t *testing.T) {
	lv := &levels{objs: map[string][]any{}}
	var fetches atomic.Int32
	var fetched []string
	b := newBatcher(lv, func(_ context.Context, keys []string) (map[string]string, error) {
		fetches.Add(1)
		fetched = keys
		out := map[string]string{}
		for _, k := range keys {
			if k != "missing" {
				out[k] = "v" + k
			}
		}
		return out, nil
	}, nil)
	lv.add("actors", []any{&domain.Actor{ID: "a"}, &domain.Actor{ID: "b"}, &domain.Actor{ID: "c"}})
	// The field actors.edges[i].node.services of the level "actors".
	// (WithFieldContext links each context to the one before.)
	field := func(name string) *graphql.FieldContext {
		return &graphql.FieldContext{Field: graphql.CollectedField{Field: &ast.Field{Alias: name, Name: name}}}
	}
	zero := 0
	ctx := context.Background()
	for _, fc := range []*graphql.FieldContext{field("actors"), field("edges"), {Index: &zero}, field("node"), field("services")} {
		ctx = graphql.WithFieldContext(ctx, fc)
	}
	if got := parentLevel(ctx); got != "actors" {
		t.Fatalf("parentLevel = %q", got)
	}
	v, err := b.load(ctx, "a", idOf[domain.Actor])
	if err != nil || v != "va" {
		t.Fatalf("load a = %q, %v", v, err)
	}
	if len(fetched) != 3 {
		t.Errorf("first fetch asked for %v, want the whole level", fetched)
	}
	for _, k := range []string{"b", "c"} {
		if v, err := b.load(ctx, k, idOf[domain.Actor]); err != nil || v != "v"+k {
			t.Errorf("load %s = %q, %v", k, v, err)
		}
	}
	if fetches.Load() != 1 {
		t.Errorf("%d fetches, want 1", fetches.Load())
	}
	if _, err := b.load(ctx, "missing", nil); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("missing key: %v", err)
	}
}

// TestLevelsRecordBelowAndFillOnce: objects marked below are recorded at
// their sublevel, and fill makes a level's objects at its first ask only
// (list elements marshal one after another, so a level's later objects
// must be known when its first element asks).
func TestLevelsRecordBelowAndFillOnce(t *testing.T) {
	coop := &domain.Cooperation{ID: "c1"}
	tests := []struct {
		name  string
		run   func(lv *levels)
		level string
		want  int
	}{
		{"plain objects stay at the level", func(lv *levels) {
			lv.add("a.partners", []any{&domain.Actor{ID: "p1"}, below{".edges.cooperation", coop}})
		}, "a.partners", 1},
		{"below goes to the sublevel", func(lv *levels) {
			lv.add("a.partners", []any{&domain.Actor{ID: "p1"}, below{".edges.cooperation", coop}})
		}, "a.partners.edges.cooperation", 1},
		{"fill makes a level once", func(lv *levels) {
			for range 3 {
				lv.fill("a.contactPoints", func() []any { return []any{&domain.ContactPoint{}, &domain.ContactPoint{}} })
			}
		}, "a.contactPoints", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lv := &levels{objs: map[string][]any{}}
			tt.run(lv)
			if got := len(lv.get(tt.level)); got != tt.want {
				t.Errorf("%d objects at %s, want %d", got, tt.level, tt.want)
			}
		})
	}
}
