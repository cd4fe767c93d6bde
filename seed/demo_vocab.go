package seed

import (
	"strings"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Target group ids of the managed vocabulary.
const (
	tgChildren05    = "tg_children-0-5"
	tgChildren613   = "tg_children-6-13"
	tgAdolescents   = "tg_adolescents-14-17"
	tgYoungAdults   = "tg_young-adults-18-26"
	tgFamilies      = "tg_families"
	tgSingleParents = "tg_single-parents"
	tgSeniors       = "tg_seniors-65"
	tgMigration     = "tg_migration-history"
	tgRefugees      = "tg_refugees"
	tgUnemployed    = "tg_long-term-unemployed"
	tgDisabilities  = "tg_disabilities"
	tgHomeless      = "tg_homeless"
)

// Topic ids of the managed vocabulary.
const (
	topEducation     = "top_education"
	topEmployment    = "top_employment"
	topHealth        = "top_health"
	topHousing       = "top_housing"
	topNeighbourhood = "top_neighbourhood"
	topIntegration   = "top_integration"
	topLanguage      = "top_language"
	topCulture       = "top_culture"
	topSport         = "top_sport"
	topSafety        = "top_safety"
	topEnvironment   = "top_environment"
	topLocalEconomy  = "top_local-economy"
	topParticipation = "top_participation"
)

// vocabularyEntry is a row of the target group and topic tables.
type vocabularyEntry struct{ code, de, en, desc string }

// targetGroups are the twelve target groups of DOMAIN.md.
var targetGroups = []vocabularyEntry{
	{"CHILDREN_0_5", "Kinder 0–5", "young children", "Kinder bis zum Schuleintritt und ihre frühe Förderung."},
	{"CHILDREN_6_13", "Kinder 6–13", "children", "Kinder im Grundschulalter und bis zur siebten Klasse."},
	{"ADOLESCENTS_14_17", "Jugendliche 14–17", "adolescents", "Jugendliche bis zur Volljährigkeit."},
	{"YOUNG_ADULTS_18_26", "junge Erwachsene 18–26", "young adults", "Junge Menschen im Übergang in Ausbildung, Arbeit und eigene Wohnung."},
	{"FAMILIES", "Familien", "families", "Haushalte mit Kindern."},
	{"SINGLE_PARENTS", "Alleinerziehende", "single parents", "Mütter und Väter, die ihre Kinder allein erziehen."},
	{"SENIORS_65", "Senior*innen", "seniors 65+", "Menschen ab 65 Jahren."},
	{"MIGRATION_HISTORY", "Menschen mit Migrationsgeschichte", "people with a migration history", "Zugewanderte und ihre Nachkommen."},
	{"REFUGEES", "Geflüchtete", "refugees", "Menschen mit Fluchterfahrung, auch in Gemeinschaftsunterkünften."},
	{"LONG_TERM_UNEMPLOYED", "Langzeitarbeitslose", "long-term unemployed", "Menschen, die ein Jahr und länger arbeitslos sind."},
	{"DISABILITIES", "Menschen mit Behinderung", "people with disabilities", "Menschen mit körperlichen, geistigen oder seelischen Beeinträchtigungen."},
	{"HOMELESS", "wohnungslose Menschen", "homeless people", "Menschen ohne eigene Wohnung, auch in Notunterkünften."},
}

// topics are the thirteen fields of action of DOMAIN.md.
var topics = []vocabularyEntry{
	{"EDUCATION", "Bildung", "education", "Frühkindliche, schulische und außerschulische Bildung."},
	{"EMPLOYMENT", "Arbeit und Beschäftigung", "employment", "Ausbildung, Arbeit, Qualifizierung und Beschäftigung."},
	{"HEALTH", "Gesundheit", "health", "Gesundheitsförderung, Prävention und Versorgung."},
	{"HOUSING", "Wohnen und Wohnumfeld", "housing and surroundings", "Wohnen, Wohnungssicherung und Wohnumfeld."},
	{"NEIGHBOURHOOD", "Nachbarschaft", "neighbourhood life", "Begegnung und Zusammenleben in der Nachbarschaft."},
	{"INTEGRATION", "Integration und Teilhabe", "integration and participation", "Ankommen, Teilhabe und Chancengleichheit."},
	{"LANGUAGE", "Sprache", "language", "Sprachbildung und Sprachförderung, auch in Herkunftssprachen."},
	{"CULTURE", "Kultur", "culture", "Kulturelle Bildung und kulturelle Angebote."},
	{"SPORT", "Sport und Bewegung", "sport", "Sport, Bewegung und Spiel."},
	{"SAFETY", "Sicherheit und Prävention", "safety and prevention", "Kinderschutz, Gewalt- und Suchtprävention, Sicherheit im öffentlichen Raum."},
	{"ENVIRONMENT", "Umwelt und Klima", "environment", "Grün, Klima und Umweltbildung im Quartier."},
	{"LOCAL_ECONOMY", "lokale Ökonomie", "local economy", "Gewerbe, Handel und Gründungen im Quartier."},
	{"PARTICIPATION", "Beteiligung", "civic participation", "Mitwirkung der Bewohnerschaft an Entscheidungen."},
}

// vocabularyID is prefix_ + the code in lower case with '-' for '_'.
func vocabularyID(prefix, code string) string {
	return id(prefix, strings.ReplaceAll(strings.ToLower(code), "_", "-"))
}

func (b *builder) buildVocabulary() {
	for _, e := range targetGroups {
		b.ds.TargetGroups = append(b.ds.TargetGroups, domain.TargetGroup{Vocabulary: vocabulary("tg", e)})
	}
	for _, e := range topics {
		b.ds.Topics = append(b.ds.Topics, domain.Topic{Vocabulary: vocabulary("top", e)})
	}
}

func vocabulary(prefix string, e vocabularyEntry) domain.Vocabulary {
	return domain.Vocabulary{ID: vocabularyID(prefix, e.code), Code: e.code, LabelDe: e.de, LabelEn: e.en, Description: ptr(e.desc)}
}
