package domain

import "time"

// Node is anything with a global id that node(id) can fetch again.
type Node interface {
	NodeID() string
}

// Record is anything that carries provenance: where it came from and when
// someone last confirmed it is still true.
type Record interface {
	RecordMeta() *Meta
}

// Meta is the provenance and bookkeeping every record carries.
type Meta struct {
	// ExternalKey identifies the record in the system it was imported
	// from; unique per type when set.
	ExternalKey *string
	// Source names where the record comes from (a survey, a directory,
	// a coordinator's knowledge).
	Source *string
	// LastConfirmed is the day someone last confirmed the record.
	LastConfirmed *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
	// Status is whether the record counts (see RecordStatus); honoured
	// for actors, services and cooperations. Empty on a write means
	// active.
	Status RecordStatus
}

// RecordMeta implements Record.
func (m *Meta) RecordMeta() *Meta { return m }

// Span is a validity period in whole days; nil ends are open. Both ends
// are inclusive: a span that ends on the asOf day is still valid on it.
type Span struct {
	ValidFrom *time.Time
	ValidTo   *time.Time
}

// CreatedSpan is the validity of a record created through the API. An
// omitted validFrom (given false) is the day of creation: a record
// created today existed no earlier than that, and an open start would
// place a new initiative in the network of 2022 and in every comparison
// with a past day. Given, even as null, it is kept: null is a start
// left open on purpose (history entered after the fact). A record
// entered after it ended (validTo before today) keeps an open start
// too, as the day of entry cannot be its start. Imports keep what their
// files say.
func CreatedSpan(from *time.Time, given bool, to *time.Time, today time.Time) Span {
	if !given && (to == nil || !to.Before(today)) {
		from = &today
	}
	return Span{ValidFrom: from, ValidTo: to}
}

// ValidOn reports whether the span includes day.
func (s Span) ValidOn(day time.Time) bool {
	return (s.ValidFrom == nil || !s.ValidFrom.After(day)) && (s.ValidTo == nil || !s.ValidTo.Before(day))
}

// DeleteEffect is one consequence of a delete: what else was removed or
// changed, and how many.
type DeleteEffect struct {
	What  string
	Count int
}

// AuditEntry is one committed write as the append-only audit trail keeps
// it. It holds no personal data: changed personal fields are Redacted.
type AuditEntry struct {
	ID         string
	At         time.Time
	Subject    string
	Role       AccessRole
	Operation  string
	TargetType string
	TargetID   string
	Changes    []FieldChange
	RequestID  *string
}

// FieldChange is one property's value before and after a write, as JSON
// text; nil when unset. Redacted changes keep neither value.
type FieldChange struct {
	Field    string  `json:"field"`
	Before   *string `json:"before"`
	After    *string `json:"after"`
	Redacted bool    `json:"redacted"`
}

// AuditFilter selects audit entries; nil fields do not filter.
type AuditFilter struct {
	Target    *string
	Subject   *string
	Operation *string
	Since     *time.Time
	Until     *time.Time
}

// Erasure is the result of erasing a person.
type Erasure struct {
	ErasedID     string
	RolesRemoved int
	AuditEntryID string
}
