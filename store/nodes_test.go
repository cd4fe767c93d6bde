package store

import (
	"fmt"
	"slices"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
)

func TestNode(t *testing.T) {
	ctx, s := setupBase(t)
	tests := []struct {
		id   string
		want string // type
	}{
		{"nbh_nord", "*domain.Neighbourhood"},
		{"act_school", "*domain.Institution"},
		{"act_club", "*domain.Organisation"},
		{"per_anna", "*domain.Person"},
		{"tg_kids", "*domain.TargetGroup"},
		{"top_edu", "*domain.Topic"},
		{"svc_lern", "*domain.Service"},
		{"ned_hafen", "*domain.Need"},
		{"coo_funding", "*domain.Cooperation"},
		{"net_mitte", "*domain.Network"},
		{"evt_spring", "*domain.Event"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			n, err := s.Node(ctx, tt.id)
			wantErr(t, err, nil, "")
			mustEqual(t, "type", fmt.Sprintf("%T", n), tt.want)
			mustEqual(t, "id", n.NodeID(), tt.id)
			if _, ok := n.(domain.Record); !ok {
				t.Errorf("%T is not a record", n)
			}
		})
	}
	for _, id := range []string{"act_missing", "rol_anna_school", "mem_school", "xyz_1", "nouscore", ""} {
		_, err := s.Node(ctx, id)
		wantErr(t, err, domain.ErrNotFound, "")
	}
	svc, _ := s.Node(ctx, "svc_lern")
	mustEqual(t, "service provider", svc.(*domain.Service).ProviderID, "act_club")
	need, _ := s.Node(ctx, "ned_nord_edu")
	mustEqual(t, "need neighbourhood", need.(*domain.Need).NeighbourhoodID, "nbh_nord")
}

func TestNodes(t *testing.T) {
	ctx, s := setupBase(t)
	ids := []string{"act_club", "nbh_nord", "act_school", "x_1", "act_missing", "nbh_nord", "rol_anna_school", "evt_fest"}
	before := s.QueryCount()
	nodes, err := s.Nodes(ctx, ids)
	wantErr(t, err, nil, "")
	mustEqual(t, "queries (one per type present)", s.QueryCount()-before, int64(3))
	mustEqual(t, "length", len(nodes), len(ids))
	for i, id := range ids {
		wantNil := slices.Contains([]string{"x_1", "act_missing", "rol_anna_school"}, id)
		switch {
		case wantNil && nodes[i] != nil:
			t.Errorf("nodes[%d] = %v, want nil", i, nodes[i])
		case !wantNil && (nodes[i] == nil || nodes[i].NodeID() != id):
			t.Errorf("nodes[%d] = %v, want %s", i, nodes[i], id)
		}
	}
	if _, ok := nodes[2].(*domain.Institution); !ok {
		t.Errorf("nodes[2] is %T", nodes[2])
	}
	nodes, err = s.Nodes(ctx, nil)
	wantErr(t, err, nil, "")
	mustEqual(t, "no ids", len(nodes), 0)
}

func TestStaleRecords(t *testing.T) {
	ctx, s := setupBase(t)
	_, err := s.UpdateActor(ctx, "act_school", Patch{"lastConfirmed": *day("2024-01-01")}, nil)
	wantErr(t, err, nil, "")
	_, err = s.UpdateCooperation(ctx, "coo_funding", Patch{"lastConfirmed": *day("2023-06-01")})
	wantErr(t, err, nil, "")
	_, err = s.UpdateNeed(ctx, "ned_hafen", Patch{"lastConfirmed": *day("2025-01-01")})
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
	recordIDs := func(items []domain.Record) []string {
		out := make([]string, len(items))
		for i, r := range items {
			out[i] = r.(domain.Node).NodeID()
		}
		return out
	}

	page, err := s.StaleRecords(ctx, *day("2024-06-01"), domain.PageArgs{First: 100})
	wantErr(t, err, nil, "")
	mustEqual(t, "stale", recordIDs(page.Items), append(slices.Clone(never), "coo_funding", "act_school"))
	mustEqual(t, "total", page.Total, len(never)+2)
	if _, ok := page.Items[len(page.Items)-1].(*domain.Institution); !ok {
		t.Errorf("last record is %T", page.Items[len(page.Items)-1])
	}
	if c, ok := page.Items[len(page.Items)-2].(*domain.Cooperation); !ok || c.FromID != "act_amt" {
		t.Errorf("cooperation record = %#v", page.Items[len(page.Items)-2])
	}
	mustEqual(t, "lastConfirmed", *page.Items[len(page.Items)-1].RecordMeta().LastConfirmed, *day("2024-01-01"))

	// Confirmed on the day itself is not stale.
	page, err = s.StaleRecords(ctx, *day("2024-01-01"), domain.PageArgs{First: 2, Offset: len(never) - 1})
	wantErr(t, err, nil, "")
	mustEqual(t, "page", recordIDs(page.Items), []string{never[len(never)-1], "coo_funding"})
	mustEqual(t, "page total", page.Total, len(never)+1)
	page, err = s.StaleRecords(ctx, *day("2024-01-01"), domain.PageArgs{First: 10, Offset: 100})
	wantErr(t, err, nil, "")
	mustEqual(t, "empty page", len(page.Items), 0)
	mustEqual(t, "empty page total", page.Total, len(never)+1)

	// Every kind of record maps to its type.
	page, _ = s.StaleRecords(ctx, *day("2030-01-01"), domain.PageArgs{First: 100})
	types := map[string]bool{}
	for _, r := range page.Items {
		types[fmt.Sprintf("%T", r)] = true
	}
	mustEqual(t, "record types", len(types), 11)
}
