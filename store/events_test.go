package store

import (
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

func TestListEvents(t *testing.T) {
	ctx, s := setupBase(t)
	// evt_spring "Kiezrunde Frühjahr" 2024-03-01 by amt in nord for
	// net_mitte with school and club; evt_fest "Hafenfest" 2023-08-15 in
	// hafen with hafen.
	both := []string{"evt_spring", "evt_fest"}
	tests := []struct {
		name string
		f    *domain.EventFilter
		want []string
	}{
		{"latest first", nil, both},
		{"name", &domain.EventFilter{NameContains: ptr("fruehjahr")}, []string{"evt_spring"}},
		{"name with umlaut", &domain.EventFilter{NameContains: ptr("Frühjahr")}, []string{"evt_spring"}},
		{"kind", &domain.EventFilter{Kinds: []domain.EventKind{domain.EventFestival}}, []string{"evt_fest"}},
		{"from is inclusive", &domain.EventFilter{From: day("2024-03-01")}, []string{"evt_spring"}},
		{"to is inclusive", &domain.EventFilter{To: day("2023-08-15")}, []string{"evt_fest"}},
		{"one day", &domain.EventFilter{From: day("2023-08-15"), To: day("2023-08-15")}, []string{"evt_fest"}},
		{"from after all", &domain.EventFilter{From: day("2024-03-02")}, []string{}},
		{"held inside", &domain.EventFilter{Neighbourhood: ptr("nbh_mitte")}, []string{"evt_spring"}},
		{"held in", &domain.EventFilter{Neighbourhood: ptr("nbh_hafen")}, []string{"evt_fest"}},
		{"city", &domain.EventFilter{Neighbourhood: ptr("nbh_city")}, both},
		{"network", &domain.EventFilter{Network: ptr("net_mitte")}, []string{"evt_spring"}},
		{"organiser", &domain.EventFilter{Actor: ptr("act_amt")}, []string{"evt_spring"}},
		{"participant", &domain.EventFilter{Actor: ptr("act_hafen")}, []string{"evt_fest"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := s.ListEvents(ctx, tt.f, nil, domain.PageArgs{First: 10})
			wantErr(t, err, nil, "")
			mustEqual(t, "events", idsOf(page.Items), tt.want)
		})
	}
	byActor, err := s.EventsOfActors(ctx, []string{"act_amt", "act_club", "act_hafen", "act_nope"}, domain.PageArgs{First: 10})
	wantErr(t, err, nil, "")
	mustEqual(t, "amt", idsOf(byActor["act_amt"].Items), []string{"evt_spring"})
	mustEqual(t, "club", idsOf(byActor["act_club"].Items), []string{"evt_spring"})
	mustEqual(t, "hafen", idsOf(byActor["act_hafen"].Items), []string{"evt_fest"})
	mustEqual(t, "nope", byActor["act_nope"].Total, 0)
	byNet, err := s.EventsOfNetworks(ctx, []string{"net_mitte", "net_hafen"}, domain.PageArgs{First: 10})
	wantErr(t, err, nil, "")
	mustEqual(t, "mitte", idsOf(byNet["net_mitte"].Items), []string{"evt_spring"})
	mustEqual(t, "hafen", byNet["net_hafen"].Total, 0)
}

func TestEventRoundTrip(t *testing.T) {
	ctx, s := setupBase(t)
	e, err := s.CreateEvent(ctx, domain.Event{Name: "Stadtteilkonferenz", Kind: domain.EventDistrictConference,
		Date: *day("2024-09-10"), OrganiserID: ptr("act_school"), NeighbourhoodID: ptr("nbh_sued"),
		NetworkID: ptr("net_mitte"), ParticipantIDs: []string{"act_club", "act_amt"}})
	wantErr(t, err, nil, "")
	mustEqual(t, "links", [3]string{*e.OrganiserID, *e.NeighbourhoodID, *e.NetworkID}, [3]string{"act_school", "nbh_sued", "net_mitte"})
	got, err := s.Events(ctx, []string{e.ID})
	wantErr(t, err, nil, "")
	mustEqual(t, "read back", got[e.ID], e)
	parts, _ := s.EventParticipants(ctx, []string{e.ID}, domain.PageArgs{First: 10})
	mustEqual(t, "participants", idsOf(parts[e.ID].Items), []string{"act_amt", "act_club"})

	// Leave the organiser, move it, drop the network, keep participants.
	up, err := s.UpdateEvent(ctx, e.ID, domain.EventUpdate{Name: domain.To(ptr("Konferenz Süd")), Date: domain.To(day("2024-09-11")),
		Neighbourhood: domain.To(ptr("nbh_nord")), Network: cleared[*string]()})
	wantErr(t, err, nil, "")
	if *up.OrganiserID != "act_school" || *up.NeighbourhoodID != "nbh_nord" || up.NetworkID != nil || up.Date != *day("2024-09-11") {
		t.Errorf("updated = %+v", up)
	}
	parts, _ = s.EventParticipants(ctx, []string{e.ID}, domain.PageArgs{First: 10})
	mustEqual(t, "participants kept", parts[e.ID].Total, 2)
	page, _ := s.ListEvents(ctx, &domain.EventFilter{NameContains: ptr("konferenz sued")}, nil, domain.PageArgs{First: 10})
	mustEqual(t, "renamed found", idsOf(page.Items), []string{e.ID})

	up, err = s.UpdateEvent(ctx, e.ID, domain.EventUpdate{Organiser: cleared[*string](), Participants: domain.To([]string{"act_hafen"})})
	wantErr(t, err, nil, "")
	if up.OrganiserID != nil || *up.NeighbourhoodID != "nbh_nord" {
		t.Errorf("updated = %+v", up)
	}
	parts, _ = s.EventParticipants(ctx, []string{e.ID}, domain.PageArgs{First: 10})
	mustEqual(t, "participants replaced", idsOf(parts[e.ID].Items), []string{"act_hafen"})
	_, err = s.UpdateEvent(ctx, e.ID, domain.EventUpdate{Participants: domain.To([]string{})})
	wantErr(t, err, nil, "")
	parts, _ = s.EventParticipants(ctx, []string{e.ID}, domain.PageArgs{First: 10})
	mustEqual(t, "participants cleared", parts[e.ID].Total, 0)

	for _, tt := range []struct {
		name  string
		u     domain.EventUpdate
		field string
	}{
		{"null date", domain.EventUpdate{Date: cleared[*time.Time]()}, "input.date"},
		{"bad kind", domain.EventUpdate{Kind: domain.To(ptr(domain.EventKind("PARTY")))}, "input.kind"},
		{"unknown organiser", domain.EventUpdate{Organiser: domain.To(ptr("act_x"))}, "input.organiser"},
		{"unknown network", domain.EventUpdate{Network: domain.To(ptr("net_x"))}, "input.network"},
		{"unknown participant", domain.EventUpdate{Participants: domain.To([]string{"act_club", "act_x"})}, "input.participants"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.UpdateEvent(ctx, e.ID, tt.u)
			wantErr(t, err, domain.ErrInvalid, tt.field)
		})
	}
	_, err = s.UpdateEvent(ctx, "evt_nope", domain.EventUpdate{Name: domain.To(ptr("x"))})
	wantErr(t, err, domain.ErrNotFound, "")

	_, err = s.DeleteEvent(ctx, e.ID)
	wantErr(t, err, nil, "")
	_, err = s.DeleteEvent(ctx, e.ID)
	wantErr(t, err, domain.ErrNotFound, "")
}

func TestCreateEventErrors(t *testing.T) {
	ctx, s := setupBase(t)
	valid := domain.Event{Name: "Treffen", Kind: domain.EventOther, Date: *day("2024-01-01")}
	tests := []struct {
		name   string
		change func(e *domain.Event)
		field  string
	}{
		{"empty name", func(e *domain.Event) { e.Name = "" }, "input.name"},
		{"bad kind", func(e *domain.Event) { e.Kind = "PARTY" }, "input.kind"},
		{"no date", func(e *domain.Event) { e.Date = time.Time{} }, "input.date"},
		{"unknown organiser", func(e *domain.Event) { e.OrganiserID = ptr("act_x") }, "input.organiser"},
		{"unknown neighbourhood", func(e *domain.Event) { e.NeighbourhoodID = ptr("nbh_x") }, "input.neighbourhood"},
		{"unknown network", func(e *domain.Event) { e.NetworkID = ptr("net_x") }, "input.network"},
		{"unknown participant", func(e *domain.Event) { e.ParticipantIDs = []string{"act_x"} }, "input.participants"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := valid
			tt.change(&e)
			_, err := s.CreateEvent(ctx, e)
			wantErr(t, err, domain.ErrInvalid, tt.field)
		})
	}
}
