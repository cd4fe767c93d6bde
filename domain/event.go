package domain

import (
	"errors"
	"strings"
	"time"
)

// The event: the value, the rules of a new one and its update.

// Event is an exchange event: a meeting, round table or conference.
type Event struct {
	ID              string
	Name            string
	Kind            EventKind
	Date            time.Time
	Description     *string
	OrganiserID     *string
	NeighbourhoodID *string
	NetworkID       *string
	// ParticipantIDs are the actors that took part. Writes use it; reads
	// leave it empty and load participants on demand.
	ParticipantIDs []string
	Meta
}

// NodeID implements Node.
func (e *Event) NodeID() string { return e.ID }

// EventUpdate changes an event.
type EventUpdate struct {
	Name        Edit[*string]
	Kind        Edit[*EventKind]
	Date        Edit[*time.Time]
	Description Edit[*string]
	// Organiser, Neighbourhood and Network: nil removes the link.
	Organiser     Edit[*string]
	Neighbourhood Edit[*string]
	Network       Edit[*string]
	// Participants replace the actors that took part.
	Participants Edit[[]string]
	MetaUpdate
}

// Normalize trims the texts.
func (u *EventUpdate) Normalize() {
	trimName(&u.Name)
	trimText(&u.Description)
	u.MetaUpdate.normalize()
}

// Validate reports every bad field.
func (u EventUpdate) Validate() error {
	var p problems
	p.name("input.name", u.Name)
	enum(&p, "input.kind", u.Kind)
	required(&p, "input.date", u.Date)
	p.longText("input.description", u.Description)
	u.MetaUpdate.check(&p)
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
	p.add(e.checkTexts())
	return p.err()
}

// checkTexts checks every free text of the event.
func (e Event) checkTexts() error {
	return errors.Join(CheckLongText("input.description", e.Description), e.Meta.Check())
}
