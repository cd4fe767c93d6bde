package resolvers

import (
	"fmt"
	"regexp"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph/model"
)

// Conversions and checks of mutation inputs that concern one type each;
// the general ones are in input.go.

var codePattern = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,63}$`)

func (v *validator) vocabulary(id graphql.Omittable[*string], code, de, en string, desc graphql.Omittable[*string],
	key graphql.Omittable[*string], rec graphql.Omittable[*model.RecordInput]) domain.Vocabulary {
	if !codePattern.MatchString(code) {
		v.fail("input.code", "must be upper case letters, digits and underscores, starting with a letter")
	}
	return domain.Vocabulary{
		ID: deref(id.Value()), Code: code,
		LabelDe: v.name("input.labelDe", de), LabelEn: v.name("input.labelEn", en),
		Description: v.longText("input.description", desc.Value()),
		Meta:        v.meta(key, rec),
	}
}

func deleted(id string) func([]domain.DeleteEffect, error) (*model.DeletePayload, error) {
	return func(effects []domain.DeleteEffect, err error) (*model.DeletePayload, error) {
		if err != nil {
			return nil, fmt.Errorf("delete %s: %w", id, err)
		}
		return &model.DeletePayload{DeletedID: id, Effects: effects}, nil
	}
}

func (v *validator) evidence(e *model.EvidenceInput) *domain.Evidence {
	if e == nil {
		return nil
	}
	y := e.Year.Value()
	v.year("input.evidence.year", y)
	return &domain.Evidence{
		Indicator: v.name("input.evidence.indicator", e.Indicator),
		Value:     e.Value.Value(), Unit: v.text("input.evidence.unit", e.Unit.Value()),
		Year: y, Source: v.text("input.evidence.source", e.Source.Value()),
	}
}

func (v *validator) email(field string, s *string) *string {
	v.check(domain.CheckEmail(field, s))
	return domain.Trimmed(s)
}
