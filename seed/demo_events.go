package seed

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

// otherEvent is an event outside the network calendars.
type otherEvent struct {
	slug, name   string
	kind         domain.EventKind
	date         string
	organiser    string
	where        string
	participants []string // besides the organiser
	desc         string
}

var otherEvents = []otherEvent{
	{"bezirkskonferenz-nord-2024", "Bezirkskonferenz Nord 2024", domain.EventDistrictConference, "2024-10-17", "sozialraum-nord", "nord",
		[]string{"jugendamt-nord", "jobcenter-nord", "gesundheitsamt-nord", "wohnhilfe-nord", "polizei-nord", "qm-lindenpark",
			"koordinierung-praeventionskette", "nachbarschaftshaus-speicher", "awo", "diakonie", "lwb", "begegnungsstaette-kastanienhoehe"},
		"Bezirksregionenprofil Nord und Handlungsbedarfe der Quartiere."},
	{"stadtteilfest-lindenpark-2025", "Stadtteilfest Lindenpark 2025", domain.EventFestival, "2025-06-14", "qm-lindenpark", "lindenpark",
		[]string{"stadtteiltreff-lindenpark", "familienzentrum-lindenpark", "jugendclub-treibhaus", "kita-pusteblume", "lwb",
			"mieterbeirat-lindenpark", "iss-fritz-reuter"},
		"Stadtteilfest auf der Lindenwiese mit Bühnenprogramm und Infoständen."},
	{"schulfest-gs-am-lindenpark-2025", "Interkulturelles Schulfest der Grundschule am Lindenpark", domain.EventFestival, "2025-07-04",
		"gs-am-lindenpark", "lindenpark",
		[]string{"elternverein-koepru", "kulturverein-al-nur", "ukrainischer-treffpunkt", "islamische-gemeinde-lindenpark"},
		"Schulfest mit Speisen, Musik und Lesungen in den Herkunftssprachen der Familien."},
	{"fachtag-kinderarmut-2024", "Fachtag Kinderarmut in Mitte", domain.EventWorkshop, "2024-03-20", "jugendamt-mitte", "mitte",
		[]string{"qm-bahnhofsviertel", "gs-erich-kaestner", "familienzentrum-gleis3", "caritas", "nachbarschaftshaus-bahnhofsviertel",
			"schiller-grundschule", "familienbuero-schillerviertel", "gesundheitsamt-mitte", "jobcenter-mitte"},
		"Fachtag zu den Ergebnissen des MSS 2023 und zur Präventionskette."},
	{"werkstatt-sprachcafes-2023", "Werkstatt Sprachcafés", domain.EventWorkshop, "2023-11-08", "bibliothek-schillerviertel", "schillerviertel",
		[]string{"cafe-babel", "willkommensbuendnis-schillerviertel", "buero-integration", "freiwilligenagentur"},
		"Austausch der Sprachcafés: Termine abstimmen, Ehrenamtliche schulen."},
	{"integrationskonferenz-2025", "Integrationskonferenz Lindenbrück 2025", domain.EventOther, "2025-11-19", "buero-integration", "lindenbrueck",
		[]string{"sankofa", "verein-most", "kulturverein-jasmin", "verein-hoa-sen", "cafe-babel", "caritas", "heide-hilft",
			"freundeskreis-asyl-ziegelei", "willkommensbuendnis-schillerviertel"},
		"Jährliche Konferenz des Migrationsbeirats mit Migrantenorganisationen und Initiativen."},
	{"seniorenforum-2026", "Seniorenforum Lindenbrück 2026", domain.EventOther, "2026-04-22", "awo", "lindenbrueck",
		[]string{"begegnungsstaette-kastanienhoehe", "nachbarschaftshilfe-kastanienhoehe", "seniorenzentrum-sonnenhang",
			"seniorenvertretung-sued", "ev-feldmark", "freiwilligenagentur", "wohnhilfe-nord"},
		"Forum zu Einsamkeit im Alter und Orten der Begegnung in allen Quartieren."},
	{"stadtteilfest-eschenried-2025", "Stadtteilfest Eschenried 2025", domain.EventFestival, "2025-09-06", "stadtteilzentrum-eschenried", "eschenried",
		[]string{"gs-eschenried", "familienzentrum-eschenried", "jugendclub-funkloch", "verein-hoa-sen", "mieterbeirat-eschenried", "lwb"},
		"Stadtteilfest am Eschenring."},
	{"kiezfest-bahnhofsviertel-2026", "Kiezfest Bahnhofsviertel 2026", domain.EventFestival, "2026-08-29", "qm-bahnhofsviertel", "bahnhofsviertel",
		[]string{"nachbarschaftshaus-bahnhofsviertel", "st-petri", "jugendzentrum-weiche", "sankofa", "cafe-kiezkueche",
			"haendlergemeinschaft-bahnhofstrasse", "familienzentrum-gleis3"},
		"Kiezfest in der Gleisstraße."},
	{"uferputz-2026", "Uferputz Uferstadt 2026", domain.EventOther, "2026-04-11", "gruenes-ufer", "uferstadt",
		[]string{"stadtteilladen-uferstadt", "ruderclub", "gs-am-ufer", "eintracht"},
		"Gemeinsamer Frühjahrsputz am Wisseufer."},
}

var germanMonths = []string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}

// memberFrom is the day a member joined.
func (n networkSpec) memberFrom(m memberSpec) string {
	if m.from == "" {
		return n.from
	}
	return m.from
}

// buildNetworks adds the networks and their memberships; a membership
// ends with its actor.
func (b *builder) buildNetworks() {
	for _, n := range networkTable {
		netID := id("net", n.slug)
		// Round tables and district conferences are public; working
		// groups and the like work internally.
		public := n.kind == domain.NetworkRoundTable || n.kind == domain.NetworkDistrictConference
		nw := domain.Network{ID: netID, Name: n.name, Kind: n.kind, Description: ptr(n.desc), Public: public, Span: span(n.from, "")}
		for _, w := range n.where {
			nw.NeighbourhoodIDs = append(nw.NeighbourhoodIDs, id("nbh", w))
		}
		b.ds.Networks = append(b.ds.Networks, nw)
		for _, m := range n.members {
			a := b.actor(id("act", m.actor))
			sp := span(n.memberFrom(m), m.to)
			if a.ValidTo != nil && (sp.ValidTo == nil || a.ValidTo.Before(*sp.ValidTo)) {
				sp.ValidTo = ptr(*a.ValidTo)
			}
			b.ds.Memberships = append(b.ds.Memberships, domain.Membership{
				ID: id("mem", n.slug, m.actor), ActorID: a.ID, NetworkID: netID, Role: strptr(m.role), Span: sp,
			})
		}
	}
}

// buildEvents adds the networks' meetings and the other events. A meeting
// gathers three quarters of the members valid that day, up to fifteen,
// and is organised by the coordinating member; without it only a third
// come, and the next member valid that day organises.
func (b *builder) buildEvents() {
	for _, n := range networkTable {
		netID := id("net", n.slug)
		i := 0
		for year := n.firstYear; year <= refDay.Year(); year++ {
			for _, md := range n.meetings {
				d := *date(fmt.Sprintf("%d-%s", year, md))
				if d.Before(*date(n.from)) || d.After(refDay) {
					continue
				}
				var present []string
				for _, m := range b.ds.Memberships {
					if m.NetworkID == netID && m.ValidOn(d) && b.actor(m.ActorID).ValidOn(d) {
						present = append(present, m.ActorID)
					}
				}
				if len(present) < 3 {
					continue
				}
				turnout := 0.75
				if present[0] != id("act", n.members[0].actor) {
					turnout = 0.35
				}
				k := min(15, max(3, int(math.Round(turnout*float64(len(present))))))
				participants := []string{present[0]}
				for _, j := range b.rng.Perm(len(present) - 1)[:k-1] {
					participants = append(participants, present[j+1])
				}
				b.ds.Events = append(b.ds.Events, domain.Event{
					ID:   id("evt", n.slug, d.Format(time.DateOnly)),
					Name: fmt.Sprintf("%s – %s %d", n.name, germanMonths[d.Month()-1], d.Year()),
					Kind: n.eventKind, Date: d, Description: ptr("Schwerpunkt: " + n.agenda[i%len(n.agenda)] + "."),
					OrganiserID: ptr(participants[0]), NeighbourhoodID: ptr(id("nbh", n.where[0])), NetworkID: ptr(netID),
					ParticipantIDs: participants,
				})
				i++
			}
		}
	}
	for _, e := range otherEvents {
		organiser := id("act", e.organiser)
		participants := []string{organiser}
		for _, p := range e.participants {
			participants = append(participants, id("act", p))
		}
		b.ds.Events = append(b.ds.Events, domain.Event{
			ID: id("evt", e.slug), Name: e.name, Kind: e.kind, Date: *date(e.date), Description: ptr(e.desc),
			OrganiserID: &organiser, NeighbourhoodID: ptr(id("nbh", e.where)), ParticipantIDs: participants,
		})
	}
	slices.SortStableFunc(b.ds.Events, func(x, y domain.Event) int { return x.Date.Compare(y.Date) })
}
