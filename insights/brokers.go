package insights

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/kiezgraph/kiezgraph/analysis"
	"github.com/kiezgraph/kiezgraph/domain"
)

// Partition names the attribute that splits actors into groups for
// Gould–Fernandez brokerage roles.
type Partition string

// Partitions.
const (
	BySector        Partition = "SECTOR"
	ByKind          Partition = "KIND"
	ByNeighbourhood Partition = "NEIGHBOURHOOD"
)

// Broker is one actor's brokerage position in a network.
type Broker struct {
	Actor domain.Actor
	// Betweenness is Brandes' betweenness centrality, normalised as
	// NetworkX does.
	Betweenness float64
	// Degree is the number of actors tied to this one.
	Degree int
	// Constraint and EffectiveSize are Burt's measures; nil for an
	// isolate, where they are undefined.
	Constraint    *float64
	EffectiveSize *float64
	// Roles counts the Gould–Fernandez brokerage roles.
	Roles analysis.BrokerageCounts
	// SplitParts is the number of parts its component falls into without
	// it, with their sizes (largest first); 0 and nil unless the actor is
	// an articulation point (a single point of failure).
	SplitParts int
	SplitSizes []int
	// net is the network the position was computed in, for the members
	// of the split parts (computed on demand: most callers want sizes).
	net *Network
}

// SplitActors returns the parts the broker's part of the network falls
// into without it, largest first, matching SplitSizes; nil unless it is
// an articulation point.
func (b *Broker) SplitActors() []Part {
	if b.SplitParts == 0 || b.net == nil {
		return nil
	}
	return b.net.SplitParts(b.Actor.ID)
}

// BrokerOptions tune Brokers.
type BrokerOptions struct {
	Partition Partition
	// Weighted makes strong ties short paths for betweenness and weights
	// constraint by tie strength.
	Weighted bool
	// Sources, when positive and smaller than the number of actors,
	// estimates betweenness from that many sources drawn at random
	// (analysis.ApproxBetweenness), the same for the same network and
	// number.
	Sources int
	// Done, when closed, stops the betweenness computation early (see
	// analysis.BetweennessOptions.Done); the ranking is then incomplete
	// and must be discarded.
	Done <-chan struct{}
}

// Brokers computes the brokerage measures of every actor of n, ranked by
// betweenness, then by how many parts removing them leaves, then by name.
func Brokers(n *Network, opt BrokerOptions) []Broker {
	g := n.Undirected
	bg, bopt := g, analysis.BetweennessOptions{Normalized: true, Done: opt.Done}
	if opt.Weighted {
		bg, bopt.Weighted = n.Distance, true
	}
	var btw []float64
	if opt.Sources > 0 && opt.Sources < bg.N() {
		btw = analysis.ApproxBetweenness(bg, bopt, opt.Sources, sampleRand(opt.Sources))
	} else {
		btw = analysis.Betweenness(bg, bopt)
	}
	constraint := analysis.Constraint(g, opt.Weighted)
	effSize := analysis.EffectiveSize(g, opt.Weighted)
	roles := analysis.Brokerage(n.Directed, groups(n.Actors, opt.Partition))
	out := make([]Broker, len(n.Actors))
	for i, a := range n.Actors {
		out[i] = Broker{Actor: a, Betweenness: btw[i], Degree: g.Degree(i),
			Constraint: finite(constraint[i]), EffectiveSize: finite(effSize[i]), Roles: roles[i], net: n}
	}
	for _, ap := range analysis.ArticulationPoints(g) {
		out[ap.Node].SplitParts, out[ap.Node].SplitSizes = ap.Parts, ap.PartSizes
	}
	slices.SortStableFunc(out, func(a, b Broker) int {
		switch {
		case a.Betweenness > b.Betweenness:
			return -1
		case a.Betweenness < b.Betweenness:
			return 1
		case a.SplitParts != b.SplitParts:
			return b.SplitParts - a.SplitParts
		}
		return strings.Compare(a.Actor.Name, b.Actor.Name)
	})
	return out
}

// sampleRand is the random source of sampled betweenness: seeded by the
// number of sources only, so that a question asked again on the same
// network draws the same sources and gets the same answer.
func sampleRand(k int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(k), 0x6b69657a67726170))
}

func finite(f float64) *float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return &f
}

// groups assigns each actor a group number by the partition attribute.
// By neighbourhood, an actor belongs to the first of its neighbourhoods
// in id order; actors without one form a group of their own.
func groups(actors []domain.Actor, p Partition) []int {
	ids := map[string]int{}
	out := make([]int, len(actors))
	for i, a := range actors {
		var key string
		switch p {
		case ByKind:
			key = string(a.Kind)
		case ByNeighbourhood:
			if len(a.NeighbourhoodIDs) > 0 {
				key = slices.Min(a.NeighbourhoodIDs)
			}
		default:
			key = string(a.Sector)
		}
		g, ok := ids[key]
		if !ok {
			g = len(ids)
			ids[key] = g
		}
		out[i] = g
	}
	return out
}
