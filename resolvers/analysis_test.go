package resolvers

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph/model"
	"github.com/kiezgraph/kiezgraph/insights"
	"github.com/kiezgraph/kiezgraph/store"
)

// sliceSource is a small fake of insights.Source: one network slice,
// whatever the question.
type sliceSource struct{ slice *domain.NetworkSlice }

func (s sliceSource) NetworkSlice(context.Context, domain.SliceQuery) (*domain.NetworkSlice, error) {
	return s.slice, nil
}

func (s sliceSource) Coverage(context.Context, *string, time.Time) (*domain.Coverage, error) {
	return &domain.Coverage{}, nil
}

func (s sliceSource) Version(context.Context) (string, error) { return "1", nil }

// analysisResolver answers over a network of two triangles, a pair and
// two isolates: four parts, eleven actors.
func analysisResolver() *Resolver {
	act := func(id string) domain.Actor { return domain.Actor{ID: id, Name: id, Kind: domain.KindAssociation} }
	coop := func(a, b string) domain.Cooperation {
		return domain.Cooperation{ID: "coo_" + a + b, FromID: a, ToID: b, Kind: domain.CoopJointProject, Strength: 0.5}
	}
	s := &domain.NetworkSlice{}
	for _, id := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"} {
		s.Actors = append(s.Actors, act(id))
	}
	s.Cooperations = []domain.Cooperation{coop("a", "b"), coop("b", "c"), coop("c", "a"), coop("c", "d"),
		coop("e", "f"), coop("f", "g"), coop("g", "e"), coop("h", "i")}
	return &Resolver{Insights: insights.NewService(sliceSource{s}), Today: func() time.Time { return time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC) }}
}

func TestNetworkSelectionReductions(t *testing.T) {
	r := analysisResolver()
	yes := true
	days := func(n int) graphql.Omittable[*int] { return graphql.OmittableOf(&n) }
	for _, tc := range []struct {
		name                  string
		sel                   *model.NetworkSelection
		actors, leftOut, ties int
		badField              string
	}{
		{"everything", nil, 11, 0, 8, ""},
		{"without isolates", &model.NetworkSelection{IgnoreIsolates: graphql.OmittableOf(&yes)}, 9, 2, 8, ""},
		{"largest part", &model.NetworkSelection{LargestComponentOnly: graphql.OmittableOf(&yes)}, 4, 7, 4, ""},
		{"co-participation days out of range", &model.NetworkSelection{CoParticipationDays: days(4000)}, 0, 0, 0, "network.coParticipationDays"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := (&queryResolver{r}).NetworkStats(context.Background(), tc.sel, nil)
			if tc.badField != "" {
				var fe *domain.FieldError
				if !errors.As(err, &fe) || fe.Field != tc.badField {
					t.Fatalf("err = %v, want a bad %s", err, tc.badField)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c := got.Current; c.Actors != tc.actors || c.ActorsLeftOut != tc.leftOut || c.Ties != tc.ties {
				t.Errorf("%d actors, %d left out, %d ties; want %d, %d, %d", c.Actors, c.ActorsLeftOut, c.Ties, tc.actors, tc.leftOut, tc.ties)
			}
		})
	}
}

func TestCommunityPages(t *testing.T) {
	r := analysisResolver()
	ctx := context.Background()
	c, err := (&queryResolver{r}).Communities(ctx, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := func(i int) *int { return &i }
	all := len(c.Communities)
	if all < 4 {
		t.Fatalf("%d communities of four parts", all)
	}
	cr := &communityAnalysisResolver{r}
	var after *string
	seen := 0
	for page := 0; ; page++ {
		conn, err := cr.Communities(ctx, c, n(2), after)
		if err != nil {
			t.Fatal(err)
		}
		if conn.TotalCount != all {
			t.Errorf("page %d: totalCount %d, want %d", page, conn.TotalCount, all)
		}
		for _, e := range conn.Edges {
			if e.Node.Index != seen {
				t.Errorf("community %d comes as number %d", e.Node.Index, seen)
			}
			seen++
		}
		if !conn.PageInfo.HasNextPage {
			break
		}
		after = conn.PageInfo.EndCursor
	}
	if seen != all {
		t.Errorf("pages held %d of %d communities", seen, all)
	}
	for _, tc := range []struct {
		name  string
		first *int
		after *string
		ok    bool
	}{
		{"default", nil, nil, true},
		{"too many", n(101), nil, false},
		{"bad cursor", nil, func() *string { s := "garbage"; return &s }(), false},
		{"past the end", nil, func() *string { s := store.EncodeCursor(50); return &s }(), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn, err := cr.Communities(ctx, c, tc.first, tc.after)
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v", err)
			}
			if err == nil && tc.after != nil && len(conn.Edges) != 0 {
				t.Errorf("%d communities past the end", len(conn.Edges))
			}
		})
	}
	if _, err := cr.Bridges(ctx, c, n(0)); err == nil {
		t.Error("bridges(first: 0) accepted")
	}
	// The largest community's actors, one page of one by name.
	actors, err := (&communityResolver{r}).Actors(ctx, &c.Communities[0], n(1), nil)
	if err != nil || len(actors.Edges) != 1 || actors.TotalCount != len(c.Communities[0].Actors) || !actors.PageInfo.HasNextPage {
		t.Errorf("first actor of the largest community: %+v, %v", actors, err)
	}
}
