package domain

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// The checks of every free-text field of every record, in one place: the
// API's input validation, the importer's row checks (command line,
// importFiles, HSDS) and dataset loads call them alike. Field names are
// the API's input paths (input.contact.website); imports turn them into
// their columns.

// MaxText is the longest free text (descriptions, addresses, sources,
// keys), in characters after trimming.
const MaxText = 5000

// CheckText checks an optional one-line free text (an address, phone
// number, operator, source, key, unit, role): at most MaxText
// characters, without control or bidirectional formatting characters
// (see BadRune).
func CheckText(field string, s *string) error {
	return checkText(field, s, false)
}

// CheckLongText checks an optional description: like CheckText, but
// line breaks and tabs are allowed.
func CheckLongText(field string, s *string) error {
	return checkText(field, s, true)
}

func checkText(field string, s *string, lines bool) error {
	if s == nil {
		return nil
	}
	t := strings.TrimSpace(*s)
	if utf8.RuneCountInString(t) > MaxText {
		return Invalid(field, "must be at most %d characters", MaxText)
	}
	for _, r := range t {
		if lines && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if _, bad := BadRune(string(r)); bad {
			return Invalid(field, "must not contain control or bidirectional formatting characters (found %U)", r)
		}
	}
	return nil
}

// CheckWebsite checks an optional website: a one-line text that is an
// absolute http or https URL with a host (no javascript:, data:, file:).
func CheckWebsite(field string, s *string) error {
	if err := CheckText(field, s); err != nil || s == nil || strings.TrimSpace(*s) == "" {
		return err
	}
	u, err := url.Parse(strings.TrimSpace(*s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Invalid(field, "must be an http or https URL")
	}
	return nil
}

// CheckEmail checks an optional e-mail address: a one-line text with an @.
func CheckEmail(field string, s *string) error {
	if err := CheckText(field, s); err != nil || s == nil || strings.TrimSpace(*s) == "" {
		return err
	}
	if !strings.Contains(*s, "@") {
		return Invalid(field, "is not an e-mail address")
	}
	return nil
}

// Check checks the provenance's free texts.
func (m Meta) Check() error {
	return errors.Join(CheckText("input.externalKey", m.ExternalKey), CheckText("input.record.source", m.Source))
}

// Check checks the contact details.
func (c Contact) Check() error {
	return errors.Join(CheckEmail("input.contact.email", c.Email), CheckText("input.contact.phone", c.Phone),
		CheckWebsite("input.contact.website", c.Website), CheckText("input.contact.address", c.Address))
}

// CheckTexts checks every free text of the actor (names and keywords
// have CheckName and CheckKeywords).
func (a Actor) CheckTexts() error {
	return errors.Join(CheckLongText("input.description", a.Description), a.Contact.Check(),
		CheckText("input.operator", a.Operator), a.Meta.Check())
}

// CheckTexts checks every free text of the neighbourhood but its
// indicators' (CheckIndicators).
func (n Neighbourhood) CheckTexts() error {
	return errors.Join(CheckText("input.officialCode", n.OfficialCode), CheckLongText("input.description", n.Description), n.Meta.Check())
}

// CheckTexts checks every free text of the person.
func (p Person) CheckTexts() error {
	return errors.Join(CheckEmail("input.email", p.Email), p.Meta.Check())
}

// CheckTexts checks every free text of the role.
func (r Role) CheckTexts() error { return r.Meta.Check() }

// CheckTexts checks every free text of the vocabulary entry.
func (v Vocabulary) CheckTexts() error {
	return errors.Join(CheckLongText("input.description", v.Description), v.Meta.Check())
}

// CheckTexts checks every free text of the service.
func (s Service) CheckTexts() error {
	return errors.Join(CheckLongText("input.description", s.Description), s.Meta.Check())
}

// CheckTexts checks every free text of the need.
func (n Need) CheckTexts() error {
	errs := []error{CheckLongText("input.description", n.Description), n.Meta.Check()}
	if e := n.Evidence; e != nil {
		errs = append(errs, CheckText("input.evidence.unit", e.Unit), CheckText("input.evidence.source", e.Source))
	}
	return errors.Join(errs...)
}

// CheckTexts checks every free text of the cooperation.
func (c Cooperation) CheckTexts() error {
	return errors.Join(CheckLongText("input.description", c.Description), c.Meta.Check())
}

// CheckTexts checks every free text of the network.
func (n Network) CheckTexts() error {
	return errors.Join(CheckLongText("input.description", n.Description), n.Meta.Check())
}

// CheckTexts checks every free text of the membership.
func (m Membership) CheckTexts() error {
	return errors.Join(CheckText("input.role", m.Role), m.Meta.Check())
}

// CheckTexts checks every free text of the event.
func (e Event) CheckTexts() error {
	return errors.Join(CheckLongText("input.description", e.Description), e.Meta.Check())
}

// Normalized returns the contact details trimmed, empty ones nil.
func (c Contact) Normalized() Contact {
	return Contact{Email: Trimmed(c.Email), Phone: Trimmed(c.Phone), Website: Trimmed(c.Website), Address: Trimmed(c.Address)}
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

// Normalized returns the indicator with its texts trimmed.
func (i Indicator) Normalized() Indicator {
	i.Name, i.Unit, i.Source = strings.TrimSpace(i.Name), strings.TrimSpace(i.Unit), Trimmed(i.Source)
	return i
}

// CheckIndicators checks a neighbourhood's monitoring values: each
// named, of a plausible year where one is given (imports may leave it
// out: 0), with one-line unit and source.
func CheckIndicators(in []Indicator) error {
	var p problems
	for i, x := range in {
		at := fmt.Sprintf("input.indicators[%d]", i)
		p.add(CheckName(at+".name", x.Name))
		if x.Year != 0 {
			p.add(CheckYear(at+".year", &x.Year))
		}
		p.add(CheckText(at+".unit", &x.Unit), CheckText(at+".source", x.Source))
	}
	return p.err()
}

// DefaultStrength is the strength of a cooperation nobody rated.
const DefaultStrength = 0.5

// CheckStrength requires a cooperation's strength from 0 to 1.
func CheckStrength(f float64) error {
	if !(f >= 0 && f <= 1) {
		return Invalid("input.strength", "must be between 0 and 1")
	}
	return nil
}

// DirectedByDefault says whether a cooperation of kind k runs one way
// unless told otherwise: funding runs from the funder to the funded,
// referral from the referrer to the receiver; every other kind is
// mutual.
func (k CooperationKind) DirectedByDefault() bool {
	return k == CoopFunding || k == CoopReferral
}

// WithDefaults fills in what a new cooperation's input may leave out,
// for the API and imports alike: nil strength is DefaultStrength, nil
// directed is what the kind says (DirectedByDefault).
func (c Cooperation) WithDefaults(strength *float64, directed *bool) Cooperation {
	c.Strength, c.Directed = DefaultStrength, c.Kind.DirectedByDefault()
	if strength != nil {
		c.Strength = *strength
	}
	if directed != nil {
		c.Directed = *directed
	}
	return c
}

// Check checks what a cooperation must be beyond its texts: two
// different actors, a known kind, a strength from 0 to 1.
func (c Cooperation) Check() error {
	var p problems
	if c.FromID == c.ToID {
		p.add(Invalid("input.to", "an actor cannot cooperate with itself"))
	}
	p.add(CheckEnum("input.kind", c.Kind), CheckStrength(c.Strength))
	return p.err()
}
