package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// listingDataset is baseDataset with services whose names, statuses and
// spans make a listing's order and count easy to get wrong: names equal
// but for case or umlauts, one a prefix of another, shared names,
// drafts and archived ones, services that begin later or ended, and
// services for two target groups and two topics.
func listingDataset() *domain.Dataset {
	ds := baseDataset()
	ds.Actors[1].Public = true // act_club, in Mitte
	ds.Actors[2].Public = true // act_hafen, in Ost
	type spec struct {
		name, provider string
		tgs, topics    []string
		status         domain.RecordStatus
		span           domain.Span
	}
	kids := []string{"tg_kids"}
	edu, health := []string{"top_edu"}, []string{"top_health"}
	both := []string{"tg_kids", "tg_seniors"}
	specs := []spec{
		{"Lernhilfe", "act_school", kids, edu, "", domain.Span{}},
		{"lernhilfe", "act_hafen", kids, edu, "", domain.Span{}},
		{"Lernhilfe am Nachmittag", "act_club", kids, edu, "", domain.Span{ValidFrom: day("2020-01-01")}},
		{"Lern", "act_amt", kids, edu, "", domain.Span{}},
		{"Ärztliche Sprechstunde", "act_club", both, []string{"top_edu", "top_health"}, "", domain.Span{}},
		{"Aerztliche Sprechstunde", "act_hafen", kids, health, "", domain.Span{}},
		{"Hausaufgabenhilfe", "act_school", kids, edu, "", domain.Span{}},
		{"Hausaufgabenhilfe", "act_club", kids, edu, "", domain.Span{}},
		{"Hausaufgabenhilfe", "act_hafen", kids, edu, "", domain.Span{ValidTo: day("2021-12-31")}},
		{"Zukunftswerkstatt", "act_club", kids, edu, "", domain.Span{ValidFrom: day("2099-01-01")}},
		{"Ferienprogramm", "act_hafen", kids, edu, domain.StatusDraft, domain.Span{}},
		{"Ferienprogramm alt", "act_club", kids, edu, domain.StatusArchived, domain.Span{}},
		{"Östlicher Treff", "act_hafen", both, health, "", domain.Span{ValidFrom: day("2019-01-01"), ValidTo: day("2030-01-01")}},
		{"Zebra", "act_amt", kids, edu, "", domain.Span{ValidFrom: day("2021-01-01"), ValidTo: day("2021-06-30")}},
		{"a", "act_club", kids, edu, "", domain.Span{}},
	}
	for i, sp := range specs {
		v := domain.Service{ID: fmt.Sprintf("svc_l%02d", i), Name: sp.name, ProviderID: sp.provider,
			TargetGroupIDs: sp.tgs, TopicIDs: sp.topics, NeighbourhoodIDs: []string{"nbh_mitte"}, Span: sp.span}
		v.Status = sp.status
		ds.Services = append(ds.Services, v)
	}
	return ds
}

// generalServices lists services as ListServices does for a filter no
// listing serves: the reference a listing must agree with.
func generalServices(ctx context.Context, s *Store, f *domain.ServiceFilter, o *domain.Order, page domain.PageArgs) (domain.Page[domain.Service], error) {
	order, err := orderBy(o, serviceOrder, orderName)
	if err != nil {
		return domain.Page[domain.Service]{}, err
	}
	c := serviceConds(f)
	q := listQuery{kind: "Service", match: "(n:Service)", from: c.from, where: c.where, order: order, proj: serviceProj}
	return listPage(ctx, s, q, c.params, page, mapService)
}

// checkListings compares ListServices through listings with the general
// list for every pair of target group and topic, status, day, order,
// page and caller; it returns how many lists it compared. Unless full,
// only for three callers, target groups by id and two statuses.
func checkListings(t *testing.T, ctx context.Context, s *Store, full bool) int {
	t.Helper()
	today := time.Now().UTC().Truncate(24 * time.Hour)
	callers := map[string]domain.Access{
		"admin":        domain.System,
		"viewer Mitte": {Subject: "v", Role: domain.RoleViewer, Districts: []string{"nbh_mitte"}},
		"public":       {Role: domain.RolePublic},
	}
	tgs := []string{"tg_kids", "tg_seniors"}
	statuses := [][]domain.RecordStatus{nil, {domain.StatusArchived}}
	if full {
		callers["viewer Ost"] = domain.Access{Subject: "v", Role: domain.RoleViewer, Districts: []string{"nbh_ost"}}
		callers["coordinator"] = domain.Access{Subject: "c", Role: domain.RoleCoordinator}
		callers["researcher"] = domain.Access{Subject: "r", Role: domain.RoleResearcher}
		tgs = append(tgs, "CHILDREN") // by its code
		statuses = append(statuses, []domain.RecordStatus{domain.StatusDraft})
	}
	filters := []domain.ServiceFilter{}
	for _, tg := range tgs {
		for _, tp := range []string{"top_edu", "top_health"} {
			for _, st := range statuses {
				for _, span := range []struct {
					asOf  *time.Time
					ended bool
				}{{nil, false}, {day("2021-03-01"), false}, {day("2022-06-01"), false}, {nil, true}} {
					f := domain.ServiceFilter{TargetGroup: ptr(tg), Topic: ptr(tp), Status: st, AsOf: span.asOf, IncludeEnded: span.ended}
					filters = append(filters, *f.Current(today))
				}
			}
		}
	}
	orders := []*domain.Order{nil, {Field: domain.SortName, Direction: domain.Desc}}
	pages := []domain.PageArgs{{First: 3}, {First: 100}}
	if full {
		orders = append(orders, &domain.Order{Field: domain.SortName, Direction: domain.Asc})
		pages = append(pages, domain.PageArgs{First: 3, Offset: 3}, domain.PageArgs{First: 4, Offset: 6, NoCount: true})
	}
	compared := 0
	for who, acc := range callers {
		actx := domain.WithAccess(ctx, acc)
		for _, f := range filters {
			for _, o := range orders {
				if _, ok := listed(&f, o); !ok {
					t.Fatalf("filter %+v in order %v is not listed", f, o)
				}
				for _, pg := range pages {
					got, err := s.ListServices(actx, &f, o, pg)
					if err != nil {
						t.Fatalf("%s: %+v: %v", who, f, err)
					}
					want, err := generalServices(actx, s, &f, o, pg)
					if err != nil {
						t.Fatal(err)
					}
					what := fmt.Sprintf("%s: %s/%s %v asOf %v order %v page %+v", who, *f.TargetGroup, *f.Topic, f.Status, f.AsOf, o, pg)
					if !slices.Equal(idsOf(got.Items), idsOf(want.Items)) || got.Total != want.Total || got.More != want.More {
						t.Errorf("%s: got %v (total %d, more %v), want %v (total %d, more %v)", what,
							idsOf(got.Items), got.Total, got.More, idsOf(want.Items), want.Total, want.More)
					}
					compared++
				}
			}
		}
	}
	return compared
}

// TestListingsAgreeWithTheGraph: a page of services for a target group
// and topic, read from listings, is the page the graph gives, for every
// caller, and stays so through every way a service changes: the API's
// writes, a dataset load, an import batch, and a change made around
// kiezgraph once Migrate has run.
func TestListingsAgreeWithTheGraph(t *testing.T) {
	ctx, s := setup(t)
	ctx = domain.WithAccess(ctx, domain.System)
	if err := s.LoadDataset(ctx, listingDataset(), 4); err != nil {
		t.Fatal(err)
	}
	n := checkListings(t, ctx, s, true)
	t.Logf("%d lists compared after the load", n)

	steps := []struct {
		name   string
		change func(t *testing.T)
	}{
		{"rename", func(t *testing.T) {
			_, err := s.UpdateService(ctx, "svc_l00", domain.ServiceUpdate{Name: domain.To(ptr("Übungsraum"))})
			wantErr(t, err, nil, "")
		}},
		{"archive", func(t *testing.T) {
			_, err := s.UpdateService(ctx, "svc_l06", domain.ServiceUpdate{Status: domain.To(ptr(domain.StatusArchived))})
			wantErr(t, err, nil, "")
		}},
		{"relink", func(t *testing.T) {
			_, err := s.UpdateService(ctx, "svc_l07", domain.ServiceUpdate{TargetGroups: domain.To([]string{"tg_seniors"}),
				Topics: domain.To([]string{"top_health", "top_edu"})})
			wantErr(t, err, nil, "")
		}},
		{"end", func(t *testing.T) {
			_, err := s.UpdateService(ctx, "svc_l01", domain.ServiceUpdate{SpanUpdate: domain.SpanUpdate{ValidTo: domain.To(day("2022-01-01"))}})
			wantErr(t, err, nil, "")
		}},
		{"create", func(t *testing.T) {
			_, err := s.CreateService(ctx, domain.Service{ID: "svc_new", Name: "Lernhilfe neu", ProviderID: "act_amt",
				TargetGroupIDs: []string{"tg_kids"}, TopicIDs: []string{"top_edu"}, NeighbourhoodIDs: []string{"nbh_mitte"}})
			wantErr(t, err, nil, "")
		}},
		{"delete", func(t *testing.T) {
			_, err := s.DeleteService(ctx, "svc_l03")
			wantErr(t, err, nil, "")
		}},
		{"load again", func(t *testing.T) {
			ds := listingDataset()
			ds.Services = ds.Services[3:5]
			ds.Services[0].Name = "Zwischenraum"
			ds.Services[1].TopicIDs = []string{"top_health"}
			if err := s.LoadDataset(ctx, ds, 0); err != nil {
				t.Fatal(err)
			}
		}},
		{"import batch", func(t *testing.T) {
			ds := listingDataset()
			b := &ImportBatch{Dataset: domain.Dataset{Services: ds.Services[10:12]}}
			b.Services[0].Status = domain.StatusActive
			b.Services[1].Name = "Aachener Ferien"
			if err := s.WriteImportBatch(ctx, b); err != nil {
				t.Fatal(err)
			}
		}},
		{"around kiezgraph, then Migrate", func(t *testing.T) {
			// A fix in Neo4j Browser: renamed, relinked, a span that
			// ends before it begins, and a new service.
			_, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (any, error) {
				return collect(ctx, tx, `MATCH (n:Service {id: 'svc_l12'}) SET n.name = 'Bäckerei', n.searchName = 'baeckerei'
WITH n MATCH (n)-[f:FOR]->() DELETE f
WITH DISTINCT n MATCH (t:TargetGroup {id: 'tg_kids'}) MERGE (n)-[:FOR]->(t)
WITH n MATCH (x:Service {id: 'svc_l02'}) SET x.validFrom = date('2025-01-01'), x.validTo = date('2021-01-01')
WITH n MATCH (a:Actor {id: 'act_club'}), (t:TargetGroup {id: 'tg_kids'}), (p:Topic {id: 'top_edu'})
CREATE (a)-[:OFFERS]->(m:Service {id: 'svc_raw', name: 'Rohbau', status: 'ACTIVE', createdAt: datetime(), updatedAt: datetime()})-[:FOR]->(t), (m)-[:ON]->(p)
WITH n MATCH (x:Service {id: 'svc_l05'}), (t:TargetGroup {id: 'tg_kids'}) CREATE (x)-[:FOR]->(t)
WITH n MATCH (:Service {id: 'svc_l13'})-[r:LISTED]->() SET r.name = 'Zebra 2'`, nil)
			})
			if err != nil {
				t.Fatal(err)
			}
			ids, err := s.unlisted(ctx)
			wantErr(t, err, nil, "")
			slices.Sort(ids)
			mustEqual(t, "services to list again", ids, []string{"svc_l02", "svc_l12", "svc_l13", "svc_raw"})
			if err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			ids, err = s.unlisted(ctx)
			wantErr(t, err, nil, "")
			mustEqual(t, "services to list again after Migrate", ids, []string{})
		}},
	}
	for _, st := range steps {
		st.change(t)
		t.Logf("%s: %d lists compared", st.name, checkListings(t, ctx, s, false))
		if t.Failed() {
			t.Fatalf("listings disagree after %s", st.name)
		}
	}
}

// TestListingsOnlyFilterByTargetGroupAndTopic: a list with any other
// filter is read from the graph.
func TestListingsOnlyFilterByTargetGroupAndTopic(t *testing.T) {
	tg, tp := ptr("tg_kids"), ptr("top_edu")
	byName := func(d domain.SortDirection) *domain.Order { return &domain.Order{Field: domain.SortName, Direction: d} }
	tests := []struct {
		name  string
		f     *domain.ServiceFilter
		order *domain.Order
		want  string
	}{
		{"target group and topic", &domain.ServiceFilter{TargetGroup: tg, Topic: tp}, nil, " ASC"},
		{"by name", &domain.ServiceFilter{TargetGroup: tg, Topic: tp}, byName(domain.Asc), " ASC"},
		{"by name descending", &domain.ServiceFilter{TargetGroup: tg, Topic: tp}, byName(domain.Desc), " DESC"},
		{"a status", &domain.ServiceFilter{TargetGroup: tg, Topic: tp, Status: []domain.RecordStatus{domain.StatusDraft}}, nil, " ASC"},
		{"no filter", nil, nil, ""},
		{"target group only", &domain.ServiceFilter{TargetGroup: tg}, nil, ""},
		{"two statuses", &domain.ServiceFilter{TargetGroup: tg, Topic: tp, Status: domain.RecordStatuses[:2]}, nil, ""},
		{"name contains", &domain.ServiceFilter{TargetGroup: tg, Topic: tp, NameContains: ptr("lern")}, nil, ""},
		{"provider", &domain.ServiceFilter{TargetGroup: tg, Topic: tp, Provider: ptr("act_club")}, nil, ""},
		{"neighbourhood", &domain.ServiceFilter{TargetGroup: tg, Topic: tp, Neighbourhood: ptr("nbh_nord")}, nil, ""},
		{"confirmed before", &domain.ServiceFilter{TargetGroup: tg, Topic: tp, ConfirmedBefore: day("2024-01-01")}, nil, ""},
		{"by day created", &domain.ServiceFilter{TargetGroup: tg, Topic: tp}, &domain.Order{Field: domain.SortCreatedAt, Direction: domain.Asc}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, ok := listed(tt.f, tt.order)
			if dir != tt.want || ok != (tt.want != "") {
				t.Errorf("listed = %q, %v; want %q", dir, ok, tt.want)
			}
		})
	}
}
