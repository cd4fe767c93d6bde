package domain

// IndicatorSpec describes one socio-spatial monitoring indicator a city
// publishes, under the name its neighbourhoods' Indicator values carry.
type IndicatorSpec struct {
	// Name is the name Indicator values carry, e.g. "child poverty".
	Name   string
	NameDe string
	NameEn string
	Unit   string
	Source string
	// HigherIsWorse says that a higher value means a harder situation
	// (unemployment); false for indicators where lower is worse
	// (residential stability).
	HigherIsWorse bool
	// TargetGroupCode names the target group (by vocabulary code) whose
	// share in % of the residents the indicator is, e.g. "residents 65+"
	// for SENIORS_65; "" when it is no such share. The coverage matrix
	// counts services per 1 000 residents of the group with it.
	TargetGroupCode string
}

// StatusConfig is how a city computes Monitoring-Soziale-Stadtentwicklung
// style status and dynamic classes from its index indicators.
type StatusConfig struct {
	// Indicators are the index indicators (names of IndicatorSpecs).
	Indicators []string
	// Level is the level of the places compared with each other.
	Level Level
	// Year is the year of the status values; BaseYear the year the
	// dynamic (the change) is measured from.
	Year, BaseYear int
	// StatusCuts are the three cut points of the standardised status
	// index between HIGH|MEDIUM, MEDIUM|LOW and LOW|VERY_LOW.
	StatusCuts [3]float64
	// DynamicCuts are the two cut points of the standardised dynamic
	// index between POSITIVE|STABLE and STABLE|NEGATIVE.
	DynamicCuts [2]float64
}

// IndicatorCatalogue describes a city's monitoring indicators and, where
// the city configures it, how status and dynamic classes are computed.
type IndicatorCatalogue struct {
	Indicators []IndicatorSpec
	// Status is nil where the city computes no classes.
	Status *StatusConfig
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
