package seed

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/kiezgraph/kiezgraph/domain"
)

// roleSpec is a person's role at an actor (by slug).
type roleSpec struct{ actor, title, from, to string }

// people are the professionals and volunteers of the demo city, all
// fictional. They carry names and roles only: no private contact data.
var people = []struct {
	slug, name string
	roles      []roleSpec
}{
	{"anna-lehmann", "Anna Lehmann", []roleSpec{{"qm-lindenpark", "Quartiersmanagerin", "2018-02-01", ""}}},
	{"tobias-brandt", "Tobias Brandt", []roleSpec{
		{"qm-lindenpark", "Quartiersmanager", "2012-07-01", "2017-12-31"},
		{"sozialraum-nord", "Sozialraumkoordinator", "2018-01-01", ""}}},
	{"selin-aydin", "Selin Aydın", []roleSpec{{"qm-bahnhofsviertel", "Quartiersmanagerin", "2016-01-01", ""}}},
	{"jonas-wiesner", "Jonas Wiesner", []roleSpec{{"qm-bahnhofsviertel", "Quartiersmanager", "2019-05-01", ""}}},
	{"birgit-hoffmann", "Birgit Hoffmann", []roleSpec{{"gs-am-lindenpark", "Schulleiterin", "2014-08-01", ""}}},
	{"murat-kaya", "Murat Kaya", []roleSpec{{"gs-am-lindenpark", "Schulsozialarbeiter", "2017-09-01", ""}}},
	{"claudia-neumann", "Claudia Neumann", []roleSpec{{"jugendamt-nord", "Regionalleiterin RSD", "2015-04-01", ""}}},
	{"stefan-krueger", "Stefan Krüger", []roleSpec{{"jugendamt-nord", "Jugendhilfeplaner", "2019-01-01", ""}}},
	{"katrin-vogel", "Katrin Vogel", []roleSpec{
		{"koordinierung-praeventionskette", "Koordinatorin Präventionskette", "2019-04-01", FundingEndedDay},
		{"jugendamt-nord", "Koordinatorin Frühe Hilfen", "2025-03-01", ""}}},
	{"leon-schaefer", "Leon Schäfer", []roleSpec{{"koordinierung-praeventionskette", "Präventionslotse", "2020-01-01", FundingEndedDay}}},
	{"fatma-oezdemir", "Fatma Özdemir", []roleSpec{{"elternverein-koepru", "Vorsitzende (ehrenamtlich)", "2015-03-01", ""}}},
	{"karim-haddad", "Karim Haddad", []roleSpec{{"kulturverein-al-nur", "Vorsitzender (ehrenamtlich)", "2016-06-01", ""}}},
	{"olena-kovalenko", "Olena Kovalenko", []roleSpec{{"ukrainischer-treffpunkt", "Koordinatorin (ehrenamtlich)", "2022-05-01", ""}}},
	{"sabine-koch", "Sabine Koch", []roleSpec{{"familienzentrum-lindenpark", "Leiterin", "2013-01-01", ""}}},
	{"dennis-wolff", "Dennis Wolff", []roleSpec{{"jugendclub-treibhaus", "Einrichtungsleiter", "2016-03-01", ""}}},
	{"monika-schulz", "Monika Schulz", []roleSpec{{"begegnungsstaette-kastanienhoehe", "Leiterin der Begegnungsstätte", "2011-09-01", ""}}},
	{"gerda-baumann", "Gerda Baumann", []roleSpec{{"seniorenclub-lindenpark", "Vorsitzende (ehrenamtlich)", "2005-01-01", "2023-03-31"}}},
	{"helga-winter", "Helga Winter", []roleSpec{{"nachbarschaftshilfe-kastanienhoehe", "Koordinatorin Besuchsdienst (ehrenamtlich)", "2018-03-01", ""}}},
	{"thomas-richter", "Thomas Richter", []roleSpec{{"nachbarschaftshaus-bahnhofsviertel", "Geschäftsführer", "2010-06-01", ""}}},
	{"martina-sommer", "Martina Sommer", []roleSpec{{"st-petri", "Pfarrerin", "2012-09-01", ""}}},
	{"lukas-berger", "Lukas Berger", []roleSpec{{"lernpaten-bahnhofsviertel", "Koordinator Lernpaten", "2019-02-01", ""}}},
	{"amadou-diallo", "Amadou Diallo", []roleSpec{{"sankofa", "Vorsitzender (ehrenamtlich)", "2018-01-01", ""}}},
	{"ewa-nowak", "Ewa Nowak", []roleSpec{{"verein-most", "Vorsitzende (ehrenamtlich)", "2020-01-01", ""}}},
	{"julia-hartmann", "Julia Hartmann", []roleSpec{{"familienzentrum-gleis3", "Leiterin", "2017-01-01", ""}}},
	{"ralf-zimmermann", "Ralf Zimmermann", []roleSpec{{"jugendamt-mitte", "Jugendamtsleiter", "2016-01-01", ""}}},
	{"nina-franke", "Nina Franke", []roleSpec{{"jugendamt-mitte", "Netzwerkkoordinatorin Frühe Hilfen", "2014-05-01", ""}}},
	{"michael-braun", "Michael Braun", []roleSpec{{"jobcenter-mitte", "Teamleiter U25", "2018-07-01", ""}}},
	{"sandra-keller", "Dr. Sandra Keller", []roleSpec{{"gesundheitsamt-mitte", "Ärztin im Kinder- und Jugendgesundheitsdienst", "2015-02-01", ""}}},
	{"frank-meyer", "Frank Meyer", []roleSpec{{"polizei-mitte", "Präventionsbeauftragter", "2019-10-01", ""}}},
	{"yasemin-demir", "Yasemin Demir", []roleSpec{{"suchtberatung-kompass", "Suchtberaterin", "2020-03-01", ""}}},
	{"peter-hahn", "Peter Hahn", []roleSpec{{"tagestreff-weitblick", "Leiter", "2013-11-01", ""}}},
	{"lea-koenig", "Lea König", []roleSpec{{"bibliothek-schillerviertel", "Bibliothekarin", "2019-08-01", ""}}},
	{"samir-nasser", "Samir Nasser", []roleSpec{{"cafe-babel", "Koordinator Sprachcafé", "2017-04-01", ""}}},
	{"ute-lorenz", "Ute Lorenz", []roleSpec{{"sozialraum-sued", "Sozialraumkoordinatorin", "2012-01-01", ""}}},
	{"hanna-schmitt", "Hanna Schmitt", []roleSpec{{"familienzentrum-wiesengrund", "Leiterin", "2016-09-01", ""}}},
	{"ahmad-rahimi", "Ahmad Rahimi", []roleSpec{{"freundeskreis-asyl-ziegelei", "Ehrenamtskoordinator", "2015-11-01", ""}}},
	{"kerstin-walter", "Kerstin Walter", []roleSpec{
		{"gu-ziegeleiweg", "Einrichtungsleiterin", "2016-02-01", "2022-06-30"},
		{"gu-heidering", "Einrichtungsleiterin", "2022-07-01", ""}}},
	{"lan-nguyen", "Lan Nguyen", []roleSpec{{"verein-hoa-sen", "Vorsitzende (ehrenamtlich)", "2014-03-01", ""}}},
	{"matthias-schroeder", "Matthias Schröder", []roleSpec{{"gs-eschenried", "Schulleiter", "2011-08-01", ""}}},
	{"daniela-fischer", "Daniela Fischer", []roleSpec{{"stadtteilzentrum-eschenried", "Koordinatorin Bildungsverbund", "2014-09-01", ""}}},
	{"robert-klein", "Robert Klein", []roleSpec{{"werkhof-ost", "Teamleiter Qualifizierung", "2017-02-01", ""}}},
	{"irina-petrova", "Irina Petrova", []roleSpec{{"heide-hilft", "Projektkoordinatorin", "2016-01-01", ""}}},
	{"christian-wagner", "Christian Wagner", []roleSpec{{"lwb", "Sozialmanager", "2015-06-01", ""}}},
	{"marion-busch", "Marion Busch", []roleSpec{{"awo", "Referentin Altenhilfe", "2012-04-01", ""}}},
	{"ali-yilmaz", "Ali Yılmaz", []roleSpec{{"buero-integration", "Integrationsbeauftragter", "2018-01-01", ""}}},
	{"susanne-engel", "Susanne Engel", []roleSpec{{"paritaetischer", "Geschäftsführerin", "2010-01-01", ""}}},
	{"jan-petersen", "Jan Petersen", []roleSpec{
		{"mobile-jugendarbeit-ost", "Streetworker", "2019-01-01", "2023-08-31"},
		{"oberschule-eschenried", "Schulsozialarbeiter", "2023-09-01", ""}}},
	{"ingrid-mueller", "Ingrid Müller", []roleSpec{{"seniorenvertretung-sued", "Sprecherin (ehrenamtlich)", "2017-01-01", ""}}},
	{"oliver-kuhn", "Oliver Kuhn", []roleSpec{{"polizei-nord", "Präventionsbeauftragter", "2016-04-01", ""}}},
	{"kathrin-roth", "Kathrin Roth", []roleSpec{{"sozialraum-mitte", "Sozialraumkoordinatorin", "2015-01-01", ""}}},
	{"benjamin-ost", "Benjamin Ost", []roleSpec{
		{"jugendtreff-schillerplatz", "Jugendarbeiter", "2014-05-01", "2020-12-31"},
		{"jugendzentrum-weiche", "Einrichtungsleiter", "2021-01-01", ""}}},
}

// opaque returns an id for a person or role that says nothing about the
// person: ids travel into logs, the audit trail and researchers' hands,
// so they must not spell a name, and with a key (DemoKeyed) nobody
// without it can compute them from a guessed name slug either.
func (b *builder) opaque(prefix string, parts ...string) string {
	msg := []byte("lindenbrueck\x00" + strings.Join(parts, "\x00"))
	if b.idKey == nil {
		sum := sha256.Sum256(msg)
		return id(prefix, hex.EncodeToString(sum[:10]))
	}
	m := hmac.New(sha256.New, b.idKey)
	m.Write(msg)
	return id(prefix, hex.EncodeToString(m.Sum(nil)[:10]))
}

// buildPeople adds the people and their roles. A role ends with its actor.
func (b *builder) buildPeople() {
	for _, p := range people {
		perID := b.opaque("per", p.slug)
		b.ds.People = append(b.ds.People, domain.Person{ID: perID, Name: p.name})
		for _, r := range p.roles {
			a := b.actor(id("act", r.actor))
			sp := span(r.from, r.to)
			if a.ValidTo != nil && (sp.ValidTo == nil || a.ValidTo.Before(*sp.ValidTo)) {
				sp.ValidTo = ptr(*a.ValidTo)
			}
			b.ds.Roles = append(b.ds.Roles, domain.Role{ID: b.opaque("rol", p.slug, r.actor), PersonID: perID, ActorID: a.ID, Title: r.title, Span: sp})
		}
	}
}
