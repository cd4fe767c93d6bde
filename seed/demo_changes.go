package seed

import (
	"strings"
	"sync"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Ids of finding 6, what is about to change (see buildChanges).
const (
	// ClosingFamilyCentreID is the family centre whose closure would open
	// a gap (single parents' employment in Lindenpark) and cut off the
	// parents' group and the family mentors.
	ClosingFamilyCentreID = "act_familienzentrum-lindenpark"
	// ClosureGapNeedID is the need only ClosingFamilyCentreID's service
	// covers.
	ClosureGapNeedID = "ned_lindenpark--single-parents--employment"
	// ParentsGroupID is the parents' group that meets in the family
	// centre and is linked to no one else but the mentors.
	ParentsGroupID = "act_elterngruppe-lindenpark"
	// FamilyMentorsID is the family mentoring initiative (not public)
	// linked only to the family centre and the parents' group.
	FamilyMentorsID = "act_familienpaten-lindenpark"
	// EndingServiceID is the mentors' single parents' meeting, funded
	// from the quarter fund until EndingServiceDay.
	EndingServiceID = "svc_familienpaten-lindenpark--alleinerziehenden-treff"
	// EndingServiceDay is the last day of EndingServiceID in the demo's
	// tables; seeded after ReferenceDay it moves (see MovedEnd).
	EndingServiceDay = "2027-01-31"
	// EndingMembershipID is the parents' group's guest seat in the AG 78
	// Nord, which ends on EndingMembershipDay with the project term.
	EndingMembershipID = "mem_ag78-nord--elterngruppe-lindenpark"
	// EndingMembershipDay is the last day of EndingMembershipID in the
	// demo's tables; seeded after ReferenceDay it moves (see MovedEnd).
	EndingMembershipDay = "2027-02-15"
	// ChangesStartDay is the day the parents' group and its link to the
	// family centre began.
	ChangesStartDay = "2026-03-01"
)

// buildChanges adds finding 6, what is about to change, to the demo:
//
//   - Familienzentrum Lindenpark hosts a parents' group (since
//     ChangesStartDay) and family mentors; the two are linked to each
//     other and, of everyone else, only to the family centre. Closing the
//     family centre cuts both off, and opens the gap ClosureGapNeedID,
//     which only its employment counselling for single parents covers.
//   - Within 90 days of ReferenceDay end: the fundings the rules give an
//     end on 2026-12-31 (the LWB's and the quarter management's), the
//     mentors' single parents' meeting (EndingServiceDay) and the parents'
//     group's guest seat in the AG 78 Nord (EndingMembershipDay).
//
// It runs last and draws nothing from the random source, so that every
// record built before it, and every test about them, stays as it was.
func (b *builder) buildChanges() {
	fc := b.actor(ClosingFamilyCentreID)
	parents := domain.Actor{ID: ParentsGroupID, Name: "Elterngruppe Lindenpark", Kind: domain.KindResidentsGroup,
		Sector: domain.SectorCivilSociety, Public: true, Span: span(ChangesStartDay, ""),
		Description:      ptr("Eltern aus dem Lindenpark treffen sich wöchentlich im Familienzentrum und vertreten Elterninteressen im Quartier."),
		Keywords:         []string{"Elterngruppe", "Elternbeteiligung"},
		Contact:          domain.Contact{Email: ptr("info@elterngruppe-lindenpark.lindenbrueck.example"), Address: fc.Contact.Address},
		NeighbourhoodIDs: []string{BrokerQuarterID}}
	mentors := domain.Actor{ID: FamilyMentorsID, Name: "Familienpatenschaften Lindenpark", Kind: domain.KindInitiative,
		Sector: domain.SectorCivilSociety, Span: span("2025-04-01", ""),
		Description:      ptr("Ehrenamtliche Patinnen und Paten begleiten Familien und Alleinerziehende im Lindenpark."),
		Keywords:         []string{"Familienpaten", "Ehrenamt"},
		Contact:          domain.Contact{Email: ptr("info@familienpaten-lindenpark.lindenbrueck.example"), Address: fc.Contact.Address},
		NeighbourhoodIDs: []string{BrokerQuarterID}}
	for _, a := range []domain.Actor{parents, mentors} {
		b.actors[a.ID] = len(b.ds.Actors)
		b.ds.Actors = append(b.ds.Actors, a)
	}
	for _, c := range []coop{
		{from: ClosingFamilyCentreID, to: ParentsGroupID, kind: domain.CoopSharedRooms, strength: 0.7,
			span: span(ChangesStartDay, ""), desc: "Wöchentliches Elterntreffen in den Räumen des Familienzentrums"},
		{from: ClosingFamilyCentreID, to: FamilyMentorsID, kind: domain.CoopReferral, strength: 0.6,
			span: span("2025-04-01", ""), desc: "Vermittlung von Familien an Patinnen und Paten"},
		{from: FamilyMentorsID, to: ParentsGroupID, kind: domain.CoopInformationExchange, strength: 0.4,
			span: span("2026-05-01", ""), desc: "Austausch über Unterstützungsbedarfe von Familien"},
	} {
		if !b.link(c) {
			panic("seed: designed cooperation refused: " + c.from + " → " + c.to)
		}
	}
	b.ds.Services = append(b.ds.Services, domain.Service{
		ID: EndingServiceID, Name: "Alleinerziehenden-Treff Lindenpark", ProviderID: FamilyMentorsID,
		Description:    ptr("Offener Treff für Alleinerziehende mit Kinderbetreuung; aus dem Quartiersfonds gefördert, befristet."),
		Keywords:       []string{"Alleinerziehende", "Treff"},
		TargetGroupIDs: []string{id("tg", "single-parents")}, TopicIDs: []string{id("top", "neighbourhood")},
		NeighbourhoodIDs: []string{BrokerQuarterID}, Span: span("2025-09-01", EndingServiceDay)})
	b.ds.Memberships = append(b.ds.Memberships, domain.Membership{ID: EndingMembershipID, ActorID: ParentsGroupID,
		NetworkID: id("net", "ag78-nord"), Role: ptr("Gast"), Span: span(ChangesStartDay, EndingMembershipDay)})

	// All three meet in the family centre: they take its location.
	for _, l := range b.ds.Locations {
		if l.OwnerID != ClosingFamilyCentreID {
			continue
		}
		for _, owner := range []string{ParentsGroupID, FamilyMentorsID, EndingServiceID} {
			_, slug, _ := strings.Cut(owner, "_")
			c := l
			c.ID, c.OwnerID = "loc_"+slug, owner
			b.ds.Locations = append(b.ds.Locations, c)
		}
		break
	}

	confirmed := day(2026, 10, 1)
	stamp := func(recID string, m *domain.Meta) {
		prefix, slug, _ := strings.Cut(recID, "_")
		m.ExternalKey, m.Source, m.LastConfirmed = ptr("demo:"+prefix+":"+slug), ptr("Demo city survey 2026"), ptr(confirmed)
	}
	for _, i := range []int{len(b.ds.Actors) - 2, len(b.ds.Actors) - 1} {
		stamp(b.ds.Actors[i].ID, &b.ds.Actors[i].Meta)
	}
	for i := len(b.ds.Cooperations) - 3; i < len(b.ds.Cooperations); i++ {
		stamp(b.ds.Cooperations[i].ID, &b.ds.Cooperations[i].Meta)
	}
	stamp(EndingServiceID, &b.ds.Services[len(b.ds.Services)-1].Meta)
	stamp(EndingMembershipID, &b.ds.Memberships[len(b.ds.Memberships)-1].Meta)
}

// Today is the day the demo is seeded on: the day, in UTC, on which this
// process first asked (so that every Demo of one process, the one loaded
// and the one a test compares with, is the same across midnight).
var Today = sync.OnceValue(func() time.Time {
	y, m, d := time.Now().UTC().Date()
	return day(y, m, d)
})

// EndShift is the number of days the demo's endings move when it is
// seeded on today: the days from ReferenceDay to today, none before.
func EndShift(today time.Time) int {
	ref, _ := time.Parse(time.DateOnly, ReferenceDay)
	return max(0, int(today.Sub(ref).Hours()/24))
}

// MovedEnd returns the day a record that ends on end (YYYY-MM-DD, as
// the demo's tables and this package's constants give it) ends in the
// demo seeded on today (see moveEndings): end itself before
// ReferenceDay, EndShift days later from it on.
func MovedEnd(end string, today time.Time) string {
	d, err := time.Parse(time.DateOnly, end)
	if err != nil {
		panic("seed: MovedEnd of " + end + ": " + err.Error())
	}
	ref, _ := time.Parse(time.DateOnly, ReferenceDay)
	if d.Before(ref) {
		return end
	}
	return d.AddDate(0, 0, EndShift(today)).Format(time.DateOnly)
}

// moveEndings moves every ending on or after ReferenceDay (of actors,
// roles, services, needs, cooperations, networks and memberships) by
// EndShift(today) days, so that what is about to end stays about to end
// as time passes: ending(within: P90D) on the day the demo is seeded
// finds what it found on ReferenceDay (the fundings of finding 6, the
// mentors' meeting, the guest seat), each as many days ahead. Everything
// valid on ReferenceDay or before stays valid as it was, and what ended
// before it keeps its day, so every finding worked out for ReferenceDay
// still holds; starts do not move. It draws nothing from the random
// source.
func (b *builder) moveEndings(today time.Time) {
	shift := EndShift(today)
	if shift == 0 {
		return
	}
	ref, _ := time.Parse(time.DateOnly, ReferenceDay)
	move := func(sp *domain.Span) {
		if sp.ValidTo != nil && !sp.ValidTo.Before(ref) {
			sp.ValidTo = ptr(sp.ValidTo.AddDate(0, 0, shift))
		}
	}
	ds := b.ds
	for i := range ds.Actors {
		move(&ds.Actors[i].Span)
	}
	for i := range ds.Roles {
		move(&ds.Roles[i].Span)
	}
	for i := range ds.Services {
		move(&ds.Services[i].Span)
	}
	for i := range ds.Needs {
		move(&ds.Needs[i].Span)
	}
	for i := range ds.Cooperations {
		move(&ds.Cooperations[i].Span)
	}
	for i := range ds.Networks {
		move(&ds.Networks[i].Span)
	}
	for i := range ds.Memberships {
		move(&ds.Memberships[i].Span)
	}
}
