package domain

import (
	"errors"
	"strings"
)

// The service: the value, the rules of a new one and its update.

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
	// Provider is the provider as a list read it with the service, for
	// the fields a client asked of it; nil means it is to be read by
	// ProviderID (a record read whole, or a provider the caller may not
	// see).
	Provider *Actor
	// TargetGroups are the target groups as a list read them with the
	// service; nil means they are to be read by TargetGroupIDs.
	TargetGroups []TargetGroup
	Span
	Meta
}

// NodeID implements Node.
func (s *Service) NodeID() string { return s.ID }

// ServiceUpdate changes a service.
type ServiceUpdate struct {
	Name        Edit[*string]
	Description Edit[*string]
	Keywords    Edit[[]string]
	Status      Edit[*RecordStatus]
	// Provider moves the service to another actor; it cannot be null.
	Provider Edit[*string]
	// TargetGroups, Topics and Neighbourhoods replace the service's
	// links; each needs at least one id.
	TargetGroups   Edit[[]string]
	Topics         Edit[[]string]
	Neighbourhoods Edit[[]string]
	SpanUpdate
	MetaUpdate
}

// Normalize trims the texts.
func (u *ServiceUpdate) Normalize() {
	trimName(&u.Name)
	trimText(&u.Description)
	u.MetaUpdate.normalize()
}

// Validate reports every bad field.
func (u ServiceUpdate) Validate() error {
	var p problems
	p.name("input.name", u.Name)
	p.longText("input.description", u.Description)
	if u.Keywords.Set {
		p.add(CheckKeywords("input.keywords", u.Keywords.Value))
	}
	enum(&p, "input.status", u.Status)
	required(&p, "input.provider", u.Provider)
	p.ids("input.targetGroups", u.TargetGroups, true)
	p.ids("input.topics", u.Topics, true)
	p.ids("input.neighbourhoods", u.Neighbourhoods, true)
	u.MetaUpdate.check(&p)
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
		s.checkStatus(), s.checkTexts())
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

// checkTexts checks every free text of the service.
func (s Service) checkTexts() error {
	return errors.Join(CheckLongText("input.description", s.Description), s.Meta.Check())
}
