package export

import (
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/paulmach/orb"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Graph is a network read while it is written: the streaming form of a
// Dataset, for exports too large to hold (the API's, see package
// server). Its parts are called once each, in the order every format
// writes them (actors, people, cooperations, roles), and each calls
// yield once per record; yield's error ends the part and the export.
// Nil parts are empty. A part should yield its records sorted by id,
// so that the same data gives the same file.
//
// Graph carries people already as the reader may see them (see Person):
// the writers never see a person's record.
type Graph struct {
	// Scores and Positions declare the node attributes of scores and of
	// coordinates. Formats declare attributes before the first node, so
	// they are known before the actors are read.
	Scores, Positions bool
	// NodeCount and EdgeCount are the numbers of nodes and edges when
	// they are known beforehand; GEXF writes them as count attributes,
	// which it leaves out when they are negative (unknown).
	NodeCount, EdgeCount int
	Actors               func(yield func(Actor) error) error
	People               func(yield func(Person) error) error
	Cooperations         func(yield func(domain.Cooperation) error) error
	Roles                func(yield func(Role) error) error
}

// Actor is an actor of a Graph with what the file adds to it.
type Actor struct {
	domain.Actor
	// Scores, when not nil and Graph.Scores is set, are written as node
	// attributes.
	Scores *Scores
	// Position is where the actor works (longitude, latitude), when
	// known and Graph.Positions is set.
	Position *orb.Point
}

// Person is a person as the file names them: ID and Label are what the
// reader may see (a keyed pseudonym for researchers, see Pseudonymizer;
// the person's id and name for readers of people).
type Person struct{ ID, Label string }

// Role is a role as the file shows it: ID is the role's id as the
// reader may see it, PersonID the Person.ID of its person.
type Role struct {
	ID, PersonID, ActorID string
	domain.Span
}

// Format names a network file format of WriteGraph.
type Format string

// The formats of WriteGraph; CSV has two files (WriteGraphCSV).
const (
	FormatGEXF      Format = "gexf"
	FormatGraphML   Format = "graphml"
	FormatCytoscape Format = "cytoscape"
)

// ErrUnknownFormat is WriteGraph's error for a format it does not know.
var ErrUnknownFormat = errors.New("export: unknown format")

// WriteGraph writes g in format f as it reads it: memory stays flat
// however large g is, except for what its parts hold themselves. The
// file is the same as the Dataset writers make of the same records
// (WriteGEXF, WriteGraphML, WriteCytoscape), except that GEXF leaves
// out the counts it does not know. A part's error ends the file where
// it stands and is returned.
func WriteGraph(w io.Writer, f Format, g Graph, opt Options) error {
	s := newStream(g, opt)
	switch f {
	case FormatGEXF:
		return writeGEXF(w, s)
	case FormatGraphML:
		return writeGraphML(w, s)
	case FormatCytoscape:
		return writeCytoscape(w, s)
	}
	return fmt.Errorf("%w %q", ErrUnknownFormat, f)
}

// WriteGraphCSV writes g as WriteCSV does, streamed: the node list to
// nodesW, entirely, and then the edge list to edgesW, so that the two
// may be consecutive parts of one archive.
func WriteGraphCSV(nodesW, edgesW io.Writer, g Graph, opt Options) error {
	return writeCSV(nodesW, edgesW, newStream(g, opt))
}

// stream is what the writers read: declarations, then nodes, then edges.
type stream struct {
	nodeAttrs, edgeAttrs []attrDef
	opt                  Options
	// positions adds GEXF's viz namespace.
	positions bool
	// nodeCount and edgeCount are negative when unknown.
	nodeCount, edgeCount int
	nodes                func(yield func(node) error) error
	edges                func(yield func(edge) error) error
}

// declare returns the node attributes of a graph with or without scores
// and positions.
func declare(scores, positions bool) []attrDef {
	defs := slices.Clone(actorAttrs)
	if scores {
		defs = append(defs, scoreAttrs...)
	}
	if positions {
		defs = append(defs, posAttrs...)
	}
	return append(defs, spanAttrs...)
}

// newStream turns g into the writers' stream.
func newStream(g Graph, opt Options) *stream {
	s := &stream{nodeAttrs: declare(g.Scores, g.Positions), edgeAttrs: edgeAttrs, opt: opt,
		positions: g.Positions, nodeCount: g.NodeCount, edgeCount: g.EdgeCount}
	s.nodes = func(yield func(node) error) error {
		if g.Actors != nil {
			err := g.Actors(func(a Actor) error {
				var scores map[string]Scores
				if g.Scores && a.Scores != nil {
					scores = map[string]Scores{a.ID: *a.Scores}
				}
				var pos map[string]orb.Point
				if g.Positions && a.Position != nil {
					pos = map[string]orb.Point{a.ID: *a.Position}
				}
				return yield(actorNode(s.nodeAttrs, a.Actor, scores, pos))
			})
			if err != nil {
				return err
			}
		}
		if g.People == nil {
			return nil
		}
		return g.People(func(p Person) error { return yield(personNode(s.nodeAttrs, p.ID, p.Label)) })
	}
	s.edges = func(yield func(edge) error) error {
		if g.Cooperations != nil {
			if err := g.Cooperations(func(c domain.Cooperation) error { return yield(coopEdge(c)) }); err != nil {
				return err
			}
		}
		if g.Roles == nil {
			return nil
		}
		return g.Roles(func(r Role) error { return yield(roleEdge(s.edgeAttrs, r)) })
	}
	return s
}

// stream returns the stream of the prepared graph g.
func (g *graph) stream() *stream {
	return &stream{nodeAttrs: g.nodeAttrs, edgeAttrs: g.edgeAttrs, opt: g.opt, positions: g.positions,
		nodeCount: len(g.nodes), edgeCount: len(g.edges),
		nodes: func(yield func(node) error) error {
			for _, n := range g.nodes {
				if err := yield(n); err != nil {
					return err
				}
			}
			return nil
		},
		edges: func(yield func(edge) error) error {
			for _, e := range g.edges {
				if err := yield(e); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

func personNode(defs []attrDef, id, label string) node {
	return node{id: id, label: label, vals: align(defs, map[string]any{"kind": KindPerson}, "", "")}
}

func roleEdge(defs []attrDef, r Role) edge {
	e := edge{id: r.ID, source: r.PersonID, target: r.ActorID, label: RelWorksAt, directed: true,
		from: day(r.ValidFrom), to: day(r.ValidTo)}
	e.vals = align(defs, map[string]any{"kind": RelWorksAt, "directed": true, "from": r.PersonID, "to": r.ActorID}, e.from, e.to)
	return e
}
