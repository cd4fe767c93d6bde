package resolvers

import (
	"errors"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph/model"
	"github.com/kiezgraph/kiezgraph/store"
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
	return trimmed(s)
}

// longText checks an optional description (domain.CheckLongText).
func (v *validator) longText(field string, s *string) *string {
	v.check(domain.CheckLongText(field, s))
	return trimmed(s)
}

// trimmed returns s without surrounding white space, nil when empty.
func trimmed(s *string) *string {
	if s == nil {
		return nil
	}
	t := strings.TrimSpace(*s)
	if t == "" {
		return nil
	}
	return &t
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

// patch builds a store.Patch from the omittable fields of an update
// input: an omitted field is left alone, an explicit null clears it.
type patch struct {
	*validator
	p store.Patch
}

func newPatch() *patch { return &patch{validator: &validator{}, p: store.Patch{}} }

// name sets a required name; null is refused.
func (p *patch) reqName(key string, o graphql.Omittable[*string]) {
	if v, ok := o.ValueOK(); ok {
		if v == nil {
			p.fail("input."+key, "cannot be null")
			return
		}
		p.p[key] = p.validator.name("input."+key, *v)
	}
}

// flag sets a boolean; null means false.
func (p *patch) flag(key string, o graphql.Omittable[*bool]) {
	if v, ok := o.ValueOK(); ok {
		p.p[key] = v != nil && *v
	}
}

func (p *patch) text(key string, o graphql.Omittable[*string]) {
	if v, ok := o.ValueOK(); ok {
		p.p[key] = p.validator.text("input."+key, v)
	}
}

func (p *patch) longText(key string, o graphql.Omittable[*string]) {
	if v, ok := o.ValueOK(); ok {
		p.p[key] = p.validator.longText("input."+key, v)
	}
}

func (p *patch) date(key string, o graphql.Omittable[*time.Time]) {
	if v, ok := o.ValueOK(); ok {
		p.p[key] = v
	}
}

// enum sets a required enum value; null is refused.
func patchEnum[T ~string](p *patch, key string, o graphql.Omittable[*T]) {
	if v, ok := o.ValueOK(); ok {
		if v == nil {
			p.fail("input."+key, "cannot be null")
			return
		}
		p.p[key] = string(*v)
	}
}

func (p *patch) strings(key string, o graphql.Omittable[[]string]) {
	if v, ok := o.ValueOK(); ok {
		if v == nil {
			v = []string{}
		}
		p.p[key] = v
	}
}

// keywords sets the keywords, checked; null clears them.
func (p *patch) keywords(o graphql.Omittable[[]string]) {
	if v, ok := o.ValueOK(); ok {
		p.validator.keywords("input.keywords", v)
	}
	p.strings("keywords", o)
}

// record applies provenance and the external key.
func (p *patch) record(externalKey graphql.Omittable[*string], rec graphql.Omittable[*model.RecordInput]) {
	p.text("externalKey", externalKey)
	p.recordOnly(rec)
}

// recordOnly applies provenance.
func (p *patch) recordOnly(rec graphql.Omittable[*model.RecordInput]) {
	if r := rec.Value(); r != nil {
		p.text("source", r.Source)
		p.date("lastConfirmed", r.LastConfirmed)
	}
}

// ids returns a replacement id list, or nil when omitted; an explicit
// null or an empty list is refused where at least one is required.
func (p *patch) ids(field string, o graphql.Omittable[[]string], required bool) []string {
	v, ok := o.ValueOK()
	if !ok {
		return nil
	}
	if v == nil {
		v = []string{}
	}
	if required && len(v) == 0 {
		p.fail(field, "needs at least one id")
	}
	return v
}
