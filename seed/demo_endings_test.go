package seed

import (
	"slices"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

// endingWithin lists the ids of the demo's records whose validTo falls
// within 90 days of from (both ends included), as ending(within: P90D)
// takes them.
func endingWithin(ds *domain.Dataset, from time.Time) []string {
	to := from.AddDate(0, 0, 90)
	var out []string
	add := func(id string, sp domain.Span) {
		if sp.ValidTo != nil && !sp.ValidTo.Before(from) && !sp.ValidTo.After(to) {
			out = append(out, id)
		}
	}
	for _, r := range records(ds) {
		for _, x := range r {
			if x.span != nil {
				add(x.id, *x.span)
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestEndingsMoveWithToday: seeded on a later day, the demo's endings
// from ReferenceDay on move by as many days, so that the same records
// end within 90 days of the seeding day as of ReferenceDay (the six
// fundings, the mentors' meeting, the guest seat); endings before
// ReferenceDay, starts, and what is valid on ReferenceDay stay.
func TestEndingsMoveWithToday(t *testing.T) {
	ref := day(2026, 11, 25)
	base := demoOn(nil, ref)
	want := endingWithin(base, ref)
	if len(want) != 8 || !slices.Contains(want, EndingServiceID) || !slices.Contains(want, EndingMembershipID) {
		t.Fatalf("on ReferenceDay %d records end within 90 days: %v, want the six fundings, the meeting and the seat", len(want), want)
	}
	for _, tc := range []struct {
		name  string
		today time.Time
		shift int
	}{
		{"on ReferenceDay", ref, 0},
		{"before ReferenceDay", day(2026, 1, 1), 0},
		{"eleven days later", day(2026, 12, 6), 11},
		{"past the fundings' end", day(2027, 3, 1), 96},
		{"years later", day(2031, 11, 25), 1826},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := EndShift(tc.today); got != tc.shift {
				t.Fatalf("EndShift = %d, want %d", got, tc.shift)
			}
			ds := demoOn(nil, tc.today)
			from := later(ref, tc.today)
			if got := endingWithin(ds, from); !slices.Equal(got, want) {
				t.Errorf("ending within 90 days of %s: %v, want %v", from.Format(time.DateOnly), got, want)
			}
			if got := MovedEnd(EndingServiceDay, tc.today); got != day(2027, 1, 31).AddDate(0, 0, tc.shift).Format(time.DateOnly) {
				t.Errorf("MovedEnd(%s) = %s", EndingServiceDay, got)
			}
			if got := MovedEnd(FundingEndedDay, tc.today); got != FundingEndedDay {
				t.Errorf("MovedEnd(%s) = %s, want it unmoved", FundingEndedDay, got)
			}
			before, after := records(base), records(ds)
			for prefix, list := range before {
				for i, r := range list {
					m := after[prefix][i]
					if r.span == nil {
						continue
					}
					if r.id != m.id || !sameDay(r.span.ValidFrom, m.span.ValidFrom) || r.span.ValidOn(ref) != m.span.ValidOn(ref) {
						t.Fatalf("%s: %v, seeded later %v", r.id, *r.span, *m.span)
					}
					wantTo := r.span.ValidTo
					if wantTo != nil && !wantTo.Before(ref) {
						wantTo = ptr(wantTo.AddDate(0, 0, tc.shift))
					}
					if !sameDay(m.span.ValidTo, wantTo) {
						t.Fatalf("%s ends %v, want %v", r.id, m.span.ValidTo, wantTo)
					}
				}
			}
		})
	}
}

func sameDay(a, b *time.Time) bool {
	return a == nil && b == nil || a != nil && b != nil && a.Equal(*b)
}
