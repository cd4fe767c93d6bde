package seed

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Reference days of the demo city, as GraphQL Date strings. The findings
// below hold on ReferenceDay; StaleBefore is the cut-off of the stale-records
// list the demo is tuned for.
const (
	// ReferenceDay is "today" for the demo: every finding holds on it.
	ReferenceDay = "2026-11-25"
	// StaleBefore is the day before which a record counts as stale: about
	// one record in eight was last confirmed before it.
	StaleBefore = "2025-11-01"
	// KeyActorCentralDay is a day on which the lost key actor was still
	// at the centre of its network.
	KeyActorCentralDay = "2024-06-01"
	// FundingEndedDay is the last day of the lost key actor's funding: its
	// span, cooperations, memberships, roles and services end on it.
	FundingEndedDay = "2024-12-31"
)

// Ids of the places and built-in findings of the demo city.
const (
	// CityID is Lindenbrück, the demo city.
	CityID = "nbh_lindenbrueck"

	// BrokerSchoolID is the primary school that is the only bridge between
	// the youth office and the migrant organisations of its quarter.
	BrokerSchoolID = "act_gs-am-lindenpark"
	// BrokerQuarterID is the broker school's quarter (quarter management area).
	BrokerQuarterID = "nbh_lindenpark"
	// BrokerYouthOfficeID is the district youth office the broker connects.
	BrokerYouthOfficeID = "act_jugendamt-nord"
	// MigrantOrgKoepruID is a migrant organisation reachable only via the broker.
	MigrantOrgKoepruID = "act_elternverein-koepru"
	// MigrantOrgAlNurID is a migrant organisation reachable only via the broker.
	MigrantOrgAlNurID = "act_kulturverein-al-nur"
	// MigrantOrgUkraineID is a migrant organisation reachable only via the broker.
	MigrantOrgUkraineID = "act_ukrainischer-treffpunkt"

	// OverlapQuarterID is the quarter with three uncoordinated homework-help offers.
	OverlapQuarterID = "nbh_bahnhofsviertel"
	// OverlapServiceAID is the neighbourhood house's homework help.
	OverlapServiceAID = "svc_nachbarschaftshaus-bahnhofsviertel--hausaufgabenhilfe"
	// OverlapServiceBID is the parish's Schülerhilfe.
	OverlapServiceBID = "svc_st-petri--schuelerhilfe"
	// OverlapServiceCID is the learning mentors' homework club.
	OverlapServiceCID = "svc_lernpaten-bahnhofsviertel--lernclub"
	// CoordinatedOverlapQuarterID is the quarter of the coordinated contrast.
	CoordinatedOverlapQuarterID = "nbh_schillerviertel"
	// CoordinatedOverlapServiceAID is a language café whose provider
	// cooperates with CoordinatedOverlapServiceBID's.
	CoordinatedOverlapServiceAID = "svc_cafe-babel--sprachcafe"
	// CoordinatedOverlapServiceBID is the library's language café.
	CoordinatedOverlapServiceBID = "svc_bibliothek-schillerviertel--sprachcafe-bibliothek"

	// SeniorGapNeedID is the HIGH need of seniors for neighbourhood life in
	// the quarter management area Lindenpark, which no service reaches.
	SeniorGapNeedID = "ned_lindenpark--seniors-65--neighbourhood"
	// SeniorGapQuarterID is the quarter of the senior gap.
	SeniorGapQuarterID = "nbh_lindenpark"
	// SeniorProviderID offers the missing senior service two quarters away
	// and could extend to Lindenpark.
	SeniorProviderID = "act_begegnungsstaette-kastanienhoehe"
	// SeniorProviderServiceID is SeniorProviderID's senior service.
	SeniorProviderServiceID = "svc_begegnungsstaette-kastanienhoehe--seniorenbegegnung"

	// GrowingNetworkID is the round table that grew from 2016 to 2025.
	GrowingNetworkID = "net_kiezrunde-bahnhofsviertel"
	// ShrunkNetworkID is the prevention chain that lost its coordinator.
	ShrunkNetworkID = "net_praeventionskette-nord"
	// LostKeyActorID is the coordination office whose funding ended on
	// FundingEndedDay.
	LostKeyActorID = "act_koordinierung-praeventionskette"

	// GapYoungAdultsHousingID is the need of young adults for housing in
	// Bahnhofsviertel that no service covers.
	GapYoungAdultsHousingID = "ned_bahnhofsviertel--young-adults-18-26--housing"
	// GapSingleParentsEmploymentID is the need of single parents for
	// employment in Hafenviertel that no service covers since 2024.
	GapSingleParentsEmploymentID = "ned_hafenviertel--single-parents--employment"
	// GapChildrenLanguageID is the need of young children for language
	// support in Ziegelei that no service covers.
	GapChildrenLanguageID = "ned_ziegelei--children-0-5--language"
	// GapRefugeesLanguageID is the need of refugees for language offers in
	// Neue Heide; a language café opens there on 2027-01-01.
	GapRefugeesLanguageID = "ned_neue-heide--refugees--language"
	// GapMigrationLanguageID is the need of people with a migration history
	// for language offers in Eschenried that no service covers.
	GapMigrationLanguageID = "ned_eschenried--migration-history--language"
)

// Demo returns the demo city Lindenbrück: a fictional mid-sized German
// city of about 150,000 residents in four districts (Nord, Mitte, Süd, Ost)
// with eighteen quarters, official keys in the style of Berlin's LOR
// (city "11", district "1101", quarter "110101") and socio-spatial
// monitoring indicators (MSS 2023, and MSS 2021 for the dynamic).
// Lindenpark (Nord) and Bahnhofsviertel (Mitte) are quarter management
// areas with low status and negative dynamic; the others are better off.
//
// About 170 actors of all sectors and kinds cluster by quarter: district
// institutions (youth office, job centre, health office, social housing
// aid, police prevention, social-space coordination) work district-wide
// and are linked to many; welfare associations bridge several quarters;
// small initiatives have one or two links. People are fictional
// professionals and volunteers in their roles. Services answer most needs;
// the needs are read from the indicators by fixed thresholds.
//
// The dataset is the same on every call. It holds these findings, true on
// ReferenceDay, which the tests verify:
//
//  1. Broker: the primary school BrokerSchoolID is the only bridge between
//     the youth office BrokerYouthOfficeID and the migrant organisations
//     of Lindenpark (MigrantOrgKoepruID, MigrantOrgAlNurID,
//     MigrantOrgUkraineID and a mosque community); it is an articulation
//     point of the cooperation network valid on ReferenceDay. Until 2023
//     the quarter management's integration guides were a second bridge.
//  2. Uncoordinated overlap: three homework-help offers for children 6–13
//     on education in Bahnhofsviertel (OverlapServiceAID, B and C) whose
//     providers have never cooperated, although all three sit in the
//     Kiezrunde. For contrast, two language cafés in Schillerviertel
//     (CoordinatedOverlapServiceAID and B) run by cooperating providers.
//     Every other overlap of two offers in a quarter is coordinated.
//  3. Senior gap: seniors in Lindenpark have a HIGH need for neighbourhood
//     life (SeniorGapNeedID) since the seniors' club closed in 2023; no
//     service valid on ReferenceDay reaches the quarter, its district or
//     the city for that target group and topic. The senior meeting place
//     SeniorProviderID in Kastanienhöhe, two quarters away in the same
//     district, offers exactly that (SeniorProviderServiceID) and could
//     extend.
//  4. Network change: the Kiezrunde Bahnhofsviertel (GrowingNetworkID)
//     grew from five members in 2016 to over twenty in 2025, its members'
//     cooperations starting as they joined. The prevention chain Nord
//     (ShrunkNetworkID) lost its coordination office LostKeyActorID when
//     the funding ended on FundingEndedDay: on KeyActorCentralDay it is
//     the best-connected member, today it and all its links are gone.
//  5. Gaps: besides the senior gap, five more needs lack any valid
//     service: GapYoungAdultsHousingID, GapSingleParentsEmploymentID,
//     GapChildrenLanguageID, GapRefugeesLanguageID (a language café opens
//     on 2027-01-01) and GapMigrationLanguageID. Every other need is
//     covered.
//  6. What is about to change (buildChanges): the family centre
//     ClosingFamilyCentreID alone links a parents' group and family
//     mentors to the rest of the network and alone covers
//     ClosureGapNeedID, so its closure opens a gap and cuts the two off;
//     within 90 days of ReferenceDay six fundings end (2026-12-31), and
//     so do EndingServiceID and EndingMembershipID. Seeded on a later
//     day (Today), every ending from ReferenceDay on moves as many days
//     later (moveEndings), so that within 90 days of the seeding day the
//     same records end, as far ahead as they did of ReferenceDay.
//
// About one record in eight was last confirmed before StaleBefore.
func Demo() *domain.Dataset { return DemoKeyed(nil) }

// DemoKeyed is Demo with the ids of people and roles keyed with idKey
// (KIEZGRAPH_ID_KEY): HMAC-SHA256 instead of a hash anyone can compute
// from a guessed name slug. Loading the demo again with another key adds
// its people again under other ids, so keep the key. A nil key gives
// Demo's unkeyed ids, for tests.
func DemoKeyed(idKey []byte) *domain.Dataset { return demoOn(idKey, Today()) }

// demoOn is DemoKeyed seeded on the day today (see moveEndings).
func demoOn(idKey []byte, today time.Time) *domain.Dataset {
	b := &builder{
		idKey:    idKey,
		rng:      rand.New(rand.NewPCG(1, 2)),
		ds:       &domain.Dataset{},
		places:   map[string]int{},
		actors:   map[string]int{},
		coopKeys: map[coopKey]bool{},
		coopsOf:  map[[2]string][]int{},
	}
	b.buildVocabulary()
	b.buildPlaces()
	b.buildActors()
	b.buildPeople()
	b.buildServices()
	b.buildNeeds()
	b.answerNeeds()
	b.buildCooperations()
	b.coordinateOverlaps()
	b.buildNetworks()
	b.buildEvents()
	b.stampMeta()
	b.buildRecords()
	b.buildGeometry()
	b.buildChanges()
	b.moveEndings(today)
	return b.ds
}

// builder assembles the demo dataset. Records reference each other by id;
// the maps index the dataset's slices (never pointers into them, since
// the slices grow).
type builder struct {
	idKey    []byte // keys people's and roles' ids (see DemoKeyed)
	rng      *rand.Rand
	ds       *domain.Dataset
	places   map[string]int // neighbourhood id → index
	actors   map[string]int // actor id → index
	coopKeys map[coopKey]bool
	coopsOf  map[[2]string][]int  // unordered actor pair → cooperation indices
	since    map[string]time.Time // actor id → earliest start of its cooperations
	specs    []actorSpec          // the actor rows, in dataset order
}

// refDay is ReferenceDay as a time.
var refDay = day(2026, 11, 25)

var idPattern = regexp.MustCompile(`^[a-z]+_[a-z0-9-]+$`)

// id joins a type prefix and slug parts into a global id, e.g.
// id("svc", "st-petri", "schuelerhilfe") = "svc_st-petri--schuelerhilfe".
// A malformed id is a bug in the tables, so it panics.
func id(prefix string, parts ...string) string {
	s := prefix + "_"
	for i, p := range parts {
		if i > 0 {
			s += "--"
		}
		s += p
	}
	if !idPattern.MatchString(s) {
		panic(fmt.Sprintf("seed: malformed id %q", s))
	}
	return s
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// date parses a table date "2006-01-02"; "" is nil (an open end).
func date(s string) *time.Time {
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(fmt.Sprintf("seed: bad date %q", s))
	}
	return &t
}

func span(from, to string) domain.Span { return domain.Span{ValidFrom: date(from), ValidTo: date(to)} }

func ptr[T any](v T) *T { return &v }

// expand fills the placeholders of a table text: {provider} is an
// actor's name, {place} the name of its place.
func expand(s, provider, place string) string {
	return strings.NewReplacer("{provider}", provider, "{place}", place).Replace(s)
}

// strptr is ptr for optional table strings: "" is nil.
func strptr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// randomMonth returns the first day of a uniformly chosen month between
// lo and hi (lo itself when it is not the first of a month and no later
// month fits).
func (b *builder) randomMonth(lo, hi time.Time) time.Time {
	first := day(lo.Year(), lo.Month(), 1)
	if lo.Day() > 1 {
		first = first.AddDate(0, 1, 0)
	}
	n := (hi.Year()-first.Year())*12 + int(hi.Month()-first.Month())
	if n < 0 {
		return lo
	}
	return first.AddDate(0, b.rng.IntN(n+1), 0)
}

func later(a, c time.Time) time.Time {
	if c.After(a) {
		return c
	}
	return a
}
