package seed

import (
	"slices"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

// brokerCluster are the migrant organisations of Lindenpark and their
// mosque community. Today they cooperate among themselves and, of all
// others, only with the broker school (finding 1).
var brokerCluster = []string{MigrantOrgKoepruID, MigrantOrgAlNurID, MigrantOrgUkraineID, "act_islamische-gemeinde-lindenpark"}

// handLinked actors get only the designed cooperations: none from the
// rules, the quarters' local networks or the answers to needs.
var handLinked = append(slices.Clone(brokerCluster), LostKeyActorID)

// overlapProviders never cooperate with each other (finding 2).
var overlapProviders = []string{"act_nachbarschaftshaus-bahnhofsviertel", "act_st-petri", "act_lernpaten-bahnhofsviertel"}

// fenced reports whether an actor is inside the broker's cluster: link
// refuses cooperations valid today between it and anyone outside but the
// broker.
func fenced(actorID string) bool { return slices.Contains(brokerCluster, actorID) }

// forbidden reports whether a and c may never cooperate.
func forbidden(a, c string) bool {
	return slices.Contains(overlapProviders, a) && slices.Contains(overlapProviders, c)
}

// keyActorPartners are the prevention chain members the coordination
// office linked until its funding ended (finding 4).
var keyActorPartners = []struct {
	actor string
	kind  domain.CooperationKind
	from  string
	desc  string
}{
	{"jugendamt-nord", domain.CoopFunding, "2019-04-01", "Kofinanzierung der Koordinierungsstelle"},
	{"gesundheitsamt-nord", domain.CoopJointProject, "2019-06-01", "Gesundheitsförderung in der Präventionskette"},
	{"kita-pusteblume", domain.CoopFormalAgreement, "2019-09-01", "Kooperationsvereinbarung Präventionskette"},
	{"kita-moewennest", domain.CoopFormalAgreement, "2019-09-01", "Kooperationsvereinbarung Präventionskette"},
	{"gs-am-lindenpark", domain.CoopJointProject, "2019-10-01", "Übergang Kita–Grundschule"},
	{"gs-am-hafen", domain.CoopJointProject, "2019-10-01", "Übergang Kita–Grundschule"},
	{"familienzentrum-lindenpark", domain.CoopJointProject, "2019-06-01", "Präventionslotsen im Familienzentrum"},
	{"nachbarschaftshaus-speicher", domain.CoopSharedRooms, "2019-06-01", "Büro der Koordinierungsstelle im Nachbarschaftshaus"},
	{"jugendclub-treibhaus", domain.CoopInformationExchange, "2020-02-01", "Übergang Grundschule–Jugendarbeit"},
	{"iss-fritz-reuter", domain.CoopJointProject, "2020-02-01", "Übergang Grundschule–Sekundarschule"},
	{"jobcenter-nord", domain.CoopInformationExchange, "2020-06-01", "Eltern in Arbeit"},
	{"qm-lindenpark", domain.CoopInformationExchange, "2019-04-01", "Abstimmung mit dem Quartiersverfahren"},
}

// designedCooperations builds the cooperations of findings 1, 2 and 4.
func (b *builder) designedCooperations() {
	// Finding 1: the broker school and the migrant organisations.
	for _, c := range []coop{
		{from: BrokerSchoolID, to: MigrantOrgKoepruID, kind: domain.CoopJointProject, strength: 0.8,
			span: span("2016-09-01", ""), desc: "Türkischunterricht und mehrsprachige Elternabende in der Schule"},
		{from: BrokerSchoolID, to: MigrantOrgAlNurID, kind: domain.CoopSharedRooms, strength: 0.6,
			span: span("2019-02-01", ""), desc: "Samstagsschule in Räumen der Grundschule"},
		{from: BrokerSchoolID, to: MigrantOrgUkraineID, kind: domain.CoopJointProject, strength: 0.7,
			span: span("2022-09-01", ""), desc: "Willkommensklasse und Elterntreff für ukrainische Familien"},
		{from: BrokerSchoolID, to: BrokerYouthOfficeID, kind: domain.CoopReferral, strength: 0.6,
			span: span("2015-01-01", ""), desc: "Meldungen und Hilfeanfragen der Schulsozialarbeit"},
		{from: MigrantOrgKoepruID, to: MigrantOrgAlNurID, kind: domain.CoopJointEvents, strength: 0.5,
			span: span("2014-06-01", ""), desc: "Gemeinsames Sommerfest im Lindenpark"},
		{from: MigrantOrgKoepruID, to: "act_islamische-gemeinde-lindenpark", kind: domain.CoopSharedRooms, strength: 0.6,
			span: span("2012-01-01", ""), desc: "Elternabende in den Gemeinderäumen"},
		{from: MigrantOrgAlNurID, to: "act_islamische-gemeinde-lindenpark", kind: domain.CoopInformationExchange, strength: 0.4,
			span: span("2013-01-01", "")},
		{from: MigrantOrgUkraineID, to: MigrantOrgAlNurID, kind: domain.CoopInformationExchange, strength: 0.3,
			span: span("2023-03-01", ""), desc: "Austausch über Kinderbetreuung und Beratung"},
		// Bridges that are gone: the integration guides and an ended grant.
		{from: "act_qm-lindenpark", to: MigrantOrgAlNurID, kind: domain.CoopJointProject, strength: 0.6,
			span: span("2019-01-01", "2023-12-31"), desc: "Projekt Integrationslotsen (Projektfonds)"},
		{from: BrokerYouthOfficeID, to: MigrantOrgKoepruID, kind: domain.CoopFunding, strength: 0.5,
			span: span("2018-01-01", "2022-12-31"), desc: "Elternbildungsprojekt (Zuwendung)"},

		// Finding 2: the contrast, two language cafés that cooperate.
		{from: "act_cafe-babel", to: "act_bibliothek-schillerviertel", kind: domain.CoopJointProject, strength: 0.7,
			span: span("2018-03-01", ""), desc: "Gemeinsamer Sprachcafé-Kalender und Schulung der Ehrenamtlichen"},
	} {
		if !b.link(c) {
			panic("seed: designed cooperation refused: " + c.from + " → " + c.to)
		}
	}

	// Finding 4: the coordination office of the prevention chain is the
	// hub of its network until its funding ends.
	for _, p := range keyActorPartners {
		c := coop{from: LostKeyActorID, to: id("act", p.actor), kind: p.kind, span: span(p.from, FundingEndedDay), desc: p.desc}
		if p.kind == domain.CoopFunding {
			c.from, c.to = c.to, c.from
		}
		if !b.link(c) {
			panic("seed: designed cooperation refused: " + c.from + " → " + c.to)
		}
	}
}

// growthJoins returns when each member joined the growing network: their
// cooperations start no earlier, so the network's links grow with it.
func growthJoins() map[string]time.Time {
	out := map[string]time.Time{}
	for _, n := range networkTable {
		if id("net", n.slug) != GrowingNetworkID {
			continue
		}
		for _, m := range n.members {
			out[id("act", m.actor)] = *date(n.memberFrom(m))
		}
	}
	return out
}
