package server_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/seed"
)

const contactSel = `contactPoints { id function phone email languages openingHours { days opens closes note }
  role { id title person { name } } }`

// qmRole returns the id and person's name of the quarter manager of
// Lindenpark, as an admin reads them.
func qmRole(t *testing.T) (id, name string) {
	t.Helper()
	d := mustPost(t, `query($id: ID!) { actor(id: $id) { roles(first: 100) { edges { node { id title validTo person { name } } } } } }`,
		map[string]any{"id": seed.QMContactActorID})
	for i := range count(get(d, "actor", "roles", "edges")) {
		n := get(d, "actor", "roles", "edges", i, "node")
		if get(n, "title") == "Quartiersmanagerin" && get(n, "validTo") == nil {
			return str(get(n, "id")), str(get(n, "person", "name"))
		}
	}
	t.Fatal("Lindenpark has no quarter manager")
	return "", ""
}

// TestContactPointsAndPersonalData: whom to call at the quarter
// management of Lindenpark (seed/demo_records.go: a quarter management
// publishes its Quartiersbüro, Tuesday to Thursday 10–17, in German,
// Turkish and Arabic, answered by its quarter manager). The function's
// number is no personal data and everyone sees it; the quarter manager
// is, so the public sees no role and researchers a pseudonym.
func TestContactPointsAndPersonalData(t *testing.T) {
	needNeo4j(t)
	roleID, name := qmRole(t)
	q := `query($id: ID!) { actor(id: $id) { ` + contactSel + ` } }`
	vars := map[string]any{"id": seed.QMContactActorID}
	researcher := token(t, "researcher-contacts", domain.RoleResearcher)
	answers := map[string]response{
		"admin":      post(t, q, vars),
		"public":     postAs(t, srv.URL, "", q, vars),
		"researcher": postAs(t, srv.URL, researcher, q, vars),
	}
	for who, r := range answers {
		if len(r.Errors) > 0 {
			t.Fatalf("%s: %+v", who, r.Errors)
		}
		cps := get(r.Data, "actor", "contactPoints")
		if count(cps) != 1 {
			t.Fatalf("%s: contact points %v", who, cps)
		}
		cp := get(cps, 0)
		hours, _ := json.Marshal(get(cp, "openingHours"))
		langs, _ := json.Marshal(get(cp, "languages"))
		if get(cp, "id") != "cp_qm-lindenpark" || get(cp, "function") != "Quartiersbüro" ||
			!strings.HasPrefix(str(get(cp, "phone")), "+49341555") || get(cp, "email") != "kontakt@qm-lindenpark.lindenbrueck.example" ||
			string(langs) != `["de","tr","ar"]` || string(hours) != `[{"closes":"17:00","days":["TU","WE","TH"],"note":null,"opens":"10:00"}]` {
			t.Errorf("%s: contact point %v (hours %s, languages %s)", who, cp, hours, langs)
		}
	}
	if role := get(answers["admin"].Data, "actor", "contactPoints", 0, "role"); get(role, "id") != roleID || get(role, "person", "name") != name {
		t.Errorf("admin: role %v, want %s of %s", role, roleID, name)
	}
	if role := get(answers["public"].Data, "actor", "contactPoints", 0, "role"); role != nil {
		t.Errorf("the public sees the contact person: %v", role)
	}
	role := get(answers["researcher"].Data, "actor", "contactPoints", 0, "role")
	if want := testPseudonyms.RolePseudonym(roleID); get(role, "id") != want || get(role, "person", "name") == nil || get(role, "person", "name") == name {
		t.Errorf("researcher: role %v, want id %s and a pseudonymous person", role, want)
	}
	if strings.Contains(string(mustJSON(t, answers["researcher"].Data)), name) {
		t.Errorf("researcher's answer names %s", name)
	}

	// The Quartiersrat is the quarter manager's responsibility.
	sq := `{ service(id: "svc_qm-lindenpark--quartiersrat") { responsibleRole { id title } } }`
	if got := get(mustPost(t, sq, nil), "service", "responsibleRole", "id"); got != roleID {
		t.Errorf("responsible role %v, want %s", got, roleID)
	}
	if r := postAs(t, srv.URL, "", sq, nil); len(r.Errors) > 0 || get(r.Data, "service", "responsibleRole") != nil {
		t.Errorf("the public sees the responsible person: %+v %v", r.Errors, r.Data)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const setContactDoc = `mutation($in: SetContactPointsInput!) { setContactPoints(input: $in) { ` + contactSel + ` } }`

// TestSetContactPoints writes the tenants' council's contact point as
// its district's coordinator: stored in normal form and audited; bad
// fields are all reported and nothing is written; another district's
// coordinator is refused.
func TestSetContactPoints(t *testing.T) {
	needNeo4j(t)
	nord := token(t, "coordinator-nord", domain.RoleCoordinator, "nbh_nord")
	mitte := token(t, "coordinator-mitte", domain.RoleCoordinator, "nbh_mitte")
	owner := seed.BacklogActorID
	read := func() string {
		return string(mustJSON(t, get(mustPost(t, `query($id: ID!) { actor(id: $id) { `+contactSel+` } }`, map[string]any{"id": owner}), "actor", "contactPoints")))
	}
	good := map[string]any{"record": owner, "contactPoints": []map[string]any{{
		"id": "cp_mieterbeirat-sprechstunde", "function": "Mietersprechstunde", "phone": "0341 5559876", "email": "sprechstunde@mieterbeirat.example",
		"languages":    []string{"DE", "tr", "de"},
		"openingHours": []map[string]any{{"days": []string{"TH", "MO"}, "opens": "17:00", "closes": "19:00", "note": "nicht in den Schulferien"}},
	}}}
	r := postAs(t, srv.URL, nord, setContactDoc, map[string]any{"in": good})
	if len(r.Errors) > 0 {
		t.Fatalf("setContactPoints: %+v", r.Errors)
	}
	want := `[{"email":"sprechstunde@mieterbeirat.example","function":"Mietersprechstunde","id":"cp_mieterbeirat-sprechstunde",` +
		`"languages":["de","tr"],"openingHours":[{"closes":"19:00","days":["MO","TH"],"note":"nicht in den Schulferien","opens":"17:00"}],` +
		`"phone":"+493415559876","role":null}]`
	if got := string(mustJSON(t, get(r.Data, "setContactPoints", "contactPoints"))); got != want {
		t.Errorf("payload %s\nwant    %s", got, want)
	}
	if got := read(); got != want {
		t.Errorf("read back %s\nwant      %s", got, want)
	}
	d := mustPost(t, `query($id: ID!) { auditTrail(filter: {target: $id, operation: "setContactPoints"}, first: 5) { totalCount edges { node { subject changes { field } } } } }`,
		map[string]any{"id": owner})
	if num(get(d, "auditTrail", "totalCount")) < 1 || get(d, "auditTrail", "edges", 0, "node", "subject") != "coordinator-nord" ||
		get(d, "auditTrail", "edges", 0, "node", "changes", 0, "field") != "contactPoints" {
		t.Errorf("audit trail %v", d)
	}

	other := func() string { id, _ := qmRole(t); return id }()
	for _, tc := range []struct {
		name, bearer string
		cp           map[string]any
		code         string
		fields       []string
	}{
		{"every bad field", nord, map[string]any{"function": "", "phone": "12", "email": "sprechstunde", "languages": []string{"de", "Deutsch!"},
			"openingHours": []map[string]any{{"days": []string{"MO"}, "opens": "19:00", "closes": "17:00"}}}, "BAD_USER_INPUT",
			[]string{"input.contactPoints[0].function", "input.contactPoints[0].phone", "input.contactPoints[0].email",
				"input.contactPoints[0].languages[1]", "input.contactPoints[0].openingHours[0].closes"}},
		{"a role at another actor", nord, map[string]any{"function": "Vorsitz", "role": other}, "BAD_USER_INPUT", []string{"input.contactPoints[0].role"}},
		{"another district's coordinator", mitte, map[string]any{"function": "Vorsitz"}, "FORBIDDEN", nil},
		{"a viewer", token(t, "viewer-nord", domain.RoleViewer, "nbh_nord"), map[string]any{"function": "Vorsitz"}, "FORBIDDEN", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := postAs(t, srv.URL, tc.bearer, setContactDoc, map[string]any{"in": map[string]any{"record": owner, "contactPoints": []any{tc.cp}}})
			if r.code() != tc.code {
				t.Fatalf("errors %+v, want %s", r.Errors, tc.code)
			}
			var fields []string
			if fs, ok := r.Errors[0].Extensions["fields"].([]any); ok {
				for _, f := range fs {
					fields = append(fields, str(get(f, "field")))
				}
			}
			if tc.fields != nil && !slices.Equal(fields, tc.fields) {
				t.Errorf("fields %v, want %v", fields, tc.fields)
			}
			if got := read(); got != want {
				t.Errorf("contact points after a refusal: %s", got)
			}
		})
	}
}

// TestSetResponsibleRole: the family centre's services name its head as
// responsible (seed); a null clears it, a role elsewhere is refused.
func TestSetResponsibleRole(t *testing.T) {
	needNeo4j(t)
	head := backlogRoleID(t)
	qm, _ := qmRole(t)
	const svc = "svc_familienzentrum-lindenpark--familienbildung"
	doc := `mutation($s: ID!, $r: ID) { setResponsibleRole(service: $s, role: $r) { service { id responsibleRole { id } } } }`
	read := func() any {
		return get(mustPost(t, `query($s: ID!) { service(id: $s) { responsibleRole { id } } }`, map[string]any{"s": svc}), "service", "responsibleRole", "id")
	}
	if got := read(); got != head {
		t.Fatalf("responsible role %v, want the head %s", got, head)
	}
	nord := token(t, "coordinator-nord", domain.RoleCoordinator, "nbh_nord")
	if r := postAs(t, srv.URL, nord, doc, map[string]any{"s": svc, "r": nil}); len(r.Errors) > 0 || get(r.Data, "setResponsibleRole", "service", "responsibleRole") != nil {
		t.Fatalf("clear: %+v %v", r.Errors, r.Data)
	}
	if r := postAs(t, srv.URL, nord, doc, map[string]any{"s": svc, "r": qm}); r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "role" {
		t.Errorf("a role at the quarter management: %+v", r.Errors)
	}
	if got := read(); got != nil {
		t.Errorf("after a refusal: %v", got)
	}
	if r := postAs(t, srv.URL, nord, doc, map[string]any{"s": svc, "r": head}); len(r.Errors) > 0 || get(r.Data, "setResponsibleRole", "service", "responsibleRole", "id") != head {
		t.Errorf("set: %+v %v", r.Errors, r.Data)
	}
}

// TestContactRolesLoadInOneRead: the roles that contact points and
// services name load a list level at a time, not one read per contact
// point: listing the quarter managements and family centres (each with a
// contact point answered by its leader, and services with a responsible
// role and advice lines) with the roles costs at most one read more per
// role field of the query than without them, however many roles they
// name, for each kind of caller (the public sees no role at all).
func TestContactRolesLoadInOneRead(t *testing.T) {
	needNeo4j(t)
	const q = `query { actors(first: 50, filter: {kinds: [QUARTER_MANAGEMENT, FAMILY_CENTRE]}) { edges { node { id
	  contactPoints { function ROLE }
	  services(first: 50) { edges { node { id RESPONSIBLE contactPoints { function ROLE } } } } } } } }`
	withRoles := strings.NewReplacer("ROLE", "role { id }", "RESPONSIBLE", "responsibleRole { id }").Replace(q)
	without := strings.NewReplacer("ROLE", "", "RESPONSIBLE", "").Replace(q)
	const roleFields = 3
	for _, p := range []principal{{"admin", domain.RoleAdmin, nil}, {"researcher", domain.RoleResearcher, nil}, {"public", domain.RolePublic, nil}} {
		t.Run(p.name, func(t *testing.T) {
			bearer := p.bearer(t)
			plain, _ := readsOf(t, bearer, without)
			reads, d := readsOf(t, bearer, withRoles)
			var roles []string
			edges := get(d, "actors", "edges")
			for i := range count(edges) {
				a := get(edges, i, "node")
				for j := range count(get(a, "contactPoints")) {
					if id, ok := get(a, "contactPoints", j, "role", "id").(string); ok {
						roles = append(roles, id)
					}
				}
				svcs := get(a, "services", "edges")
				for j := range count(svcs) {
					if id, ok := get(svcs, j, "node", "responsibleRole", "id").(string); ok {
						roles = append(roles, id)
					}
					for k := range count(get(svcs, j, "node", "contactPoints")) {
						if id, ok := get(svcs, j, "node", "contactPoints", k, "role", "id").(string); ok {
							roles = append(roles, id)
						}
					}
				}
			}
			if p.role == domain.RolePublic {
				if len(roles) > 0 {
					t.Errorf("the public sees roles %v", roles)
				}
			} else if len(roles) <= 2*roleFields {
				t.Fatalf("only %d roles named: the test would mean nothing", len(roles))
			}
			if reads-plain > roleFields {
				t.Errorf("%d reads with the roles (%d of them), %d without; want at most %d more", reads, len(roles), plain, roleFields)
			}
		})
	}
}
