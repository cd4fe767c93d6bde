package seed

import (
	"slices"
	"strings"

	"github.com/kiezgraph/kiezgraph/domain"
)

// linkRule links a hub to the partners of the given kinds in its area
// (its neighbourhoods and everything inside them), each with probability
// share. A rule names its hubs by slug, or by kind and level.
type linkRule struct {
	hubs     []string
	hubKind  domain.ActorKind
	level    domain.Level // of the hub's first neighbourhood; "" for any
	partners []domain.ActorKind
	kind     domain.CooperationKind
	inbound  bool // the partner gives or refers (directed kinds)
	share    float64
	desc     string
}

var linkRules = []linkRule{
	// District institutions are linked to many.
	{hubKind: domain.KindYouthOffice, level: domain.LevelDistrict, partners: []domain.ActorKind{domain.KindYouthClub, domain.KindFamilyCentre},
		kind: domain.CoopFunding, share: 0.9, desc: "Zuwendung nach SGB VIII"},
	{hubKind: domain.KindYouthOffice, level: domain.LevelDistrict, partners: []domain.ActorKind{domain.KindSchool},
		kind: domain.CoopReferral, inbound: true, share: 0.7, desc: "Meldungen und Hilfeanfragen der Schulsozialarbeit"},
	{hubKind: domain.KindYouthOffice, level: domain.LevelDistrict, partners: []domain.ActorKind{domain.KindDaycareCentre},
		kind: domain.CoopInformationExchange, share: 0.5, desc: "Kinderschutz und Übergänge"},
	{hubKind: domain.KindYouthOffice, level: domain.LevelDistrict, partners: []domain.ActorKind{domain.KindQuarterManagement, domain.KindCounselling,
		domain.KindMigrantOrganisation, domain.KindNeighbourhoodCentre}, kind: domain.CoopInformationExchange, share: 0.5},
	{hubKind: domain.KindYouthOffice, level: domain.LevelDistrict, partners: []domain.ActorKind{domain.KindWelfareAssociation},
		kind: domain.CoopFormalAgreement, share: 1, desc: "Leistungsvereinbarung Hilfen zur Erziehung"},
	{hubKind: domain.KindYouthOffice, level: domain.LevelDistrict, partners: []domain.ActorKind{domain.KindJobCentre, domain.KindHealthOffice},
		kind: domain.CoopJointProject, share: 1, desc: "Jugendberufsagentur und Frühe Hilfen"},
	{hubKind: domain.KindJobCentre, level: domain.LevelDistrict, partners: []domain.ActorKind{domain.KindCounselling},
		kind: domain.CoopReferral, share: 0.6, desc: "Vermittlung in Beratung"},
	{hubKind: domain.KindJobCentre, level: domain.LevelDistrict, partners: []domain.ActorKind{domain.KindAssociation},
		kind: domain.CoopReferral, share: 0.3, desc: "Zuweisung in Beschäftigungsmaßnahmen"},
	{hubKind: domain.KindJobCentre, level: domain.LevelDistrict, partners: []domain.ActorKind{domain.KindQuarterManagement, domain.KindFamilyCentre},
		kind: domain.CoopInformationExchange, share: 0.6},
	{hubKind: domain.KindJobCentre, level: domain.LevelDistrict, partners: []domain.ActorKind{domain.KindBusiness},
		kind: domain.CoopJointProject, share: 0.4, desc: "Ausbildungs- und Stellenakquise"},
	{hubKind: domain.KindHealthOffice, level: domain.LevelDistrict, partners: []domain.ActorKind{domain.KindDaycareCentre, domain.KindSchool},
		kind: domain.CoopInformationExchange, share: 0.5, desc: "Einschulungsuntersuchungen und Impfberatung"},
	{hubKind: domain.KindHealthOffice, level: domain.LevelDistrict, partners: []domain.ActorKind{domain.KindFamilyCentre, domain.KindHealthPractice},
		kind: domain.CoopJointProject, share: 0.6, desc: "Frühe Hilfen und Gesundheitsförderung"},
	{hubKind: domain.KindSocialService, level: domain.LevelDistrict, partners: []domain.ActorKind{domain.KindHousingCompany},
		kind: domain.CoopFormalAgreement, share: 1, desc: "Kooperationsvertrag Wohnungssicherung"},
	{hubKind: domain.KindSocialService, level: domain.LevelDistrict, partners: []domain.ActorKind{domain.KindCounselling, domain.KindFoodBank},
		kind: domain.CoopReferral, share: 0.6},
	{hubKind: domain.KindPolicePrevention, level: domain.LevelDistrict, partners: []domain.ActorKind{domain.KindSchool, domain.KindYouthClub},
		kind: domain.CoopJointProject, share: 0.4, desc: "Präventionsprojekte"},
	{hubKind: domain.KindPolicePrevention, level: domain.LevelDistrict, partners: []domain.ActorKind{domain.KindQuarterManagement, domain.KindResidentsGroup},
		kind: domain.CoopInformationExchange, share: 0.6, desc: "Sicherheit im Wohnumfeld"},
	{hubKind: domain.KindAdministration, level: domain.LevelDistrict, partners: []domain.ActorKind{domain.KindQuarterManagement,
		domain.KindNeighbourhoodCentre, domain.KindResidentsGroup}, kind: domain.CoopInformationExchange, share: 0.6,
		desc: "Sozialraumdaten und Beteiligung"},
	{hubKind: domain.KindAdministration, level: domain.LevelDistrict, partners: []domain.ActorKind{domain.KindYouthOffice, domain.KindJobCentre,
		domain.KindHealthOffice, domain.KindSocialService, domain.KindPolicePrevention}, kind: domain.CoopInformationExchange, share: 1,
		desc: "Bezirkliche Steuerungsrunde"},

	// Welfare associations bridge the quarters they work in.
	{hubKind: domain.KindWelfareAssociation, partners: []domain.ActorKind{domain.KindWelfareAssociation},
		kind: domain.CoopInformationExchange, share: 1, desc: "Liga der Wohlfahrtsverbände"},
	{hubKind: domain.KindWelfareAssociation, partners: []domain.ActorKind{domain.KindFamilyCentre, domain.KindNeighbourhoodCentre,
		domain.KindCounselling, domain.KindQuarterManagement}, kind: domain.CoopJointProject, share: 0.3},

	// Housing companies fund neighbourhood work.
	{hubKind: domain.KindHousingCompany, partners: []domain.ActorKind{domain.KindQuarterManagement, domain.KindNeighbourhoodCentre},
		kind: domain.CoopFunding, share: 1, desc: "Förderung der Nachbarschaftsarbeit"},
	{hubKind: domain.KindHousingCompany, partners: []domain.ActorKind{domain.KindResidentsGroup},
		kind: domain.CoopInformationExchange, share: 1, desc: "Mieterbeiratssitzungen"},
	{hubKind: domain.KindFoodBank, partners: []domain.ActorKind{domain.KindCounselling, domain.KindReligiousCommunity},
		kind: domain.CoopReferral, inbound: true, share: 0.5, desc: "Berechtigungsnachweise für die Tafel"},

	// City-wide funders and agencies.
	{hubs: []string{"buero-integration"}, partners: []domain.ActorKind{domain.KindMigrantOrganisation},
		kind: domain.CoopFunding, share: 0.8, desc: "Integrationsfonds"},
	{hubs: []string{"buero-integration"}, partners: []domain.ActorKind{domain.KindInitiative},
		kind: domain.CoopFunding, share: 0.25, desc: "Integrationsfonds"},
	{hubs: []string{"buero-integration"}, partners: []domain.ActorKind{domain.KindAdministration},
		kind: domain.CoopInformationExchange, share: 1, desc: "Integrationsplanung"},
	{hubs: []string{"stiftung-buergersinn"}, partners: []domain.ActorKind{domain.KindInitiative, domain.KindAssociation},
		kind: domain.CoopFunding, share: 0.2, desc: "Förderprogramm Bürgersinn"},
	{hubs: []string{"freiwilligenagentur"}, partners: []domain.ActorKind{domain.KindInitiative, domain.KindNeighbourhoodCentre},
		kind: domain.CoopInformationExchange, share: 0.3, desc: "Ehrenamtsvermittlung"},
	{hubs: []string{"paritaetischer"}, partners: []domain.ActorKind{domain.KindAssociation, domain.KindMigrantOrganisation,
		domain.KindCounselling, domain.KindInitiative}, kind: domain.CoopInformationExchange, share: 0.2, desc: "Mitgliedsberatung"},
}

func (r linkRule) applies(b *builder, hub *domain.Actor) bool {
	if len(r.hubs) > 0 {
		return slices.Contains(r.hubs, strings.TrimPrefix(hub.ID, "act_"))
	}
	first := b.ds.Neighbourhoods[b.places[hub.NeighbourhoodIDs[0]]]
	return hub.Kind == r.hubKind && (r.level == "" || first.Level == r.level)
}

// ruleCooperations applies linkRules to every actor, in dataset order.
func (b *builder) ruleCooperations() {
	for i := range b.ds.Actors {
		hub := &b.ds.Actors[i]
		var area []string
		for _, n := range b.ds.Neighbourhoods {
			if slices.ContainsFunc(hub.NeighbourhoodIDs, func(h string) bool { return slices.Contains(b.reach(n.ID), h) }) {
				area = append(area, n.ID)
			}
		}
		for _, r := range linkRules {
			if !r.applies(b, hub) {
				continue
			}
			for _, p := range b.actorsIn(area...) {
				if p == hub || !slices.Contains(r.partners, p.Kind) || slices.Contains(handLinked, p.ID) || b.rng.Float64() >= r.share {
					continue
				}
				c := coop{from: hub.ID, to: p.ID, kind: r.kind, desc: r.desc}
				if r.inbound {
					c.from, c.to = c.to, c.from
				}
				b.link(c)
			}
		}
	}
}

// coordinateOverlaps reflects that providers of the same offer in a
// quarter usually know each other: wherever two offers valid today share a
// quarter, a target group and a topic, their providers exchange
// information. Forbidden pairs (the designed uncoordinated overlap) and
// the fence around the broker's cluster stay as they are.
func (b *builder) coordinateOverlaps() {
	for _, q := range quarters {
		qid := id("nbh", q.slug)
		var here []*domain.Service
		for i := range b.ds.Services {
			if s := &b.ds.Services[i]; s.ValidOn(refDay) && slices.Contains(s.NeighbourhoodIDs, qid) {
				here = append(here, s)
			}
		}
		for i, s := range here {
			for _, t := range here[i+1:] {
				if s.ProviderID == t.ProviderID || !overlap(s, t) || b.cooperating(s.ProviderID, t.ProviderID, refDay) {
					continue
				}
				from := later(*s.ValidFrom, *t.ValidFrom)
				for _, k := range []domain.CooperationKind{domain.CoopInformationExchange, domain.CoopJointProject, domain.CoopJointEvents} {
					if b.link(coop{from: s.ProviderID, to: t.ProviderID, kind: k, span: domain.Span{ValidFrom: &from},
						desc: "Abstimmung der Angebote im Quartier"}) {
						break
					}
				}
			}
		}
	}
}

// overlap reports whether two services share a target group and a topic.
func overlap(s, t *domain.Service) bool {
	return slices.ContainsFunc(s.TargetGroupIDs, func(g string) bool { return slices.Contains(t.TargetGroupIDs, g) }) &&
		slices.ContainsFunc(s.TopicIDs, func(p string) bool { return slices.Contains(t.TopicIDs, p) })
}
