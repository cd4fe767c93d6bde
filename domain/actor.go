package domain

import (
	"errors"
	"strings"
)

// The actor: the value, the rules of a new one (Normalize, Validate)
// and its update (ActorUpdate), so that a new field is one file here.

// Contact is how to reach an organisation (not a person).
type Contact struct {
	Email   *string
	Phone   *string
	Website *string
	Address *string
}

// Actor is an organisation, initiative, association or institution.
type Actor struct {
	ID          string
	Name        string
	Kind        ActorKind
	Sector      Sector
	Description *string
	Keywords    []string
	Contact     Contact
	// Operator is the body that runs an institution (its Träger).
	Operator *string
	// Public actors are listed to callers without credentials.
	Public bool
	// NeighbourhoodIDs are where the actor is active (ACTIVE_IN). Writes
	// use it; reads leave it empty and load neighbourhoods on demand.
	NeighbourhoodIDs []string
	// ContactPoints are whom to call (see ContactPoint).
	ContactPoints []ContactPoint
	Span
	Meta
}

// NodeID implements Node.
func (a *Actor) NodeID() string { return a.ID }

// ActorNode is an actor as the API shows it: an *Organisation or an
// *Institution, depending on its kind.
type ActorNode interface {
	Node
	Record
	GetActor() *Actor
}

// GetActor implements ActorNode.
func (a *Actor) GetActor() *Actor { return a }

// Organisation is an actor that is not an institution.
type Organisation struct{ *Actor }

// Institution is a public or publicly commissioned institution: a school,
// day-care centre, youth office, job centre, health or social service.
type Institution struct{ *Actor }

// AsNode wraps a in the API type its kind calls for.
func (a *Actor) AsNode() ActorNode {
	if a.Kind.IsInstitution() {
		return &Institution{a}
	}
	return &Organisation{a}
}

// ActorUpdate changes an actor.
type ActorUpdate struct {
	Name        Edit[*string]
	Kind        Edit[*ActorKind]
	Sector      Edit[*Sector]
	Description Edit[*string]
	Keywords    Edit[[]string]
	// Contact replaces every contact detail; nil clears them all.
	Contact  Edit[*Contact]
	Operator Edit[*string]
	// Public: nil is false.
	Public Edit[*bool]
	// Neighbourhoods replace where the actor is active.
	Neighbourhoods Edit[[]string]
	Status         Edit[*RecordStatus]
	SpanUpdate
	MetaUpdate
}

// Normalize trims the texts.
func (u *ActorUpdate) Normalize() {
	trimName(&u.Name)
	trimText(&u.Description)
	trimText(&u.Operator)
	if u.Contact.Set && u.Contact.Value != nil {
		c := u.Contact.Value.Normalized()
		u.Contact.Value = &c
	}
	u.MetaUpdate.normalize()
}

// Validate reports every bad field.
func (u ActorUpdate) Validate() error {
	var p problems
	p.name("input.name", u.Name)
	enum(&p, "input.kind", u.Kind)
	enum(&p, "input.sector", u.Sector)
	p.longText("input.description", u.Description)
	if u.Keywords.Set {
		p.add(CheckKeywords("input.keywords", u.Keywords.Value))
	}
	if u.Contact.Set && u.Contact.Value != nil {
		p.add(u.Contact.Value.Check())
	}
	p.text("input.operator", u.Operator)
	enum(&p, "input.status", u.Status)
	u.MetaUpdate.check(&p)
	return p.err()
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
		CheckKeywords("input.keywords", a.Keywords), a.Span.Check(), a.checkStatus(), a.checkTexts())
	return p.err()
}

// Check checks the contact details.
func (c Contact) Check() error {
	return errors.Join(CheckEmail("input.contact.email", c.Email), CheckText("input.contact.phone", c.Phone),
		CheckWebsite("input.contact.website", c.Website), CheckText("input.contact.address", c.Address))
}

// checkTexts checks every free text of the actor (names and keywords
// have CheckName and CheckKeywords).
func (a Actor) checkTexts() error {
	return errors.Join(CheckLongText("input.description", a.Description), a.Contact.Check(),
		CheckText("input.operator", a.Operator), a.Meta.Check())
}

// Normalized returns the contact details trimmed, empty ones nil.
func (c Contact) Normalized() Contact {
	return Contact{Email: Trimmed(c.Email), Phone: Trimmed(c.Phone), Website: Trimmed(c.Website), Address: Trimmed(c.Address)}
}
