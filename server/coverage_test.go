package server_test

import (
	"math"
	"slices"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/seed"
)

const coverageQuery = `query($scope: ID, $day: Date, $rows: CoverageAxis!, $cols: CoverageAxis!, $measure: CoverageMeasure, $thin: Float) {
  coverage(scope: $scope, asOf: $day, rows: $rows, columns: $cols, measure: $measure, thinPer1000: $thin) {
    rows { id name nameDe } columns { id name }
    cells { row column
      tally { value services providers reach { local fromDistrict fromCity } needs uncoveredNeeds thinNeeds residents residentsOfGroup }
      needs { need { id severity coveringServices(asOf: $day) { id } } class coveringServices residents servicesPer1000 } }
    rowTotals { value services needs }
    columnTotals { value services needs }
    total { value services providers needs uncoveredNeeds thinNeeds } thinPer1000 } }`

func coverageVars(scope any, rows, cols, measure string) map[string]any {
	return map[string]any{"scope": scope, "day": seed.ReferenceDay, "rows": rows, "cols": cols, "measure": measure}
}

// cellOf returns the cell of row id r and column id c.
func cellOf(t *testing.T, m any, r, c string) any {
	t.Helper()
	for i := 0; i < count(get(m, "cells")); i++ {
		cell := get(m, "cells", i)
		ri, ci := int(get(cell, "row").(float64)), int(get(cell, "column").(float64))
		if get(m, "rows", ri, "id") == r && get(m, "columns", ci, "id") == c {
			return cell
		}
	}
	t.Fatalf("no cell %s × %s", r, c)
	return nil
}

func fnum(v any) float64 { return v.(float64) }

// The totals of a matrix whose records each fall in one cell are the
// sums of its cells.
func TestCoverageTotalsAreTheSumsOfTheCells(t *testing.T) {
	needNeo4j(t)
	for _, tc := range []struct {
		name                string
		rows, cols, measure string
		field               string // the tally field that adds up
		want                float64
	}{
		// Every service has one provider, with one sector and one kind:
		// each service is in exactly one cell. (No figure by hand: the
		// check is that the parts add up.)
		{"services by sector and kind", "SECTOR", "KIND", "SERVICES", "services", -1},
		// Each need has one quarter and one target group. The needs of
		// Nord's quarters, read from the MSS 2023 rules of seed/demo_needs.go:
		//   Lindenpark (13.8 unemployment, 24.5 transfer, 52.3 child poverty,
		//     41.0 single parents, 8.4 under 6, 26.8 65+, 58.5 migration,
		//     52.1 stability): children/education, adolescents/safety,
		//     under 6/language, single parents, unemployed, young adults,
		//     families/housing, seniors/neighbourhood, migration,
		//     families/neighbourhood = 10 (65+ health needs 28: no);
		//   Hafenviertel (10.4, 18.2, 36.1, 36.4, 7.2, 18.5, 44.0, 55.3):
		//     children, adolescents, single parents, unemployed, young
		//     adults, families/housing = 6;
		//   Kastanienhöhe (65+ 29.4): seniors/neighbourhood and health = 2;
		//   Am Mühlgraben (child poverty 22.4, unemployment 7.1) = 2;
		//   Gartenstadt (65+ 24.0) = 1;
		//   no hand-recorded need lies in Nord: 10+6+2+2+1 = 21.
		{"needs by quarter and target group", "NEIGHBOURHOOD", "TARGET_GROUP", "NEEDS", "needs", 21},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := get(mustPost(t, coverageQuery, coverageVars("nbh_nord", tc.rows, tc.cols, tc.measure)), "coverage")
			nr, nc := count(get(m, "rows")), count(get(m, "columns"))
			if count(get(m, "cells")) != nr*nc {
				t.Fatalf("%d cells for %d × %d", count(get(m, "cells")), nr, nc)
			}
			rowSum, colSum := make([]float64, nr), make([]float64, nc)
			var all, values float64
			for i := 0; i < nr*nc; i++ {
				c := get(m, "cells", i)
				v := fnum(get(c, "tally", tc.field))
				rowSum[int(fnum(get(c, "row")))] += v
				colSum[int(fnum(get(c, "column")))] += v
				all += v
				values += fnum(get(c, "tally", "value"))
			}
			for i := range rowSum {
				if got := fnum(get(m, "rowTotals", i, tc.field)); got != rowSum[i] {
					t.Errorf("row %v: total %v, cells add up to %v", get(m, "rows", i, "id"), got, rowSum[i])
				}
			}
			for j := range colSum {
				if got := fnum(get(m, "columnTotals", j, tc.field)); got != colSum[j] {
					t.Errorf("column %v: total %v, cells add up to %v", get(m, "columns", j, "id"), got, colSum[j])
				}
			}
			if got := fnum(get(m, "total", tc.field)); got != all || got != values || all == 0 {
				t.Errorf("total %v, cells add up to %v (values %v)", got, all, values)
			}
			if tc.want >= 0 && all != tc.want {
				t.Errorf("%s: %v, want %v", tc.field, all, tc.want)
			}
		})
	}
}

// A target-group × topic cell of a quarter counts exactly the services
// that Need.coveringServices lists for the quarter's need of that group
// and topic (two implementations of one rule: Go in insights, Cypher in
// the store), and the cell's reach adds up to its services.
func TestCoverageCellsCountTheCoveringServices(t *testing.T) {
	needNeo4j(t)
	m := get(mustPost(t, coverageQuery, coverageVars("nbh_lindenpark", "TARGET_GROUP", "TOPIC", "SERVICES")), "coverage")
	if n := count(get(m, "rows")); n != 12 {
		t.Errorf("%d target group rows, want the 12 of the vocabulary", n)
	}
	seen := 0
	for i := 0; i < count(get(m, "cells")); i++ {
		c := get(m, "cells", i)
		r := get(c, "tally", "reach")
		if s := fnum(get(c, "tally", "services")); fnum(get(r, "local"))+fnum(get(r, "fromDistrict"))+fnum(get(r, "fromCity")) != s {
			t.Errorf("cell %d: reach %v does not add up to %v services", i, r, s)
		}
		for j := 0; j < count(get(c, "needs")); j++ {
			seen++
			n := get(c, "needs", j)
			listed := count(get(n, "need", "coveringServices"))
			if got := fnum(get(c, "tally", "services")); got != float64(listed) {
				t.Errorf("need %v: cell counts %v services, coveringServices lists %d", get(n, "need", "id"), got, listed)
			}
			if got := fnum(get(n, "coveringServices")); got != float64(listed) {
				t.Errorf("need %v: coveringServices %v, listed %d", get(n, "need", "id"), got, listed)
			}
			if (listed == 0) != (get(n, "class") == "UNCOVERED") {
				t.Errorf("need %v: class %v with %d covering services", get(n, "need", "id"), get(n, "class"), listed)
			}
		}
	}
	// Lindenpark has 10 needs (see TestCoverageTotalsAreTheSumsOfTheCells).
	if seen != 10 {
		t.Errorf("%d needs in Lindenpark's cells, want 10", seen)
	}
}

// The thin class on a hand-chosen case: Lindenpark's CRITICAL need of
// children 6–13 for education (child poverty 52.3 % ≥ 50) is covered by
// one service; the catalogue has no share indicator for children 6–13,
// so the residents concerned are all 11 800 of Lindenpark:
// 1 × 1000 / 11 800 = 0.0847 services per 1 000, below the default 0.1,
// so THIN; with a threshold of 0.08 it is COVERED. The seniors' need for
// neighbourhood life is the designed gap: UNCOVERED, and its residents
// are the seniors' share, 26.8 % of 11 800 = 3 162.4 → 3 162.
func TestCoverageThinClass(t *testing.T) {
	needNeo4j(t)
	const children = "ned_lindenpark--children-6-13--education"
	for _, tc := range []struct {
		thin      any
		wantClass string
		wantThin  float64
	}{
		{nil, "THIN", 0.1},
		{0.08, "COVERED", 0.08},
	} {
		vars := coverageVars("nbh_lindenpark", "TARGET_GROUP", "TOPIC", "SERVICES")
		if tc.thin != nil {
			vars["thin"] = tc.thin
		}
		m := get(mustPost(t, coverageQuery, vars), "coverage")
		if got := fnum(get(m, "thinPer1000")); got != tc.wantThin {
			t.Errorf("thinPer1000 %v, want %v", got, tc.wantThin)
		}
		c := cellOf(t, m, "tg_children-6-13", "top_education")
		n := get(c, "needs", 0)
		if get(n, "need", "id") != children || get(n, "need", "severity") != "CRITICAL" {
			t.Fatalf("cell's need %v, want the CRITICAL %s", get(n, "need"), children)
		}
		if fnum(get(n, "coveringServices")) != 1 || fnum(get(n, "residents")) != 11800 {
			t.Errorf("covering %v, residents %v; want 1 and 11800", get(n, "coveringServices"), get(n, "residents"))
		}
		if got := fnum(get(n, "servicesPer1000")); math.Abs(got-1000.0/11800) > 1e-9 {
			t.Errorf("servicesPer1000 %v, want 0.0847", got)
		}
		if get(n, "class") != tc.wantClass {
			t.Errorf("threshold %v: class %v, want %s", tc.thin, get(n, "class"), tc.wantClass)
		}
		wantThinNeeds := 0.0
		if tc.wantClass == "THIN" {
			wantThinNeeds = 1
		}
		if got := fnum(get(c, "tally", "thinNeeds")); got != wantThinNeeds {
			t.Errorf("threshold %v: thinNeeds %v, want %v", tc.thin, got, wantThinNeeds)
		}
		s := get(cellOf(t, m, "tg_seniors-65", "top_neighbourhood"), "needs", 0)
		if get(s, "need", "id") != seed.SeniorGapNeedID || get(s, "class") != "UNCOVERED" || fnum(get(s, "residents")) != 3162 {
			t.Errorf("senior gap: %v", s)
		}
	}
}

// Services per 1 000 residents of the target group: Lindenpark's seniors
// are 26.8 % of 11 800 = 3 162 (the catalogue's "residents 65+"); the
// cell's value is its services × 1000 / 3 162. Children 6–13 have no
// share indicator: all 11 800 residents.
func TestCoveragePer1000UsesTheGroupsPopulation(t *testing.T) {
	needNeo4j(t)
	m := get(mustPost(t, coverageQuery, coverageVars("nbh_nord", "NEIGHBOURHOOD", "TARGET_GROUP", "SERVICES_PER_1000")), "coverage")
	for _, tc := range []struct {
		group     string
		residents float64
		ofGroup   bool
	}{
		{"tg_seniors-65", 3162, true},
		{"tg_children-6-13", 11800, false},
	} {
		c := cellOf(t, m, "nbh_lindenpark", tc.group)
		if got := fnum(get(c, "tally", "residents")); got != tc.residents || get(c, "tally", "residentsOfGroup") != tc.ofGroup {
			t.Errorf("%s: residents %v (of group %v), want %v (%v)", tc.group, got, get(c, "tally", "residentsOfGroup"), tc.residents, tc.ofGroup)
		}
		want := fnum(get(c, "tally", "services")) * 1000 / tc.residents
		if got := fnum(get(c, "tally", "value")); math.Abs(got-want) > 1e-9 || got == 0 {
			t.Errorf("%s: value %v, want %v", tc.group, got, want)
		}
	}
}

// A viewer of Süd sees only Süd: the city's matrix has Süd as its only
// row, Nord is refused as a scope like an unknown id, and what the
// viewer's matrix counts in Süd is exactly what the viewer's service
// list finds there.
func TestCoverageStaysInTheViewersDistricts(t *testing.T) {
	needNeo4j(t)
	viewer := token(t, "viewer-sued", domain.RoleViewer, "nbh_sued")
	r := postAs(t, srv.URL, viewer, coverageQuery, coverageVars(nil, "NEIGHBOURHOOD", "SECTOR", "SERVICES"))
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	m := get(r.Data, "coverage")
	if count(get(m, "rows")) != 1 || get(m, "rows", 0, "id") != "nbh_sued" {
		t.Fatalf("viewer's rows %v, want only nbh_sued", get(m, "rows"))
	}
	l := postAs(t, srv.URL, viewer, `query($day: Date) { services(filter: {neighbourhood: "nbh_sued", asOf: $day}) { totalCount } }`,
		map[string]any{"day": seed.ReferenceDay})
	if len(l.Errors) > 0 {
		t.Fatal(l.Errors)
	}
	listed := fnum(get(l.Data, "services", "totalCount"))
	if got := fnum(get(m, "rowTotals", 0, "services")); got != listed || got == 0 {
		t.Errorf("viewer counts %v services in Süd, lists %v", got, listed)
	}
	// The admin sees more in Süd (services of city-wide actors too).
	a := get(mustPost(t, coverageQuery, coverageVars(nil, "NEIGHBOURHOOD", "SECTOR", "SERVICES")), "coverage")
	if count(get(a, "rows")) != 4 {
		t.Errorf("admin's city rows %v, want the 4 districts", get(a, "rows"))
	}
	r = postAs(t, srv.URL, viewer, coverageQuery, coverageVars("nbh_nord", "NEIGHBOURHOOD", "SECTOR", "SERVICES"))
	if r.code() != "BAD_USER_INPUT" || r.Data["coverage"] != nil {
		t.Errorf("viewer of Süd asking for Nord: %v %v", r.code(), r.Data)
	}
}

func TestCoverageRefusesNonsense(t *testing.T) {
	needNeo4j(t)
	for _, tc := range []struct {
		name                string
		rows, cols, measure string
		thin                any
		fields              []string
	}{
		{"same axis twice", "TOPIC", "TOPIC", "SERVICES", nil, []string{"columns"}},
		{"needs by sector", "SECTOR", "TOPIC", "NEEDS", nil, []string{"measure"}},
		{"every problem at once", "KIND", "KIND", "UNCOVERED_NEEDS", -1.0, []string{"columns", "measure", "thinPer1000"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vars := coverageVars(nil, tc.rows, tc.cols, tc.measure)
			vars["thin"] = tc.thin
			r := post(t, coverageQuery, vars)
			if r.code() != "BAD_USER_INPUT" {
				t.Fatalf("code %q, errors %v", r.code(), r.Errors)
			}
			var fields []string
			for _, e := range r.Errors {
				fs, _ := e.Extensions["fields"].([]any)
				for _, f := range fs {
					fields = append(fields, get(f, "field").(string))
				}
			}
			if !slices.Equal(fields, tc.fields) {
				t.Errorf("fields %v, want %v (errors %v)", fields, tc.fields, r.Errors)
			}
		})
	}
}

// The matrix's uncovered needs are the gaps: of the six designed gaps of
// the demo city two lie in Nord (the seniors of Lindenpark, the single
// parents of Hafenviertel), and per district the counts are those of
// gaps(scope:).
func TestCoverageUncoveredNeedsAreTheGaps(t *testing.T) {
	needNeo4j(t)
	m := get(mustPost(t, coverageQuery, coverageVars(nil, "NEIGHBOURHOOD", "TOPIC", "UNCOVERED_NEEDS")), "coverage")
	if got := fnum(get(m, "total", "value")); got != 6 {
		t.Errorf("%v uncovered needs in the city, want the 6 designed gaps", got)
	}
	for i := 0; i < count(get(m, "rows")); i++ {
		district := get(m, "rows", i, "id")
		g := mustPost(t, `query($q: ID, $day: Date) { gaps(scope: $q, asOf: $day, first: 100) { need { id } } }`,
			map[string]any{"q": district, "day": seed.ReferenceDay})
		if got, want := fnum(get(m, "rowTotals", i, "value")), float64(count(get(g, "gaps"))); got != want {
			t.Errorf("%v: %v uncovered needs, %v gaps", district, got, want)
		}
		if district == "nbh_nord" && fnum(get(m, "rowTotals", i, "value")) != 2 {
			t.Errorf("Nord: %v uncovered needs, want 2", get(m, "rowTotals", i, "value"))
		}
	}
}
