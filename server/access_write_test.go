package server_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
)

// actorIn returns an actor active only in district d, by the oracle.
func actorIn(t *testing.T, d string) string {
	t.Helper()
	ids := oracle(t, `MATCH (a:Actor)-[:ACTIVE_IN]->(:Neighbourhood)-[:PART_OF*0..]->(:Neighbourhood {id: $d})
		WHERE NOT EXISTS { MATCH (a)-[:ACTIVE_IN]->(m:Neighbourhood) WHERE NOT EXISTS { (m)-[:PART_OF*0..]->(:Neighbourhood {id: $d}) } }
		RETURN a.id ORDER BY a.id LIMIT 1`, map[string]any{"d": d})
	if len(ids) == 0 {
		t.Fatalf("no actor only in %s", d)
	}
	return ids[0]
}

// quarterIn returns a quarter of district d.
func quarterIn(t *testing.T, d string) string {
	t.Helper()
	return oracle(t, "MATCH (q:Neighbourhood {level: 'QUARTER'})-[:PART_OF]->(:Neighbourhood {id: $d}) RETURN q.id ORDER BY q.id LIMIT 1", map[string]any{"d": d})[0]
}

func TestWriteRules(t *testing.T) {
	needNeo4j(t)
	nord, mitte := actorIn(t, "nbh_nord"), actorIn(t, "nbh_mitte")
	coordNord := token(t, "coord-nord", domain.RoleCoordinator, "nbh_nord")
	coordBoth := token(t, "coord-both", domain.RoleCoordinator, "nbh_nord", "nbh_mitte")
	rename := `mutation($id: ID!, $d: String) { updateActor(input: {id: $id, description: $d}) { actor { id description } } }`
	link := `mutation($a: ID!, $b: ID!) { addCooperation(input: {from: $a, to: $b, kind: INFORMATION_EXCHANGE}) { cooperation { id } } }`
	move := `mutation($id: ID!, $n: [ID!]) { updateActor(input: {id: $id, neighbourhoods: $n}) { actor { id } } }`
	topic := `mutation { createTopic(input: {code: "E2E_FORBIDDEN", labelDe: "x", labelEn: "x"}) { topic { id } } }`
	tests := []struct {
		name   string
		bearer string
		query  string
		vars   map[string]any
		code   string
	}{
		{"coordinator edits an actor of their district", coordNord, rename, map[string]any{"id": nord, "d": "e2e: edited by Nord"}, ""},
		{"coordinator edits an actor elsewhere", coordNord, rename, map[string]any{"id": mitte, "d": "e2e: must not land"}, "FORBIDDEN"},
		{"coordinator links across the district border", coordNord, link, map[string]any{"a": nord, "b": mitte}, "FORBIDDEN"},
		{"coordinator moves their actor out", coordNord, move, map[string]any{"id": nord, "n": []string{quarterIn(t, "nbh_mitte")}}, "FORBIDDEN"},
		{"coordinator edits the vocabulary", coordNord, topic, nil, "FORBIDDEN"},
		{"viewer writes", token(t, "viewer", domain.RoleViewer), rename, map[string]any{"id": nord, "d": "e2e: viewer"}, "FORBIDDEN"},
		{"researcher writes", token(t, "researcher", domain.RoleResearcher), rename, map[string]any{"id": nord, "d": "e2e: researcher"}, "FORBIDDEN"},
		{"public writes", "", rename, map[string]any{"id": nord, "d": "e2e: public"}, "UNAUTHENTICATED"},
		{"coordinator of both districts links them", coordBoth, link, map[string]any{"a": nord, "b": mitte}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := nodeCount(t)
			entries := len(oracle(t, "MATCH (e:AuditEntry) RETURN e.id", nil))
			r := postAs(t, srv.URL, tt.bearer, tt.query, tt.vars)
			if r.code() != tt.code {
				t.Fatalf("code %q, want %q (%+v)", r.code(), tt.code, r.Errors)
			}
			after := len(oracle(t, "MATCH (e:AuditEntry) RETURN e.id", nil))
			if tt.code != "" {
				if n := nodeCount(t); n != before {
					t.Errorf("refused write changed the graph: %d -> %d", before, n)
				}
				if after != entries {
					t.Errorf("refused write left %d audit entries", after-entries)
				}
				desc := oracle(t, "MATCH (a:Actor) WHERE a.description STARTS WITH 'e2e: ' AND a.description <> 'e2e: edited by Nord' RETURN a.id", nil)
				if len(desc) > 0 {
					t.Errorf("refused edit landed on %v", desc)
				}
				return
			}
			if after != entries+1 {
				t.Errorf("write left %d audit entries, want 1", after-entries)
			}
			if id, ok := get(r.Data, "addCooperation", "cooperation", "id").(string); ok {
				mustPost(t, `mutation($id: ID!) { removeCooperation(id: $id) { deletedId } }`, map[string]any{"id": id})
			}
		})
	}
}

func TestAuditTrail(t *testing.T) {
	needNeo4j(t)
	actor := actorIn(t, "nbh_ost")
	coord := token(t, "auditor-test", domain.RoleCoordinator, "nbh_ost")
	r := postAs(t, srv.URL, coord, `mutation($id: ID!) { updateActor(input: {id: $id, description: "Neu beschrieben", keywords: ["audit"]}) { actor { id } } }`,
		map[string]any{"id": actor})
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	trail := `query($id: ID) { auditTrail(filter: {target: $id}, first: 5) { totalCount edges { node {
		subject role operation targetType targetId requestId changes { field before after redacted } } } } }`
	if r := postAs(t, srv.URL, coord, trail, map[string]any{"id": actor}); r.code() != "FORBIDDEN" {
		t.Fatalf("coordinator reads the trail: code %q", r.code())
	}
	d := mustPost(t, trail, map[string]any{"id": actor})
	e := get(d, "auditTrail", "edges", 0, "node")
	if get(e, "subject") != "auditor-test" || get(e, "role") != "COORDINATOR" || get(e, "operation") != "updateActor" ||
		get(e, "targetType") != "Actor" || get(e, "targetId") != actor || get(e, "requestId") == nil {
		t.Fatalf("entry = %v", e)
	}
	changes := map[string]any{}
	for _, c := range get(e, "changes").([]any) {
		changes[get(c, "field").(string)] = c
	}
	if get(changes["description"], "after") != `"Neu beschrieben"` || get(changes["keywords"], "after") != `["audit"]` {
		t.Fatalf("changes = %v", changes)
	}
	if _, ok := changes["updatedAt"]; ok {
		t.Error("bookkeeping field in the trail")
	}
}

func TestErasure(t *testing.T) {
	needNeo4j(t)
	actor := actorIn(t, "nbh_sued")
	name := "Erika Löschmich-" + uniq("x")
	d := mustPost(t, `mutation($n: String!) { createPerson(input: {name: $n, email: "erika@example.org"}) { person { id } } }`, map[string]any{"n": name})
	person := get(d, "createPerson", "person", "id").(string)
	mustPost(t, `mutation($p: ID!, $a: ID!) { addRole(input: {person: $p, actor: $a, title: "Ehrenamt"}) { role { id } } }`, map[string]any{"p": person, "a": actor})
	mustPost(t, `mutation($p: ID!) { updatePerson(input: {id: $p, name: "Erika L."}) { person { id } } }`, map[string]any{"p": person})

	if r := postAs(t, srv.URL, token(t, "c", domain.RoleCoordinator, "nbh_sued"), `mutation($p: ID!) { erasePerson(id: $p) { erasedId } }`,
		map[string]any{"p": person}); r.code() != "FORBIDDEN" {
		t.Fatalf("coordinator erases: code %q", r.code())
	}
	d = mustPost(t, `mutation($p: ID!) { erasePerson(id: $p) { erasedId rolesRemoved auditEntryId } }`, map[string]any{"p": person})
	if get(d, "erasePerson", "rolesRemoved") != float64(1) {
		t.Fatalf("erasure = %v", d)
	}
	d = mustPost(t, `query($p: ID!, $a: ID!) { node(id: $p) { id } actor(id: $a) { roles(first: 100) { edges { node { person { id } } } } } }`,
		map[string]any{"p": person, "a": actor})
	if get(d, "node") != nil || strings.Contains(toJSON(d), person) {
		t.Fatalf("person still there: %v", d)
	}
	// The trail holds neither the name nor the e-mail nor the id.
	all := oracle(t, "MATCH (e:AuditEntry) RETURN e.targetId + ' ' + e.changes", nil)
	for _, e := range all {
		for _, leak := range []string{name, "Erika", "erika@example.org", person} {
			if strings.Contains(e, leak) {
				t.Fatalf("audit trail keeps %q: %s", leak, e)
			}
		}
	}
	d = mustPost(t, `{ auditTrail(filter: {operation: "erasePerson"}, first: 1) { edges { node { targetType targetId changes { field } } } } }`, nil)
	if e := get(d, "auditTrail", "edges", 0, "node"); get(e, "targetType") != "Person" || !strings.HasPrefix(get(e, "targetId").(string), "erased_") {
		t.Fatalf("erasure entry = %v", e)
	}
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
