package store

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// TestSplitOrdersPageAsOneSort pages root lists whose order an index
// serves for the records that have the property (see splitPage) and
// compares the pages, put together, with one sort of the whole list
// by the order's own expression: records with and without the day,
// ties, a page across the border between both parts and pages past it
// (which count the first part to know where the second starts).
func TestSplitOrdersPageAsOneSort(t *testing.T) {
	ctx, s := setupBase(t)
	days := []*time.Time{nil, day("2024-03-01"), day("2024-03-01"), day("2023-01-15"), nil, day("2025-07-04"), day("2024-03-01")}
	ds := &domain.Dataset{}
	for i := range 14 {
		id := fmt.Sprintf("act_split_%02d", i)
		a := domain.Actor{ID: id, Name: fmt.Sprintf("Träger %d", 13-i), Kind: domain.KindAssociation, Sector: domain.SectorCivilSociety,
			NeighbourhoodIDs: []string{"nbh_nord"}, Meta: domain.Meta{LastConfirmed: days[(i+1)%len(days)]}}
		ds.Actors = append(ds.Actors, a)
		ds.Services = append(ds.Services, domain.Service{ID: fmt.Sprintf("svc_split_%02d", i), Name: "Beratung", ProviderID: id,
			TargetGroupIDs: []string{"tg_kids"}, TopicIDs: []string{"top_edu"}, NeighbourhoodIDs: []string{"nbh_nord"},
			Span: domain.Span{ValidFrom: days[i%len(days)]}, Meta: domain.Meta{LastConfirmed: days[(i+3)%len(days)]}})
		if i > 0 {
			ds.Cooperations = append(ds.Cooperations, domain.Cooperation{ID: fmt.Sprintf("coo_split_%02d", i), FromID: ds.Actors[i-1].ID, ToID: id,
				Kind: domain.CoopReferral, Strength: 0.5, Span: domain.Span{ValidFrom: days[(i+2)%len(days)]},
				Meta: domain.Meta{LastConfirmed: days[(i+5)%len(days)]}})
		}
	}
	if err := s.LoadDataset(ctx, ds, 0); err != nil {
		t.Fatal(err)
	}
	// Creation times with ties, as a loader writing many records at
	// once leaves them (the dataset's records share one).
	if _, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (any, error) {
		return collect(ctx, tx, `MATCH (n:Actor|Service) WHERE n.id CONTAINS '_split_'
			SET n.createdAt = datetime('2024-01-0' + toString(toInteger(right(n.id, 1)) % 3 + 1) + 'T08:00:00Z')
			WITH count(*) AS c MATCH ()-[r:COOPERATES_WITH]->() WHERE r.id CONTAINS '_split_'
			SET r.createdAt = datetime('2024-01-0' + toString(toInteger(right(r.id, 1)) % 2 + 1) + 'T08:00:00Z') RETURN c`, nil)
	}); err != nil {
		t.Fatal(err)
	}
	asc := func(f domain.SortField) *domain.Order { return &domain.Order{Field: f} }
	type list struct {
		name, match string
		expr        string // the order as one sort
		page        func(domain.PageArgs) (domain.Page[string], error)
	}
	actors := func(o *domain.Order) func(domain.PageArgs) (domain.Page[string], error) {
		return func(p domain.PageArgs) (domain.Page[string], error) {
			pg, err := s.ListActors(ctx, nil, o, p)
			return domain.Page[string]{Items: idsOf(pg.Items), Total: pg.Total, More: pg.More}, err
		}
	}
	services := func(o *domain.Order) func(domain.PageArgs) (domain.Page[string], error) {
		return func(p domain.PageArgs) (domain.Page[string], error) {
			pg, err := s.ListServices(ctx, nil, o, p)
			return domain.Page[string]{Items: idsOf(pg.Items), Total: pg.Total, More: pg.More}, err
		}
	}
	cooperations := func(o *domain.Order) func(domain.PageArgs) (domain.Page[string], error) {
		return func(p domain.PageArgs) (domain.Page[string], error) {
			pg, err := s.ListCooperations(ctx, nil, o, p)
			return domain.Page[string]{Items: idsOf(pg.Items), Total: pg.Total, More: pg.More}, err
		}
	}
	const actorMatch, serviceMatch, cooperationMatch = "(n:Actor)", "(n:Service)", "(:Actor)-[n:COOPERATES_WITH]->(:Actor)"
	lists := []list{
		{"actors by the day last confirmed", actorMatch, "n.lastConfirmed", actors(asc(domain.SortLastConfirmed))},
		{"actors by creation", actorMatch, "n.createdAt", actors(asc(domain.SortCreatedAt))},
		{"services by first day", serviceMatch, "n.validFrom", services(asc(domain.SortValidFrom))},
		{"services by the day last confirmed", serviceMatch, "n.lastConfirmed", services(asc(domain.SortLastConfirmed))},
		{"services by creation", serviceMatch, "n.createdAt", services(asc(domain.SortCreatedAt))},
		{"cooperations, latest first (the default)", cooperationMatch, orderValidFromDesc, cooperations(nil)},
		{"cooperations by first day", cooperationMatch, "n.validFrom", cooperations(asc(domain.SortValidFrom))},
		{"cooperations by the day last confirmed", cooperationMatch, "n.lastConfirmed", cooperations(asc(domain.SortLastConfirmed))},
		{"cooperations by creation", cooperationMatch, "n.createdAt", cooperations(asc(domain.SortCreatedAt))},
	}
	for _, l := range lists {
		t.Run(l.name, func(t *testing.T) {
			recs, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]*neo4j.Record, error) {
				return collect(ctx, tx, "MATCH "+l.match+" RETURN n.id AS id ORDER BY "+l.expr+", n.id", nil)
			})
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, r := range recs {
				id, _ := r.Get("id")
				want = append(want, id.(string))
			}
			for _, size := range []int{1, 3, 5, 100} {
				var got []string
				for offset := 0; ; offset += size {
					p, err := l.page(domain.PageArgs{First: size, Offset: offset, NoCount: offset%2 == 1})
					if err != nil {
						t.Fatal(err)
					}
					if offset%2 == 0 && p.Total != len(want) {
						t.Errorf("pages of %d: total %d at offset %d, want %d", size, p.Total, offset, len(want))
					}
					got = append(got, p.Items...)
					if !p.More {
						break
					}
				}
				if !slices.Equal(got, want) {
					t.Errorf("pages of %d put together:\n%v\nwant one sort by %s:\n%v", size, got, l.expr, want)
				}
			}
		})
	}
	if q := (listQuery{kind: "Actor", match: "(n:Actor)", order: "n.lastConfirmed DESC"}); func() bool { _, ok := q.split(); return ok }() {
		t.Error("a descending order split: the records without the day come first, which no index finds")
	}
}
