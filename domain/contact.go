package domain

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"regexp"
	"slices"
	"strings"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/language"
)

// ContactPoint is whom to call about an actor or a service: a function
// of the organisation (the registration desk, the advice line, the
// school office), modelled on HSDS's contact, phone, schedule and
// language. It is no private person's data: the phone number and e-mail
// are the function's, and a named person is reached only through Role,
// a person's role at the actor, which the usual rules for people guard
// (hidden from the public, pseudonymised for researchers).
type ContactPoint struct {
	// ID is stable (prefix cp_); the API gives one when omitted.
	ID string `json:"id"`
	// Function names what the contact point is for, e.g. "Anmeldung".
	Function string `json:"function"`
	// Phone is the number in E.164 form, e.g. +4930123456.
	Phone *string `json:"phone,omitempty"`
	// Email is the function's address, e.g. beratung@awo-nord.de.
	Email *string `json:"email,omitempty"`
	// OpeningHours are when the contact point answers.
	OpeningHours []OpeningHours `json:"openingHours,omitempty"`
	// Languages are BCP 47 tags in canonical form, e.g. "de", "ar", "uk".
	Languages []string `json:"languages,omitempty"`
	// RoleID is the role of the person who answers, at the actor (or the
	// service's provider); nil for a function without a named person.
	RoleID *string `json:"roleId,omitempty"`
}

// OpeningHours is one weekly opening: on Days from Opens to Closes
// (local time, 24-hour "HH:MM", Opens before Closes), as HSDS's
// schedule (byday, opens_at, closes_at) has it. Several openings make a
// week: Monday to Thursday 9–12 and Tuesday 14–18 are two.
type OpeningHours struct {
	Days   []Weekday `json:"days"`
	Opens  string    `json:"opens"`
	Closes string    `json:"closes"`
	// Note says what a time cannot, e.g. "nur nach Vereinbarung".
	Note *string `json:"note,omitempty"`
}

// Weekday is a day of the week as iCalendar's BYDAY (and HSDS) spell it.
type Weekday string

// Weekdays, Monday first.
const (
	Monday    Weekday = "MO"
	Tuesday   Weekday = "TU"
	Wednesday Weekday = "WE"
	Thursday  Weekday = "TH"
	Friday    Weekday = "FR"
	Saturday  Weekday = "SA"
	Sunday    Weekday = "SU"
)

// Weekdays lists every Weekday, Monday first.
var Weekdays = []Weekday{Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday}

// MarshalGQL implements graphql.Marshaler.
func (d Weekday) MarshalGQL(w io.Writer) { marshalEnum(w, d) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (d *Weekday) UnmarshalGQL(v any) error { return unmarshalEnum(d, v) }

// MaxContactPoints is how many contact points one actor or service has
// at most.
const MaxContactPoints = 20

// PhoneRegion is the country whose numbers may be written without a
// country code: kiezgraph serves German cities.
const PhoneRegion = "DE"

var clock = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// NormalizeContactPoints checks the contact points of an actor or
// service (field names the input list, e.g. "input.contactPoints") and
// brings them into canonical form: trimmed texts, phone numbers in E.164
// (numbers without a country code are read as German), languages as
// canonical BCP 47 tags, each once. Every bad field is reported.
func NormalizeContactPoints(field string, cps []ContactPoint) error {
	var errs []error
	if len(cps) > MaxContactPoints {
		errs = append(errs, Invalid(field, "at most %d contact points", MaxContactPoints))
	}
	for i := range cps {
		errs = append(errs, cps[i].normalize(fmt.Sprintf("%s[%d]", field, i)))
	}
	return errors.Join(errs...)
}

func (c *ContactPoint) normalize(field string) error {
	var errs []error
	c.Function = strings.TrimSpace(c.Function)
	errs = append(errs, CheckName(field+".function", c.Function))
	if c.Phone != nil {
		p, err := NormalizePhone(*c.Phone)
		if err != nil {
			errs = append(errs, Invalid(field+".phone", "%v", err))
		} else {
			c.Phone = &p
		}
	}
	if c.Email != nil {
		e := strings.TrimSpace(*c.Email)
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e || a.Name != "" {
			errs = append(errs, Invalid(field+".email", "%q is not an e-mail address (name@example.org)", e))
		} else {
			c.Email = &e
		}
	}
	for i, tag := range c.Languages {
		t, err := language.Parse(strings.TrimSpace(tag))
		if err != nil {
			errs = append(errs, Invalid(fmt.Sprintf("%s.languages[%d]", field, i), "%q is not a BCP 47 language tag (e.g. de, ar, uk, de-AT)", tag))
			continue
		}
		c.Languages[i] = t.String()
	}
	seen := map[string]bool{}
	c.Languages = slices.DeleteFunc(c.Languages, func(l string) bool { dup := seen[l]; seen[l] = true; return dup })
	for i := range c.OpeningHours {
		errs = append(errs, c.OpeningHours[i].check(fmt.Sprintf("%s.openingHours[%d]", field, i)))
	}
	return errors.Join(errs...)
}

func (o *OpeningHours) check(field string) error {
	var errs []error
	if len(o.Days) == 0 {
		errs = append(errs, Invalid(field+".days", "name at least one day"))
	}
	for _, d := range o.Days {
		if !Valid(d) {
			errs = append(errs, Invalid(field+".days", "%q is not a weekday (MO … SU)", d))
		}
	}
	slices.SortFunc(o.Days, func(a, b Weekday) int { return slices.Index(Weekdays, a) - slices.Index(Weekdays, b) })
	o.Days = slices.Compact(o.Days)
	okOpens, okCloses := clock.MatchString(o.Opens), clock.MatchString(o.Closes)
	if !okOpens {
		errs = append(errs, Invalid(field+".opens", "%q is not a time of day (HH:MM, 00:00 to 23:59)", o.Opens))
	}
	if !okCloses {
		errs = append(errs, Invalid(field+".closes", "%q is not a time of day (HH:MM, 00:00 to 23:59)", o.Closes))
	}
	if okOpens && okCloses && o.Opens >= o.Closes {
		errs = append(errs, Invalid(field+".closes", "must be after opens (%s)", o.Opens))
	}
	errs = append(errs, CheckText(field+".note", o.Note))
	return errors.Join(errs...)
}

// NormalizePhone returns a phone number in E.164 form; a number without
// a country code is read as one of PhoneRegion. Numbers that cannot be
// dialled (too short, too long, no such area) are an error.
func NormalizePhone(s string) (string, error) {
	if _, bad := BadRune(s); bad || strings.ContainsAny(s, "\n\r") {
		return "", fmt.Errorf("%q must not contain control characters", s)
	}
	n, err := phonenumbers.Parse(s, PhoneRegion)
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return "", fmt.Errorf("%q is not a valid phone number (e.g. +49 30 1234567 or 030 1234567)", s)
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}

// ContactPointsJSON encodes contact points as stored (nil for none).
func ContactPointsJSON(cps []ContactPoint) (*string, error) {
	if len(cps) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(cps)
	if err != nil {
		return nil, fmt.Errorf("contact points: %w", err)
	}
	s := string(b)
	return &s, nil
}

// ParseContactPoints decodes stored contact points; "" is none.
func ParseContactPoints(s string) ([]ContactPoint, error) {
	if s == "" {
		return nil, nil
	}
	var out []ContactPoint
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fmt.Errorf("contact points: %w", err)
	}
	return out, nil
}
