package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/hsds"
	"github.com/kiezgraph/kiezgraph/importer"
	"github.com/kiezgraph/kiezgraph/store"
)

// importOutlines imports neighbourhood outlines from GeoJSON
// FeatureCollections (import -format geojson): bad features go to stderr
// as FILE:FEATURE: REASON, the summary and the locations left outside
// every outline to stdout, and what was written to the audit trail.
func importOutlines(ctx context.Context, st *store.Store, cfg importConfig, getenv func(string) string, stdout, stderr io.Writer) error {
	if !cfg.geojson.DryRun {
		if err := st.Migrate(ctx); err != nil {
			return err
		}
	}
	rep, err := importer.ImportGeoJSON(ctx, st, cfg.paths, cfg.geojson)
	if rep != nil {
		for _, p := range rep.Problems {
			fmt.Fprintln(stderr, p)
		}
		fmt.Fprintf(stdout, "%d features, %d outlines and %d locations written\n", rep.Features, rep.Written, rep.Locations)
	}
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if rep.Written+rep.Locations == 0 {
		return nil
	}
	unplaced, err := st.PlaceLocations(ctx)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	for _, u := range unplaced {
		fmt.Fprintf(stdout, "location %s of %s at [%.6f, %.6f] lies outside every outline\n", u.Location.ID, u.OwnerID, u.Location.Longitude, u.Location.Latitude)
	}
	return auditImport(ctx, st, &importer.Report{Files: []importer.FileReport{{File: importer.File{Path: strings.Join(cfg.paths, ",")}, Written: rep.Written + rep.Locations}}}, getenv, stdout)
}

// importHSDSLocations stores the located places of the HSDS services just
// imported (service_at_locations with latitude and longitude) under the
// services, placed by point in polygon, and says how many.
func importHSDSLocations(ctx context.Context, st *store.Store, paths []string, stdout io.Writer) error {
	byService, err := hsds.ServiceLocations(paths)
	if err != nil || len(byService) == 0 {
		return err
	}
	keys := make([]string, 0, len(byService))
	for k := range byService {
		keys = append(keys, k)
	}
	ids, err := st.RecordsByKey(ctx, "Service", keys)
	if err != nil {
		return fmt.Errorf("import: locations: %w", err)
	}
	var locs []domain.Location
	for _, k := range slices.Sorted(maps.Keys(byService)) {
		rec, ok := ids[k]
		if !ok {
			continue // a service the import refused
		}
		for _, l := range byService[k] {
			l.OwnerID = rec.ID
			locs = append(locs, l)
		}
	}
	if err := st.LoadLocations(ctx, locs); err != nil {
		return fmt.Errorf("import: locations: %w", err)
	}
	fmt.Fprintf(stdout, "%d locations of services written\n", len(locs))
	return nil
}
