package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/paulmach/orb"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/export"
	"github.com/kiezgraph/kiezgraph/hsds"
	"github.com/kiezgraph/kiezgraph/store"
)

// placesStore is what exports read of places: outlines and the actors'
// locations (the services' come with hsds.Reader).
type placesStore interface {
	ActorLocations(ctx context.Context, ids []string) (map[string][]domain.Location, error)
	OutlinesWithin(ctx context.Context, scope string, levels []domain.Level) ([]store.Outline, error)
}

// positions returns where the actors work, their first location by id,
// for the node coordinates of the network exports; nil when none has a
// location, so that exports of a city without a map stay as they were.
func positions(ctx context.Context, st placesStore, actors []domain.Actor) (map[string]orb.Point, error) {
	ids := make([]string, len(actors))
	for i, a := range actors {
		ids[i] = a.ID
	}
	locs, err := st.ActorLocations(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("export: load locations: %w", err)
	}
	if len(locs) == 0 {
		return nil, nil
	}
	out := make(map[string]orb.Point, len(locs))
	for id, ls := range locs {
		out[id] = ls[0].Point()
	}
	return out, nil
}

// exportGeoJSON writes the scope's outlined neighbourhoods, the slice's
// actors (with scores when asked) and the services valid on the day at
// their locations as one GeoJSON FeatureCollection.
func exportGeoJSON(ctx context.Context, st exportStore, cfg exportConfig, ds export.Dataset, stdout, stderr io.Writer) error {
	scope := ""
	if cfg.query.Scope != nil {
		scope = *cfg.query.Scope
	}
	outlines, err := st.OutlinesWithin(ctx, scope, nil)
	if err != nil {
		return fmt.Errorf("export: load outlines: %w", err)
	}
	svc, err := hsds.Load(ctx, st, hsds.Query{Scope: cfg.query.Scope, AsOf: cfg.query.AsOf})
	if err != nil {
		return err
	}
	geo := export.GeoDataset{Actors: ds.Slice.Actors, Services: svc.Services, Scores: ds.Scores, Locations: svc.Locations}
	ids := make([]string, len(geo.Actors))
	for i, a := range geo.Actors {
		ids[i] = a.ID
	}
	actorLocs, err := st.ActorLocations(ctx, ids)
	if err != nil {
		return fmt.Errorf("export: load locations: %w", err)
	}
	for id, ls := range actorLocs {
		geo.Locations[id] = ls
	}
	for _, o := range outlines {
		geo.Neighbourhoods = append(geo.Neighbourhoods, export.Outline{Neighbourhood: o.Neighbourhood, Geometry: o.Geometry})
	}
	write := func(w io.Writer) error { return export.WriteGeoJSON(w, geo) }
	dest := cfg.out
	if dest == "" {
		dest = "stdout"
		bw := bufio.NewWriter(stdout)
		if err := write(bw); err != nil {
			return err
		}
		err = bw.Flush()
	} else {
		err = writeFiles([]string{cfg.out}, func(w []io.Writer) error { return write(w[0]) })
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "kiezgraph export: geojson: %d neighbourhoods, %d actors, %d services; %s → %s\n",
		len(geo.Neighbourhoods), len(geo.Actors), len(geo.Services), cfg.query.AsOf.Format(time.DateOnly), dest)
	return nil
}
