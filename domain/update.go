package domain

import (
	"errors"
	"strings"
	"time"
)

// Edit is one field of an update: Set says whether the update touches
// it at all, Value what it becomes. A nil Value (or a nil list) clears
// an optional field; a required field refuses it (Validate says
// "cannot be null"). A plain pointer could not tell "leave it alone"
// from "clear it", and a map of property names (what updates used to
// be) lets the compiler check nothing.
type Edit[T any] struct {
	Set   bool
	Value T
}

// To returns an Edit that sets v.
func To[T any](v T) Edit[T] { return Edit[T]{Set: true, Value: v} }

// Trimmed returns s without surrounding white space, nil when nothing
// is left: an empty optional text is no text.
func Trimmed(s *string) *string {
	if s == nil {
		return nil
	}
	t := strings.TrimSpace(*s)
	if t == "" {
		return nil
	}
	return &t
}

// trimText trims an optional text a field sets.
func trimText(f *Edit[*string]) {
	if f.Set {
		f.Value = Trimmed(f.Value)
	}
}

// trimName trims a required name a field sets (nil stays nil, refused
// by Validate).
func trimName(f *Edit[*string]) {
	if f.Set && f.Value != nil {
		t := strings.TrimSpace(*f.Value)
		f.Value = &t
	}
}

// problems collects every problem of a value, so that a client learns
// of all its bad fields at once.
type problems []error

func (p *problems) add(errs ...error) {
	for _, err := range errs {
		if err != nil {
			*p = append(*p, err)
		}
	}
}

func (p problems) err() error { return errors.Join(p...) }

// required refuses a null for a required field the update sets.
func required[T any](p *problems, field string, f Edit[*T]) bool {
	if f.Set && f.Value == nil {
		p.add(Invalid(field, "cannot be null"))
		return false
	}
	return f.Set
}

// name checks a required name the update sets.
func (p *problems) name(field string, f Edit[*string]) {
	if required(p, field, f) {
		p.add(CheckName(field, *f.Value))
	}
}

// enum checks a required enum value the update sets.
func enum[T ~string](p *problems, field string, f Edit[*T]) {
	if required(p, field, f) {
		p.add(CheckEnum(field, *f.Value))
	}
}

// text checks an optional one-line text the update sets.
func (p *problems) text(field string, f Edit[*string]) {
	if f.Set {
		p.add(CheckText(field, f.Value))
	}
}

// longText checks an optional description the update sets.
func (p *problems) longText(field string, f Edit[*string]) {
	if f.Set {
		p.add(CheckLongText(field, f.Value))
	}
}

// ids checks a replacement list of ids: at least one where the record
// needs one.
func (p *problems) ids(field string, f Edit[[]string], atLeastOne bool) {
	if f.Set && atLeastOne && len(f.Value) == 0 {
		p.add(Invalid(field, "needs at least one id"))
	}
}

// CheckEnum requires a valid value of an enum.
func CheckEnum[T ~string](field string, v T) error {
	if !Valid(v) {
		return Invalid(field, "%q is not a valid value", string(v))
	}
	return nil
}

// CheckYear requires a year from 1900 to 2100, when one is given.
func CheckYear(field string, y *int) error {
	if y != nil && (*y < 1900 || *y > 2100) {
		return Invalid(field, "must be between 1900 and 2100")
	}
	return nil
}

// Check requires the span not to end before it begins.
func (s Span) Check() error {
	if s.ValidFrom != nil && s.ValidTo != nil && s.ValidTo.Before(*s.ValidFrom) {
		return Invalid("input.validTo", "must not be before validFrom")
	}
	return nil
}

// MetaUpdate changes a record's provenance. Links (roles, memberships)
// have no external key and never set it.
type MetaUpdate struct {
	ExternalKey   Edit[*string]
	Source        Edit[*string]
	LastConfirmed Edit[*time.Time]
}

func (m *MetaUpdate) normalize() {
	trimText(&m.ExternalKey)
	trimText(&m.Source)
}

func (m MetaUpdate) check(p *problems) {
	p.text("input.externalKey", m.ExternalKey)
	p.text("input.record.source", m.Source)
}

// SpanUpdate changes a record's validity. Whether the result ends
// before it begins depends on the stored ends too: the store checks the
// merged span with Span.Check.
type SpanUpdate struct {
	ValidFrom Edit[*time.Time]
	ValidTo   Edit[*time.Time]
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

// NeedUpdate changes a need.
type NeedUpdate struct {
	Severity    Edit[*Severity]
	Description Edit[*string]
	// Evidence replaces the evidence; nil removes it.
	Evidence Edit[*Evidence]
	SpanUpdate
	MetaUpdate
}

// Normalize trims the texts.
func (u *NeedUpdate) Normalize() {
	trimText(&u.Description)
	if u.Evidence.Set && u.Evidence.Value != nil {
		e := u.Evidence.Value.Normalized()
		u.Evidence.Value = &e
	}
	u.MetaUpdate.normalize()
}

// Validate reports every bad field.
func (u NeedUpdate) Validate() error {
	var p problems
	enum(&p, "input.severity", u.Severity)
	p.longText("input.description", u.Description)
	if u.Evidence.Set && u.Evidence.Value != nil {
		p.add(u.Evidence.Value.Check())
	}
	u.MetaUpdate.check(&p)
	return p.err()
}

// CooperationUpdate changes a cooperation.
type CooperationUpdate struct {
	Kind Edit[*CooperationKind]
	// Strength cannot be null.
	Strength Edit[*float64]
	// Directed: nil is false.
	Directed    Edit[*bool]
	Description Edit[*string]
	Status      Edit[*RecordStatus]
	SpanUpdate
	MetaUpdate
}

// Normalize trims the texts.
func (u *CooperationUpdate) Normalize() {
	trimText(&u.Description)
	u.MetaUpdate.normalize()
}

// Validate reports every bad field.
func (u CooperationUpdate) Validate() error {
	var p problems
	enum(&p, "input.kind", u.Kind)
	if required(&p, "input.strength", u.Strength) {
		p.add(CheckStrength(*u.Strength.Value))
	}
	p.longText("input.description", u.Description)
	enum(&p, "input.status", u.Status)
	u.MetaUpdate.check(&p)
	return p.err()
}

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

// NeighbourhoodUpdate changes a neighbourhood. Its level and parent are
// fixed once created: they decide which districts a record belongs to.
type NeighbourhoodUpdate struct {
	Name              Edit[*string]
	OfficialCode      Edit[*string]
	Population        Edit[*int]
	QuarterManagement Edit[*bool]
	Description       Edit[*string]
	// Indicators replace the monitoring values.
	Indicators Edit[[]Indicator]
	MetaUpdate
}

// Normalize trims the texts.
func (u *NeighbourhoodUpdate) Normalize() {
	trimName(&u.Name)
	trimText(&u.OfficialCode)
	trimText(&u.Description)
	for i := range u.Indicators.Value {
		u.Indicators.Value[i] = u.Indicators.Value[i].Normalized()
	}
	u.MetaUpdate.normalize()
}

// Validate reports every bad field.
func (u NeighbourhoodUpdate) Validate() error {
	var p problems
	p.name("input.name", u.Name)
	p.text("input.officialCode", u.OfficialCode)
	if v := u.Population.Value; u.Population.Set && v != nil && *v < 0 {
		p.add(Invalid("input.population", "must not be negative"))
	}
	p.longText("input.description", u.Description)
	if u.Indicators.Set {
		p.add(CheckIndicators(u.Indicators.Value))
	}
	u.MetaUpdate.check(&p)
	return p.err()
}

// VocabularyUpdate changes a target group or topic; its code is fixed.
type VocabularyUpdate struct {
	LabelDe     Edit[*string]
	LabelEn     Edit[*string]
	Description Edit[*string]
	MetaUpdate
}

// Normalize trims the texts.
func (u *VocabularyUpdate) Normalize() {
	trimName(&u.LabelDe)
	trimName(&u.LabelEn)
	trimText(&u.Description)
	u.MetaUpdate.normalize()
}

// Validate reports every bad field.
func (u VocabularyUpdate) Validate() error {
	var p problems
	p.name("input.labelDe", u.LabelDe)
	p.name("input.labelEn", u.LabelEn)
	p.longText("input.description", u.Description)
	u.MetaUpdate.check(&p)
	return p.err()
}
