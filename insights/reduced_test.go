package insights

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

// reducedSlice has a part of three (a–b–c), a part of two (d–e), a pair
// tied only by a shared event (f, g) and two isolates (h, i).
func reducedSlice() *domain.NetworkSlice {
	return &domain.NetworkSlice{
		Actors: []domain.Actor{actor("a"), actor("b"), actor("c"), actor("d"), actor("e"), actor("f"), actor("g"), actor("h"), actor("i")},
		Cooperations: []domain.Cooperation{coop("1", "a", "b"), coop("2", "b", "c"), coop("3", "d", "e"),
			coop("4", "h", "zz")}, // a tie to an actor outside the slice ties nobody
		Participations: []domain.Participation{{ActorID: "f", EventID: "e1"}, {ActorID: "g", EventID: "e1"}},
	}
}

func TestReduced(t *testing.T) {
	for _, c := range []struct {
		name                    string
		slice                   *domain.NetworkSlice
		ignoreIsolates, largest bool
		want                    []string
		leftOut, ties           int
	}{
		{"neither", reducedSlice(), false, false, []string{"a", "b", "c", "d", "e", "f", "g", "h", "i"}, 0, 4},
		{"without isolates", reducedSlice(), true, false, []string{"a", "b", "c", "d", "e", "f", "g"}, 2, 4},
		{"largest part", reducedSlice(), false, true, []string{"a", "b", "c"}, 6, 2},
		{"both", reducedSlice(), true, true, []string{"a", "b", "c"}, 6, 2},
		{"equally large parts: the one with the lowest id", &domain.NetworkSlice{
			Actors:       []domain.Actor{actor("p"), actor("q"), actor("m"), actor("n")},
			Cooperations: []domain.Cooperation{coop("1", "p", "q"), coop("2", "n", "m")},
		}, false, true, []string{"m", "n"}, 2, 1},
		{"only isolates, largest part", &domain.NetworkSlice{Actors: []domain.Actor{actor("y"), actor("x")}}, false, true, []string{"x"}, 1, 0},
		{"only isolates, without isolates", &domain.NetworkSlice{Actors: []domain.Actor{actor("y"), actor("x")}}, true, false, nil, 2, 0},
		{"empty", &domain.NetworkSlice{}, true, true, nil, 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := NewNetwork(c.slice).Reduced(c.ignoreIsolates, c.largest)
			if got := actorIDs(n.Actors); !slices.Equal(got, c.want) {
				t.Errorf("actors %v, want %v", got, c.want)
			}
			if n.LeftOut != c.leftOut {
				t.Errorf("left out %d, want %d", n.LeftOut, c.leftOut)
			}
			st := NetworkStats(n)
			if st.Edges != c.ties || st.Nodes != len(c.want) || st.LeftOut != c.leftOut {
				t.Errorf("stats: %d actors, %d ties, %d left out; want %d, %d, %d", st.Nodes, st.Edges, st.LeftOut, len(c.want), c.ties, c.leftOut)
			}
			if cs := DetectCommunities(n, 1); cs.ActorsLeftOut != c.leftOut {
				t.Errorf("communities left out %d, want %d", cs.ActorsLeftOut, c.leftOut)
			}
			// What a closing takes away is not "left out": a scenario on
			// the reduced network keeps its count.
			if len(c.want) > 0 {
				if w := n.Without(c.want[:1]); w.LeftOut != c.leftOut {
					t.Errorf("without %s: left out %d, want %d", c.want[0], w.LeftOut, c.leftOut)
				}
			}
		})
	}
}

// TestServiceReducesOneReadSlice: the reduced networks of one selection
// share the one read of its slice, and each reduction is cached apart.
func TestServiceReducesOneReadSlice(t *testing.T) {
	src := &fakeSource{slice: reducedSlice()}
	s := NewService(src)
	ctx := context.Background()
	q := domain.SliceQuery{}
	for _, c := range []struct {
		ignoreIsolates, largest bool
		actors                  int
	}{{false, false, 9}, {true, false, 7}, {false, true, 3}, {true, true, 3}, {true, false, 7}} {
		q.IgnoreIsolates, q.LargestComponentOnly = c.ignoreIsolates, c.largest
		st, err := s.Stats(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if st.Nodes != c.actors {
			t.Errorf("%+v: %d actors, want %d", c, st.Nodes, c.actors)
		}
	}
	if src.slices != 1 {
		t.Errorf("the slice was read %d times, want once", src.slices)
	}
}

// fakeSource serves one slice and counts how often it was read.
type fakeSource struct {
	slice  *domain.NetworkSlice
	slices int
}

func (f *fakeSource) NetworkSlice(context.Context, domain.SliceQuery) (*domain.NetworkSlice, error) {
	f.slices++
	return f.slice, nil
}

func (f *fakeSource) Coverage(context.Context, *string, time.Time) (*domain.Coverage, error) {
	return &domain.Coverage{}, nil
}

func (f *fakeSource) Version(context.Context) (string, error) { return "1", nil }

// TestByBetweenness: actors in either order of their betweenness in the
// day's network, ties (and actors outside it) by id.
func TestByBetweenness(t *testing.T) {
	s := NewService(&fakeSource{slice: reducedSlice()})
	outside := actor("zz-outside")
	for _, c := range []struct {
		desc bool
		want []string
	}{
		{true, []string{"b", "a", "c", "d", "zz-outside"}},
		{false, []string{"a", "c", "d", "zz-outside", "b"}},
	} {
		got, err := s.ByBetweenness(context.Background(), time.Time{}, []domain.Actor{actor("d"), outside, actor("c"), actor("b"), actor("a")}, c.desc)
		if err != nil {
			t.Fatal(err)
		}
		if ids := actorIDs(got); !slices.Equal(ids, c.want) {
			t.Errorf("desc %t: %v, want %v", c.desc, ids, c.want)
		}
	}
}
