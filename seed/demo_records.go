package seed

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Records to confirm in Lindenpark: the backlog a coordinator of Nord
// finds in staleRecords. stampMeta confirms every other record on or
// after 15 January 2023, so with confirmedBefore 2023-01-15 the list of
// Lindenpark holds exactly these (hand-worked in the server's tests).
const (
	// BacklogBefore is the cut-off under which only the planted backlog
	// is stale.
	BacklogBefore = "2023-01-15"
	// BacklogActorID is the tenants' council, entered by hand and never
	// confirmed.
	BacklogActorID = "act_mieterbeirat-lindenpark"
	// BacklogCooperationID is shared rooms of two migrant communities,
	// never confirmed.
	BacklogCooperationID = "coo_elternverein-koepru--islamische-gemeinde-lindenpark--shared-rooms"
	// BacklogMembershipID is the family centre in the AG 78 of Nord,
	// last confirmed 2021-05-03.
	BacklogMembershipID = "mem_ag78-nord--familienzentrum-lindenpark"
	// BacklogServiceID is the family centre's parent-child group, last
	// confirmed 2022-09-14.
	BacklogServiceID = "svc_familienzentrum-lindenpark--eltern-kind-gruppe"
	// BacklogRoleActorID and BacklogRoleTitle name the family centre's
	// head, whose role was last confirmed 2022-11-02 (role ids are keyed).
	BacklogRoleActorID = "act_familienzentrum-lindenpark"
	BacklogRoleTitle   = "Leiterin"
	// BacklogForeignMembershipID is the housing company's seat at the
	// Kiezrunde Bahnhofsviertel (Mitte), last confirmed 2022-01-10: in
	// Lindenpark's list, since the company works there, but a
	// coordinator of Nord may not change it.
	BacklogForeignMembershipID = "mem_kiezrunde-bahnhofsviertel--lwb"
	// BacklogEndedServiceID is the seniors' club's meeting, ended
	// 2023-03-31 and last confirmed 2022-06-30.
	BacklogEndedServiceID = "svc_seniorenclub-lindenpark--seniorentreff"
	// BacklogMitteServiceID is a service in Mitte, last confirmed
	// 2021-02-01: outside Lindenpark.
	BacklogMitteServiceID = "svc_bibliothek-schillerviertel--lesefoerderung"
)

// NeverConfirmedIDs are the demo's records nobody ever confirmed.
var NeverConfirmedIDs = []string{BacklogActorID, BacklogCooperationID}

// buildRecords plants the confirmation backlog (after stampMeta, whose
// days it overrides) and the contact points.
func (b *builder) buildRecords() {
	defer b.buildContactPoints()
	ds := b.ds
	confirm := map[string]*time.Time{
		BacklogActorID: nil, BacklogCooperationID: nil,
		BacklogMembershipID: date("2021-05-03"), BacklogServiceID: date("2022-09-14"),
		BacklogForeignMembershipID: date("2022-01-10"), BacklogEndedServiceID: date("2022-06-30"),
		BacklogMitteServiceID: date("2021-02-01"),
	}
	set := func(id string, m *domain.Meta) {
		if d, ok := confirm[id]; ok {
			m.LastConfirmed = d
			delete(confirm, id)
		}
	}
	for i := range ds.Actors {
		set(ds.Actors[i].ID, &ds.Actors[i].Meta)
	}
	for i := range ds.Services {
		set(ds.Services[i].ID, &ds.Services[i].Meta)
	}
	for i := range ds.Cooperations {
		set(ds.Cooperations[i].ID, &ds.Cooperations[i].Meta)
	}
	for i := range ds.Memberships {
		set(ds.Memberships[i].ID, &ds.Memberships[i].Meta)
	}
	role := false
	for i, r := range ds.Roles {
		if r.ActorID == BacklogRoleActorID && r.Title == BacklogRoleTitle {
			ds.Roles[i].LastConfirmed, role = date("2022-11-02"), true
		}
	}
	if len(confirm) > 0 || !role {
		panic(fmt.Sprintf("seed: backlog records missing: %v (role: %v)", confirm, role))
	}
}

// contactTemplate is the contact point an actor of a kind typically
// publishes: the function, when it answers, and in which languages.
type contactTemplate struct {
	function  string
	hours     []domain.OpeningHours
	languages []string
}

func hours(opens, closes string, days ...domain.Weekday) domain.OpeningHours {
	return domain.OpeningHours{Days: days, Opens: opens, Closes: closes}
}

var (
	weekdays = []domain.Weekday{domain.Monday, domain.Tuesday, domain.Wednesday, domain.Thursday, domain.Friday}
	// contactByKind: offices, schools, family and neighbourhood centres,
	// counselling services, quarter managements and migrant
	// organisations publish a number and hours; small initiatives, clubs,
	// businesses and residents' groups mostly do not.
	contactByKind = map[domain.ActorKind]contactTemplate{
		domain.KindYouthOffice: {"Servicecenter Jugendamt", []domain.OpeningHours{hours("08:00", "12:00", weekdays...),
			hours("14:00", "18:00", domain.Tuesday, domain.Thursday)}, []string{"de", "en"}},
		domain.KindJobCentre:     {"Servicecenter", []domain.OpeningHours{hours("08:00", "12:30", weekdays...)}, []string{"de", "en", "ar", "uk"}},
		domain.KindHealthOffice:  {"Kinder- und Jugendgesundheitsdienst", []domain.OpeningHours{hours("09:00", "12:00", domain.Monday, domain.Wednesday, domain.Friday)}, []string{"de"}},
		domain.KindSocialService: {"Bürgertelefon", []domain.OpeningHours{hours("09:00", "15:00", weekdays...)}, []string{"de", "en"}},
		domain.KindSchool:        {"Sekretariat", []domain.OpeningHours{hours("07:30", "13:00", weekdays...)}, []string{"de"}},
		domain.KindFamilyCentre: {"Anmeldung und Beratung", []domain.OpeningHours{hours("09:00", "16:00", domain.Monday, domain.Tuesday, domain.Wednesday, domain.Thursday)},
			[]string{"de", "tr", "ar"}},
		domain.KindNeighbourhoodCentre: {"Büro", []domain.OpeningHours{hours("10:00", "18:00", domain.Tuesday, domain.Wednesday, domain.Thursday)}, []string{"de"}},
		domain.KindCounselling: {"Beratungstelefon", []domain.OpeningHours{hours("10:00", "13:00", domain.Monday, domain.Wednesday),
			hours("15:00", "18:00", domain.Thursday)}, []string{"de", "en", "ru"}},
		domain.KindQuarterManagement: {"Quartiersbüro", []domain.OpeningHours{hours("10:00", "17:00", domain.Tuesday, domain.Wednesday, domain.Thursday)},
			[]string{"de", "tr", "ar"}},
		domain.KindMigrantOrganisation: {"Beratung und Treffpunkt", []domain.OpeningHours{hours("16:00", "19:00", domain.Tuesday, domain.Friday)}, []string{"de"}},
		domain.KindFoodBank:            {"Ausgabestelle", []domain.OpeningHours{hours("14:00", "17:00", domain.Wednesday, domain.Saturday)}, []string{"de"}},
	}
	// migrantLanguages are the languages a migrant organisation speaks
	// besides German, by a word of its slug.
	migrantLanguages = map[string][]string{"al-nur": {"ar"}, "koepru": {"tr"}, "ukrain": {"uk", "ru"}, "arab": {"ar"}, "tuerk": {"tr"},
		"vietnam": {"vi"}, "polni": {"pl"}, "kurd": {"ku"}, "afghan": {"fa", "ps"}, "syr": {"ar"}}
	// leaderTitles are the role titles of those who answer for an actor.
	leaderTitles = []string{"Quartiersmanagerin", "Quartiersmanager", "Leiterin", "Leiter", "Einrichtungsleiter", "Einrichtungsleiterin"}
)

// QMContactActorID is the quarter management whose contact point names
// its quarter manager (a person, so hidden from the public).
const QMContactActorID = "act_qm-lindenpark"

// buildContactPoints gives actors of the kinds that publish one a
// contact point (function, a fictional Leipzig-style number, a
// function's e-mail under .example, hours, languages), names the leader
// of a quarter management or family centre as the one who answers, and
// gives counselling services and the services of providers with a
// named leader a responsible role and an advice line of their own.
func (b *builder) buildContactPoints() {
	ds := b.ds
	leader := map[string]string{} // actor id → role id of its current leader
	for _, r := range ds.Roles {
		if r.ValidTo == nil && slices.Contains(leaderTitles, r.Title) {
			if _, ok := leader[r.ActorID]; !ok {
				leader[r.ActorID] = r.ID
			}
		}
	}
	n := 0
	phone := func() *string { n++; return ptr(fmt.Sprintf("+49341555%04d", n)) }
	for i := range ds.Actors {
		a := &ds.Actors[i]
		t, ok := contactByKind[a.Kind]
		if !ok || a.ValidTo != nil {
			continue
		}
		slug := strings.TrimPrefix(a.ID, "act_")
		langs := slices.Clone(t.languages)
		if a.Kind == domain.KindMigrantOrganisation {
			for word, ls := range migrantLanguages {
				if strings.Contains(slug, word) {
					langs = append(langs, ls...)
				}
			}
			slices.Sort(langs[1:])
			langs = slices.Compact(langs)
		}
		cp := domain.ContactPoint{ID: "cp_" + slug, Function: t.function, Phone: phone(),
			Email: ptr("kontakt@" + slug + ".lindenbrueck.example"), OpeningHours: slices.Clone(t.hours), Languages: langs}
		if a.Kind == domain.KindQuarterManagement || a.Kind == domain.KindFamilyCentre {
			if r, ok := leader[a.ID]; ok {
				cp.RoleID = ptr(r)
			}
		}
		a.ContactPoints = []domain.ContactPoint{cp}
	}
	for i := range ds.Services {
		s := &ds.Services[i]
		if s.ValidTo != nil {
			continue
		}
		if r, ok := leader[s.ProviderID]; ok {
			s.ResponsibleRoleID = ptr(r)
		}
		if p := b.actor(s.ProviderID); p.Kind == domain.KindCounselling || strings.Contains(s.ID, "beratung") {
			slug := strings.TrimPrefix(s.ID, "svc_")
			s.ContactPoints = []domain.ContactPoint{{ID: "cp_" + slug, Function: "Terminvereinbarung", Phone: phone(),
				OpeningHours: []domain.OpeningHours{hours("09:00", "12:00", domain.Monday, domain.Tuesday, domain.Thursday)},
				Languages:    []string{"de"}}}
		}
	}
}
