package server_test

import (
	"slices"
	"testing"
	"time"
)

// TestListsShowTodayUnlessToldOtherwise: a root list, a neighbourhood's
// list and an actor's services show what is valid today unless the
// filter names a day or asks for all of history; records created
// without validFrom start today.
func TestListsShowTodayUnlessToldOtherwise(t *testing.T) {
	needNeo4j(t)
	today := time.Now().UTC().Format(time.DateOnly)
	tag := uniq("heute")
	// ended: closed last year; current: open since 2020; coming: opens
	// next year; fresh: created without validFrom, so opened today.
	ended := newActorWith(t, tag+" ended", map[string]any{"validFrom": "2019-01-01", "validTo": "2025-06-30"})
	current := newActorWith(t, tag+" current", map[string]any{"validFrom": "2020-01-01"})
	coming := newActorWith(t, tag+" coming", map[string]any{"validFrom": "2027-09-01"})
	fresh := newActorWith(t, tag+" fresh", nil)
	svcEnded := newService(t, current, tgChildren, topEducation, nbhLindenpark, map[string]any{"validFrom": "2020-01-01", "validTo": "2024-12-31"})
	svcCurrent := newService(t, current, tgChildren, topEducation, nbhLindenpark, map[string]any{"validFrom": "2020-01-01"})

	d := mustPost(t, `query($id: ID!) { actor(id: $id) { validFrom } }`, map[string]any{"id": fresh})
	if got := get(d, "actor", "validFrom"); got != today {
		t.Errorf("an actor created without validFrom starts %v, want today %s", got, today)
	}
	ids := func(conn any) []string {
		var out []string
		for _, e := range conn.([]any) {
			out = append(out, str(get(e, "node", "id")))
		}
		slices.Sort(out)
		return out
	}
	sorted := func(s ...string) []string { slices.Sort(s); return s }
	for _, tt := range []struct {
		name, filter string
		actors       []string
		services     []string
	}{
		{"nothing said: today", `{}`, sorted(current, fresh), []string{svcCurrent}},
		{"a day in 2022", `{asOf: "2022-03-01"}`, sorted(ended, current), sorted(svcEnded, svcCurrent)},
		{"a day next autumn", `{asOf: "2027-10-01"}`, sorted(current, coming, fresh), []string{svcCurrent}},
		{"all of history", `{includeEnded: true}`, sorted(ended, current, coming, fresh), sorted(svcEnded, svcCurrent)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.filter[:len(tt.filter)-1]
			if f != "{" {
				f += ", "
			}
			d := mustPost(t, `query($id: ID!) {
				actors(first: 100, filter: `+f+`nameContains: "`+tag+`"}) { edges { node { id } } }
				services(first: 100, filter: `+f+`provider: "`+current+`"}) { edges { node { id } } }
				actor(id: $id) { services(first: 100, filter: `+tt.filter+`) { edges { node { id } } } }
				neighbourhood(id: "`+nbhLindenpark+`") { actors(first: 100, filter: `+f+`nameContains: "`+tag+`"}) { edges { node { id } } } }
			}`, map[string]any{"id": current})
			if got := ids(get(d, "actors", "edges")); !slices.Equal(got, tt.actors) {
				t.Errorf("actors = %v, want %v", got, tt.actors)
			}
			if got := ids(get(d, "neighbourhood", "actors", "edges")); !slices.Equal(got, tt.actors) {
				t.Errorf("Lindenpark's actors = %v, want %v", got, tt.actors)
			}
			if got := ids(get(d, "services", "edges")); !slices.Equal(got, tt.services) {
				t.Errorf("services = %v, want %v", got, tt.services)
			}
			if got := ids(get(d, "actor", "services", "edges")); !slices.Equal(got, tt.services) {
				t.Errorf("the actor's services = %v, want %v", got, tt.services)
			}
		})
	}
}

// newActorWith creates an actor of Lindenpark with extra input fields.
func newActorWith(t *testing.T, name string, extra map[string]any) string {
	t.Helper()
	in := map[string]any{"name": "E2E " + name, "kind": "ASSOCIATION", "sector": "NON_PROFIT", "neighbourhoods": []string{nbhLindenpark}}
	for k, v := range extra {
		in[k] = v
	}
	id := str(get(mutate(t, "createActor", "CreateActorInput", in, "actor { id }"), "actor", "id"))
	cleanup(t, "deleteActor", id)
	return id
}
