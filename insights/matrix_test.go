package insights

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

// tinyCity is a city c with district d, whose quarters are q1
// (population 10 000, 20 % seniors) and q2 (5 000), and four services for
// seniors on health: s1 in q1, s2 in d, s3 in the city, s4 in q2; and one
// need of seniors on health in q1.
func tinyCity() *domain.Coverage {
	pop := func(n int) *int { return &n }
	str := func(s string) *string { return &s }
	svc := func(id, provider, place string) domain.Service {
		return domain.Service{ID: id, ProviderID: provider, TargetGroupIDs: []string{"tg_s"}, TopicIDs: []string{"top_h"}, NeighbourhoodIDs: []string{place}}
	}
	return &domain.Coverage{
		Neighbourhoods: []domain.Neighbourhood{
			{ID: "c", Name: "City", Level: domain.LevelCity, Population: pop(15000)},
			{ID: "d", Name: "District", Level: domain.LevelDistrict, ParentID: str("c"), Population: pop(15000)},
			{ID: "q1", Name: "Q1", Level: domain.LevelQuarter, ParentID: str("d"), Population: pop(10000),
				Indicators: []domain.Indicator{{Name: "residents 65+", Value: 18, Year: 2021}, {Name: "residents 65+", Value: 20, Year: 2023}}},
			{ID: "q2", Name: "Q2", Level: domain.LevelQuarter, ParentID: str("d"), Population: pop(5000)},
		},
		TargetGroups: []domain.TargetGroup{{Vocabulary: domain.Vocabulary{ID: "tg_s", Code: "SENIORS_65", LabelEn: "seniors", LabelDe: "Senior*innen"}}},
		Topics:       []domain.Topic{{Vocabulary: domain.Vocabulary{ID: "top_h", Code: "HEALTH", LabelEn: "health", LabelDe: "Gesundheit"}}},
		Actors: []domain.Actor{
			{ID: "a1", Sector: domain.SectorNonProfit, Kind: domain.KindAssociation},
			{ID: "a2", Sector: domain.SectorPublic, Kind: domain.KindHealthOffice},
		},
		Services: []domain.Service{svc("s1", "a1", "q1"), svc("s2", "a2", "d"), svc("s3", "a2", "c"), svc("s4", "a1", "q2")},
		Needs:    []domain.Need{{ID: "n1", TargetGroupID: "tg_s", TopicID: "top_h", NeighbourhoodID: "q1", Severity: domain.SeverityHigh}},
	}
}

func TestCoverageMatrixReachAndRates(t *testing.T) {
	m, err := CoverageMatrix(tinyCity(), MatrixQuery{Scope: "d", Rows: AxisNeighbourhood, Columns: AxisTargetGroup,
		Measure: MeasureServicesPer1000, ThinPer1000: DefaultThinPer1000, GroupPopulations: GroupShares{"SENIORS_65": "residents 65+"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Rows) != 2 || m.Rows[0].ID != "q1" || m.Rows[1].ID != "q2" || m.Columns[0].NameDe != "Senior*innen" {
		t.Fatalf("labels %v × %v", m.Rows, m.Columns)
	}
	tests := []struct {
		cell      int
		services  int
		reach     Reach
		residents int
		ofGroup   bool
		value     float64
	}{
		// q1: s1 local, s2 from the district, s3 from the city; 20 % (the
		// 2023 value, not 2021's 18 %) of 10 000 = 2 000 seniors:
		// 3 × 1000 / 2000 = 1.5.
		{0, 3, Reach{Local: 1, FromDistrict: 1, FromCity: 1}, 2000, true, 1.5},
		// q2 has no seniors' share: all 5 000 residents, s4, s2, s3:
		// 3 × 1000 / 5000 = 0.6.
		{1, 3, Reach{Local: 1, FromDistrict: 1, FromCity: 1}, 5000, false, 0.6},
	}
	for _, tt := range tests {
		c := m.Cells[tt.cell].Tally
		if c.Services != tt.services || c.Reach != tt.reach || *c.Residents != tt.residents || c.ResidentsOfGroup != tt.ofGroup || *c.Value != tt.value {
			t.Errorf("cell %d: %+v (residents %d, value %v), want %+v", tt.cell, c, *c.Residents, *c.Value, tt)
		}
	}
	// The district's total counts each service once, seen from d: s1, s2,
	// s4 local, s3 from the city.
	if tot := m.Total; tot.Services != 4 || tot.Reach != (Reach{Local: 3, FromCity: 1}) || tot.Providers != 2 {
		t.Errorf("total %+v", tot)
	}
	// n1 is covered by s1, s2, s3: 3 per 2 000 seniors = 1.5 per 1 000.
	n := m.Cells[0].Needs[0]
	if n.Class != Covered || n.CoveringServices != 3 || *n.ServicesPer1000 != 1.5 {
		t.Errorf("need %+v", n)
	}
}

func TestCoverageMatrixThinAndUnknownPopulation(t *testing.T) {
	cov := tinyCity()
	// Only s1 stays: 1 per 2 000 seniors = 0.5 per 1 000.
	cov.Services = cov.Services[:1]
	for _, tt := range []struct {
		thin float64
		want CoverClass
	}{{0.5, Covered}, {0.51, Thin}, {0, Covered}} {
		m, err := CoverageMatrix(cov, MatrixQuery{Scope: "q1", Rows: AxisTargetGroup, Columns: AxisTopic, Measure: MeasureServices,
			ThinPer1000: tt.thin, GroupPopulations: GroupShares{"SENIORS_65": "residents 65+"}})
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Cells[0].Needs[0].Class; got != tt.want {
			t.Errorf("threshold %v: %s, want %s", tt.thin, got, tt.want)
		}
	}
	// Without a population there is no rate: the value is nil, not 0,
	// and a covered need stays COVERED.
	cov.Neighbourhoods[2].Population = nil
	m, err := CoverageMatrix(cov, MatrixQuery{Scope: "q1", Rows: AxisTargetGroup, Columns: AxisTopic, Measure: MeasureServicesPer1000, ThinPer1000: 1})
	if err != nil {
		t.Fatal(err)
	}
	if c := m.Cells[0]; c.Tally.Value != nil || c.Needs[0].Class != Covered || c.Needs[0].ServicesPer1000 != nil {
		t.Errorf("unknown population: value %v, need %+v", c.Tally.Value, c.Needs[0])
	}
}

func TestMatrixQueryValidate(t *testing.T) {
	for _, tt := range []struct {
		q      MatrixQuery
		fields int
	}{
		{MatrixQuery{Rows: AxisTopic, Columns: AxisSector, Measure: MeasureServices}, 0},
		{MatrixQuery{Rows: AxisTopic, Columns: AxisTopic, Measure: MeasureServices}, 1},
		{MatrixQuery{Rows: AxisKind, Columns: AxisTopic, Measure: MeasureUncoveredNeeds}, 1},
		{MatrixQuery{Rows: AxisKind, Columns: AxisKind, Measure: MeasureNeeds, ThinPer1000: -1}, 3},
	} {
		err := tt.q.Validate()
		if got := len(domain.FieldErrors(err)); got != tt.fields || (tt.fields > 0) != errors.Is(err, domain.ErrInvalid) {
			t.Errorf("%+v: %v, want %d field errors", tt.q, err, tt.fields)
		}
	}
}

// tinyCitySource serves tinyCity and counts the loads, under a version
// the test changes.
type tinyCitySource struct {
	blockingSource
	loads   atomic.Int64
	version atomic.Value
}

func (c *tinyCitySource) Coverage(context.Context, *string, time.Time) (*domain.Coverage, error) {
	c.loads.Add(1)
	return tinyCity(), nil
}

func (c *tinyCitySource) Version(context.Context) (string, error) {
	return c.version.Load().(string), nil
}

// The matrix is cached like the other analyses: asked again on unchanged
// data it costs no load; after a write (a new data version) it loads
// again.
func TestCoverageMatrixIsCached(t *testing.T) {
	src := &tinyCitySource{}
	src.version.Store("1")
	s := NewService(src)
	ctx := context.Background()
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	q := MatrixQuery{Scope: "d", Rows: AxisNeighbourhood, Columns: AxisTopic, Measure: MeasureServices}
	for i, want := range []int64{1, 1, 2} {
		if i == 2 {
			src.version.Store("2")
		}
		m, err := s.CoverageMatrix(ctx, day, q)
		if err != nil || m.Total.Services != 4 {
			t.Fatalf("call %d: %v %+v", i, err, m)
		}
		if got := src.loads.Load(); got != want {
			t.Errorf("call %d: %d loads, want %d", i, got, want)
		}
	}
	if _, err := s.CoverageMatrix(ctx, day, MatrixQuery{Rows: AxisTopic, Columns: AxisTopic}); !errors.Is(err, domain.ErrInvalid) {
		t.Errorf("bad query: %v", err)
	}
	if got := src.loads.Load(); got != 2 {
		t.Errorf("a refused query loaded the data (%d loads)", got)
	}
}
