package confinement_test

import (
	"testing"
	"time"
)

func TestProbe(t *testing.T) {
	needNeo4j(t)
	start := time.Now()
	s := takeSnapshot(t)
	t.Logf("snapshot %d records %v", len(s.records), time.Since(start))
	counts := map[string]int{}
	for _, r := range s.records {
		counts[r.kind+" "+zoneClass(r.zones)]++
	}
	for k, v := range counts {
		t.Log(k, v)
	}
	for _, r := range s.records {
		if r.kind == "Network" || r.kind == "Neighbourhood" && r.zones[0] == city {
			t.Log(r.id, r.zones)
		}
	}
}

func zoneClass(z []string) string {
	if len(z) == 1 && z[0] == city {
		return "placeless"
	}
	if len(z) > 1 {
		return "span"
	}
	return "one"
}
