package seed

import (
	"strings"

	"github.com/kiezgraph/kiezgraph/domain"
)

// needRule reads a need from a quarter's MSS 2023 indicator: at or above
// the thresholds (or at or below, when low) the need is MEDIUM, HIGH or
// CRITICAL; a zero threshold is never reached.
type needRule struct {
	indicator    string
	group, topic string
	medium, high float64
	critical     float64
	low          bool
	reading      string // German reading of the figure; {place} is the quarter
}

var needRules = []needRule{
	{indicator: "child poverty", group: tgChildren613, topic: topEducation, medium: 20, high: 35, critical: 50,
		reading: "Hohe Kinderarmut in {place}: Kinder im Grundschulalter brauchen Lernförderung und verlässliche Ganztagsangebote."},
	{indicator: "child poverty", group: tgAdolescents, topic: topSafety, medium: 30, high: 45,
		reading: "Jugendliche in {place} brauchen Präventions- und Freizeitangebote; Konflikte im öffentlichen Raum nehmen zu."},
	{indicator: "children under 6", group: tgChildren05, topic: topLanguage, medium: 7.5, high: 8.5,
		reading: "Viele Kinder unter sechs in {place}; Sprachstandserhebungen zeigen hohen Förderbedarf vor der Einschulung."},
	{indicator: "single parents", group: tgSingleParents, topic: topEmployment, medium: 30, high: 38,
		reading: "Hoher Anteil Alleinerziehender in {place}; Teilzeitausbildung und Arbeit mit Kinderbetreuung fehlen."},
	{indicator: "unemployment", group: tgUnemployed, topic: topEmployment, medium: 6.5, high: 10, critical: 14,
		reading: "Arbeitslosigkeit in {place} über dem städtischen Durchschnitt; viele sind seit Jahren ohne Arbeit."},
	{indicator: "unemployment", group: tgYoungAdults, topic: topEmployment, medium: 9, high: 13,
		reading: "Junge Erwachsene in {place} finden schwer in Ausbildung und Arbeit."},
	{indicator: "transfer benefits", group: tgFamilies, topic: topHousing, medium: 15, high: 22,
		reading: "Viele Familien in {place} beziehen Transferleistungen; Mietschulden und beengtes Wohnen sind häufig."},
	{indicator: "residents 65+", group: tgSeniors, topic: topNeighbourhood, medium: 22, high: 26,
		reading: "Viele Ältere in {place} leben allein; es fehlen Orte der Begegnung gegen Vereinsamung."},
	{indicator: "residents 65+", group: tgSeniors, topic: topHealth, medium: 28,
		reading: "Hoher Anteil Hochbetagter in {place}; Bedarf an Gesundheitsförderung und Pflegeberatung."},
	{indicator: "migration background", group: tgMigration, topic: topLanguage, medium: 45, high: 60,
		reading: "Viele Erwachsene in {place} haben keinen Zugang zu Sprachkursen, vor allem Mütter mit kleinen Kindern."},
	{indicator: "residential stability", group: tgFamilies, topic: topNeighbourhood, medium: 55, high: 45, low: true,
		reading: "Geringe Wohndauer in {place}: Familien kennen ihre Nachbarschaft kaum."},
}

// handNeeds are needs coordinators recorded beyond the rules, with the
// indicator they cite.
var handNeeds = []struct {
	quarter, group, topic, indicator string
	severity                         domain.Severity
	desc                             string
}{
	{"bahnhofsviertel", tgYoungAdults, topHousing, "transfer benefits", domain.SeverityHigh,
		"Junge Erwachsene nach dem Ende der Jugendhilfe finden im Bahnhofsviertel keine Wohnung; Couchsurfing und drohende Wohnungslosigkeit."},
	{"bahnhofsviertel", tgHomeless, topHealth, "transfer benefits", domain.SeverityHigh,
		"Wohnungslose Menschen rund um den Bahnhof brauchen medizinische Grundversorgung und Suchthilfe."},
	{"neue-heide", tgRefugees, topLanguage, "migration background", domain.SeverityHigh,
		"Geflüchtete in der Neuen Heide warten monatelang auf Integrationskurse; vor Ort gibt es kein Angebot zum Deutschüben."},
}

// designedGaps are the needs no service may cover on the reference day.
var designedGaps = []string{SeniorGapNeedID, GapYoungAdultsHousingID, GapSingleParentsEmploymentID,
	GapChildrenLanguageID, GapRefugeesLanguageID, GapMigrationLanguageID}

func (r needRule) severity(v float64) (domain.Severity, bool) {
	reached := func(t float64) bool { return t != 0 && (r.low && v <= t || !r.low && v >= t) }
	switch {
	case reached(r.critical):
		return domain.SeverityCritical, true
	case reached(r.high):
		return domain.SeverityHigh, true
	case reached(r.medium):
		return domain.SeverityMedium, true
	}
	return "", false
}

// buildNeeds applies the rules to every quarter, then adds the hand needs.
func (b *builder) buildNeeds() {
	for _, q := range quarters {
		qid := id("nbh", q.slug)
		for _, r := range needRules {
			if sev, ok := r.severity(b.indicator(qid, r.indicator)); ok {
				b.addNeed(qid, r.group, r.topic, r.indicator, sev, expand(r.reading, "", q.name), "2023-01-01")
			}
		}
	}
	for _, h := range handNeeds {
		b.addNeed(id("nbh", h.quarter), h.group, h.topic, h.indicator, h.severity, h.desc, "2024-01-01")
	}
}

func (b *builder) addNeed(quarterID, group, topic, indicator string, sev domain.Severity, desc, from string) {
	b.ds.Needs = append(b.ds.Needs, domain.Need{
		ID:              id("ned", strings.TrimPrefix(quarterID, "nbh_"), strings.TrimPrefix(group, "tg_"), strings.TrimPrefix(topic, "top_")),
		TargetGroupID:   group,
		TopicID:         topic,
		NeighbourhoodID: quarterID,
		Severity:        sev,
		Description:     &desc,
		Evidence: &domain.Evidence{Indicator: indicator, Value: ptr(b.indicator(quarterID, indicator)),
			Unit: ptr("%"), Year: ptr(2023), Source: ptr("MSS 2023")},
		Span: span(from, ""),
	})
}
