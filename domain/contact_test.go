package domain

import (
	"errors"
	"slices"
	"testing"
)

func TestNormalizeContactPoints(t *testing.T) {
	ptr := func(s string) *string { return &s }
	good := ContactPoint{Function: " Anmeldung ", Phone: ptr("030 1234567"), Email: ptr("info@awo-nord.de"),
		Languages:    []string{"DE", "ar", "de", "uk"},
		OpeningHours: []OpeningHours{{Days: []Weekday{Thursday, Monday, Monday}, Opens: "09:00", Closes: "12:30"}}}
	cps := []ContactPoint{good}
	if err := NormalizeContactPoints("input.contactPoints", cps); err != nil {
		t.Fatal(err)
	}
	c := cps[0]
	if c.Function != "Anmeldung" || *c.Phone != "+49301234567" || !slices.Equal(c.Languages, []string{"de", "ar", "uk"}) ||
		!slices.Equal(c.OpeningHours[0].Days, []Weekday{Monday, Thursday}) {
		t.Errorf("normalised = %+v (languages %v, days %v)", c, c.Languages, c.OpeningHours[0].Days)
	}

	tests := []struct {
		name   string
		cp     ContactPoint
		fields []string
	}{
		{"no function", ContactPoint{Function: " "}, []string{"cp[0].function"}},
		{"phone too short", ContactPoint{Function: "x", Phone: ptr("123")}, []string{"cp[0].phone"}},
		{"phone of letters", ContactPoint{Function: "x", Phone: ptr("ruf mich an")}, []string{"cp[0].phone"}},
		{"foreign number", ContactPoint{Function: "x", Phone: ptr("+48 22 123 45 67")}, nil},
		{"e-mail without @", ContactPoint{Function: "x", Email: ptr("info.awo.de")}, []string{"cp[0].email"}},
		{"e-mail with a name", ContactPoint{Function: "x", Email: ptr("Info <info@awo.de>")}, []string{"cp[0].email"}},
		{"not a language", ContactPoint{Function: "x", Languages: []string{"de", "Deutsch!"}}, []string{"cp[0].languages[1]"}},
		{"hours backwards", ContactPoint{Function: "x", OpeningHours: []OpeningHours{{Days: []Weekday{Monday}, Opens: "14:00", Closes: "09:00"}}},
			[]string{"cp[0].openingHours[0].closes"}},
		{"hours not a time", ContactPoint{Function: "x", OpeningHours: []OpeningHours{{Days: []Weekday{Monday}, Opens: "9", Closes: "24:00"}}},
			[]string{"cp[0].openingHours[0].opens", "cp[0].openingHours[0].closes"}},
		{"hours without days", ContactPoint{Function: "x", OpeningHours: []OpeningHours{{Opens: "09:00", Closes: "10:00"}}},
			[]string{"cp[0].openingHours[0].days"}},
		{"every fault at once", ContactPoint{Function: "", Phone: ptr("1"), Email: ptr("x")}, []string{"cp[0].function", "cp[0].phone", "cp[0].email"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := NormalizeContactPoints("cp", []ContactPoint{tc.cp})
			var got []string
			for _, fe := range FieldErrors(err) {
				got = append(got, fe.Field)
			}
			if !slices.Equal(got, tc.fields) || (len(tc.fields) > 0 && !errors.Is(err, ErrInvalid)) {
				t.Errorf("fields = %v, want %v (%v)", got, tc.fields, err)
			}
		})
	}
}
