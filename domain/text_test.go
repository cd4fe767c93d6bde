package domain

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckName(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"plain", "Kinder- und Jugendhaus Lindenpark", true},
		{"umlauts and emoji", "Schülertreff 👩‍👩‍👧", true},
		{"trimmed to nothing", " \t\n ", false},
		{"empty", "", false},
		{"200 characters", strings.Repeat("ä", 200), true},
		{"201 characters", strings.Repeat("ä", 201), false},
		{"surrounding blanks are trimmed", "\n Treff \t", true},
		{"NUL inside", "a\x00b", false},
		{"line break inside", "Treff\nPunkt", false},
		{"DEL", "Treff\x7f", false},
		{"C1 control", "Treff\u0085x", false},
		{"right-to-left override", "\u202eevil", false},
		{"left-to-right mark", "a\u200eb", false},
		{"first strong isolate", "a\u2068b", false},
		{"arabic letter mark", "a\u061cb", false},
		{"zero-width space (not a control)", "a\u200bb", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckName("input.name", tc.in)
			if (err == nil) != tc.ok {
				t.Fatalf("CheckName(%q) = %v, want ok=%v", tc.in, err, tc.ok)
			}
			var fe *FieldError
			if err != nil && (!errors.As(err, &fe) || fe.Field != "input.name") {
				t.Errorf("error %v is not a field error for input.name", err)
			}
		})
	}
}

func TestCheckKeywords(t *testing.T) {
	many := make([]string, MaxKeywords+1)
	for i := range many {
		many[i] = "k"
	}
	tests := []struct {
		name  string
		in    []string
		field string // of the error; "" when valid
	}{
		{"none", nil, ""},
		{"some", []string{"Hausaufgabenhilfe", "Sprachcafé", ""}, ""},
		{"as many as allowed", many[:MaxKeywords], ""},
		{"one too many", many, "input.keywords"},
		{"100 characters", []string{strings.Repeat("x", 100)}, ""},
		{"101 characters", []string{"ok", strings.Repeat("x", 101)}, "input.keywords[1]"},
		{"tab", []string{"a\tb"}, "input.keywords[0]"},
		{"bidi override", []string{"ok", "ok", "\u202ex"}, "input.keywords[2]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckKeywords("input.keywords", tc.in)
			var fe *FieldError
			switch {
			case tc.field == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case tc.field != "" && (!errors.As(err, &fe) || fe.Field != tc.field):
				t.Fatalf("error %v, want a field error for %s", err, tc.field)
			}
		})
	}
}

func TestCheckNameContains(t *testing.T) {
	long, ok := strings.Repeat("ß", MaxName+1), strings.Repeat("ß", MaxName)
	for _, tc := range []struct {
		in   *string
		want bool
	}{{nil, true}, {&ok, true}, {&long, false}} {
		if err := CheckNameContains("filter.nameContains", tc.in); (err == nil) != tc.want {
			t.Errorf("CheckNameContains: %v, want ok=%v", err, tc.want)
		}
	}
}
