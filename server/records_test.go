package server_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/seed"
)

// staleDoc lists stale records with what a coordinator needs to act.
const staleDoc = `query($scope: ID, $types: [RecordType!], $ended: Boolean, $ro: Boolean) {
  staleRecords(scope: $scope, types: $types, confirmedBefore: "` + seed.BacklogBefore + `", includeEnded: $ended, includeReadOnly: $ro, first: 100) {
    totalCount
    edges { id type neverConfirmed node { id externalKey lastConfirmed } } } }`

// staleEdge is one row of the list as a test compares it.
type staleEdge struct{ id, typ, lastConfirmed string }

// demoStale runs staleDoc with bearer and returns the rows of demo
// records (external key demo:…): other tests add records of their own,
// never confirmed, to the same quarters.
func demoStale(t *testing.T, bearer string, vars map[string]any) []staleEdge {
	t.Helper()
	r := postAs(t, srv.URL, bearer, staleDoc, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("staleRecords: %+v", r.Errors)
	}
	conn := get(r.Data, "staleRecords")
	var out []staleEdge
	for i := range count(get(conn, "edges")) {
		e := get(conn, "edges", i)
		if get(e, "id") != get(e, "node", "id") {
			t.Errorf("edge id %v, node id %v", get(e, "id"), get(e, "node", "id"))
		}
		if never := get(e, "neverConfirmed") == true; never != (get(e, "node", "lastConfirmed") == nil) {
			t.Errorf("%v: neverConfirmed %v, lastConfirmed %v", get(e, "id"), never, get(e, "node", "lastConfirmed"))
		}
		if strings.HasPrefix(str(get(e, "node", "externalKey")), "demo:") {
			out = append(out, staleEdge{str(get(e, "id")), str(get(e, "type")), str(get(e, "node", "lastConfirmed"))})
		}
	}
	return out
}

// backlogRoleID finds the family centre head's role (role ids are keyed).
func backlogRoleID(t *testing.T) string {
	t.Helper()
	d := mustPost(t, `query($id: ID!) { actor(id: $id) { roles(first: 100) { edges { node { id title } } } } }`,
		map[string]any{"id": seed.BacklogRoleActorID})
	for i := range count(get(d, "actor", "roles", "edges")) {
		if get(d, "actor", "roles", "edges", i, "node", "title") == seed.BacklogRoleTitle {
			return str(get(d, "actor", "roles", "edges", i, "node", "id"))
		}
	}
	t.Fatal("the family centre has no head")
	return ""
}

// TestStaleRecordsBacklog works through the backlog the demo city plants
// in Lindenpark (seed/demo_records.go). Every other demo record was
// confirmed on or after 2023-01-15, so before that day only these are
// stale:
//
//	act_mieterbeirat-lindenpark              never
//	coo_elternverein-koepru--islamische-…    never
//	mem_ag78-nord--familienzentrum-…         2021-05-03
//	mem_kiezrunde-bahnhofsviertel--lwb       2022-01-10  the LWB also works in Mitte: not a Nord coordinator's to change
//	svc_seniorenclub-lindenpark--…           2022-06-30  ended 2023-03-31
//	svc_familienzentrum-…--eltern-kind-…     2022-09-14
//	role of the family centre's head         2022-11-02
//	svc_bibliothek-schillerviertel--…        2021-02-01  in Mitte
//
// Never confirmed first (by id: act_ before coo_), then oldest first.
func TestStaleRecordsBacklog(t *testing.T) {
	needNeo4j(t)
	role := backlogRoleID(t)
	nord := token(t, "coordinator-nord", domain.RoleCoordinator, "nbh_nord")
	never := func(id, typ string) staleEdge { return staleEdge{id, typ, ""} }
	var (
		actor   = never(seed.BacklogActorID, "ACTOR")
		coop    = never(seed.BacklogCooperationID, "COOPERATION")
		ag78    = staleEdge{seed.BacklogMembershipID, "MEMBERSHIP", "2021-05-03"}
		lwb     = staleEdge{seed.BacklogForeignMembershipID, "MEMBERSHIP", "2022-01-10"}
		ended   = staleEdge{seed.BacklogEndedServiceID, "SERVICE", "2022-06-30"}
		group   = staleEdge{seed.BacklogServiceID, "SERVICE", "2022-09-14"}
		head    = staleEdge{role, "ROLE", "2022-11-02"}
		library = staleEdge{seed.BacklogMitteServiceID, "SERVICE", "2021-02-01"}
	)
	tests := []struct {
		name   string
		bearer string
		vars   map[string]any
		want   []staleEdge
	}{
		{"coordinator of Nord, Lindenpark", nord, map[string]any{"scope": "nbh_lindenpark"},
			[]staleEdge{actor, coop, ag78, group, head}},
		{"read-only too", nord, map[string]any{"scope": "nbh_lindenpark", "ro": true},
			[]staleEdge{actor, coop, ag78, lwb, group, head}},
		{"ended and read-only too", nord, map[string]any{"scope": "nbh_lindenpark", "ro": true, "ended": true},
			[]staleEdge{actor, coop, ag78, lwb, ended, group, head}},
		{"services and roles only", nord, map[string]any{"scope": "nbh_lindenpark", "types": []string{"SERVICE", "ROLE"}},
			[]staleEdge{group, head}},
		// Without a scope, a Nord coordinator's list is Nord's: the
		// library in Mitte is not theirs to change.
		{"coordinator of Nord, anywhere", nord, nil, []staleEdge{actor, coop, ag78, group, head}},
		// An admin changes everything; Mitte holds the library and the
		// LWB's seat at the Kiezrunde.
		{"admin, Mitte", adminToken, map[string]any{"scope": "nbh_mitte"}, []staleEdge{library, lwb}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := demoStale(t, tc.bearer, tc.vars); !slices.Equal(got, tc.want) {
				t.Errorf("staleRecords =\n%v\nwant\n%v", got, tc.want)
			}
		})
	}

	for _, tc := range []struct {
		name, bearer, query, code string
	}{
		{"unknown scope", nord, `{ staleRecords(scope: "nbh_nirgendwo", confirmedBefore: "2023-01-01") { totalCount } }`, "BAD_USER_INPUT"},
		{"viewer", token(t, "viewer-nord", domain.RoleViewer, "nbh_nord"), `{ staleRecords(confirmedBefore: "2023-01-01") { totalCount } }`, "FORBIDDEN"},
		{"public", "", `{ staleRecords(confirmedBefore: "2023-01-01") { totalCount } }`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := postAs(t, srv.URL, tc.bearer, tc.query, nil)
			if len(r.Errors) == 0 || (tc.code != "" && r.code() != tc.code) {
				t.Errorf("errors %+v, want code %s", r.Errors, tc.code)
			}
		})
	}
}

const confirmDoc = `mutation($ids: [ID!]!, $on: Date) { confirmRecords(ids: $ids, on: $on) {
  on records { __typename id lastConfirmed } } }`

// confirmAudit counts the audit entries of confirmRecords about id.
func confirmAudit(t *testing.T, id string) int {
	t.Helper()
	d := mustPost(t, `query($id: ID!) { auditTrail(filter: {target: $id, operation: "confirmRecords"}, first: 100) { totalCount } }`,
		map[string]any{"id": id})
	return num(get(d, "auditTrail", "totalCount"))
}

// TestConfirmRecords confirms part of the Lindenpark backlog: refusals
// write nothing (one bad id among good ones leaves the good ones
// unconfirmed and unaudited), a success confirms each record and writes
// one audit entry per record.
func TestConfirmRecords(t *testing.T) {
	needNeo4j(t)
	role := backlogRoleID(t)
	nord := token(t, "coordinator-nord", domain.RoleCoordinator, "nbh_nord")
	mitte := token(t, "coordinator-mitte", domain.RoleCoordinator, "nbh_mitte")
	good := []string{seed.BacklogActorID, seed.BacklogCooperationID, role}
	for _, tc := range []struct {
		name, bearer string
		ids          []string
		on           any
		code, names  string
	}{
		{"one record of Mitte among Nord's", nord, append(slices.Clone(good), seed.BacklogForeignMembershipID), nil, "FORBIDDEN", seed.BacklogForeignMembershipID},
		{"one unknown id", nord, append(slices.Clone(good), "svc_gibt-es-nicht"), nil, "BAD_USER_INPUT", "svc_gibt-es-nicht"},
		{"an id of no record type", nord, append(slices.Clone(good), "xyz_1"), nil, "BAD_USER_INPUT", "xyz_1"},
		{"a quarter (admins' reference data)", nord, append(slices.Clone(good), "nbh_lindenpark"), nil, "FORBIDDEN", "nbh_lindenpark"},
		{"coordinator of another district", mitte, good, nil, "FORBIDDEN", ""},
		{"viewer of the district", token(t, "viewer-nord", domain.RoleViewer, "nbh_nord"), good, nil, "FORBIDDEN", ""},
		{"the public", "", good, nil, "", ""},
		{"a day in the future", nord, good, "2999-01-01", "BAD_USER_INPUT", "on"},
		{"twice the same id", nord, append(slices.Clone(good), seed.BacklogActorID), nil, "BAD_USER_INPUT", seed.BacklogActorID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := postAs(t, srv.URL, tc.bearer, confirmDoc, map[string]any{"ids": tc.ids, "on": tc.on})
			if len(r.Errors) == 0 || (tc.code != "" && r.code() != tc.code) || !strings.Contains(r.Errors[0].Message, tc.names) {
				t.Fatalf("errors %+v, want code %q naming %q", r.Errors, tc.code, tc.names)
			}
			if r.Data != nil && r.Data["confirmRecords"] != nil {
				t.Errorf("refused confirmation answered %v", r.Data["confirmRecords"])
			}
			for _, id := range good {
				if n := confirmAudit(t, id); n != 0 {
					t.Errorf("%s: %d audit entries after a refusal", id, n)
				}
			}
			got := demoStale(t, nord, map[string]any{"scope": "nbh_lindenpark"})
			if len(got) != 5 || got[0].id != seed.BacklogActorID || got[0].lastConfirmed != "" {
				t.Errorf("backlog after a refusal: %v", got)
			}
		})
	}

	// Confirmed on 2026-12-01: the three leave the list, the other two
	// stay, and each confirmed record has one audit entry.
	r := postAs(t, srv.URL, nord, confirmDoc, map[string]any{"ids": good, "on": "2026-12-01"})
	if len(r.Errors) > 0 {
		t.Fatalf("confirmRecords: %+v", r.Errors)
	}
	p := get(r.Data, "confirmRecords")
	if get(p, "on") != "2026-12-01" || !slices.Equal(idsOf(get(p, "records")), good) {
		t.Fatalf("payload %v", p)
	}
	for i, typ := range []string{"Organisation", "Cooperation", "Role"} {
		if get(p, "records", i, "__typename") != typ || get(p, "records", i, "lastConfirmed") != "2026-12-01" {
			t.Errorf("record %d: %v", i, get(p, "records", i))
		}
	}
	for _, id := range good {
		if n := confirmAudit(t, id); n != 1 {
			t.Errorf("%s: %d audit entries, want 1", id, n)
		}
	}
	got := demoStale(t, nord, map[string]any{"scope": "nbh_lindenpark"})
	want := []staleEdge{{seed.BacklogMembershipID, "MEMBERSHIP", "2021-05-03"}, {seed.BacklogServiceID, "SERVICE", "2022-09-14"}}
	if !slices.Equal(got, want) {
		t.Errorf("backlog after confirming = %v, want %v", got, want)
	}
	// Without a day, today: the answer says which day that was, and the
	// record carries it.
	r = postAs(t, srv.URL, nord, confirmDoc, map[string]any{"ids": []string{seed.BacklogServiceID}})
	if len(r.Errors) > 0 {
		t.Fatalf("confirmRecords: %+v", r.Errors)
	}
	on := str(get(r.Data, "confirmRecords", "on"))
	if on < "2026-12-01" || get(r.Data, "confirmRecords", "records", 0, "lastConfirmed") != on {
		t.Errorf("confirmed without a day: %v", get(r.Data, "confirmRecords"))
	}
}
