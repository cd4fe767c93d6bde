package domain

import (
	"errors"
	"strings"
)

// The need: the value with its evidence, the rules of a new one and its
// update.

// Evidence is the monitoring figure a need is read from.
type Evidence struct {
	Indicator string
	Value     *float64
	Unit      *string
	Year      *int
	Source    *string
}

// Need is the need of a target group on a topic in a neighbourhood.
type Need struct {
	ID              string
	TargetGroupID   string
	TopicID         string
	NeighbourhoodID string
	Severity        Severity
	Description     *string
	Evidence        *Evidence
	Span
	Meta
}

// NodeID implements Node.
func (n *Need) NodeID() string { return n.ID }

// NeedUpdate changes a need.
type NeedUpdate struct {
	Severity    Edit[*Severity]
	Description Edit[*string]
	// Evidence replaces the evidence; nil removes it.
	Evidence Edit[*Evidence]
	SpanUpdate
	MetaUpdate
}

// Normalize trims the texts.
func (u *NeedUpdate) Normalize() {
	trimText(&u.Description)
	if u.Evidence.Set && u.Evidence.Value != nil {
		e := u.Evidence.Value.Normalized()
		u.Evidence.Value = &e
	}
	u.MetaUpdate.normalize()
}

// Validate reports every bad field.
func (u NeedUpdate) Validate() error {
	var p problems
	enum(&p, "input.severity", u.Severity)
	p.longText("input.description", u.Description)
	if u.Evidence.Set && u.Evidence.Value != nil {
		p.add(u.Evidence.Value.Check())
	}
	u.MetaUpdate.check(&p)
	return p.err()
}

// Normalize trims the texts.
func (n *Need) Normalize() {
	n.Description = Trimmed(n.Description)
	if n.Evidence != nil {
		e := n.Evidence.Normalized()
		n.Evidence = &e
	}
	n.Meta.normalize()
}

// Validate reports every problem of a new need.
func (n Need) Validate() error {
	var p problems
	p.add(CheckEnum("input.severity", n.Severity), n.Span.Check(), n.checkTexts())
	if n.Evidence != nil {
		p.add(n.Evidence.Check())
	}
	return p.err()
}

// checkTexts checks every free text of the need.
func (n Need) checkTexts() error {
	errs := []error{CheckLongText("input.description", n.Description), n.Meta.Check()}
	if e := n.Evidence; e != nil {
		errs = append(errs, CheckText("input.evidence.unit", e.Unit), CheckText("input.evidence.source", e.Source))
	}
	return errors.Join(errs...)
}

// Normalized returns the evidence with its texts trimmed.
func (e Evidence) Normalized() Evidence {
	e.Indicator = strings.TrimSpace(e.Indicator)
	e.Unit, e.Source = Trimmed(e.Unit), Trimmed(e.Source)
	return e
}

// Check checks the evidence of a need: an indicator named, a plausible
// year, one-line texts.
func (e Evidence) Check() error {
	return errors.Join(CheckName("input.evidence.indicator", e.Indicator), CheckYear("input.evidence.year", e.Year),
		CheckText("input.evidence.unit", e.Unit), CheckText("input.evidence.source", e.Source))
}
