package server_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/seed"
)

// searchIDs runs search as bearer and returns the ids found.
func searchIDs(t *testing.T, bearer, text string) []string {
	t.Helper()
	r := postAs(t, srv.URL, bearer, `query($t: String!) { search(text: $t, first: 50) { node { ... on Actor { id } ... on Service { id } ... on Neighbourhood { id } } } }`,
		map[string]any{"t": text})
	if len(r.Errors) > 0 {
		t.Fatalf("search %q: %+v", text, r.Errors)
	}
	var out []string
	for i := range count(get(r.Data, "search")) {
		out = append(out, get(r.Data, "search", i, "node", "id").(string))
	}
	return out
}

// TestSearchFindsContactPoints: search finds an actor or a service by
// its contact point's e-mail, phone (as stored, or as people write it)
// and function, for whoever may see the record, and not for whoever may
// not; the name of the person who answers finds nothing (a person is
// found only under the rules for people). Worked on the demo's contact
// points (seed/demo_records.go), read as an admin first.
func TestSearchFindsContactPoints(t *testing.T) {
	needNeo4j(t)
	d := mustPost(t, `query($id: ID!) { actor(id: $id) { id contactPoints { function phone email role { person { name } } } } }`,
		map[string]any{"id": seed.QMContactActorID})
	cp := get(d, "actor", "contactPoints", 0)
	email, phone, person := get(cp, "email").(string), get(cp, "phone").(string), get(cp, "role", "person", "name").(string)
	if !strings.HasPrefix(phone, "+49341") {
		t.Fatalf("phone %q: want a Leipzig number", phone)
	}
	national := "0341 " + strings.TrimPrefix(phone, "+49341")
	// A counselling service's advice line.
	var svcID, svcPhone string
	for after := any(nil); ; {
		d := mustPost(t, `query($a: String) { actors(first: 100, after: $a) { pageInfo { hasNextPage endCursor } edges { node { id
		  services(first: 20) { edges { node { id contactPoints { phone } } } } } } } }`, map[string]any{"a": after})
		edges := get(d, "actors", "edges")
		for i := range count(edges) {
			svcs := get(edges, i, "node", "services", "edges")
			for j := range count(svcs) {
				if cps := get(svcs, j, "node", "contactPoints"); count(cps) > 0 && svcID == "" {
					svcID, svcPhone = get(svcs, j, "node", "id").(string), get(cps, 0, "phone").(string)
				}
			}
		}
		if get(d, "actors", "pageInfo", "hasNextPage") != true {
			break
		}
		after = get(d, "actors", "pageInfo", "endCursor")
	}
	if svcID == "" {
		t.Fatal("the demo lacks a service with a contact point")
	}
	// The family mentors are not public; they get a contact point here.
	hiddenID, hiddenEmail := seed.FamilyMentorsID, "alt-paten@mentoren-nord.example"
	setCPs(t, hiddenID, []map[string]any{{"function": "Patenbüro", "email": hiddenEmail}})
	defer setCPs(t, hiddenID, []map[string]any{})
	viewer := token(t, "search-viewer", domain.RoleViewer)
	for _, tc := range []struct {
		name, bearer, text, want string
		found                    bool
	}{
		{"e-mail", adminToken, email, seed.QMContactActorID, true},
		{"e-mail, as the public", "", email, seed.QMContactActorID, true},
		{"phone as stored", adminToken, phone, seed.QMContactActorID, true},
		{"phone as people write it", viewer, national, seed.QMContactActorID, true},
		{"phone with a dash", viewer, strings.Replace(national, " ", "-", 1), seed.QMContactActorID, true},
		{"function", adminToken, "Quartiersbüro", seed.QMContactActorID, true},
		{"a service's advice line", adminToken, svcPhone, svcID, true},
		{"a non-public actor's e-mail, as a viewer", viewer, hiddenEmail, hiddenID, true},
		{"a non-public actor's e-mail, as the public", "", hiddenEmail, hiddenID, false},
		{"the person who answers", adminToken, person, seed.QMContactActorID, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := searchIDs(t, tc.bearer, tc.text)
			if slices.Contains(got, tc.want) != tc.found {
				t.Errorf("search %q finds %v; want %s among them: %v", tc.text, got, tc.want, tc.found)
			}
		})
	}

	// A changed contact point is found by its new e-mail, no longer by
	// its old one.
	newEmail := "neu-paten@mentoren-nord.example"
	setCPs(t, hiddenID, []map[string]any{{"function": "Patenbüro", "email": newEmail}})
	if got := searchIDs(t, adminToken, newEmail); !slices.Contains(got, hiddenID) {
		t.Errorf("the new e-mail finds %v", got)
	}
	if got := searchIDs(t, adminToken, hiddenEmail); slices.Contains(got, hiddenID) {
		t.Errorf("the old e-mail still finds %v", got)
	}
}

// setCPs replaces the contact points of a record as an admin.
func setCPs(t *testing.T, record string, cps []map[string]any) {
	t.Helper()
	in := map[string]any{"record": record, "contactPoints": cps}
	if r := postAs(t, srv.URL, adminToken, `mutation($in: SetContactPointsInput!) { setContactPoints(input: $in) { contactPoints { id } } }`,
		map[string]any{"in": in}); len(r.Errors) > 0 {
		t.Fatalf("setContactPoints %s: %+v", record, r.Errors)
	}
}
