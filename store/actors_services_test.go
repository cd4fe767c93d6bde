package store

import (
	"fmt"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Light coverage of the actor, service and search methods on the base
// dataset; the record types above have their own tests.

func TestListActorsFilters(t *testing.T) {
	ctx, s := setupBase(t)
	// By name: Grundschule am Park (school, nord), Hafenverein (hafen),
	// Jugendamt Mitte (amt, mitte), Jugendclub Süd (club, sued).
	tests := []struct {
		name string
		f    *domain.ActorFilter
		want []string
	}{
		{"all", nil, []string{"act_school", "act_hafen", "act_amt", "act_club"}},
		{"name", &domain.ActorFilter{NameContains: ptr("jugend")}, []string{"act_amt", "act_club"}},
		{"name with umlaut", &domain.ActorFilter{NameContains: ptr("SÜD")}, []string{"act_club"}},
		{"kind", &domain.ActorFilter{Kinds: []domain.ActorKind{domain.KindSchool}}, []string{"act_school"}},
		{"sector", &domain.ActorFilter{Sectors: []domain.Sector{domain.SectorPublic}}, []string{"act_school", "act_amt"}},
		{"institutions", &domain.ActorFilter{Institution: ptr(true)}, []string{"act_school", "act_amt"}},
		{"organisations", &domain.ActorFilter{Institution: ptr(false)}, []string{"act_hafen", "act_club"}},
		{"active in or inside", &domain.ActorFilter{Neighbourhood: ptr("nbh_mitte")}, []string{"act_school", "act_amt", "act_club"}},
		{"target group", &domain.ActorFilter{TargetGroup: ptr("tg_kids")}, []string{"act_amt", "act_club"}},
		{"topic", &domain.ActorFilter{Topic: ptr("top_health")}, []string{"act_hafen", "act_amt"}},
		{"network", &domain.ActorFilter{Network: ptr("net_mitte")}, []string{"act_school", "act_club"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := s.ListActors(ctx, tt.f, nil, domain.PageArgs{First: 10})
			wantErr(t, err, nil, "")
			mustEqual(t, "actors", idsOf(page.Items), tt.want)
		})
	}
	pages, err := s.ActorsIn(ctx, []string{"nbh_ost", "nbh_sued"}, nil, nil, domain.PageArgs{First: 10})
	wantErr(t, err, nil, "")
	mustEqual(t, "in ost", idsOf(pages["nbh_ost"].Items), []string{"act_hafen"})
	mustEqual(t, "in sued", idsOf(pages["nbh_sued"].Items), []string{"act_club"})
}

func TestServicesReaching(t *testing.T) {
	ctx, s := setupBase(t)
	// svc_district (Erziehungsberatung) is available in the district mitte,
	// svc_lern (Lernhilfe) in the quarter sued, svc_hafen in hafen.
	pages, err := s.ServicesReaching(ctx, []string{"nbh_nord", "nbh_sued", "nbh_mitte", "nbh_city", "nbh_hafen"}, nil, nil, domain.PageArgs{First: 10})
	wantErr(t, err, nil, "")
	for nbh, want := range map[string][]string{
		"nbh_nord":  {"svc_district"}, // district-wide service reaches the quarter
		"nbh_sued":  {"svc_district", "svc_lern"},
		"nbh_mitte": {"svc_district", "svc_lern"},
		"nbh_city":  {"svc_district", "svc_lern", "svc_hafen"},
		"nbh_hafen": {"svc_hafen"},
	} {
		mustEqual(t, nbh, idsOf(pages[nbh].Items), want)
	}
	pages, err = s.ServicesReaching(ctx, []string{"nbh_sued", "nbh_hafen"}, &domain.ServiceFilter{TargetGroup: ptr("tg_kids"), Topic: ptr("top_edu")}, nil, domain.PageArgs{First: 10})
	wantErr(t, err, nil, "")
	mustEqual(t, "filtered sued", idsOf(pages["nbh_sued"].Items), []string{"svc_lern"})
	mustEqual(t, "filtered hafen", pages["nbh_hafen"].Total, 0)

	// A service available in two places reaches a neighbourhood through one
	// and the filter's neighbourhood through the other.
	_, err = s.UpdateService(ctx, "svc_hafen", domain.ServiceUpdate{Neighbourhoods: domain.To([]string{"nbh_hafen", "nbh_nord"})})
	wantErr(t, err, nil, "")
	pages, err = s.ServicesReaching(ctx, []string{"nbh_nord"}, &domain.ServiceFilter{Neighbourhood: ptr("nbh_hafen")}, nil, domain.PageArgs{First: 10})
	wantErr(t, err, nil, "")
	mustEqual(t, "reaching nord, filtered to hafen", idsOf(pages["nbh_nord"].Items), []string{"svc_hafen"})
}

func TestCoveringServices(t *testing.T) {
	ctx, s := setupBase(t)
	needs := []string{"ned_sued_health", "ned_nord_edu", "ned_hafen"}
	got, err := s.CoveringServices(ctx, needs, *day("2024-06-01"))
	wantErr(t, err, nil, "")
	mustEqual(t, "sued health", idsOf(got["ned_sued_health"]), []string{"svc_district"})
	mustEqual(t, "nord edu is a gap", len(got["ned_nord_edu"]), 0)
	mustEqual(t, "hafen is a gap", len(got["ned_hafen"]), 0)

	_, err = s.UpdateService(ctx, "svc_district", domain.ServiceUpdate{SpanUpdate: domain.SpanUpdate{ValidTo: domain.To(day("2024-05-31"))}})
	wantErr(t, err, nil, "")
	got, _ = s.CoveringServices(ctx, needs, *day("2024-05-31"))
	mustEqual(t, "on the last day", idsOf(got["ned_sued_health"]), []string{"svc_district"})
	got, _ = s.CoveringServices(ctx, needs, *day("2024-06-01"))
	mustEqual(t, "after the last day", len(got["ned_sued_health"]), 0)
}

func TestSearchFoldsUmlauts(t *testing.T) {
	ctx, s := setupBase(t)
	a, err := s.CreateActor(ctx, domain.Actor{Name: "Schülerhilfe Nord", Kind: domain.KindAssociation,
		Sector: domain.SectorNonProfit, Keywords: []string{"Nachhilfe"}, NeighbourhoodIDs: []string{"nbh_nord"}})
	wantErr(t, err, nil, "")
	for _, q := range []string{"schueler", "Schüler", "SCHÜLERHILFE", "schülerhilfe nord", "nachhilfe"} {
		t.Run(q, func(t *testing.T) {
			hits, err := s.Search(ctx, domain.SearchQuery{Text: q, Limit: 10})
			wantErr(t, err, nil, "")
			if len(hits) == 0 || hits[0].Node.NodeID() != a.ID {
				t.Fatalf("hits = %v, want %s first", hits, a.ID)
			}
			if _, ok := hits[0].Node.(*domain.Organisation); !ok {
				t.Errorf("hit is %T", hits[0].Node)
			}
		})
	}
	hits, err := s.Search(ctx, domain.SearchQuery{Text: "schueler", Types: []domain.SearchType{domain.SearchService}, Limit: 10})
	wantErr(t, err, nil, "")
	mustEqual(t, "services only", len(hits), 0)
	hits, err = s.Search(ctx, domain.SearchQuery{Text: "sued", Limit: 10})
	wantErr(t, err, nil, "")
	types := map[string]bool{}
	for _, h := range hits {
		types[fmt.Sprintf("%T", h.Node)] = true
	}
	if !types["*domain.Neighbourhood"] || !types["*domain.Organisation"] {
		t.Errorf("hits for sued: %v", types)
	}
	hits, err = s.Search(ctx, domain.SearchQuery{Text: "lernhilfe", Limit: 10})
	wantErr(t, err, nil, "")
	if len(hits) == 0 || fmt.Sprintf("%T", hits[0].Node) != "*domain.Service" {
		t.Errorf("hits for lernhilfe: %v", hits)
	}
	_, err = s.Search(ctx, domain.SearchQuery{Text: " -- ", Limit: 10})
	wantErr(t, err, domain.ErrInvalid, "text")
}
