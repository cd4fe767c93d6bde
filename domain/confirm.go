package domain

import (
	"errors"
	"slices"
	"strings"
	"time"
)

// StaleFilter says which records staleRecords lists: those last confirmed
// before ConfirmedBefore or never, of Types (all when empty), tied to
// Scope (anywhere when nil). By default it leaves out what has ended
// before Today and what the caller may not change: a coordinator's list
// is the work they can do.
type StaleFilter struct {
	// Scope is a neighbourhood: records tied to it or to a place inside
	// it (an actor active there, its services, roles and memberships, a
	// cooperation with one end there, a need there, a network covering
	// it, an event held or organised there, the places themselves).
	// Vocabularies belong to no place and are never in a scope.
	Scope *string
	// Types are the record types listed; empty means all.
	Types []RecordType
	// ConfirmedBefore is the cut-off: records confirmed on or after it
	// are fresh.
	ConfirmedBefore time.Time
	// IncludeEnded also lists records whose validTo lies before Today.
	IncludeEnded bool
	// IncludeReadOnly also lists records the caller may not change.
	IncludeReadOnly bool
	// Today is the day against which "ended" is judged.
	Today time.Time
}

// StaleRecord is one record of the stale list: its id and type, and the
// record itself (a pointer to the domain type: *Service, *Role, …).
type StaleRecord struct {
	ID     string
	Type   RecordType
	Record Record
}

// NeverConfirmed reports whether nobody ever confirmed the record; such
// records come first in the list, as a group.
func (s StaleRecord) NeverConfirmed() bool { return s.Record.RecordMeta().LastConfirmed == nil }

// RecordTypeOfID returns the record type an id's prefix names; false for
// an id of no record type.
func RecordTypeOfID(id string) (RecordType, bool) {
	e, ok := EntityOfID(id)
	return e.Type, ok
}

// MaxConfirm is how many records one confirmRecords call confirms at
// most: a page of the stale list.
const MaxConfirm = MaxPageSize

// CheckConfirm validates a confirmation of ids on day on, given today:
// 1 to MaxConfirm ids, each of a record type, none twice, and a day that
// is not in the future (a record cannot be confirmed before anyone
// looked). Every bad field is reported.
func CheckConfirm(ids []string, on, today time.Time) error {
	var errs []error
	switch {
	case len(ids) == 0:
		errs = append(errs, Invalid("ids", "name at least one record"))
	case len(ids) > MaxConfirm:
		errs = append(errs, Invalid("ids", "at most %d records at once", MaxConfirm))
	}
	var unknown, twice []string
	for i, id := range ids {
		if _, ok := RecordTypeOfID(id); !ok {
			unknown = append(unknown, id)
		}
		if slices.Contains(ids[:i], id) && !slices.Contains(twice, id) {
			twice = append(twice, id)
		}
	}
	if len(unknown) > 0 {
		errs = append(errs, Invalid("ids", "no record type has the id prefix of %s", strings.Join(unknown, ", ")))
	}
	if len(twice) > 0 {
		errs = append(errs, Invalid("ids", "named twice: %s", strings.Join(twice, ", ")))
	}
	if on.After(today) {
		errs = append(errs, Invalid("on", "%s lies in the future (today is %s)", on.Format(time.DateOnly), today.Format(time.DateOnly)))
	}
	return errors.Join(errs...)
}

// Confirmation is the outcome of confirmRecords: the records confirmed,
// in the order asked, and the day.
type Confirmation struct {
	On      time.Time
	Records []StaleRecord
}
