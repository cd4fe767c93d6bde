package server_test

import (
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/seed"
)

func TestNeighbourhoodOutlinesAreServedAsGeoJSON(t *testing.T) {
	needNeo4j(t)
	tests := []struct {
		name     string
		simplify any
	}{
		{"as imported", nil},
		{"simplified", 200.0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustPost(t, `query($s: Float) {
				neighbourhoodsGeoJSON(scope: "nbh_nord", levels: [QUARTER], simplify: $s)
				neighbourhood(id: "nbh_lindenpark") { geometry(simplify: $s) }
			}`, map[string]any{"s": tt.simplify})
			fc := get(d, "neighbourhoodsGeoJSON")
			if get(fc, "type") != "FeatureCollection" || count(get(fc, "features")) != 5 {
				t.Fatalf("FeatureCollection of Nord's quarters: %v", fc)
			}
			var codes []string
			for i := range 5 {
				f := get(fc, "features", i)
				if get(f, "geometry", "type") != "Polygon" || get(f, "properties", "level") != "QUARTER" {
					t.Errorf("feature %d: %v", i, f)
				}
				codes = append(codes, str(get(f, "properties", "officialCode")))
			}
			if !slices.IsSorted(codes) || codes[0] != "110101" {
				t.Errorf("features by official code: %v", codes)
			}
			g := get(d, "neighbourhood", "geometry")
			if get(g, "type") != "Polygon" || count(get(g, "coordinates", 0)) < 4 {
				t.Errorf("Lindenpark's geometry: %v", g)
			}
		})
	}
	r := post(t, `{ neighbourhoodsGeoJSON(scope: "nbh_nord", simplify: -1) }`, nil)
	if r.code() != "BAD_USER_INPUT" {
		t.Errorf("a negative tolerance: %+v, want BAD_USER_INPUT", r.Errors)
	}
}

// TestSeniorServiceAcrossTheBorder is the demo's distance finding: the
// senior gap's quarter has no senior service, but one lies 350 m across
// its border.
func TestSeniorServiceAcrossTheBorder(t *testing.T) {
	needNeo4j(t)
	d := mustPost(t, `{ service(id: "`+seed.SeniorProviderServiceID+`") { locations { latitude longitude neighbourhood { id } } } }`, nil)
	loc := get(d, "service", "locations", 0)
	if get(loc, "neighbourhood", "id") != "nbh_kastanienhoehe" {
		t.Fatalf("the senior service's location: %v, want it placed in Kastanienhöhe", loc)
	}
	lat, lon := get(loc, "latitude").(float64), get(loc, "longitude").(float64)
	d = mustPost(t, `query($near: NearInput!) {
		servicesByPlace(near: $near, targetGroup: "tg_seniors-65", topic: "top_neighbourhood") {
			totalCount edges { distance node { id } location { neighbourhood { id } } }
		}
	}`, map[string]any{"near": map[string]any{"latitude": lat, "longitude": lon, "meters": 100}})
	first := get(d, "servicesByPlace", "edges", 0)
	if get(first, "node", "id") != seed.SeniorProviderServiceID || get(first, "distance").(float64) > 0.01 {
		t.Errorf("nearest senior service to its own location: %v", first)
	}
}

func TestByPlaceDistancesMatchHaversine(t *testing.T) {
	needNeo4j(t)
	centre := orb.Point{10.412, 51.927}
	d := mustPost(t, `query($near: NearInput!) {
		actorsByPlace(near: $near, first: 100) {
			totalCount edges { distance location { latitude longitude } node { id } }
		}
	}`, map[string]any{"near": map[string]any{"latitude": centre[1], "longitude": centre[0], "meters": 1500}})
	edges := get(d, "actorsByPlace", "edges").([]any)
	if len(edges) < 5 {
		t.Fatalf("only %d actors within 1500 m of the centre", len(edges))
	}
	prev := -1.0
	seen := map[string]bool{}
	for _, e := range edges {
		dist := get(e, "distance").(float64)
		pt := orb.Point{get(e, "location", "longitude").(float64), get(e, "location", "latitude").(float64)}
		want := geo.DistanceHaversine(centre, pt)
		if math.Abs(dist-want) > want*0.001+0.01 {
			t.Errorf("%v: distance %.1f m, haversine %.1f m", get(e, "node", "id"), dist, want)
		}
		if dist < prev || dist > 1500 {
			t.Errorf("distance %.1f after %.1f (radius 1500 m)", dist, prev)
		}
		prev = dist
		id := str(get(e, "node", "id"))
		if seen[id] {
			t.Errorf("%s comes twice", id)
		}
		seen[id] = true
	}
}

func TestByPlaceWithinAndAccess(t *testing.T) {
	needNeo4j(t)
	q := `query($w: ID!) { actorsByPlace(within: $w, first: 100) { totalCount edges { distance node { id } location { neighbourhood { id parent { id } } } } } }`
	lp := mustPost(t, q, map[string]any{"w": "nbh_lindenpark"})
	nord := mustPost(t, q, map[string]any{"w": "nbh_nord"})
	if n := num(get(lp, "actorsByPlace", "totalCount")); n == 0 || n >= num(get(nord, "actorsByPlace", "totalCount")) {
		t.Errorf("actors in Lindenpark %d, in Nord %d: want some, and fewer than in the district", n, num(get(nord, "actorsByPlace", "totalCount")))
	}
	for _, e := range get(lp, "actorsByPlace", "edges").([]any) {
		if get(e, "location", "neighbourhood", "id") != "nbh_lindenpark" || get(e, "distance") != nil {
			t.Errorf("within Lindenpark: %v", e)
		}
	}
	for _, e := range get(nord, "actorsByPlace", "edges").([]any) {
		if get(e, "location", "neighbourhood", "parent", "id") != "nbh_nord" {
			t.Errorf("within Nord: %v", e)
		}
	}
	// The public sees the public actors only, here as everywhere; a
	// viewer of Süd none of Nord's.
	all := func(bearer, list string) []string {
		r := postAs(t, srv.URL, bearer, `{ `+list+` }`, nil)
		if len(r.Errors) > 0 {
			t.Fatal(r.Errors)
		}
		var ids []string
		for _, e := range get(r.Data, "x", "edges").([]any) {
			ids = append(ids, str(get(e, "node", "id")))
		}
		return ids
	}
	for _, who := range []struct {
		name, bearer string
	}{
		{"public", ""},
		{"viewer of Süd", token(t, "geo-viewer", domain.RoleViewer, "nbh_sued")},
	} {
		t.Run(who.name, func(t *testing.T) {
			placed := all(who.bearer, `x: actorsByPlace(within: "nbh_lindenbrueck", first: 100) { edges { node { id } } }`)
			visible := all(who.bearer, `x: actors(first: 100) { edges { node { id } } }`)
			for _, id := range placed {
				if !slices.Contains(visible, id) {
					t.Errorf("actorsByPlace shows %s, which actors hides", id)
				}
			}
			if len(placed) == 0 || len(placed) > len(visible) {
				t.Errorf("%d placed of %d visible", len(placed), len(visible))
			}
		})
	}
}

func TestSetLocationsPlacesAndReports(t *testing.T) {
	needNeo4j(t)
	actor := newActor(t, "Standortverein", "nbh_lindenpark")
	d := mustPost(t, `{ service(id: "`+seed.SeniorProviderServiceID+`") { locations { latitude longitude } } }`, nil)
	lat, lon := get(d, "service", "locations", 0, "latitude").(float64), get(d, "service", "locations", 0, "longitude").(float64)
	out := mutate(t, "setLocations", "SetLocationsInput", map[string]any{"record": actor, "locations": []any{
		map[string]any{"address": "Kastanienallee 3", "postcode": "31103", "latitude": lat, "longitude": lon},
		map[string]any{"name": "Außenstelle", "latitude": 53.5, "longitude": 10.0},
	}}, "locations { address neighbourhood { id } } outsideEveryOutline { name }")
	if count(get(out, "locations")) != 2 || count(get(out, "outsideEveryOutline")) != 1 ||
		get(out, "outsideEveryOutline", 0, "name") != "Außenstelle" {
		t.Fatalf("setLocations: %v", out)
	}
	placed := map[string]any{}
	for _, l := range get(out, "locations").([]any) {
		placed[str(get(l, "address"))] = get(l, "neighbourhood", "id")
	}
	if placed["Kastanienallee 3"] != "nbh_kastanienhoehe" || placed[""] != nil {
		t.Errorf("placed %v, want Kastanienhöhe and none", placed)
	}
	tests := []struct {
		name, bearer, code string
		in                 map[string]any
	}{
		{"a coordinator of another district", token(t, "geo-coord", domain.RoleCoordinator, "nbh_sued"), "FORBIDDEN",
			map[string]any{"record": actor, "locations": []any{}}},
		{"a viewer", token(t, "geo-viewer", domain.RoleViewer), "FORBIDDEN",
			map[string]any{"record": actor, "locations": []any{}}},
		{"a point off the globe", adminToken, "BAD_USER_INPUT",
			map[string]any{"record": actor, "locations": []any{map[string]any{"latitude": 5820000.0, "longitude": 390000.0}}}},
		{"a record without locations", adminToken, "BAD_USER_INPUT",
			map[string]any{"record": "nbh_lindenpark", "locations": []any{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := postAs(t, srv.URL, tt.bearer, `mutation($in: SetLocationsInput!) { setLocations(input: $in) { locations { id } } }`, map[string]any{"in": tt.in})
			if r.code() != tt.code {
				t.Errorf("code %q (%+v), want %s", r.code(), r.Errors, tt.code)
			}
		})
	}
	d = mustPost(t, `query($id: ID!) { node(id: $id) { ... on Organisation { locations { id } } } }`, map[string]any{"id": actor})
	if count(get(d, "node", "locations")) != 2 {
		t.Errorf("after refused writes the actor has %v", get(d, "node", "locations"))
	}
}

// TestCreatesTakeLocations: createActor and createService write their
// locations in their own transaction, placed by point in polygon like
// setLocations places them, report those outside every outline, and
// write nothing at all when a location is refused.
func TestCreatesTakeLocations(t *testing.T) {
	needNeo4j(t)
	// The senior provider's service lies in Kastanienhöhe (see
	// TestSetLocationsPlacesAndReports); 53.5 N 10.0 E is far outside
	// the demo city.
	d := mustPost(t, `{ service(id: "`+seed.SeniorProviderServiceID+`") { locations { latitude longitude } } }`, nil)
	lat, lon := get(d, "service", "locations", 0, "latitude").(float64), get(d, "service", "locations", 0, "longitude").(float64)
	inside := map[string]any{"address": "Kastanienallee 5", "latitude": lat, "longitude": lon}
	outside := map[string]any{"name": "Außenstelle Elbe", "latitude": 53.5, "longitude": 10.0}

	actorID := "act_" + uniq("loc")
	out := mutate(t, "createActor", "CreateActorInput", map[string]any{
		"id": actorID, "name": "E2E Standortneu", "kind": "ASSOCIATION", "sector": "NON_PROFIT",
		"neighbourhoods": []string{nbhLindenpark}, "locations": []any{inside, outside},
	}, "actor { id locations { address name neighbourhood { id } } } outsideEveryOutline { name neighbourhood { id } }")
	cleanup(t, "deleteActor", actorID)
	placed := map[string]any{}
	for _, l := range get(out, "actor", "locations").([]any) {
		placed[str(get(l, "address"))+str(get(l, "name"))] = get(l, "neighbourhood", "id")
	}
	if len(placed) != 2 || placed["Kastanienallee 5"] != "nbh_kastanienhoehe" || placed["Außenstelle Elbe"] != nil {
		t.Errorf("createActor placed %v, want Kastanienallee 5 in Kastanienhöhe and the Elbe outside", placed)
	}
	if count(get(out, "outsideEveryOutline")) != 1 || get(out, "outsideEveryOutline", 0, "name") != "Außenstelle Elbe" {
		t.Errorf("createActor outsideEveryOutline = %v, want the Elbe location", get(out, "outsideEveryOutline"))
	}
	// Found by place at once: the point index serves the new location.
	d = mustPost(t, `query($lat: Float!, $lon: Float!) { actorsByPlace(near: {latitude: $lat, longitude: $lon, meters: 1}, first: 100) { edges { node { id } } } }`,
		map[string]any{"lat": lat, "lon": lon})
	found := false
	for _, e := range get(d, "actorsByPlace", "edges").([]any) {
		found = found || get(e, "node", "id") == actorID
	}
	if !found {
		t.Errorf("the new actor is not found within 1 m of its location: %v", d)
	}

	svc := mutate(t, "createService", "CreateServiceInput", map[string]any{
		"name": "E2E Standortangebot", "provider": actorID, "targetGroups": []string{tgChildren}, "topics": []string{topEducation},
		"neighbourhoods": []string{nbhLindenpark}, "locations": []any{inside},
	}, "service { id locations { neighbourhood { id } } } outsideEveryOutline { id }")
	cleanup(t, "deleteService", str(get(svc, "service", "id")))
	if get(svc, "service", "locations", 0, "neighbourhood", "id") != "nbh_kastanienhoehe" || count(get(svc, "outsideEveryOutline")) != 0 {
		t.Errorf("createService: %v", svc)
	}
	// Creates without locations answer an empty list, not null.
	plain := mutate(t, "createActor", "CreateActorInput", map[string]any{"name": "E2E Ohne Ort", "kind": "ASSOCIATION", "sector": "NON_PROFIT"},
		"actor { id locations { id } } outsideEveryOutline { id }")
	cleanup(t, "deleteActor", str(get(plain, "actor", "id")))
	if count(get(plain, "actor", "locations")) != 0 || count(get(plain, "outsideEveryOutline")) != 0 {
		t.Errorf("create without locations: %v", plain)
	}

	// Refused creates write neither the record nor any location.
	for _, tt := range []struct {
		name, field, input string
		in                 map[string]any
		code, errField     string
	}{
		{"a point off the globe", "createActor", "CreateActorInput", map[string]any{"name": "E2E Falschort", "kind": "ASSOCIATION", "sector": "NON_PROFIT",
			"locations": []any{inside, map[string]any{"latitude": 5820000.0, "longitude": 390000.0}}}, "BAD_USER_INPUT", "input.locations[1]"},
		{"an unknown neighbourhood", "createService", "CreateServiceInput", map[string]any{"name": "E2E Nirgendort", "provider": actorID,
			"targetGroups": []string{tgChildren}, "topics": []string{topEducation}, "neighbourhoods": []string{nbhLindenpark},
			"locations": []any{map[string]any{"latitude": lat, "longitude": lon, "neighbourhood": "nbh_gibtsnicht"}}}, "BAD_USER_INPUT", "input.locations"},
	} {
		t.Run(tt.name, func(t *testing.T) { mutateErr(t, tt.field, tt.input, tt.in, tt.code, tt.errField) })
	}
	// A coordinator of Mitte may create an actor of Mitte, but not one
	// located in Nord's Kastanienhöhe: the location touches Nord.
	coord := token(t, "loc-coord", domain.RoleCoordinator, "nbh_mitte")
	refusedID := "act_" + uniq("loc")
	r := postAs(t, srv.URL, coord, `mutation($in: CreateActorInput!) { createActor(input: $in) { actor { id } } }`, map[string]any{"in": map[string]any{
		"id": refusedID, "name": "E2E Grenzgänger", "kind": "ASSOCIATION", "sector": "NON_PROFIT",
		"neighbourhoods": []string{"nbh_altstadt"}, "locations": []any{inside}}})
	if r.code() != "FORBIDDEN" {
		t.Errorf("a Mitte coordinator placing an actor in Nord: code %q (%+v), want FORBIDDEN", r.code(), r.Errors)
	}
	if d := mustPost(t, `query($id: ID!) { actor(id: $id) { id } }`, map[string]any{"id": refusedID}); get(d, "actor") != nil {
		t.Errorf("the refused create wrote %v", d)
	}
}
