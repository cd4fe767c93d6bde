package insights

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Axis is what the rows or the columns of a coverage matrix are.
type Axis string

// Axes of a coverage matrix.
const (
	AxisNeighbourhood Axis = "NEIGHBOURHOOD"
	AxisTargetGroup   Axis = "TARGET_GROUP"
	AxisTopic         Axis = "TOPIC"
	AxisSector        Axis = "SECTOR"
	AxisKind          Axis = "KIND"
)

// needAxis reports whether needs have a value on the axis: needs belong
// to a place, a target group and a topic, not to a sector or an actor
// kind.
func (a Axis) needAxis() bool { return a != AxisSector && a != AxisKind }

// Measure is what a cell of a coverage matrix shows as its value.
type Measure string

// Measures of a coverage matrix.
const (
	MeasureServices        Measure = "SERVICES"
	MeasureProviders       Measure = "PROVIDERS"
	MeasureNeeds           Measure = "NEEDS"
	MeasureUncoveredNeeds  Measure = "UNCOVERED_NEEDS"
	MeasureServicesPer1000 Measure = "SERVICES_PER_1000"
)

// CoverClass says how well the services valid on the day cover a need.
type CoverClass string

// Cover classes.
const (
	Covered   CoverClass = "COVERED"
	Thin      CoverClass = "THIN"
	Uncovered CoverClass = "UNCOVERED"
)

// The enums marshal themselves for gqlgen, as domain's do.

// MarshalGQL writes the class as its enum value.
func (c CoverClass) MarshalGQL(w io.Writer) { marshalEnum(w, c) }

// UnmarshalGQL reads the class from its enum value.
func (c *CoverClass) UnmarshalGQL(v any) error { return unmarshalEnum(c, v, Covered, Thin, Uncovered) }

// MarshalGQL writes the axis as its enum value.
func (a Axis) MarshalGQL(w io.Writer) { marshalEnum(w, a) }

// UnmarshalGQL reads the axis from its enum value.
func (a *Axis) UnmarshalGQL(v any) error {
	return unmarshalEnum(a, v, AxisNeighbourhood, AxisTargetGroup, AxisTopic, AxisSector, AxisKind)
}

// MarshalGQL writes the measure as its enum value.
func (m Measure) MarshalGQL(w io.Writer) { marshalEnum(w, m) }

// UnmarshalGQL reads the measure from its enum value.
func (m *Measure) UnmarshalGQL(v any) error {
	return unmarshalEnum(m, v, MeasureServices, MeasureProviders, MeasureNeeds, MeasureUncoveredNeeds, MeasureServicesPer1000)
}

func marshalEnum[T ~string](w io.Writer, v T) { _, _ = io.WriteString(w, strconv.Quote(string(v))) }

func unmarshalEnum[T ~string](dst *T, v any, values ...T) error {
	s, ok := v.(string)
	if !ok || !slices.Contains(values, T(s)) {
		return fmt.Errorf("%v is not one of %v", v, values)
	}
	*dst = T(s)
	return nil
}

// DefaultThinPer1000 is the default threshold of the THIN class: a need
// covered by fewer than 0.1 services per 1 000 residents concerned (less
// than one offer per 10 000) is thinly covered.
const DefaultThinPer1000 = 0.1

// MatrixQuery asks for a coverage matrix.
type MatrixQuery struct {
	// Scope is the neighbourhood looked at; "" is the whole city.
	Scope            string
	Rows, Columns    Axis
	Measure          Measure
	ThinPer1000      float64
	GroupPopulations GroupShares
}

// GroupShares gives, per target group code, the indicator whose value is
// the group's share (in %) of a neighbourhood's residents; see
// domain.IndicatorCatalogue.GroupShares.
type GroupShares map[string]string

// residents returns the residents of neighbourhood n that belong to
// the target group of code tg ("" for all residents): its population times the
// group's share where the monitoring has it, else its population; nil
// when the population is unknown. byGroup reports whether the group's
// share was used.
func (g GroupShares) residents(n domain.Neighbourhood, tg string) (pop *int, byGroup bool) {
	if n.Population == nil {
		return nil, false
	}
	p := *n.Population
	if ind, ok := g[tg]; ok && tg != "" {
		if v, ok := latestIndicator(n, ind); ok {
			p = int(float64(p)*v/100 + 0.5)
			return &p, true
		}
	}
	return &p, false
}

// latestIndicator returns the most recent value of the named indicator.
func latestIndicator(n domain.Neighbourhood, name string) (float64, bool) {
	best, year, ok := 0.0, 0, false
	for _, in := range n.Indicators {
		if in.Name == name && (!ok || in.Year > year) {
			best, year, ok = in.Value, in.Year, true
		}
	}
	return best, ok
}

// Label names a row or a column: a neighbourhood, a target group or
// topic (English and German labels), a sector or an actor kind (its enum
// value as both names).
type Label struct {
	ID     string
	Name   string
	NameDe string
}

// Reach splits services by where they are offered, seen from a place:
// offered there or inside it (Local), or reaching down from an enclosing
// district or other place below the city (FromDistrict), or from the
// whole city (FromCity). The rule is the one gaps use (places.reaches).
type Reach struct {
	Local, FromDistrict, FromCity int
}

// MatrixNeed is a need of a cell with how well it is covered.
type MatrixNeed struct {
	Need  domain.Need
	Class CoverClass
	// CoveringServices counts the services valid on the day that cover
	// the need (the rule of gaps and Need.coveringServices).
	CoveringServices int
	// Residents is the number of residents concerned: the target group's
	// share of the need's neighbourhood where the monitoring has it, else
	// all its residents; nil when the population is unknown.
	Residents *int
	// ServicesPer1000 is CoveringServices per 1 000 Residents.
	ServicesPer1000 *float64
}

// Tally is what a cell or a total counts. Needs fields are nil where
// needs have no value on an axis (sector, kind).
type Tally struct {
	// Value is the measure asked for; nil for SERVICES_PER_1000 where
	// the population is unknown (never a zero that looks like a rate).
	Value          *float64
	Services       int
	Providers      int
	Reach          Reach
	Needs          *int
	UncoveredNeeds *int
	ThinNeeds      *int
	// Residents is the basis of SERVICES_PER_1000; nil when unknown.
	Residents *int
	// ResidentsOfGroup reports whether Residents counts only the target
	// group (from the monitoring's share), not all residents.
	ResidentsOfGroup bool
}

// Cell is one cell of a coverage matrix.
type Cell struct {
	Row, Column int
	Tally       Tally
	// Needs are the cell's needs with their class, most severe first.
	Needs []MatrixNeed
}

// Matrix is a coverage matrix: cells row by row, and totals. A total
// counts each service, provider and need once, so it is the sum of its
// cells exactly when each counts in one cell only (a service for two
// target groups counts in two cells of a TARGET_GROUP row but once in
// the total).
type Matrix struct {
	Rows, Columns []Label
	Cells         []Cell
	RowTotals     []Tally
	ColumnTotals  []Tally
	Total         Tally
	// ThinPer1000 is the threshold of the THIN class used.
	ThinPer1000 float64
}

// CoverageMatrix counts cov's services, providers and needs in scope
// by q's rows and columns. A service counts where it reaches (the rule of
// gaps: offered in the row's neighbourhood, inside it or in a place
// enclosing it); a need counts in its neighbourhood and every place
// enclosing it. Neighbourhood rows and columns are the places directly
// inside the scope (the scope itself when nothing is inside it); target
// groups and topics are the whole vocabulary, sectors and kinds every
// value, so that empty rows show as zeros.
func CoverageMatrix(cov *domain.Coverage, q MatrixQuery) (*Matrix, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	m := &matrixBuilder{cov: cov, q: q, pl: newPlaces(cov.Neighbourhoods), actors: map[string]domain.Actor{}, codes: map[string]string{}}
	for _, a := range cov.Actors {
		m.actors[a.ID] = a
	}
	for _, t := range cov.TargetGroups {
		m.codes[t.ID] = t.Code
	}
	return m.build(), nil
}

// Validate checks the combination of axes and measure and the threshold;
// every problem is reported, not only the first.
func (q MatrixQuery) Validate() error {
	var errs []error
	if q.Rows == q.Columns {
		errs = append(errs, domain.Invalid("columns", "must differ from rows"))
	}
	if (q.Measure == MeasureNeeds || q.Measure == MeasureUncoveredNeeds) && (!q.Rows.needAxis() || !q.Columns.needAxis()) {
		errs = append(errs, domain.Invalid("measure", "needs have no sector or kind; choose NEIGHBOURHOOD, TARGET_GROUP or TOPIC rows and columns"))
	}
	if q.ThinPer1000 < 0 || math.IsNaN(q.ThinPer1000) || math.IsInf(q.ThinPer1000, 0) {
		errs = append(errs, domain.Invalid("thinPer1000", "must be a number of at least 0"))
	}
	return errors.Join(errs...)
}

type matrixBuilder struct {
	cov    *domain.Coverage
	q      MatrixQuery
	pl     *places
	actors map[string]domain.Actor
	codes  map[string]string // target group id → code
}

// labels returns the rows or columns of axis a.
func (m *matrixBuilder) labels(a Axis) []Label {
	var out []Label
	switch a {
	case AxisNeighbourhood:
		for _, n := range m.cov.Neighbourhoods {
			if n.ParentID != nil && *n.ParentID == m.q.Scope || n.ParentID == nil && m.q.Scope == "" {
				out = append(out, Label{n.ID, n.Name, n.Name})
			}
		}
		if m.q.Scope == "" && len(out) == 1 {
			// The whole city: its districts.
			out = m.children(out[0].ID)
		}
		if len(out) == 0 && m.q.Scope != "" {
			out = []Label{{m.q.Scope, m.pl.byID[m.q.Scope].Name, m.pl.byID[m.q.Scope].Name}}
		}
		slices.SortFunc(out, func(a, b Label) int { return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID)) })
	case AxisTargetGroup:
		for _, t := range m.cov.TargetGroups {
			out = append(out, Label{t.ID, t.LabelEn, t.LabelDe})
		}
	case AxisTopic:
		for _, t := range m.cov.Topics {
			out = append(out, Label{t.ID, t.LabelEn, t.LabelDe})
		}
	case AxisSector:
		for _, s := range domain.Sectors {
			out = append(out, Label{string(s), string(s), string(s)})
		}
	case AxisKind:
		for _, k := range domain.ActorKinds {
			out = append(out, Label{string(k), string(k), string(k)})
		}
	}
	return out
}

func (m *matrixBuilder) children(id string) []Label {
	var out []Label
	for _, n := range m.cov.Neighbourhoods {
		if n.ParentID != nil && *n.ParentID == id {
			out = append(out, Label{n.ID, n.Name, n.Name})
		}
	}
	if len(out) == 0 {
		out = []Label{{id, m.pl.byID[id].Name, m.pl.byID[id].Name}}
	}
	return out
}

// serviceIn reports whether service s belongs to label l of axis a.
func (m *matrixBuilder) serviceIn(a Axis, l Label, s *domain.Service) bool {
	switch a {
	case AxisNeighbourhood:
		return m.pl.reaches(s, l.ID)
	case AxisTargetGroup:
		return slices.Contains(s.TargetGroupIDs, l.ID)
	case AxisTopic:
		return slices.Contains(s.TopicIDs, l.ID)
	case AxisSector:
		return string(m.actors[s.ProviderID].Sector) == l.ID
	case AxisKind:
		return string(m.actors[s.ProviderID].Kind) == l.ID
	}
	return false
}

// needIn reports whether need n belongs to label l of axis a.
func (m *matrixBuilder) needIn(a Axis, l Label, n *domain.Need) bool {
	switch a {
	case AxisNeighbourhood:
		return m.inside(n.NeighbourhoodID, l.ID)
	case AxisTargetGroup:
		return n.TargetGroupID == l.ID
	case AxisTopic:
		return n.TopicID == l.ID
	}
	return false
}

// inside reports whether place a is place b or lies inside it.
func (m *matrixBuilder) inside(a, b string) bool {
	return m.pl.related(a, b) && m.pl.depth[a] >= m.pl.depth[b]
}

// reach classifies service s seen from place ref ("" the whole city).
func (m *matrixBuilder) reach(s *domain.Service, ref string, r *Reach) {
	if ref == "" {
		r.Local++
		return
	}
	enclosing := ""
	for _, p := range s.NeighbourhoodIDs {
		if m.inside(p, ref) {
			r.Local++
			return
		}
		if m.inside(ref, p) && (enclosing == "" || m.pl.depth[p] > m.pl.depth[enclosing]) {
			enclosing = p
		}
	}
	if m.pl.byID[enclosing].Level == domain.LevelCity {
		r.FromCity++
	} else {
		r.FromDistrict++
	}
}

// place returns the place a cell (or total) is seen from: its row's or
// column's neighbourhood, else the scope.
func (m *matrixBuilder) place(row, col *Label) string {
	if row != nil && m.q.Rows == AxisNeighbourhood {
		return row.ID
	}
	if col != nil && m.q.Columns == AxisNeighbourhood {
		return col.ID
	}
	return m.q.Scope
}

// group returns the code of the target group of a cell (or total), ""
// if none.
func (m *matrixBuilder) group(row, col *Label) string {
	if row != nil && m.q.Rows == AxisTargetGroup {
		return m.codes[row.ID]
	}
	if col != nil && m.q.Columns == AxisTargetGroup {
		return m.codes[col.ID]
	}
	return ""
}

func (m *matrixBuilder) build() *Matrix {
	mx := &Matrix{Rows: m.labels(m.q.Rows), Columns: m.labels(m.q.Columns), ThinPer1000: m.q.ThinPer1000}
	var services []*domain.Service
	for i := range m.cov.Services {
		if s := &m.cov.Services[i]; m.q.Scope == "" || m.pl.reaches(s, m.q.Scope) {
			services = append(services, s)
		}
	}
	var needs []MatrixNeed
	for _, n := range m.cov.Needs {
		needs = append(needs, m.classify(n))
	}
	slices.SortStableFunc(needs, func(a, b MatrixNeed) int {
		return cmp.Or(cmp.Compare(b.Need.Severity.Rank(), a.Need.Severity.Rank()), strings.Compare(a.Need.ID, b.Need.ID))
	})
	for i := range mx.Rows {
		for j := range mx.Columns {
			c := Cell{Row: i, Column: j}
			c.Tally, c.Needs = m.tally(services, needs, &mx.Rows[i], &mx.Columns[j])
			mx.Cells = append(mx.Cells, c)
		}
		t, _ := m.tally(services, needs, &mx.Rows[i], nil)
		mx.RowTotals = append(mx.RowTotals, t)
	}
	for j := range mx.Columns {
		t, _ := m.tally(services, needs, nil, &mx.Columns[j])
		mx.ColumnTotals = append(mx.ColumnTotals, t)
	}
	mx.Total, _ = m.tally(services, needs, nil, nil)
	return mx
}

// classify finds the services covering need n and its class.
func (m *matrixBuilder) classify(n domain.Need) MatrixNeed {
	out := MatrixNeed{Need: n, Class: Uncovered}
	for i := range m.cov.Services {
		if m.pl.covers(&m.cov.Services[i], &n) {
			out.CoveringServices++
		}
	}
	out.Residents, _ = m.q.GroupPopulations.residents(m.pl.byID[n.NeighbourhoodID], m.codes[n.TargetGroupID])
	if out.Residents != nil && *out.Residents > 0 {
		v := float64(out.CoveringServices) * 1000 / float64(*out.Residents)
		out.ServicesPer1000 = &v
	}
	switch {
	case out.CoveringServices == 0:
	case out.ServicesPer1000 != nil && *out.ServicesPer1000 < m.q.ThinPer1000:
		out.Class = Thin
	default:
		out.Class = Covered
	}
	return out
}

// tally counts the services and needs that belong to row and col (nil:
// any).
func (m *matrixBuilder) tally(services []*domain.Service, needs []MatrixNeed, row, col *Label) (Tally, []MatrixNeed) {
	var t Tally
	in := func(axis Axis, l *Label, s *domain.Service) bool { return l == nil || m.serviceIn(axis, *l, s) }
	ref := m.place(row, col)
	providers := map[string]bool{}
	for _, s := range services {
		if in(m.q.Rows, row, s) && in(m.q.Columns, col, s) {
			t.Services++
			providers[s.ProviderID] = true
			m.reach(s, ref, &t.Reach)
		}
	}
	t.Providers = len(providers)
	var details []MatrixNeed
	if m.q.Rows.needAxis() && m.q.Columns.needAxis() {
		var total, uncovered, thin int
		for _, n := range needs {
			if (row == nil || m.needIn(m.q.Rows, *row, &n.Need)) && (col == nil || m.needIn(m.q.Columns, *col, &n.Need)) {
				total++
				details = append(details, n)
				switch n.Class {
				case Uncovered:
					uncovered++
				case Thin:
					thin++
				}
			}
		}
		t.Needs, t.UncoveredNeeds, t.ThinNeeds = &total, &uncovered, &thin
	}
	if ref == "" {
		for _, n := range m.cov.Neighbourhoods {
			if n.ParentID == nil {
				ref = n.ID
			}
		}
	}
	t.Residents, t.ResidentsOfGroup = m.q.GroupPopulations.residents(m.pl.byID[ref], m.group(row, col))
	var v float64
	switch m.q.Measure {
	case MeasureServices:
		v = float64(t.Services)
	case MeasureProviders:
		v = float64(t.Providers)
	case MeasureNeeds:
		v = float64(*t.Needs)
	case MeasureUncoveredNeeds:
		v = float64(*t.UncoveredNeeds)
	case MeasureServicesPer1000:
		if t.Residents == nil || *t.Residents == 0 {
			return t, details
		}
		v = float64(t.Services) * 1000 / float64(*t.Residents)
	}
	t.Value = &v
	return t, details
}
