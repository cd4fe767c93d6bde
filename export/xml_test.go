package export_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"slices"
	"strconv"
	"testing"

	"github.com/kiezgraph/kiezgraph/export"
)

// The XML formats are decoded with encoding/xml: well-formed, every
// value declared and of its declared type, names escaped and back.

// gexfDoc is what the tests read of a GEXF file.
type gexfDoc struct {
	XMLName xml.Name `xml:"http://gexf.net/1.3 gexf"`
	Version string   `xml:"version,attr"`
	Graph   struct {
		Mode       string `xml:"mode,attr"`
		TimeFormat string `xml:"timeformat,attr"`
		EdgeType   string `xml:"defaultedgetype,attr"`
		Attributes []struct {
			Class string `xml:"class,attr"`
			Attrs []struct {
				ID   string `xml:"id,attr"`
				Type string `xml:"type,attr"`
			} `xml:"attribute"`
		} `xml:"attributes"`
		Nodes []gexfElem `xml:"nodes>node"`
		Edges []gexfElem `xml:"edges>edge"`
	} `xml:"graph"`
}

type gexfElem struct {
	ID     string `xml:"id,attr"`
	Label  string `xml:"label,attr"`
	Source string `xml:"source,attr"`
	Target string `xml:"target,attr"`
	Weight string `xml:"weight,attr"`
	Start  string `xml:"start,attr"`
	End    string `xml:"end,attr"`
	Values []struct {
		For   string `xml:"for,attr"`
		Value string `xml:"value,attr"`
	} `xml:"attvalues>attvalue"`
}

// checkTyped fails unless value parses as the declared type.
func checkTyped(t *testing.T, what, typ, value string) {
	t.Helper()
	var err error
	switch typ {
	case "boolean":
		_, err = strconv.ParseBool(value)
	case "double":
		_, err = strconv.ParseFloat(value, 64)
	case "integer", "int":
		_, err = strconv.Atoi(value)
	case "string":
	default:
		err = errors.New("unknown type " + typ)
	}
	if err != nil {
		t.Errorf("%s: %q is not a %s: %v", what, value, typ, err)
	}
}

func TestGEXF(t *testing.T) {
	ds := small()
	ds.Scores = export.ComputeScores(ds.Slice)
	var b bytes.Buffer
	if err := export.WriteGEXF(&b, ds, withPeople(t)); err != nil {
		t.Fatal(err)
	}
	var doc gexfDoc
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("not well-formed GEXF: %v", err)
	}
	g := doc.Graph
	if doc.Version != "1.3" || g.Mode != "dynamic" || g.TimeFormat != "date" || g.EdgeType != "undirected" {
		t.Errorf("header: version %q mode %q timeformat %q defaultedgetype %q", doc.Version, g.Mode, g.TimeFormat, g.EdgeType)
	}
	if len(g.Nodes) != smallNodesTotal || len(g.Edges) != smallEdgesTotal {
		t.Fatalf("%d nodes, %d edges; want %d, %d", len(g.Nodes), len(g.Edges), smallNodesTotal, smallEdgesTotal)
	}
	types := map[string]map[string]string{}
	for _, a := range g.Attributes {
		types[a.Class] = map[string]string{}
		for _, d := range a.Attrs {
			types[a.Class][d.ID] = d.Type
		}
	}
	labels := map[string]string{}
	for class, elems := range map[string][]gexfElem{"node": g.Nodes, "edge": g.Edges} {
		for _, e := range elems {
			labels[e.ID] = e.Label
			for _, v := range e.Values {
				typ, ok := types[class][v.For]
				if !ok {
					t.Errorf("%s %s: undeclared attribute %q", class, e.ID, v.For)
				}
				checkTyped(t, class+" "+e.ID+" "+v.For, typ, v.Value)
			}
		}
	}
	for id, want := range map[string]string{"act_a-school": nameSchool, "act_b-club": nameClub,
		"act_c-office": nameOffice, "act_d-cafe": nameCafe, "coo_3": "FUNDING"} {
		if labels[id] != want {
			t.Errorf("label of %s = %q, want %q", id, labels[id], want)
		}
	}
	coo3 := g.Edges[slices.IndexFunc(g.Edges, func(e gexfElem) bool { return e.ID == "coo_3" })]
	if coo3.Start != "2020-01-01" || coo3.End != "2027-12-31" || coo3.Weight != "1" ||
		coo3.Source != "act_c-office" || coo3.Target != "act_a-school" {
		t.Errorf("coo_3 = %+v", coo3)
	}
}

// graphmlDoc is what the tests read of a GraphML file.
type graphmlDoc struct {
	XMLName xml.Name `xml:"http://graphml.graphdrawing.org/xmlns graphml"`
	Keys    []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graph struct {
		EdgeDefault string        `xml:"edgedefault,attr"`
		Data        []graphmlData `xml:"data"`
		Nodes       []graphmlElem `xml:"node"`
		Edges       []graphmlElem `xml:"edge"`
	} `xml:"graph"`
}

type graphmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

type graphmlElem struct {
	ID     string        `xml:"id,attr"`
	Source string        `xml:"source,attr"`
	Target string        `xml:"target,attr"`
	Data   []graphmlData `xml:"data"`
}

func TestGraphML(t *testing.T) {
	ds := small()
	ds.Scores = export.ComputeScores(ds.Slice)
	var b bytes.Buffer
	if err := export.WriteGraphML(&b, ds, withPeople(t)); err != nil {
		t.Fatal(err)
	}
	var doc graphmlDoc
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("not well-formed GraphML: %v", err)
	}
	g := doc.Graph
	if g.EdgeDefault != "undirected" || len(g.Nodes) != smallNodesTotal || len(g.Edges) != smallEdgesTotal {
		t.Fatalf("edgedefault %q, %d nodes, %d edges", g.EdgeDefault, len(g.Nodes), len(g.Edges))
	}
	type key struct{ scope, name, typ string }
	keys := map[string]key{}
	for _, k := range doc.Keys {
		if _, dup := keys[k.ID]; dup {
			t.Errorf("key %s declared twice", k.ID)
		}
		keys[k.ID] = key{k.For, k.Name, k.Type}
	}
	values := map[string]map[string]string{}
	check := func(scope, id string, data []graphmlData) {
		values[id] = map[string]string{}
		for _, d := range data {
			k, ok := keys[d.Key]
			if !ok || k.scope != scope {
				t.Errorf("%s %s: data key %q not declared for %s", scope, id, d.Key, scope)
				continue
			}
			checkTyped(t, scope+" "+id+" "+k.name, k.typ, d.Value)
			values[id][k.name] = d.Value
		}
	}
	check("graph", "graph", g.Data)
	for _, n := range g.Nodes {
		check("node", n.ID, n.Data)
	}
	for _, e := range g.Edges {
		check("edge", e.ID, e.Data)
	}
	for _, tc := range []struct{ id, attr, want string }{
		{"graph", "asOf", "2026-11-25"},
		{"graph", "scope", "nbh_x"},
		{"act_a-school", "label", nameSchool},
		{"act_c-office", "label", nameOffice},
		{"act_d-cafe", "label", nameCafe},
		{"act_b-club", "neighbourhood", "nbh_x;nbh_y"},
		{"act_c-office", "articulationPoint", "true"},
		{"act_d-cafe", "degree", "0"},
		{"act_d-cafe", "constraint", ""}, // undefined for an isolate
		{"coo_2", "directed", "true"},
		{"coo_2", "strength", "0.4"},
		{"coo_3", "validTo", "2027-12-31"},
	} {
		if got := values[tc.id][tc.attr]; got != tc.want {
			t.Errorf("%s.%s = %q, want %q", tc.id, tc.attr, got, tc.want)
		}
	}
}
