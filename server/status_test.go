package server_test

import (
	"slices"
	"testing"
)

// TestDraftsAndArchivedRecords: a draft or archived actor, service or
// cooperation stays readable by id and in lists that ask for its status,
// but the default lists, the analyses and the public leave it out; a
// change of status to ACTIVE counts it at once.
func TestDraftsAndArchivedRecords(t *testing.T) {
	needNeo4j(t)
	const quarter = nbhLindenpark
	stats := func() (actors, ties int) {
		t.Helper()
		d := mustPost(t, `query($s: ID) { networkStats(network: {scope: $s}) { current { actors ties } } }`, map[string]any{"s": quarter})
		return num(get(d, "networkStats", "current", "actors")), num(get(d, "networkStats", "current", "ties"))
	}
	listed := func(filter map[string]any, provider string) (actors, services, coops []string) {
		t.Helper()
		d := mustPost(t, `query($f: ActorFilter, $sf: ServiceFilter, $cf: CooperationFilter) {
		  actors(filter: $f, first: 100) { edges { node { id status } } }
		  services(filter: $sf, first: 100) { edges { node { id status } } }
		  cooperations(filter: $cf, first: 100) { edges { node { id status } } } }`, map[string]any{
			"f":  withKey(filter, "neighbourhood", quarter),
			"sf": withKey(filter, "provider", provider),
			"cf": withKey(filter, "neighbourhood", quarter)})
		return nodeIDs(get(d, "actors")), nodeIDs(get(d, "services")), nodeIDs(get(d, "cooperations"))
	}
	actors0, ties0 := stats()

	active, active2 := newActor(t, "Status aktiv", quarter), newActor(t, "Status aktiv 2", quarter)
	draft := str(get(mutate(t, "createActor", "CreateActorInput", map[string]any{"name": "E2E Status Entwurf", "kind": "ASSOCIATION",
		"sector": "NON_PROFIT", "neighbourhoods": []string{quarter}, "validFrom": nil, "public": true, "status": "DRAFT"}, "actor { id status }"), "actor", "id"))
	cleanup(t, "deleteActor", draft)
	svc := newService(t, active, tgChildren, topEducation, quarter, map[string]any{"status": "DRAFT"})
	coop := str(get(mutate(t, "addCooperation", "AddCooperationInput", map[string]any{"from": active, "to": draft, "kind": "JOINT_PROJECT",
		"validFrom": nil}, "cooperation { id }"), "cooperation", "id"))
	cleanup(t, "removeCooperation", coop)
	draftCoop := str(get(mutate(t, "addCooperation", "AddCooperationInput", map[string]any{"from": active, "to": active2, "kind": "JOINT_PROJECT",
		"validFrom": nil, "status": "DRAFT"}, "cooperation { id status }"), "cooperation", "id"))
	cleanup(t, "removeCooperation", draftCoop)

	// Default lists: active records only, and a cooperation counts in a
	// list by its own status.
	a, s, c := listed(nil, active)
	if !slices.Contains(a, active) || slices.Contains(a, draft) || slices.Contains(s, svc) || slices.Contains(c, draftCoop) || !slices.Contains(c, coop) {
		t.Errorf("default lists: actors %v, services %v, cooperations %v", a, s, c)
	}
	// Asking for drafts lists drafts only; asking for both lists both.
	a, s, c = listed(map[string]any{"status": []string{"DRAFT"}}, active)
	if !slices.Equal(a, []string{draft}) || !slices.Equal(s, []string{svc}) || !slices.Equal(c, []string{draftCoop}) {
		t.Errorf("drafts: actors %v, services %v, cooperations %v", a, s, c)
	}
	a, _, _ = listed(map[string]any{"status": []string{"DRAFT", "ACTIVE"}}, active)
	if !slices.Contains(a, draft) || !slices.Contains(a, active) {
		t.Errorf("drafts and active: actors %v", a)
	}
	// An actor's nested services and partners show what counts.
	d := mustPost(t, `query($id: ID!) { actor(id: $id) { status services { edges { node { id } } } partners { edges { node { id } } } } }`, map[string]any{"id": active})
	if ids := nodeIDs(get(d, "actor", "services")); len(ids) != 0 {
		t.Errorf("nested services list the draft: %v", ids)
	}
	if n := count(get(d, "actor", "partners", "edges")); n != 0 {
		t.Errorf("partners list %d partners, want none (one is a draft, one a draft cooperation)", n)
	}
	// Read by id, with its status.
	d = mustPost(t, `query($id: ID!) { node(id: $id) { ... on Actor { status } } }`, map[string]any{"id": draft})
	if get(d, "node", "status") != "DRAFT" {
		t.Errorf("draft read by id: %v", d)
	}
	// The analyses count the one active actor and none of the drafts'
	// ties.
	if n, ties := stats(); n != actors0+2 || ties != ties0 {
		t.Errorf("with drafts: %d actors, %d ties; want %d, %d", n, ties, actors0+2, ties0)
	}
	// The public does not see a draft, public flag or not.
	r := postAs(t, srv.URL, "", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": draft})
	if get(r.Data, "node") != nil {
		t.Errorf("the public sees a draft: %v", r.Data)
	}

	// Published: counted at once, in the lists, the analysis and for the
	// public.
	mutate(t, "updateActor", "UpdateActorInput", map[string]any{"id": draft, "status": "ACTIVE"}, "actor { id }")
	if n, ties := stats(); n != actors0+3 || ties != ties0+1 {
		t.Errorf("published: %d actors, %d ties; want %d, %d", n, ties, actors0+3, ties0+1)
	}
	if r := postAs(t, srv.URL, "", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": draft}); get(r.Data, "node", "id") != draft {
		t.Errorf("the public does not see the published actor: %+v", r)
	}
	mutate(t, "updateCooperation", "UpdateCooperationInput", map[string]any{"id": draftCoop, "status": "ACTIVE"}, "cooperation { id }")
	mutate(t, "updateService", "UpdateServiceInput", map[string]any{"id": svc, "status": "ACTIVE"}, "service { id }")
	if _, s, c := listed(nil, active); !slices.Contains(s, svc) || !slices.Contains(c, draftCoop) {
		t.Errorf("published service and cooperation not listed: %v %v", s, c)
	}

	// Archived: out of the default lists and the analyses again.
	mutate(t, "updateActor", "UpdateActorInput", map[string]any{"id": draft, "status": "ARCHIVED"}, "actor { id }")
	if a, _, _ := listed(nil, active); slices.Contains(a, draft) {
		t.Errorf("archived actor listed: %v", a)
	}
	if a, _, _ := listed(map[string]any{"status": []string{"ARCHIVED"}}, active); !slices.Equal(a, []string{draft}) {
		t.Errorf("archived actors: %v", a)
	}
	if n, ties := stats(); n != actors0+2 || ties != ties0+1 {
		t.Errorf("archived: %d actors, %d ties; want %d, %d (the published cooperation of the two active actors)", n, ties, actors0+2, ties0+1)
	}

	// A status is never null.
	mutateErr(t, "updateActor", "UpdateActorInput", map[string]any{"id": draft, "status": nil}, "BAD_USER_INPUT", "input.status")
}

// withKey returns m (nil: empty) with key set to v.
func withKey(m map[string]any, key string, v any) map[string]any {
	out := map[string]any{key: v}
	for k, x := range m {
		out[k] = x
	}
	return out
}
