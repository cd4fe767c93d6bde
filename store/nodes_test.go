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
