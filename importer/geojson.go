package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/store"
)

// Place files: GeoJSON FeatureCollections of neighbourhood boundaries,
// as cities publish them (Berlin's LOR planning areas, district regions
// and districts), each feature carrying the area's official key in a
// property; Point features are locations of the actor or service whose
// external key the property holds. Every feature of every file is
// checked before anything is written, and nothing is written when one is
// bad.

// OutlineStore is what an outline import needs of the store.
type OutlineStore interface {
	NeighbourhoodsByKey(ctx context.Context, keys []string) (map[string]store.KeyedNeighbourhood, error)
	SetBoundaries(ctx context.Context, bs []domain.Boundary, source string) (int, error)
	RecordsByKey(ctx context.Context, typ string, keys []string) (map[string]store.KeyedRecord, error)
	LoadLocations(ctx context.Context, locs []domain.Location) error
}

// GeoJSONOptions configures an outline import.
type GeoJSONOptions struct {
	// KeyProperty names the feature property that holds the official
	// code (or external key) of the neighbourhood, e.g. PLR_ID.
	KeyProperty string
	// Tolerance is how far in metres a quarter may stray outside its
	// district (domain.DefaultContainmentTolerance when 0).
	Tolerance float64
	// DryRun checks and writes nothing.
	DryRun bool
	// Source is stored with each outline (default: the file name).
	Source string
}

// FeatureProblem is a bad feature, printed as FILE:FEATURE: REASON, where
// FEATURE is the feature's number in the file (from 1) and its key.
type FeatureProblem struct {
	File    string
	Feature string
	Reason  string
}

func (p FeatureProblem) String() string { return p.File + ":" + p.Feature + ": " + p.Reason }

// GeoJSONReport is what an outline import did.
type GeoJSONReport struct {
	Features int
	// Written counts outlines, Locations the locations written.
	Written   int
	Locations int
	Problems  []FeatureProblem
}

// ErrBadFeatures says that an outline import wrote nothing because of
// the problems in its report.
var ErrBadFeatures = errors.New("bad features; nothing written")

type outlineFeature struct {
	file, label, key string
	geometry         orb.Geometry
	nb               store.KeyedNeighbourhood
	// props are the feature's properties, read for a location's address.
	props geojson.Properties
}

// ImportGeoJSON reads the FeatureCollections at paths, checks every
// feature (a valid Polygon or MultiPolygon in WGS 84, a string key that
// names a stored neighbourhood once, and a quarter inside its district's
// outline, from the same files or stored, within the tolerance) and
// stores the outlines when all are good.
func ImportGeoJSON(ctx context.Context, st OutlineStore, paths []string, opt GeoJSONOptions) (*GeoJSONReport, error) {
	if opt.KeyProperty == "" {
		return nil, errors.New("geojson: give the key property (-key-property)")
	}
	if opt.Tolerance == 0 {
		opt.Tolerance = domain.DefaultContainmentTolerance
	}
	rep := &GeoJSONReport{}
	var feats, points []*outlineFeature
	for _, path := range paths {
		fs, probs := readOutlines(path, opt.KeyProperty)
		rep.Problems = append(rep.Problems, probs...)
		for _, f := range fs {
			if _, ok := f.geometry.(orb.Point); ok {
				points = append(points, f)
			} else {
				feats = append(feats, f)
			}
		}
	}
	rep.Features = len(feats) + len(points)
	locs, err := locationFeatures(ctx, st, points, rep)
	if err != nil {
		return rep, err
	}
	keys := make([]string, 0, len(feats))
	for _, f := range feats {
		keys = append(keys, f.key)
	}
	found, err := st.NeighbourhoodsByKey(ctx, keys)
	if err != nil {
		return rep, fmt.Errorf("geojson: look up keys: %w", err)
	}
	byID := map[string]*outlineFeature{}
	seen := map[string]string{}
	var good []*outlineFeature
	for _, f := range feats {
		nb, ok := found[f.key]
		switch {
		case !ok:
			rep.problem(f, "unknown key: no neighbourhood has official code or external key %q", f.key)
		case seen[f.key] != "":
			rep.problem(f, "key %q is also at %s", f.key, seen[f.key])
		default:
			f.nb = nb
			byID[nb.ID] = f
			good = append(good, f)
		}
		seen[f.key] = f.file + ":" + f.label
	}
	var bs []domain.Boundary
	for _, f := range good {
		parent := f.nb.ParentOutline
		if f.nb.ParentID != nil && byID[*f.nb.ParentID] != nil {
			parent = byID[*f.nb.ParentID].geometry
		}
		if parent != nil {
			if at, d, stray := domain.Strays(f.geometry, parent, opt.Tolerance); stray {
				rep.problem(f, "%s lies outside its parent's outline by %.0f m at [%.6f, %.6f] (tolerance %.0f m)",
					strings.ToLower(f.nb.Level), d, at[0], at[1], opt.Tolerance)
				continue
			}
		}
		bs = append(bs, domain.Boundary{NeighbourhoodID: f.nb.ID, Geometry: f.geometry})
	}
	if len(rep.Problems) > 0 {
		return rep, ErrBadFeatures
	}
	if opt.DryRun {
		return rep, nil
	}
	source := opt.Source
	if source == "" {
		source = strings.Join(paths, ", ")
	}
	if len(bs) > 0 {
		if rep.Written, err = st.SetBoundaries(ctx, bs, source); err != nil {
			return rep, fmt.Errorf("geojson: %w", err)
		}
	}
	if len(locs) > 0 {
		if err := st.LoadLocations(ctx, locs); err != nil {
			return rep, fmt.Errorf("geojson: %w", err)
		}
		rep.Locations = len(locs)
	}
	return rep, nil
}

// locationFeatures turns Point features into locations of the actors or
// services their keys name (actors first), reporting unknown keys.
func locationFeatures(ctx context.Context, st OutlineStore, points []*outlineFeature, rep *GeoJSONReport) ([]domain.Location, error) {
	if len(points) == 0 {
		return nil, nil
	}
	keys := make([]string, len(points))
	for i, f := range points {
		keys[i] = f.key
	}
	owners := map[string]string{}
	for _, typ := range []string{"Service", "Actor"} {
		found, err := st.RecordsByKey(ctx, typ, keys)
		if err != nil {
			return nil, fmt.Errorf("geojson: look up keys: %w", err)
		}
		for k, r := range found {
			owners[k] = r.ID
		}
	}
	var out []domain.Location
	for _, f := range points {
		owner, ok := owners[f.key]
		if !ok {
			rep.problem(f, "unknown key: no actor or service has external key %q", f.key)
			continue
		}
		pt := f.geometry.(orb.Point)
		sum := sha256.Sum256([]byte(owner + "@" + strconv.FormatFloat(pt[0], 'f', -1, 64) + "," + strconv.FormatFloat(pt[1], 'f', -1, 64)))
		l := domain.Location{
			// The same point of the same record is the same location, so
			// an import runs twice without duplicates.
			ID: "loc_" + hex.EncodeToString(sum[:12]), OwnerID: owner, Latitude: pt[1], Longitude: pt[0],
			Name: propText(f.props, "name"), Address: propText(f.props, "address"),
			Postcode: propText(f.props, "postcode"), City: propText(f.props, "city"),
		}
		out = append(out, l)
	}
	return out, nil
}

func propText(p geojson.Properties, key string) *string {
	if s, ok := p[key].(string); ok && strings.TrimSpace(s) != "" {
		s = strings.TrimSpace(s)
		return &s
	}
	return nil
}

func (r *GeoJSONReport) problem(f *outlineFeature, format string, args ...any) {
	r.Problems = append(r.Problems, FeatureProblem{File: f.file, Feature: f.label, Reason: fmt.Sprintf(format, args...)})
}

// readOutlines reads one FeatureCollection and checks what the file alone
// can tell: its CRS, each feature's key and geometry.
func readOutlines(path, keyProp string) ([]*outlineFeature, []FeatureProblem) {
	fileProblem := func(format string, args ...any) []FeatureProblem {
		return []FeatureProblem{{File: path, Feature: "0", Reason: fmt.Sprintf(format, args...)}}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fileProblem("%v", err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		return nil, fileProblem("not a GeoJSON FeatureCollection: %v", err)
	}
	if err := checkCRS(fc.ExtraMembers["crs"]); err != nil {
		return nil, fileProblem("%v", err)
	}
	var (
		out   []*outlineFeature
		probs []FeatureProblem
	)
	for i, ft := range fc.Features {
		f := &outlineFeature{file: path, label: fmt.Sprint(i + 1), geometry: ft.Geometry, props: ft.Properties}
		bad := func(format string, args ...any) {
			probs = append(probs, FeatureProblem{File: path, Feature: f.label, Reason: fmt.Sprintf(format, args...)})
		}
		switch k := ft.Properties[keyProp].(type) {
		case string:
			f.key = strings.TrimSpace(k)
			f.label += " (" + keyProp + " " + f.key + ")"
		case nil:
			bad("no property %s", keyProp)
			continue
		default:
			bad("property %s is %v, a %T: official keys are strings (with their leading zeros)", keyProp, k, k)
			continue
		}
		if f.key == "" {
			bad("property %s is empty", keyProp)
			continue
		}
		if pt, ok := ft.Geometry.(orb.Point); ok {
			if err := domain.CheckPoint(pt[1], pt[0]); err != nil {
				bad("%v", err)
				continue
			}
		} else if err := domain.CheckBoundary(ft.Geometry); err != nil {
			bad("%v", err)
			continue
		}
		out = append(out, f)
	}
	return out, probs
}

// checkCRS accepts a file without a crs member (RFC 7946: WGS 84) or with
// the legacy member naming WGS 84, and refuses any other, such as
// EPSG:25833, which must be reprojected first (e.g. ogr2ogr -t_srs EPSG:4326).
func checkCRS(v any) error {
	if v == nil {
		return nil
	}
	b, _ := json.Marshal(v)
	var crs struct {
		Properties struct {
			Name string `json:"name"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(b, &crs); err != nil || crs.Properties.Name == "" {
		return fmt.Errorf("crs member %s is not a named CRS", b)
	}
	name := crs.Properties.Name
	if strings.HasSuffix(name, "CRS84") || strings.HasSuffix(name, ":4326") || strings.HasSuffix(name, "::4326") {
		return nil
	}
	return fmt.Errorf("CRS %s is not WGS 84: reproject to EPSG:4326 first (e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson)", name)
}
