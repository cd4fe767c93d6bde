package export_test

import (
	"bytes"
	"cmp"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/export"
)

// streamOf is ds as a Graph, its parts in the order and form a store
// hands them on (sorted by id, people under pseudonyms), with the counts
// given or unknown (-1).
func streamOf(t *testing.T, ds export.Dataset, ps *export.Pseudonymizer, nodes, edges int) export.Graph {
	t.Helper()
	actors := slices.Clone(ds.Slice.Actors)
	slices.SortFunc(actors, func(a, b domain.Actor) int { return cmp.Compare(a.ID, b.ID) })
	in := map[string]bool{}
	for _, a := range actors {
		in[a.ID] = true
	}
	coops := slices.Clone(ds.Slice.Cooperations)
	slices.SortFunc(coops, func(a, b domain.Cooperation) int { return cmp.Compare(a.ID, b.ID) })
	var roles []export.Role
	people := map[string]bool{}
	for _, r := range ds.Roles {
		if in[r.ActorID] {
			p := ps.Pseudonym(r.PersonID)
			people[p] = true
			roles = append(roles, export.Role{ID: ps.RolePseudonym(r.ID), PersonID: p, ActorID: r.ActorID, Span: r.Span})
		}
	}
	slices.SortFunc(roles, func(a, b export.Role) int { return cmp.Compare(a.ID, b.ID) })
	return export.Graph{Scores: ds.Scores != nil, Positions: ds.Positions != nil, NodeCount: nodes, EdgeCount: edges,
		Actors: func(yield func(export.Actor) error) error {
			for _, a := range actors {
				x := export.Actor{Actor: a}
				if s, ok := ds.Scores[a.ID]; ok {
					x.Scores = &s
				}
				if p, ok := ds.Positions[a.ID]; ok {
					x.Position = &p
				}
				if err := yield(x); err != nil {
					return err
				}
			}
			return nil
		},
		People: func(yield func(export.Person) error) error {
			for _, p := range slices.Sorted(maps.Keys(people)) {
				if err := yield(export.Person{ID: p, Label: p}); err != nil {
					return err
				}
			}
			return nil
		},
		Cooperations: func(yield func(domain.Cooperation) error) error {
			for _, c := range coops {
				if !in[c.FromID] || !in[c.ToID] {
					continue // the store's statement selects both ends in the slice
				}
				if err := yield(c); err != nil {
					return err
				}
			}
			return nil
		},
		Roles: func(yield func(export.Role) error) error {
			for _, r := range roles {
				if err := yield(r); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// TestStreamedGraphIsTheDatasetsFile: a Graph handed on record by record
// gives byte for byte the file of the same Dataset in every format, with
// scores, positions and people; GEXF leaves out the counts it is not
// told.
func TestStreamedGraphIsTheDatasetsFile(t *testing.T) {
	ps := pseudonymizer(t)
	ds := small()
	ds.Scores = export.ComputeScores(ds.Slice)
	ds.Positions = map[string]orb.Point{"act_a-school": {13.4, 52.5}, "act_e-foodbank": {13.41, 52.51}}
	opt := withPeople(t)
	want := writeAll(t, ds, opt)
	for _, counts := range []bool{true, false} {
		n, e := -1, -1
		if counts {
			n, e = smallNodesTotal, smallEdgesTotal
		}
		g := streamOf(t, ds, ps, n, e)
		got := files{}
		for name, f := range map[string]export.Format{"gexf": export.FormatGEXF, "graphml": export.FormatGraphML, "cyjs": export.FormatCytoscape} {
			var b bytes.Buffer
			if err := export.WriteGraph(&b, f, g, opt); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			got[name] = b.Bytes()
		}
		var nodes, edges bytes.Buffer
		if err := export.WriteGraphCSV(&nodes, &edges, g, opt); err != nil {
			t.Fatal(err)
		}
		got["nodes.csv"], got["edges.csv"] = nodes.Bytes(), edges.Bytes()
		for name, w := range want {
			if !counts && name == "gexf" {
				w = bytes.ReplaceAll(w, []byte(` count="7"`), nil)
				w = bytes.ReplaceAll(w, []byte(` count="8"`), nil)
			}
			if !bytes.Equal(got[name], w) {
				t.Errorf("counts %v: streamed %s differs:\n%s\nwant:\n%s", counts, name, got[name], w)
			}
		}
	}
}

// TestStreamedGraphStopsAtAnError: a part's error ends the file and is
// returned as it is.
func TestStreamedGraphStopsAtAnError(t *testing.T) {
	broken := errors.New("connection lost")
	g := streamOf(t, small(), pseudonymizer(t), -1, -1)
	g.Cooperations = func(func(domain.Cooperation) error) error { return broken }
	for _, f := range []export.Format{export.FormatGEXF, export.FormatGraphML, export.FormatCytoscape} {
		var b bytes.Buffer
		if err := export.WriteGraph(&b, f, g, withPeople(t)); !errors.Is(err, broken) {
			t.Errorf("%s: err = %v, want the part's", f, err)
		}
	}
	if err := export.WriteGraph(&bytes.Buffer{}, "pdf", g, withPeople(t)); !errors.Is(err, export.ErrUnknownFormat) {
		t.Errorf("pdf: err = %v, want ErrUnknownFormat", err)
	}
	var nodes, edges bytes.Buffer
	if err := export.WriteGraphCSV(&nodes, &edges, g, withPeople(t)); !errors.Is(err, broken) {
		t.Errorf("csv: err = %v", err)
	}
	if !strings.HasPrefix(nodes.String(), "Id,Label") || edges.Len() > 0 && !strings.HasPrefix(edges.String(), "Source") {
		t.Errorf("csv: nodes %q, edges %q", nodes.String(), edges.String())
	}
}
