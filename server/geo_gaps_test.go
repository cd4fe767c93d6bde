package server_test

import (
	"math"
	"slices"
	"testing"

	"github.com/kiezgraph/kiezgraph/seed"
)

func TestGapsWithinWalkingRange(t *testing.T) {
	needNeo4j(t)
	q := `query($m: Float) {
		gaps(asOf: "` + seed.ReferenceDay + `", first: 100, nearbyMeters: $m) {
			need { id }
			nearbyProviders(meters: 400) { meters service { id } provider { id } location { neighbourhood { id } } }
		}
	}`
	byNeed := func(d map[string]any) map[string]any {
		out := map[string]any{}
		for _, g := range get(d, "gaps").([]any) {
			out[str(get(g, "need", "id"))] = g
		}
		return out
	}
	plain := byNeed(mustPost(t, q, nil))
	senior, ok := plain[seed.SeniorGapNeedID]
	if !ok {
		t.Fatalf("without nearbyMeters the senior gap must stay a gap: %v", plain)
	}
	near := get(senior, "nearbyProviders", 0)
	if get(near, "service", "id") != seed.SeniorProviderServiceID || get(near, "provider", "id") != seed.SeniorProviderID ||
		math.Abs(get(near, "meters").(float64)-seed.SeniorProviderMetres) > 5 {
		t.Errorf("nearest provider of the senior gap: %v, want %s about %.0f m away", near, seed.SeniorProviderServiceID, seed.SeniorProviderMetres)
	}
	tests := []struct {
		meters     float64
		seniorOpen bool
	}{
		{300, true},  // the meeting place lies 350 m away
		{400, false}, // within walking range: no longer a gap
	}
	for _, tt := range tests {
		got := byNeed(mustPost(t, q, map[string]any{"m": tt.meters}))
		if _, open := got[seed.SeniorGapNeedID]; open != tt.seniorOpen {
			t.Errorf("nearbyMeters %.0f: senior gap open %v, want %v", tt.meters, open, tt.seniorOpen)
		}
		if len(got) > len(plain) {
			t.Errorf("nearbyMeters %.0f: %d gaps, more than the %d without", tt.meters, len(got), len(plain))
		}
	}
	if r := post(t, `{ gaps(nearbyMeters: -5) { need { id } } }`, nil); r.code() != "BAD_USER_INPUT" {
		t.Errorf("negative nearbyMeters: %+v", r.Errors)
	}
}

// TestCoveringServicesWithinWalkingRange: the senior gap's need lists no
// covering service by the hierarchy; with nearbyMeters it lists the
// meeting place 350 m across the border, by the rule gaps(nearbyMeters:)
// uses, and only from the range on where gaps closes it.
func TestCoveringServicesWithinWalkingRange(t *testing.T) {
	needNeo4j(t)
	q := `query($id: ID!, $m: Float) { need(id: $id) { coveringServices(asOf: "` + seed.ReferenceDay + `", nearbyMeters: $m) { id } } }`
	for _, tt := range []struct {
		name   string
		meters any
		want   []string
	}{
		{"by the hierarchy alone", nil, nil},
		{"300 m: the meeting place lies 350 m away", 300.0, nil},
		{"400 m", 400.0, []string{seed.SeniorProviderServiceID}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := mustPost(t, q, map[string]any{"id": seed.SeniorGapNeedID, "m": tt.meters})
			var got []string
			for _, s := range get(d, "need", "coveringServices").([]any) {
				got = append(got, str(get(s, "id")))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("coveringServices = %v, want %v", got, tt.want)
			}
		})
	}
	// Needs covered by the hierarchy keep those services first, in their
	// order; the walking range adds each further service once.
	d := mustPost(t, `{ needs(filter: {neighbourhood: "nbh_lindenpark"}, first: 50) { edges { node { id
		plain: coveringServices(asOf: "`+seed.ReferenceDay+`") { id }
		wide: coveringServices(asOf: "`+seed.ReferenceDay+`", nearbyMeters: 50000) { id } } } } }`, nil)
	grew := 0
	for _, e := range get(d, "needs", "edges").([]any) {
		var plain, wide []string
		for _, s := range get(e, "node", "plain").([]any) {
			plain = append(plain, str(get(s, "id")))
		}
		for _, s := range get(e, "node", "wide").([]any) {
			wide = append(wide, str(get(s, "id")))
		}
		if len(wide) < len(plain) || !slices.Equal(wide[:len(plain)], plain) || len(slices.Compact(slices.Sorted(slices.Values(wide)))) != len(wide) {
			t.Errorf("need %v: hierarchy %v, within 50 km %v", get(e, "node", "id"), plain, wide)
		}
		if len(wide) > len(plain) {
			grew++
		}
	}
	if grew == 0 {
		t.Errorf("no need of Lindenpark gains a service within 50 km: %v", d)
	}
	if r := post(t, `query($id: ID!) { need(id: $id) { coveringServices(nearbyMeters: 60000) { id } } }`, map[string]any{"id": seed.SeniorGapNeedID}); r.code() != "BAD_USER_INPUT" {
		t.Errorf("nearbyMeters beyond 50 km: %+v", r.Errors)
	}
}
