package domain

import "time"

// Node is anything with a global id that node(id) can fetch again.
type Node interface {
	NodeID() string
}

// Record is anything that carries provenance: where it came from and when
// someone last confirmed it is still true.
type Record interface {
	RecordMeta() *Meta
}

// Meta is the provenance and bookkeeping every record carries.
type Meta struct {
	// ExternalKey identifies the record in the system it was imported
	// from; unique per type when set.
	ExternalKey *string
	// Source names where the record comes from (a survey, a directory,
	// a coordinator's knowledge).
	Source *string
	// LastConfirmed is the day someone last confirmed the record.
	LastConfirmed *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
	// Status is whether the record counts (see RecordStatus); honoured
	// for actors, services and cooperations. Empty on a write means
	// active.
	Status RecordStatus
}

// RecordMeta implements Record.
func (m *Meta) RecordMeta() *Meta { return m }

// Span is a validity period in whole days; nil ends are open. Both ends
// are inclusive: a span that ends on the asOf day is still valid on it.
type Span struct {
	ValidFrom *time.Time
	ValidTo   *time.Time
}

// CreatedSpan is the validity of a record created through the API. An
// omitted validFrom (given false) is the day of creation: a record
// created today existed no earlier than that, and an open start would
// place a new initiative in the network of 2022 and in every comparison
// with a past day. Given, even as null, it is kept: null is a start
// left open on purpose (history entered after the fact). A record
// entered after it ended (validTo before today) keeps an open start
// too, as the day of entry cannot be its start. Imports keep what their
// files say.
func CreatedSpan(from *time.Time, given bool, to *time.Time, today time.Time) Span {
	if !given && (to == nil || !to.Before(today)) {
		from = &today
	}
	return Span{ValidFrom: from, ValidTo: to}
}

// ValidOn reports whether the span includes day.
func (s Span) ValidOn(day time.Time) bool {
	return (s.ValidFrom == nil || !s.ValidFrom.After(day)) && (s.ValidTo == nil || !s.ValidTo.Before(day))
}

// Indicator is one socio-spatial monitoring value of a neighbourhood.
type Indicator struct {
	Name   string  `json:"name"`
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`
	Year   int     `json:"year"`
	Source *string `json:"source,omitempty"`
}

// Neighbourhood is a place in the hierarchy city > district > quarter.
type Neighbourhood struct {
	ID                string
	Name              string
	Level             Level
	OfficialCode      *string
	Population        *int
	QuarterManagement bool
	Description       *string
	Indicators        []Indicator
	ParentID          *string
	Meta
}

// NodeID implements Node.
func (n *Neighbourhood) NodeID() string { return n.ID }

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

// Vocabulary is an entry of a managed vocabulary: a target group or a
// topic (field of action).
type Vocabulary struct {
	ID          string
	Code        string
	LabelDe     string
	LabelEn     string
	Description *string
	Meta
}

// NodeID implements Node.
func (v *Vocabulary) NodeID() string { return v.ID }

// TargetGroup is a group of residents that services address.
type TargetGroup struct{ Vocabulary }

// Topic is a field of action.
type Topic struct{ Vocabulary }

// Service is an offer by an actor for target groups on topics, available
// in neighbourhoods.
type Service struct {
	ID               string
	Name             string
	Description      *string
	Keywords         []string
	ProviderID       string
	TargetGroupIDs   []string
	TopicIDs         []string
	NeighbourhoodIDs []string
	// ContactPoints are whom to call about the service.
	ContactPoints []ContactPoint
	// ResponsibleRoleID is the role, at the provider, of the person
	// responsible for the service; nil when none is named.
	ResponsibleRoleID *string
	Span
	Meta
}

// NodeID implements Node.
func (s *Service) NodeID() string { return s.ID }

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

// Cooperation is a link between two actors. When Directed, it runs
// from From to To (a funder to the funded, a referrer to the receiver).
type Cooperation struct {
	ID          string
	FromID      string
	ToID        string
	Kind        CooperationKind
	Strength    float64
	Directed    bool
	Description *string
	Span
	Meta
}

// Partnership is a cooperation seen from one of its actors, with the
// other one, the partner.
type Partnership struct {
	Cooperation
	Partner Actor
}

// NodeID implements Node.
func (c *Cooperation) NodeID() string { return c.ID }

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

// DeleteEffect is one consequence of a delete: what else was removed or
// changed, and how many.
type DeleteEffect struct {
	What  string
	Count int
}

// Other returns the actor at the other end of the cooperation from actor.
func (c *Cooperation) Other(actor string) string {
	if c.FromID == actor {
		return c.ToID
	}
	return c.FromID
}

// NodeID lets roles take part in level-wise batching; roles are not
// nodes of the API.
func (r *Role) NodeID() string { return r.ID }

// NodeID lets memberships take part in level-wise batching; memberships
// are not nodes of the API.
func (m *Membership) NodeID() string { return m.ID }

// AuditEntry is one committed write as the append-only audit trail keeps
// it. It holds no personal data: changed personal fields are Redacted.
type AuditEntry struct {
	ID         string
	At         time.Time
	Subject    string
	Role       AccessRole
	Operation  string
	TargetType string
	TargetID   string
	Changes    []FieldChange
	RequestID  *string
}

// FieldChange is one property's value before and after a write, as JSON
// text; nil when unset. Redacted changes keep neither value.
type FieldChange struct {
	Field    string  `json:"field"`
	Before   *string `json:"before"`
	After    *string `json:"after"`
	Redacted bool    `json:"redacted"`
}

// AuditFilter selects audit entries; nil fields do not filter.
type AuditFilter struct {
	Target    *string
	Subject   *string
	Operation *string
	Since     *time.Time
	Until     *time.Time
}

// Erasure is the result of erasing a person.
type Erasure struct {
	ErasedID     string
	RolesRemoved int
	AuditEntryID string
}
