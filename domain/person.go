package domain

import (
	"errors"
	"strings"
)

// People and their roles: the values, the rules of new ones and their
// updates.

// Person is someone who works or volunteers in a role. People are
// personal data: the model keeps as little about them as it can.
type Person struct {
	ID    string
	Name  string
	Email *string
	Meta
}

// NodeID implements Node.
func (p *Person) NodeID() string { return p.ID }

// Role is a person's work at an actor (WORKS_AT).
type Role struct {
	ID       string
	PersonID string
	ActorID  string
	Title    string
	Span
	Meta
}

// NodeID lets roles take part in level-wise batching; roles are not
// nodes of the API.
func (r *Role) NodeID() string { return r.ID }

// PersonUpdate changes a person.
type PersonUpdate struct {
	Name  Edit[*string]
	Email Edit[*string]
	MetaUpdate
}

// Normalize trims the texts.
func (u *PersonUpdate) Normalize() {
	trimName(&u.Name)
	trimText(&u.Email)
	u.MetaUpdate.normalize()
}

// Validate reports every bad field.
func (u PersonUpdate) Validate() error {
	var p problems
	p.name("input.name", u.Name)
	if u.Email.Set {
		p.add(CheckEmail("input.email", u.Email.Value))
	}
	u.MetaUpdate.check(&p)
	return p.err()
}

// RoleUpdate changes a person's role at an actor.
type RoleUpdate struct {
	Title Edit[*string]
	SpanUpdate
	MetaUpdate
}

// Normalize trims the texts.
func (u *RoleUpdate) Normalize() {
	trimName(&u.Title)
	u.MetaUpdate.normalize()
}

// Validate reports every bad field.
func (u RoleUpdate) Validate() error {
	var p problems
	p.name("input.title", u.Title)
	u.MetaUpdate.check(&p)
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
	pr.add(CheckName("input.name", p.Name), p.checkTexts())
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
	p.add(CheckName("input.title", r.Title), r.Span.Check(), r.checkTexts())
	return p.err()
}

// checkTexts checks every free text of the person.
func (p Person) checkTexts() error {
	return errors.Join(CheckEmail("input.email", p.Email), p.Meta.Check())
}

// checkTexts checks every free text of the role.
func (r Role) checkTexts() error { return r.Meta.Check() }
