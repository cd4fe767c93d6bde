package domain

import (
	"errors"
	"strings"
	"time"
)

// Edit is one field of an update: Set says whether the update touches
// it at all, Value what it becomes. A nil Value (or a nil list) clears
// an optional field; a required field refuses it (Validate says
// "cannot be null"). A plain pointer could not tell "leave it alone"
// from "clear it", and a map of property names (what updates used to
// be) lets the compiler check nothing.
type Edit[T any] struct {
	Set   bool
	Value T
}

// To returns an Edit that sets v.
func To[T any](v T) Edit[T] { return Edit[T]{Set: true, Value: v} }

// Trimmed returns s without surrounding white space, nil when nothing
// is left: an empty optional text is no text.
func Trimmed(s *string) *string {
	if s == nil {
		return nil
	}
	t := strings.TrimSpace(*s)
	if t == "" {
		return nil
	}
	return &t
}

// trimText trims an optional text a field sets.
func trimText(f *Edit[*string]) {
	if f.Set {
		f.Value = Trimmed(f.Value)
	}
}

// trimName trims a required name a field sets (nil stays nil, refused
// by Validate).
func trimName(f *Edit[*string]) {
	if f.Set && f.Value != nil {
		t := strings.TrimSpace(*f.Value)
		f.Value = &t
	}
}

// problems collects every problem of a value, so that a client learns
// of all its bad fields at once.
type problems []error

func (p *problems) add(errs ...error) {
	for _, err := range errs {
		if err != nil {
			*p = append(*p, err)
		}
	}
}

func (p problems) err() error { return errors.Join(p...) }

// required refuses a null for a required field the update sets.
func required[T any](p *problems, field string, f Edit[*T]) bool {
	if f.Set && f.Value == nil {
		p.add(Invalid(field, "cannot be null"))
		return false
	}
	return f.Set
}

// name checks a required name the update sets.
func (p *problems) name(field string, f Edit[*string]) {
	if required(p, field, f) {
		p.add(CheckName(field, *f.Value))
	}
}

// enum checks a required enum value the update sets.
func enum[T ~string](p *problems, field string, f Edit[*T]) {
	if required(p, field, f) {
		p.add(CheckEnum(field, *f.Value))
	}
}

// text checks an optional one-line text the update sets.
func (p *problems) text(field string, f Edit[*string]) {
	if f.Set {
		p.add(CheckText(field, f.Value))
	}
}

// longText checks an optional description the update sets.
func (p *problems) longText(field string, f Edit[*string]) {
	if f.Set {
		p.add(CheckLongText(field, f.Value))
	}
}

// ids checks a replacement list of ids: at least one where the record
// needs one.
func (p *problems) ids(field string, f Edit[[]string], atLeastOne bool) {
	if f.Set && atLeastOne && len(f.Value) == 0 {
		p.add(Invalid(field, "needs at least one id"))
	}
}

// CheckEnum requires a valid value of an enum.
func CheckEnum[T ~string](field string, v T) error {
	if !Valid(v) {
		return Invalid(field, "%q is not a valid value", string(v))
	}
	return nil
}

// CheckYear requires a year from 1900 to 2100, when one is given.
func CheckYear(field string, y *int) error {
	if y != nil && (*y < 1900 || *y > 2100) {
		return Invalid(field, "must be between 1900 and 2100")
	}
	return nil
}

// Check requires the span not to end before it begins.
func (s Span) Check() error {
	if s.ValidFrom != nil && s.ValidTo != nil && s.ValidTo.Before(*s.ValidFrom) {
		return Invalid("input.validTo", "must not be before validFrom")
	}
	return nil
}

// MetaUpdate changes a record's provenance. Links (roles, memberships)
// have no external key and never set it.
type MetaUpdate struct {
	ExternalKey   Edit[*string]
	Source        Edit[*string]
	LastConfirmed Edit[*time.Time]
}

func (m *MetaUpdate) normalize() {
	trimText(&m.ExternalKey)
	trimText(&m.Source)
}

func (m MetaUpdate) check(p *problems) {
	p.text("input.externalKey", m.ExternalKey)
	p.text("input.record.source", m.Source)
}

// SpanUpdate changes a record's validity. Whether the result ends
// before it begins depends on the stored ends too: the store checks the
// merged span with Span.Check.
type SpanUpdate struct {
	ValidFrom Edit[*time.Time]
	ValidTo   Edit[*time.Time]
}
