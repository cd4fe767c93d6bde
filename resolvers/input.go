package resolvers

import (
	"errors"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph/model"
)

// validator collects every input error of a mutation, so that each
// conversion reads as a list of checks and a client learns of all its
// bad fields at once.
type validator struct{ err error }

func (v *validator) fail(field, format string, args ...any) {
	v.check(domain.Invalid(field, format, args...))
}

// check keeps err (nil for none) beside the earlier ones, so that an
// input with several bad fields is refused naming all of them.
func (v *validator) check(err error) {
	if err != nil {
		v.err = errors.Join(v.err, err)
	}
}

// name checks a required name and returns it trimmed.
func (v *validator) name(field, s string) string {
	s = strings.TrimSpace(s)
	v.check(domain.CheckName(field, s))
	return s
}

// keywords checks a record's keywords.
func (v *validator) keywords(field string, kws []string) []string {
	v.check(domain.CheckKeywords(field, kws))
	return kws
}

// text checks an optional one-line free text (domain.CheckText) and
// returns it trimmed, nil when empty.
func (v *validator) text(field string, s *string) *string {
	v.check(domain.CheckText(field, s))
	return domain.Trimmed(s)
}

// longText checks an optional description (domain.CheckLongText).
func (v *validator) longText(field string, s *string) *string {
	v.check(domain.CheckLongText(field, s))
	return domain.Trimmed(s)
}

// span reads the validity of a record to create, starting on the day of
// creation unless told otherwise (domain.CreatedSpan).
func (v *validator) span(from, to graphql.Omittable[*time.Time], today time.Time) domain.Span {
	s := domain.CreatedSpan(from.Value(), from.IsSet(), to.Value(), today)
	if s.ValidFrom != nil && s.ValidTo != nil && s.ValidTo.Before(*s.ValidFrom) {
		v.fail("input.validTo", "must not be before validFrom")
	}
	return s
}

func (v *validator) nonEmpty(field string, ids []string) []string {
	if len(ids) == 0 {
		v.fail(field, "needs at least one id")
	}
	return ids
}

func (v *validator) year(field string, y *int) {
	if y != nil && (*y < 1900 || *y > 2100) {
		v.fail(field, "must be between 1900 and 2100")
	}
}

func (v *validator) indicators(in []model.IndicatorInput) []domain.Indicator {
	out := make([]domain.Indicator, len(in))
	for i, x := range in {
		y := x.Year
		v.year("input.indicators.year", &y)
		v.check(domain.CheckText("input.indicators.unit", &x.Unit))
		out[i] = domain.Indicator{Name: v.name("input.indicators.name", x.Name), Value: x.Value, Unit: x.Unit, Year: x.Year,
			Source: v.text("input.indicators.source", x.Source.Value())}
	}
	return out
}

// meta reads the provenance of a create input.
func (v *validator) meta(externalKey graphql.Omittable[*string], rec graphql.Omittable[*model.RecordInput]) domain.Meta {
	m := v.recordMeta(rec)
	m.ExternalKey = v.text("input.externalKey", externalKey.Value())
	return m
}

// withStatus sets the status a create input asks for (nil: active).
func withStatus(m domain.Meta, s *domain.RecordStatus) domain.Meta {
	if s != nil {
		m.Status = *s
	}
	return m
}

// recordMeta reads the provenance of a link input, which has no key.
func (v *validator) recordMeta(rec graphql.Omittable[*model.RecordInput]) domain.Meta {
	var m domain.Meta
	if r := rec.Value(); r != nil {
		m.Source = v.text("input.record.source", r.Source.Value())
		m.LastConfirmed = r.LastConfirmed.Value()
	}
	return m
}
