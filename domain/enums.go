package domain

import (
	"fmt"
	"io"
	"slices"
	"strconv"
)

// Every enumeration is a string type whose values are the GraphQL enum
// values, so that the API, the store and import files spell them alike.
// MarshalGQL/UnmarshalGQL let gqlgen bind the GraphQL enums to these types.

// Level is a neighbourhood's place in the hierarchy city > district > quarter.
type Level string

// Levels of the neighbourhood hierarchy, from the top.
const (
	LevelCity     Level = "CITY"
	LevelDistrict Level = "DISTRICT"
	LevelQuarter  Level = "QUARTER"
	// LevelArea is a sub-quarter area (e.g. a planning area) for cities
	// that monitor below quarter level.
	LevelArea Level = "AREA"
)

// Levels lists the levels from the top down.
var Levels = []Level{LevelCity, LevelDistrict, LevelQuarter, LevelArea}

// Depth is 0 for a city, 1 for a district and so on.
func (l Level) Depth() int { return slices.Index(Levels, l) }

// Sector is the societal sector of an actor.
type Sector string

// Sectors.
const (
	SectorPublic       Sector = "PUBLIC"
	SectorNonProfit    Sector = "NON_PROFIT"
	SectorPrivate      Sector = "PRIVATE"
	SectorCivilSociety Sector = "CIVIL_SOCIETY"
)

// Sectors lists every Sector.
var Sectors = []Sector{SectorPublic, SectorNonProfit, SectorPrivate, SectorCivilSociety}

// ActorKind says what an actor is. Some kinds are institutions (see
// IsInstitution); the rest are organisations, initiatives and groups.
type ActorKind string

// Organisation kinds.
const (
	KindAssociation         ActorKind = "ASSOCIATION"
	KindInitiative          ActorKind = "INITIATIVE"
	KindWelfareAssociation  ActorKind = "WELFARE_ASSOCIATION"
	KindFamilyCentre        ActorKind = "FAMILY_CENTRE"
	KindNeighbourhoodCentre ActorKind = "NEIGHBOURHOOD_CENTRE"
	KindYouthClub           ActorKind = "YOUTH_CLUB"
	KindCounselling         ActorKind = "COUNSELLING_SERVICE"
	KindMigrantOrganisation ActorKind = "MIGRANT_ORGANISATION"
	KindSportsClub          ActorKind = "SPORTS_CLUB"
	KindReligiousCommunity  ActorKind = "RELIGIOUS_COMMUNITY"
	KindFoodBank            ActorKind = "FOOD_BANK"
	KindHousingCompany      ActorKind = "HOUSING_COMPANY"
	KindBusiness            ActorKind = "BUSINESS"
	KindHealthPractice      ActorKind = "HEALTH_PRACTICE"
	KindQuarterManagement   ActorKind = "QUARTER_MANAGEMENT"
	KindResidentsGroup      ActorKind = "RESIDENTS_GROUP"
)

// Institution kinds.
const (
	KindSchool           ActorKind = "SCHOOL"
	KindDaycareCentre    ActorKind = "DAYCARE_CENTRE"
	KindYouthOffice      ActorKind = "YOUTH_OFFICE"
	KindJobCentre        ActorKind = "JOB_CENTRE"
	KindHealthOffice     ActorKind = "HEALTH_OFFICE"
	KindSocialService    ActorKind = "SOCIAL_SERVICE"
	KindLibrary          ActorKind = "LIBRARY"
	KindPolicePrevention ActorKind = "POLICE_PREVENTION"
	KindAdministration   ActorKind = "ADMINISTRATION"
)

// OrganisationKinds and InstitutionKinds partition ActorKinds.
var (
	OrganisationKinds = []ActorKind{KindAssociation, KindInitiative, KindWelfareAssociation,
		KindFamilyCentre, KindNeighbourhoodCentre, KindYouthClub, KindCounselling,
		KindMigrantOrganisation, KindSportsClub, KindReligiousCommunity, KindFoodBank,
		KindHousingCompany, KindBusiness, KindHealthPractice, KindQuarterManagement, KindResidentsGroup}
	InstitutionKinds = []ActorKind{KindSchool, KindDaycareCentre, KindYouthOffice, KindJobCentre,
		KindHealthOffice, KindSocialService, KindLibrary, KindPolicePrevention, KindAdministration}
	ActorKinds = slices.Concat(OrganisationKinds, InstitutionKinds)
)

// IsInstitution reports whether actors of this kind are institutions.
func (k ActorKind) IsInstitution() bool { return slices.Contains(InstitutionKinds, k) }

// Severity grades a need.
type Severity string

// Severities, from mild to acute.
const (
	SeverityLow      Severity = "LOW"
	SeverityMedium   Severity = "MEDIUM"
	SeverityHigh     Severity = "HIGH"
	SeverityCritical Severity = "CRITICAL"
)

// Severities lists every Severity in rising order.
var Severities = []Severity{SeverityLow, SeverityMedium, SeverityHigh, SeverityCritical}

// Rank is 1 for LOW up to 4 for CRITICAL, 0 for an unknown value.
func (s Severity) Rank() int { return slices.Index(Severities, s) + 1 }

// CooperationKind is what two actors do together.
type CooperationKind string

// Cooperation kinds seen in practice.
const (
	CoopInformationExchange CooperationKind = "INFORMATION_EXCHANGE"
	CoopReferral            CooperationKind = "REFERRAL"
	CoopJointProject        CooperationKind = "JOINT_PROJECT"
	CoopFunding             CooperationKind = "FUNDING"
	CoopFormalAgreement     CooperationKind = "FORMAL_AGREEMENT"
	CoopSharedStaff         CooperationKind = "SHARED_STAFF"
	CoopSharedRooms         CooperationKind = "SHARED_ROOMS"
	CoopJointEvents         CooperationKind = "JOINT_EVENTS"
)

// CooperationKinds lists every CooperationKind.
var CooperationKinds = []CooperationKind{CoopInformationExchange, CoopReferral, CoopJointProject,
	CoopFunding, CoopFormalAgreement, CoopSharedStaff, CoopSharedRooms, CoopJointEvents}

// NetworkKind is the form of a network.
type NetworkKind string

// Network kinds.
const (
	NetworkRoundTable         NetworkKind = "ROUND_TABLE"
	NetworkDistrictConference NetworkKind = "DISTRICT_CONFERENCE"
	NetworkWorkingGroup       NetworkKind = "WORKING_GROUP"
	NetworkEarlyHelp          NetworkKind = "EARLY_HELP"
	NetworkPreventionChain    NetworkKind = "PREVENTION_CHAIN"
	NetworkEducationAlliance  NetworkKind = "EDUCATION_ALLIANCE"
	NetworkThematic           NetworkKind = "THEMATIC"
)

// NetworkKinds lists every NetworkKind.
var NetworkKinds = []NetworkKind{NetworkRoundTable, NetworkDistrictConference, NetworkWorkingGroup,
	NetworkEarlyHelp, NetworkPreventionChain, NetworkEducationAlliance, NetworkThematic}

// EventKind is the form of an exchange event.
type EventKind string

// Event kinds.
const (
	EventNetworkMeeting     EventKind = "NETWORK_MEETING"
	EventRoundTable         EventKind = "ROUND_TABLE"
	EventDistrictConference EventKind = "DISTRICT_CONFERENCE"
	EventWorkshop           EventKind = "WORKSHOP"
	EventFestival           EventKind = "NEIGHBOURHOOD_FESTIVAL"
	EventOther              EventKind = "OTHER"
)

// EventKinds lists every EventKind.
var EventKinds = []EventKind{EventNetworkMeeting, EventRoundTable, EventDistrictConference,
	EventWorkshop, EventFestival, EventOther}

// SortDirection orders a list.
type SortDirection string

// Directions.
const (
	Asc  SortDirection = "ASC"
	Desc SortDirection = "DESC"
)

// SortField names what a list is ordered by. Not every list offers every
// field; the GraphQL order enums say which.
type SortField string

// Sort fields.
const (
	SortName          SortField = "NAME"
	SortLastConfirmed SortField = "LAST_CONFIRMED"
	SortCreatedAt     SortField = "CREATED_AT"
	SortValidFrom     SortField = "VALID_FROM"
	SortSeverity      SortField = "SEVERITY"
	SortDate          SortField = "DATE"
	SortPopulation    SortField = "POPULATION"
	// SortBetweenness orders by a computed score, not a stored property.
	SortBetweenness SortField = "BETWEENNESS"
)

// Order is a list's ordering; ties are broken by id.
type Order struct {
	Field     SortField
	Direction SortDirection
	// Indicator, for neighbourhoods, orders by the latest value of the
	// named monitoring indicator instead of Field.
	Indicator *string
}

// enumValues lists the valid values of every enum type, for Valid and
// UnmarshalGQL.
func enumValues[T ~string](v T) []T {
	var out any
	switch any(v).(type) {
	case Level:
		out = Levels
	case Sector:
		out = Sectors
	case ActorKind:
		out = ActorKinds
	case Severity:
		out = Severities
	case CooperationKind:
		out = CooperationKinds
	case NetworkKind:
		out = NetworkKinds
	case EventKind:
		out = EventKinds
	case SortDirection:
		out = []SortDirection{Asc, Desc}
	case SearchType:
		out = []SearchType{SearchActor, SearchService, SearchNeighbourhood}
	case AccessRole:
		out = AccessRoles
	case ChangeKind:
		out = ChangeKinds
	case RecordType:
		out = RecordTypes
	case Weekday:
		out = Weekdays
	case RecordStatus:
		out = RecordStatuses
	case SortField:
		out = []SortField{SortName, SortLastConfirmed, SortCreatedAt, SortValidFrom, SortSeverity, SortDate, SortPopulation, SortBetweenness}
	}
	return out.([]T)
}

// Valid reports whether v is one of its type's values.
func Valid[T ~string](v T) bool { return slices.Contains(enumValues(v), v) }

func unmarshalEnum[T ~string](dst *T, v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("%w: enum must be a string, got %T", ErrInvalid, v)
	}
	*dst = T(s)
	if !Valid(*dst) {
		return fmt.Errorf("%w: %q is not a valid %T", ErrInvalid, s, *dst)
	}
	return nil
}

func marshalEnum[T ~string](w io.Writer, v T) { _, _ = io.WriteString(w, strconv.Quote(string(v))) }

// MarshalGQL implements graphql.Marshaler.
func (l Level) MarshalGQL(w io.Writer) { marshalEnum(w, l) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (l *Level) UnmarshalGQL(v any) error { return unmarshalEnum(l, v) }

// MarshalGQL implements graphql.Marshaler.
func (s Sector) MarshalGQL(w io.Writer) { marshalEnum(w, s) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (s *Sector) UnmarshalGQL(v any) error { return unmarshalEnum(s, v) }

// MarshalGQL implements graphql.Marshaler.
func (k ActorKind) MarshalGQL(w io.Writer) { marshalEnum(w, k) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (k *ActorKind) UnmarshalGQL(v any) error { return unmarshalEnum(k, v) }

// MarshalGQL implements graphql.Marshaler.
func (s Severity) MarshalGQL(w io.Writer) { marshalEnum(w, s) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (s *Severity) UnmarshalGQL(v any) error { return unmarshalEnum(s, v) }

// MarshalGQL implements graphql.Marshaler.
func (k CooperationKind) MarshalGQL(w io.Writer) { marshalEnum(w, k) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (k *CooperationKind) UnmarshalGQL(v any) error { return unmarshalEnum(k, v) }

// MarshalGQL implements graphql.Marshaler.
func (k NetworkKind) MarshalGQL(w io.Writer) { marshalEnum(w, k) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (k *NetworkKind) UnmarshalGQL(v any) error { return unmarshalEnum(k, v) }

// MarshalGQL implements graphql.Marshaler.
func (k EventKind) MarshalGQL(w io.Writer) { marshalEnum(w, k) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (k *EventKind) UnmarshalGQL(v any) error { return unmarshalEnum(k, v) }

// MarshalGQL implements graphql.Marshaler.
func (d SortDirection) MarshalGQL(w io.Writer) { marshalEnum(w, d) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (d *SortDirection) UnmarshalGQL(v any) error { return unmarshalEnum(d, v) }

// MarshalGQL implements graphql.Marshaler.
func (f SortField) MarshalGQL(w io.Writer) { marshalEnum(w, f) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (f *SortField) UnmarshalGQL(v any) error { return unmarshalEnum(f, v) }

// MarshalGQL implements graphql.Marshaler.
func (t SearchType) MarshalGQL(w io.Writer) { marshalEnum(w, t) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (t *SearchType) UnmarshalGQL(v any) error { return unmarshalEnum(t, v) }
