package insights

import (
	"context"
	"math"
	"math/rand/v2"

	"github.com/kiezgraph/kiezgraph/analysis"
	"github.com/kiezgraph/kiezgraph/domain"
)

// Link is one step of a cooperation path: the cooperations between two
// consecutive actors (strongest first) and the events they shared.
type Link struct {
	Cooperations []domain.Cooperation
	SharedEvents int
}

// Path is a shortest chain of ties from one actor to another.
type Path struct {
	Actors []domain.Actor
	Links  []Link // Links[i] ties Actors[i] and Actors[i+1]
}

// Paths returns up to limit shortest chains of ties between two actors of
// n ("who can introduce us"), ignoring direction; nil when they are not
// connected. It fails with domain.ErrInvalid when an actor is not in n.
func Paths(n *Network, from, to string, limit int) ([]Path, error) {
	u, ok := n.Index(from)
	if !ok {
		return nil, domain.Invalid("from", "actor %s is not part of the network on that day and scope", from)
	}
	v, ok := n.Index(to)
	if !ok {
		return nil, domain.Invalid("to", "actor %s is not part of the network on that day and scope", to)
	}
	var out []Path
	for _, nodes := range analysis.ShortestPaths(n.Undirected, u, v, limit) {
		p := Path{Actors: make([]domain.Actor, len(nodes))}
		for i, x := range nodes {
			p.Actors[i] = n.Actors[x]
			if i > 0 {
				coops, events := n.Links(nodes[i-1], x)
				p.Links = append(p.Links, Link{Cooperations: coops, SharedEvents: events})
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// Community is a cluster of the network.
type Community struct {
	Index  int // 0 for the largest
	Actors []domain.Actor
}

// Bridge is an actor with ties into communities other than its own.
type Bridge struct {
	Actor     domain.Actor
	Community int // index of its own community
	Reaches   int // number of other communities it has ties into
}

// Communities is a partition of the network into clusters.
type Communities struct {
	// Modularity is nil for a network without ties, where it is
	// undefined (analysis.Modularity's NaN; NetworkX divides by zero).
	Modularity  *float64
	Communities []Community // largest first
	Bridges     []Bridge    // actors reaching most other communities first
	// ActorsLeftOut counts the actors of the slice left out of the
	// network before clustering (see Network.Reduced).
	ActorsLeftOut int
}

// seed makes community detection reproducible: the same data gives the
// same clusters.
const seed = 20261125

// DetectCommunities clusters n with the Louvain method at the given
// resolution (1 is standard modularity), weighting ties by strength.
func DetectCommunities(n *Network, resolution float64) Communities {
	c, _ := DetectCommunitiesContext(context.Background(), n, resolution)
	return c
}

// DetectCommunitiesContext is DetectCommunities that stops when ctx is
// done and then returns ctx's error: within a pass of the Louvain method
// (see analysis.CommunitiesContext) and before the bridges.
func DetectCommunitiesContext(ctx context.Context, n *Network, resolution float64) (Communities, error) {
	p, err := analysis.CommunitiesContext(ctx, n.Undirected, resolution, rand.New(rand.NewPCG(seed, seed)))
	if err != nil {
		return Communities{}, err
	}
	out := Communities{Communities: make([]Community, len(p.Sizes))}
	if !math.IsNaN(p.Modularity) {
		out.Modularity = &p.Modularity
	}
	for c := range out.Communities {
		out.Communities[c].Index = c
	}
	for i, c := range p.Membership {
		out.Communities[c].Actors = append(out.Communities[c].Actors, n.Actors[i])
	}
	for _, c := range out.Communities {
		byName(c.Actors)
	}
	out.ActorsLeftOut = n.LeftOut
	if err := ctx.Err(); err != nil {
		return Communities{}, err
	}
	for i, reach := range analysis.CommunityBridging(n.Undirected, p.Membership) {
		if reach > 0 {
			out.Bridges = append(out.Bridges, Bridge{Actor: n.Actors[i], Community: p.Membership[i], Reaches: reach})
		}
	}
	sortBridges(out.Bridges)
	return out, nil
}

// Stats are the summary figures of a network on a day.
type Stats struct {
	analysis.NetStats
	// LeftOut counts the actors of the slice left out of the network
	// (see Network.Reduced); they are not among NetStats' nodes.
	LeftOut int
}

// NetworkStats computes the summary figures of n. Path lengths are exact
// up to pathExactLimit actors and estimated from a fixed sample of
// sources above it.
func NetworkStats(n *Network) Stats {
	const pathExactLimit = 5000
	opt := analysis.StatsOptions{}
	if len(n.Actors) > pathExactLimit {
		opt.PathSamples = 500
		opt.Rng = rand.New(rand.NewPCG(seed, seed))
	}
	return Stats{NetStats: analysis.StatsWithOptions(n.Undirected, opt), LeftOut: n.LeftOut}
}
