package domain

import (
	"errors"
	"testing"
	"time"
)

func TestWindowAfter(t *testing.T) {
	from := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		d, want string // want "" means refused
	}{
		{"P90D", "2027-02-23"}, // 5 days left in November, 31 + 31 + 23
		{"P3M", "2027-02-25"},
		{"P1Y", "2027-11-25"},
		{"P2W", "2026-12-09"},
		{"P1Y6M", "2028-05-25"},
		{"P1M1W1D", "2027-01-02"},
		{"P10Y", "2036-11-25"},
		{"P", ""},
		{"P0D", ""},
		{"PT12H", ""},
		{"P1DT1H", ""},
		{"90D", ""},
		{"P-1D", ""},
		{"P11Y", ""},
		{"P4000D", ""},
		{"P99999999999999999999D", ""},
		{"p90d", ""},
	}
	for _, tt := range tests {
		t.Run(tt.d, func(t *testing.T) {
			p, err := WindowAfter(from, tt.d, "within")
			if tt.want == "" {
				var fe *FieldError
				if !errors.As(err, &fe) || fe.Field != "within" {
					t.Fatalf("WindowAfter(%q) = %v, %v; want an error on within", tt.d, p, err)
				}
				return
			}
			if err != nil || !p.From.Equal(from) || p.To.Format(time.DateOnly) != tt.want {
				t.Errorf("WindowAfter(%q) = %v, %v; want %s/%s", tt.d, p, err, from.Format(time.DateOnly), tt.want)
			}
		})
	}
}

func TestCheckPeriod(t *testing.T) {
	a, b := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	if err := CheckPeriod(Period{a, a}, "to"); err != nil {
		t.Errorf("one day: %v", err)
	}
	if err := CheckPeriod(Period{b, a}, "to"); !errors.Is(err, ErrInvalid) {
		t.Errorf("reversed: %v", err)
	}
}
