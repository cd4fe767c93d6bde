package server_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/hsds"
	"github.com/kiezgraph/kiezgraph/internal/pythontest"
	"github.com/kiezgraph/kiezgraph/seed"
)

// exportCallers are the roles the export tests read as: the public, a
// viewer of one district, a researcher and an admin.
var exportCallers = []principal{
	{"public", domain.RolePublic, nil},
	{"viewer of Nord", domain.RoleViewer, []string{"nbh_nord"}},
	{"researcher", domain.RoleResearcher, nil},
	{"admin", domain.RoleAdmin, nil},
}

// listAll reads every page of a root list through GraphQL as bearer:
// field(args, first: 100, after: …) with vars, each node's selection.
func listAll(t *testing.T, bearer, field, varDefs, args string, vars map[string]any, selection string) []map[string]any {
	t.Helper()
	q := fmt.Sprintf(`query($after: String%s) { list: %s(%s first: 100, after: $after) { edges { node { %s } } pageInfo { hasNextPage endCursor } } }`,
		varDefs, field, args, selection)
	var out []map[string]any
	vs := map[string]any{}
	for k, v := range vars {
		vs[k] = v
	}
	for {
		r := postAs(t, srv.URL, bearer, q, vs)
		if len(r.Errors) > 0 {
			t.Fatalf("%s: %+v", field, r.Errors)
		}
		for _, e := range get(r.Data, "list", "edges").([]any) {
			out = append(out, get(e, "node").(map[string]any))
		}
		if get(r.Data, "list", "pageInfo", "hasNextPage") != true {
			return out
		}
		vs["after"] = get(r.Data, "list", "pageInfo", "endCursor")
	}
}

// download GETs an export as bearer ("" for the public).
func download(t *testing.T, bearer, path string, params url.Values) (*http.Response, []byte) {
	t.Helper()
	u := srv.URL + path
	if len(params) > 0 {
		u += "?" + params.Encode()
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return resp, b
}

// mustDownload is download that wants 200 with a download's headers.
func mustDownload(t *testing.T, bearer, path string, params url.Values, contentType string) []byte {
	t.Helper()
	resp, b := download(t, bearer, path, params)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d: %s", path, resp.StatusCode, b)
	}
	if got := resp.Header.Get("Content-Type"); !strings.HasPrefix(got, contentType) {
		t.Errorf("%s: Content-Type %q, want %q", path, got, contentType)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename=") {
		t.Errorf("%s: Content-Disposition %q, want an attachment with a file name", path, cd)
	}
	if resp.Header.Get("X-Request-Id") == "" {
		t.Errorf("%s: no X-Request-Id", path)
	}
	return b
}

// idsOfRows reads the id of each node.
func idsOfRows(nodes []map[string]any) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i], _ = n["id"].(string)
	}
	return out
}

// readbackExpectation is what scripts/readback.py checks (see there).
type readbackExpectation struct {
	Name        string                    `json:"name"`
	Files       map[string]string         `json:"files"`
	Nodes       map[string]map[string]any `json:"nodes"`
	Edges       map[string]map[string]any `json:"edges"`
	WorksAt     [][2]string               `json:"works_at"`
	NodeTypes   map[string]string         `json:"node_types"`
	EdgeTypes   map[string]string         `json:"edge_types"`
	Graph       map[string]string         `json:"graph"`
	CheckScores bool                      `json:"check_scores"`
	Forbidden   []string                  `json:"forbidden"`
}

// TestExportsHoldWhatTheCallerMayRead exports the demo city's network
// through HTTP as the public, a viewer of one district, a researcher and
// an admin, in every format, and checks that each file holds exactly the
// records that caller lists through GraphQL on the same day: the same
// actors (with the neighbourhoods it sees), cooperations, people (as
// pseudonyms for the researcher, none for the public) and roles, read
// back by NetworkX and Python's csv module, and the GraphML again by
// python-igraph (scripts/readback.py), with betweenness and degree
// recomputed by both; GeoJSON and HSDS hold the actors and services the
// caller lists, and HSDS validates against Open Referral's schemas. No real name of a person reaches the researcher,
// no person the public, and no actor the caller cannot list any file.
func TestExportsHoldWhatTheCallerMayRead(t *testing.T) {
	needNeo4j(t)
	py := pythontest.Python(t, "networkx, igraph and jsonschema", "networkx, igraph, jsonschema")
	day := seed.ReferenceDay
	demo := seed.Demo()
	admin := token(t, "export-admin", domain.RoleAdmin)
	allActors := listAll(t, admin, "actors", ", $day: Date", "filter: {asOf: $day},", map[string]any{"day": day}, "id name")
	dir := t.TempDir()
	var exps []readbackExpectation
	for _, p := range exportCallers {
		bearer := p.bearer(t)
		vars := map[string]any{"day": day}
		actors := listAll(t, bearer, "actors", ", $day: Date", "filter: {asOf: $day},", vars,
			"id name kind sector neighbourhoods { id } locations { id }")
		coops := listAll(t, bearer, "cooperations", ", $day: Date", "filter: {asOf: $day},", vars, "id kind from { id } to { id }")
		people := listAll(t, bearer, "people", ", $day: Date", "filter: {asOf: $day},", vars,
			"id name roles(asOf: $day, first: 100) { edges { node { id actor { id } } } }")
		services := listAll(t, bearer, "services", ", $day: Date", "filter: {asOf: $day},", vars, "id locations { id }")
		if p.role != domain.RolePublic && (len(actors) < 20 || len(coops) < 20 || len(people) < 10) {
			t.Fatalf("%s: too little to mean anything: %d actors, %d cooperations, %d people", p.name, len(actors), len(coops), len(people))
		}

		e := readbackExpectation{Name: strings.ReplaceAll(p.name, " ", "-"), Nodes: map[string]map[string]any{},
			Edges: map[string]map[string]any{}, WorksAt: [][2]string{},
			NodeTypes: map[string]string{"label": "str", "kind": "str", "sector": "str", "neighbourhood": "str"},
			EdgeTypes: map[string]string{"source": "str", "target": "str", "kind": "str"},
			Graph:     map[string]string{"asOf": day}, CheckScores: p.role != domain.RolePublic}
		visible := map[string]bool{}
		for _, a := range actors {
			var nbh []string
			for _, n := range a["neighbourhoods"].([]any) {
				nbh = append(nbh, get(n, "id").(string))
			}
			slices.Sort(nbh)
			var nbhAttr any
			if len(nbh) > 0 {
				nbhAttr = strings.Join(nbh, ";")
			}
			e.Nodes[a["id"].(string)] = map[string]any{"label": a["name"], "kind": a["kind"], "sector": a["sector"], "neighbourhood": nbhAttr}
			visible[a["id"].(string)] = true
		}
		for _, c := range coops {
			from, to := get(c, "from", "id").(string), get(c, "to", "id").(string)
			if visible[from] && visible[to] {
				e.Edges[c["id"].(string)] = map[string]any{"source": from, "target": to, "kind": c["kind"]}
			}
		}
		var roleIDs []string
		for _, per := range people {
			for _, r := range get(per, "roles", "edges").([]any) {
				actor := get(r, "node", "actor", "id").(string)
				if !visible[actor] {
					continue
				}
				e.WorksAt = append(e.WorksAt, [2]string{per["id"].(string), actor})
				e.Nodes[per["id"].(string)] = map[string]any{"label": per["name"], "kind": "PERSON", "sector": nil}
				roleIDs = append(roleIDs, get(r, "node", "id").(string))
			}
		}
		sort.Slice(e.WorksAt, func(i, j int) bool { return e.WorksAt[i][0]+e.WorksAt[i][1] < e.WorksAt[j][0]+e.WorksAt[j][1] })
		switch p.role {
		case domain.RoleResearcher, domain.RolePublic:
			for _, per := range demo.People {
				e.Forbidden = append(e.Forbidden, per.ID, per.Name)
				if per.Email != nil {
					e.Forbidden = append(e.Forbidden, *per.Email)
				}
			}
		}
		for _, a := range allActors {
			if id := a["id"].(string); !visible[id] {
				e.Forbidden = append(e.Forbidden, `"`+id+`"`, "\n"+id+",")
			}
		}

		params := url.Values{"asOf": {day}, "people": {"true"}}
		if p.role != domain.RolePublic {
			params.Set("scores", "true")
		}
		e.Files = map[string]string{"gexf": e.Name + ".gexf", "graphml": e.Name + ".graphml", "cytoscape": e.Name + ".cyjs",
			"nodes_csv": e.Name + "-nodes.csv", "edges_csv": e.Name + "-edges.csv"}
		for format, ct := range map[string]string{"gexf": "application/gexf+xml", "graphml": "application/graphml+xml", "cytoscape": "application/json"} {
			b := mustDownload(t, bearer, "/export/"+format, params, ct)
			writeFile(t, filepath.Join(dir, e.Files[format]), b)
			if format == "cytoscape" {
				checkRoleIDs(t, p.name, b, roleIDs)
			}
		}
		zr := unzip(t, mustDownload(t, bearer, "/export/csv", params, "application/zip"))
		writeFile(t, filepath.Join(dir, e.Files["nodes_csv"]), zr["nodes.csv"])
		writeFile(t, filepath.Join(dir, e.Files["edges_csv"]), zr["edges.csv"])
		exps = append(exps, e)

		// GeoJSON: the actors and services the caller lists, at their
		// locations.
		geoParams := url.Values{"asOf": {day}}
		var geo struct {
			Features []struct {
				Properties map[string]any `json:"properties"`
			} `json:"features"`
		}
		if err := json.Unmarshal(mustDownload(t, bearer, "/export/geojson", geoParams, "application/geo+json"), &geo); err != nil {
			t.Fatal(err)
		}
		got := map[string]map[string]bool{"actor": {}, "service": {}}
		for _, f := range geo.Features {
			if l := f.Properties["layer"].(string); l != "neighbourhood" {
				got[l][f.Properties["id"].(string)] = true
			}
		}
		for layer, list := range map[string][]map[string]any{"actor": actors, "service": services} {
			want := map[string]bool{}
			for _, n := range list {
				if len(n["locations"].([]any)) > 0 {
					want[n["id"].(string)] = true
				}
			}
			if !mapsEqual(got[layer], want) || len(want) == 0 && p.role != domain.RolePublic {
				t.Errorf("%s: geojson has %d %ss, GraphQL lists %d with locations", p.name, len(got[layer]), layer, len(want))
			}
		}

		// HSDS: the services the caller lists.
		b := mustDownload(t, bearer, "/export/hsds", geoParams, "application/json")
		var page struct {
			Contents []struct {
				ID string `json:"id"`
			} `json:"contents"`
		}
		if err := json.Unmarshal(b, &page); err != nil {
			t.Fatal(err)
		}
		gotSvc, wantSvc := map[string]bool{}, map[string]bool{}
		for _, s := range page.Contents {
			gotSvc[s.ID] = true
		}
		for _, s := range services {
			wantSvc[hsds.UUID(s["id"].(string))] = true
		}
		if !mapsEqual(gotSvc, wantSvc) || len(wantSvc) == 0 {
			t.Errorf("%s: hsds has %d services, GraphQL lists %d", p.name, len(gotSvc), len(wantSvc))
		}
		hsdsPath := filepath.Join(dir, e.Name+"-hsds.json")
		writeFile(t, hsdsPath, b)
		out, err := exec.CommandContext(t.Context(), py, filepath.Join("..", "hsds", "testdata", "validate.py"),
			filepath.Join("..", "hsds", "testdata", "schema"), hsdsPath).CombinedOutput()
		if err != nil {
			t.Errorf("%s: the HSDS export does not validate: %v\n%s", p.name, err, out)
		}
	}
	b, err := json.MarshalIndent(map[string]any{"datasets": exps}, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "expected.json"), b)
	out, err := exec.CommandContext(t.Context(), py, filepath.Join("..", "scripts", "readback.py"), dir, filepath.Join(dir, "expected.json")).CombinedOutput()
	if err != nil {
		t.Fatalf("readback.py: %v\n%s", err, out)
	}
	// Four files read by NetworkX or csv, and the GraphML again by igraph.
	if want := len(exps) * 5; strings.Count(string(out), " nodes, ") != want {
		t.Errorf("readback.py checked %d files, want %d:\n%s", strings.Count(string(out), " nodes, "), want, out)
	}
	t.Logf("%s", out)
}

// checkRoleIDs: the WORKS_AT edges of a Cytoscape export are exactly the
// roles GraphQL lists (by their ids as the caller sees them).
func checkRoleIDs(t *testing.T, who string, cyjs []byte, want []string) {
	t.Helper()
	var doc struct {
		Elements struct {
			Edges []struct {
				Data map[string]any `json:"data"`
			} `json:"edges"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(cyjs, &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range doc.Elements.Edges {
		if e.Data["kind"] == "WORKS_AT" {
			got = append(got, e.Data["id"].(string))
		}
	}
	slices.Sort(got)
	want = slices.Clone(want)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s: %d role edges, GraphQL lists %d roles (first %v / %v)", who, len(got), len(want), first(got), first(want))
	}
}

func first(s []string) []string { return s[:min(3, len(s))] }

func mapsEqual(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// unzip returns the files of a ZIP archive by name.
func unzip(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], err = io.ReadAll(rc)
		_ = rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestListExportsAreTheGraphQLLists exports root lists as CSV and XLSX
// as each caller and reads them back (XLSX with excelize, CSV with
// encoding/csv): the rows are the GraphQL list of the same filter and
// order, in the same order, across pages, people as the caller sees them.
func TestListExportsAreTheGraphQLLists(t *testing.T) {
	needNeo4j(t)
	day := seed.ReferenceDay
	for _, p := range exportCallers {
		bearer := p.bearer(t)
		for _, tc := range []struct {
			list, filterType, orderType, filter, orderBy, selection string
			columns                                                 map[string]string // header → GraphQL path
		}{
			{"actors", "ActorFilter", "ActorOrder", `{"asOf": "` + day + `"}`, `{"field": "NAME", "direction": "DESC"}`,
				"id name public neighbourhoods { id } validFrom status", map[string]string{"name": "name", "neighbourhoods.id": "neighbourhoods.id", "public": "public", "validFrom": "validFrom", "status": "status"}},
			{"actors", "ActorFilter", "ActorOrder", `{"neighbourhood": "nbh_nord", "kinds": ["SCHOOL", "ASSOCIATION", "YOUTH_CLUB", "DAYCARE_CENTRE"]}`, `{"field": "CREATED_AT"}`,
				"id name", map[string]string{"name": "name"}},
			{"people", "PersonFilter", "", `{"asOf": "` + day + `"}`, "", "id name email", map[string]string{"name": "name", "email": "email"}},
			{"cooperations", "CooperationFilter", "CooperationOrder", `{"neighbourhood": "nbh_nord"}`, `{"field": "LAST_CONFIRMED", "direction": "DESC"}`,
				"id from { id } strength", map[string]string{"from.id": "from.id", "strength": "strength"}},
			{"services", "ServiceFilter", "ServiceOrder", `{"targetGroup": "SENIORS_65"}`, "", "id provider { name } targetGroups { code }",
				map[string]string{"provider.name": "provider.name", "targetGroups.code": "targetGroups.code"}},
		} {
			var filter, orderBy map[string]any
			_ = json.Unmarshal([]byte(tc.filter), &filter)
			vars := map[string]any{"filter": filter}
			varDefs, args := ", $filter: "+tc.filterType, "filter: $filter,"
			params := url.Values{"filter": {tc.filter}}
			if tc.orderBy != "" {
				_ = json.Unmarshal([]byte(tc.orderBy), &orderBy)
				vars["orderBy"] = orderBy
				varDefs, args = varDefs+", $orderBy: "+tc.orderType, args+" orderBy: $orderBy,"
				params.Set("orderBy", tc.orderBy)
			}
			want := listAll(t, bearer, tc.list, varDefs, args, vars, tc.selection)
			if p.role == domain.RoleAdmin && len(want) < 3 {
				t.Fatalf("%s %s: only %d rows: the case means nothing", tc.list, tc.filter, len(want))
			}
			for _, ext := range []string{"xlsx", "csv"} {
				name := fmt.Sprintf("%s %s.%s %s", p.name, tc.list, ext, tc.filter)
				ct := mediaXLSXForTest
				if ext == "csv" {
					ct = "text/csv"
				}
				rows := readSheet(t, ext, mustDownload(t, bearer, "/export/lists/"+tc.list+"."+ext, params, ct))
				if len(rows) == 0 || rows[0][0] != "id" {
					t.Fatalf("%s: no header row: %v", name, rows)
				}
				head, body := rows[0], rows[1:]
				col := func(h string) int { return slices.Index(head, h) }
				var got []string
				for _, r := range body {
					got = append(got, r[0])
				}
				if !slices.Equal(got, idsOfRows(want)) {
					t.Errorf("%s: ids %v…, GraphQL lists %v… (%d and %d rows)", name, first(got), first(idsOfRows(want)), len(got), len(want))
					continue
				}
				for h, path := range tc.columns {
					c := col(h)
					if c < 0 {
						t.Fatalf("%s: no column %s in %v", name, h, head)
					}
					for i, n := range want {
						if g, w := cellAt(body[i], c), gqlText(n, path); !strings.EqualFold(g, w) {
							t.Errorf("%s: row %d %s = %q, GraphQL %q", name, i+1, h, g, w)
							break
						}
					}
				}
			}
		}
	}
}

const mediaXLSXForTest = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// readSheet reads a list export's rows: an XLSX's first sheet through
// excelize (values as the sheet shows them), a CSV through encoding/csv
// after its byte order mark.
func readSheet(t *testing.T, ext string, b []byte) [][]string {
	t.Helper()
	if ext == "csv" {
		if !bytes.HasPrefix(b, []byte("\ufeff")) {
			t.Errorf("CSV without a UTF-8 byte order mark")
		}
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func cellAt(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

// gqlText spells the value at path of a GraphQL node as a list export
// writes it: values along lists joined by "; ", booleans in upper case
// as spreadsheets show them (XLSX) or lower (CSV) compared loosely.
func gqlText(n map[string]any, path string) string {
	var vals []string
	var walk func(v any, p []string)
	walk = func(v any, p []string) {
		switch x := v.(type) {
		case nil:
		case []any:
			for _, e := range x {
				walk(e, p)
			}
		case map[string]any:
			if len(p) > 0 {
				walk(x[p[0]], p[1:])
			}
		case bool:
			vals = append(vals, strings.ToUpper(fmt.Sprint(x)))
		case float64:
			vals = append(vals, strconv.FormatFloat(x, 'f', -1, 64))
		default:
			vals = append(vals, fmt.Sprint(x))
		}
	}
	walk(n, strings.Split(path, "."))
	return strings.Join(vals, "; ")
}

// TestEveryListExports: every root list exports as CSV and XLSX for
// every caller, unfiltered (each page's query fits the complexity limit
// and field cap), with as many rows as the GraphQL list has.
func TestEveryListExports(t *testing.T) {
	needNeo4j(t)
	for _, p := range exportCallers {
		bearer := p.bearer(t)
		for _, list := range []string{"actors", "people", "services", "needs", "cooperations", "networks", "events", "neighbourhoods"} {
			want := len(listAll(t, bearer, list, "", "", nil, "id"))
			for _, ext := range []string{"csv", "xlsx"} {
				ct := mediaXLSXForTest
				if ext == "csv" {
					ct = "text/csv"
				}
				rows := readSheet(t, ext, mustDownload(t, bearer, "/export/lists/"+list+"."+ext, nil, ct))
				if len(rows)-1 != want {
					t.Errorf("%s: %s.%s has %d rows, GraphQL lists %d", p.name, list, ext, len(rows)-1, want)
				}
			}
		}
	}
}
