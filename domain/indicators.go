package domain

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// IndicatorSpec describes one socio-spatial monitoring indicator a city
// publishes, under the name its neighbourhoods' Indicator values carry.
type IndicatorSpec struct {
	// Name is the name Indicator values carry, e.g. "child poverty".
	Name   string `json:"name"`
	NameDe string `json:"nameDe"`
	NameEn string `json:"nameEn"`
	Unit   string `json:"unit"`
	Source string `json:"source"`
	// HigherIsWorse says that a higher value means a harder situation
	// (unemployment); false for indicators where lower is worse
	// (residential stability).
	HigherIsWorse bool `json:"higherIsWorse"`
	// TargetGroupCode names the target group (by vocabulary code) whose
	// share in % of the residents the indicator is, e.g. "residents 65+"
	// for SENIORS_65; "" when it is no such share. The coverage matrix
	// counts services per 1 000 residents of the group with it.
	TargetGroupCode string `json:"targetGroupCode,omitempty"`
}

// StatusConfig is how a city computes Monitoring-Soziale-Stadtentwicklung
// style status and dynamic classes from its index indicators.
type StatusConfig struct {
	// Indicators are the index indicators (names of IndicatorSpecs).
	Indicators []string `json:"indicators"`
	// Level is the level of the places compared with each other.
	Level Level `json:"level"`
	// Year is the year of the status values; BaseYear the year the
	// dynamic (the change) is measured from.
	Year     int `json:"year"`
	BaseYear int `json:"baseYear"`
	// StatusCuts are the three cut points of the standardised status
	// index between HIGH|MEDIUM, MEDIUM|LOW and LOW|VERY_LOW.
	StatusCuts [3]float64 `json:"statusCuts"`
	// DynamicCuts are the two cut points of the standardised dynamic
	// index between POSITIVE|STABLE and STABLE|NEGATIVE.
	DynamicCuts [2]float64 `json:"dynamicCuts"`
}

// IndicatorCatalogue describes a city's monitoring indicators and, where
// the city configures it, how status and dynamic classes are computed.
type IndicatorCatalogue struct {
	Indicators []IndicatorSpec `json:"indicators"`
	// Status is nil where the city computes no classes.
	Status *StatusConfig `json:"monitoring,omitempty"`
}

// ParseIndicatorCatalogue reads a catalogue from JSON (the shape of the
// API's indicatorCatalogue: {"indicators": [...], "monitoring": {...}})
// and checks it; unknown fields are refused, so that a misspelt key is
// not silently ignored.
func ParseIndicatorCatalogue(data []byte) (*IndicatorCatalogue, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c IndicatorCatalogue
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("indicator catalogue: %w", err)
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("indicator catalogue: %w", err)
	}
	return &c, nil
}

// Validate checks that names are given and unique, and that the class
// computation names described indicators, a level, a base year before
// the year and ascending cuts; it reports every problem.
func (c *IndicatorCatalogue) Validate() error {
	var errs []error
	seen := map[string]bool{}
	for i, s := range c.Indicators {
		if s.Name == "" || seen[s.Name] {
			errs = append(errs, Invalid(fmt.Sprintf("indicators[%d].name", i), "must be given and unique"))
		}
		seen[s.Name] = true
	}
	if st := c.Status; st != nil {
		if len(st.Indicators) == 0 {
			errs = append(errs, Invalid("monitoring.indicators", "must name at least one indicator"))
		}
		for i, name := range st.Indicators {
			if !seen[name] {
				errs = append(errs, Invalid(fmt.Sprintf("monitoring.indicators[%d]", i), "%q is not described in indicators", name))
			}
		}
		if !Valid(st.Level) {
			errs = append(errs, Invalid("monitoring.level", "must be one of %v", Levels))
		}
		if st.BaseYear >= st.Year {
			errs = append(errs, Invalid("monitoring.baseYear", "must be before year"))
		}
		if !slices.IsSorted(st.StatusCuts[:]) || !slices.IsSorted(st.DynamicCuts[:]) {
			errs = append(errs, Invalid("monitoring.statusCuts", "cuts must ascend"))
		}
	}
	return errors.Join(errs...)
}

// Spec returns the description of the named indicator.
func (c *IndicatorCatalogue) Spec(name string) (IndicatorSpec, bool) {
	if c == nil {
		return IndicatorSpec{}, false
	}
	for _, s := range c.Indicators {
		if s.Name == name {
			return s, true
		}
	}
	return IndicatorSpec{}, false
}

// GroupShares maps target group codes to the indicator that is the
// group's share of the residents.
func (c *IndicatorCatalogue) GroupShares() map[string]string {
	out := map[string]string{}
	if c == nil {
		return out
	}
	for _, s := range c.Indicators {
		if s.TargetGroupCode != "" {
			out[s.TargetGroupCode] = s.Name
		}
	}
	return out
}

// MSSCatalogue is the catalogue of the indicators of Berlin's Monitoring
// Soziale Stadtentwicklung and its usual context indicators, under the
// names the demo city and the importer's examples use, with status and
// dynamic computed as the MSS does: its three index indicators on
// quarters, 2023 against 2021, cut at ±1 and 1.5 standard deviations.
// The server uses it unless a city configures its own.
func MSSCatalogue() *IndicatorCatalogue {
	const mss = "Monitoring Soziale Stadtentwicklung"
	return &IndicatorCatalogue{
		Indicators: []IndicatorSpec{
			{Name: "unemployment", NameDe: "Arbeitslosigkeit (SGB II)", NameEn: "unemployment (SGB II)", Unit: "%", Source: mss, HigherIsWorse: true},
			{Name: "transfer benefits", NameDe: "Transferbezug (SGB II und XII)", NameEn: "transfer benefit receipt (SGB II and XII)", Unit: "%", Source: mss, HigherIsWorse: true},
			{Name: "child poverty", NameDe: "Kinderarmut (unter 15-Jährige in SGB-II-Haushalten)", NameEn: "child poverty (under-15s in SGB II households)", Unit: "%", Source: mss, HigherIsWorse: true},
			{Name: "single parents", NameDe: "Alleinerziehende", NameEn: "single parents", Unit: "%", Source: mss, HigherIsWorse: true},
			{Name: "children under 6", NameDe: "Kinder unter 6 Jahren", NameEn: "children under 6", Unit: "%", Source: mss, HigherIsWorse: true, TargetGroupCode: "CHILDREN_0_5"},
			{Name: "residents 65+", NameDe: "Einwohner*innen ab 65 Jahren", NameEn: "residents 65+", Unit: "%", Source: mss, HigherIsWorse: true, TargetGroupCode: "SENIORS_65"},
			{Name: "migration background", NameDe: "Einwohner*innen mit Migrationshintergrund", NameEn: "residents with a migration background", Unit: "%", Source: mss, HigherIsWorse: true, TargetGroupCode: "MIGRATION_HISTORY"},
			{Name: "residential stability", NameDe: "Wohndauer über 5 Jahre", NameEn: "residential stability (5 years or more at the address)", Unit: "%", Source: mss, HigherIsWorse: false},
		},
		Status: &StatusConfig{
			Indicators: []string{"unemployment", "transfer benefits", "child poverty"},
			Level:      LevelQuarter, Year: 2023, BaseYear: 2021,
			StatusCuts: [3]float64{-1, 1, 1.5}, DynamicCuts: [2]float64{-1, 1},
		},
	}
}
