package server_test

import (
	"math"
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
