package domain

import (
	"errors"
	"regexp"
	"strings"
)

// The rules of new records, one Normalize and one Validate per entity.
// The API, imports (command line, importFiles, HSDS) and dataset loads
// reach them alike: the store prepares every record it creates
// (Prepare). The one rule only the API applies is Service.CheckLinks.
// Updates have theirs in update.go.

// Input is a value on its way into the store: a new record or an
// update.
type Input interface {
	// Normalize trims the texts.
	Normalize()
	// Validate reports every bad field at once.
	Validate() error
}

// Prepare normalizes and validates a new record or an update (pass a
// pointer). The store calls it for every write, whoever writes; the API
// calls it first where it does more work before the write.
func Prepare(in Input) error {
	in.Normalize()
	return in.Validate()
}

// Nested moves the field errors of err under prefix, for a record that
// arrives inside another's input: with prefix "input.role",
// "input.title" becomes "input.role.title". Other errors are kept.
func Nested(prefix string, err error) error {
	fes := FieldErrors(err)
	if len(fes) == 0 {
		return err
	}
	out := make([]error, len(fes))
	for i, fe := range fes {
		out[i] = &FieldError{Field: prefix + strings.TrimPrefix(fe.Field, "input"), Message: fe.Message}
	}
	return errors.Join(out...)
}

// CodePattern is the form of a vocabulary code, e.g. CHILDREN_6_13.
var CodePattern = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,63}$`)

func (m *Meta) normalize() {
	m.ExternalKey, m.Source = Trimmed(m.ExternalKey), Trimmed(m.Source)
}

// checkStatus refuses a status that is not one (empty is active).
func (m Meta) checkStatus() error {
	if m.Status == "" {
		return nil
	}
	return CheckEnum("input.status", m.Status)
}

// atLeastOne requires a list of ids to hold one.
func atLeastOne(field string, ids []string) error {
	if len(ids) == 0 {
		return Invalid(field, "needs at least one id")
	}
	return nil
}

// Normalize trims the texts.
func (a *Actor) Normalize() {
	a.Name, a.Description, a.Operator = strings.TrimSpace(a.Name), Trimmed(a.Description), Trimmed(a.Operator)
	a.Contact = a.Contact.Normalized()
	a.Meta.normalize()
}

// Validate reports every problem of a new actor.
func (a Actor) Validate() error {
	var p problems
	p.add(CheckName("input.name", a.Name), CheckEnum("input.kind", a.Kind), CheckEnum("input.sector", a.Sector),
		CheckKeywords("input.keywords", a.Keywords), a.Span.Check(), a.checkStatus(), a.CheckTexts())
	return p.err()
}

// Normalize trims the texts.
func (s *Service) Normalize() {
	s.Name, s.Description = strings.TrimSpace(s.Name), Trimmed(s.Description)
	s.Meta.normalize()
}

// Validate reports every problem of a new service.
func (s Service) Validate() error {
	var p problems
	p.add(CheckName("input.name", s.Name), CheckKeywords("input.keywords", s.Keywords), s.Span.Check(),
		s.checkStatus(), s.CheckTexts())
	return p.err()
}

// CheckLinks requires what a service entered by hand must say: for whom,
// on what and where. Imports may leave it to be filled in (HSDS services
// often come without), and a service found without is a gap in the
// data, not an error; an update may not take it away (ServiceUpdate).
func (s Service) CheckLinks() error {
	var p problems
	p.add(atLeastOne("input.targetGroups", s.TargetGroupIDs), atLeastOne("input.topics", s.TopicIDs),
		atLeastOne("input.neighbourhoods", s.NeighbourhoodIDs))
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
	p.add(CheckEnum("input.severity", n.Severity), n.Span.Check(), n.CheckTexts())
	if n.Evidence != nil {
		p.add(n.Evidence.Check())
	}
	return p.err()
}

// Normalize trims the texts.
func (c *Cooperation) Normalize() {
	c.Description = Trimmed(c.Description)
	c.Meta.normalize()
}

// Validate reports every problem of a new cooperation.
func (c Cooperation) Validate() error {
	var p problems
	p.add(c.Check(), c.Span.Check(), c.checkStatus(), c.CheckTexts())
	return p.err()
}

// Normalize trims the texts.
func (n *Network) Normalize() {
	n.Name, n.Description = strings.TrimSpace(n.Name), Trimmed(n.Description)
	n.Meta.normalize()
}

// Validate reports every problem of a new network.
func (n Network) Validate() error {
	var p problems
	p.add(CheckName("input.name", n.Name), CheckEnum("input.kind", n.Kind), n.Span.Check(), n.CheckTexts())
	return p.err()
}

// Normalize trims the texts.
func (m *Membership) Normalize() {
	m.Role = Trimmed(m.Role)
	m.Meta.normalize()
}

// Validate reports every problem of a new membership.
func (m Membership) Validate() error {
	var p problems
	p.add(m.Span.Check(), m.CheckTexts())
	return p.err()
}

// Normalize trims the texts.
func (e *Event) Normalize() {
	e.Name, e.Description = strings.TrimSpace(e.Name), Trimmed(e.Description)
	e.Meta.normalize()
}

// Validate reports every problem of a new event.
func (e Event) Validate() error {
	var p problems
	p.add(CheckName("input.name", e.Name), CheckEnum("input.kind", e.Kind))
	if e.Date.IsZero() {
		p.add(Invalid("input.date", "is required"))
	}
	p.add(e.CheckTexts())
	return p.err()
}

// Normalize trims the texts.
func (p *Person) Normalize() {
	p.Name, p.Email = strings.TrimSpace(p.Name), Trimmed(p.Email)
	p.Meta.normalize()
}

// Validate reports every problem of a new person.
func (p Person) Validate() error {
	var pr problems
	pr.add(CheckName("input.name", p.Name), p.CheckTexts())
	return pr.err()
}

// Normalize trims the texts.
func (r *Role) Normalize() {
	r.Title = strings.TrimSpace(r.Title)
	r.Meta.normalize()
}

// Validate reports every problem of a new role.
func (r Role) Validate() error {
	var p problems
	p.add(CheckName("input.title", r.Title), r.Span.Check(), r.CheckTexts())
	return p.err()
}

// Normalize trims the texts.
func (v *Vocabulary) Normalize() {
	v.Code, v.LabelDe, v.LabelEn = strings.TrimSpace(v.Code), strings.TrimSpace(v.LabelDe), strings.TrimSpace(v.LabelEn)
	v.Description = Trimmed(v.Description)
	v.Meta.normalize()
}

// Validate reports every problem of a new target group or topic.
func (v Vocabulary) Validate() error {
	var p problems
	if !CodePattern.MatchString(v.Code) {
		p.add(Invalid("input.code", "must be upper case letters, digits and underscores, starting with a letter"))
	}
	p.add(CheckName("input.labelDe", v.LabelDe), CheckName("input.labelEn", v.LabelEn), v.CheckTexts())
	return p.err()
}

// Normalize trims the texts.
func (n *Neighbourhood) Normalize() {
	n.Name, n.OfficialCode, n.Description = strings.TrimSpace(n.Name), Trimmed(n.OfficialCode), Trimmed(n.Description)
	for i := range n.Indicators {
		n.Indicators[i] = n.Indicators[i].Normalized()
	}
	n.Meta.normalize()
}

// Validate reports every problem of a new neighbourhood (whether its
// parent has the level above is the store's to check: it needs the
// parent).
func (n Neighbourhood) Validate() error {
	var p problems
	p.add(CheckName("input.name", n.Name), CheckEnum("input.level", n.Level))
	if n.Population != nil && *n.Population < 0 {
		p.add(Invalid("input.population", "must not be negative"))
	}
	p.add(CheckIndicators(n.Indicators), n.CheckTexts())
	return p.err()
}
