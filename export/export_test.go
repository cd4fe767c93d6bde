package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/export"
)

func withPeople(t *testing.T) export.Options {
	return export.Options{AsOf: asOf, Scope: "nbh_x", IncludePeople: true, Pseudonymizer: pseudonymizer(t)}
}

// TestPeopleNeedPseudonymizer: asking for people without a pseudonymizer
// fails in every writer before a byte is written.
func TestPeopleNeedPseudonymizer(t *testing.T) {
	opt := export.Options{AsOf: asOf, IncludePeople: true}
	ds := small()
	for _, tc := range []struct {
		name  string
		write func(w *bytes.Buffer) error
	}{
		{"gexf", func(w *bytes.Buffer) error { return export.WriteGEXF(w, ds, opt) }},
		{"graphml", func(w *bytes.Buffer) error { return export.WriteGraphML(w, ds, opt) }},
		{"cytoscape", func(w *bytes.Buffer) error { return export.WriteCytoscape(w, ds, opt) }},
		{"csv", func(w *bytes.Buffer) error { return export.WriteCSV(w, w, ds, opt) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.write(&b); !errors.Is(err, export.ErrNoPseudonymizer) {
				t.Fatalf("err = %v, want ErrNoPseudonymizer", err)
			}
			if b.Len() > 0 {
				t.Errorf("wrote %d bytes before failing", b.Len())
			}
		})
	}
}

// TestNoPersonalData: no name, e-mail, person id, role id or role title
// appears in any format, with or without people, and with people the
// pseudonyms do.
func TestNoPersonalData(t *testing.T) {
	ds := small()
	ds.Scores = export.ComputeScores(ds.Slice)
	var forbidden []string
	for _, p := range smallPeople {
		forbidden = append(forbidden, p.ID, strings.TrimPrefix(p.ID, "per_"), p.Name)
		forbidden = append(forbidden, strings.Fields(p.Name)...)
		if p.Email != nil {
			forbidden = append(forbidden, *p.Email)
		}
	}
	for _, r := range ds.Roles {
		forbidden = append(forbidden, r.ID, r.Title)
	}
	// Free text about actors and cooperations is not exported either: it
	// may name people.
	forbidden = append(forbidden, "sekretariat@", "Frau Lehmann")
	ps := pseudonymizer(t)
	for _, tc := range []struct {
		name   string
		opt    export.Options
		people bool
	}{
		{"with people", withPeople(t), true},
		{"without people", export.Options{AsOf: asOf, Pseudonymizer: ps}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for format, b := range writeAll(t, ds, tc.opt) {
				for _, s := range forbidden {
					if bytes.Contains(b, []byte(s)) {
						t.Errorf("%s contains %q", format, s)
					}
				}
				for _, p := range smallPeople[:2] {
					if got := bytes.Contains(b, []byte(ps.Pseudonym(p.ID))); got != tc.people {
						t.Errorf("%s: pseudonym of %s present = %t, want %t", format, p.ID, got, tc.people)
					}
				}
				if got := bytes.Contains(b, []byte(export.RelWorksAt)); got != tc.people && format != "nodes.csv" {
					t.Errorf("%s: WORKS_AT present = %t, want %t", format, got, tc.people)
				}
				if bytes.Contains(b, testKey) {
					t.Errorf("%s contains the pseudonym key", format)
				}
			}
		})
	}
}

func TestCSV(t *testing.T) {
	ds := small()
	var nodesB, edgesB bytes.Buffer
	if err := export.WriteCSV(&nodesB, &edgesB, ds, withPeople(t)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		data   []byte
		header []string
		rows   int
		want   map[string][]string // first column → expected prefix of the row
	}{
		{"nodes", nodesB.Bytes(), []string{"Id", "Label", "kind", "sector", "institution", "neighbourhood", "validFrom", "validTo"},
			smallNodesTotal, map[string][]string{
				"act_a-school": {"act_a-school", nameSchool, "SCHOOL", "PUBLIC", "true", "nbh_x", "2010-08-01", ""},
				"act_c-office": {"act_c-office", nameOffice, "YOUTH_OFFICE", "PUBLIC", "true", "", "", "2030-12-31"},
				"act_d-cafe":   {"act_d-cafe", nameCafe},
			}},
		{"edges", edgesB.Bytes(), []string{"Source", "Target", "Type", "Id", "Label", "Weight", "kind", "strength", "directed", "validFrom", "validTo"},
			smallEdgesTotal, map[string][]string{
				"act_c-office": {"act_c-office", "act_a-school", "Directed", "coo_3", "FUNDING", "1", "FUNDING", "1", "true", "2020-01-01", "2027-12-31"},
				"act_b-club":   {"act_b-club", "act_c-office", "Undirected", "coo_4", "INFORMATION_EXCHANGE", "0.25"},
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !bytes.Contains(tc.data, []byte("\r\n")) {
				t.Error("lines do not end in CRLF")
			}
			recs, err := csv.NewReader(bytes.NewReader(tc.data)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(recs[0], tc.header) || len(recs)-1 != tc.rows {
				t.Fatalf("header %q and %d rows; want %q and %d", recs[0], len(recs)-1, tc.header, tc.rows)
			}
			for _, r := range recs[1:] {
				if want, ok := tc.want[r[0]]; ok && !slices.Equal(r[:len(want)], want) {
					t.Errorf("row %q, want it to start %q", r, want)
				}
			}
		})
	}
}

func TestCytoscape(t *testing.T) {
	ds := small()
	ds.Scores = export.ComputeScores(ds.Slice)
	var b bytes.Buffer
	if err := export.WriteCytoscape(&b, ds, withPeople(t)); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Data       map[string]any `json:"data"`
		Directed   *bool          `json:"directed"`
		Multigraph bool           `json:"multigraph"`
		Elements   struct {
			Nodes []struct{ Data map[string]any } `json:"nodes"`
			Edges []struct{ Data map[string]any } `json:"edges"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Directed == nil || *doc.Directed || !doc.Multigraph || doc.Data["asOf"] != "2026-11-25" {
		t.Errorf("graph: directed %v multigraph %t data %v", doc.Directed, doc.Multigraph, doc.Data)
	}
	if len(doc.Elements.Nodes) != smallNodesTotal || len(doc.Elements.Edges) != smallEdgesTotal {
		t.Fatalf("%d nodes, %d edges", len(doc.Elements.Nodes), len(doc.Elements.Edges))
	}
	nodes := map[string]map[string]any{}
	for _, n := range doc.Elements.Nodes {
		if n.Data["id"] != n.Data["value"] {
			t.Errorf("node %v: value must repeat id for NetworkX", n.Data)
		}
		nodes[n.Data["id"].(string)] = n.Data
	}
	for _, e := range doc.Elements.Edges {
		if nodes[e.Data["source"].(string)] == nil || nodes[e.Data["target"].(string)] == nil || e.Data["id"] != e.Data["key"] {
			t.Errorf("edge %v: dangling, or key is not its id", e.Data)
		}
	}
	if got := nodes["act_a-school"]["label"]; got != nameSchool {
		t.Errorf("label = %q", got)
	}
	if got := nodes["act_c-office"]["articulationPoint"]; got != true {
		t.Errorf("articulationPoint of the office = %v", got)
	}
	if _, ok := nodes["act_d-cafe"]["constraint"]; ok {
		t.Error("isolate has a constraint")
	}
}

// TestDeterministic: the order of the input does not change a byte.
func TestDeterministic(t *testing.T) {
	ds := small()
	ds.Scores = export.ComputeScores(ds.Slice)
	want := writeAll(t, ds, withPeople(t))
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 5 {
		sh := small()
		sh.Scores = ds.Scores
		rng.Shuffle(len(sh.Slice.Actors), func(i, j int) { sh.Slice.Actors[i], sh.Slice.Actors[j] = sh.Slice.Actors[j], sh.Slice.Actors[i] })
		rng.Shuffle(len(sh.Slice.Cooperations), func(i, j int) {
			sh.Slice.Cooperations[i], sh.Slice.Cooperations[j] = sh.Slice.Cooperations[j], sh.Slice.Cooperations[i]
		})
		rng.Shuffle(len(sh.Roles), func(i, j int) { sh.Roles[i], sh.Roles[j] = sh.Roles[j], sh.Roles[i] })
		for format, b := range writeAll(t, sh, withPeople(t)) {
			if !bytes.Equal(b, want[format]) {
				t.Errorf("shuffle %d: %s differs", i, format)
			}
		}
	}
}

// TestScores: the office is the only bridge to the food bank; the
// isolate has no constraint; scores are only declared when given.
func TestScores(t *testing.T) {
	sc := export.ComputeScores(small().Slice)
	office, cafe := sc["act_c-office"], sc["act_d-cafe"]
	if !office.ArticulationPoint || office.Betweenness == nil || *office.Betweenness <= 0 || office.Degree != 3 {
		t.Errorf("office: %+v", office)
	}
	if cafe.Constraint != nil || cafe.Degree != 0 || cafe.Community == nil {
		t.Errorf("isolate: %+v", cafe)
	}
	var b bytes.Buffer
	if err := export.WriteGraphML(&b, small(), export.Options{}); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b.Bytes(), []byte("betweenness")) {
		t.Error("scores declared without scores")
	}
}

// TestEmpty: an empty slice is a valid empty graph in every format.
func TestEmpty(t *testing.T) {
	for format, b := range writeAll(t, export.Dataset{}, export.Options{}) {
		if len(b) == 0 {
			t.Errorf("%s: nothing written", format)
		}
	}
	var b bytes.Buffer
	opt := export.Options{Kinds: []domain.CooperationKind{domain.CoopFunding, domain.CoopReferral}}
	if err := export.WriteGEXF(&b, export.Dataset{}, opt); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b.Bytes(), []byte("of the whole city; cooperation kinds: FUNDING,REFERRAL")) {
		t.Errorf("scope or kinds missing from the description:\n%s", b.Bytes())
	}
}
