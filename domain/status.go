package domain

import "io"

// RecordStatus says whether a record counts: an actor, service or
// cooperation entered as a draft (a fresh import still to be checked,
// test data) or archived (kept for the record, no longer relevant) is
// left out of the lists unless they ask for it and out of every
// analysis, so that it cannot drown or distort the figures coordinators
// act on. It is about the record, not the world: an actor that closed
// has a validTo; an actor entered twice by mistake is archived.
type RecordStatus string

// Record statuses.
const (
	StatusDraft    RecordStatus = "DRAFT"
	StatusActive   RecordStatus = "ACTIVE"
	StatusArchived RecordStatus = "ARCHIVED"
)

// RecordStatuses lists every RecordStatus.
var RecordStatuses = []RecordStatus{StatusDraft, StatusActive, StatusArchived}

// StatusOf reads a stored status: a record without one (everything
// entered before statuses existed) is active.
func StatusOf(s string) RecordStatus {
	if s == "" {
		return StatusActive
	}
	return RecordStatus(s)
}

// ListedStatuses is the statuses a list shows: those asked for, or the
// active records alone when none are, as the stored values the store
// compares with.
func ListedStatuses(asked []RecordStatus) []string {
	if len(asked) == 0 {
		return []string{string(StatusActive)}
	}
	out := make([]string, len(asked))
	for i, s := range asked {
		out[i] = string(s)
	}
	return out
}

// MarshalGQL implements graphql.Marshaler; a record read without its
// status (an analysis' compact copy) is active, as every record it
// counts.
func (s RecordStatus) MarshalGQL(w io.Writer) { marshalEnum(w, StatusOf(string(s))) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (s *RecordStatus) UnmarshalGQL(v any) error { return unmarshalEnum(s, v) }
