package domain

import (
	"strings"
	"time"
)

// Page size bounds for every list.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// PageArgs asks for a page of a list: First items from Offset on (the
// resolvers turn the cursor after which a page starts into Offset).
type PageArgs struct {
	First  int
	Offset int
	// NoCount says that nobody reads the page's Total, so a list need
	// not count what it does not show.
	NoCount bool
	// Fields are the fields of the items a client reads; nil means all.
	Fields Fields
}

// Fields names the fields of a list's items that a client selected, by
// their names in the API (which are the domain's: gqlgen binds the
// domain types). A list reads what they need and no more: a page of
// names reads neither the descriptions nor the ids of related records
// (issue 14). A nil Fields is every field, the safe default of calls
// from Go.
type Fields map[string]bool

// Has reports whether the field name is among f, or f is every field.
func (f Fields) Has(name string) bool { return f == nil || f[name] }

// Under returns the fields selected of the record that the field name
// links to ("provider.name" in f is name under provider), for a list
// that reads the linked record with its own; nil when f is every field.
func (f Fields) Under(name string) Fields {
	if f == nil {
		return nil
	}
	out := Fields{}
	for k := range f {
		if rest, ok := strings.CutPrefix(k, name+"."); ok {
			out[rest] = true
		}
	}
	return out
}

// Page is one page of a list and the size of the whole list.
type Page[T any] struct {
	Items  []T
	Total  int
	Offset int
	// Distinct, for lists that count two things, is the second count
	// across all pages (a partner list counts cooperations in Total and
	// the distinct partners here); 0 otherwise.
	Distinct int
	// Uncounted says that Total was not counted (PageArgs.NoCount); More
	// then tells whether items follow this page.
	Uncounted, More bool
}

// PageOf cuts the page args asks for out of a list held in memory (an
// analysis' answer), counted.
func PageOf[T any](all []T, args PageArgs) Page[T] {
	start := min(max(args.Offset, 0), len(all))
	end := min(start+max(args.First, 0), len(all))
	return Page[T]{Items: all[start:end], Total: len(all), Offset: start}
}

// HasNext reports whether items follow this page.
func (p Page[T]) HasNext() bool {
	if p.Uncounted {
		return p.More
	}
	return p.Offset+len(p.Items) < p.Total
}

// The lists' rule for time: a list of actors, services, needs or
// cooperations shows what is valid today unless told otherwise. AsOf
// names another day; IncludeEnded, without AsOf, asks for all of history
// (records that ended and records that have not begun). Lists that
// showed everything unless asked let a closed family centre answer
// "who works here", and a coordinator cannot tell.

// OnDay is the day a list answers for by that rule; nil is all history.
func OnDay(asOf *time.Time, includeEnded bool, today time.Time) *time.Time {
	switch {
	case asOf != nil:
		return asOf
	case includeEnded:
		return nil
	}
	return &today
}

// Current returns a copy of f (nil: no conditions) with the lists' rule
// for time applied.
func (f *ActorFilter) Current(today time.Time) *ActorFilter {
	var c ActorFilter
	if f != nil {
		c = *f
	}
	c.AsOf = OnDay(c.AsOf, c.IncludeEnded, today)
	return &c
}

// Current returns a copy of f (nil: no conditions) with the lists' rule
// for time applied.
func (f *ServiceFilter) Current(today time.Time) *ServiceFilter {
	var c ServiceFilter
	if f != nil {
		c = *f
	}
	c.AsOf = OnDay(c.AsOf, c.IncludeEnded, today)
	return &c
}

// Current returns a copy of f (nil: no conditions) with the lists' rule
// for time applied.
func (f *NeedFilter) Current(today time.Time) *NeedFilter {
	var c NeedFilter
	if f != nil {
		c = *f
	}
	c.AsOf = OnDay(c.AsOf, c.IncludeEnded, today)
	return &c
}

// Current returns a copy of f (nil: no conditions) with the lists' rule
// for time applied.
// A filter by when cooperations started or ended asks about history:
// it is not narrowed to today.
func (f *CooperationFilter) Current(today time.Time) *CooperationFilter {
	var c CooperationFilter
	if f != nil {
		c = *f
	}
	c.AsOf = OnDay(c.AsOf, c.IncludeEnded || c.StartedBetween != nil || c.EndedBetween != nil, today)
	return &c
}

// NeighbourhoodFilter selects neighbourhoods; zero fields do not filter.
type NeighbourhoodFilter struct {
	NameContains      *string
	Levels            []Level
	Within            *string
	QuarterManagement *bool
	ConfirmedBefore   *time.Time
}

// ActorFilter selects actors; zero fields do not filter.
type ActorFilter struct {
	NameContains    *string
	Kinds           []ActorKind
	Sectors         []Sector
	Institution     *bool
	Neighbourhood   *string
	TargetGroup     *string
	Topic           *string
	Network         *string
	AsOf            *time.Time
	IncludeEnded    bool
	ConfirmedBefore *time.Time
	// Status lists the record statuses shown; none means active only.
	Status []RecordStatus
}

// PersonFilter selects people; zero fields do not filter.
type PersonFilter struct {
	NameContains *string
	Actor        *string
	AsOf         *time.Time
}

// ServiceFilter selects services; zero fields do not filter.
type ServiceFilter struct {
	NameContains    *string
	Provider        *string
	TargetGroup     *string
	Topic           *string
	Neighbourhood   *string
	AsOf            *time.Time
	IncludeEnded    bool
	ConfirmedBefore *time.Time
	// Status lists the record statuses shown; none means active only.
	Status []RecordStatus
}

// NeedFilter selects needs; zero fields do not filter.
type NeedFilter struct {
	Neighbourhood   *string
	TargetGroup     *string
	Topic           *string
	MinSeverity     *Severity
	AsOf            *time.Time
	IncludeEnded    bool
	ConfirmedBefore *time.Time
}

// CooperationFilter selects cooperations; zero fields do not filter.
type CooperationFilter struct {
	Kinds           []CooperationKind
	Actor           *string
	Neighbourhood   *string
	AsOf            *time.Time
	IncludeEnded    bool
	ConfirmedBefore *time.Time
	// StartedBetween and EndedBetween keep the cooperations whose first
	// (last) day falls in the period, both ends included.
	StartedBetween *Period
	EndedBetween   *Period
	// Status lists the record statuses shown; none means active only.
	Status []RecordStatus
}

// NetworkFilter selects networks; zero fields do not filter.
type NetworkFilter struct {
	NameContains  *string
	Kinds         []NetworkKind
	Neighbourhood *string
	AsOf          *time.Time
}

// EventFilter selects events; zero fields do not filter.
type EventFilter struct {
	NameContains  *string
	Kinds         []EventKind
	From          *time.Time
	To            *time.Time
	Neighbourhood *string
	Network       *string
	Actor         *string
}

// SearchType is what a full-text search covers.
type SearchType string

// Search types.
const (
	SearchActor         SearchType = "ACTOR"
	SearchService       SearchType = "SERVICE"
	SearchNeighbourhood SearchType = "NEIGHBOURHOOD"
)

// SearchQuery is a full-text search: the words, the types searched (all
// when empty), at most Limit hits, and what is there: records valid on
// AsOf (every record, ended or not yet begun, when nil) within Scope.
type SearchQuery struct {
	Text  string
	Types []SearchType
	Limit int
	// AsOf keeps actors and services valid on the day; the API passes
	// today unless told otherwise.
	AsOf *time.Time
	// Scope is a neighbourhood: actors active in it or inside it,
	// services reaching it (available there, inside it, or in an
	// enclosing neighbourhood: a district-wide offer reaches its
	// quarters, as in the services list), and the neighbourhood and the
	// places inside it.
	Scope *string
	// Fields are the fields asked of the hits (nil: all); a hit reads
	// only what they show.
	Fields Fields
}

// SearchHit is one result of a full-text search.
type SearchHit struct {
	Score float64
	Node  Node
}

// SliceQuery says which part of the network an analysis concerns.
type SliceQuery struct {
	// Scope is a neighbourhood; actors active in it or inside it take
	// part. Nil means the whole city.
	Scope *string
	// AsOf is the day the network is seen as of.
	AsOf time.Time
	// Kinds are the cooperation kinds that count as ties; empty means all.
	Kinds []CooperationKind
	// EventsSince, when set, adds taking part in the same events (on or
	// after this day, up to AsOf) as evidence of contact.
	EventsSince *time.Time
	// IgnoreIsolates leaves out the actors without any tie in the slice:
	// a fresh import or test data of thousands of unlinked records would
	// otherwise drown every figure (density, components, communities).
	IgnoreIsolates bool
	// LargestComponentOnly keeps only the largest connected part of the
	// slice (the first in the order of actor ids when several are equally
	// large).
	LargestComponentOnly bool
}

// Reduced reports whether q leaves out part of its slice's actors by
// their ties (IgnoreIsolates or LargestComponentOnly).
func (q SliceQuery) Reduced() bool { return q.IgnoreIsolates || q.LargestComponentOnly }

// Participation is an actor's taking part in (or organising) an event.
type Participation struct {
	ActorID string
	EventID string
}

// NetworkSlice is the part of the network an analysis concerns: the
// actors valid on the day, the cooperations among them valid on the day,
// and their event participations.
type NetworkSlice struct {
	Actors         []Actor
	Cooperations   []Cooperation
	Participations []Participation
}

// Coverage is what gap, overlap and hotspot analyses read: the places,
// the needs in scope and every service valid on the day; the coverage
// matrix also reads the vocabularies, to show groups and topics nobody
// serves.
type Coverage struct {
	Neighbourhoods []Neighbourhood
	TargetGroups   []TargetGroup
	Topics         []Topic
	Needs          []Need
	Services       []Service
	Actors         []Actor
	Cooperations   []Cooperation
}
