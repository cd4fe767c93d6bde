package insights

import (
	"cmp"
	"slices"
	"strings"

	"github.com/kiezgraph/kiezgraph/analysis"
	"github.com/kiezgraph/kiezgraph/domain"
)

// Part is a connected part of what is left of a network when some of its
// actors are gone: who would still reach each other, and no one else.
type Part struct {
	// Actors are the part's actors by name (then id).
	Actors []domain.Actor
}

// Without returns n without the actors ids and their ties: the network
// as it would be if they closed. Ids not in n are ignored.
func (n *Network) Without(ids []string) *Network {
	gone := make(map[string]bool, len(ids))
	for _, id := range ids {
		gone[id] = true
	}
	return n.without(gone)
}

func (n *Network) without(gone map[string]bool) *Network {
	s := &domain.NetworkSlice{}
	s.Actors, s.Cooperations = withoutActors(gone, n.Actors, n.coops)
	s.Participations = slices.DeleteFunc(slices.Clone(n.participations), func(p domain.Participation) bool { return gone[p.ActorID] })
	out := NewNetwork(s)
	out.LeftOut = n.LeftOut
	return out
}

// Reduced returns n without its isolates (actors without any tie, by
// cooperation or shared event) when ignoreIsolates, and only its largest
// connected part when largestOnly (the one holding the lowest actor id
// among equally large parts). LeftOut counts the actors taken out. With
// neither, or nothing to take out, it returns n itself.
func (n *Network) Reduced(ignoreIsolates, largestOnly bool) *Network {
	if !ignoreIsolates && !largestOnly {
		return n
	}
	label, sizes := analysis.Components(n.Undirected)
	largest := -1
	if largestOnly {
		for c, size := range sizes {
			if largest < 0 || size > sizes[largest] {
				largest = c
			}
		}
	}
	gone := map[string]bool{}
	for i, a := range n.Actors {
		if (ignoreIsolates && sizes[label[i]] == 1) || (largestOnly && label[i] != largest) {
			gone[a.ID] = true
		}
	}
	if len(gone) == 0 {
		return n
	}
	out := n.without(gone)
	out.LeftOut += len(gone)
	return out
}

// withoutActors returns actors and coops without the actors gone and
// every cooperation of theirs: what closing takes away, for the network
// (Without) and the coverage (WhatIf) alike.
func withoutActors(gone map[string]bool, actors []domain.Actor, coops []domain.Cooperation) ([]domain.Actor, []domain.Cooperation) {
	a := slices.DeleteFunc(slices.Clone(actors), func(a domain.Actor) bool { return gone[a.ID] })
	c := slices.DeleteFunc(slices.Clone(coops), func(c domain.Cooperation) bool { return gone[c.FromID] || gone[c.ToID] })
	return a, c
}

// splits returns, for each connected part of n that holds one of the
// actors ids, the parts it falls into without them, largest first (then
// by the first actor's name). A part that held only removed actors
// leaves nothing and is left out; one that stays whole yields one part.
// The splits themselves come in the order of their largest part.
func (n *Network) splits(ids []string) [][]Part {
	removed := make([]bool, len(n.Actors))
	for _, id := range ids {
		if i, ok := n.index[id]; ok {
			removed[i] = true
		}
	}
	before, _ := analysis.Components(n.Undirected)
	after, sizes := analysis.ComponentsWithout(n.Undirected, removed)
	touched := map[int]bool{}
	for i, r := range removed {
		if r {
			touched[before[i]] = true
		}
	}
	members := make([][]domain.Actor, len(sizes))
	for i, a := range n.Actors {
		if c := after[i]; c >= 0 && touched[before[i]] {
			members[c] = append(members[c], a)
		}
	}
	byBefore := map[int][]Part{}
	var order []int
	for i := range n.Actors {
		c := after[i]
		if c < 0 || members[c] == nil {
			continue
		}
		b := before[i]
		if _, ok := byBefore[b]; !ok {
			order = append(order, b)
		}
		byName(members[c])
		byBefore[b] = append(byBefore[b], Part{Actors: members[c]})
		members[c] = nil // taken
	}
	out := make([][]Part, 0, len(order))
	for _, b := range order {
		parts := byBefore[b]
		slices.SortStableFunc(parts, comparePartsBySize)
		out = append(out, parts)
	}
	slices.SortStableFunc(out, func(x, y []Part) int { return comparePartsBySize(x[0], y[0]) })
	return out
}

// SplitParts returns the parts the actor's part of the network falls
// into without it, largest first; nil unless it is an articulation point
// of n. They match Broker.SplitSizes one for one.
func (n *Network) SplitParts(id string) []Part {
	s := n.splits([]string{id})
	if len(s) == 0 || len(s[0]) < 2 {
		return nil
	}
	return s[0]
}

func comparePartsBySize(a, b Part) int {
	return cmp.Or(cmp.Compare(len(b.Actors), len(a.Actors)), strings.Compare(a.Actors[0].Name, b.Actors[0].Name))
}

// byName sorts actors by name, then id, for lists a reader scans.
func byName(actors []domain.Actor) {
	slices.SortFunc(actors, func(a, b domain.Actor) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
}
