package store

import (
	"math"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
)

func TestListCooperations(t *testing.T) {
	ctx, s := setupBase(t)
	// school_club: school->club from 2021-01-01; funding: amt->club
	// 2023-01-01..2023-12-31; club_hafen: club->hafen, open.
	_, err := s.UpdateCooperation(ctx, "coo_funding", domain.CooperationUpdate{MetaUpdate: confirmed(day("2024-06-01"))})
	wantErr(t, err, nil, "")
	all := []string{"coo_funding", "coo_school_club", "coo_club_hafen"}
	tests := []struct {
		name string
		f    *domain.CooperationFilter
		want []string
	}{
		{"latest first, open start last", nil, all},
		{"kind", &domain.CooperationFilter{Kinds: []domain.CooperationKind{domain.CoopFunding}}, []string{"coo_funding"}},
		{"kinds", &domain.CooperationFilter{Kinds: []domain.CooperationKind{domain.CoopFunding, domain.CoopJointEvents}}, []string{"coo_funding", "coo_club_hafen"}},
		{"actor at both ends", &domain.CooperationFilter{Actor: ptr("act_club")}, all},
		{"actor at start", &domain.CooperationFilter{Actor: ptr("act_school")}, []string{"coo_school_club"}},
		{"actor at end", &domain.CooperationFilter{Actor: ptr("act_hafen")}, []string{"coo_club_hafen"}},
		{"both ends in district", &domain.CooperationFilter{Neighbourhood: ptr("nbh_mitte")}, []string{"coo_funding", "coo_school_club"}},
		{"one end in quarter", &domain.CooperationFilter{Neighbourhood: ptr("nbh_sued")}, []string{}},
		{"both ends in city", &domain.CooperationFilter{Neighbourhood: ptr("nbh_city")}, all},
		{"asOf last day", &domain.CooperationFilter{AsOf: day("2023-12-31")}, all},
		{"asOf first day", &domain.CooperationFilter{AsOf: day("2023-01-01")}, all},
		{"asOf after end", &domain.CooperationFilter{AsOf: day("2024-01-01")}, []string{"coo_school_club", "coo_club_hafen"}},
		{"asOf before all", &domain.CooperationFilter{AsOf: day("2020-12-31")}, []string{"coo_club_hafen"}},
		{"confirmed before", &domain.CooperationFilter{ConfirmedBefore: day("2024-06-01")}, []string{"coo_school_club", "coo_club_hafen"}},
		{"combined", &domain.CooperationFilter{Actor: ptr("act_club"), Kinds: []domain.CooperationKind{domain.CoopReferral}}, []string{}},
		{"started in 2021", &domain.CooperationFilter{StartedBetween: period("2021-01-01", "2021-12-31")}, []string{"coo_school_club"}},
		{"started on its first day", &domain.CooperationFilter{StartedBetween: period("2023-01-01", "2023-01-01")}, []string{"coo_funding"}},
		{"started 2020 to 2023", &domain.CooperationFilter{StartedBetween: period("2020-01-01", "2023-12-31")}, []string{"coo_funding", "coo_school_club"}},
		{"ended in 2023", &domain.CooperationFilter{EndedBetween: period("2023-01-01", "2023-12-31")}, []string{"coo_funding"}},
		{"ended the day after", &domain.CooperationFilter{EndedBetween: period("2024-01-01", "2024-12-31")}, []string{}},
		// An open end never ended, an open start never started in a period.
		{"ended ever", &domain.CooperationFilter{EndedBetween: period("1900-01-01", "2100-01-01")}, []string{"coo_funding"}},
		{"started and ended", &domain.CooperationFilter{StartedBetween: period("2023-01-01", "2023-06-30"),
			EndedBetween: period("2023-07-01", "2023-12-31"), Actor: ptr("act_club")}, []string{"coo_funding"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := s.ListCooperations(ctx, tt.f, nil, domain.PageArgs{First: 10})
			wantErr(t, err, nil, "")
			mustEqual(t, "cooperations", idsOf(page.Items), tt.want)
			mustEqual(t, "total", page.Total, len(tt.want))
		})
	}
	page, err := s.ListCooperations(ctx, nil, nil, domain.PageArgs{First: 1, Offset: 1})
	wantErr(t, err, nil, "")
	mustEqual(t, "page", idsOf(page.Items), []string{"coo_school_club"})
	mustEqual(t, "page total", page.Total, 3)
}

func TestPartnersOf(t *testing.T) {
	ctx, s := setupBase(t)
	pages, err := s.PartnersOf(ctx, []string{"act_club", "act_school", "act_nope"}, nil, nil, domain.PageArgs{First: 10}, true)
	wantErr(t, err, nil, "")
	// Partners of the club by name: Grundschule am Park, Hafenverein, Jugendamt Mitte.
	mustEqual(t, "club", idsOf(pages["act_club"].Items), []string{"coo_school_club", "coo_club_hafen", "coo_funding"})
	mustEqual(t, "school", idsOf(pages["act_school"].Items), []string{"coo_school_club"})
	mustEqual(t, "unknown", pages["act_nope"].Total, 0)
	c := pages["act_school"].Items[0]
	mustEqual(t, "ends", [2]string{c.FromID, c.ToID}, [2]string{"act_school", "act_club"})
	mustEqual(t, "partner", c.Partner.ID, "act_club")
	mustEqual(t, "the school's partner", pages["act_club"].Items[0].Partner.ID, "act_school")

	pages, err = s.PartnersOf(ctx, []string{"act_club"}, []domain.CooperationKind{domain.CoopFunding}, nil, domain.PageArgs{First: 10}, true)
	wantErr(t, err, nil, "")
	mustEqual(t, "funding", idsOf(pages["act_club"].Items), []string{"coo_funding"})
	pages, err = s.PartnersOf(ctx, []string{"act_club"}, nil, day("2024-01-01"), domain.PageArgs{First: 10}, true)
	wantErr(t, err, nil, "")
	mustEqual(t, "asOf", idsOf(pages["act_club"].Items), []string{"coo_school_club", "coo_club_hafen"})
	pages, err = s.PartnersOf(ctx, []string{"act_club"}, nil, nil, domain.PageArgs{First: 2, Offset: 2}, true)
	wantErr(t, err, nil, "")
	mustEqual(t, "last page", idsOf(pages["act_club"].Items), []string{"coo_funding"})
	mustEqual(t, "last page total", pages["act_club"].Total, 3)
}

func TestCooperationRoundTrip(t *testing.T) {
	ctx, s := setupBase(t)
	c, err := s.AddCooperation(ctx, domain.Cooperation{FromID: "act_club", ToID: "act_school", Kind: domain.CoopReferral,
		Strength: 0.5, Directed: true, Description: ptr("Verweise"), Span: domain.Span{ValidFrom: day("2024-01-01")},
		Meta: domain.Meta{ExternalKey: ptr("coop-1")}})
	wantErr(t, err, nil, "")
	got, err := s.Cooperations(ctx, []string{c.ID, "coo_nope"})
	wantErr(t, err, nil, "")
	mustEqual(t, "read back", got[c.ID], c)
	mustEqual(t, "read", len(got), 1)

	up, err := s.UpdateCooperation(ctx, c.ID, domain.CooperationUpdate{Kind: domain.To(ptr(domain.CoopJointProject)), Strength: domain.To(ptr(1.0)),
		Directed: domain.To(ptr(false)), Description: cleared[*string](), SpanUpdate: domain.SpanUpdate{ValidTo: domain.To(day("2024-12-31"))}})
	wantErr(t, err, nil, "")
	if up.Kind != domain.CoopJointProject || up.Strength != 1 || up.Directed || up.Description != nil || up.ValidTo == nil {
		t.Errorf("updated = %+v", up)
	}
	mustEqual(t, "ends kept", [2]string{up.FromID, up.ToID}, [2]string{"act_club", "act_school"})
	for _, tt := range []struct {
		name  string
		p     domain.CooperationUpdate
		field string
	}{
		{"strength above 1", domain.CooperationUpdate{Strength: domain.To(ptr(1.01))}, "input.strength"},
		{"negative strength", domain.CooperationUpdate{Strength: domain.To(ptr(-0.1))}, "input.strength"},
		{"null strength", domain.CooperationUpdate{Strength: cleared[*float64]()}, "input.strength"},
		{"bad kind", domain.CooperationUpdate{Kind: domain.To(ptr(domain.CooperationKind("FRIENDSHIP")))}, "input.kind"},
		{"end before start", domain.CooperationUpdate{SpanUpdate: domain.SpanUpdate{ValidTo: domain.To(day("2023-12-31"))}}, "input.validTo"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.UpdateCooperation(ctx, c.ID, tt.p)
			wantErr(t, err, domain.ErrInvalid, tt.field)
		})
	}
	_, err = s.UpdateCooperation(ctx, "coo_nope", domain.CooperationUpdate{Strength: domain.To(ptr(0.1))})
	wantErr(t, err, domain.ErrNotFound, "")
	_, err = s.UpdateCooperation(ctx, "coo_funding", domain.CooperationUpdate{MetaUpdate: domain.MetaUpdate{ExternalKey: domain.To(ptr("coop-1"))}})
	wantErr(t, err, domain.ErrConflict, "")

	_, err = s.RemoveCooperation(ctx, c.ID)
	wantErr(t, err, nil, "")
	_, err = s.RemoveCooperation(ctx, c.ID)
	wantErr(t, err, domain.ErrNotFound, "")
}

func TestAddCooperationErrors(t *testing.T) {
	ctx, s := setupBase(t)
	valid := domain.Cooperation{FromID: "act_hafen", ToID: "act_amt", Kind: domain.CoopSharedRooms, Strength: 0.5,
		Meta: domain.Meta{ExternalKey: ptr("taken")}}
	_, err := s.AddCooperation(ctx, valid)
	wantErr(t, err, nil, "")
	tests := []struct {
		name   string
		change func(c *domain.Cooperation)
		target error
		field  string
	}{
		{"self", func(c *domain.Cooperation) { c.ToID = "act_hafen" }, domain.ErrInvalid, "input.to"},
		{"unknown from", func(c *domain.Cooperation) { c.FromID = "act_x" }, domain.ErrInvalid, "input.from"},
		{"unknown to", func(c *domain.Cooperation) { c.ToID = "act_x" }, domain.ErrInvalid, "input.to"},
		{"strength above 1", func(c *domain.Cooperation) { c.Strength = 1.5 }, domain.ErrInvalid, "input.strength"},
		{"negative strength", func(c *domain.Cooperation) { c.Strength = -1 }, domain.ErrInvalid, "input.strength"},
		{"NaN strength", func(c *domain.Cooperation) { c.Strength = math.NaN() }, domain.ErrInvalid, "input.strength"},
		{"bad kind", func(c *domain.Cooperation) { c.Kind = "" }, domain.ErrInvalid, "input.kind"},
		{"span", func(c *domain.Cooperation) { c.ValidFrom, c.ValidTo = day("2024-01-02"), day("2024-01-01") }, domain.ErrInvalid, "input.validTo"},
		{"duplicate external key", func(c *domain.Cooperation) {}, domain.ErrConflict, ""},
		{"bounds are valid", func(c *domain.Cooperation) { c.Strength, c.ExternalKey = 0, nil }, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid
			tt.change(&c)
			_, err := s.AddCooperation(ctx, c)
			wantErr(t, err, tt.target, tt.field)
		})
	}
}

func period(from, to string) *domain.Period { return &domain.Period{From: *day(from), To: *day(to)} }
