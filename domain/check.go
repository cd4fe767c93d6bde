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

// CheckTexts checks every free text of the neighbourhood.
func (n Neighbourhood) CheckTexts() error {
	errs := []error{CheckText("input.officialCode", n.OfficialCode), CheckLongText("input.description", n.Description), n.Meta.Check()}
	for i, x := range n.Indicators {
		at := fmt.Sprintf("input.indicators[%d]", i)
		errs = append(errs, CheckText(at+".unit", &x.Unit), CheckText(at+".source", x.Source))
	}
	return errors.Join(errs...)
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
