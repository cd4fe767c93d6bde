package resolvers

import (
	"context"
	"fmt"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph/model"
	"github.com/kiezgraph/kiezgraph/insights"
	"github.com/kiezgraph/kiezgraph/store"
)

// maxSimplify bounds the display tolerance: beyond a few kilometres a
// city's quarters are no longer shapes.
const maxSimplify = 5000.0

func checkSimplify(t *float64) error {
	if t != nil && !(*t >= 0 && *t <= maxSimplify) {
		return domain.Invalid("simplify", "must be between 0 and %g metres", maxSimplify)
	}
	return nil
}

func (r *Resolver) actorLocations(ctx context.Context, a *domain.Actor) ([]domain.Location, error) {
	ls, err := keyedLoad(ctx, r.loaders(ctx), "Actor.locations", a.ID, r.Store.ActorLocations, list[domain.Location], idOf[domain.Actor])
	return nonNilList(ls), err
}

// noChildren says a loaded value contributes no objects to the next level.
func noChildren[V any](V) []any { return nil }

func nonNilList[T any](l []T) []T {
	if l == nil {
		return []T{}
	}
	return l
}

// placedItems makes the records of a by-place page the next level's
// objects and the locations on its edges the level below them.
func placedItems[T any](p domain.Page[store.Placed[T]]) []any {
	out := make([]any, 0, 2*len(p.Items))
	for i := range p.Items {
		out = append(out, &p.Items[i].Item, below{".edges.location", &p.Items[i].Location})
	}
	return out
}

// locationOwner tells from a record id which records own locations.
func locationOwner(id string) (string, error) {
	switch e, _ := domain.EntityOfID(id); e {
	case domain.EntityActor, domain.EntityService:
		return e.Label, nil
	}
	return "", domain.Invalid("input.record", "must be the id of an actor (act_) or a service (svc_)")
}

// outsideEveryOutline reads back the locations of the actor or service
// (label) a create just wrote and returns those in no neighbourhood:
// read, not taken from the write, so that a retried create reports the
// locations stored by the first one.
func (r *Resolver) outsideEveryOutline(ctx context.Context, label, id string, wrote bool) ([]domain.Location, error) {
	out := []domain.Location{}
	if !wrote {
		return out, nil
	}
	stored, err := r.storedLocations(ctx, label, id)
	if err != nil {
		return nil, err
	}
	for _, l := range stored {
		if l.NeighbourhoodID == nil {
			out = append(out, l)
		}
	}
	return out, nil
}

// storedLocations reads back the locations of the actor or service
// (label) id as the caller may see them.
func (r *Resolver) storedLocations(ctx context.Context, label, id string) ([]domain.Location, error) {
	read := r.Store.ActorLocations
	if label == "Service" {
		read = r.Store.ServiceLocations
	}
	stored, err := read(ctx, []string{id})
	return stored[id], err
}

func locationsInput(in []model.LocationInput) ([]domain.Location, error) {
	v := &validator{}
	out := make([]domain.Location, len(in))
	for i, l := range in {
		at := fmt.Sprintf("input.locations[%d]", i)
		if err := domain.CheckPoint(l.Latitude, l.Longitude); err != nil {
			v.fail(at, "%v", err)
		}
		out[i] = domain.Location{
			ID:              deref(l.ID.Value()),
			Name:            v.text(at+".name", l.Name.Value()),
			Address:         v.text(at+".address", l.Address.Value()),
			Postcode:        v.text(at+".postcode", l.Postcode.Value()),
			City:            v.text(at+".city", l.City.Value()),
			Latitude:        l.Latitude,
			Longitude:       l.Longitude,
			NeighbourhoodID: l.Neighbourhood.Value(),
		}
	}
	return out, v.err
}

// neighbourhoodFeatures renders outlines as one FeatureCollection with
// the properties a map colours by; a tolerance above 0 simplifies them
// keeping shared borders shared.
func neighbourhoodFeatures(outlines []store.Outline, tolerance float64) ([]byte, error) {
	gs := make([]orb.Geometry, len(outlines))
	for i, o := range outlines {
		gs[i] = o.Geometry
	}
	gs = domain.SimplifyShared(gs, tolerance)
	fc := geojson.NewFeatureCollection()
	for i, o := range outlines {
		n := o.Neighbourhood
		f := geojson.NewFeature(gs[i])
		f.ID = n.ID
		f.Properties = geojson.Properties{"id": n.ID, "name": n.Name, "level": string(n.Level), "officialCode": n.OfficialCode,
			"parentId": n.ParentID, "population": n.Population, "quarterManagement": n.QuarterManagement}
		fc.Append(f)
	}
	return fc.MarshalJSON()
}

// enclosingAsOf is the asOf argument of the gaps field a nested field
// answers for, so that a gap's nearby providers are valid on the gap's day.
func enclosingAsOf(ctx context.Context) *time.Time {
	for fc := graphql.GetFieldContext(ctx); fc != nil; fc = fc.Parent {
		if fc.Field.Field != nil && fc.Field.Name == "gaps" {
			if v, ok := fc.Args["asOf"].(*time.Time); ok {
				return v
			}
			return nil
		}
	}
	return nil
}

// checkNearbyMeters checks the walking range of gaps(nearbyMeters:) and
// coveringServices(nearbyMeters:); nil is off.
func checkNearbyMeters(meters *float64) error {
	if meters != nil && !(*meters >= 0 && *meters <= domain.MaxNearMeters) {
		return domain.Invalid("nearbyMeters", "must be between 0 and %g", domain.MaxNearMeters)
	}
	return nil
}

// coveringServices answers Need.coveringServices for the needs ids: the
// services that reach each need by the hierarchy and, with meters, after
// them those located within walking range of its neighbourhood's
// outline, nearest first, each service once.
func (r *Resolver) coveringServices(ctx context.Context, ids []string, day time.Time, meters *float64) (map[string][]domain.Service, error) {
	out, err := r.Store.CoveringServices(ctx, ids, day)
	if err != nil || meters == nil {
		return out, err
	}
	near, err := r.Store.NearbyServices(ctx, ids, *meters, day)
	if err != nil {
		return nil, err
	}
	if out == nil {
		out = map[string][]domain.Service{}
	}
	for id, ns := range near {
		have := map[string]bool{}
		for _, s := range out[id] {
			have[s.ID] = true
		}
		for _, n := range ns {
			if !have[n.Service.ID] {
				out[id] = append(out[id], n.Service)
			}
		}
	}
	return out, nil
}

// withoutNearby drops the gaps that a service of the need's target group
// and topic, located within meters of the need's neighbourhood's outline,
// closes (gaps(nearbyMeters:)); nil meters keeps every gap.
func (r *Resolver) withoutNearby(ctx context.Context, gaps []insights.Gap, meters *float64, day time.Time) ([]insights.Gap, error) {
	if err := checkNearbyMeters(meters); err != nil || meters == nil {
		return gaps, err
	}
	ids := make([]string, len(gaps))
	for i, g := range gaps {
		ids[i] = g.Need.ID
	}
	near, err := r.Store.NearbyServices(ctx, ids, *meters, day)
	if err != nil {
		return nil, err
	}
	out := gaps[:0:0]
	for _, g := range gaps {
		if len(near[g.Need.ID]) == 0 {
			out = append(out, g)
		}
	}
	return out, nil
}

// nearbyLevels records the nearby candidates a field answers as the next
// level, and their services and locations below them, whose fields load
// by level too.
func nearbyLevels(near []store.NearbyService) []any {
	out := make([]any, 0, 3*len(near))
	for i := range near {
		out = append(out, &near[i], below{".service", &near[i].Service}, below{".location", &near[i].Location})
	}
	return out
}
