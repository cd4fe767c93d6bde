package domain

import "errors"

// The cooperation: the value, its defaults, the rules of a new one and
// its update.

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

// Other returns the actor at the other end of the cooperation from actor.
func (c *Cooperation) Other(actor string) string {
	if c.FromID == actor {
		return c.ToID
	}
	return c.FromID
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

// Normalize trims the texts.
func (c *Cooperation) Normalize() {
	c.Description = Trimmed(c.Description)
	c.Meta.normalize()
}

// Validate reports every problem of a new cooperation.
func (c Cooperation) Validate() error {
	var p problems
	p.add(c.Check(), c.Span.Check(), c.checkStatus(), c.checkTexts())
	return p.err()
}

// checkTexts checks every free text of the cooperation.
func (c Cooperation) checkTexts() error {
	return errors.Join(CheckLongText("input.description", c.Description), c.Meta.Check())
}

// DefaultStrength is the strength of a cooperation nobody rated.
const DefaultStrength = 0.5

// CheckStrength requires a cooperation's strength from 0 to 1.
func CheckStrength(f float64) error {
	if !(f >= 0 && f <= 1) {
		return Invalid("input.strength", "must be between 0 and 1")
	}
	return nil
}

// DirectedByDefault says whether a cooperation of kind k runs one way
// unless told otherwise: funding runs from the funder to the funded,
// referral from the referrer to the receiver; every other kind is
// mutual.
func (k CooperationKind) DirectedByDefault() bool {
	return k == CoopFunding || k == CoopReferral
}

// WithDefaults fills in what a new cooperation's input may leave out,
// for the API and imports alike: nil strength is DefaultStrength, nil
// directed is what the kind says (DirectedByDefault).
func (c Cooperation) WithDefaults(strength *float64, directed *bool) Cooperation {
	c.Strength, c.Directed = DefaultStrength, c.Kind.DirectedByDefault()
	if strength != nil {
		c.Strength = *strength
	}
	if directed != nil {
		c.Directed = *directed
	}
	return c
}

// Check checks what a cooperation must be beyond its texts: two
// different actors, a known kind, a strength from 0 to 1.
func (c Cooperation) Check() error {
	var p problems
	if c.FromID == c.ToID {
		p.add(Invalid("input.to", "an actor cannot cooperate with itself"))
	}
	p.add(CheckEnum("input.kind", c.Kind), CheckStrength(c.Strength))
	return p.err()
}
