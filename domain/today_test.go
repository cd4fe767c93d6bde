package domain

import (
	"testing"
	"time"
)

// The rule "today unless told otherwise", for lists and for creates.

func TestListsShowTodayUnlessToldOtherwise(t *testing.T) {
	today := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	past := time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name         string
		asOf         *time.Time
		includeEnded bool
		want         *time.Time
	}{
		{"nothing said: today", nil, false, &today},
		{"a day named", &past, false, &past},
		{"all history", nil, true, nil},
		{"a day named wins over all history", &past, true, &past},
	} {
		t.Run(tt.name, func(t *testing.T) {
			check := func(kind string, got *time.Time) {
				t.Helper()
				if (got == nil) != (tt.want == nil) || got != nil && !got.Equal(*tt.want) {
					t.Errorf("%s: day %v, want %v", kind, got, tt.want)
				}
			}
			check("actors", (&ActorFilter{AsOf: tt.asOf, IncludeEnded: tt.includeEnded}).Current(today).AsOf)
			check("services", (&ServiceFilter{AsOf: tt.asOf, IncludeEnded: tt.includeEnded}).Current(today).AsOf)
			check("needs", (&NeedFilter{AsOf: tt.asOf, IncludeEnded: tt.includeEnded}).Current(today).AsOf)
			check("cooperations", (&CooperationFilter{AsOf: tt.asOf, IncludeEnded: tt.includeEnded}).Current(today).AsOf)
		})
	}
	// Asking when cooperations started or ended asks about history.
	window := &Period{}
	for _, f := range []CooperationFilter{{StartedBetween: window}, {EndedBetween: window}} {
		if got := f.Current(today).AsOf; got != nil {
			t.Errorf("%+v: day %v, want all of history", f, got)
		}
	}
	if got := (&CooperationFilter{EndedBetween: window, AsOf: &past}).Current(today).AsOf; got != &past {
		t.Errorf("a day named with a window: %v, want %v", got, past)
	}
	var none *ActorFilter
	if got := none.Current(today); got.AsOf == nil || !got.AsOf.Equal(today) {
		t.Errorf("no filter: %+v, want today", got)
	}
	name := "Lindenpark"
	f := &ActorFilter{NameContains: &name}
	if f.Current(today).NameContains != &name || f.AsOf != nil {
		t.Errorf("Current must keep the other conditions and leave the filter it copies alone: %+v", f)
	}
}

func TestCreatedSpanStartsOnTheDayOfCreation(t *testing.T) {
	today := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	past := time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC)
	later := time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)
	lastYear := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name     string
		from     *time.Time
		given    bool
		to       *time.Time
		wantFrom *time.Time
	}{
		{"omitted: today", nil, false, nil, &today},
		{"omitted, ends later: today", nil, false, &later, &today},
		{"omitted, ends today: today", nil, false, &today, &today},
		{"omitted, ended last year: open (entered after the fact)", nil, false, &lastYear, nil},
		{"given: kept", &past, true, nil, &past},
		{"explicit null: open on purpose", nil, true, nil, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := CreatedSpan(tt.from, tt.given, tt.to, today)
			if (s.ValidFrom == nil) != (tt.wantFrom == nil) || s.ValidFrom != nil && !s.ValidFrom.Equal(*tt.wantFrom) {
				t.Errorf("validFrom %v, want %v", s.ValidFrom, tt.wantFrom)
			}
			if s.ValidTo != tt.to {
				t.Errorf("validTo %v, want %v", s.ValidTo, tt.to)
			}
		})
	}
}
