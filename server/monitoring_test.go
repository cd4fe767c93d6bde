package server_test

import (
	"math"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
)

func TestIndicatorCatalogueDescribesTheIndicators(t *testing.T) {
	needNeo4j(t)
	// The public may read the catalogue: it is configuration, not data.
	d := postOK(t, "", `{ indicatorCatalogue { indicators { name nameDe nameEn unit higherIsWorse targetGroupCode }
	  monitoring { indicators level year baseYear statusCuts dynamicCuts } } }`, nil)
	c := get(d, "indicatorCatalogue")
	if n := count(get(c, "indicators")); n != 8 {
		t.Errorf("%d indicators, want the demo city's 8", n)
	}
	byName := map[string]any{}
	for i := 0; i < count(get(c, "indicators")); i++ {
		byName[get(c, "indicators", i, "name").(string)] = get(c, "indicators", i)
	}
	if get(byName["residential stability"], "higherIsWorse") != false || get(byName["child poverty"], "higherIsWorse") != true {
		t.Errorf("directions: %v", byName)
	}
	if get(byName["residents 65+"], "targetGroupCode") != "SENIORS_65" {
		t.Errorf("residents 65+: %v", byName["residents 65+"])
	}
	if m := get(c, "monitoring"); count(get(m, "indicators")) != 3 || get(m, "level") != "QUARTER" || fnum(get(m, "year")) != 2023 || count(get(m, "statusCuts")) != 3 {
		t.Errorf("monitoring configuration %v", m)
	}
	// A neighbourhood's indicator values point at their definition.
	d = mustPost(t, `{ neighbourhood(id: "nbh_lindenpark") { indicators(name: "child poverty") { year definition { nameDe higherIsWorse } } } }`, nil)
	if get(d, "neighbourhood", "indicators", 0, "definition", "nameDe") != "Kinderarmut (unter 15-Jährige in SGB-II-Haushalten)" {
		t.Errorf("definition %v", get(d, "neighbourhood", "indicators"))
	}
}

// The MSS-style classes of the demo quarters. Worked out apart from the
// code (a short script over seed/demo_places.go): per index indicator
// (unemployment, transfer benefits, child poverty) the 2023 values and
// the 2023−2021 changes of the 18 quarters are standardised with the
// population standard deviation, summed per quarter and standardised
// again. Lindenpark: status index 1.904 > 1.5 → VERY_LOW, dynamic 2.284 >
// 1 → NEGATIVE, so special attention (its own description says "Status
// niedrig, Dynamik negativ"); Bahnhofsviertel 2.109 / 2.475 likewise;
// Schillerviertel −0.087 MEDIUM, −1.972 POSITIVE ("Dynamik positiv");
// Eschenried 1.161 LOW, −0.047 STABLE, no special attention; Gartenstadt
// −1.164 HIGH. Districts are not classed (the configured level is
// QUARTER).
func TestMonitoringClassesOfTheDemoQuarters(t *testing.T) {
	needNeo4j(t)
	const q = `query($id: ID!) { neighbourhood(id: $id) { monitoring { year baseYear statusIndex dynamicIndex status dynamic specialAttention } } }`
	for _, tc := range []struct {
		id               string
		status, dynamic  string
		si, di           float64
		specialAttention bool
	}{
		{"nbh_lindenpark", "VERY_LOW", "NEGATIVE", 1.904, 2.284, true},
		{"nbh_bahnhofsviertel", "VERY_LOW", "NEGATIVE", 2.109, 2.475, true},
		{"nbh_schillerviertel", "MEDIUM", "POSITIVE", -0.087, -1.972, false},
		{"nbh_eschenried", "LOW", "STABLE", 1.161, -0.047, false},
		{"nbh_gartenstadt", "HIGH", "STABLE", -1.164, -0.277, false},
	} {
		t.Run(tc.id, func(t *testing.T) {
			m := get(mustPost(t, q, map[string]any{"id": tc.id}), "neighbourhood", "monitoring")
			if m == nil {
				t.Fatal("no classes")
			}
			if get(m, "status") != tc.status || get(m, "dynamic") != tc.dynamic || get(m, "specialAttention") != tc.specialAttention {
				t.Errorf("%v, want %s / %s / %v", m, tc.status, tc.dynamic, tc.specialAttention)
			}
			if math.Abs(fnum(get(m, "statusIndex"))-tc.si) > 0.0005 || math.Abs(fnum(get(m, "dynamicIndex"))-tc.di) > 0.0005 {
				t.Errorf("indices %v / %v, want %v / %v", get(m, "statusIndex"), get(m, "dynamicIndex"), tc.si, tc.di)
			}
			if fnum(get(m, "year")) != 2023 || fnum(get(m, "baseYear")) != 2021 {
				t.Errorf("years %v", m)
			}
		})
	}
	if m := get(mustPost(t, q, map[string]any{"id": "nbh_nord"}), "neighbourhood", "monitoring"); m != nil {
		t.Errorf("a district classed: %v", m)
	}
	// A viewer of Süd gets the same class for a Süd quarter as the admin:
	// classes are relative to the whole city, not to what the caller sees.
	// Ziegelei: status 0.729 MEDIUM, dynamic 0.749 STABLE.
	viewer := token(t, "viewer-sued", domain.RoleViewer, "nbh_sued")
	v := get(postOK(t, viewer, q, map[string]any{"id": "nbh_ziegelei"}), "neighbourhood", "monitoring")
	if get(v, "status") != "MEDIUM" || math.Abs(fnum(get(v, "statusIndex"))-0.729) > 0.0005 {
		t.Errorf("viewer's Ziegelei: %v", v)
	}
}

// Quarters ordered by child poverty (MSS 2023): Lindenpark 52.3,
// Bahnhofsviertel 48.6, Eschenried 40.2 at the top; Domviertel 4.8 the
// lowest. Paging continues the same order.
func TestNeighbourhoodsOrderedByAnIndicator(t *testing.T) {
	needNeo4j(t)
	const q = `query($dir: SortDirection, $after: String, $ind: String) {
	  neighbourhoods(filter: {levels: [QUARTER]}, orderBy: {indicator: $ind, direction: $dir}, first: 2, after: $after) {
	    totalCount edges { node { id } } pageInfo { endCursor hasNextPage } } }`
	ids := func(d map[string]any) []string {
		var out []string
		for i := 0; i < count(get(d, "neighbourhoods", "edges")); i++ {
			out = append(out, get(d, "neighbourhoods", "edges", i, "node", "id").(string))
		}
		return out
	}
	d := mustPost(t, q, map[string]any{"dir": "DESC", "ind": "child poverty"})
	if got := ids(d); len(got) != 2 || got[0] != "nbh_lindenpark" || got[1] != "nbh_bahnhofsviertel" {
		t.Errorf("first page %v", got)
	}
	if fnum(get(d, "neighbourhoods", "totalCount")) != 18 || get(d, "neighbourhoods", "pageInfo", "hasNextPage") != true {
		t.Errorf("page info %v", get(d, "neighbourhoods"))
	}
	d = mustPost(t, q, map[string]any{"dir": "DESC", "ind": "child poverty", "after": get(d, "neighbourhoods", "pageInfo", "endCursor")})
	if got := ids(d); len(got) == 0 || got[0] != "nbh_eschenried" {
		t.Errorf("second page %v", got)
	}
	d = mustPost(t, q, map[string]any{"dir": "ASC", "ind": "child poverty"})
	if got := ids(d); len(got) == 0 || got[0] != "nbh_domviertel" {
		t.Errorf("ascending %v", got)
	}
	for _, bad := range []map[string]any{
		{"ind": "child povrety"},
		{"ind": " "},
	} {
		if r := post(t, q, bad); r.code() != "BAD_USER_INPUT" {
			t.Errorf("%v: %v %v", bad, r.code(), r.Errors)
		}
	}
	r := post(t, `{ neighbourhoods(orderBy: {field: POPULATION, indicator: "child poverty"}) { totalCount } }`, nil)
	if r.code() != "BAD_USER_INPUT" {
		t.Errorf("field and indicator: %v %v", r.code(), r.Errors)
	}
}
