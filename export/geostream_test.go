package export_test

import (
	"bytes"
	"cmp"
	"errors"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/export"
)

// TestWriteGeoStream: the streamed file is WriteGeoJSON's of the same
// records, and a part's error ends it.
func TestWriteGeoStream(t *testing.T) {
	ds := export.GeoDataset{
		Neighbourhoods: []export.Outline{
			{Neighbourhood: domain.Neighbourhood{ID: "nbh_y", Name: "Ostkiez", Level: domain.LevelQuarter}, Geometry: orb.Polygon{{{10.5, 51.9}, {10.6, 51.9}, {10.6, 52}, {10.5, 51.9}}}},
			{Neighbourhood: domain.Neighbourhood{ID: "nbh_x", Name: "Westkiez", Level: domain.LevelQuarter}, Geometry: orb.Polygon{{{10.4, 51.9}, {10.5, 51.9}, {10.5, 52}, {10.4, 51.9}}}},
		},
		Actors:   small().Slice.Actors,
		Services: []domain.Service{{ID: "svc_1", Name: "Hausaufgabenhilfe", ProviderID: "act_a-school"}},
		Locations: map[string][]domain.Location{
			"act_a-school": {{ID: "loc_b", Latitude: 51.93, Longitude: 10.41}, {ID: "loc_a", Latitude: 51.94, Longitude: 10.42}},
			"svc_1":        {{ID: "loc_c", Latitude: 51.93, Longitude: 10.41}},
		},
		Scores: export.ComputeScores(small().Slice),
	}
	var want bytes.Buffer
	if err := export.WriteGeoJSON(&want, ds); err != nil {
		t.Fatal(err)
	}
	// The actors by id, as a store hands them on.
	byID := slices.Clone(ds.Actors)
	slices.SortFunc(byID, func(a, b domain.Actor) int { return cmp.Compare(a.ID, b.ID) })
	actors := func(yield func(domain.Actor, []domain.Location) error) error {
		for _, a := range byID {
			if err := yield(a, ds.Locations[a.ID]); err != nil {
				return err
			}
		}
		return nil
	}
	services := func(yield func(domain.Service, []domain.Location) error) error {
		return yield(ds.Services[0], ds.Locations["svc_1"])
	}
	broken := errors.New("connection lost")
	for _, tc := range []struct {
		name    string
		g       export.GeoStream
		wantErr error
	}{
		{name: "the records", g: export.GeoStream{Neighbourhoods: ds.Neighbourhoods, Scores: ds.Scores, Actors: actors, Services: services}},
		{name: "actors fail", g: export.GeoStream{Neighbourhoods: ds.Neighbourhoods, Actors: func(func(domain.Actor, []domain.Location) error) error { return broken }, Services: services}, wantErr: broken},
		{name: "services fail", g: export.GeoStream{Actors: actors, Services: func(func(domain.Service, []domain.Location) error) error { return broken }}, wantErr: broken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got bytes.Buffer
			err := export.WriteGeoStream(&got, tc.g)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Errorf("err = %v, want the part's", err)
				}
				return
			}
			if err != nil || !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("err %v; streamed file differs:\n%s\nwant:\n%s", err, got.String(), want.String())
			}
		})
	}
}
