package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/importer"
	"github.com/kiezgraph/kiezgraph/seed"
	"github.com/kiezgraph/kiezgraph/store"
)

// TestQuarterQuestionsCostTheSameInABiggerCity loads a synthetic city and
// one four times its size (a quarter holds about a hundred actors in
// both) and asks each the questions of a quarter's dashboard, counting
// Neo4j's database hits: a question about a quarter, or a page of a root
// list, must not cost more because the city around it is larger. Hits,
// unlike seconds, do not depend on the machine or its load.
func TestQuarterQuestionsCostTheSameInABiggerCity(t *testing.T) {
	st := store.SharedForExternalTests()
	if st == nil {
		t.Skip("NEO4J_URI is not set")
	}
	sizes := []int{5000, 50000}
	hits := map[string][]int64{}
	costs := map[string][][]string{}
	var names []string
	for _, n := range sizes {
		ctx := t.Context()
		loadSynthetic(t, st, n)
		if err := store.ClearQueryCaches(ctx, st); err != nil {
			t.Fatal(err)
		}
		q := firstQuarter(t, st)
		for _, question := range quarterQuestions(q) {
			for _, as := range []struct {
				name   string
				access domain.Access
			}{
				{"admin", domain.System},
				{"public", domain.Access{Subject: "anon", Role: domain.RolePublic}},
			} {
				if question.growsForThePublic && as.access.PublicOnly() {
					continue
				}
				pctx, prof := store.WithProfile(domain.WithAccess(ctx, as.access))
				if err := question.ask(pctx, st); err != nil {
					t.Fatalf("%d actors: %s as %s: %v", n, question.name, as.name, err)
				}
				key := question.name + " as " + as.name
				if len(hits[key]) == 0 {
					names = append(names, key)
				}
				hits[key] = append(hits[key], prof.DBHits())
				costs[key] = append(costs[key], prof.Costs())
				for _, stmt := range prof.Scans() {
					t.Errorf("%d actors: %s as %s scans every node of a label: %s", n, question.name, as.name, stmt)
				}
			}
		}
		cityWideCostsPerService(t, st, n)
	}
	for _, key := range names {
		small, large := hits[key][0], hits[key][1]
		t.Logf("%-40s %6d db hits at %d actors, %6d at %d", key, small, sizes[0], large, sizes[1])
		// A quarter's own numbers vary a little between two draws of a
		// city; the city's growth must not show.
		if float64(large) > 1.5*float64(small)+200 {
			t.Errorf("%s: %d db hits at %d actors but %d at %d: the cost grows with the city;\nstatements at %d: %q\nat %d: %q",
				key, small, sizes[0], large, sizes[1], sizes[0], costs[key][0], sizes[1], costs[key][1])
		}
	}
}

// cityWideCostsPerService asks a city-wide list: the services for a
// target group and a topic, counted (Q2 of make bench-api). Its answer
// grows with the city, a target group's services with it, so its cost
// may too, but by the services it counts and no more: the anchor's match
// and the conditions run once for the count and the page together, not
// once for each (about 60 db hits a counted service, where one pass
// takes about 35).
func cityWideCostsPerService(t *testing.T, st *store.Store, n int) {
	t.Helper()
	tg, topic := "tg_adolescents-14-17", "top_sport"
	pctx, prof := store.WithProfile(domain.WithAccess(t.Context(), domain.System))
	page, err := st.ListServices(pctx, &domain.ServiceFilter{TargetGroup: &tg, Topic: &topic}, nil, domain.PageArgs{First: 20})
	if err != nil {
		t.Fatalf("%d actors: services for %s and %s: %v", n, tg, topic, err)
	}
	if page.Total < 20 {
		t.Fatalf("%d actors: %d services for %s and %s, want a full page at least", n, page.Total, tg, topic)
	}
	hits := prof.DBHits()
	t.Logf("services for a target group and topic, counted: %d db hits for %d services at %d actors (%.1f a service)",
		hits, page.Total, n, float64(hits)/float64(page.Total))
	if limit := 45*int64(page.Total) + 1000; hits > limit {
		t.Errorf("%d actors: services for a target group and topic: %d db hits for %d services, more than %d: %q",
			n, hits, page.Total, limit, prof.Costs())
	}
}

// question is one read of a quarter's dashboard.
type question struct {
	name string
	ask  func(context.Context, *store.Store) error
	// growsForThePublic marks a known limit: the public sees the
	// services of public providers, a rule no index serves, so its pages
	// of services skip those of the others (none in a synthetic city).
	growsForThePublic bool
}

// quarterQuestions are the reads of a quarter's dashboard: its actors
// with their services and partners (and the partners themselves), its
// needs, and pages of root lists in name order. A city-wide filter (all
// services for a target group) is not among them: its answer grows with
// the city.
func quarterQuestions(quarter string) []question {
	today := time.Now()
	return []question{
		{"actors of a quarter, counted", func(ctx context.Context, st *store.Store) error {
			_, err := st.ListActors(ctx, &domain.ActorFilter{Neighbourhood: &quarter}, nil, domain.PageArgs{First: 20})
			return err
		}, false},
		{"actors of a quarter, nested levels", func(ctx context.Context, st *store.Store) error {
			page, err := st.ListActors(ctx, &domain.ActorFilter{Neighbourhood: &quarter}, nil, domain.PageArgs{First: 20, NoCount: true})
			if err != nil {
				return err
			}
			ids := make([]string, len(page.Items))
			for i, a := range page.Items {
				ids[i] = a.ID
			}
			if _, err := st.ServicesOf(ctx, ids, nil, nil, domain.PageArgs{First: 20}); err != nil {
				return err
			}
			partners, err := st.PartnersOf(ctx, ids, nil, &today, domain.PageArgs{First: 20}, false)
			if err != nil {
				return err
			}
			var others []string
			for _, p := range partners {
				for _, c := range p.Items {
					others = append(others, c.FromID, c.ToID)
				}
			}
			_, err = st.Actors(ctx, others)
			return err
		}, false},
		{"needs of a quarter", func(ctx context.Context, st *store.Store) error {
			_, err := st.ListNeeds(ctx, &domain.NeedFilter{Neighbourhood: &quarter}, nil, domain.PageArgs{First: 20})
			return err
		}, false},
		{"a page of all actors by name", func(ctx context.Context, st *store.Store) error {
			_, err := st.ListActors(ctx, nil, nil, domain.PageArgs{First: 20, Offset: 100, NoCount: true})
			return err
		}, false},
		{"a page of all services by name", func(ctx context.Context, st *store.Store) error {
			_, err := st.ListServices(ctx, nil, nil, domain.PageArgs{First: 20, NoCount: true})
			return err
		}, true},
	}
}

// loadSynthetic replaces the database with a synthetic city of n actors.
func loadSynthetic(t *testing.T, st *store.Store, n int) {
	t.Helper()
	ctx := t.Context()
	if err := st.Wipe(ctx); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), fmt.Sprint(n))
	if _, err := seed.Synthetic(seed.SyntheticOptions{Actors: n, Seed: 1, Dir: dir}); err != nil {
		t.Fatal(err)
	}
	files, err := importer.Plan([]string{dir}, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := importer.Run(ctx, st, files, importer.Options{}); err != nil {
		t.Fatal(err)
	}
}

// firstQuarter returns the id of the quarter generated first.
func firstQuarter(t *testing.T, st *store.Store) string {
	t.Helper()
	level := []domain.Level{domain.LevelQuarter}
	for offset := 0; ; offset += 100 {
		page, err := st.ListNeighbourhoods(t.Context(), &domain.NeighbourhoodFilter{Levels: level}, nil, domain.PageArgs{First: 100, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range page.Items {
			if q.ExternalKey != nil && *q.ExternalKey == "s1-q0" {
				return q.ID
			}
		}
		if !page.HasNext() {
			break
		}
	}
	t.Fatal("no quarter s1-q0 in the synthetic city")
	return ""
}
