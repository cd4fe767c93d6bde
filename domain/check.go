package domain

import (
	"errors"
	"net/url"
	"strings"
	"unicode/utf8"
)

// The checks of free texts (one line, descriptions, websites, e-mail
// addresses) that every record's rules are built of (actor.go, …). Field
// names are the API's input paths (input.contact.website); imports turn
// them into their columns.

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
