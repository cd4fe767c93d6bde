package domain

import (
	"errors"
	"strings"
)

// Networks and memberships: the values, the rules of new ones and their
// updates.

// Network is a thematic or district network of actors.
type Network struct {
	ID          string
	Name        string
	Kind        NetworkKind
	Description *string
	// Public networks are listed to callers without credentials.
	Public           bool
	NeighbourhoodIDs []string
	Span
	Meta
}

// NodeID implements Node.
func (n *Network) NodeID() string { return n.ID }

// Membership is an actor's membership in a network (MEMBER_OF).
type Membership struct {
	ID        string
	ActorID   string
	NetworkID string
	Role      *string
	Span
	Meta
}

// NodeID lets memberships take part in level-wise batching; memberships
// are not nodes of the API.
func (m *Membership) NodeID() string { return m.ID }

// NetworkUpdate changes a network.
type NetworkUpdate struct {
	Name        Edit[*string]
	Kind        Edit[*NetworkKind]
	Description Edit[*string]
	// Public: nil is false.
	Public Edit[*bool]
	// Neighbourhoods replace the places the network covers.
	Neighbourhoods Edit[[]string]
	SpanUpdate
	MetaUpdate
}

// Normalize trims the texts.
func (u *NetworkUpdate) Normalize() {
	trimName(&u.Name)
	trimText(&u.Description)
	u.MetaUpdate.normalize()
}

// Validate reports every bad field.
func (u NetworkUpdate) Validate() error {
	var p problems
	p.name("input.name", u.Name)
	enum(&p, "input.kind", u.Kind)
	p.longText("input.description", u.Description)
	u.MetaUpdate.check(&p)
	return p.err()
}

// MembershipUpdate changes an actor's membership in a network.
type MembershipUpdate struct {
	Role Edit[*string]
	SpanUpdate
	MetaUpdate
}

// Normalize trims the texts.
func (u *MembershipUpdate) Normalize() {
	trimText(&u.Role)
	u.MetaUpdate.normalize()
}

// Validate reports every bad field.
func (u MembershipUpdate) Validate() error {
	var p problems
	p.text("input.role", u.Role)
	u.MetaUpdate.check(&p)
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
	p.add(CheckName("input.name", n.Name), CheckEnum("input.kind", n.Kind), n.Span.Check(), n.checkTexts())
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
	p.add(m.Span.Check(), m.checkTexts())
	return p.err()
}

// checkTexts checks every free text of the network.
func (n Network) checkTexts() error {
	return errors.Join(CheckLongText("input.description", n.Description), n.Meta.Check())
}

// checkTexts checks every free text of the membership.
func (m Membership) checkTexts() error {
	return errors.Join(CheckText("input.role", m.Role), m.Meta.Check())
}
