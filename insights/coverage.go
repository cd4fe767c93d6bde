package insights

import (
	"cmp"
	"slices"
	"strings"

	"github.com/kiezgraph/kiezgraph/domain"
)

// places answers questions about the neighbourhood hierarchy.
type places struct {
	byID   map[string]domain.Neighbourhood
	depth  map[string]int
	parent map[string]string
}

func newPlaces(ns []domain.Neighbourhood) *places {
	p := &places{byID: map[string]domain.Neighbourhood{}, depth: map[string]int{}, parent: map[string]string{}}
	for _, n := range ns {
		p.byID[n.ID] = n
		if n.ParentID != nil {
			p.parent[n.ID] = *n.ParentID
		}
	}
	for id := range p.byID {
		d := 0
		for cur := id; p.parent[cur] != "" && d <= len(ns); cur = p.parent[cur] {
			d++
		}
		p.depth[id] = d
	}
	return p
}

// distance is the number of PART_OF steps between two neighbourhoods
// through their nearest common ancestor; -1 if they are not related.
func (p *places) distance(a, b string) int {
	da, okA := p.depth[a]
	db, okB := p.depth[b]
	if !okA || !okB {
		return -1
	}
	steps := 0
	for da > db {
		a, da, steps = p.parent[a], da-1, steps+1
	}
	for db > da {
		b, db, steps = p.parent[b], db-1, steps+1
	}
	for a != b {
		a, b, steps = p.parent[a], p.parent[b], steps+2
		if a == "" || b == "" {
			return -1 // different roots
		}
	}
	return steps
}

// related reports whether one neighbourhood lies inside the other (or
// they are the same): a service available in either reaches the other.
func (p *places) related(a, b string) bool {
	d := p.distance(a, b)
	return d >= 0 && d == abs(p.depth[a]-p.depth[b])
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// reaches reports whether service s reaches neighbourhood q.
func (p *places) reaches(s *domain.Service, q string) bool {
	for _, m := range s.NeighbourhoodIDs {
		if p.related(m, q) {
			return true
		}
	}
	return false
}

// covers reports whether service s covers need n: same target group and
// topic, and it reaches the need's neighbourhood.
func (p *places) covers(s *domain.Service, n *domain.Need) bool {
	return slices.Contains(s.TargetGroupIDs, n.TargetGroupID) && slices.Contains(s.TopicIDs, n.TopicID) &&
		p.reaches(s, n.NeighbourhoodID)
}

// Candidate is a provider elsewhere that offers what a gap lacks and
// could extend its offer.
type Candidate struct {
	Service  domain.Service
	Provider domain.Actor
	// PlaceDistance is the number of PART_OF steps from the need's
	// neighbourhood to the nearest neighbourhood of the service (two
	// quarters of one district are 2 apart).
	PlaceDistance int
	// NetworkHops is the length of the shortest cooperation chain from an
	// actor active in the need's neighbourhood to the provider; nil when
	// there is none.
	NetworkHops *int
}

// Gap is a need that no service valid on the day covers.
type Gap struct {
	Need          domain.Need
	Neighbourhood domain.Neighbourhood
	// PopulationConcerned estimates the residents concerned: the
	// neighbourhood's population times the evidence share when the
	// evidence is a percentage, else the population; nil if unknown.
	PopulationConcerned *int
	Candidates          []Candidate
}

// Gaps lists the needs of cov that no service of cov covers, most severe
// and most populous first, each with up to maxCandidates providers of
// the same target group and topic elsewhere, nearest first.
func Gaps(cov *domain.Coverage, maxCandidates int) []Gap {
	pl := newPlaces(cov.Neighbourhoods)
	actors := map[string]domain.Actor{}
	for _, a := range cov.Actors {
		actors[a.ID] = a
	}
	net := NewNetwork(&domain.NetworkSlice{Actors: cov.Actors, Cooperations: cov.Cooperations})
	var gaps []Gap
	for _, need := range cov.Needs {
		if slices.ContainsFunc(cov.Services, func(s domain.Service) bool { return pl.covers(&s, &need) }) {
			continue
		}
		g := Gap{Need: need, Neighbourhood: pl.byID[need.NeighbourhoodID]}
		g.PopulationConcerned = concerned(g.Neighbourhood, need.Evidence)
		hops := hopsFrom(net, cov.Actors, pl, need.NeighbourhoodID)
		for _, s := range cov.Services {
			if !slices.Contains(s.TargetGroupIDs, need.TargetGroupID) || !slices.Contains(s.TopicIDs, need.TopicID) {
				continue
			}
			c := Candidate{Service: s, Provider: actors[s.ProviderID], PlaceDistance: -1}
			for _, m := range s.NeighbourhoodIDs {
				if d := pl.distance(need.NeighbourhoodID, m); d >= 0 && (c.PlaceDistance < 0 || d < c.PlaceDistance) {
					c.PlaceDistance = d
				}
			}
			if i, ok := net.Index(s.ProviderID); ok && hops[i] >= 0 {
				h := hops[i]
				c.NetworkHops = &h
			}
			g.Candidates = append(g.Candidates, c)
		}
		slices.SortStableFunc(g.Candidates, func(a, b Candidate) int {
			return cmp.Or(cmp.Compare(uint(a.PlaceDistance), uint(b.PlaceDistance)),
				cmp.Compare(hopsOrMax(a.NetworkHops), hopsOrMax(b.NetworkHops)),
				strings.Compare(a.Service.ID, b.Service.ID))
		})
		if len(g.Candidates) > maxCandidates {
			g.Candidates = g.Candidates[:maxCandidates]
		}
		gaps = append(gaps, g)
	}
	slices.SortStableFunc(gaps, func(a, b Gap) int {
		return cmp.Or(cmp.Compare(b.Need.Severity.Rank(), a.Need.Severity.Rank()),
			cmp.Compare(intOr(b.PopulationConcerned), intOr(a.PopulationConcerned)),
			strings.Compare(a.Need.ID, b.Need.ID))
	})
	return gaps
}

func hopsOrMax(h *int) int {
	if h == nil {
		return int(^uint(0) >> 1)
	}
	return *h
}

func intOr(p *int) int {
	if p == nil {
		return -1
	}
	return *p
}

// concerned estimates the residents a need concerns.
func concerned(n domain.Neighbourhood, ev *domain.Evidence) *int {
	if n.Population == nil {
		return nil
	}
	pop := *n.Population
	if ev != nil && ev.Value != nil && ev.Unit != nil && strings.TrimSpace(*ev.Unit) == "%" {
		pop = int(float64(pop) * *ev.Value / 100)
	}
	return &pop
}

// hopsFrom returns, per actor of net, the fewest cooperation steps from
// any actor active in neighbourhood q or inside it; -1 if unreachable.
func hopsFrom(net *Network, actors []domain.Actor, pl *places, q string) []int {
	dist := make([]int, len(net.Actors))
	for i := range dist {
		dist[i] = -1
	}
	var queue []int
	for _, a := range actors {
		for _, m := range a.NeighbourhoodIDs {
			if pl.related(m, q) && pl.depth[m] >= pl.depth[q] {
				if i, ok := net.Index(a.ID); ok && dist[i] < 0 {
					dist[i] = 0
					queue = append(queue, i)
				}
				break
			}
		}
	}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		nbrs, _ := net.Undirected.Out(u)
		for _, v := range nbrs {
			if dist[v] < 0 {
				dist[v] = dist[u] + 1
				queue = append(queue, v)
			}
		}
	}
	return dist
}
