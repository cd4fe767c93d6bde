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
// same data gives the same file. It is WriteGeoStream of ds sorted.
func WriteGeoJSON(w io.Writer, ds GeoDataset) error {
	actors := slices.Clone(ds.Actors)
	slices.SortFunc(actors, func(a, b domain.Actor) int { return cmp.Compare(a.ID, b.ID) })
	services := slices.Clone(ds.Services)
	slices.SortFunc(services, func(a, b domain.Service) int { return cmp.Compare(a.ID, b.ID) })
	return WriteGeoStream(w, GeoStream{Neighbourhoods: ds.Neighbourhoods, Scores: ds.Scores,
		Actors: func(yield func(domain.Actor, []domain.Location) error) error {
			for _, a := range actors {
				if err := yield(a, ds.Locations[a.ID]); err != nil {
					return err
				}
			}
			return nil
		},
		Services: func(yield func(domain.Service, []domain.Location) error) error {
			for _, s := range services {
				if err := yield(s, ds.Locations[s.ID]); err != nil {
					return err
				}
			}
			return nil
		},
	})
}

// GeoStream is a GeoDataset read while it is written: the streaming
// form for exports too large to hold (the API's, see package server).
// Its parts are called once each, actors before services, and yield
// each record with its locations; they should do so sorted by id, so
// that the same data gives the same file. yield's error ends the part
// and the file. Nil parts are empty.
type GeoStream struct {
	// Neighbourhoods are few (a city has hundreds): they are held, and
	// sorted by id when written.
	Neighbourhoods []Outline
	Actors         func(yield func(domain.Actor, []domain.Location) error) error
	Services       func(yield func(domain.Service, []domain.Location) error) error
	// Scores, keyed by actor id, are written as properties when not nil.
	Scores map[string]Scores
}

// WriteGeoStream writes g as WriteGeoJSON writes a GeoDataset, one
// feature at a time as its parts yield them: memory stays flat however
// many actors and services g has. The file is byte for byte the one
// WriteGeoJSON writes of the same records (orb's FeatureCollection
// encoding: "features" before "type"). A part's error ends the file
// where it stands and is returned.
func WriteGeoStream(w io.Writer, g GeoStream) error {
	fw := &featureWriter{w: w}
	if _, err := io.WriteString(w, `{"features":[`); err != nil {
		return err
	}
	outlines := slices.Clone(g.Neighbourhoods)
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
		if err := fw.write(f); err != nil {
			return err
		}
	}
	if g.Actors != nil {
		err := g.Actors(func(a domain.Actor, locs []domain.Location) error {
			nbh := slices.Sorted(slices.Values(a.NeighbourhoodIDs))
			props := geojson.Properties{"layer": "actor", "id": a.ID, "name": a.Name, "kind": string(a.Kind), "sector": string(a.Sector),
				"institution": a.Kind.IsInstitution(), "neighbourhood": strings.Join(slices.Compact(nbh), ";")}
			if s, ok := g.Scores[a.ID]; ok {
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
			return fw.points(props, locs)
		})
		if err != nil {
			return err
		}
	}
	if g.Services != nil {
		err := g.Services(func(s domain.Service, locs []domain.Location) error {
			props := geojson.Properties{"layer": "service", "id": s.ID, "name": s.Name, "provider": s.ProviderID,
				"targetGroups": strings.Join(slices.Sorted(slices.Values(s.TargetGroupIDs)), ";"),
				"topics":       strings.Join(slices.Sorted(slices.Values(s.TopicIDs)), ";")}
			return fw.points(props, locs)
		})
		if err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "],\"type\":\"FeatureCollection\"}\n")
	return err
}

// featureWriter writes the features of a FeatureCollection, comma-separated.
type featureWriter struct {
	w   io.Writer
	any bool
}

func (fw *featureWriter) write(f *geojson.Feature) error {
	raw, err := f.MarshalJSON()
	if err != nil {
		return err
	}
	if fw.any {
		raw = append([]byte{','}, raw...)
	}
	fw.any = true
	_, err = fw.w.Write(raw)
	return err
}

// points writes a Point feature with props at each location, by id.
func (fw *featureWriter) points(props geojson.Properties, locs []domain.Location) error {
	locs = slices.Clone(locs)
	slices.SortFunc(locs, func(a, b domain.Location) int { return cmp.Compare(a.ID, b.ID) })
	for _, l := range locs {
		p := props.Clone()
		p["location"] = l.ID
		setOpt(p, "address", l.Address)
		setOpt(p, "postcode", l.Postcode)
		f := geojson.NewFeature(l.Point())
		f.Properties = p
		if err := fw.write(f); err != nil {
			return err
		}
	}
	return nil
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
