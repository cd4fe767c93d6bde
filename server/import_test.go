package server_test

import (
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
)

const importMutation = `mutation($in: ImportInput!) { importFiles(input: $in) {
	written bad auditEntryId files { name type rows bad written } problems { file line column reason } } }`

func TestImportFiles(t *testing.T) {
	needNeo4j(t)
	key := uniq("imp")
	places := "key,name,level\n" + key + "-city,Importstadt " + key + ",CITY\n"
	actors := "key,name,kind,sector,neighbourhoods\n" + key + "-a,Verein " + key + ",ASSOCIATION,CIVIL_SOCIETY," + key + "-city\n"
	files := func(actorsCSV string) map[string]any {
		return map[string]any{"files": []any{
			map[string]any{"name": "2025-actors.csv", "content": actorsCSV},
			map[string]any{"name": "orte.csv", "type": "neighbourhoods", "content": places},
		}}
	}

	if r := postAs(t, srv.URL, token(t, "c", domain.RoleCoordinator, "nbh_nord"), importMutation, map[string]any{"in": files(actors)}); r.code() != "FORBIDDEN" {
		t.Fatalf("coordinator import: code %q", r.code())
	}

	// A bad row: nothing is written, the problem names file, line and column.
	before := nodeCount(t)
	bad := actors + key + "-b,Raumschiff,SPACESHIP,CIVIL_SOCIETY,\n"
	d := mustPost(t, importMutation, map[string]any{"in": files(bad)})
	rep := get(d, "importFiles")
	if get(rep, "written") != float64(0) || get(rep, "bad") != float64(1) || get(rep, "auditEntryId") != nil {
		t.Fatalf("bad import = %v", rep)
	}
	p := get(rep, "problems", 0)
	if get(p, "file") != "2025-actors.csv" || get(p, "line") != float64(3) || get(p, "column") != "kind" || !strings.Contains(get(p, "reason").(string), "SPACESHIP") {
		t.Fatalf("problem = %v", p)
	}
	if n := nodeCount(t); n != before {
		t.Fatalf("a refused import wrote %d nodes and links", n-before)
	}

	// Good files: places before actors, whatever order they came in.
	d = mustPost(t, importMutation, map[string]any{"in": files(actors)})
	rep = get(d, "importFiles")
	if get(rep, "written") != float64(2) || get(rep, "files", 0, "name") != "orte.csv" || get(rep, "files", 0, "type") != "neighbourhoods" ||
		get(rep, "auditEntryId") == nil {
		t.Fatalf("import = %v", rep)
	}
	d = mustPost(t, `query($t: String) { actors(filter: {nameContains: $t}) { edges { node { id name neighbourhoods { name } } } } }`, map[string]any{"t": key})
	actor := get(d, "actors", "edges", 0, "node")
	if get(actor, "neighbourhoods", 0, "name") != "Importstadt "+key {
		t.Fatalf("imported actor = %v", actor)
	}
	d = mustPost(t, `{ auditTrail(filter: {operation: "importFiles"}, first: 1) { edges { node { subject targetType changes { field after } } } } }`, nil)
	if e := get(d, "auditTrail", "edges", 0, "node"); get(e, "subject") != "test-admin" || get(e, "targetType") != "Import" || count(get(e, "changes")) != 2 {
		t.Fatalf("audit entry = %v", e)
	}

	// Importing again changes nothing.
	mid := nodeCount(t)
	mustPost(t, importMutation, map[string]any{"in": files(actors)})
	if n := nodeCount(t); n != mid {
		t.Fatalf("second import changed the graph by %d", n-mid)
	}

	// Bad input is an error, not a report.
	r := post(t, importMutation, map[string]any{"in": map[string]any{"files": []any{map[string]any{"name": "../etc/actors.csv", "content": ""}}}})
	if r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "input.files[0].name" {
		t.Fatalf("path as name: %+v", r.Errors)
	}

	mustPost(t, `mutation($id: ID!) { deleteActor(id: $id) { deletedId } }`, map[string]any{"id": get(actor, "id")})
	d = mustPost(t, `query($t: String) { neighbourhoods(filter: {nameContains: $t}) { edges { node { id } } } }`, map[string]any{"t": key})
	mustPost(t, `mutation($id: ID!) { deleteNeighbourhood(id: $id) { deletedId } }`, map[string]any{"id": get(d, "neighbourhoods", "edges", 0, "node", "id")})
}
