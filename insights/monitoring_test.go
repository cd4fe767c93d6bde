package insights

import (
	"math"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
)

// place is a quarter with one index indicator "x" in 2021 and 2023.
func place(id string, then, now float64) domain.Neighbourhood {
	return domain.Neighbourhood{ID: id, Name: id, Level: domain.LevelQuarter, Indicators: []domain.Indicator{
		{Name: "x", Value: then, Year: 2021}, {Name: "x", Value: now, Year: 2023}}}
}

func catalogue(higherIsWorse bool) *domain.IndicatorCatalogue {
	return &domain.IndicatorCatalogue{
		Indicators: []domain.IndicatorSpec{{Name: "x", HigherIsWorse: higherIsWorse}},
		Status: &domain.StatusConfig{Indicators: []string{"x"}, Level: domain.LevelQuarter, Year: 2023, BaseYear: 2021,
			StatusCuts: [3]float64{-1, 1, 1.5}, DynamicCuts: [2]float64{-1, 1}},
	}
}

// Four quarters with 2023 values 0, 0, 0, 4: mean 1, population sd √3,
// so the last one's z is 3/√3 = 1.732 > 1.5 (VERY_LOW) and the others'
// −1/√3 = −0.577 (MEDIUM). Their changes since 2021 are 0, 0, 0, +4 alike.
// With "lower is worse" the signs turn: the last one is HIGH and POSITIVE.
func TestMonitoringClasses(t *testing.T) {
	ns := []domain.Neighbourhood{place("a", 0, 0), place("b", 0, 0), place("c", 0, 0), place("d", 0, 4),
		{ID: "e", Level: domain.LevelQuarter}, // no values: not classed
		{ID: "district", Level: domain.LevelDistrict, Indicators: place("", 0, 9).Indicators}}
	for _, tt := range []struct {
		higherIsWorse bool
		d, a          StatusClass
		dDyn          DynamicClass
		dSpecial      bool
		dStatusIndex  float64
	}{
		{true, StatusVeryLow, StatusMedium, DynamicNegative, true, math.Sqrt(3)},
		{false, StatusHigh, StatusMedium, DynamicPositive, false, -math.Sqrt(3)},
	} {
		got := MonitoringClasses(ns, catalogue(tt.higherIsWorse))
		if len(got) != 4 {
			t.Fatalf("%d places classed, want a–d", len(got))
		}
		d, a := got["d"], got["a"]
		if d.Status != tt.d || a.Status != tt.a || d.Dynamic != tt.dDyn || d.SpecialAttention != tt.dSpecial || a.Dynamic != DynamicStable {
			t.Errorf("higherIsWorse %v: d %+v, a %+v", tt.higherIsWorse, d, a)
		}
		if math.Abs(d.StatusIndex-tt.dStatusIndex) > 1e-9 {
			t.Errorf("status index %v, want %v", d.StatusIndex, tt.dStatusIndex)
		}
	}
	if got := MonitoringClasses(ns, &domain.IndicatorCatalogue{}); len(got) != 0 {
		t.Errorf("classes without a configuration: %v", got)
	}
}

func TestSortByIndicatorPutsMissingValuesLast(t *testing.T) {
	for _, tt := range []struct {
		desc bool
		want []string
	}{
		{false, []string{"b", "a", "c", "none"}},
		{true, []string{"c", "a", "b", "none"}},
	} {
		ns := []domain.Neighbourhood{{ID: "none", Name: "A"}, place("a", 0, 2), place("c", 0, 3), place("b", 9, 1)}
		SortByIndicator(ns, "x", tt.desc)
		for i, n := range ns {
			if n.ID != tt.want[i] {
				t.Errorf("desc %v: %v, want %v", tt.desc, ns, tt.want)
				break
			}
		}
	}
}
