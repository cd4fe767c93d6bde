package server_test

import (
	"archive/zip"
	"bytes"
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
	"strings"
	"testing"

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

// strs reads the strings at path in each node.
func ids(nodes []map[string]any) []string {
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
// back by NetworkX and Python's csv module (scripts/readback.py), with
// betweenness and degree recomputed there; GeoJSON and HSDS hold the
// actors and services the caller lists, and HSDS validates against Open
// Referral's schemas. No real name of a person reaches the researcher,
// no person the public, and no actor the caller cannot list any file.
func TestExportsHoldWhatTheCallerMayRead(t *testing.T) {
	needNeo4j(t)
	py := pythontest.Python(t, "networkx and jsonschema", "networkx, jsonschema")
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
	if want := len(exps) * 4; strings.Count(string(out), " nodes, ") != want {
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
