package server_test

import (
	"encoding/json"
	"math"
	"net/url"
	"testing"

	"github.com/kiezgraph/kiezgraph/seed"
)

// TestExportScoresSampled: scores=true&sampleSources=K writes the
// betweenness that brokers(sampleSources: K) computes (sampled from K
// actors, the same draw), in a network format and in GeoJSON, for the
// hundred first brokers; without sampleSources it is the exact
// betweenness of brokers. Worked on the demo city on its reference day,
// as an admin.
func TestExportScoresSampled(t *testing.T) {
	needNeo4j(t)
	const brokersQ = `query($day: Date, $k: Int) { brokers(network: {asOf: $day}, partition: SECTOR, first: 100, sampleSources: $k) { actor { id } betweenness } }`
	for _, tc := range []struct {
		name    string
		sources int // 0: exact
	}{
		{"exact", 0},
		{"sampled from 20 actors", 20},
		{"sampled from 60 actors", 60},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vars := map[string]any{"day": seed.ReferenceDay}
			params := url.Values{"asOf": {seed.ReferenceDay}, "scores": {"true"}}
			if tc.sources > 0 {
				vars["k"] = tc.sources
				params.Set("sampleSources", itoa(tc.sources))
			}
			want := map[string]float64{}
			d := mustPost(t, brokersQ, vars)
			for i := range count(get(d, "brokers")) {
				want[get(d, "brokers", i, "actor", "id").(string)] = get(d, "brokers", i, "betweenness").(float64)
			}
			if len(want) < 100 {
				t.Fatalf("%d brokers: too few to mean anything", len(want))
			}
			var cy struct {
				Elements struct {
					Nodes []struct {
						Data map[string]any `json:"data"`
					} `json:"nodes"`
				} `json:"elements"`
			}
			if err := json.Unmarshal(mustDownload(t, adminToken, "/export/cytoscape", params, "application/json"), &cy); err != nil {
				t.Fatal(err)
			}
			var geo struct {
				Features []struct {
					Properties map[string]any `json:"properties"`
				} `json:"features"`
			}
			if err := json.Unmarshal(mustDownload(t, adminToken, "/export/geojson", params, "application/geo+json"), &geo); err != nil {
				t.Fatal(err)
			}
			got := map[string]map[string]float64{"cytoscape": {}, "geojson": {}}
			for _, n := range cy.Elements.Nodes {
				if b, ok := n.Data["betweenness"].(float64); ok {
					got["cytoscape"][n.Data["id"].(string)] = b
				}
			}
			for _, f := range geo.Features {
				if b, ok := f.Properties["betweenness"].(float64); ok {
					got["geojson"][f.Properties["id"].(string)] = b
				}
			}
			for format, g := range got {
				if len(g) == 0 {
					t.Errorf("%s: no betweenness", format)
				}
				differ := 0
				for id, w := range want {
					if b, ok := g[id]; !ok || math.Abs(w-b) > 1e-9 {
						differ++
					}
				}
				if differ > 0 {
					t.Errorf("%s: %d of the %d first brokers' betweenness differ from brokers'", format, differ, len(want))
				}
			}
		})
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
