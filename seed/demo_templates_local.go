package seed

// localServiceTemplates are offers of single actors, named in the actor
// tables: the designed findings and the colour of the quarters.
var localServiceTemplates = map[string]serviceTemplate{
	// Finding 2: homework help and language cafés.
	"hausaufgabenhilfe": {"Hausaufgabenhilfe im Nachbarschaftshaus", "Montag bis Donnerstag Hausaufgabenhilfe für Grundschulkinder mit Honorarkräften.",
		[]string{tgChildren613}, []string{topEducation}, []string{"Hausaufgabenhilfe", "Lernförderung", "Grundschule"}},
	"schuelerhilfe": {"Schülerhilfe St. Petri", "Ehrenamtliche aus der Gemeinde helfen Grundschulkindern bei den Hausaufgaben.",
		[]string{tgChildren613}, []string{topEducation}, []string{"Schülerhilfe", "Hausaufgabenhilfe", "Ehrenamt"}},
	"lernclub": {"Lernclub: Hausaufgabenhilfe mit Lernpaten", "Studierende als Lernpaten begleiten Kinder beim Lernen, einzeln oder in kleinen Gruppen.",
		[]string{tgChildren613}, []string{topEducation}, []string{"Hausaufgabenhilfe", "Lernpaten", "Studierende"}},
	"sprachcafe": {"Sprachcafé im Café Babel", "Deutsch üben bei Tee und Kuchen, jeden Mittwoch mit ehrenamtlichen Gesprächspartnern.",
		[]string{tgRefugees, tgMigration}, []string{topLanguage}, []string{"Sprachcafé", "Deutsch üben", "Begegnung"}},
	"sprachcafe-heide": {"Sprachcafé Neue Heide", "Neues Sprachcafé im Stadtteilcafé, gefördert aus dem Integrationsfonds ab 2027.",
		[]string{tgRefugees, tgMigration}, []string{topLanguage}, []string{"Sprachcafé", "Deutsch üben"}},

	// Finding 3: the senior offer that could extend, and the one that ended.
	"seniorenbegegnung": {"Seniorenbegegnung und Mittagstisch", "Begegnungsstätte mit Mittagstisch, Seniorengymnastik, Spielenachmittagen und Ausflügen gegen Vereinsamung.",
		[]string{tgSeniors}, []string{topNeighbourhood, topHealth}, []string{"Begegnungsstätte", "Mittagstisch", "Seniorengymnastik", "Vereinsamung"}},
	"besuchsdienst": {"Besuchsdienst gegen Einsamkeit", "Ehrenamtliche besuchen ältere Menschen zu Hause und begleiten zu Veranstaltungen.",
		[]string{tgSeniors}, []string{topNeighbourhood}, []string{"Besuchsdienst", "Einsamkeit", "Ehrenamt"}},

	// Finding 1: the migrant organisations of Lindenpark.
	"herkunftssprachlicher-unterricht": {"Türkisch für Grundschulkinder", "Herkunftssprachlicher Unterricht in Räumen der Grundschule am Lindenpark.",
		[]string{tgChildren613}, []string{topLanguage}, []string{"Herkunftssprache", "Türkisch", "Mehrsprachigkeit"}},
	"arabisch-kinder": {"Arabisch für Kinder", "Samstagsschule für Arabisch als Herkunftssprache.",
		[]string{tgChildren613}, []string{topLanguage}, []string{"Arabisch", "Samstagsschule", "Herkunftssprache"}},
	"frauencafe": {"Frauencafé Al-Nur", "Treffpunkt für Frauen mit Beratung in arabischer Sprache.",
		[]string{tgMigration}, []string{topIntegration}, []string{"Frauencafé", "Beratung auf Arabisch"}},
	"ukraine-treffpunkt": {"Treffpunkt für ukrainische Familien", "Austausch, Beratung und Kinderbetreuung für Geflüchtete aus der Ukraine.",
		[]string{tgRefugees}, []string{topIntegration}, []string{"Ukraine", "Geflüchtete", "Treffpunkt"}},
	"offene-moschee": {"Offene Moschee: Dialog und Begegnung", "Führungen, interreligiöser Dialog und Hausaufgabenraum für Gemeindemitglieder.",
		[]string{tgMigration}, []string{topIntegration}, []string{"Moschee", "interreligiöser Dialog"}},

	// Finding 4 and 5: offers that ended.
	"praeventionslotsen": {"Präventionslotsen: von der Geburt bis zur Schule", "Lotsinnen begleiten Familien durch Angebote der Präventionskette Nord.",
		[]string{tgChildren05, tgFamilies}, []string{topEducation, topHealth}, []string{"Präventionskette", "Lotsen", "Übergang Kita-Schule"}},
	"jobcafe-alleinerziehende": {"Job-Café für Alleinerziehende", "Bewerbungscafé mit Kinderbetreuung; ESF-gefördert bis Mitte 2024.",
		[]string{tgSingleParents}, []string{topEmployment}, []string{"Job-Café", "Alleinerziehende", "Bewerbung"}},

	// Counselling, health and care.
	"gesundheitslotsen": {"Gesundheitslotsinnen im Quartier", "Mehrsprachige Lotsinnen begleiten Familien zu Vorsorge und Gesundheitsangeboten; Start 2027.",
		[]string{tgMigration, tgFamilies}, []string{topHealth}, []string{"Gesundheitslotsen", "mehrsprachig"}},
	"schuldnerberatung": {"Schuldner- und Insolvenzberatung", "Beratung bei Schulden, Mietrückständen und Verbraucherinsolvenz.",
		[]string{tgFamilies, tgUnemployed}, []string{topHousing}, []string{"Schuldnerberatung", "Insolvenz", "Mietschulden"}},
	"suchtberatung": {"Sucht- und Drogenberatung", "Offene Sprechstunde, Substitutionsbegleitung und Präventionsangebote.",
		[]string{tgYoungAdults, tgHomeless}, []string{topHealth}, []string{"Suchtberatung", "Drogenberatung", "Prävention"}},
	"tagestreff": {"Tagestreff für wohnungslose Menschen", "Frühstück, Duschen, Postadresse und Sozialberatung.",
		[]string{tgHomeless}, []string{topHousing, topHealth}, []string{"Wohnungslosenhilfe", "Tagestreff", "Postadresse"}},
	"gu-betreuung": {"Sozialbetreuung in der Gemeinschaftsunterkunft", "Beratung, Kinderbetreuung und Begleitung beim Auszug in eigene Wohnungen.",
		[]string{tgRefugees}, []string{topHousing, topIntegration}, []string{"Gemeinschaftsunterkunft", "Auszugsbegleitung"}},
	"kinderarzt": {"Kinderärztliche Vorsorge und Sprechstunde", "U-Untersuchungen, Impfungen und Beratung, auch auf Englisch und Türkisch.",
		[]string{tgChildren05, tgChildren613}, []string{topHealth}, []string{"Kinderarzt", "U-Untersuchung", "Impfung"}},
	"hausarzt": {"Hausärztliche Versorgung und Hausbesuche", "Hausarztpraxis mit Hausbesuchen für nicht mobile Patientinnen und Patienten.",
		[]string{tgSeniors, tgUnemployed}, []string{topHealth}, []string{"Hausarzt", "Hausbesuch"}},
	"apotheke-senioren": {"Medikationsberatung für Senior*innen", "Kostenlose Prüfung der Medikamente auf Wechselwirkungen.",
		[]string{tgSeniors}, []string{topHealth}, []string{"Apotheke", "Medikationsplan"}},
	"hebamme": {"Hebammensprechstunde und Wochenbettbetreuung", "Vor- und Nachsorge, auch für Familien ohne eigene Hebamme.",
		[]string{tgChildren05, tgFamilies}, []string{topHealth}, []string{"Hebamme", "Wochenbett", "Familienhebamme"}},
	"pflegedienst": {"Ambulante Pflege und Alltagsbegleitung", "Pflege zu Hause, Alltagsbegleitung und Entlastung für Angehörige.",
		[]string{tgSeniors, tgDisabilities}, []string{topHealth}, []string{"Pflegedienst", "Alltagsbegleitung"}},
	"tagespflege": {"Tagespflege und offener Mittagstisch", "Tagespflege und ein Mittagstisch, der allen Älteren im Quartier offensteht.",
		[]string{tgSeniors}, []string{topHealth, topNeighbourhood}, []string{"Tagespflege", "Mittagstisch"}},

	// Civil society and local economy.
	"seniorenvertretung": {"Sprechstunde der Seniorenvertretung", "Sprechstunde und Mitwirkung in bezirklichen Gremien.",
		[]string{tgSeniors}, []string{topParticipation}, []string{"Seniorenvertretung", "Mitwirkung"}},
	"patenschaften": {"Patenschaften für Geflüchtete", "Ehrenamtliche begleiten Geflüchtete zu Ämtern, Schulen und Ärzten.",
		[]string{tgRefugees}, []string{topIntegration}, []string{"Patenschaft", "Begleitung", "Willkommen"}},
	"deutsch-ehrenamtlich": {"Ehrenamtliche Deutschkurse", "Deutschkurse von Ehrenamtlichen für Erwachsene ohne Kursplatz.",
		[]string{tgRefugees}, []string{topLanguage}, []string{"Deutschkurs", "Ehrenamt"}},
	"kulturtreff": {"Kulturtreff und Elternarbeit", "Feste, Musik und Tanz, Beratung für Eltern in der Herkunftssprache.",
		[]string{tgMigration}, []string{topCulture}, []string{"Kulturtreff", "Feste", "Tanz"}},
	"umweltbildung": {"Umweltbildung am Ufer", "Uferputz, Naturerkundung und Upcycling-Werkstatt für Kinder und Familien.",
		[]string{tgChildren613, tgFamilies}, []string{topEnvironment}, []string{"Umweltbildung", "Uferputz", "Upcycling"}},
	"gemeinschaftsgarten": {"Gemeinschaftsgarten", "Gemeinsames Gärtnern im Innenhof, offen für alle Nachbarinnen und Nachbarn.",
		[]string{tgFamilies, tgSeniors}, []string{topEnvironment, topNeighbourhood}, []string{"Gemeinschaftsgarten", "Urban Gardening"}},
	"kulturprogramm": {"Kinderkunstschule und Jugendtheater", "Kurse in Malerei, Theater und Musik für Kinder und Jugendliche.",
		[]string{tgChildren613, tgAdolescents}, []string{topCulture}, []string{"Kunstschule", "Jugendtheater"}},
	"erzaehlcafe": {"Erzählcafé und Stadtführungen", "Ältere erzählen Stadtgeschichte; Führungen durch die Altstadt.",
		[]string{tgSeniors}, []string{topCulture}, []string{"Erzählcafé", "Stadtgeschichte"}},
	"gewerbe": {"Gewerbestammtisch und Leerstandsmanagement", "Vernetzung der Gewerbetreibenden und Zwischennutzung leerer Läden.",
		[]string{tgMigration, tgUnemployed}, []string{topLocalEconomy}, []string{"Gewerbe", "Leerstand", "Zwischennutzung"}},
	"kiezkueche": {"Beschäftigung im Stadtteilcafé", "Geförderte Arbeitsplätze in Küche und Service des Stadtteilcafés.",
		[]string{tgUnemployed}, []string{topEmployment, topLocalEconomy}, []string{"Sozialunternehmen", "Beschäftigung"}},
	"beschaeftigung": {"Arbeitsgelegenheiten und Qualifizierung", "Werkstätten für Holz, Metall und Garten mit Qualifizierungsbausteinen.",
		[]string{tgUnemployed}, []string{topEmployment}, []string{"Arbeitsgelegenheit", "Qualifizierung", "Werkstatt"}},
	"gruendungsberatung": {"Gründungsberatung und Coworking", "Beratung für Gründerinnen und Gründer, günstige Arbeitsplätze.",
		[]string{tgMigration, tgYoungAdults}, []string{topLocalEconomy}, []string{"Gründung", "Coworking"}},
	"fahrradwerkstatt": {"Offene Fahrradwerkstatt", "Fahrräder reparieren und ausleihen, mit Ehrenamtlichen.",
		[]string{tgRefugees, tgYoungAdults}, []string{topEnvironment}, []string{"Fahrradwerkstatt", "Reparatur"}},
	"kiezspaziergang": {"Kiezspaziergänge und Hafenfest", "Spaziergänge zu Planungsfragen und ein jährliches Hafenfest.",
		[]string{tgFamilies}, []string{topParticipation, topCulture}, []string{"Kiezspaziergang", "Hafenfest"}},
	"dorffest": {"Dorffest und Nachbarschaftshilfe", "Dorffest, Seniorenfahrdienst und Nachbarschaftshilfe.",
		[]string{tgFamilies, tgSeniors}, []string{topNeighbourhood, topCulture}, []string{"Dorffest", "Fahrdienst"}},
	"elterncafe-spielplatz": {"Elterncafé und Spielplatzpaten", "Eltern treffen sich und kümmern sich gemeinsam um den Spielplatz.",
		[]string{tgFamilies, tgChildren05}, []string{topNeighbourhood}, []string{"Elterncafé", "Spielplatz"}},
}

// template looks a service template up by key; an unknown key is a bug in
// the tables.
func template(key string) serviceTemplate {
	if t, ok := serviceTemplates[key]; ok {
		return t
	}
	if t, ok := localServiceTemplates[key]; ok {
		return t
	}
	panic("seed: unknown service template " + key)
}
