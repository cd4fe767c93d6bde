package seed

import (
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
)

// TestDemoPlaces checks the hierarchy and its official keys, the monitoring
// of the quarter management areas (low status, negative dynamic), and that
// every need cites its quarter's indicator.
func TestDemoPlaces(t *testing.T) {
	ds := Demo()
	byID := map[string]domain.Neighbourhood{}
	for _, n := range ds.Neighbourhoods {
		byID[n.ID] = n
	}
	value := func(n domain.Neighbourhood, name string, year int) float64 {
		for _, in := range n.Indicators {
			if in.Name == name && in.Year == year {
				return in.Value
			}
		}
		t.Fatalf("%s has no %s %d", n.ID, name, year)
		return 0
	}
	city := byID[CityID]
	qm := 0
	for _, n := range ds.Neighbourhoods {
		if n.ParentID != nil {
			parent := byID[*n.ParentID]
			if n.Level.Depth() != parent.Level.Depth()+1 || !strings.HasPrefix(*n.OfficialCode, *parent.OfficialCode) ||
				len(*n.OfficialCode) != len(*parent.OfficialCode)+2 {
				t.Errorf("%s (%s %s) does not nest in %s (%s %s)", n.ID, n.Level, *n.OfficialCode, parent.ID, parent.Level, *parent.OfficialCode)
			}
		}
		if n.Level != domain.LevelQuarter {
			continue
		}
		if len(n.Indicators) < 8 || *n.Population <= 0 {
			t.Errorf("%s: %d indicators, population %d", n.ID, len(n.Indicators), *n.Population)
		}
		if !n.QuarterManagement {
			continue
		}
		qm++
		for _, name := range []string{"unemployment", "transfer benefits", "child poverty"} {
			if now, before := value(n, name, 2023), value(n, name, 2021); now <= before || now <= value(city, name, 2023) {
				t.Errorf("QM quarter %s: %s %v (2021: %v, city %v), want low status and negative dynamic",
					n.ID, name, now, before, value(city, name, 2023))
			}
		}
	}
	if qm < 1 || qm > 2 {
		t.Errorf("%d quarters under quarter management, want one or two", qm)
	}
	for _, n := range ds.Needs {
		q := byID[n.NeighbourhoodID]
		e := n.Evidence
		if q.Level != domain.LevelQuarter || e == nil || *e.Value != value(q, e.Indicator, 2023) || *e.Year != 2023 || *e.Source != "MSS 2023" {
			t.Errorf("%s: evidence %+v does not match the indicators of %s", n.ID, e, q.ID)
		}
	}
}
