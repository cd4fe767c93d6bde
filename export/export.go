// Package export writes the cooperation network of a scope on a day as
// files researchers open in their own tools: GEXF for Gephi (with the
// validity spans of actors, cooperations and roles as GEXF time
// intervals, so Gephi's timeline shows the network form), GraphML, CSV
// node and edge lists in Gephi's spreadsheet layout, and Cytoscape.js
// JSON. Analysis scores are written when the caller computed them (see
// ComputeScores).
//
// Researchers get people only as keyed pseudonyms (see Pseudonymizer):
// the writers never receive a person's record, only the ids that roles
// carry, and never write those ids, role ids or role titles, which can
// spell a name. Organisations keep their names.
//
// Every format shows the same graph, so that a finding in one tool can
// be checked in another:
//
//   - Nodes are the actors of the slice (id, label = name, kind, sector,
//     institution, neighbourhood = their neighbourhood ids joined by ";",
//     validFrom, validTo) and, with people, one node per person (id and
//     label = pseudonym, kind PERSON).
//   - Edges are the cooperations between actors of the slice, one edge
//     each: several cooperations between the same two actors are
//     parallel edges, told apart by their ids (label = kind, kind,
//     strength, directed, validFrom, validTo), and, with people, one
//     WORKS_AT edge from a person to an actor per role.
//   - The graph is undirected, because directed and undirected
//     cooperations mix and NetworkX rejects mixed GEXF and GraphML; the
//     attribute directed says which cooperations run from source to
//     target, and GEXF and GraphML repeat source and target as the
//     attributes from and to, since undirected readers may swap them.
//     Only the CSV edge list, whose Type column Gephi reads per row,
//     shows the direction itself.
//
// Output is sorted by id and byte-for-byte reproducible.
//
// A network too large to hold is written as it is read: WriteGraph and
// WriteGraphCSV take a Graph, whose parts hand on one record at a time
// (the API's exports stream them from Neo4j), and give the same file as
// the Dataset writers.
package export

import (
	"cmp"
	"errors"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Dataset is what an export writes.
type Dataset struct {
	// Slice holds the actors, with their NeighbourhoodIDs, and the
	// cooperations. Cooperations with an end outside the slice are left
	// out; participations are not exported.
	Slice *domain.NetworkSlice
	// Roles link people to actors; written only with Options.IncludePeople,
	// and only those at actors of the slice. Only PersonID, ActorID and
	// the span are read.
	Roles []domain.Role
	// Scores, keyed by actor id, are written as node attributes when not
	// nil; an actor without an entry gets no scores.
	Scores map[string]Scores
	// Positions, keyed by actor id, are where actors work (longitude,
	// latitude of their first location); when not nil every format gets
	// the node attributes latitude and longitude, and GEXF a viz:position
	// in Web Mercator metres, so that Gephi can lay the network out on
	// the map. An actor without an entry gets none.
	Positions map[string]orb.Point
}

// Scores are the analysis scores of one actor.
type Scores struct {
	// Betweenness is Brandes' betweenness, normalised as NetworkX does.
	Betweenness *float64
	// Constraint and EffectiveSize are Burt's measures; nil for isolates.
	Constraint    *float64
	EffectiveSize *float64
	// Degree is the number of actors tied to this one.
	Degree int
	// Community is the index of the actor's cluster, 0 for the largest.
	Community *int
	// ArticulationPoint says that removing the actor splits its component.
	ArticulationPoint bool
}

// Options say how to write a Dataset.
type Options struct {
	// AsOf is the day the slice shows; it is written as metadata.
	AsOf time.Time
	// Scope is the neighbourhood id the slice covers ("" for the whole
	// city) and Kinds the cooperation kinds it was limited to (none for
	// all); both are written as metadata only.
	Scope string
	Kinds []domain.CooperationKind
	// IncludePeople adds people and their roles. It requires
	// Pseudonymizer: without one the writers fail with
	// ErrNoPseudonymizer and write nothing.
	IncludePeople bool
	Pseudonymizer *Pseudonymizer
}

// ErrNoPseudonymizer is returned when people are asked for without a
// Pseudonymizer: an export never falls back to real ids.
var ErrNoPseudonymizer = errors.New("export: people can only be exported with a pseudonymizer")

// KindPerson is the kind attribute of person nodes.
const KindPerson = "PERSON"

// RelWorksAt is the label and kind of the edges from people to actors.
const RelWorksAt = "WORKS_AT"

// attrType is an attribute's type, spelt as GraphML's attr.type.
type attrType string

const (
	tString attrType = "string"
	tBool   attrType = "boolean"
	tDouble attrType = "double"
	tInt    attrType = "int"
)

// attrDef declares a node or edge attribute. Span attributes (validFrom,
// validTo) are GEXF's start and end instead of attributes there.
// Endpoint attributes (from, to) repeat an edge's source and target for
// GEXF and GraphML, whose undirected readers (NetworkX among them) do
// not keep which end is which; CSV and Cytoscape JSON keep them anyway.
type attrDef struct {
	name     string
	typ      attrType
	span     bool
	endpoint bool
}

var (
	actorAttrs = []attrDef{{name: "kind", typ: tString}, {name: "sector", typ: tString},
		{name: "institution", typ: tBool}, {name: "neighbourhood", typ: tString}}
	scoreAttrs = []attrDef{{name: "betweenness", typ: tDouble}, {name: "constraint", typ: tDouble},
		{name: "effectiveSize", typ: tDouble}, {name: "degree", typ: tInt}, {name: "community", typ: tInt},
		{name: "articulationPoint", typ: tBool}}
	posAttrs  = []attrDef{{name: "latitude", typ: tDouble}, {name: "longitude", typ: tDouble}}
	spanAttrs = []attrDef{{name: "validFrom", typ: tString, span: true}, {name: "validTo", typ: tString, span: true}}
	edgeAttrs = slices.Concat([]attrDef{{name: "kind", typ: tString}, {name: "strength", typ: tDouble},
		{name: "directed", typ: tBool}, {name: "from", typ: tString, endpoint: true},
		{name: "to", typ: tString, endpoint: true}}, spanAttrs)
)

// node and edge carry their attribute values aligned with the graph's
// declarations; nil means absent. Values are string, bool, float64 or int.
type node struct {
	id, label string
	from, to  string
	vals      []any
	// pos is where the actor works, nil when unknown.
	pos *orb.Point
}

type edge struct {
	id, source, target, label string
	directed                  bool
	// weight is the strength of a cooperation, nil (1 to Gephi) for roles.
	weight   *float64
	from, to string
	vals     []any
}

// graph is a Dataset prepared for writing: what every format shows.
type graph struct {
	nodeAttrs, edgeAttrs []attrDef
	nodes                []node
	edges                []edge
	opt                  Options
	positions            bool
}

// build prepares ds for writing, or fails before anything is written.
func build(ds Dataset, opt Options) (*graph, error) {
	if opt.IncludePeople && opt.Pseudonymizer == nil {
		return nil, ErrNoPseudonymizer
	}
	slice := ds.Slice
	if slice == nil {
		slice = &domain.NetworkSlice{}
	}
	g := &graph{nodeAttrs: declare(ds.Scores != nil, ds.Positions != nil), edgeAttrs: edgeAttrs, opt: opt,
		positions: ds.Positions != nil}
	actors := slices.Clone(slice.Actors)
	slices.SortFunc(actors, func(a, b domain.Actor) int { return strings.Compare(a.ID, b.ID) })
	actors = slices.CompactFunc(actors, func(a, b domain.Actor) bool { return a.ID == b.ID })
	known := make(map[string]bool, len(actors))
	for _, a := range actors {
		known[a.ID] = true
		g.nodes = append(g.nodes, actorNode(g.nodeAttrs, a, ds.Scores, ds.Positions))
	}
	coops := slices.Clone(slice.Cooperations)
	slices.SortFunc(coops, func(a, b domain.Cooperation) int { return strings.Compare(a.ID, b.ID) })
	for _, c := range coops {
		if known[c.FromID] && known[c.ToID] {
			g.edges = append(g.edges, coopEdge(c))
		}
	}
	if opt.IncludePeople {
		g.addPeople(ds.Roles, known)
	}
	return g, nil
}

// actorNode is the node of a, with its scores and position when they
// have an entry.
func actorNode(defs []attrDef, a domain.Actor, scores map[string]Scores, positions map[string]orb.Point) node {
	n := node{id: a.ID, label: a.Name, from: day(a.ValidFrom), to: day(a.ValidTo)}
	nbh := slices.Clone(a.NeighbourhoodIDs)
	slices.Sort(nbh)
	vals := map[string]any{"kind": string(a.Kind), "sector": string(a.Sector),
		"institution": a.Kind.IsInstitution(), "neighbourhood": strings.Join(slices.Compact(nbh), ";")}
	if s, ok := scores[a.ID]; ok {
		vals["betweenness"] = float(s.Betweenness)
		vals["constraint"] = float(s.Constraint)
		vals["effectiveSize"] = float(s.EffectiveSize)
		vals["degree"] = s.Degree
		if s.Community != nil {
			vals["community"] = *s.Community
		}
		vals["articulationPoint"] = s.ArticulationPoint
	}
	if p, ok := positions[a.ID]; ok {
		n.pos = &p
		vals["longitude"], vals["latitude"] = float(&p[0]), float(&p[1])
	}
	n.vals = align(defs, vals, n.from, n.to)
	return n
}

func coopEdge(c domain.Cooperation) edge {
	w := c.Strength
	e := edge{id: c.ID, source: c.FromID, target: c.ToID, label: string(c.Kind), directed: c.Directed,
		weight: float(&w), from: day(c.ValidFrom), to: day(c.ValidTo)}
	e.vals = align(edgeAttrs, map[string]any{"kind": string(c.Kind), "strength": float(&w), "directed": c.Directed,
		"from": c.FromID, "to": c.ToID}, e.from, e.to)
	return e
}

// addPeople adds a node per person with a role at a known actor and an
// edge per such role, all under pseudonyms.
func (g *graph) addPeople(roles []domain.Role, known map[string]bool) {
	ps := g.opt.Pseudonymizer
	people := map[string]bool{}
	var edges []edge
	for _, r := range roles {
		if !known[r.ActorID] {
			continue
		}
		p := ps.Pseudonym(r.PersonID)
		people[p] = true
		edges = append(edges, roleEdge(g.edgeAttrs, Role{ID: ps.roleID(r.ID), PersonID: p, ActorID: r.ActorID, Span: r.Span}))
	}
	for _, p := range slices.Sorted(maps.Keys(people)) {
		g.nodes = append(g.nodes, personNode(g.nodeAttrs, p, p))
	}
	slices.SortFunc(edges, func(a, b edge) int { return cmp.Compare(a.id, b.id) })
	g.edges = append(g.edges, edges...)
}

// align orders vals by defs, adding the span values. Empty strings and
// nil numbers are absent.
func align(defs []attrDef, vals map[string]any, from, to string) []any {
	vals["validFrom"], vals["validTo"] = from, to
	out := make([]any, len(defs))
	for i, d := range defs {
		v := vals[d.name]
		switch x := v.(type) {
		case *float64:
			v = nil
			if x != nil {
				v = *x
			}
		case string:
			if x == "" {
				v = nil
			}
		}
		out[i] = v
	}
	return out
}

// float drops missing and non-finite numbers, which no format can carry.
func float(f *float64) *float64 {
	if f == nil || math.IsNaN(*f) || math.IsInf(*f, 0) {
		return nil
	}
	v := *f
	return &v
}

func day(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}

// format spells a value as text, for XML and CSV.
func format(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case int:
		return strconv.Itoa(v)
	}
	return ""
}

// description says what a file holds, for GEXF's meta and as a graph
// attribute elsewhere.
func (o Options) description() string {
	var b strings.Builder
	b.WriteString("kiezgraph cooperation network")
	if o.Scope != "" {
		b.WriteString(" of " + o.Scope)
	} else {
		b.WriteString(" of the whole city")
	}
	if !o.AsOf.IsZero() {
		b.WriteString(" as of " + o.AsOf.Format(time.DateOnly))
	}
	b.WriteString("; cooperation kinds: ")
	if len(o.Kinds) == 0 {
		b.WriteString("all")
	}
	for i, k := range o.Kinds {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(string(k))
	}
	if o.IncludePeople {
		b.WriteString("; people as keyed pseudonyms")
	}
	return b.String()
}

// meta is the graph-level metadata of formats that have graph attributes.
func (o Options) meta() [][2]string {
	var out [][2]string
	if !o.AsOf.IsZero() {
		out = append(out, [2]string{"asOf", o.AsOf.Format(time.DateOnly)})
	}
	if o.Scope != "" {
		out = append(out, [2]string{"scope", o.Scope})
	}
	return append(out, [2]string{"description", o.description()})
}
