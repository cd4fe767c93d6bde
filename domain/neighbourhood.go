package domain

import (
	"errors"
	"fmt"
	"strings"
)

// The neighbourhood: the value with its monitoring indicators, the rules
// of a new one and its update.

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

// Normalize trims the texts.
func (n *Neighbourhood) Normalize() {
	n.Name, n.OfficialCode, n.Description = strings.TrimSpace(n.Name), Trimmed(n.OfficialCode), Trimmed(n.Description)
	for i := range n.Indicators {
		n.Indicators[i] = n.Indicators[i].Normalized()
	}
	n.Meta.normalize()
}

// Validate reports every problem of a new neighbourhood (whether its
// parent has the level above is the store's to check: it needs the
// parent).
func (n Neighbourhood) Validate() error {
	var p problems
	p.add(CheckName("input.name", n.Name), CheckEnum("input.level", n.Level))
	if n.Population != nil && *n.Population < 0 {
		p.add(Invalid("input.population", "must not be negative"))
	}
	p.add(CheckIndicators(n.Indicators), n.checkTexts())
	return p.err()
}

// checkTexts checks every free text of the neighbourhood but its
// indicators' (CheckIndicators).
func (n Neighbourhood) checkTexts() error {
	return errors.Join(CheckText("input.officialCode", n.OfficialCode), CheckLongText("input.description", n.Description), n.Meta.Check())
}

// Normalized returns the indicator with its texts trimmed.
func (i Indicator) Normalized() Indicator {
	i.Name, i.Unit, i.Source = strings.TrimSpace(i.Name), strings.TrimSpace(i.Unit), Trimmed(i.Source)
	return i
}

// CheckIndicators checks a neighbourhood's monitoring values: each
// named, of a plausible year where one is given (imports may leave it
// out: 0), with one-line unit and source.
func CheckIndicators(in []Indicator) error {
	var p problems
	for i, x := range in {
		at := fmt.Sprintf("input.indicators[%d]", i)
		p.add(CheckName(at+".name", x.Name))
		if x.Year != 0 {
			p.add(CheckYear(at+".year", &x.Year))
		}
		p.add(CheckText(at+".unit", &x.Unit), CheckText(at+".source", x.Source))
	}
	return p.err()
}
