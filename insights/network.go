// Package insights answers the questions coordinators ask of the
// network: who brokers, which needs nobody covers, where offers overlap,
// where needs pile up, who can introduce whom, which clusters exist and
// how the network changed. It turns what the store loads into compact
// graphs, runs package analysis on them and explains the results in
// domain terms. Everything here is pure Go over domain values; Service
// adds loading and caching.
package insights

import (
	"slices"
	"strings"

	"github.com/kiezgraph/kiezgraph/analysis"
	"github.com/kiezgraph/kiezgraph/domain"
)

// eventTieStrength is the strength one shared event adds to a tie
// between two actors; shared events add up to a strength of at most 1.
const eventTieStrength = 0.25

// Network is a slice of the cooperation network as compact graphs.
type Network struct {
	Actors []domain.Actor
	index  map[string]int
	// ties between each unordered pair (u < v): the cooperations behind
	// them (indices into coops) and their summed strength.
	pairs map[[2]int]*tie
	coops []domain.Cooperation
	// participations are the slice's event participations, kept so that
	// Without can rebuild the network with the same ties.
	participations []domain.Participation
	// Undirected has one edge per tied pair, weighted by tie strength.
	Undirected *analysis.Graph
	// Distance is Undirected with weight 1/strength: strong ties are
	// short, for weighted shortest paths and betweenness.
	Distance *analysis.Graph
	// Directed has directed cooperations one way and mutual ones (and
	// shared events) both ways, for brokerage roles.
	Directed *analysis.Graph
	// LeftOut is the number of actors of the slice left out of the
	// network by Reduced (isolates, or parts other than the largest).
	LeftOut int
}

type tie struct {
	coops    []int
	strength float64
	events   int
}

// NewNetwork builds the graphs of a slice. Ties are cooperations between
// actors of the slice and, when the slice has participations, taking
// part in the same events.
func NewNetwork(s *domain.NetworkSlice) *Network {
	actors := slices.Clone(s.Actors)
	slices.SortFunc(actors, func(a, b domain.Actor) int { return strings.Compare(a.ID, b.ID) })
	n := &Network{Actors: actors, index: make(map[string]int, len(actors)), pairs: map[[2]int]*tie{}, coops: s.Cooperations,
		participations: s.Participations}
	for i, a := range actors {
		n.index[a.ID] = i
	}
	var directed []analysis.Edge
	pairOf := func(u, v int) *tie {
		key := [2]int{min(u, v), max(u, v)}
		t := n.pairs[key]
		if t == nil {
			t = &tie{}
			n.pairs[key] = t
		}
		return t
	}
	for ci, c := range s.Cooperations {
		u, okU := n.index[c.FromID]
		v, okV := n.index[c.ToID]
		if !okU || !okV || u == v {
			continue
		}
		t := pairOf(u, v)
		t.coops = append(t.coops, ci)
		t.strength += max(c.Strength, 0.01)
		directed = append(directed, analysis.Edge{From: u, To: v, Weight: 1})
		if !c.Directed {
			directed = append(directed, analysis.Edge{From: v, To: u, Weight: 1})
		}
	}
	if len(s.Participations) > 0 {
		events := map[string]int{}
		var parts [][2]int
		for _, p := range s.Participations {
			a, ok := n.index[p.ActorID]
			if !ok {
				continue
			}
			e, ok := events[p.EventID]
			if !ok {
				e = len(events)
				events[p.EventID] = e
			}
			parts = append(parts, [2]int{a, e})
		}
		for _, e := range analysis.ProjectTwoMode(len(actors), parts) {
			t := pairOf(e.From, e.To)
			t.events += int(e.Weight)
			directed = append(directed, analysis.Edge{From: e.From, To: e.To, Weight: 1}, analysis.Edge{From: e.To, To: e.From, Weight: 1})
		}
	}
	var und, dist []analysis.Edge
	for key, t := range n.pairs {
		w := t.strength + min(float64(t.events)*eventTieStrength, 1)
		und = append(und, analysis.Edge{From: key[0], To: key[1], Weight: w})
		dist = append(dist, analysis.Edge{From: key[0], To: key[1], Weight: 1 / w})
	}
	// Map iteration order must not leak into results.
	byPair := func(a, b analysis.Edge) int {
		if a.From != b.From {
			return a.From - b.From
		}
		return a.To - b.To
	}
	slices.SortFunc(und, byPair)
	slices.SortFunc(dist, byPair)
	n.Undirected = analysis.NewGraph(len(actors), false, und)
	n.Distance = analysis.NewGraph(len(actors), false, dist)
	n.Directed = analysis.NewGraph(len(actors), true, directed)
	return n
}

// Index returns the node index of an actor id.
func (n *Network) Index(id string) (int, bool) {
	i, ok := n.index[id]
	return i, ok
}

// Links returns the cooperations between two actors, strongest first,
// and how many events they shared.
func (n *Network) Links(u, v int) ([]domain.Cooperation, int) {
	t := n.pairs[[2]int{min(u, v), max(u, v)}]
	if t == nil {
		return nil, 0
	}
	out := make([]domain.Cooperation, len(t.coops))
	for i, ci := range t.coops {
		out[i] = n.coops[ci]
	}
	slices.SortStableFunc(out, func(a, b domain.Cooperation) int {
		switch {
		case a.Strength > b.Strength:
			return -1
		case a.Strength < b.Strength:
			return 1
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, t.events
}

func sortBridges(b []Bridge) {
	slices.SortStableFunc(b, func(x, y Bridge) int {
		if x.Reaches != y.Reaches {
			return y.Reaches - x.Reaches
		}
		return strings.Compare(x.Actor.Name, y.Actor.Name)
	})
}
