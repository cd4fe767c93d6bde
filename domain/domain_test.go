package domain

import (
	"errors"
	"testing"
	"time"
)

func TestSpanValidOn(t *testing.T) {
	d := func(s string) *time.Time {
		t, _ := time.Parse(time.DateOnly, s)
		return &t
	}
	span := Span{ValidFrom: d("2024-01-01"), ValidTo: d("2024-12-31")}
	tests := []struct {
		day  string
		want bool
	}{{"2023-12-31", false}, {"2024-01-01", true}, {"2024-06-30", true}, {"2024-12-31", true}, {"2025-01-01", false}}
	for _, tc := range tests {
		if got := span.ValidOn(*d(tc.day)); got != tc.want {
			t.Errorf("ValidOn(%s) = %v, want %v", tc.day, got, tc.want)
		}
	}
	if !(Span{}).ValidOn(*d("1900-01-01")) {
		t.Error("an open span is valid on every day")
	}
}

func TestEnums(t *testing.T) {
	if !Valid(KindSchool) || Valid(ActorKind("SPACESHIP")) {
		t.Error("Valid is wrong for ActorKind")
	}
	if !KindSchool.IsInstitution() || KindInitiative.IsInstitution() {
		t.Error("IsInstitution is wrong")
	}
	if len(OrganisationKinds)+len(InstitutionKinds) != len(ActorKinds) {
		t.Error("kinds do not partition")
	}
	if SeverityCritical.Rank() != 4 || SeverityLow.Rank() != 1 || Severity("X").Rank() != 0 {
		t.Error("Rank is wrong")
	}
	var k CooperationKind
	if err := k.UnmarshalGQL("FUNDING"); err != nil || k != CoopFunding {
		t.Errorf("UnmarshalGQL: %v %v", k, err)
	}
	if err := k.UnmarshalGQL("BRIBERY"); !errors.Is(err, ErrInvalid) {
		t.Errorf("bad enum: %v", err)
	}
	if err := k.UnmarshalGQL(3); !errors.Is(err, ErrInvalid) {
		t.Errorf("non-string enum: %v", err)
	}
	if LevelQuarter.Depth() != 2 {
		t.Error("Depth is wrong")
	}
}

func TestFieldError(t *testing.T) {
	err := Invalid("input.name", "must be %d to %d characters", 1, 200)
	var fe *FieldError
	if !errors.Is(err, ErrInvalid) || !errors.As(err, &fe) || fe.Field != "input.name" || err.Error() != "input.name: must be 1 to 200 characters" {
		t.Errorf("Invalid = %v", err)
	}
}

func TestFieldsUnder(t *testing.T) {
	for _, tc := range []struct {
		name   string
		fields Fields
		under  string
		want   Fields
	}{
		{"every field", nil, "provider", nil},
		{"the provider's fields", Fields{"name": true, "provider": true, "provider.id": true, "provider.name": true}, "provider", Fields{"id": true, "name": true}},
		{"nothing of the provider asked", Fields{"name": true}, "provider", Fields{}},
		{"a prefix of another field", Fields{"providers.id": true}, "provider", Fields{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.fields.Under(tc.under)
			if (got == nil) != (tc.want == nil) || len(got) != len(tc.want) {
				t.Fatalf("Under(%q) = %v, want %v", tc.under, got, tc.want)
			}
			for k := range tc.want {
				if !got[k] {
					t.Errorf("Under(%q) = %v, lacks %q", tc.under, got, k)
				}
			}
		})
	}
}
