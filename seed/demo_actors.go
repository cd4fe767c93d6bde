package seed

import (
	"fmt"
	"slices"

	"github.com/kiezgraph/kiezgraph/domain"
)

// actorSpec is a row of the actor tables. Zero fields take the kind's
// defaults (see kindTable).
type actorSpec struct {
	slug, name string
	kind       domain.ActorKind
	sector     domain.Sector
	// where lists place slugs; nil means the quarter of the table.
	where []string
	// operator is the Träger: an actor slug (a welfare association) or
	// the name of a body. Institutions show it as Operator; for
	// organisations it names the Träger in the description and links them.
	operator string
	from, to string
	desc     string
	keywords []string
	// services lists service template keys; nil means the kind's.
	services []string
}

// quarterActors is the actor table of one quarter.
type quarterActors struct {
	quarter string
	actors  []actorSpec
}

// cityActors work in several quarters or the whole city.
var cityActors = []actorSpec{
	{slug: "awo", name: "AWO Kreisverband Lindenbrück e.V.", kind: domain.KindWelfareAssociation, from: "1946-05-01",
		where: []string{"lindenpark", "hafenviertel", "kastanienhoehe", "wiesengrund", "eschenried"}, services: []string{"seniorenberatung"},
		keywords: []string{"AWO", "Arbeiterwohlfahrt", "Seniorenarbeit"}},
	{slug: "caritas", name: "Caritasverband für die Stadt Lindenbrück e.V.", kind: domain.KindWelfareAssociation, from: "1921-03-01",
		where: []string{"bahnhofsviertel", "schillerviertel", "domviertel", "muehlgraben", "ziegelei"}, services: []string{"migrationsberatung"},
		keywords: []string{"Caritas", "Migrationsberatung"}},
	{slug: "diakonie", name: "Diakonisches Werk Lindenbrück e.V.", kind: domain.KindWelfareAssociation, from: "1952-01-01",
		where: []string{"lindenpark", "hafenviertel", "bahnhofsviertel", "sonnenhang"}, services: []string{"sozialberatung"},
		keywords: []string{"Diakonie", "Sozialberatung", "Wohnungslosenhilfe"}},
	{slug: "drk", name: "DRK-Kreisverband Lindenbrück e.V.", kind: domain.KindWelfareAssociation, from: "1950-06-01",
		where: []string{"hafenviertel", "ziegelei", "brunnenviertel", "eschenried"}, services: []string{"kleiderkammer"},
		keywords: []string{"DRK", "Rotes Kreuz", "Kleiderkammer"}},
	{slug: "paritaetischer", name: "Der Paritätische Lindenbrück", kind: domain.KindWelfareAssociation, from: "1990-01-01",
		where: []string{"lindenbrueck"}, services: []string{"freiwilligendienste"},
		keywords: []string{"Paritätischer", "Dachverband", "Mitgliedsorganisationen"}},
	{slug: "lwb", name: "Lindenbrücker Wohnungsbaugesellschaft mbH (LWB)", kind: domain.KindHousingCompany,
		where:    []string{"lindenpark", "hafenviertel", "bahnhofsviertel", "eschenried", "neue-heide"},
		keywords: []string{"LWB", "kommunale Wohnungsbaugesellschaft"}},
	{slug: "eintracht", name: "Wohnungsgenossenschaft Eintracht eG", kind: domain.KindHousingCompany, from: "1919-10-01",
		where:    []string{"kastanienhoehe", "uferstadt", "wiesengrund", "am-wasserturm"},
		keywords: []string{"Genossenschaft", "Nachbarschaftsfonds"}},
	{slug: "tafel", name: "Lindenbrücker Tafel e.V.", kind: domain.KindFoodBank, from: "1999-03-01",
		where: []string{"hafenviertel", "bahnhofsviertel", "ziegelei", "eschenried"}},
	{slug: "buero-integration", name: "Büro für Integration und Migration der Stadt Lindenbrück", kind: domain.KindAdministration,
		where: []string{"lindenbrueck"}, operator: "Stadt Lindenbrück", services: []string{"integrationsfonds"},
		desc:     "Städtische Stelle für Integrationspolitik: Integrationsfonds, Migrationsbeirat und Förderung von Migrantenorganisationen.",
		keywords: []string{"Integrationsbeauftragte", "Migrationsbeirat", "Integrationsfonds"}},
	{slug: "freiwilligenagentur", name: "Freiwilligenagentur Lindenbrück e.V.", kind: domain.KindAssociation, from: "2004-04-01",
		where: []string{"lindenbrueck"}, services: []string{"ehrenamtsvermittlung"},
		keywords: []string{"Freiwilligenagentur", "Ehrenamtsbörse"}},
	{slug: "stiftung-buergersinn", name: "Stiftung Bürgersinn Lindenbrück", kind: domain.KindAssociation, from: "2008-01-01",
		where: []string{"lindenbrueck"}, services: []string{"buergersinn"},
		desc:     "Bürgerstiftung, die Nachbarschaftsprojekte und Ehrenamt in allen Quartieren fördert.",
		keywords: []string{"Bürgerstiftung", "Förderung"}},
}

// districtInstitution is a template of the institutions every district
// has: the slug is prefix-district, and {place} in name and operator is
// the district's name.
type districtInstitution struct {
	prefix, name string
	kind         domain.ActorKind
	operator     string
	from         string
}

var districtInstitutions = []districtInstitution{
	{"jugendamt", "Jugendamt {place}", domain.KindYouthOffice, "Bezirksamt {place}", ""},
	{"jobcenter", "Jobcenter Lindenbrück-{place}", domain.KindJobCentre, "Bundesagentur für Arbeit und Stadt Lindenbrück (gemeinsame Einrichtung)", "2005-01-01"},
	{"gesundheitsamt", "Gesundheitsamt {place}", domain.KindHealthOffice, "Bezirksamt {place}", ""},
	{"wohnhilfe", "Sozialamt {place} – Soziale Wohnhilfe", domain.KindSocialService, "Bezirksamt {place}", ""},
	{"polizei", "Polizei Lindenbrück – Präventionsteam {place}", domain.KindPolicePrevention, "Polizeidirektion Lindenbrück", ""},
	{"sozialraum", "Planungskoordination {place}", domain.KindAdministration, "Bezirksamt {place}", "2009-01-01"},
}

// districtServices overrides the kind's services of a district institution.
// Jobcenter Nord has no offer for single parents: that makes the gap in
// Hafenviertel.
var districtServices = map[string][]string{
	"jobcenter-nord":       {"u25", "langzeit"},
	"gesundheitsamt-mitte": {"kjgd", "teilhabe-gesundheit", "gesundheitslotsen"},
}

// quarterTables lists the actor tables of all districts.
var quarterTables = [][]quarterActors{nordActors, mitteActors, suedActors, ostActors}

// allActorSpecs returns every actor row, with where filled in, in
// dataset order: city-wide actors, district institutions, quarters.
func allActorSpecs() []actorSpec {
	specs := slices.Clone(cityActors)
	for _, d := range districts {
		for _, t := range districtInstitutions {
			slug := t.prefix + "-" + d.slug
			specs = append(specs, actorSpec{
				slug: slug, name: expand(t.name, "", d.name), kind: t.kind, where: []string{d.slug},
				operator: expand(t.operator, "", d.name), from: t.from, services: districtServices[slug],
			})
		}
	}
	for _, table := range quarterTables {
		for _, qa := range table {
			for _, s := range qa.actors {
				if s.where == nil {
					s.where = []string{qa.quarter}
				}
				specs = append(specs, s)
			}
		}
	}
	return specs
}

// operatorName resolves an operator that is an actor slug to its name.
func operatorName(op string) string {
	if i := slices.IndexFunc(cityActors, func(s actorSpec) bool { return s.slug == op }); i >= 0 {
		return cityActors[i].name
	}
	return op
}

// buildActors adds an actor for every row of the tables.
func (b *builder) buildActors() {
	b.specs = allActorSpecs()
	for _, s := range b.specs {
		b.addActor(s)
	}
}

// addActor adds the actor of a table row, completed by its kind's
// defaults: sector, description, keywords, operator and contact.
func (b *builder) addActor(s actorSpec) {
	k, ok := kindTable[s.kind]
	if !ok {
		panic("seed: no defaults for kind " + string(s.kind))
	}
	home := placeBySlug(s.where[0])
	a := domain.Actor{ID: id("act", s.slug), Name: s.name, Kind: s.kind, Sector: k.sector, Span: span(s.from, s.to),
		// Informal initiatives are not listed publicly; everything else
		// is in the city's public directories anyway.
		Public: s.kind != domain.KindInitiative}
	if s.sector != "" {
		a.Sector = s.sector
	}
	desc := s.desc
	if desc == "" {
		desc = expand(k.desc, s.name, home.name)
	}
	op := s.operator
	if op == "" && s.kind.IsInstitution() {
		op = defaultOperator(s.kind, home)
	}
	if op != "" {
		if s.kind.IsInstitution() {
			a.Operator = ptr(operatorName(op))
		} else {
			desc += " Träger: " + operatorName(op) + "."
		}
	}
	a.Description = &desc
	for _, kw := range slices.Concat(k.keywords, s.keywords) {
		if !slices.Contains(a.Keywords, kw) {
			a.Keywords = append(a.Keywords, kw)
		}
	}
	for _, w := range s.where {
		a.NeighbourhoodIDs = append(a.NeighbourhoodIDs, id("nbh", w))
	}
	if len(s.where) > 2 {
		home = city // headquarters in the city centre
	}
	a.Contact = b.contact(s, home)
	b.actors[a.ID] = len(b.ds.Actors)
	b.ds.Actors = append(b.ds.Actors, a)
}

// defaultOperator is the body that runs an institution when the table
// names none.
func defaultOperator(kind domain.ActorKind, home place) string {
	district := home
	if home.district != "" {
		district = placeBySlug(home.district)
	}
	switch kind {
	case domain.KindDaycareCentre:
		return "Kita-Eigenbetrieb Lindenbrück"
	case domain.KindLibrary:
		return "Stadtbibliothek Lindenbrück"
	default:
		return "Bezirksamt " + district.name
	}
}

// contact gives the organisation's own addresses (never a person's):
// fictional domains under .example, a street of its home place.
func (b *builder) contact(s actorSpec, home place) domain.Contact {
	host := s.slug + ".lindenbrueck.example"
	c := domain.Contact{
		Email:   ptr("info@" + host),
		Address: ptr(fmt.Sprintf("%s %d, %s Lindenbrück", home.street, 1+b.rng.IntN(120), home.zip)),
	}
	if s.kind != domain.KindInitiative && s.kind != domain.KindResidentsGroup {
		c.Website = ptr("https://" + host)
	}
	return c
}

// actor returns the actor with the given id; an unknown id is a bug in
// the tables.
func (b *builder) actor(actorID string) *domain.Actor {
	i, ok := b.actors[actorID]
	if !ok {
		panic("seed: unknown actor " + actorID)
	}
	return &b.ds.Actors[i]
}

// actorsIn lists the actors with a neighbourhood among nbhIDs, in dataset order.
func (b *builder) actorsIn(nbhIDs ...string) []*domain.Actor {
	var out []*domain.Actor
	for i := range b.ds.Actors {
		a := &b.ds.Actors[i]
		if slices.ContainsFunc(a.NeighbourhoodIDs, func(n string) bool { return slices.Contains(nbhIDs, n) }) {
			out = append(out, a)
		}
	}
	return out
}
