package export_test

import (
	"encoding/json"
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/export"
	"github.com/kiezgraph/kiezgraph/internal/pythontest"
	"github.com/kiezgraph/kiezgraph/seed"
)

// expectation is what scripts/readback.py checks one dataset's files
// against (see its doc string). It is derived from the domain values,
// not from the writers.
type expectation struct {
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

var (
	nodeTypes = map[string]string{"label": "str", "kind": "str", "sector": "str", "institution": "bool",
		"neighbourhood": "str", "validFrom": "str", "validTo": "str", "betweenness": "float", "constraint": "float",
		"effectiveSize": "float", "degree": "int", "community": "int", "articulationPoint": "bool"}
	edgeTypes = map[string]string{"source": "str", "target": "str", "label": "str", "kind": "str",
		"strength": "float", "directed": "bool", "validFrom": "str", "validTo": "str", "weight": "float", "type": "str"}
)

// optDay is a span end as the files show it: absent when open.
func optDay(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.Format(time.DateOnly)
}

func optFloat(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// expect writes ds in every format into dir and returns what the files
// must hold. forbidden are strings no file may contain.
func expect(t *testing.T, dir, name string, ds export.Dataset, opt export.Options, forbidden []string) expectation {
	t.Helper()
	e := expectation{Name: name, Nodes: map[string]map[string]any{}, Edges: map[string]map[string]any{},
		WorksAt: [][2]string{}, NodeTypes: maps.Clone(nodeTypes), EdgeTypes: maps.Clone(edgeTypes), CheckScores: ds.Scores != nil,
		Graph: map[string]string{"asOf": opt.AsOf.Format(time.DateOnly)}, Forbidden: forbidden,
		Files: map[string]string{"gexf": name + ".gexf", "graphml": name + ".graphml", "cytoscape": name + ".cyjs",
			"nodes_csv": name + "-nodes.csv", "edges_csv": name + "-edges.csv"}}
	if opt.Scope != "" {
		e.Graph["scope"] = opt.Scope
	}
	for _, a := range ds.Slice.Actors {
		nbh := slices.Sorted(slices.Values(a.NeighbourhoodIDs))
		var nbhAttr any
		if len(nbh) > 0 {
			nbhAttr = strings.Join(nbh, ";")
		}
		n := map[string]any{"label": a.Name, "kind": string(a.Kind), "sector": string(a.Sector),
			"institution": a.Kind.IsInstitution(), "neighbourhood": nbhAttr,
			"validFrom": optDay(a.ValidFrom), "validTo": optDay(a.ValidTo)}
		if ds.Scores == nil {
			n["betweenness"], n["degree"] = nil, nil
		} else if s, ok := ds.Scores[a.ID]; ok {
			n["betweenness"], n["constraint"], n["effectiveSize"] = optFloat(s.Betweenness), optFloat(s.Constraint), optFloat(s.EffectiveSize)
			n["degree"], n["community"], n["articulationPoint"] = s.Degree, *s.Community, s.ArticulationPoint
		}
		e.Nodes[a.ID] = n
	}
	for _, c := range ds.Slice.Cooperations {
		if e.Nodes[c.FromID] == nil || e.Nodes[c.ToID] == nil {
			continue
		}
		typ := "Undirected"
		if c.Directed {
			typ = "Directed"
		}
		e.Edges[c.ID] = map[string]any{"source": c.FromID, "target": c.ToID, "label": string(c.Kind),
			"kind": string(c.Kind), "strength": c.Strength, "directed": c.Directed, "weight": c.Strength,
			"type": typ, "validFrom": optDay(c.ValidFrom), "validTo": optDay(c.ValidTo)}
	}
	if opt.IncludePeople {
		for _, r := range ds.Roles {
			if e.Nodes[r.ActorID] == nil {
				continue
			}
			p := opt.Pseudonymizer.Pseudonym(r.PersonID)
			e.WorksAt = append(e.WorksAt, [2]string{p, r.ActorID})
			e.Nodes[p] = map[string]any{"label": p, "kind": export.KindPerson, "sector": nil, "institution": nil}
		}
	}
	for format, b := range writeAll(t, ds, opt) {
		fname := map[string]string{"nodes.csv": "nodes_csv", "edges.csv": "edges_csv", "cyjs": "cytoscape"}[format]
		if fname == "" {
			fname = format
		}
		if err := os.WriteFile(filepath.Join(dir, e.Files[fname]), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// demo is the demo city on its reference day, as the store would slice
// it for the whole city: actors valid then, cooperations valid then
// between them, and the roles at them valid then.
func demo(t *testing.T) (export.Dataset, []domain.Person) {
	t.Helper()
	d := seed.Demo()
	day, err := time.Parse(time.DateOnly, seed.ReferenceDay)
	if err != nil {
		t.Fatal(err)
	}
	slice := &domain.NetworkSlice{}
	in := map[string]bool{}
	for _, a := range d.Actors {
		if a.ValidOn(day) {
			slice.Actors = append(slice.Actors, a)
			in[a.ID] = true
		}
	}
	for _, c := range d.Cooperations {
		if c.ValidOn(day) && in[c.FromID] && in[c.ToID] {
			slice.Cooperations = append(slice.Cooperations, c)
		}
	}
	ds := export.Dataset{Slice: slice}
	for _, r := range d.Roles {
		if r.ValidOn(day) && in[r.ActorID] {
			ds.Roles = append(ds.Roles, r)
		}
	}
	if len(slice.Actors) < 50 || len(slice.Cooperations) < 50 || len(ds.Roles) < 20 {
		t.Fatalf("demo slice too small to mean anything: %d actors, %d cooperations, %d roles",
			len(slice.Actors), len(slice.Cooperations), len(ds.Roles))
	}
	return ds, d.People
}

// personalStrings are what must never appear: names, e-mails, person
// ids (which spell names) and role ids; titles too when asked.
func personalStrings(people []domain.Person, roles []domain.Role, titles bool) []string {
	var out []string
	for _, p := range people {
		out = append(out, p.ID, p.Name)
		if p.Email != nil {
			out = append(out, *p.Email)
		}
	}
	for _, r := range roles {
		out = append(out, r.ID)
		if titles {
			out = append(out, r.Title)
		}
	}
	return out
}

// python returns a python3 with NetworkX and python-igraph.
func python(t *testing.T) string {
	return pythontest.Python(t, "networkx and igraph", "networkx, igraph")
}

// readBack runs scripts/readback.py on dir and returns its exit error
// and output.
func readBack(t *testing.T, py, dir string, exps []expectation) (string, error) {
	t.Helper()
	b, err := json.MarshalIndent(map[string]any{"datasets": exps}, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "expected.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(t.Context(), py, filepath.Join("..", "scripts", "readback.py"), dir, path).CombinedOutput()
	return string(out), err
}

// TestReadBackWithNetworkXAndIgraph writes every format of the small
// network and of the demo city and has NetworkX and Python's csv module
// read them back, and python-igraph the GraphML files too: counts, ids,
// attribute values and types, WORKS_AT edges, and betweenness and degree
// recomputed by NetworkX and by igraph.
func TestReadBackWithNetworkXAndIgraph(t *testing.T) {
	py := python(t)
	dir := t.TempDir()
	ps := pseudonymizer(t)

	sm := small()
	sm.Scores = export.ComputeScores(sm.Slice)
	smForbidden := append(personalStrings(smallPeople, sm.Roles, true), "sekretariat@", "Frau Lehmann")
	dm, demoPeople := demo(t)
	dm.Scores = export.ComputeScores(dm.Slice)
	demoOpt := export.Options{AsOf: asOf, IncludePeople: true, Pseudonymizer: ps}
	exps := []expectation{
		expect(t, dir, "small", sm, withPeople(t), smForbidden),
		expect(t, dir, "small-plain", small(), export.Options{AsOf: asOf}, smForbidden),
		expect(t, dir, "demo", dm, demoOpt, personalStrings(demoPeople, dm.Roles, false)),
	}
	out, err := readBack(t, py, dir, exps)
	if err != nil {
		t.Fatalf("readback.py: %v\n%s", err, out)
	}
	t.Logf("%s", out)
	// Four files read by NetworkX or csv, and the GraphML again by igraph.
	files, byIgraph := strings.Count(out, " nodes, "), strings.Count(out, " igraph graphml: ")
	if files != len(exps)*5 || byIgraph != len(exps) {
		t.Errorf("readback.py checked %d files (%d with igraph), want %d (%d)", files, byIgraph, len(exps)*5, len(exps))
	}
}

// TestReadBackDetectsMismatch: the checker fails when the files do not
// hold what is expected, so a passing read-back means something.
func TestReadBackDetectsMismatch(t *testing.T) {
	py := python(t)
	for _, tc := range []struct {
		name  string
		spoil func(e *expectation)
		want  string
		// What igraph's check of the GraphML file reports too; none for a
		// degree typed float (igraph's numbers are all doubles) or a
		// forbidden string (the raw files' check).
		igraph string
	}{
		{"label", func(e *expectation) { e.Nodes["act_a-school"]["label"] = "Schule am Park" }, "node act_a-school label",
			"igraph graphml node act_a-school label"},
		{"missing node", func(e *expectation) { e.Nodes["act_z"] = map[string]any{} }, "nodes and", "igraph graphml: 7 nodes and"},
		{"edge end", func(e *expectation) { e.Edges["coo_3"]["target"] = "act_b-club" }, "edge coo_3", "igraph graphml edge coo_3"},
		{"type", func(e *expectation) { e.NodeTypes["degree"] = "float" }, "is a int, want float", ""},
		{"role", func(e *expectation) { e.WorksAt[0][1] = "act_d-cafe" }, "WORKS_AT edges", "igraph graphml: WORKS_AT edges"},
		{"forbidden", func(e *expectation) { e.Forbidden = append(e.Forbidden, "ASSOCIATION") }, "forbidden 'ASSOCIATION'", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			ds := small()
			ds.Scores = export.ComputeScores(ds.Slice)
			e := expect(t, dir, "small", ds, withPeople(t), nil)
			tc.spoil(&e)
			out, err := readBack(t, py, dir, []expectation{e})
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(out, tc.want) {
				t.Errorf("readback.py: %v, want exit 1 mentioning %q:\n%s", err, tc.want, out)
			}
			if tc.igraph != "" && !strings.Contains(out, tc.igraph) {
				t.Errorf("readback.py does not report igraph's mismatch %q:\n%s", tc.igraph, out)
			}
		})
	}
}
