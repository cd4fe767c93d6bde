package server_test

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/export"
	"github.com/kiezgraph/kiezgraph/hsds"
	"github.com/kiezgraph/kiezgraph/seed"
	"github.com/kiezgraph/kiezgraph/store"
)

// TestStreamedGeoAndHSDSAreTheLoadedFiles: GET /export/geojson and
// /export/hsds, which stream, give byte for byte the files the command
// line builds in memory from the store's paged reads (hsds.Export;
// export.WriteGeoJSON of the slice's actors, hsds.Load's services and
// their locations read by id), for every kind of caller and scope: the
// same records under the same access rules, in the same order. A scope
// the caller does not see is refused like a missing one.
func TestStreamedGeoAndHSDSAreTheLoadedFiles(t *testing.T) {
	needNeo4j(t)
	day, err := time.Parse(time.DateOnly, seed.ReferenceDay)
	if err != nil {
		t.Fatal(err)
	}
	scopes := []string{"", "nbh_nord", seed.BrokerQuarterID, "nbh_mitte"}
	for _, p := range exportCallers {
		for _, scope := range scopes {
			t.Run(p.name+"/"+scope, func(t *testing.T) {
				acc := domain.Access{Subject: "matrix-" + p.name, Role: p.role, Districts: p.districts}
				if p.role == domain.RolePublic {
					acc.Subject = ""
				}
				ctx := domain.WithAccess(t.Context(), acc)
				q := domain.SliceQuery{AsOf: day}
				params := url.Values{"asOf": {seed.ReferenceDay}}
				if scope != "" {
					q.Scope = &scope
					params.Set("scope", scope)
				}
				hq := hsds.Query{Scope: q.Scope, AsOf: day}
				var want bytes.Buffer
				stats, err := hsds.Export(ctx, st, hq, &want)
				if errors.Is(err, domain.ErrInvalid) {
					// A scope the caller does not see: both are refused
					// before their first byte, as a missing one.
					for _, f := range []string{"hsds", "geojson"} {
						resp, b := download(t, p.bearer(t), "/export/"+f, params)
						if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), `"BAD_USER_INPUT"`) || !strings.Contains(string(b), `no neighbourhood with id`) || !strings.Contains(string(b), `"field":"scope"`) {
							t.Errorf("%s of a hidden scope: %d %s", f, resp.StatusCode, b)
						}
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if stats.Services == 0 {
					t.Fatalf("no services: the comparison would mean nothing")
				}
				got := mustDownload(t, p.bearer(t), "/export/hsds", params, "application/json")
				if !bytes.Equal(got, want.Bytes()) {
					t.Errorf("hsds: streamed file (%d bytes) differs from hsds.Export's (%d bytes)", len(got), want.Len())
				}

				// The actors as the network formats read them (with the
				// neighbourhoods the caller sees), their locations read
				// apart.
				var actors []domain.Actor
				if err := st.StreamSlice(ctx, q, func(sr *store.SliceReader) error {
					return sr.Actors(func(a domain.Actor, _ *orb.Point) error {
						actors = append(actors, a)
						return nil
					})
				}); err != nil {
					t.Fatal(err)
				}
				svc, err := hsds.Load(ctx, st, hq)
				if err != nil {
					t.Fatal(err)
				}
				geo := export.GeoDataset{Actors: actors, Services: svc.Services, Locations: svc.Locations}
				ids := make([]string, len(actors))
				for i, a := range actors {
					ids[i] = a.ID
				}
				locs, err := st.ActorLocations(ctx, ids)
				if err != nil {
					t.Fatal(err)
				}
				for id, ls := range locs {
					geo.Locations[id] = ls
				}
				outlines, err := st.OutlinesWithin(ctx, scope, nil)
				if err != nil {
					t.Fatal(err)
				}
				for _, o := range outlines {
					geo.Neighbourhoods = append(geo.Neighbourhoods, export.Outline{Neighbourhood: o.Neighbourhood, Geometry: o.Geometry})
				}
				want.Reset()
				if err := export.WriteGeoJSON(&want, geo); err != nil {
					t.Fatal(err)
				}
				if len(actors) == 0 && p.role != domain.RolePublic {
					t.Fatalf("no actors: the comparison would mean nothing")
				}
				got = mustDownload(t, p.bearer(t), "/export/geojson", params, "application/geo+json")
				if !bytes.Equal(got, want.Bytes()) {
					t.Errorf("geojson: streamed file (%d bytes) differs from WriteGeoJSON's (%d bytes)", len(got), want.Len())
				}
			})
		}
	}
}
