package store

import (
	"slices"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
)

func TestListNetworks(t *testing.T) {
	ctx, s := setupBase(t)
	// net_mitte "Kiezrunde Mitte" covers mitte; net_hafen "AG Hafen" covers
	// hafen from 2019-01-01.
	tests := []struct {
		name string
		f    *domain.NetworkFilter
		want []string
	}{
		{"by name", nil, []string{"net_hafen", "net_mitte"}},
		{"name", &domain.NetworkFilter{NameContains: ptr("KIEZRUNDE")}, []string{"net_mitte"}},
		{"kind", &domain.NetworkFilter{Kinds: []domain.NetworkKind{domain.NetworkWorkingGroup}}, []string{"net_hafen"}},
		{"covers it", &domain.NetworkFilter{Neighbourhood: ptr("nbh_mitte")}, []string{"net_mitte"}},
		{"covers an enclosing one", &domain.NetworkFilter{Neighbourhood: ptr("nbh_nord")}, []string{"net_mitte"}},
		{"covers one inside", &domain.NetworkFilter{Neighbourhood: ptr("nbh_ost")}, []string{"net_hafen"}},
		{"city", &domain.NetworkFilter{Neighbourhood: ptr("nbh_city")}, []string{"net_hafen", "net_mitte"}},
		{"asOf before start", &domain.NetworkFilter{AsOf: day("2018-12-31")}, []string{"net_mitte"}},
		{"asOf first day", &domain.NetworkFilter{AsOf: day("2019-01-01")}, []string{"net_hafen", "net_mitte"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := s.ListNetworks(ctx, tt.f, nil, domain.PageArgs{First: 10})
			wantErr(t, err, nil, "")
			mustEqual(t, "networks", idsOf(page.Items), tt.want)
		})
	}
	nbhs, err := s.NetworkNeighbourhoods(ctx, []string{"net_mitte", "net_nope"})
	wantErr(t, err, nil, "")
	mustEqual(t, "covered", idsOf(nbhs["net_mitte"]), []string{"nbh_mitte"})
	mustEqual(t, "unknown", len(nbhs["net_nope"]), 0)
}

func TestNetworkRoundTrip(t *testing.T) {
	ctx, s := setupBase(t)
	n, err := s.CreateNetwork(ctx, domain.Network{Name: "Frühe Hilfen Süd", Kind: domain.NetworkEarlyHelp,
		NeighbourhoodIDs: []string{"nbh_sued", "nbh_nord"}, Span: domain.Span{ValidFrom: day("2024-01-01")}})
	wantErr(t, err, nil, "")
	slices.Sort(n.NeighbourhoodIDs)
	mustEqual(t, "neighbourhoods", n.NeighbourhoodIDs, []string{"nbh_nord", "nbh_sued"})
	got, err := s.Networks(ctx, []string{n.ID})
	wantErr(t, err, nil, "")
	g := got[n.ID]
	slices.Sort(g.NeighbourhoodIDs)
	mustEqual(t, "read back", g, n)

	up, err := s.UpdateNetwork(ctx, n.ID, domain.NetworkUpdate{Name: domain.To(ptr("Frühe Hilfen Ost"))})
	wantErr(t, err, nil, "")
	mustEqual(t, "unchanged links", len(up.NeighbourhoodIDs), 2)
	page, _ := s.ListNetworks(ctx, &domain.NetworkFilter{NameContains: ptr("fruehe hilfen ost")}, nil, domain.PageArgs{First: 10})
	mustEqual(t, "renamed found", idsOf(page.Items), []string{n.ID})
	up, err = s.UpdateNetwork(ctx, n.ID, domain.NetworkUpdate{Kind: domain.To(ptr(domain.NetworkThematic)), Neighbourhoods: domain.To([]string{"nbh_ost"})})
	wantErr(t, err, nil, "")
	mustEqual(t, "replaced links", up.NeighbourhoodIDs, []string{"nbh_ost"})
	mustEqual(t, "kind", up.Kind, domain.NetworkThematic)
	up, err = s.UpdateNetwork(ctx, n.ID, domain.NetworkUpdate{Neighbourhoods: domain.To([]string{})})
	wantErr(t, err, nil, "")
	mustEqual(t, "cleared links", len(up.NeighbourhoodIDs), 0)

	for _, tt := range []struct {
		name   string
		u      domain.NetworkUpdate
		target error
		field  string
	}{
		{"unknown neighbourhood", domain.NetworkUpdate{Neighbourhoods: domain.To([]string{"nbh_x"})}, domain.ErrInvalid, "input.neighbourhoods"},
		{"bad kind", domain.NetworkUpdate{Kind: domain.To(ptr(domain.NetworkKind("CLUB")))}, domain.ErrInvalid, "input.kind"},
		{"empty name", domain.NetworkUpdate{Name: domain.To(ptr(""))}, domain.ErrInvalid, "input.name"},
		{"end before start", domain.NetworkUpdate{SpanUpdate: domain.SpanUpdate{ValidTo: domain.To(day("2023-01-01"))}}, domain.ErrInvalid, "input.validTo"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.UpdateNetwork(ctx, n.ID, tt.u)
			wantErr(t, err, tt.target, tt.field)
		})
	}
	_, err = s.UpdateNetwork(ctx, "net_nope", domain.NetworkUpdate{Name: domain.To(ptr("x"))})
	wantErr(t, err, domain.ErrNotFound, "")
	_, err = s.CreateNetwork(ctx, domain.Network{Name: "X", Kind: domain.NetworkThematic, NeighbourhoodIDs: []string{"nbh_x"}})
	wantErr(t, err, domain.ErrInvalid, "input.neighbourhoods")
	_, err = s.CreateNetwork(ctx, domain.Network{Name: "X", Kind: "X"})
	wantErr(t, err, domain.ErrInvalid, "input.kind")

	effects, err := s.DeleteNetwork(ctx, "net_mitte")
	wantErr(t, err, nil, "")
	mustEqual(t, "effects", []int{effects[0].Count, effects[1].Count}, []int{2, 1})
	evs, _ := s.Events(ctx, []string{"evt_spring"})
	if evs["evt_spring"].NetworkID != nil {
		t.Error("event still has the deleted network")
	}
	_, err = s.DeleteNetwork(ctx, "net_mitte")
	wantErr(t, err, domain.ErrNotFound, "")
}

func TestMemberships(t *testing.T) {
	ctx, s := setupBase(t)
	m, err := s.AddMembership(ctx, domain.Membership{ActorID: "act_club", NetworkID: "net_hafen", Role: ptr("Gast"),
		Span: domain.Span{ValidFrom: day("2024-01-01")}})
	wantErr(t, err, nil, "")
	got, err := s.Memberships(ctx, []string{m.ID, "mem_nope"})
	wantErr(t, err, nil, "")
	mustEqual(t, "read back", got[m.ID], m)
	mustEqual(t, "read", len(got), 1)

	byActor, err := s.MembershipsOfActors(ctx, []string{"act_club", "act_amt"}, nil, domain.PageArgs{First: 10})
	wantErr(t, err, nil, "")
	mustEqual(t, "club by network name", idsOf(byActor["act_club"].Items), []string{m.ID, "mem_club"})
	mustEqual(t, "amt", byActor["act_amt"].Total, 0)
	byActor, _ = s.MembershipsOfActors(ctx, []string{"act_club"}, day("2023-12-31"), domain.PageArgs{First: 10})
	mustEqual(t, "club before joining", idsOf(byActor["act_club"].Items), []string{"mem_club"})

	byNet, err := s.MembershipsOfNetworks(ctx, []string{"net_mitte", "net_hafen"}, nil, domain.PageArgs{First: 10})
	wantErr(t, err, nil, "")
	mustEqual(t, "mitte by actor name", idsOf(byNet["net_mitte"].Items), []string{"mem_school", "mem_club"})
	mustEqual(t, "hafen by actor name", idsOf(byNet["net_hafen"].Items), []string{"mem_hafen", m.ID})
	byNet, _ = s.MembershipsOfNetworks(ctx, []string{"net_hafen"}, day("2020-12-31"), domain.PageArgs{First: 10})
	mustEqual(t, "hafen on last day", idsOf(byNet["net_hafen"].Items), []string{"mem_hafen"})
	byNet, _ = s.MembershipsOfNetworks(ctx, []string{"net_hafen"}, day("2021-01-01"), domain.PageArgs{First: 10})
	mustEqual(t, "hafen after", byNet["net_hafen"].Total, 0)
	byNet, _ = s.MembershipsOfNetworks(ctx, []string{"net_mitte"}, nil, domain.PageArgs{First: 1})
	mustEqual(t, "page", idsOf(byNet["net_mitte"].Items), []string{"mem_school"})
	mustEqual(t, "page total", byNet["net_mitte"].Total, 2)

	up, err := s.UpdateMembership(ctx, m.ID, domain.MembershipUpdate{Role: cleared[*string](), SpanUpdate: domain.SpanUpdate{ValidTo: domain.To(day("2024-06-30"))}})
	wantErr(t, err, nil, "")
	if up.Role != nil || *up.ValidTo != *day("2024-06-30") {
		t.Errorf("updated = %+v", up)
	}
	_, err = s.UpdateMembership(ctx, m.ID, domain.MembershipUpdate{SpanUpdate: domain.SpanUpdate{ValidFrom: domain.To(day("2024-07-01"))}})
	wantErr(t, err, domain.ErrInvalid, "input.validTo")
	_, err = s.UpdateMembership(ctx, "mem_nope", domain.MembershipUpdate{Role: domain.To(ptr("x"))})
	wantErr(t, err, domain.ErrNotFound, "")

	for _, tt := range []struct {
		name  string
		m     domain.Membership
		field string
	}{
		{"unknown actor", domain.Membership{ActorID: "act_x", NetworkID: "net_hafen"}, "input.actor"},
		{"unknown network", domain.Membership{ActorID: "act_amt", NetworkID: "net_x"}, "input.network"},
		{"span", domain.Membership{ActorID: "act_amt", NetworkID: "net_hafen",
			Span: domain.Span{ValidFrom: day("2024-01-01"), ValidTo: day("2023-01-01")}}, "input.validTo"},
		{"bad id", domain.Membership{ID: "mem_", ActorID: "act_amt", NetworkID: "net_hafen"}, "input.id"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.AddMembership(ctx, tt.m)
			wantErr(t, err, domain.ErrInvalid, tt.field)
		})
	}
	_, err = s.RemoveMembership(ctx, m.ID)
	wantErr(t, err, nil, "")
	_, err = s.RemoveMembership(ctx, m.ID)
	wantErr(t, err, domain.ErrNotFound, "")
}
