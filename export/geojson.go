package export

import (
	"cmp"
	"io"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/kiezgraph/kiezgraph/domain"
)

// GeoDataset is what a GeoJSON export writes: the outlined neighbourhoods
// of a scope, and the actors and services there at their locations.
type GeoDataset struct {
	Neighbourhoods []Outline
	Actors         []domain.Actor
	Services       []domain.Service
	// Locations are the actors' and services' locations by owner id.
	Locations map[string][]domain.Location
	// Scores, keyed by actor id, are written as properties when not nil.
	Scores map[string]Scores
}

// Outline is a neighbourhood with its outline.
type Outline struct {
	Neighbourhood domain.Neighbourhood
	Geometry      orb.Geometry
}

// WriteGeoJSON writes ds as one GeoJSON FeatureCollection for QGIS and
// other map tools: a Polygon or MultiPolygon feature per neighbourhood
// (level, official code, population, quarter management and the newest
// value of each monitoring indicator as "indicator: NAME", the figures
// maps are coloured by), and a Point feature per location of an actor
// (kind, sector, institution and, when computed, its scores) or service
// (provider, target groups, topics). Every feature has "layer"
// (neighbourhood, actor or service), "id" and "name"; a record with
// several locations has a feature at each, told apart by "location".
// People are never written. Features are sorted by layer and id, so the
// same data gives the same file.
func WriteGeoJSON(w io.Writer, ds GeoDataset) error {
	fc := geojson.NewFeatureCollection()
	outlines := slices.Clone(ds.Neighbourhoods)
	slices.SortFunc(outlines, func(a, b Outline) int { return cmp.Compare(a.Neighbourhood.ID, b.Neighbourhood.ID) })
	for _, o := range outlines {
		n := o.Neighbourhood
		props := geojson.Properties{"layer": "neighbourhood", "id": n.ID, "name": n.Name, "level": string(n.Level),
			"quarterManagement": n.QuarterManagement}
		setOpt(props, "officialCode", n.OfficialCode)
		if n.Population != nil {
			props["population"] = *n.Population
		}
		for name, ind := range newestIndicators(n.Indicators) {
			props["indicator: "+name] = ind.Value
		}
		f := geojson.NewFeature(o.Geometry)
		f.Properties = props
		fc.Append(f)
	}
	actors := slices.Clone(ds.Actors)
	slices.SortFunc(actors, func(a, b domain.Actor) int { return cmp.Compare(a.ID, b.ID) })
	for _, a := range actors {
		nbh := slices.Sorted(slices.Values(a.NeighbourhoodIDs))
		props := geojson.Properties{"layer": "actor", "id": a.ID, "name": a.Name, "kind": string(a.Kind), "sector": string(a.Sector),
			"institution": a.Kind.IsInstitution(), "neighbourhood": strings.Join(slices.Compact(nbh), ";")}
		if s, ok := ds.Scores[a.ID]; ok {
			for k, v := range map[string]*float64{"betweenness": s.Betweenness, "constraint": s.Constraint, "effectiveSize": s.EffectiveSize} {
				if f := float(v); f != nil {
					props[k] = *f
				}
			}
			props["degree"], props["articulationPoint"] = s.Degree, s.ArticulationPoint
			if s.Community != nil {
				props["community"] = *s.Community
			}
		}
		appendPoints(fc, props, ds.Locations[a.ID])
	}
	services := slices.Clone(ds.Services)
	slices.SortFunc(services, func(a, b domain.Service) int { return cmp.Compare(a.ID, b.ID) })
	for _, s := range services {
		props := geojson.Properties{"layer": "service", "id": s.ID, "name": s.Name, "provider": s.ProviderID,
			"targetGroups": strings.Join(slices.Sorted(slices.Values(s.TargetGroupIDs)), ";"),
			"topics":       strings.Join(slices.Sorted(slices.Values(s.TopicIDs)), ";")}
		appendPoints(fc, props, ds.Locations[s.ID])
	}
	raw, err := fc.MarshalJSON()
	if err != nil {
		return err
	}
	_, err = w.Write(append(raw, '\n'))
	return err
}

// appendPoints adds a Point feature with props at each location.
func appendPoints(fc *geojson.FeatureCollection, props geojson.Properties, locs []domain.Location) {
	locs = slices.Clone(locs)
	slices.SortFunc(locs, func(a, b domain.Location) int { return cmp.Compare(a.ID, b.ID) })
	for _, l := range locs {
		p := props.Clone()
		p["location"] = l.ID
		setOpt(p, "address", l.Address)
		setOpt(p, "postcode", l.Postcode)
		f := geojson.NewFeature(l.Point())
		f.Properties = p
		fc.Append(f)
	}
}

func setOpt(p geojson.Properties, key string, v *string) {
	if v != nil && *v != "" {
		p[key] = *v
	}
}

// newestIndicators returns the newest value of each indicator by name.
func newestIndicators(ind []domain.Indicator) map[string]domain.Indicator {
	out := map[string]domain.Indicator{}
	for _, i := range ind {
		if cur, ok := out[i.Name]; !ok || i.Year > cur.Year {
			out[i.Name] = i
		}
	}
	return out
}
