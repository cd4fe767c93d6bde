package domain

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// LifespanQuery asks for the records of each kind whose validity began,
// or ended (or will end), within a period, in a neighbourhood: the
// material of the change report and of the list of what is about to end,
// each kind read a page at a time.
type LifespanQuery struct {
	// Scope is a neighbourhood's id; nil for the whole city.
	Scope  *string
	Period Period
	End    LifespanEnd
}

// LifespanTotals count the records of a LifespanQuery of each kind, all
// pages.
type LifespanTotals struct {
	Actors, Services, Cooperations, Memberships, Roles int
}

// All is the number of records of every kind.
func (t LifespanTotals) All() int {
	return t.Actors + t.Services + t.Cooperations + t.Memberships + t.Roles
}

// LifespanEnd names which end of a record's validity a question asks
// about.
type LifespanEnd int

// The two ends of a validity.
const (
	Began LifespanEnd = iota // validFrom
	Ended                    // validTo
)

// Period is a span of days, both inclusive.
type Period struct {
	From, To time.Time
}

// CheckPeriod checks that a period's end is not before its start; field
// names the argument of the end.
func CheckPeriod(p Period, field string) error {
	if p.To.Before(p.From) {
		return Invalid(field, "must not be before %s", p.From.Format(time.DateOnly))
	}
	return nil
}

// maxWindowDays bounds a look-ahead window: ten years are more than any
// funding period.
const maxWindowDays = 3653

var isoDays = regexp.MustCompile(`^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$`)

// WindowAfter returns the period that starts on from and lasts the
// ISO 8601 duration d, counted in calendar days: "P90D", "P3M", "P1Y",
// "P2W" or combinations such as "P1Y6M". Time parts ("PT12H") are
// refused, since validity is kept in days, and so is a duration of
// nothing or of more than ten years. The period includes from and its
// last day, from + d. field names the argument in the error.
func WindowAfter(from time.Time, d, field string) (Period, error) {
	m := isoDays.FindStringSubmatch(d)
	if m == nil || d == "P" {
		return Period{}, Invalid(field, "%q is not an ISO 8601 duration in days, weeks, months or years (e.g. P90D, P3M, P1Y)", d)
	}
	n := [4]int{}
	for i := range n {
		if m[i+1] == "" {
			continue
		}
		v, err := strconv.Atoi(m[i+1])
		if err != nil || v > maxWindowDays {
			return Period{}, Invalid(field, "%q is too long: at most ten years", d)
		}
		n[i] = v
	}
	to := from.AddDate(n[0], n[1], 7*n[2]+n[3])
	switch {
	case !to.After(from):
		return Period{}, Invalid(field, "%q is empty: give at least one day", d)
	case to.After(from.AddDate(0, 0, maxWindowDays)):
		return Period{}, Invalid(field, "%q is too long: at most ten years", d)
	}
	return Period{From: from, To: to}, nil
}

// String renders the period as "from/to" (ISO 8601 interval of dates).
func (p Period) String() string {
	return fmt.Sprintf("%s/%s", p.From.Format(time.DateOnly), p.To.Format(time.DateOnly))
}
