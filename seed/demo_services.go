package seed

import (
	"slices"
	"strings"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

// serviceSpans are offers that did not run from their provider's founding
// to today: the designed overlaps, offers that ended and offers that
// start in the future. Offers of closed actors end with them anyway.
var serviceSpans = map[string][2]string{
	OverlapServiceAID:            {"2012-09-01", ""},
	OverlapServiceBID:            {"2015-10-01", ""},
	OverlapServiceCID:            {"2019-09-01", ""},
	CoordinatedOverlapServiceAID: {"2016-11-01", ""},
	CoordinatedOverlapServiceBID: {"2018-03-01", ""},
	SeniorProviderServiceID:      {"2003-01-01", ""},
	"svc_nachbarschaftshaus-speicher--jobcafe-alleinerziehende": {"2019-01-01", "2024-06-30"},
	"svc_willkommensbuendnis-schillerviertel--patenschaften":    {"2015-11-01", "2022-12-31"},
	"svc_heide-hilft--fahrradwerkstatt":                         {"2016-04-01", "2023-10-31"},
	"svc_stadtteilcafe-heidekraut--sprachcafe-heide":            {"2027-01-01", ""},
	"svc_gesundheitsamt-mitte--gesundheitslotsen":               {"2027-01-01", "2029-12-31"},
	"svc_koordinierung-praeventionskette--praeventionslotsen":   {"2019-09-01", FundingEndedDay},
	"svc_seniorenclub-lindenpark--seniorentreff":                {"1998-05-01", "2023-03-31"},
	"svc_ukrainischer-treffpunkt--ukraine-treffpunkt":           {"2022-05-01", ""},
	"svc_elternverein-koepru--herkunftssprachlicher-unterricht": {"2016-09-01", ""},
	"svc_nachbarschaftshilfe-kastanienhoehe--besuchsdienst":     {"2018-06-01", ""},
	"svc_bibliothek-schillerviertel--lesefoerderung":            {"2011-01-01", ""},
	"svc_freundeskreis-asyl-ziegelei--deutsch-ehrenamtlich":     {"2016-01-01", ""},
	"svc_nachbarschaftshaus-bahnhofsviertel--offener-treff":     {"2004-03-01", ""},
}

// answer is how a quarter answers a need that no offer covers: the kind
// of provider best placed to offer it, best first, and the offer.
type answer struct {
	name, desc string
	keywords   []string
	kinds      []domain.ActorKind
}

// answers holds one answer for every (target group, topic) the need rules
// produce. {provider} in name is the provider's name, {place} the quarter's.
var answers = map[[2]string]answer{
	{tgChildren613, topEducation}: {"Lernförderung {place}", "Lernförderung in Kleingruppen für Kinder aus Familien mit wenig Einkommen.", []string{"Lernförderung", "Nachhilfe"},
		[]domain.ActorKind{domain.KindSchool, domain.KindLibrary, domain.KindNeighbourhoodCentre}},
	{tgAdolescents, topSafety}: {"Jugendsozialarbeit {place}", "Einzelfallhilfe und Gruppenangebote für Jugendliche.", []string{"Jugendsozialarbeit", "Einzelfallhilfe"},
		[]domain.ActorKind{domain.KindYouthClub, domain.KindSchool}},
	{tgChildren05, topLanguage}: {"Sprachspielgruppe für Kleinkinder", "Spielerische Sprachförderung für Kinder unter sechs mit ihren Eltern.", []string{"Sprachförderung", "Spielgruppe"},
		[]domain.ActorKind{domain.KindDaycareCentre, domain.KindFamilyCentre, domain.KindLibrary}},
	{tgSingleParents, topEmployment}: {"Job-Café für Alleinerziehende", "Bewerbungscafé mit Kinderbetreuung und Kontakten zu Betrieben.", []string{"Job-Café", "Alleinerziehende", "Kinderbetreuung"},
		[]domain.ActorKind{domain.KindFamilyCentre, domain.KindCounselling, domain.KindNeighbourhoodCentre, domain.KindQuarterManagement}},
	{tgUnemployed, topEmployment}: {"Beschäftigungsprojekt {place}", "Geförderte Beschäftigung in Stadtteilprojekten.", []string{"Beschäftigung", "Arbeitsgelegenheit"},
		[]domain.ActorKind{domain.KindAssociation, domain.KindNeighbourhoodCentre, domain.KindQuarterManagement}},
	{tgYoungAdults, topEmployment}: {"Ausbildungslotsen {place}", "Begleitung junger Erwachsener in Ausbildung und Arbeit.", []string{"Ausbildungslotsen", "Ausbildung"},
		[]domain.ActorKind{domain.KindYouthClub, domain.KindAssociation, domain.KindNeighbourhoodCentre}},
	{tgFamilies, topHousing}: {"Wohnberatung für Familien", "Beratung zu Wohnungssuche, Wohngeld und Mietschulden.", []string{"Wohnberatung", "Wohngeld", "Mietschulden"},
		[]domain.ActorKind{domain.KindResidentsGroup, domain.KindCounselling, domain.KindQuarterManagement}},
	{tgSeniors, topNeighbourhood}: {"Seniorenkaffee {place}", "Monatlicher Kaffeenachmittag für ältere Nachbarinnen und Nachbarn.", []string{"Seniorenkaffee", "Begegnung"},
		[]domain.ActorKind{domain.KindNeighbourhoodCentre, domain.KindReligiousCommunity, domain.KindAssociation, domain.KindInitiative}},
	{tgSeniors, topHealth}: {"Bewegungskurs 60plus", "Sturzprävention und Bewegung für Ältere.", []string{"Sturzprävention", "Bewegung"},
		[]domain.ActorKind{domain.KindSportsClub, domain.KindHealthPractice, domain.KindNeighbourhoodCentre}},
	{tgMigration, topLanguage}: {"Deutschkurs für Eltern mit Kinderbetreuung", "Niedrigschwelliger Deutschkurs für Mütter und Väter, während die Kinder betreut werden.", []string{"Deutschkurs", "Kinderbetreuung"},
		[]domain.ActorKind{domain.KindLibrary, domain.KindDaycareCentre, domain.KindFamilyCentre, domain.KindNeighbourhoodCentre}},
	{tgFamilies, topNeighbourhood}: {"Familiencafé {place}", "Offenes Familiencafé zum Kennenlernen der Nachbarschaft.", []string{"Familiencafé", "Nachbarschaft"},
		[]domain.ActorKind{domain.KindNeighbourhoodCentre, domain.KindFamilyCentre, domain.KindQuarterManagement, domain.KindInitiative}},
}

// buildServices gives every actor the offers its table row or kind names.
func (b *builder) buildServices() {
	for _, s := range b.specs {
		keys := s.services
		if keys == nil {
			keys = kindTable[s.kind].services
		}
		for _, key := range keys {
			b.addService(id("act", s.slug), key, template(key))
		}
	}
}

func (b *builder) addService(providerID, key string, t serviceTemplate) string {
	a := b.actor(providerID)
	placeName := b.ds.Neighbourhoods[b.places[a.NeighbourhoodIDs[0]]].Name
	s := domain.Service{
		ID:               id("svc", strings.TrimPrefix(providerID, "act_"), key),
		Name:             expand(t.name, a.Name, placeName),
		Description:      ptr(expand(t.desc, a.Name, placeName)),
		Keywords:         slices.Clone(t.keywords),
		ProviderID:       providerID,
		TargetGroupIDs:   slices.Clone(t.groups),
		TopicIDs:         slices.Clone(t.topics),
		NeighbourhoodIDs: slices.Clone(a.NeighbourhoodIDs),
	}
	if sp, ok := serviceSpans[s.ID]; ok {
		s.Span = span(sp[0], sp[1])
	} else {
		lo := day(2008, 1, 1)
		if a.ValidFrom != nil {
			lo = later(lo, *a.ValidFrom)
		}
		s.ValidFrom = ptr(b.randomMonth(lo, day(2024, 6, 1)))
	}
	if a.ValidTo != nil && (s.ValidTo == nil || s.ValidTo.After(*a.ValidTo)) {
		s.ValidTo = ptr(*a.ValidTo)
	}
	b.ds.Services = append(b.ds.Services, s)
	return s.ID
}

// covers reports whether service s, valid on day, is for the target group
// and topic and reaches nbhID (is offered there or in an enclosing place).
func (b *builder) covers(s *domain.Service, group, topic, nbhID string, on time.Time) bool {
	return s.ValidOn(on) && slices.Contains(s.TargetGroupIDs, group) && slices.Contains(s.TopicIDs, topic) &&
		slices.ContainsFunc(b.reach(nbhID), func(n string) bool { return slices.Contains(s.NeighbourhoodIDs, n) })
}

func (b *builder) covered(n *domain.Need, on time.Time) bool {
	return slices.ContainsFunc(b.ds.Services, func(s domain.Service) bool {
		return b.covers(&s, n.TargetGroupID, n.TopicID, n.NeighbourhoodID, on)
	})
}

// answerNeeds makes sure that every need except the designed gaps is
// covered on the reference day: where no offer reaches it, the best placed
// actor of the quarter starts one after the MSS 2023 report.
func (b *builder) answerNeeds() {
	for i := range b.ds.Needs {
		n := &b.ds.Needs[i]
		if slices.Contains(designedGaps, n.ID) || b.covered(n, refDay) {
			continue
		}
		ans, ok := answers[[2]string{n.TargetGroupID, n.TopicID}]
		if !ok {
			panic("seed: no answer for need " + n.ID)
		}
		provider := b.bestProvider(n.NeighbourhoodID, ans.kinds)
		key := strings.TrimPrefix(n.TargetGroupID, "tg_") + "-" + strings.TrimPrefix(n.TopicID, "top_")
		t := serviceTemplate{name: ans.name, desc: ans.desc, groups: []string{n.TargetGroupID}, topics: []string{n.TopicID}, keywords: ans.keywords}
		svcID := b.addService(provider, key, t)
		s := &b.ds.Services[len(b.ds.Services)-1]
		from := b.randomMonth(day(2023, 6, 1), day(2025, 9, 1))
		if a := b.actor(provider); a.ValidFrom != nil {
			from = later(from, *a.ValidFrom)
		}
		s.ValidFrom = &from
		if !b.covered(n, refDay) {
			panic("seed: " + svcID + " does not cover " + n.ID)
		}
	}
}

// bestProvider picks the quarter's first actor, valid today and free to
// cooperate, of the most preferred kind; failing that, its first
// non-public actor.
func (b *builder) bestProvider(quarterID string, kinds []domain.ActorKind) string {
	local := slices.DeleteFunc(b.actorsIn(quarterID), func(a *domain.Actor) bool {
		return !a.ValidOn(refDay) || slices.Contains(handLinked, a.ID)
	})
	for _, k := range kinds {
		if i := slices.IndexFunc(local, func(a *domain.Actor) bool { return a.Kind == k }); i >= 0 {
			return local[i].ID
		}
	}
	if i := slices.IndexFunc(local, func(a *domain.Actor) bool { return a.Sector != domain.SectorPublic }); i >= 0 {
		return local[i].ID
	}
	panic("seed: nobody in " + quarterID + " could answer a need")
}
