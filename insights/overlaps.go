package insights

import (
	"cmp"
	"slices"
	"strings"

	"github.com/kiezgraph/kiezgraph/domain"
)

// ProviderPair says whether two providers of an overlap cooperate.
type ProviderPair struct {
	A, B      domain.Actor
	Cooperate bool
	Kinds     []domain.CooperationKind
}

// Overlap is two or more services of different providers for the same
// target group and topic in the same neighbourhood at the same time.
type Overlap struct {
	Neighbourhood domain.Neighbourhood
	TargetGroupID string
	TopicID       string
	Services      []domain.Service
	Providers     []domain.Actor
	Pairs         []ProviderPair
	// Uncoordinated counts the provider pairs without a cooperation.
	Uncoordinated int
}

// Overlaps lists the overlaps among the services of cov (all valid on
// the same day), uncoordinated ones first: per neighbourhood that some
// service names, target group and topic, the services that serve the
// whole neighbourhood (those that name it or a place around it, as a
// district's service reaches its quarters for gaps and coverage), or
// with localOnly only the services that name it. Services inside a
// neighbourhood serve only part of it, so a district's overlaps do not
// take in every quarter's. A non-empty scope keeps the overlaps in that
// neighbourhood or inside it.
func Overlaps(cov *domain.Coverage, scope string, localOnly bool) []Overlap {
	pl := newPlaces(cov.Neighbourhoods)
	actors := map[string]domain.Actor{}
	for _, a := range cov.Actors {
		actors[a.ID] = a
	}
	links := map[[2]string][]domain.CooperationKind{}
	for _, c := range cov.Cooperations {
		key := [2]string{min(c.FromID, c.ToID), max(c.FromID, c.ToID)}
		if !slices.Contains(links[key], c.Kind) {
			links[key] = append(links[key], c.Kind)
		}
	}
	type groupKey struct{ place, tg, topic string }
	groups := map[groupKey][]domain.Service{}
	// named lists, per place, the services that name it.
	named := map[string][]int{}
	for i, s := range cov.Services {
		for _, place := range s.NeighbourhoodIDs {
			named[place] = append(named[place], i)
		}
	}
	for place := range named {
		if scope != "" && !(pl.related(place, scope) && pl.depth[place] >= pl.depth[scope]) {
			continue
		}
		// The services of the place and, unless localOnly, of the places
		// around it, each once (one may name a quarter and its district).
		seen := map[int]bool{}
		for q, steps := place, 0; q != "" && steps <= len(pl.byID); q, steps = pl.parent[q], steps+1 {
			for _, i := range named[q] {
				seen[i] = true
			}
			if localOnly {
				break
			}
		}
		for i := range seen {
			s := cov.Services[i]
			for _, tg := range s.TargetGroupIDs {
				for _, tp := range s.TopicIDs {
					k := groupKey{place, tg, tp}
					groups[k] = append(groups[k], s)
				}
			}
		}
	}
	var out []Overlap
	for k, services := range groups {
		var providers []string
		for _, s := range services {
			if !slices.Contains(providers, s.ProviderID) {
				providers = append(providers, s.ProviderID)
			}
		}
		if _, visible := pl.byID[k.place]; len(providers) < 2 || !visible {
			// Services may reach places the caller does not see.
			continue
		}
		slices.Sort(providers)
		slices.SortFunc(services, func(a, b domain.Service) int { return strings.Compare(a.ID, b.ID) })
		o := Overlap{Neighbourhood: pl.byID[k.place], TargetGroupID: k.tg, TopicID: k.topic, Services: services}
		for _, p := range providers {
			o.Providers = append(o.Providers, actors[p])
		}
		for i := range providers {
			for j := i + 1; j < len(providers); j++ {
				kinds := links[[2]string{providers[i], providers[j]}]
				o.Pairs = append(o.Pairs, ProviderPair{A: actors[providers[i]], B: actors[providers[j]], Cooperate: len(kinds) > 0, Kinds: kinds})
				if len(kinds) == 0 {
					o.Uncoordinated++
				}
			}
		}
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b Overlap) int {
		return cmp.Or(cmp.Compare(b.Uncoordinated, a.Uncoordinated), cmp.Compare(len(b.Providers), len(a.Providers)),
			strings.Compare(a.Neighbourhood.Name, b.Neighbourhood.Name), strings.Compare(a.TargetGroupID, b.TargetGroupID),
			strings.Compare(a.TopicID, b.TopicID))
	})
	return out
}

// HotspotNeed is one need of a hotspot with its coverage.
type HotspotNeed struct {
	Need     domain.Need
	Covering int // services valid on the day that cover it
}

// Hotspot is a neighbourhood where needs of several target groups meet.
type Hotspot struct {
	Neighbourhood domain.Neighbourhood
	Needs         []HotspotNeed
	TargetGroups  int     // distinct target groups in need
	Severity      int     // sum of the needs' severity ranks (LOW 1 … CRITICAL 4)
	CoveredShare  float64 // share of the needs covered by at least one service
}

// Hotspots lists the neighbourhoods where needs of at least two target
// groups co-occur, ranked by the number of target groups, then by summed
// severity, then by the uncovered share.
func Hotspots(cov *domain.Coverage) []Hotspot {
	pl := newPlaces(cov.Neighbourhoods)
	byPlace := map[string]*Hotspot{}
	for _, n := range cov.Needs {
		h := byPlace[n.NeighbourhoodID]
		if h == nil {
			h = &Hotspot{Neighbourhood: pl.byID[n.NeighbourhoodID]}
			byPlace[n.NeighbourhoodID] = h
		}
		hn := HotspotNeed{Need: n}
		for _, s := range cov.Services {
			if pl.covers(&s, &n) {
				hn.Covering++
			}
		}
		h.Needs = append(h.Needs, hn)
	}
	var out []Hotspot
	for _, h := range byPlace {
		tgs := map[string]bool{}
		covered := 0
		for _, hn := range h.Needs {
			tgs[hn.Need.TargetGroupID] = true
			h.Severity += hn.Need.Severity.Rank()
			if hn.Covering > 0 {
				covered++
			}
		}
		h.TargetGroups = len(tgs)
		if h.TargetGroups < 2 {
			continue
		}
		h.CoveredShare = float64(covered) / float64(len(h.Needs))
		slices.SortFunc(h.Needs, func(a, b HotspotNeed) int {
			return cmp.Or(cmp.Compare(b.Need.Severity.Rank(), a.Need.Severity.Rank()), strings.Compare(a.Need.ID, b.Need.ID))
		})
		out = append(out, *h)
	}
	slices.SortFunc(out, func(a, b Hotspot) int {
		return cmp.Or(cmp.Compare(b.TargetGroups, a.TargetGroups), cmp.Compare(b.Severity, a.Severity),
			cmp.Compare(a.CoveredShare, b.CoveredShare), strings.Compare(a.Neighbourhood.ID, b.Neighbourhood.ID))
	})
	return out
}
