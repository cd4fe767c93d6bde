package seed

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

// coop is a cooperation to add. Zero fields are filled in by link: the
// kind's typical strength (varied), a span from the partners' histories
// and the kind's description.
type coop struct {
	from, to string
	kind     domain.CooperationKind
	strength float64
	span     domain.Span
	desc     string
}

// coopKey identifies a cooperation: at most one per kind and ordered pair
// (unordered for undirected kinds).
type coopKey struct {
	from, to string
	kind     domain.CooperationKind
}

var coopStrength = map[domain.CooperationKind]float64{
	domain.CoopInformationExchange: 0.3, domain.CoopReferral: 0.5, domain.CoopJointProject: 0.6, domain.CoopFunding: 0.7,
	domain.CoopFormalAgreement: 0.8, domain.CoopSharedStaff: 0.85, domain.CoopSharedRooms: 0.5, domain.CoopJointEvents: 0.4,
}

var coopDescriptions = map[domain.CooperationKind]string{
	domain.CoopInformationExchange: "Regelmäßiger fachlicher Austausch",
	domain.CoopReferral:            "Vermittlung von Ratsuchenden",
	domain.CoopJointProject:        "Gemeinsames Projekt",
	domain.CoopFunding:             "Finanzielle Förderung",
	domain.CoopFormalAgreement:     "Schriftliche Kooperationsvereinbarung",
	domain.CoopSharedStaff:         "Gemeinsames Personal",
	domain.CoopSharedRooms:         "Gemeinsame Nutzung von Räumen",
	domain.CoopJointEvents:         "Gemeinsame Veranstaltungen und Feste",
}

func directed(k domain.CooperationKind) bool {
	return k == domain.CoopFunding || k == domain.CoopReferral
}

// buildCooperations adds the designed cooperations of the findings first,
// then the Träger links, the hub rules and the quarters' local networks.
func (b *builder) buildCooperations() {
	b.since = growthJoins()
	b.designedCooperations()
	b.operatorCooperations()
	b.ruleCooperations()
	b.localCooperations()
}

// link adds c unless it would be a self-loop, a duplicate, a forbidden
// pair, or a link valid today across the fence around the broker's
// cluster. Its span is clipped to both actors' spans.
func (b *builder) link(c coop) bool {
	if c.from == c.to || forbidden(c.from, c.to) {
		return false
	}
	a, t := b.actor(c.from), b.actor(c.to)
	sp := c.span
	if sp.ValidFrom == nil {
		sp = b.coopSpan(c.from, c.to, c.kind)
	}
	for _, x := range []*domain.Actor{a, t} {
		if x.ValidFrom != nil && x.ValidFrom.After(*sp.ValidFrom) {
			sp.ValidFrom = ptr(*x.ValidFrom)
		}
		if x.ValidTo != nil && (sp.ValidTo == nil || x.ValidTo.Before(*sp.ValidTo)) {
			sp.ValidTo = ptr(*x.ValidTo)
		}
	}
	if sp.ValidTo != nil && sp.ValidTo.Before(*sp.ValidFrom) {
		return false
	}
	if fenced(c.from) != fenced(c.to) && c.from != BrokerSchoolID && c.to != BrokerSchoolID &&
		(sp.ValidTo == nil || !sp.ValidTo.Before(refDay)) {
		return false
	}
	key := coopKey{c.from, c.to, c.kind}
	if !directed(c.kind) && key.to < key.from {
		key.from, key.to = key.to, key.from
	}
	if b.coopKeys[key] {
		return false
	}
	b.coopKeys[key] = true
	if c.strength == 0 {
		c.strength = coopStrength[c.kind] + (b.rng.Float64()-0.5)*0.3
	}
	if c.desc == "" {
		c.desc = coopDescriptions[c.kind]
	}
	kindSlug := strings.ReplaceAll(strings.ToLower(string(c.kind)), "_", "-")
	co := domain.Cooperation{
		ID:     id("coo", strings.TrimPrefix(c.from, "act_"), strings.TrimPrefix(c.to, "act_"), kindSlug),
		FromID: c.from, ToID: c.to, Kind: c.kind, Directed: directed(c.kind),
		Strength:    math.Round(min(1, max(0.05, c.strength))*100) / 100,
		Description: ptr(c.desc), Span: sp,
	}
	pair := unordered(c.from, c.to)
	b.coopsOf[pair] = append(b.coopsOf[pair], len(b.ds.Cooperations))
	b.ds.Cooperations = append(b.ds.Cooperations, co)
	return true
}

func unordered(a, c string) [2]string {
	if c < a {
		return [2]string{c, a}
	}
	return [2]string{a, c}
}

// cooperating reports whether a and c have a cooperation valid on day.
func (b *builder) cooperating(a, c string, on time.Time) bool {
	return slices.ContainsFunc(b.coopsOf[unordered(a, c)], func(i int) bool { return b.ds.Cooperations[i].ValidOn(on) })
}

// coopSpan chooses when a cooperation ran: it starts in a month after
// both partners were there (and, in the growing network, had joined it);
// funding runs for a funding period of two to five years from 2021 on;
// one other cooperation in ten has ended.
func (b *builder) coopSpan(from, to string, kind domain.CooperationKind) domain.Span {
	lo := day(2015, 1, 1)
	for _, x := range []string{from, to} {
		if a := b.actor(x); a.ValidFrom != nil {
			lo = later(lo, *a.ValidFrom)
		}
		if j, ok := b.since[x]; ok {
			lo = later(lo, j)
		}
	}
	start := b.randomMonth(lo, day(2026, 6, 1))
	if kind == domain.CoopFunding {
		start = later(day(max(start.Year(), 2021), 1, 1), lo)
		end := day(start.Year()+1+b.rng.IntN(4), 12, 31)
		return domain.Span{ValidFrom: &start, ValidTo: &end}
	}
	if b.rng.IntN(10) == 0 {
		if end := day(start.Year()+1+b.rng.IntN(4), 12, 31); end.Before(day(2026, 1, 1)) {
			return domain.Span{ValidFrom: &start, ValidTo: &end}
		}
	}
	return domain.Span{ValidFrom: &start}
}

// randomLink links a and c with a kind that suits their kinds.
func (b *builder) randomLink(a, c *domain.Actor) bool {
	kind, from, to, desc := b.pairKind(a, c)
	return b.link(coop{from: from.ID, to: to.ID, kind: kind, desc: desc})
}

// pairKind chooses what two actors typically do together and, for
// directed kinds, who gives and who receives.
func (b *builder) pairKind(a, c *domain.Actor) (domain.CooperationKind, *domain.Actor, *domain.Actor, string) {
	either := func(kinds ...domain.ActorKind) (*domain.Actor, *domain.Actor, bool) {
		switch {
		case slices.Contains(kinds, a.Kind):
			return a, c, true
		case slices.Contains(kinds, c.Kind):
			return c, a, true
		}
		return nil, nil, false
	}
	coin := b.rng.IntN(2) == 0
	if h, o, ok := either(domain.KindHousingCompany); ok && o.Sector != domain.SectorPrivate && coin {
		return domain.CoopFunding, h, o, "Förderung der Nachbarschaftsarbeit"
	}
	if q, o, ok := either(domain.KindQuarterManagement); ok {
		small := []domain.ActorKind{domain.KindInitiative, domain.KindResidentsGroup, domain.KindAssociation,
			domain.KindMigrantOrganisation, domain.KindSportsClub}
		switch {
		case slices.Contains(small, o.Kind) && coin:
			return domain.CoopFunding, q, o, "Förderung aus dem Projektfonds"
		case coin:
			return domain.CoopJointEvents, q, o, "Gemeinsame Feste und Aktionstage im Quartier"
		}
		return domain.CoopInformationExchange, q, o, "Austausch im Quartiersverfahren"
	}
	if s, o, ok := either(domain.KindSchool); ok {
		switch o.Kind {
		case domain.KindDaycareCentre:
			return domain.CoopFormalAgreement, s, o, "Kooperationsvereinbarung Übergang Kita–Grundschule"
		case domain.KindYouthClub, domain.KindSportsClub, domain.KindLibrary, domain.KindNeighbourhoodCentre, domain.KindFamilyCentre:
			return domain.CoopJointProject, s, o, "Kooperation im Ganztag"
		}
	}
	if x, o, ok := either(domain.KindCounselling); ok {
		return domain.CoopReferral, o, x, "Vermittlung in die Beratung"
	}
	if p, o, ok := either(domain.KindHealthPractice); ok {
		return domain.CoopReferral, p, o, "Weitervermittlung von Patientinnen und Patienten"
	}
	if n, o, ok := either(domain.KindNeighbourhoodCentre, domain.KindReligiousCommunity); ok && coin {
		return domain.CoopSharedRooms, n, o, "Nutzung von Räumen"
	}
	kinds := []domain.CooperationKind{domain.CoopInformationExchange, domain.CoopJointEvents, domain.CoopJointProject}
	return kinds[b.rng.IntN(len(kinds))], a, c, ""
}

// operatorCooperations links every facility to its Träger when that is
// an actor of the demo city.
func (b *builder) operatorCooperations() {
	for _, s := range b.specs {
		if s.operator == "" || !slices.ContainsFunc(cityActors, func(c actorSpec) bool { return c.slug == s.operator }) {
			continue
		}
		b.link(coop{from: id("act", s.operator), to: id("act", s.slug), kind: domain.CoopSharedStaff,
			strength: 0.9, desc: "Trägerschaft: Fachaufsicht und gemeinsames Personal"})
	}
}

// localCooperations knits each quarter's own actors together around its
// hub (quarter management, else neighbourhood centre, else school). Small
// actors get one or two links, others two to four.
func (b *builder) localCooperations() {
	small := []domain.ActorKind{domain.KindInitiative, domain.KindResidentsGroup, domain.KindBusiness, domain.KindHealthPractice}
	for _, q := range quarters {
		local := slices.DeleteFunc(b.actorsIn(id("nbh", q.slug)), func(a *domain.Actor) bool {
			return slices.Contains(handLinked, a.ID) || len(a.NeighbourhoodIDs) > 2
		})
		hub := local[0]
		for _, k := range []domain.ActorKind{domain.KindSchool, domain.KindNeighbourhoodCentre, domain.KindQuarterManagement} {
			if i := slices.IndexFunc(local, func(a *domain.Actor) bool { return a.Kind == k }); i >= 0 {
				hub = local[i]
			}
		}
		for _, a := range local {
			if a != hub {
				b.randomLink(a, hub)
			}
			extra := 1 + b.rng.IntN(3)
			if slices.Contains(small, a.Kind) {
				extra = b.rng.IntN(2)
			}
			for range extra {
				b.randomLink(a, local[b.rng.IntN(len(local))])
			}
		}
	}
}
