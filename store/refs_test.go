package store

import (
	"context"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
)

// TestFiltersOnRecordsAskOnce: a list filtered by records named by id
// checks, in the one statement that reads it, that the caller sees them
// (issue 14: a statement of its own for the check cost Neo4j a fifth of
// a page of services). A filter naming a vocabulary entry by its code,
// or a record the caller does not see or that does not exist, costs the
// statements that resolve the code or find the error; the answers and
// errors are those of a check before the list.
func TestFiltersOnRecordsAskOnce(t *testing.T) {
	ctx, s := setupBase(t)
	admin := domain.WithAccess(ctx, domain.System)
	viewer := domain.WithAccess(ctx, domain.Access{Subject: "v", Role: domain.RoleViewer, Districts: []string{"nbh_mitte"}})
	services := func(f *domain.ServiceFilter, count bool) func(context.Context) ([]string, error) {
		return func(ctx context.Context) ([]string, error) {
			p, err := s.ListServices(ctx, f, nil, domain.PageArgs{First: 10, NoCount: !count})
			return idsOf(p.Items), err
		}
	}
	actors := func(f *domain.ActorFilter) func(context.Context) ([]string, error) {
		return func(ctx context.Context) ([]string, error) {
			p, err := s.ListActors(ctx, f, nil, domain.PageArgs{First: 10})
			return idsOf(p.Items), err
		}
	}
	search := func(scope string) func(context.Context) ([]string, error) {
		return func(ctx context.Context) ([]string, error) {
			hits, err := s.Search(ctx, domain.SearchQuery{Text: "jugend", Limit: 10, Scope: &scope, Fields: domain.Fields{"name": true}})
			ids := make([]string, len(hits))
			for i, h := range hits {
				ids[i] = h.Node.NodeID()
			}
			return ids, err
		}
	}
	for _, tc := range []struct {
		name       string
		ctx        context.Context
		list       func(context.Context) ([]string, error)
		want       []string
		statements int
		errField   string
	}{
		{"services by target group id", admin, services(&domain.ServiceFilter{TargetGroup: ptr("tg_kids")}, true),
			[]string{"svc_district", "svc_lern"}, 1, ""},
		{"the same page uncounted", admin, services(&domain.ServiceFilter{TargetGroup: ptr("tg_kids")}, false),
			[]string{"svc_district", "svc_lern"}, 1, ""},
		{"services by target group and topic ids", admin, services(&domain.ServiceFilter{TargetGroup: ptr("tg_kids"), Topic: ptr("top_edu")}, true),
			[]string{"svc_lern"}, 1, ""},
		{"services by target group and topic codes", admin, services(&domain.ServiceFilter{TargetGroup: ptr("CHILDREN"), Topic: ptr("EDUCATION")}, true),
			[]string{"svc_lern"}, 3, ""},
		{"services by a target group's code and a topic's id", admin, services(&domain.ServiceFilter{TargetGroup: ptr("CHILDREN"), Topic: ptr("top_edu")}, false),
			[]string{"svc_lern"}, 3, ""},
		{"an empty list by ids", admin, services(&domain.ServiceFilter{TargetGroup: ptr("tg_seniors"), Topic: ptr("top_edu")}, true),
			[]string{}, 1, ""},
		{"an empty uncounted page by ids asks again", admin, services(&domain.ServiceFilter{TargetGroup: ptr("tg_seniors"), Topic: ptr("top_edu"), NameContains: ptr("treff")}, false),
			[]string{}, 2, ""},
		{"an empty uncounted listing page does not", admin, services(&domain.ServiceFilter{TargetGroup: ptr("tg_seniors"), Topic: ptr("top_edu")}, false),
			[]string{}, 1, ""},
		{"a target group that does not exist", admin, services(&domain.ServiceFilter{TargetGroup: ptr("tg_nope")}, true),
			nil, 0, "filter.targetGroup"},
		{"a viewer's quarter", viewer, actors(&domain.ActorFilter{Neighbourhood: ptr("nbh_sued")}),
			[]string{"act_club"}, 1, ""},
		{"a quarter the viewer does not see", viewer, actors(&domain.ActorFilter{Neighbourhood: ptr("nbh_hafen")}),
			nil, 0, "filter.neighbourhood"},
		{"a network the viewer does not see", viewer, actors(&domain.ActorFilter{Network: ptr("net_hafen")}),
			nil, 0, "filter.network"},
		{"a search in a viewer's district", viewer, search("nbh_mitte"), []string{"act_amt", "act_club"}, 1, ""},
		{"a search in a district the viewer does not see", viewer, search("nbh_ost"), nil, 0, "scope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pctx, prof := WithProfile(tc.ctx)
			got, err := tc.list(pctx)
			if tc.errField != "" {
				wantErr(t, err, domain.ErrInvalid, tc.errField)
				return
			}
			wantErr(t, err, nil, "")
			mustEqual(t, "ids", got, tc.want)
			mustEqual(t, "statements", prof.Statements(), tc.statements)
		})
	}
}
