package insights

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/stat"

	"github.com/kiezgraph/kiezgraph/domain"
)

// StatusClass is a place's social status class in the manner of Berlin's
// Monitoring Soziale Stadtentwicklung (MSS).
type StatusClass string

// Status classes, best first.
const (
	StatusHigh    StatusClass = "HIGH"
	StatusMedium  StatusClass = "MEDIUM"
	StatusLow     StatusClass = "LOW"
	StatusVeryLow StatusClass = "VERY_LOW"
)

// DynamicClass is the direction a place's status moved in.
type DynamicClass string

// Dynamic classes.
const (
	DynamicPositive DynamicClass = "POSITIVE"
	DynamicStable   DynamicClass = "STABLE"
	DynamicNegative DynamicClass = "NEGATIVE"
)

// MarshalGQL writes the class as its enum value.
func (c StatusClass) MarshalGQL(w io.Writer) { marshalEnum(w, c) }

// UnmarshalGQL reads the class from its enum value.
func (c *StatusClass) UnmarshalGQL(v any) error {
	return unmarshalEnum(c, v, StatusHigh, StatusMedium, StatusLow, StatusVeryLow)
}

// MarshalGQL writes the class as its enum value.
func (c DynamicClass) MarshalGQL(w io.Writer) { marshalEnum(w, c) }

// UnmarshalGQL reads the class from its enum value.
func (c *DynamicClass) UnmarshalGQL(v any) error {
	return unmarshalEnum(c, v, DynamicPositive, DynamicStable, DynamicNegative)
}

// Monitoring is a place's status and dynamic, computed from the city's
// index indicators.
type Monitoring struct {
	Year, BaseYear int
	// StatusIndex and DynamicIndex are standardised (mean 0, standard
	// deviation 1 over the places compared); higher is worse.
	StatusIndex, DynamicIndex float64
	Status                    StatusClass
	Dynamic                   DynamicClass
	// SpecialAttention marks a LOW or VERY_LOW status with a NEGATIVE
	// dynamic, the places MSS asks to look at first.
	SpecialAttention bool
}

// MonitoringClasses computes MSS-style classes for the places of
// cfg.Level in ns that carry every index indicator in both cfg.Year and
// cfg.BaseYear, as the MSS does:
//
//  1. per index indicator, the status value (Year) and the dynamic value
//     (Year − BaseYear) are standardised over the places compared,
//     z = (x − mean) / sd (population standard deviation), with the sign
//     turned where lower is worse, so that higher is always worse;
//  2. per place, the z-values of the indicators are summed, and the sums
//     standardised again: the status index and the dynamic index;
//  3. the status index is cut at cfg.StatusCuts into HIGH (≤ first cut),
//     MEDIUM, LOW and VERY_LOW (> third cut), the dynamic index at
//     cfg.DynamicCuts into POSITIVE (≤ first), STABLE and NEGATIVE.
//
// A place that lacks a value is not classed and does not move the
// others' classes. Fewer than two places give no classes.
func MonitoringClasses(ns []domain.Neighbourhood, cat *domain.IndicatorCatalogue) map[string]Monitoring {
	out := map[string]Monitoring{}
	if cat == nil || cat.Status == nil || len(cat.Status.Indicators) == 0 {
		return out
	}
	cfg := cat.Status
	type row struct {
		id             string
		status, change []float64
	}
	var rows []row
	for _, n := range ns {
		if n.Level != cfg.Level {
			continue
		}
		r := row{id: n.ID}
		for _, ind := range cfg.Indicators {
			now, ok1 := valueIn(n, ind, cfg.Year)
			then, ok2 := valueIn(n, ind, cfg.BaseYear)
			if !ok1 || !ok2 {
				break
			}
			r.status, r.change = append(r.status, now), append(r.change, now-then)
		}
		if len(r.status) == len(cfg.Indicators) {
			rows = append(rows, r)
		}
	}
	if len(rows) < 2 {
		return out
	}
	statusSum, changeSum := make([]float64, len(rows)), make([]float64, len(rows))
	for i, ind := range cfg.Indicators {
		sign := 1.0
		if spec, ok := cat.Spec(ind); ok && !spec.HigherIsWorse {
			sign = -1
		}
		st, ch := make([]float64, len(rows)), make([]float64, len(rows))
		for j, r := range rows {
			st[j], ch[j] = r.status[i], r.change[i]
		}
		st, ch = standardise(st), standardise(ch)
		for j := range rows {
			statusSum[j] += sign * st[j]
			changeSum[j] += sign * ch[j]
		}
	}
	statusSum, changeSum = standardise(statusSum), standardise(changeSum)
	for j, r := range rows {
		m := Monitoring{Year: cfg.Year, BaseYear: cfg.BaseYear, StatusIndex: statusSum[j], DynamicIndex: changeSum[j]}
		m.Status = classOf(m.StatusIndex, cfg.StatusCuts[:], StatusHigh, StatusMedium, StatusLow, StatusVeryLow)
		m.Dynamic = classOf(m.DynamicIndex, cfg.DynamicCuts[:], DynamicPositive, DynamicStable, DynamicNegative)
		m.SpecialAttention = (m.Status == StatusLow || m.Status == StatusVeryLow) && m.Dynamic == DynamicNegative
		out[r.id] = m
	}
	return out
}

// classOf returns the class of index x: the first class whose cut x
// does not exceed, else the last (len(classes) = len(cuts) + 1).
func classOf[C any](x float64, cuts []float64, classes ...C) C {
	for i, c := range cuts {
		if x <= c {
			return classes[i]
		}
	}
	return classes[len(cuts)]
}

// valueIn returns n's value of the named indicator in year.
func valueIn(n domain.Neighbourhood, name string, year int) (float64, bool) {
	for _, in := range n.Indicators {
		if in.Name == name && in.Year == year {
			return in.Value, true
		}
	}
	return 0, false
}

// standardise returns the z-values of xs with the population standard
// deviation (gonum's stat, as the MSS standardises over all its areas,
// not a sample of them); all zero when the values do not vary.
func standardise(xs []float64) []float64 {
	mean, sd := stat.PopMeanStdDev(xs, nil)
	out := make([]float64, len(xs))
	for i, x := range xs {
		if sd > 0 && !math.IsNaN(sd) {
			out[i] = stat.StdScore(x, mean, sd)
		}
	}
	return out
}

// SortByIndicator orders ns by the latest value of the named indicator,
// ascending or descending; places without a value come last in either
// direction, ties by name and id.
func SortByIndicator(ns []domain.Neighbourhood, name string, desc bool) {
	slices.SortStableFunc(ns, func(a, b domain.Neighbourhood) int {
		va, okA := latestIndicator(a, name)
		vb, okB := latestIndicator(b, name)
		switch {
		case okA && !okB:
			return -1
		case !okA && okB:
			return 1
		}
		c := cmp.Compare(va, vb)
		if desc {
			c = -c
		}
		return cmp.Or(c, strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
}

// PlaceSource is what Monitoring needs of the store besides Source.
type PlaceSource interface {
	// PlacesAt returns every neighbourhood of a level with its
	// indicators, whoever asks: places are public.
	PlacesAt(ctx context.Context, level domain.Level) ([]domain.Neighbourhood, error)
}

// Monitoring returns the MSS-style classes of the city's places under
// cat's configuration, by place id, cached per data version. The classes
// are relative to every place of the level, not only those the caller
// sees: a viewer of one district gets the same class for a quarter as
// the coordinator of the city.
func (s *Service) Monitoring(ctx context.Context, cat *domain.IndicatorCatalogue) (map[string]Monitoring, error) {
	if cat == nil || cat.Status == nil {
		return map[string]Monitoring{}, nil
	}
	src, ok := s.src.(PlaceSource)
	if !ok {
		return nil, errors.New("insights: the source cannot list places")
	}
	cfg := cat.Status
	key := fmt.Sprintf("monitoring|%s|%d|%d|%s|%v|%v", cfg.Level, cfg.Year, cfg.BaseYear, strings.Join(cfg.Indicators, ","), cfg.StatusCuts, cfg.DynamicCuts)
	// The answer does not depend on the caller's access, but the cache
	// keeps one entry per view (see cached); the computation is cheap.
	return cached(ctx, s, key, func(ctx context.Context) (map[string]Monitoring, error) {
		ns, err := src.PlacesAt(ctx, cfg.Level)
		if err != nil {
			return nil, err
		}
		return MonitoringClasses(ns, cat), nil
	})
}
