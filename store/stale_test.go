package store

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
)

// stalePin is "today" of the stale-record tests, pinned so that the
// base dataset's ends (all before 2024) stay in the past.
var stalePin = *day("2026-12-06")

func staleIDs(items []domain.StaleRecord) []string {
	out := make([]string, len(items))
	for i, r := range items {
		out[i] = r.ID
	}
	return out
}

func TestStaleRecords(t *testing.T) {
	ctx, s := setupBase(t)
	_, err := s.UpdateActor(ctx, "act_school", domain.ActorUpdate{MetaUpdate: confirmed(day("2024-01-01"))})
	wantErr(t, err, nil, "")
	_, err = s.UpdateCooperation(ctx, "coo_funding", domain.CooperationUpdate{MetaUpdate: confirmed(day("2023-06-01"))})
	wantErr(t, err, nil, "")
	_, err = s.UpdateNeed(ctx, "ned_hafen", domain.NeedUpdate{MetaUpdate: confirmed(day("2025-01-01"))})
	wantErr(t, err, nil, "")

	// Every node and cooperation of the base dataset, never confirmed: by id.
	var never []string
	ds := baseDataset()
	for _, list := range [][]string{idsOf(ds.TargetGroups), idsOf(ds.Topics), idsOf(ds.Neighbourhoods), idsOf(ds.Actors),
		idsOf(ds.People), idsOf(ds.Services), idsOf(ds.Needs), idsOf(ds.Cooperations), idsOf(ds.Networks), idsOf(ds.Events)} {
		for _, id := range list {
			if !slices.Contains([]string{"act_school", "coo_funding", "ned_hafen"}, id) {
				never = append(never, id)
			}
		}
	}
	slices.Sort(never)
	// The types the list had before roles and memberships joined it, with
	// ended records, as it listed them then.
	nodes := domain.StaleFilter{Types: slices.DeleteFunc(slices.Clone(domain.RecordTypes), func(t domain.RecordType) bool {
		return t == domain.TypeRole || t == domain.TypeMembership
	}), IncludeEnded: true, Today: stalePin}
	at := func(before string) domain.StaleFilter { f := nodes; f.ConfirmedBefore = *day(before); return f }

	page, err := s.StaleRecords(ctx, at("2024-06-01"), domain.PageArgs{First: 100})
	wantErr(t, err, nil, "")
	mustEqual(t, "stale", staleIDs(page.Items), append(slices.Clone(never), "coo_funding", "act_school"))
	mustEqual(t, "total", page.Total, len(never)+2)
	last := page.Items[len(page.Items)-1]
	if _, ok := last.Record.(*domain.Institution); !ok || last.Type != domain.TypeActor || last.NeverConfirmed() {
		t.Errorf("last record is %T of type %s (never confirmed: %v)", last.Record, last.Type, last.NeverConfirmed())
	}
	if c, ok := page.Items[len(page.Items)-2].Record.(*domain.Cooperation); !ok || c.FromID != "act_amt" {
		t.Errorf("cooperation record = %#v", page.Items[len(page.Items)-2])
	}
	mustEqual(t, "lastConfirmed", *last.Record.RecordMeta().LastConfirmed, *day("2024-01-01"))
	if !page.Items[0].NeverConfirmed() {
		t.Errorf("first record %s is not flagged never confirmed", page.Items[0].ID)
	}

	// Confirmed on the day itself is not stale.
	page, err = s.StaleRecords(ctx, at("2024-01-01"), domain.PageArgs{First: 2, Offset: len(never) - 1})
	wantErr(t, err, nil, "")
	mustEqual(t, "page", staleIDs(page.Items), []string{never[len(never)-1], "coo_funding"})
	mustEqual(t, "page total", page.Total, len(never)+1)
	page, err = s.StaleRecords(ctx, at("2024-01-01"), domain.PageArgs{First: 10, Offset: 100})
	wantErr(t, err, nil, "")
	mustEqual(t, "empty page", len(page.Items), 0)
	mustEqual(t, "empty page total", page.Total, len(never)+1)

	// Every kind of record maps to its type, roles and memberships too.
	all := domain.StaleFilter{ConfirmedBefore: *day("2030-01-01"), IncludeEnded: true, Today: stalePin}
	page, _ = s.StaleRecords(ctx, all, domain.PageArgs{First: 100})
	types := map[string]bool{}
	for _, r := range page.Items {
		types[fmt.Sprintf("%T", r.Record)] = true
	}
	mustEqual(t, "record types", len(types), 13)
}

// TestStaleRecordsFilters works through the base dataset by hand (nothing
// in it is confirmed, so every list is in id order). Nordkiez and Südkiez
// lie in Mitte, Hafenkiez in Ost; the Jugendamt is active in Mitte
// itself. Ended before today: rol_anna_school (2023), coo_funding (2023),
// ned_hafen (2022), mem_hafen (2020).
func TestStaleRecordsFilters(t *testing.T) {
	ctx, s := setupBase(t)
	coordinator := domain.WithAccess(ctx, domain.Access{Subject: "c", Role: domain.RoleCoordinator, Districts: []string{"nbh_mitte"}})
	tests := []struct {
		name  string
		admin bool
		f     domain.StaleFilter
		want  []string
	}{
		// Südkiez: the club's role, membership and service, and the
		// cooperations with the club at one end (coo_funding ended).
		{"scope Südkiez", true, domain.StaleFilter{Scope: ptr("nbh_sued"),
			Types: []domain.RecordType{domain.TypeRole, domain.TypeMembership, domain.TypeService, domain.TypeCooperation}},
			[]string{"coo_club_hafen", "coo_school_club", "mem_club", "rol_anna_club", "svc_lern"}},
		{"scope Südkiez with ended", true, domain.StaleFilter{Scope: ptr("nbh_sued"), IncludeEnded: true,
			Types: []domain.RecordType{domain.TypeCooperation}},
			[]string{"coo_club_hafen", "coo_funding", "coo_school_club"}},
		// Places inside the scope only, never the city above it;
		// vocabularies are in no scope.
		{"places of Mitte", true, domain.StaleFilter{Scope: ptr("nbh_mitte"),
			Types: []domain.RecordType{domain.TypeNeighbourhood, domain.TypeTopic}},
			[]string{"nbh_mitte", "nbh_nord", "nbh_sued"}},
		// A coordinator of Mitte: what lies wholly in Mitte. The club's
		// cooperation with the Hafenverein and the Seniorentreff touch
		// Ost.
		{"coordinator of Mitte", false, domain.StaleFilter{
			Types: []domain.RecordType{domain.TypeCooperation, domain.TypeMembership, domain.TypeService, domain.TypeNeed}},
			[]string{"coo_school_club", "mem_club", "mem_school", "ned_nord_edu", "ned_sued_health", "svc_district", "svc_lern"}},
		{"coordinator of Mitte, read-only too", false, domain.StaleFilter{IncludeReadOnly: true,
			Types: []domain.RecordType{domain.TypeCooperation, domain.TypeMembership, domain.TypeService, domain.TypeNeed}},
			[]string{"coo_club_hafen", "coo_school_club", "mem_club", "mem_school", "ned_nord_edu", "ned_sued_health",
				"svc_district", "svc_hafen", "svc_lern"}},
		// Places and vocabularies are reference data: admins' to confirm.
		{"coordinator, vocabulary and places", false, domain.StaleFilter{
			Types: []domain.RecordType{domain.TypeTargetGroup, domain.TypeNeighbourhood}}, []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := coordinator
			if tc.admin {
				c = ctx
			}
			tc.f.ConfirmedBefore, tc.f.Today = *day("2026-01-01"), stalePin
			page, err := s.StaleRecords(c, tc.f, domain.PageArgs{First: 100})
			wantErr(t, err, nil, "")
			mustEqual(t, "ids", staleIDs(page.Items), tc.want)
		})
	}
	_, err := s.StaleRecords(ctx, domain.StaleFilter{Scope: ptr("nbh_nowhere"), Today: stalePin}, domain.PageArgs{First: 1})
	wantErr(t, err, domain.ErrInvalid, "scope")
}

// TestConfirmRecords: all or nothing, checked and audited per record.
func TestConfirmRecords(t *testing.T) {
	ctx, s := setupBase(t)
	coordinator := domain.WithAccess(ctx, domain.Access{Subject: "c", Role: domain.RoleCoordinator, Districts: []string{"nbh_mitte"}})
	entries := func() int {
		p, err := s.AuditTrail(ctx, &domain.AuditFilter{Operation: ptr("confirmRecords")}, domain.PageArgs{First: 100})
		wantErr(t, err, nil, "")
		return p.Total
	}
	confirmed := func(id string) *string {
		n, err := s.Node(ctx, id)
		wantErr(t, err, nil, "")
		if d := n.(domain.Record).RecordMeta().LastConfirmed; d != nil {
			return ptr(d.Format("2006-01-02"))
		}
		return nil
	}

	// One record outside Mitte (the Seniorentreff in Hafenkiez) or one
	// unknown id, and nothing is confirmed.
	_, err := s.ConfirmRecords(coordinator, []string{"svc_lern", "svc_hafen"}, *day("2026-12-01"))
	wantErr(t, err, domain.ErrForbidden, "")
	if !strings.Contains(err.Error(), "svc_hafen") {
		t.Errorf("refusal %q does not name svc_hafen", err)
	}
	_, err = s.ConfirmRecords(coordinator, []string{"svc_lern", "svc_nope"}, *day("2026-12-01"))
	wantErr(t, err, domain.ErrInvalid, "ids")
	if !strings.Contains(err.Error(), "svc_nope") {
		t.Errorf("error %q does not name svc_nope", err)
	}
	_, err = s.ConfirmRecords(coordinator, []string{"svc_lern", "nbh_nord"}, *day("2026-12-01"))
	wantErr(t, err, domain.ErrForbidden, "")
	mustEqual(t, "svc_lern after refusals", confirmed("svc_lern"), (*string)(nil))
	mustEqual(t, "entries after refusals", entries(), 0)

	got, err := s.ConfirmRecords(coordinator, []string{"svc_lern", "rol_anna_club", "mem_club"}, *day("2026-12-01"))
	wantErr(t, err, nil, "")
	mustEqual(t, "confirmed", staleIDs(got), []string{"svc_lern", "rol_anna_club", "mem_club"})
	mustEqual(t, "types", []domain.RecordType{got[0].Type, got[1].Type, got[2].Type},
		[]domain.RecordType{domain.TypeService, domain.TypeRole, domain.TypeMembership})
	for _, r := range got {
		mustEqual(t, r.ID+" lastConfirmed", r.Record.RecordMeta().LastConfirmed.Format("2006-01-02"), "2026-12-01")
	}
	mustEqual(t, "entries", entries(), 3)
	// An earlier day never moves a confirmation back; the write is
	// still recorded.
	_, err = s.ConfirmRecords(coordinator, []string{"svc_lern"}, *day("2026-11-01"))
	wantErr(t, err, nil, "")
	mustEqual(t, "svc_lern", *confirmed("svc_lern"), "2026-12-01")
	mustEqual(t, "entries", entries(), 4)
}

// TestStaleRecordsPagesPutTogether pages the stale list of every type
// with records confirmed on several days (ties included) and never, in
// pages of 1, 2 and 5, counted and not: the pages, put together, are the
// one list, and every counted page says its length. Each page reads the
// first offset+first+1 candidates of each type and part in index order
// (staleMerged), so a page across the border between the never
// confirmed and the confirmed, or between two types, is where it breaks.
func TestStaleRecordsPagesPutTogether(t *testing.T) {
	ctx, s := setupBase(t)
	for id, on := range map[string]string{"act_school": "2024-01-01", "act_club": "2024-01-01", "svc_lern": "2023-05-05",
		"ned_hafen": "2024-01-01", "tg_kids": "2022-02-02", "nbh_sued": "2023-05-05"} {
		if _, err := s.ConfirmRecords(ctx, []string{id}, *day(on)); err != nil {
			t.Fatalf("confirm %s: %v", id, err)
		}
	}
	f := domain.StaleFilter{ConfirmedBefore: *day("2030-01-01"), IncludeEnded: true, Today: stalePin}
	whole, err := s.StaleRecords(ctx, f, domain.PageArgs{First: 100})
	wantErr(t, err, nil, "")
	want := staleIDs(whole.Items)
	if len(want) < 20 || whole.Total != len(want) {
		t.Fatalf("the whole list: %d records, total %d", len(want), whole.Total)
	}
	for _, size := range []int{1, 2, 5} {
		var got []string
		for offset, i := 0, 0; ; offset, i = offset+size, i+1 {
			p, err := s.StaleRecords(ctx, f, domain.PageArgs{First: size, Offset: offset, NoCount: i%2 == 1})
			wantErr(t, err, nil, "")
			if i%2 == 0 && p.Total != len(want) {
				t.Errorf("pages of %d: total %d at offset %d, want %d", size, p.Total, offset, len(want))
			}
			got = append(got, staleIDs(p.Items)...)
			if !p.HasNext() {
				break
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("pages of %d put together:\n%v\nwant\n%v", size, got, want)
		}
	}
}
