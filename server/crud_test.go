package server_test

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/seed"
)

// These tests drive every record type through create, read (by its root
// field and by node(id)), update and delete over HTTP, list every root
// connection with each of its filters, and walk connections to their
// edges. Each test deletes what it creates (see cleanup), so the demo
// city is the same before and after.

// Demo ids the tests build on (see seed/*.go).
const (
	nbhNord            = "nbh_nord"
	nbhMitte           = "nbh_mitte"
	nbhLindenpark      = "nbh_lindenpark"      // quarter in Nord, with quarter management
	nbhHafenviertel    = "nbh_hafenviertel"    // quarter in Nord
	nbhBahnhofsviertel = "nbh_bahnhofsviertel" // quarter in Mitte, with quarter management
	tgChildren         = "tg_children-6-13"
	tgAdolescents      = "tg_adolescents-14-17"
	tgFamilies         = "tg_families"
	tgSeniors          = "tg_seniors-65"
	topEducation       = "top_education"
	topCulture         = "top_culture"
)

var e2eSeq atomic.Int64

// uniq returns a slug that is unique in this run and valid after an id
// prefix: lower-case letters, digits and '-'.
func uniq(what string) string {
	return fmt.Sprintf("e2e-%s-%d-%d", what, time.Now().UnixNano()%1_000_000_000, e2eSeq.Add(1))
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func num(v any) int {
	f, _ := v.(float64)
	return int(f)
}

// idsOf returns the ids of a list of objects.
func idsOf(list any) []string {
	out := []string{}
	for i := 0; i < count(list); i++ {
		out = append(out, str(get(list, i, "id")))
	}
	return out
}

// nodeIDs returns the ids of the nodes of a connection's edges.
func nodeIDs(conn any) []string {
	out := []string{}
	for i := 0; i < count(get(conn, "edges")); i++ {
		out = append(out, str(get(conn, "edges", i, "node", "id")))
	}
	return out
}

// sameSet reports whether a and b hold the same strings, in any order.
func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// fold spells out umlauts and lowers, as the API promises for nameContains.
func fold(s string) string {
	return strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss").Replace(strings.ToLower(s))
}

// mutate runs `field(input: $in) { sel }` and returns the payload.
func mutate(t *testing.T, field, inputType string, in map[string]any, sel string) any {
	t.Helper()
	q := fmt.Sprintf(`mutation($in: %s!) { %s(input: $in) { %s } }`, inputType, field, sel)
	return get(mustPost(t, q, map[string]any{"in": in}), field)
}

// mutateErr runs a mutation that must fail with code (and, when given,
// extensions.field) and must write nothing.
func mutateErr(t *testing.T, field, inputType string, in map[string]any, code, errField string) {
	t.Helper()
	before := nodeCount(t)
	q := fmt.Sprintf(`mutation($in: %s!) { %s(input: $in) { __typename } }`, inputType, field)
	r := post(t, q, map[string]any{"in": in})
	if r.code() != code {
		t.Errorf("%s(%v): code %q, want %q (errors %+v)", field, in, r.code(), code, r.Errors)
		return
	}
	if errField != "" && r.Errors[0].Extensions["field"] != errField {
		t.Errorf("%s(%v): field %v, want %s", field, in, r.Errors[0].Extensions["field"], errField)
	}
	if after := nodeCount(t); after != before {
		t.Errorf("failed %s changed the graph: %d → %d", field, before, after)
	}
}

// remove runs a delete mutation and returns its effects by description.
func remove(t *testing.T, field, id string) map[string]int {
	t.Helper()
	d := mustPost(t, fmt.Sprintf(`mutation($id: ID!) { %s(id: $id) { deletedId effects { what count } } }`, field), map[string]any{"id": id})
	if got := get(d, field, "deletedId"); got != id {
		t.Errorf("%s: deletedId = %v, want %s", field, got, id)
	}
	effects := map[string]int{}
	for i := 0; i < count(get(d, field, "effects")); i++ {
		effects[str(get(d, field, "effects", i, "what"))] = num(get(d, field, "effects", i, "count"))
	}
	return effects
}

// effect returns the count of the first effect whose description starts
// with prefix, or -1 when there is none.
func effect(effects map[string]int, prefix string) int {
	for what, n := range effects {
		if strings.HasPrefix(what, prefix) {
			return n
		}
	}
	return -1
}

// removeErr runs a delete mutation that must fail with code.
func removeErr(t *testing.T, field, id, code string) {
	t.Helper()
	r := post(t, fmt.Sprintf(`mutation($id: ID!) { %s(id: $id) { deletedId } }`, field), map[string]any{"id": id})
	if r.code() != code {
		t.Errorf("%s(%s): code %q, want %q (errors %+v)", field, id, r.code(), code, r.Errors)
	}
}

// cleanup deletes id with the delete mutation field when the test ends,
// unless the test has deleted it already. Cleanups run last-in first-out,
// so records go before what they hang on.
func cleanup(t *testing.T, field, id string) {
	t.Helper()
	t.Cleanup(func() {
		r := post(t, fmt.Sprintf(`mutation($id: ID!) { %s(id: $id) { deletedId } }`, field), map[string]any{"id": id})
		if len(r.Errors) > 0 && r.code() != "NOT_FOUND" {
			t.Errorf("cleanup %s(%s): %+v", field, id, r.Errors)
		}
	})
}

// newActor creates an association active in the given neighbourhoods.
func newActor(t *testing.T, name string, neighbourhoods ...string) string {
	t.Helper()
	if neighbourhoods == nil {
		neighbourhoods = []string{}
	}
	id := str(get(mutate(t, "createActor", "CreateActorInput", map[string]any{
		"name": "E2E " + name, "kind": "ASSOCIATION", "sector": "NON_PROFIT", "neighbourhoods": neighbourhoods,
	}, "actor { id }"), "actor", "id"))
	cleanup(t, "deleteActor", id)
	return id
}

// newService creates a service with one target group, topic and
// neighbourhood.
func newService(t *testing.T, provider, tg, topic, nbh string, extra map[string]any) string {
	t.Helper()
	in := map[string]any{"name": "E2E Angebot " + uniq("svc"), "provider": provider,
		"targetGroups": []string{tg}, "topics": []string{topic}, "neighbourhoods": []string{nbh}}
	for k, v := range extra {
		in[k] = v
	}
	id := str(get(mutate(t, "createService", "CreateServiceInput", in, "service { id }"), "service", "id"))
	cleanup(t, "deleteService", id)
	return id
}

// newNetwork creates a round table covering the given neighbourhoods.
func newNetwork(t *testing.T, neighbourhoods ...string) string {
	t.Helper()
	if neighbourhoods == nil {
		neighbourhoods = []string{}
	}
	id := str(get(mutate(t, "createNetwork", "CreateNetworkInput", map[string]any{
		"name": "E2E Netzwerk " + uniq("net"), "kind": "ROUND_TABLE", "neighbourhoods": neighbourhoods,
	}, "network { id }"), "network", "id"))
	cleanup(t, "deleteNetwork", id)
	return id
}

// newVocabulary creates a target group (kind "TargetGroup") or topic
// (kind "Topic") with a unique code.
func newVocabulary(t *testing.T, kind string) string {
	t.Helper()
	code := strings.ToUpper(strings.ReplaceAll(uniq("voc"), "-", "_"))
	field := "create" + kind
	payload := strings.ToLower(kind[:1]) + kind[1:]
	id := str(get(mutate(t, field, "Create"+kind+"Input", map[string]any{
		"code": code, "labelDe": "E2E " + code, "labelEn": "e2e " + code,
	}, payload+" { id }"), payload, "id"))
	cleanup(t, "delete"+kind, id)
	return id
}

// TestNeighbourhoodLifecycle creates a district under the demo city and a
// quarter under it, reads them back with their place in the hierarchy,
// updates and deletes them.
func TestNeighbourhoodLifecycle(t *testing.T) {
	const sel = `neighbourhood { id name level officialCode population quarterManagement description
	  externalKey source lastConfirmed createdAt updatedAt parent { id } indicators { name value unit year source } }`
	districtKey := "e2e:" + uniq("district")
	d := get(mutate(t, "createNeighbourhood", "CreateNeighbourhoodInput", map[string]any{
		"name": "E2E Bezirk Grüntal", "level": "DISTRICT", "parent": seed.CityID, "population": 12000,
		"description": "Testbezirk", "externalKey": districtKey,
		"indicators": []map[string]any{
			{"name": "unemployment", "value": 7.5, "unit": "%", "year": 2021, "source": "MSS 2021"},
			{"name": "unemployment", "value": 8.25, "unit": "%", "year": 2023, "source": "MSS 2023"},
			{"name": "child poverty", "value": 30, "unit": "%", "year": 2023},
		},
		"record": map[string]any{"source": "e2e test", "lastConfirmed": "2026-01-15"},
	}, sel), "neighbourhood")
	districtID := str(get(d, "id"))
	cleanup(t, "deleteNeighbourhood", districtID)
	if !strings.HasPrefix(districtID, "nbh_") || get(d, "level") != "DISTRICT" || get(d, "parent", "id") != seed.CityID ||
		num(get(d, "population")) != 12000 || get(d, "quarterManagement") != false || get(d, "officialCode") != nil ||
		get(d, "externalKey") != districtKey || get(d, "source") != "e2e test" || get(d, "lastConfirmed") != "2026-01-15" {
		t.Fatalf("created district = %v", d)
	}
	// Indicators come newest year first, then by name.
	var ind []string
	for i := 0; i < count(get(d, "indicators")); i++ {
		ind = append(ind, fmt.Sprintf("%v/%v/%v", get(d, "indicators", i, "year"), get(d, "indicators", i, "name"), get(d, "indicators", i, "value")))
	}
	if want := []string{"2023/child poverty/30", "2023/unemployment/8.25", "2021/unemployment/7.5"}; !slices.Equal(ind, want) {
		t.Errorf("indicators = %v, want %v", ind, want)
	}
	if src := get(d, "indicators", 0, "source"); src != nil {
		t.Errorf("an indicator created without source reads back with source %q, want null", src)
	}

	quarterID := "nbh_" + uniq("quarter")
	code := fmt.Sprintf("E2E%d", time.Now().UnixNano())
	q := get(mutate(t, "createNeighbourhood", "CreateNeighbourhoodInput", map[string]any{
		"id": quarterID, "name": "E2E Müllerkiez", "level": "QUARTER", "parent": districtID, "officialCode": code,
		"population": 4300, "quarterManagement": true, "description": "Testquartier am Mühlbach",
		"indicators": []map[string]any{{"name": "child poverty", "value": 41.5, "unit": "%", "year": 2023}},
	}, sel), "neighbourhood")
	cleanup(t, "deleteNeighbourhood", quarterID)
	if get(q, "id") != quarterID || get(q, "parent", "id") != districtID || get(q, "quarterManagement") != true ||
		get(q, "officialCode") != code || get(q, "createdAt") == nil || get(q, "createdAt") != get(q, "updatedAt") {
		t.Fatalf("created quarter = %v", q)
	}

	// Read back by the root field and by node(id), with the hierarchy.
	const read = `query($id: ID!) {
	  neighbourhood(id: $id) { id name level population description parent { id } ancestors { id } children { id }
	    unemployment: indicators(name: "UNEMPLOYMENT") { year value } }
	  node(id: $id) { __typename id ... on Neighbourhood { name level parent { id } } } }`
	r := mustPost(t, read, map[string]any{"id": quarterID})
	if got := idsOf(get(r, "neighbourhood", "ancestors")); !slices.Equal(got, []string{districtID, seed.CityID}) {
		t.Errorf("quarter ancestors = %v, want [%s %s]", got, districtID, seed.CityID)
	}
	if count(get(r, "neighbourhood", "children")) != 0 || get(r, "neighbourhood", "name") != "E2E Müllerkiez" {
		t.Errorf("quarter = %v", get(r, "neighbourhood"))
	}
	if get(r, "node", "__typename") != "Neighbourhood" || get(r, "node", "id") != quarterID ||
		get(r, "node", "level") != "QUARTER" || get(r, "node", "parent", "id") != districtID {
		t.Errorf("node(%s) = %v", quarterID, get(r, "node"))
	}
	r = mustPost(t, read, map[string]any{"id": districtID})
	if got := idsOf(get(r, "neighbourhood", "children")); !slices.Equal(got, []string{quarterID}) {
		t.Errorf("district children = %v, want [%s]", got, quarterID)
	}
	if got := idsOf(get(r, "neighbourhood", "ancestors")); !slices.Equal(got, []string{seed.CityID}) {
		t.Errorf("district ancestors = %v", got)
	}
	if n := count(get(r, "neighbourhood", "unemployment")); n != 2 || num(get(r, "neighbourhood", "unemployment", 0, "year")) != 2023 {
		t.Errorf("indicators(name: UNEMPLOYMENT) = %v", get(r, "neighbourhood", "unemployment"))
	}
	r = mustPost(t, read, map[string]any{"id": seed.CityID})
	if !slices.Contains(idsOf(get(r, "neighbourhood", "children")), districtID) || get(r, "neighbourhood", "parent") != nil ||
		count(get(r, "neighbourhood", "ancestors")) != 0 {
		t.Errorf("city children/parent/ancestors = %v", get(r, "neighbourhood"))
	}

	// Found by the list filters, umlauts folded.
	for _, f := range []map[string]any{
		{"nameContains": "muellerkiez"}, {"nameContains": "MÜLLER"}, {"within": districtID},
		{"within": seed.CityID, "levels": []string{"QUARTER"}, "quarterManagement": true, "nameContains": "Müller"},
	} {
		r := mustPost(t, `query($f: NeighbourhoodFilter) { neighbourhoods(first: 100, filter: $f) { edges { node { id } } } }`, map[string]any{"f": f})
		if got := nodeIDs(get(r, "neighbourhoods")); !slices.Equal(got, []string{quarterID}) {
			t.Errorf("neighbourhoods(filter: %v) = %v, want only the new quarter", f, got)
		}
	}

	// Update: null clears, omitted stays, lists replace.
	u := get(mutate(t, "updateNeighbourhood", "UpdateNeighbourhoodInput", map[string]any{
		"id": quarterID, "name": "E2E Müllerkiez Süd", "description": nil, "quarterManagement": false,
		"indicators": []map[string]any{{"name": "unemployment", "value": 9, "unit": "%", "year": 2024, "source": "MSS 2024"}},
	}, sel), "neighbourhood")
	if get(u, "name") != "E2E Müllerkiez Süd" || get(u, "description") != nil || get(u, "quarterManagement") != false ||
		num(get(u, "population")) != 4300 || get(u, "officialCode") != code || get(u, "parent", "id") != districtID ||
		count(get(u, "indicators")) != 1 || get(u, "indicators", 0, "source") != "MSS 2024" || get(u, "createdAt") != get(q, "createdAt") {
		t.Errorf("updated quarter = %v", u)
	}
	if str(get(u, "updatedAt")) < str(get(q, "updatedAt")) {
		t.Errorf("updatedAt went back: %v → %v", get(q, "updatedAt"), get(u, "updatedAt"))
	}
	u = get(mutate(t, "updateNeighbourhood", "UpdateNeighbourhoodInput", map[string]any{
		"id": districtID, "population": nil, "externalKey": nil, "record": map[string]any{"lastConfirmed": "2026-02-01"},
	}, sel), "neighbourhood")
	if get(u, "population") != nil || get(u, "externalKey") != nil || get(u, "lastConfirmed") != "2026-02-01" ||
		get(u, "source") != "e2e test" || get(u, "description") != "Testbezirk" || count(get(u, "indicators")) != 3 {
		t.Errorf("updated district = %v", u)
	}
	r = mustPost(t, `{ neighbourhoods(first: 100, filter: {nameContains: "kiez sued"}) { edges { node { id } } } }`, nil)
	if got := nodeIDs(get(r, "neighbourhoods")); !slices.Equal(got, []string{quarterID}) {
		t.Errorf("renamed quarter not found by its new name: %v", got)
	}
	mutateErr(t, "updateNeighbourhood", "UpdateNeighbourhoodInput", map[string]any{"id": quarterID, "population": -1}, "BAD_USER_INPUT", "input.population")
	mutateErr(t, "updateNeighbourhood", "UpdateNeighbourhoodInput", map[string]any{"id": "nbh_" + uniq("missing"), "name": "X"}, "NOT_FOUND", "")

	// Delete: the district refuses while the quarter is inside it; the
	// quarter takes its needs along and leaves actors without the link.
	removeErr(t, "deleteNeighbourhood", districtID, "CONFLICT")
	actor := newActor(t, "Kiezladen Müllerkiez", quarterID)
	needID := str(get(mutate(t, "createNeed", "CreateNeedInput", map[string]any{
		"targetGroup": tgChildren, "topic": topEducation, "neighbourhood": quarterID, "severity": "HIGH",
	}, "need { id }"), "need", "id"))
	cleanup(t, "deleteNeed", needID)
	effects := remove(t, "deleteNeighbourhood", quarterID)
	if effect(effects, "needs deleted") != 1 || effect(effects, "links") != 1 {
		t.Errorf("delete quarter effects = %v, want 1 need deleted and 1 link removed", effects)
	}
	r = mustPost(t, `query($q: ID!, $n: ID!, $a: ID!) { neighbourhood(id: $q) { id } node(id: $q) { id } need(id: $n) { id }
	  actor(id: $a) { id neighbourhoods { id } } }`, map[string]any{"q": quarterID, "n": needID, "a": actor})
	if r["neighbourhood"] != nil || r["node"] != nil || r["need"] != nil {
		t.Errorf("deleted quarter or its need still there: %v", r)
	}
	if get(r, "actor", "id") != actor || count(get(r, "actor", "neighbourhoods")) != 0 {
		t.Errorf("actor after its quarter was deleted = %v", get(r, "actor"))
	}
	effects = remove(t, "deleteNeighbourhood", districtID)
	if effect(effects, "needs deleted") != 0 {
		t.Errorf("delete district effects = %v", effects)
	}
	removeErr(t, "deleteNeighbourhood", districtID, "NOT_FOUND")
	r = mustPost(t, read, map[string]any{"id": seed.CityID})
	if slices.Contains(idsOf(get(r, "neighbourhood", "children")), districtID) {
		t.Error("deleted district is still a child of the city")
	}
}

// TestPersonAndRoleLifecycle creates a person, gives them roles at two
// actors, ends one and sees it through asOf, and removes everything.
func TestPersonAndRoleLifecycle(t *testing.T) {
	actorA, actorB := newActor(t, "Stadtteilladen", nbhLindenpark), newActor(t, "Mieterberatung", nbhLindenpark)
	const sel = `person { id name email externalKey source lastConfirmed createdAt updatedAt }`
	personID := "per_" + uniq("person")
	key := "e2e:" + uniq("person")
	p := get(mutate(t, "createPerson", "CreatePersonInput", map[string]any{
		"id": personID, "name": "E2E Jana Schröder", "email": "jana.schroeder@stadtteilladen.example", "externalKey": key,
		"record": map[string]any{"source": "e2e test", "lastConfirmed": "2026-03-01"},
	}, sel), "person")
	cleanup(t, "deletePerson", personID)
	if get(p, "id") != personID || get(p, "email") != "jana.schroeder@stadtteilladen.example" || get(p, "externalKey") != key ||
		get(p, "lastConfirmed") != "2026-03-01" {
		t.Fatalf("created person = %v", p)
	}
	r := mustPost(t, `query($id: ID!) { person(id: $id) { id name email } node(id: $id) { __typename id ... on Person { name } } }`,
		map[string]any{"id": personID})
	if get(r, "person", "name") != "E2E Jana Schröder" || get(r, "node", "__typename") != "Person" || get(r, "node", "name") != "E2E Jana Schröder" {
		t.Errorf("read person = %v", r)
	}

	// Null clears the e-mail; omitted fields stay.
	p = get(mutate(t, "updatePerson", "UpdatePersonInput", map[string]any{"id": personID, "email": nil}, sel), "person")
	if get(p, "email") != nil || get(p, "name") != "E2E Jana Schröder" || get(p, "externalKey") != key || get(p, "source") != "e2e test" {
		t.Errorf("person after email: null = %v", p)
	}
	p = get(mutate(t, "updatePerson", "UpdatePersonInput", map[string]any{"id": personID, "name": "E2E Jana Schröder-Özdemir"}, sel), "person")
	if get(p, "email") != nil || get(p, "name") != "E2E Jana Schröder-Özdemir" || get(p, "lastConfirmed") != "2026-03-01" {
		t.Errorf("person after rename = %v", p)
	}
	r = mustPost(t, `{ people(first: 100, filter: {nameContains: "schroeder-oezdemir"}) { edges { node { id } } } }`, nil)
	if got := nodeIDs(get(r, "people")); !slices.Equal(got, []string{personID}) {
		t.Errorf("people(nameContains) after rename = %v", got)
	}
	mutateErr(t, "updatePerson", "UpdatePersonInput", map[string]any{"id": personID, "email": "no-at-sign"}, "BAD_USER_INPUT", "input.email")
	mutateErr(t, "updatePerson", "UpdatePersonInput", map[string]any{"id": personID, "name": nil}, "BAD_USER_INPUT", "input.name")

	// Two roles; the one at A ends on 2024-06-30.
	const roleSel = `role { id title validFrom validTo source person { id } actor { id } }`
	ra := get(mutate(t, "addRole", "AddRoleInput", map[string]any{
		"person": personID, "actor": actorA, "title": "Quartiersmanagerin", "validFrom": "2020-01-01",
		"record": map[string]any{"source": "e2e test"},
	}, roleSel), "role")
	roleA := str(get(ra, "id"))
	if !strings.HasPrefix(roleA, "rol_") || get(ra, "person", "id") != personID || get(ra, "actor", "id") != actorA ||
		get(ra, "validTo") != nil || get(ra, "source") != "e2e test" {
		t.Fatalf("added role = %v", ra)
	}
	roleB := str(get(mutate(t, "addRole", "AddRoleInput", map[string]any{
		"person": personID, "actor": actorB, "title": "Honorarkraft", "validFrom": "2022-03-01",
	}, roleSel), "role", "id"))
	ra = get(mutate(t, "updateRole", "UpdateRoleInput", map[string]any{"id": roleA, "validTo": "2024-06-30"}, roleSel), "role")
	if get(ra, "validTo") != "2024-06-30" || get(ra, "validFrom") != "2020-01-01" || get(ra, "title") != "Quartiersmanagerin" || get(ra, "source") != "e2e test" {
		t.Errorf("ended role = %v", ra)
	}

	const roles = `query($p: ID!, $a: ID!, $day: Date) {
	  person(id: $p) { roles(asOf: $day) { totalCount edges { node { id title actor { id } } } } }
	  actor(id: $a) { roles(asOf: $day) { edges { node { id person { id } } } } }
	  people(first: 100, filter: {actor: $a, asOf: $day}) { edges { node { id } } } }`
	for _, tc := range []struct {
		day       string
		personHas []string // role ids, latest first
		atA       bool
	}{
		{"2019-12-31", nil, false},
		{"2021-06-01", []string{roleA}, true},
		{"2023-06-01", []string{roleB, roleA}, true},
		{"2024-06-30", []string{roleB, roleA}, true},
		{"2024-07-01", []string{roleB}, false},
	} {
		r := mustPost(t, roles, map[string]any{"p": personID, "a": actorA, "day": tc.day})
		if got := nodeIDs(get(r, "person", "roles")); !slices.Equal(got, append([]string{}, tc.personHas...)) {
			t.Errorf("%s: person roles = %v, want %v", tc.day, got, tc.personHas)
		}
		if got := nodeIDs(get(r, "actor", "roles")); slices.Contains(got, roleA) != tc.atA || len(got) > 1 {
			t.Errorf("%s: actor A roles = %v, want role at A: %v", tc.day, got, tc.atA)
		}
		if got := nodeIDs(get(r, "people")); slices.Contains(got, personID) != tc.atA {
			t.Errorf("%s: people(filter: {actor: A, asOf}) = %v, want person: %v", tc.day, got, tc.atA)
		}
	}
	// Without asOf the actor filter finds past roles too.
	r = mustPost(t, `query($a: ID!) { people(first: 100, filter: {actor: $a}) { edges { node { id } } } }`, map[string]any{"a": actorA})
	if got := nodeIDs(get(r, "people")); !slices.Equal(got, []string{personID}) {
		t.Errorf("people(filter: {actor}) = %v, want the person with the ended role", got)
	}

	// The span is checked against the stored end; null reopens it.
	mutateErr(t, "updateRole", "UpdateRoleInput", map[string]any{"id": roleA, "validFrom": "2024-07-01"}, "BAD_USER_INPUT", "input.validTo")
	mutateErr(t, "updateRole", "UpdateRoleInput", map[string]any{"id": roleA, "title": nil}, "BAD_USER_INPUT", "input.title")
	mutateErr(t, "updateRole", "UpdateRoleInput", map[string]any{"id": "rol_" + uniq("missing"), "title": "X"}, "NOT_FOUND", "")
	ra = get(mutate(t, "updateRole", "UpdateRoleInput", map[string]any{"id": roleA, "title": "Quartiersmanagerin (Vertretung)", "validTo": nil}, roleSel), "role")
	if get(ra, "validTo") != nil || get(ra, "validFrom") != "2020-01-01" || get(ra, "title") != "Quartiersmanagerin (Vertretung)" {
		t.Errorf("reopened role = %v", ra)
	}
	r = mustPost(t, roles, map[string]any{"p": personID, "a": actorA, "day": "2025-01-01"})
	if got := nodeIDs(get(r, "person", "roles")); !sameSet(got, []string{roleA, roleB}) {
		t.Errorf("roles after reopening = %v", got)
	}

	// removeRole deletes one role; deletePerson the rest.
	if effects := remove(t, "removeRole", roleB); len(effects) != 0 {
		t.Errorf("removeRole effects = %v", effects)
	}
	removeErr(t, "removeRole", roleB, "NOT_FOUND")
	r = mustPost(t, roles, map[string]any{"p": personID, "a": actorA, "day": "2025-01-01"})
	if got := nodeIDs(get(r, "person", "roles")); !slices.Equal(got, []string{roleA}) {
		t.Errorf("roles after removeRole = %v", got)
	}
	if effects := remove(t, "deletePerson", personID); effect(effects, "roles removed") != 1 {
		t.Errorf("deletePerson effects = %v, want 1 role removed", effects)
	}
	r = mustPost(t, `query($p: ID!, $a: ID!) { person(id: $p) { id } node(id: $p) { id } actor(id: $a) { roles(asOf: "2025-01-01") { totalCount } } }`,
		map[string]any{"p": personID, "a": actorA})
	if r["person"] != nil || r["node"] != nil || num(get(r, "actor", "roles", "totalCount")) != 0 {
		t.Errorf("after deletePerson: %v", r)
	}
	removeErr(t, "deletePerson", personID, "NOT_FOUND")
}

// TestServiceLifecycle moves a service to another provider and replaces
// its target groups, topics and neighbourhoods.
func TestServiceLifecycle(t *testing.T) {
	actorA, actorB := newActor(t, "Lernwerkstatt e.V.", nbhLindenpark), newActor(t, "Kulturhaus", nbhHafenviertel)
	const sel = `service { id name description keywords validFrom validTo externalKey source lastConfirmed
	  provider { id } targetGroups { id } topics { id } neighbourhoods { id } }`
	key := "e2e:" + uniq("service")
	s := get(mutate(t, "createService", "CreateServiceInput", map[string]any{
		"name": "E2E Hausaufgabenhilfe Lindenpark", "description": "Montags bis donnerstags", "keywords": []string{"Hausaufgaben", "Schüler"},
		"provider": actorA, "targetGroups": []string{tgChildren}, "topics": []string{topEducation},
		"neighbourhoods": []string{nbhLindenpark}, "validFrom": "2024-09-01", "externalKey": key,
		"record": map[string]any{"source": "e2e test", "lastConfirmed": "2026-05-05"},
	}, sel), "service")
	id := str(get(s, "id"))
	cleanup(t, "deleteService", id)
	if !strings.HasPrefix(id, "svc_") || get(s, "provider", "id") != actorA || !slices.Equal(idsOf(get(s, "targetGroups")), []string{tgChildren}) ||
		!slices.Equal(idsOf(get(s, "neighbourhoods")), []string{nbhLindenpark}) || count(get(s, "keywords")) != 2 || get(s, "validTo") != nil {
		t.Fatalf("created service = %v", s)
	}
	const read = `query($id: ID!, $a: ID!, $b: ID!) {
	  service(id: $id) { id name provider { id } }
	  node(id: $id) { __typename id ... on Service { name topics { id } } }
	  a: actor(id: $a) { services { edges { node { id } } } }
	  b: actor(id: $b) { services { edges { node { id } } } } }`
	r := mustPost(t, read, map[string]any{"id": id, "a": actorA, "b": actorB})
	if get(r, "service", "id") != id || get(r, "node", "__typename") != "Service" || !slices.Equal(idsOf(get(r, "node", "topics")), []string{topEducation}) {
		t.Errorf("read service = %v", r)
	}
	if !slices.Equal(nodeIDs(get(r, "a", "services")), []string{id}) || count(get(r, "b", "services", "edges")) != 0 {
		t.Errorf("services of A = %v, of B = %v", nodeIDs(get(r, "a", "services")), nodeIDs(get(r, "b", "services")))
	}

	// Move it: provider and every list replace; null clears the description.
	s = get(mutate(t, "updateService", "UpdateServiceInput", map[string]any{
		"id": id, "provider": actorB, "targetGroups": []string{tgAdolescents, tgFamilies}, "topics": []string{topCulture},
		"neighbourhoods": []string{nbhHafenviertel, nbhMitte}, "description": nil,
	}, sel), "service")
	if get(s, "provider", "id") != actorB || !sameSet(idsOf(get(s, "targetGroups")), []string{tgAdolescents, tgFamilies}) ||
		!sameSet(idsOf(get(s, "topics")), []string{topCulture}) || !sameSet(idsOf(get(s, "neighbourhoods")), []string{nbhHafenviertel, nbhMitte}) ||
		get(s, "description") != nil || get(s, "name") != "E2E Hausaufgabenhilfe Lindenpark" || count(get(s, "keywords")) != 2 ||
		get(s, "validFrom") != "2024-09-01" || get(s, "externalKey") != key || get(s, "lastConfirmed") != "2026-05-05" {
		t.Errorf("moved service = %v", s)
	}
	r = mustPost(t, read, map[string]any{"id": id, "a": actorA, "b": actorB})
	if count(get(r, "a", "services", "edges")) != 0 || !slices.Equal(nodeIDs(get(r, "b", "services")), []string{id}) {
		t.Errorf("after the move: services of A = %v, of B = %v", nodeIDs(get(r, "a", "services")), nodeIDs(get(r, "b", "services")))
	}
	for _, tc := range []struct {
		filter map[string]any
		want   bool
	}{
		{map[string]any{"provider": actorA}, false},
		{map[string]any{"provider": actorB}, true},
		{map[string]any{"provider": actorB, "targetGroup": tgChildren}, false},
		{map[string]any{"provider": actorB, "targetGroup": tgFamilies, "topic": topCulture}, true},
		{map[string]any{"provider": actorB, "topic": topEducation}, false},
		{map[string]any{"provider": actorB, "neighbourhood": nbhLindenpark}, false},
		{map[string]any{"provider": actorB, "neighbourhood": nbhBahnhofsviertel}, true}, // available in its district
	} {
		r := mustPost(t, `query($f: ServiceFilter) { services(first: 100, filter: $f) { edges { node { id } } } }`, map[string]any{"f": tc.filter})
		if got := slices.Contains(nodeIDs(get(r, "services")), id); got != tc.want {
			t.Errorf("services(filter: %v) lists the moved service: %v, want %v", tc.filter, got, tc.want)
		}
	}
	s = get(mutate(t, "updateService", "UpdateServiceInput", map[string]any{"id": id, "keywords": nil, "validTo": "2026-12-31", "name": "E2E Kulturwerkstatt"}, sel), "service")
	if count(get(s, "keywords")) != 0 || get(s, "validTo") != "2026-12-31" || get(s, "name") != "E2E Kulturwerkstatt" || count(get(s, "targetGroups")) != 2 {
		t.Errorf("service after keywords: null = %v", s)
	}
	mutateErr(t, "updateService", "UpdateServiceInput", map[string]any{"id": id, "targetGroups": []string{}}, "BAD_USER_INPUT", "input.targetGroups")
	mutateErr(t, "updateService", "UpdateServiceInput", map[string]any{"id": id, "neighbourhoods": nil}, "BAD_USER_INPUT", "input.neighbourhoods")
	mutateErr(t, "updateService", "UpdateServiceInput", map[string]any{"id": id, "provider": nil}, "BAD_USER_INPUT", "input.provider")
	mutateErr(t, "updateService", "UpdateServiceInput", map[string]any{"id": id, "topics": []string{"top_" + uniq("nope")}}, "BAD_USER_INPUT", "input.topics")
	mutateErr(t, "updateService", "UpdateServiceInput", map[string]any{"id": id, "validFrom": "2027-01-01"}, "BAD_USER_INPUT", "input.validTo")

	if effects := remove(t, "deleteService", id); len(effects) != 0 {
		t.Errorf("deleteService effects = %v", effects)
	}
	r = mustPost(t, read, map[string]any{"id": id, "a": actorA, "b": actorB})
	if r["service"] != nil || r["node"] != nil || count(get(r, "b", "services", "edges")) != 0 {
		t.Errorf("after deleteService: %v", r)
	}
	removeErr(t, "deleteService", id, "NOT_FOUND")
}

// TestNeedLifecycle records a need with evidence, finds the services
// covering it, clears and replaces its evidence and deletes it.
func TestNeedLifecycle(t *testing.T) {
	tg, topic := newVocabulary(t, "TargetGroup"), newVocabulary(t, "Topic")
	provider := newActor(t, "Familienzentrum", nbhLindenpark)
	const sel = `need { id severity description validFrom validTo externalKey source
	  targetGroup { id } topic { id } neighbourhood { id } evidence { indicator value unit year source } }`
	key := "e2e:" + uniq("need")
	n := get(mutate(t, "createNeed", "CreateNeedInput", map[string]any{
		"targetGroup": tg, "topic": topic, "neighbourhood": nbhLindenpark, "severity": "HIGH", "description": "Hoher Bedarf",
		"evidence":  map[string]any{"indicator": "child poverty", "value": 52.3, "unit": "%", "year": 2023, "source": "MSS 2023"},
		"validFrom": "2024-01-01", "externalKey": key,
	}, sel), "need")
	id := str(get(n, "id"))
	cleanup(t, "deleteNeed", id)
	if !strings.HasPrefix(id, "ned_") || get(n, "targetGroup", "id") != tg || get(n, "topic", "id") != topic ||
		get(n, "neighbourhood", "id") != nbhLindenpark || get(n, "evidence", "value") != 52.3 || num(get(n, "evidence", "year")) != 2023 {
		t.Fatalf("created need = %v", n)
	}
	const read = `query($id: ID!, $day: Date) {
	  need(id: $id) { id severity coveringServices(asOf: $day) { id } }
	  node(id: $id) { __typename id ... on Need { severity evidence { indicator } } } }`
	r := mustPost(t, read, map[string]any{"id": id, "day": seed.ReferenceDay})
	if get(r, "need", "severity") != "HIGH" || get(r, "node", "__typename") != "Need" || get(r, "node", "evidence", "indicator") != "child poverty" {
		t.Errorf("read need = %v", r)
	}
	if n := count(get(r, "need", "coveringServices")); n != 0 {
		t.Errorf("need of a fresh target group is covered by %d services", n)
	}
	// Services that reach the quarter cover it: in the district, in the
	// quarter; a sibling quarter, another topic or an ended service do not.
	inDistrict := newService(t, provider, tg, topic, nbhNord, nil)
	inQuarter := newService(t, provider, tg, topic, nbhLindenpark, nil)
	newService(t, provider, tg, topic, nbhHafenviertel, nil)
	newService(t, provider, tg, topEducation, nbhLindenpark, nil)
	newService(t, provider, tg, topic, nbhLindenpark, map[string]any{"validFrom": "2020-01-01", "validTo": "2021-12-31"})
	r = mustPost(t, read, map[string]any{"id": id, "day": seed.ReferenceDay})
	if got := idsOf(get(r, "need", "coveringServices")); !sameSet(got, []string{inDistrict, inQuarter}) {
		t.Errorf("coveringServices = %v, want [%s %s]", got, inDistrict, inQuarter)
	}

	n = get(mutate(t, "updateNeed", "UpdateNeedInput", map[string]any{"id": id, "evidence": nil, "severity": "CRITICAL"}, sel), "need")
	if get(n, "evidence") != nil || get(n, "severity") != "CRITICAL" || get(n, "description") != "Hoher Bedarf" ||
		get(n, "validFrom") != "2024-01-01" || get(n, "externalKey") != key || get(n, "neighbourhood", "id") != nbhLindenpark {
		t.Errorf("need after evidence: null = %v", n)
	}
	n = get(mutate(t, "updateNeed", "UpdateNeedInput", map[string]any{"id": id, "evidence": map[string]any{"indicator": "unemployment", "year": 2024}, "description": nil}, sel), "need")
	if get(n, "evidence", "indicator") != "unemployment" || get(n, "evidence", "value") != nil || get(n, "evidence", "source") != nil ||
		num(get(n, "evidence", "year")) != 2024 || get(n, "description") != nil || get(n, "severity") != "CRITICAL" {
		t.Errorf("need with new evidence = %v", n)
	}
	mutateErr(t, "updateNeed", "UpdateNeedInput", map[string]any{"id": id, "severity": nil}, "BAD_USER_INPUT", "input.severity")
	mutateErr(t, "updateNeed", "UpdateNeedInput", map[string]any{"id": id, "evidence": map[string]any{"indicator": "x", "year": 1800}}, "BAD_USER_INPUT", "input.evidence.year")
	mutateErr(t, "updateNeed", "UpdateNeedInput", map[string]any{"id": id, "validTo": "2023-12-31"}, "BAD_USER_INPUT", "input.validTo")
	r = mustPost(t, `query($tg: ID) { needs(first: 100, filter: {minSeverity: CRITICAL, neighbourhood: "nbh_nord", targetGroup: $tg}) { edges { node { id } } } }`, map[string]any{"tg": tg})
	if got := nodeIDs(get(r, "needs")); !slices.Equal(got, []string{id}) {
		t.Errorf("needs(filter: {minSeverity: CRITICAL, neighbourhood: Nord, targetGroup}) = %v", got)
	}

	if effects := remove(t, "deleteNeed", id); len(effects) != 0 {
		t.Errorf("deleteNeed effects = %v", effects)
	}
	r = mustPost(t, read, map[string]any{"id": id, "day": seed.ReferenceDay})
	if r["need"] != nil || r["node"] != nil {
		t.Errorf("after deleteNeed: %v", r)
	}
	removeErr(t, "deleteNeed", id, "NOT_FOUND")
}

// partnersOf returns the partner ids and cooperation ids of an actor on a day.
func partnersOf(t *testing.T, actor, day string, kinds ...string) (partners, coops []string) {
	t.Helper()
	vars := map[string]any{"id": actor, "day": day}
	if kinds != nil {
		vars["kinds"] = kinds
	}
	d := mustPost(t, `query($id: ID!, $day: Date, $kinds: [CooperationKind!]) { actor(id: $id) {
	  partners(asOf: $day, kinds: $kinds, first: 100) { totalCount edges { node { id } cooperation { id } } } } }`, vars)
	conn := get(d, "actor", "partners")
	for i := 0; i < count(get(conn, "edges")); i++ {
		partners = append(partners, str(get(conn, "edges", i, "node", "id")))
		coops = append(coops, str(get(conn, "edges", i, "cooperation", "id")))
	}
	if num(get(conn, "totalCount")) != len(coops) {
		t.Errorf("partners of %s: totalCount %v for %d edges", actor, get(conn, "totalCount"), len(coops))
	}
	return partners, coops
}

// TestCooperationLifecycle links actors, reads the links from both ends,
// ends and removes them.
func TestCooperationLifecycle(t *testing.T) {
	a, b, c := newActor(t, "Jugendclub"), newActor(t, "Förderverein"), newActor(t, "Schulsozialarbeit")
	const sel = `cooperation { id kind strength directed description validFrom validTo externalKey source from { id } to { id } }`

	// Direction defaults by kind; one edge per cooperation on both ends.
	var coops []string
	for _, tc := range []struct {
		kind     string
		directed any // input; nil: omitted
		want     bool
	}{
		{"FUNDING", nil, true}, {"REFERRAL", nil, true}, {"JOINT_PROJECT", nil, false},
		{"INFORMATION_EXCHANGE", nil, false}, {"FUNDING", false, false}, {"SHARED_ROOMS", true, true},
	} {
		in := map[string]any{"from": a, "to": b, "kind": tc.kind}
		if tc.directed != nil {
			in["directed"] = tc.directed
		}
		co := get(mutate(t, "addCooperation", "AddCooperationInput", in, sel), "cooperation")
		id := str(get(co, "id"))
		cleanup(t, "removeCooperation", id)
		coops = append(coops, id)
		if get(co, "directed") != tc.want || get(co, "strength") != 0.5 || get(co, "from", "id") != a || get(co, "to", "id") != b || get(co, "kind") != tc.kind {
			t.Errorf("addCooperation(%s, directed %v) = %v, want directed %v and strength 0.5", tc.kind, tc.directed, co, tc.want)
		}
	}
	for _, end := range []struct{ actor, partner string }{{a, b}, {b, a}} {
		partners, ids := partnersOf(t, end.actor, seed.ReferenceDay)
		if !sameSet(ids, coops) || slices.ContainsFunc(partners, func(p string) bool { return p != end.partner }) {
			t.Errorf("partners of %s = %v via %v, want %s via %v", end.actor, partners, ids, end.partner, coops)
		}
		_, ids = partnersOf(t, end.actor, seed.ReferenceDay, "FUNDING", "REFERRAL")
		if !sameSet(ids, []string{coops[0], coops[1], coops[4]}) {
			t.Errorf("partners(kinds: [FUNDING, REFERRAL]) of %s = %v", end.actor, ids)
		}
	}
	for _, id := range coops {
		if effects := remove(t, "removeCooperation", id); len(effects) != 0 {
			t.Errorf("removeCooperation effects = %v", effects)
		}
	}
	if _, ids := partnersOf(t, a, seed.ReferenceDay); len(ids) != 0 {
		t.Errorf("partners after removing every cooperation = %v", ids)
	}

	// A full cooperation: read, update, end, remove.
	key := "e2e:" + uniq("coop")
	co := get(mutate(t, "addCooperation", "AddCooperationInput", map[string]any{
		"from": a, "to": c, "kind": "JOINT_PROJECT", "strength": 0.8, "description": "Ferienprogramm", "validFrom": "2023-01-01",
		"externalKey": key, "record": map[string]any{"source": "e2e test", "lastConfirmed": "2026-01-01"},
	}, sel), "cooperation")
	id := str(get(co, "id"))
	cleanup(t, "removeCooperation", id)
	if !strings.HasPrefix(id, "coo_") || get(co, "strength") != 0.8 || get(co, "directed") != false || get(co, "externalKey") != key {
		t.Fatalf("added cooperation = %v", co)
	}
	r := mustPost(t, `query($id: ID!) { cooperation(id: $id) { id kind from { id } to { id } }
	  node(id: $id) { __typename id ... on Cooperation { kind strength } } }`, map[string]any{"id": id})
	if get(r, "cooperation", "from", "id") != a || get(r, "cooperation", "to", "id") != c || get(r, "node", "__typename") != "Cooperation" || get(r, "node", "strength") != 0.8 {
		t.Errorf("read cooperation = %v", r)
	}
	for _, end := range []struct{ actor, partner string }{{a, c}, {c, a}} {
		if partners, ids := partnersOf(t, end.actor, seed.ReferenceDay); !slices.Equal(partners, []string{end.partner}) || !slices.Equal(ids, []string{id}) {
			t.Errorf("partners of %s = %v via %v, want %s via %s", end.actor, partners, ids, end.partner, id)
		}
	}
	co = get(mutate(t, "updateCooperation", "UpdateCooperationInput", map[string]any{
		"id": id, "kind": "SHARED_ROOMS", "strength": 0.3, "description": nil, "validTo": "2025-12-31",
	}, sel), "cooperation")
	if get(co, "kind") != "SHARED_ROOMS" || get(co, "strength") != 0.3 || get(co, "description") != nil || get(co, "validTo") != "2025-12-31" ||
		get(co, "validFrom") != "2023-01-01" || get(co, "directed") != false || get(co, "externalKey") != key || get(co, "source") != "e2e test" ||
		get(co, "from", "id") != a || get(co, "to", "id") != c {
		t.Errorf("updated cooperation = %v", co)
	}
	if _, ids := partnersOf(t, c, seed.ReferenceDay); len(ids) != 0 {
		t.Errorf("ended cooperation still a partner on %s: %v", seed.ReferenceDay, ids)
	}
	if _, ids := partnersOf(t, c, "2025-06-01", "SHARED_ROOMS"); !slices.Equal(ids, []string{id}) {
		t.Errorf("partners(asOf: 2025-06-01, kinds: [SHARED_ROOMS]) = %v", ids)
	}
	if _, ids := partnersOf(t, c, "2025-06-01", "JOINT_PROJECT"); len(ids) != 0 {
		t.Errorf("partners of the old kind = %v", ids)
	}
	co = get(mutate(t, "updateCooperation", "UpdateCooperationInput", map[string]any{"id": id, "directed": true}, sel), "cooperation")
	if get(co, "directed") != true || get(co, "strength") != 0.3 {
		t.Errorf("cooperation after directed: true = %v", co)
	}
	mutateErr(t, "updateCooperation", "UpdateCooperationInput", map[string]any{"id": id, "strength": 1.5}, "BAD_USER_INPUT", "input.strength")
	mutateErr(t, "updateCooperation", "UpdateCooperationInput", map[string]any{"id": id, "strength": nil}, "BAD_USER_INPUT", "input.strength")
	mutateErr(t, "updateCooperation", "UpdateCooperationInput", map[string]any{"id": id, "kind": nil}, "BAD_USER_INPUT", "input.kind")
	mutateErr(t, "updateCooperation", "UpdateCooperationInput", map[string]any{"id": id, "validFrom": "2026-01-01"}, "BAD_USER_INPUT", "input.validTo")
	mutateErr(t, "updateCooperation", "UpdateCooperationInput", map[string]any{"id": "coo_" + uniq("missing"), "strength": 0.1}, "NOT_FOUND", "")
	mutateErr(t, "addCooperation", "AddCooperationInput", map[string]any{"from": a, "to": "act_" + uniq("missing"), "kind": "REFERRAL"}, "BAD_USER_INPUT", "input.to")

	remove(t, "removeCooperation", id)
	r = mustPost(t, `query($id: ID!) { cooperation(id: $id) { id } node(id: $id) { id } }`, map[string]any{"id": id})
	if r["cooperation"] != nil || r["node"] != nil {
		t.Errorf("removed cooperation still there: %v", r)
	}
	if _, ids := partnersOf(t, a, "2025-06-01"); len(ids) != 0 {
		t.Errorf("partners after removeCooperation = %v", ids)
	}
	removeErr(t, "removeCooperation", id, "NOT_FOUND")
}

// TestNetworkAndMembershipLifecycle creates a network, adds, ends and
// removes members, and deletes the network.
func TestNetworkAndMembershipLifecycle(t *testing.T) {
	a, b := newActor(t, "Stadtteilmütter"), newActor(t, "Nachbarschaftshaus")
	const sel = `network { id name kind description validFrom validTo externalKey source neighbourhoods { id } }`
	key := "e2e:" + uniq("network")
	n := get(mutate(t, "createNetwork", "CreateNetworkInput", map[string]any{
		"name": "E2E Kiezrunde Lindenpark", "kind": "ROUND_TABLE", "description": "monatlich", "neighbourhoods": []string{nbhLindenpark},
		"validFrom": "2020-01-01", "externalKey": key, "record": map[string]any{"source": "e2e test"},
	}, sel), "network")
	id := str(get(n, "id"))
	cleanup(t, "deleteNetwork", id)
	if !strings.HasPrefix(id, "net_") || !slices.Equal(idsOf(get(n, "neighbourhoods")), []string{nbhLindenpark}) || get(n, "externalKey") != key {
		t.Fatalf("created network = %v", n)
	}
	r := mustPost(t, `query($id: ID!) { network(id: $id) { id name } node(id: $id) { __typename id ... on Network { kind } } }`, map[string]any{"id": id})
	if get(r, "network", "name") != "E2E Kiezrunde Lindenpark" || get(r, "node", "__typename") != "Network" || get(r, "node", "kind") != "ROUND_TABLE" {
		t.Errorf("read network = %v", r)
	}

	const memSel = `membership { id role validFrom validTo source actor { id } network { id } }`
	ma := get(mutate(t, "addMembership", "AddMembershipInput", map[string]any{
		"actor": a, "network": id, "role": "coordination", "validFrom": "2020-01-01", "record": map[string]any{"source": "e2e test"},
	}, memSel), "membership")
	memA := str(get(ma, "id"))
	if !strings.HasPrefix(memA, "mem_") || get(ma, "actor", "id") != a || get(ma, "network", "id") != id || get(ma, "role") != "coordination" {
		t.Fatalf("added membership = %v", ma)
	}
	memB := str(get(mutate(t, "addMembership", "AddMembershipInput", map[string]any{
		"actor": b, "network": id, "validFrom": "2021-01-01", "validTo": "2022-12-31",
	}, memSel), "membership", "id"))
	const members = `query($id: ID!, $a: ID!, $day: Date) {
	  network(id: $id) { memberships(asOf: $day) { totalCount edges { node { id role actor { id } } } } }
	  actor(id: $a) { memberships(asOf: $day) { edges { node { id network { id } } } } } }`
	for _, tc := range []struct {
		day  string
		want []string
	}{
		{"2019-12-31", nil}, {"2020-06-01", []string{memA}}, {"2021-01-01", []string{memA, memB}},
		{"2022-12-31", []string{memA, memB}}, {"2023-01-01", []string{memA}},
	} {
		r := mustPost(t, members, map[string]any{"id": id, "a": a, "day": tc.day})
		if got := nodeIDs(get(r, "network", "memberships")); !sameSet(got, tc.want) || num(get(r, "network", "memberships", "totalCount")) != len(tc.want) {
			t.Errorf("%s: memberships = %v, want %v", tc.day, got, tc.want)
		}
		if got := nodeIDs(get(r, "actor", "memberships")); slices.Contains(got, memA) != slices.Contains(tc.want, memA) {
			t.Errorf("%s: memberships of A = %v", tc.day, got)
		}
	}
	ma = get(mutate(t, "updateMembership", "UpdateMembershipInput", map[string]any{"id": memA, "role": nil, "validTo": "2024-12-31"}, memSel), "membership")
	if get(ma, "role") != nil || get(ma, "validTo") != "2024-12-31" || get(ma, "validFrom") != "2020-01-01" || get(ma, "source") != "e2e test" {
		t.Errorf("updated membership = %v", ma)
	}
	r = mustPost(t, members, map[string]any{"id": id, "a": a, "day": "2025-01-01"})
	if n := count(get(r, "network", "memberships", "edges")); n != 0 {
		t.Errorf("memberships after the end = %v", nodeIDs(get(r, "network", "memberships")))
	}
	mutateErr(t, "updateMembership", "UpdateMembershipInput", map[string]any{"id": memA, "validTo": "2019-01-01"}, "BAD_USER_INPUT", "input.validTo")
	mutateErr(t, "updateMembership", "UpdateMembershipInput", map[string]any{"id": "mem_" + uniq("missing"), "role": "x"}, "NOT_FOUND", "")
	mutateErr(t, "addMembership", "AddMembershipInput", map[string]any{"actor": a, "network": "net_" + uniq("missing")}, "BAD_USER_INPUT", "input.network")

	// Update the network: lists replace, null clears, omitted stays.
	n = get(mutate(t, "updateNetwork", "UpdateNetworkInput", map[string]any{
		"id": id, "name": "E2E Kiezrunde Nord", "neighbourhoods": []string{nbhHafenviertel, nbhBahnhofsviertel}, "description": nil,
	}, sel), "network")
	if get(n, "name") != "E2E Kiezrunde Nord" || get(n, "kind") != "ROUND_TABLE" || get(n, "description") != nil || get(n, "validFrom") != "2020-01-01" ||
		get(n, "externalKey") != key || !sameSet(idsOf(get(n, "neighbourhoods")), []string{nbhHafenviertel, nbhBahnhofsviertel}) {
		t.Errorf("updated network = %v", n)
	}
	for _, tc := range []struct {
		nbh  string
		want bool
	}{{nbhHafenviertel, true}, {nbhNord, true}, {seed.CityID, true}, {nbhLindenpark, false}} {
		r := mustPost(t, `query($n: ID) { networks(first: 100, filter: {neighbourhood: $n, nameContains: "e2e kiezrunde nord"}) { edges { node { id } } } }`, map[string]any{"n": tc.nbh})
		if got := slices.Contains(nodeIDs(get(r, "networks")), id); got != tc.want {
			t.Errorf("networks(filter: {neighbourhood: %s}) lists the network: %v, want %v", tc.nbh, got, tc.want)
		}
	}
	n = get(mutate(t, "updateNetwork", "UpdateNetworkInput", map[string]any{"id": id, "neighbourhoods": nil, "kind": "THEMATIC"}, sel), "network")
	if count(get(n, "neighbourhoods")) != 0 || get(n, "kind") != "THEMATIC" || get(n, "name") != "E2E Kiezrunde Nord" {
		t.Errorf("network after neighbourhoods: null = %v", n)
	}

	if effects := remove(t, "removeMembership", memB); len(effects) != 0 {
		t.Errorf("removeMembership effects = %v", effects)
	}
	removeErr(t, "removeMembership", memB, "NOT_FOUND")
	r = mustPost(t, members, map[string]any{"id": id, "a": a, "day": "2021-06-01"})
	if got := nodeIDs(get(r, "network", "memberships")); !slices.Equal(got, []string{memA}) {
		t.Errorf("memberships after removeMembership = %v", got)
	}

	// Deleting the network removes its memberships and detaches its events.
	evt := str(get(mutate(t, "createEvent", "CreateEventInput", map[string]any{
		"name": "E2E Sitzung", "kind": "NETWORK_MEETING", "date": "2021-05-05", "network": id, "participants": []string{a},
	}, "event { id }"), "event", "id"))
	cleanup(t, "deleteEvent", evt)
	effects := remove(t, "deleteNetwork", id)
	if effect(effects, "memberships removed") != 1 || effect(effects, "events detached") != 1 {
		t.Errorf("deleteNetwork effects = %v, want 1 membership removed and 1 event detached", effects)
	}
	r = mustPost(t, `query($id: ID!, $e: ID!, $a: ID!) { network(id: $id) { id } node(id: $id) { id }
	  event(id: $e) { id network { id } participants { totalCount } } actor(id: $a) { memberships(asOf: "2021-06-01") { totalCount } } }`,
		map[string]any{"id": id, "e": evt, "a": a})
	if r["network"] != nil || r["node"] != nil || get(r, "event", "id") != evt || get(r, "event", "network") != nil ||
		num(get(r, "event", "participants", "totalCount")) != 1 || num(get(r, "actor", "memberships", "totalCount")) != 0 {
		t.Errorf("after deleteNetwork: %v", r)
	}
	removeErr(t, "deleteNetwork", id, "NOT_FOUND")
}

// eventsOf returns the ids of the events of an actor and of a network.
func eventsOf(t *testing.T, actor, network string) (ofActor, ofNetwork []string) {
	t.Helper()
	d := mustPost(t, `query($a: ID!, $n: ID!) { actor(id: $a) { events(first: 100) { edges { node { id } } } }
	  network(id: $n) { events(first: 100) { edges { node { id } } } } }`, map[string]any{"a": actor, "n": network})
	return nodeIDs(get(d, "actor", "events")), nodeIDs(get(d, "network", "events"))
}

// TestEventLifecycle creates an event with organiser, participants, place
// and network, changes each link and deletes it.
func TestEventLifecycle(t *testing.T) {
	a, b, c := newActor(t, "Quartiersbüro"), newActor(t, "Kita Sonnenschein"), newActor(t, "Moscheegemeinde")
	net := newNetwork(t, nbhLindenpark)
	const sel = `event { id name kind date description externalKey organiser { id } neighbourhood { id } network { id }
	  participants { totalCount edges { node { id } } } }`
	key := "e2e:" + uniq("event")
	e := get(mutate(t, "createEvent", "CreateEventInput", map[string]any{
		"name": "E2E Kiezkonferenz", "kind": "DISTRICT_CONFERENCE", "date": "2025-03-14", "description": "Jahreskonferenz",
		"organiser": a, "neighbourhood": nbhLindenpark, "network": net, "participants": []string{b, c}, "externalKey": key,
	}, sel), "event")
	id := str(get(e, "id"))
	cleanup(t, "deleteEvent", id)
	if !strings.HasPrefix(id, "evt_") || get(e, "organiser", "id") != a || get(e, "neighbourhood", "id") != nbhLindenpark ||
		get(e, "network", "id") != net || !sameSet(nodeIDs(get(e, "participants")), []string{b, c}) || get(e, "date") != "2025-03-14" {
		t.Fatalf("created event = %v", e)
	}
	r := mustPost(t, `query($id: ID!) { event(id: $id) { id name } node(id: $id) { __typename id ... on Event { date kind } } }`, map[string]any{"id": id})
	if get(r, "event", "name") != "E2E Kiezkonferenz" || get(r, "node", "__typename") != "Event" || get(r, "node", "date") != "2025-03-14" {
		t.Errorf("read event = %v", r)
	}
	for _, x := range []string{a, b, c} {
		ofActor, ofNet := eventsOf(t, x, net)
		if !slices.Equal(ofActor, []string{id}) || !slices.Equal(ofNet, []string{id}) {
			t.Errorf("events of %s = %v, of the network = %v; want [%s]", x, ofActor, ofNet, id)
		}
	}

	// Null clears the organiser; participants replace; the rest stays.
	e = get(mutate(t, "updateEvent", "UpdateEventInput", map[string]any{
		"id": id, "organiser": nil, "participants": []string{c, a}, "description": nil,
	}, sel), "event")
	if get(e, "organiser") != nil || !sameSet(nodeIDs(get(e, "participants")), []string{a, c}) || get(e, "description") != nil ||
		get(e, "name") != "E2E Kiezkonferenz" || get(e, "date") != "2025-03-14" || get(e, "kind") != "DISTRICT_CONFERENCE" ||
		get(e, "neighbourhood", "id") != nbhLindenpark || get(e, "network", "id") != net || get(e, "externalKey") != key {
		t.Errorf("event after organiser: null = %v", e)
	}
	if ofB, _ := eventsOf(t, b, net); len(ofB) != 0 {
		t.Errorf("events of the dropped participant = %v", ofB)
	}
	if ofA, _ := eventsOf(t, a, net); !slices.Equal(ofA, []string{id}) {
		t.Errorf("events of the former organiser, now a participant = %v", ofA)
	}
	e = get(mutate(t, "updateEvent", "UpdateEventInput", map[string]any{
		"id": id, "network": nil, "neighbourhood": nbhHafenviertel, "date": "2025-04-01", "organiser": b, "name": "E2E Kiezkonferenz 2025",
	}, sel), "event")
	if get(e, "network") != nil || get(e, "neighbourhood", "id") != nbhHafenviertel || get(e, "date") != "2025-04-01" ||
		get(e, "organiser", "id") != b || num(get(e, "participants", "totalCount")) != 2 || get(e, "name") != "E2E Kiezkonferenz 2025" {
		t.Errorf("event after moving it = %v", e)
	}
	ofB, ofNet := eventsOf(t, b, net)
	if !slices.Equal(ofB, []string{id}) || len(ofNet) != 0 {
		t.Errorf("after moving: events of the new organiser = %v, of the old network = %v", ofB, ofNet)
	}
	r = mustPost(t, `{ events(first: 100, filter: {nameContains: "kiezkonferenz 2025"}) { edges { node { id } } } }`, nil)
	if got := nodeIDs(get(r, "events")); !slices.Equal(got, []string{id}) {
		t.Errorf("renamed event not found by its new name: %v", got)
	}
	e = get(mutate(t, "updateEvent", "UpdateEventInput", map[string]any{"id": id, "participants": []string{}, "neighbourhood": nil}, sel), "event")
	if num(get(e, "participants", "totalCount")) != 0 || get(e, "neighbourhood") != nil || get(e, "organiser", "id") != b {
		t.Errorf("event after participants: [] = %v", e)
	}
	mutateErr(t, "updateEvent", "UpdateEventInput", map[string]any{"id": id, "date": nil}, "BAD_USER_INPUT", "input.date")
	mutateErr(t, "updateEvent", "UpdateEventInput", map[string]any{"id": id, "organiser": "act_" + uniq("missing")}, "BAD_USER_INPUT", "input.organiser")
	mutateErr(t, "updateEvent", "UpdateEventInput", map[string]any{"id": id, "participants": []string{a, "act_" + uniq("missing")}}, "BAD_USER_INPUT", "input.participants")
	mutateErr(t, "updateEvent", "UpdateEventInput", map[string]any{"id": "evt_" + uniq("missing"), "name": "X"}, "NOT_FOUND", "")

	if effects := remove(t, "deleteEvent", id); len(effects) != 0 {
		t.Errorf("deleteEvent effects = %v", effects)
	}
	r = mustPost(t, `query($id: ID!) { event(id: $id) { id } node(id: $id) { id } }`, map[string]any{"id": id})
	if r["event"] != nil || r["node"] != nil {
		t.Errorf("deleted event still there: %v", r)
	}
	if ofB, _ := eventsOf(t, b, net); len(ofB) != 0 {
		t.Errorf("events of the organiser after deleteEvent = %v", ofB)
	}
	removeErr(t, "deleteEvent", id, "NOT_FOUND")
}

// TestVocabularyLifecycle adds a target group and a topic, relabels them,
// and deletes them once no service or need uses them.
func TestVocabularyLifecycle(t *testing.T) {
	provider := newActor(t, "Träger", nbhLindenpark)
	for _, kind := range []string{"TargetGroup", "Topic"} {
		t.Run(kind, func(t *testing.T) {
			payload := strings.ToLower(kind[:1]) + kind[1:]
			list := payload + "s"
			sel := payload + ` { id code labelDe labelEn description externalKey source lastConfirmed }`
			code := strings.ToUpper(strings.ReplaceAll(uniq("voc"), "-", "_"))
			key := "e2e:" + uniq("voc")
			v := get(mutate(t, "create"+kind, "Create"+kind+"Input", map[string]any{
				"code": code, "labelDe": "Testgruppe Ä", "labelEn": "test group", "description": "nur für Tests",
				"externalKey": key, "record": map[string]any{"source": "e2e test", "lastConfirmed": "2026-01-01"},
			}, sel), payload)
			id := str(get(v, "id"))
			cleanup(t, "delete"+kind, id)
			prefix := map[string]string{"TargetGroup": "tg_", "Topic": "top_"}[kind]
			if !strings.HasPrefix(id, prefix) || get(v, "code") != code || get(v, "externalKey") != key || get(v, "lastConfirmed") != "2026-01-01" {
				t.Fatalf("created %s = %v", kind, v)
			}
			r := mustPost(t, fmt.Sprintf(`query($id: ID!) { %s { id code } node(id: $id) { __typename id ... on %s { code labelDe } } }`, list, kind), map[string]any{"id": id})
			if !slices.Contains(idsOf(get(r, list)), id) || get(r, "node", "__typename") != kind || get(r, "node", "code") != code {
				t.Errorf("read %s = %v", kind, get(r, "node"))
			}
			v = get(mutate(t, "update"+kind, "Update"+kind+"Input", map[string]any{"id": id, "labelDe": "Testgruppe Ö", "description": nil}, sel), payload)
			if get(v, "labelDe") != "Testgruppe Ö" || get(v, "labelEn") != "test group" || get(v, "description") != nil ||
				get(v, "code") != code || get(v, "externalKey") != key || get(v, "source") != "e2e test" {
				t.Errorf("updated %s = %v", kind, v)
			}
			mutateErr(t, "update"+kind, "Update"+kind+"Input", map[string]any{"id": id, "labelEn": nil}, "BAD_USER_INPUT", "input.labelEn")
			mutateErr(t, "update"+kind, "Update"+kind+"Input", map[string]any{"id": prefix + uniq("missing"), "labelEn": "x"}, "NOT_FOUND", "")
			mutateErr(t, "create"+kind, "Create"+kind+"Input", map[string]any{"code": code, "labelDe": "x", "labelEn": "x"}, "CONFLICT", "")

			// In use by a service, then by a need: CONFLICT, and nothing deleted.
			tg, topic := tgChildren, topEducation
			if kind == "TargetGroup" {
				tg = id
			} else {
				topic = id
			}
			svc := newService(t, provider, tg, topic, nbhLindenpark, nil)
			removeErr(t, "delete"+kind, id, "CONFLICT")
			remove(t, "deleteService", svc)
			need := str(get(mutate(t, "createNeed", "CreateNeedInput", map[string]any{
				"targetGroup": tg, "topic": topic, "neighbourhood": nbhLindenpark, "severity": "LOW",
			}, "need { id }"), "need", "id"))
			cleanup(t, "deleteNeed", need)
			removeErr(t, "delete"+kind, id, "CONFLICT")
			r = mustPost(t, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id})
			if get(r, "node", "id") != id {
				t.Fatalf("%s in use was deleted", kind)
			}
			remove(t, "deleteNeed", need)

			if effects := remove(t, "delete"+kind, id); len(effects) != 0 {
				t.Errorf("delete%s effects = %v", kind, effects)
			}
			r = mustPost(t, fmt.Sprintf(`query($id: ID!) { %s { id } node(id: $id) { id } }`, list), map[string]any{"id": id})
			if r["node"] != nil || slices.Contains(idsOf(get(r, list)), id) {
				t.Errorf("deleted %s still there", kind)
			}
			removeErr(t, "delete"+kind, id, "NOT_FOUND")
		})
	}
}

// walk fetches every page of the root connection field (100 per page)
// and returns its nodes in order; query takes $first, $after and whatever
// vars holds.
func walk(t *testing.T, query, field string, vars map[string]any) []any {
	t.Helper()
	v := map[string]any{"first": 100}
	for k, x := range vars {
		v[k] = x
	}
	var nodes []any
	for page := 0; ; page++ {
		d := mustPost(t, query, v)
		conn := get(d, field)
		for i := 0; i < count(get(conn, "edges")); i++ {
			nodes = append(nodes, get(conn, "edges", i, "node"))
		}
		if next, _ := get(conn, "pageInfo", "hasNextPage").(bool); !next {
			if len(nodes) != num(get(conn, "totalCount")) {
				t.Fatalf("%s: %d nodes on all pages, totalCount %v", field, len(nodes), get(conn, "totalCount"))
			}
			return nodes
		}
		if page > 50 {
			t.Fatalf("%s: more than 50 pages", field)
		}
		v["after"] = get(conn, "pageInfo", "endCursor")
	}
}

// filterCase is one filter of a root list and what it means, as a
// predicate over the nodes of the unfiltered list.
type filterCase struct {
	name   string
	filter map[string]any
	vars   map[string]any // further variables of the query, e.g. a day nested fields need
	keep   func(node any) bool
}

// lister returns a whole list, walking its pages; vars holds the filter
// and any further variables of its query.
type lister func(t *testing.T, vars map[string]any) []any

// rootList lists the root connection field with query.
func rootList(query, field string) lister {
	return func(t *testing.T, vars map[string]any) []any {
		t.Helper()
		return walk(t, query, field, vars)
	}
}

// checkFilters lists what list yields without and with each filter and
// requires the filtered list to be exactly the unfiltered one with the
// nodes keep refuses left out, in the same order; and the filter must
// neither match nothing nor everything, so that the check is not vacuous.
func checkFilters(t *testing.T, what string, list lister, cases []filterCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			all := list(t, tc.vars)
			vars := map[string]any{"filter": tc.filter}
			for k, v := range tc.vars {
				vars[k] = v
			}
			got := idsOfNodes(list(t, vars))
			var want []string
			for _, n := range all {
				if tc.keep(n) {
					want = append(want, str(get(n, "id")))
				}
			}
			if len(want) == 0 {
				t.Fatalf("no %s in the unfiltered list match %v: the check is vacuous", what, tc.filter)
			}
			if len(want) == len(all) {
				t.Fatalf("every one of the %d %s matches %v: the check is vacuous", len(all), what, tc.filter)
			}
			if !slices.Equal(got, want) {
				var extra, missing []string
				for _, id := range got {
					if !slices.Contains(want, id) {
						extra = append(extra, id)
					}
				}
				for _, id := range want {
					if !slices.Contains(got, id) {
						missing = append(missing, id)
					}
				}
				t.Errorf("%s(filter: %v): %d results, want %d; not matching the filter: %v; missing: %v (order differs if both are empty)",
					what, tc.filter, len(got), len(want), extra, missing)
			}
		})
	}
}

func idsOfNodes(nodes []any) []string {
	out := []string{}
	for _, n := range nodes {
		out = append(out, str(get(n, "id")))
	}
	return out
}

// ancestorsOf returns a neighbourhood's enclosing neighbourhoods.
func ancestorsOf(t *testing.T, id string) []string {
	t.Helper()
	d := mustPost(t, `query($id: ID!) { neighbourhood(id: $id) { ancestors { id } } }`, map[string]any{"id": id})
	return idsOf(get(d, "neighbourhood", "ancestors"))
}

// inside reports whether the neighbourhood object nbh (with ancestors) is
// x or lies inside x.
func inside(nbh any, x string) bool {
	return get(nbh, "id") == x || slices.Contains(idsOf(get(nbh, "ancestors")), x)
}

// reaches reports whether one of the neighbourhood objects (with
// ancestors) is x, lies inside x, or encloses x (whose ancestors are xAnc).
func reaches(nbhs any, x string, xAnc []string) bool {
	for i := 0; i < count(nbhs); i++ {
		n := get(nbhs, i)
		if inside(n, x) || slices.Contains(xAnc, str(get(n, "id"))) {
			return true
		}
	}
	return false
}

// validOn reports whether the span of node holds on day (ISO dates
// compare as strings).
func validOn(node any, day string) bool {
	from, to := str(get(node, "validFrom")), str(get(node, "validTo"))
	return (from == "" || from <= day) && (to == "" || to >= day)
}

func confirmedBefore(node any, day string) bool {
	lc := str(get(node, "lastConfirmed"))
	return lc == "" || lc < day
}

func hasID(list any, id string) bool { return slices.Contains(idsOf(list), id) }

func TestNeighbourhoodsFilters(t *testing.T) {
	const q = `query($first: Int, $after: String, $filter: NeighbourhoodFilter) {
	  neighbourhoods(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
	    edges { node { id name level quarterManagement lastConfirmed ancestors { id } } } } }`
	foldedContains := func(s string) func(any) bool {
		return func(n any) bool { return strings.Contains(fold(str(get(n, "name"))), fold(s)) }
	}
	checkFilters(t, "neighbourhoods", rootList(q, "neighbourhoods"), []filterCase{
		{"levels quarter", map[string]any{"levels": []string{"QUARTER"}}, nil, func(n any) bool { return get(n, "level") == "QUARTER" }},
		{"levels city and district", map[string]any{"levels": []string{"CITY", "DISTRICT"}}, nil, func(n any) bool {
			return get(n, "level") == "CITY" || get(n, "level") == "DISTRICT"
		}},
		{"within district", map[string]any{"within": nbhNord}, nil, func(n any) bool { return hasID(get(n, "ancestors"), nbhNord) }},
		{"within city excludes the city", map[string]any{"within": seed.CityID}, nil, func(n any) bool { return hasID(get(n, "ancestors"), seed.CityID) }},
		{"quarter management", map[string]any{"quarterManagement": true}, nil, func(n any) bool { return get(n, "quarterManagement") == true }},
		{"no quarter management", map[string]any{"quarterManagement": false}, nil, func(n any) bool { return get(n, "quarterManagement") == false }},
		{"nameContains ue finds ü", map[string]any{"nameContains": "ue"}, nil, foldedContains("ue")},
		{"nameContains HÖHE", map[string]any{"nameContains": "HÖHE"}, nil, foldedContains("höhe")},
		{"nameContains hoehe", map[string]any{"nameContains": "hoehe"}, nil, foldedContains("hoehe")},
		{"combined", map[string]any{"levels": []string{"QUARTER"}, "within": nbhMitte, "quarterManagement": true}, nil, func(n any) bool {
			return get(n, "level") == "QUARTER" && hasID(get(n, "ancestors"), nbhMitte) && get(n, "quarterManagement") == true
		}},
	})
	// The folding is what finds these: their names hold no "ue".
	d := mustPost(t, `{ neighbourhoods(first: 100, filter: {nameContains: "ue"}) { edges { node { name } } } }`, nil)
	var umlaut []string
	for i := 0; i < count(get(d, "neighbourhoods", "edges")); i++ {
		if name := str(get(d, "neighbourhoods", "edges", i, "node", "name")); strings.Contains(name, "ü") {
			umlaut = append(umlaut, name)
		}
	}
	if !slices.Contains(umlaut, "Süd") || !slices.Contains(umlaut, "Lindenbrück") {
		t.Errorf("nameContains \"ue\" found these names with ü: %v, want Süd and Lindenbrück among them", umlaut)
	}
}

func TestServicesFilters(t *testing.T) {
	const q = `query($first: Int, $after: String, $filter: ServiceFilter) {
	  services(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
	    edges { node { id validFrom validTo lastConfirmed provider { id } targetGroups { id } topics { id }
	      neighbourhoods { id level ancestors { id } } } } } }`
	lindenparkAnc, nordAnc := ancestorsOf(t, nbhLindenpark), ancestorsOf(t, nbhNord)
	checkFilters(t, "services", rootList(q, "services"), []filterCase{
		{"provider", map[string]any{"provider": seed.SeniorProviderID}, nil, func(n any) bool { return get(n, "provider", "id") == seed.SeniorProviderID }},
		{"targetGroup", map[string]any{"targetGroup": tgSeniors}, nil, func(n any) bool { return hasID(get(n, "targetGroups"), tgSeniors) }},
		{"topic", map[string]any{"topic": topEducation}, nil, func(n any) bool { return hasID(get(n, "topics"), topEducation) }},
		{"neighbourhood quarter", map[string]any{"neighbourhood": nbhLindenpark}, nil, func(n any) bool {
			return reaches(get(n, "neighbourhoods"), nbhLindenpark, lindenparkAnc)
		}},
		{"neighbourhood district", map[string]any{"neighbourhood": nbhNord}, nil, func(n any) bool {
			return reaches(get(n, "neighbourhoods"), nbhNord, nordAnc)
		}},
		{"asOf today", map[string]any{"asOf": seed.ReferenceDay}, nil, func(n any) bool { return validOn(n, seed.ReferenceDay) }},
		{"asOf 2022", map[string]any{"asOf": "2022-06-01"}, nil, func(n any) bool { return validOn(n, "2022-06-01") }},
		{"confirmedBefore", map[string]any{"confirmedBefore": seed.StaleBefore}, nil, func(n any) bool { return confirmedBefore(n, seed.StaleBefore) }},
		{"targetGroup, topic, district and asOf", map[string]any{"targetGroup": tgChildren, "topic": topEducation, "neighbourhood": nbhNord, "asOf": seed.ReferenceDay}, nil,
			func(n any) bool {
				return hasID(get(n, "targetGroups"), tgChildren) && hasID(get(n, "topics"), topEducation) &&
					reaches(get(n, "neighbourhoods"), nbhNord, nordAnc) && validOn(n, seed.ReferenceDay)
			}},
	})
	// A quarter is reached by district-wide and city-wide services too.
	nodes := walk(t, q, "services", map[string]any{"filter": map[string]any{"neighbourhood": nbhLindenpark}})
	levels := map[string]bool{}
	for _, n := range nodes {
		for i := 0; i < count(get(n, "neighbourhoods")); i++ {
			if nb := get(n, "neighbourhoods", i); get(nb, "id") == nbhNord || get(nb, "id") == seed.CityID {
				levels[str(get(nb, "level"))] = true
			}
		}
	}
	if !levels["DISTRICT"] {
		t.Errorf("no service available in the district Nord reaches its quarter Lindenpark (levels seen: %v)", levels)
	}
	// The nested list agrees with the root filter.
	d := mustPost(t, `query($id: ID!) { neighbourhood(id: $id) { services(first: 100) { totalCount edges { node { id } } } } }`, map[string]any{"id": nbhLindenpark})
	if got := nodeIDs(get(d, "neighbourhood", "services")); !slices.Equal(got, idsOfNodes(nodes)) {
		t.Errorf("Neighbourhood.services = %d services, services(filter: {neighbourhood}) = %d", len(got), len(nodes))
	}
}

// severityRank mirrors the order of the Severity enum.
var severityRank = map[string]int{"LOW": 1, "MEDIUM": 2, "HIGH": 3, "CRITICAL": 4}

func TestNeedsFilters(t *testing.T) {
	const q = `query($first: Int, $after: String, $filter: NeedFilter) {
	  needs(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
	    edges { node { id severity validFrom validTo lastConfirmed targetGroup { id } topic { id }
	      neighbourhood { id ancestors { id } } } } } }`
	checkFilters(t, "needs", rootList(q, "needs"), []filterCase{
		{"minSeverity HIGH", map[string]any{"minSeverity": "HIGH"}, nil, func(n any) bool { return severityRank[str(get(n, "severity"))] >= 3 }},
		{"minSeverity CRITICAL", map[string]any{"minSeverity": "CRITICAL"}, nil, func(n any) bool { return get(n, "severity") == "CRITICAL" }},
		{"neighbourhood district with its quarters", map[string]any{"neighbourhood": nbhNord}, nil, func(n any) bool { return inside(get(n, "neighbourhood"), nbhNord) }},
		{"neighbourhood quarter", map[string]any{"neighbourhood": nbhLindenpark}, nil, func(n any) bool { return inside(get(n, "neighbourhood"), nbhLindenpark) }},
		{"targetGroup", map[string]any{"targetGroup": tgChildren}, nil, func(n any) bool { return get(n, "targetGroup", "id") == tgChildren }},
		{"topic", map[string]any{"topic": topEducation}, nil, func(n any) bool { return get(n, "topic", "id") == topEducation }},
		{"asOf 2023", map[string]any{"asOf": "2023-06-01"}, nil, func(n any) bool { return validOn(n, "2023-06-01") }},
		{"confirmedBefore", map[string]any{"confirmedBefore": seed.StaleBefore}, nil, func(n any) bool { return confirmedBefore(n, seed.StaleBefore) }},
		{"minSeverity and district", map[string]any{"minSeverity": "HIGH", "neighbourhood": nbhMitte}, nil, func(n any) bool {
			return severityRank[str(get(n, "severity"))] >= 3 && inside(get(n, "neighbourhood"), nbhMitte)
		}},
	})
}

func TestNeedsOrderBySeverity(t *testing.T) {
	const q = `query($first: Int, $after: String, $order: NeedOrder) {
	  needs(first: $first, after: $after, orderBy: $order) { totalCount pageInfo { hasNextPage endCursor } edges { node { id severity } } } }`
	def := walk(t, q, "needs", nil)
	desc := walk(t, q, "needs", map[string]any{"order": map[string]any{"field": "SEVERITY", "direction": "DESC"}})
	asc := walk(t, q, "needs", map[string]any{"order": map[string]any{"field": "SEVERITY", "direction": "ASC"}})
	if !slices.Equal(idsOfNodes(def), idsOfNodes(desc)) {
		t.Error("the default order of needs is not SEVERITY DESC")
	}
	if !sameSet(idsOfNodes(asc), idsOfNodes(desc)) {
		t.Fatal("ASC and DESC list different needs")
	}
	seen := map[string]bool{}
	for _, tc := range []struct {
		name  string
		nodes []any
		dir   int
	}{{"DESC", desc, -1}, {"ASC", asc, 1}} {
		for i := 1; i < len(tc.nodes); i++ {
			prev, cur := tc.nodes[i-1], tc.nodes[i]
			rp, rc := severityRank[str(get(prev, "severity"))], severityRank[str(get(cur, "severity"))]
			if (rc-rp)*tc.dir < 0 {
				t.Errorf("%s: %v (%v) after %v (%v)", tc.name, get(cur, "id"), get(cur, "severity"), get(prev, "id"), get(prev, "severity"))
			}
			if rc == rp && str(get(cur, "id")) < str(get(prev, "id")) {
				t.Errorf("%s: equal severity not ordered by id: %v after %v", tc.name, get(cur, "id"), get(prev, "id"))
			}
			seen[str(get(cur, "severity"))] = true
		}
	}
	if len(seen) < 2 {
		t.Errorf("demo needs have severities %v; the order check is vacuous", seen)
	}
}

func TestPeopleFilters(t *testing.T) {
	const q = `query($first: Int, $after: String, $filter: PersonFilter, $day: Date) {
	  people(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
	    edges { node { id name roles(asOf: $day, first: 100) { totalCount edges { node { actor { id } } } } } } } }`
	hasRoleAt := func(actor string) func(any) bool {
		return func(n any) bool {
			for i := 0; i < count(get(n, "roles", "edges")); i++ {
				if get(n, "roles", "edges", i, "node", "actor", "id") == actor {
					return true
				}
			}
			return false
		}
	}
	hasRole := func(n any) bool { return num(get(n, "roles", "totalCount")) > 0 }
	// The lost key actor's people worked there until funding ended.
	checkFilters(t, "people", rootList(q, "people"), []filterCase{
		{"actor on a day", map[string]any{"actor": seed.LostKeyActorID, "asOf": seed.KeyActorCentralDay}, map[string]any{"day": seed.KeyActorCentralDay}, hasRoleAt(seed.LostKeyActorID)},
		{"actor today", map[string]any{"actor": seed.BrokerSchoolID, "asOf": seed.ReferenceDay}, map[string]any{"day": seed.ReferenceDay}, hasRoleAt(seed.BrokerSchoolID)},
		{"asOf today", map[string]any{"asOf": seed.ReferenceDay}, map[string]any{"day": seed.ReferenceDay}, hasRole},
		{"asOf 2024", map[string]any{"asOf": seed.KeyActorCentralDay}, map[string]any{"day": seed.KeyActorCentralDay}, hasRole},
		{"nameContains", map[string]any{"nameContains": "ER"}, map[string]any{"day": seed.ReferenceDay}, func(n any) bool {
			return strings.Contains(fold(str(get(n, "name"))), "er")
		}},
	})
	// Without asOf the actor filter also finds those who have left.
	d := mustPost(t, `query($a: ID!, $day: Date) { all: people(first: 100, filter: {actor: $a}) { edges { node { id } } }
	  today: people(first: 100, filter: {actor: $a, asOf: $day}) { edges { node { id } } } }`,
		map[string]any{"a": seed.LostKeyActorID, "day": seed.ReferenceDay})
	if all, today := nodeIDs(get(d, "all")), nodeIDs(get(d, "today")); len(all) == 0 || len(today) != 0 {
		t.Errorf("people of the lost key actor: %v in all, %v today; want some, none", all, today)
	}
}

func TestCooperationsFilters(t *testing.T) {
	// Each end is asked in a query of its own, and the neighbourhoods of
	// the actors come from the actor list: asking for fields of both ends
	// at once trips the loader (see TestBatchedFieldsOfManyCooperationLists).
	const q = `query($first: Int, $after: String, $filter: CooperationFilter) {
	  cooperations(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
	    edges { node { id kind validFrom validTo lastConfirmed %s { id } } } } }`
	list := func(t *testing.T, vars map[string]any) []any {
		t.Helper()
		froms := walk(t, fmt.Sprintf(q, "from"), "cooperations", vars)
		tos := walk(t, fmt.Sprintf(q, "to"), "cooperations", vars)
		if len(froms) != len(tos) {
			t.Fatalf("%d cooperations with their from end, %d with their to end", len(froms), len(tos))
		}
		for i, n := range froms {
			if get(n, "id") != get(tos[i], "id") {
				t.Fatalf("cooperations in another order the second time: %v, %v", get(n, "id"), get(tos[i], "id"))
			}
			n.(map[string]any)["to"] = get(tos[i], "to")
		}
		return froms
	}
	// Where each actor is active, enclosing neighbourhoods included.
	places := map[string][]string{}
	for _, a := range walk(t, `query($first: Int, $after: String) { actors(first: $first, after: $after) {
	  totalCount pageInfo { hasNextPage endCursor } edges { node { id neighbourhoods { id ancestors { id } } } } } }`, "actors", nil) {
		for i := 0; i < count(get(a, "neighbourhoods")); i++ {
			nb := get(a, "neighbourhoods", i)
			places[str(get(a, "id"))] = append(places[str(get(a, "id"))], append(idsOf(get(nb, "ancestors")), str(get(nb, "id")))...)
		}
	}
	activeIn := func(n any, end, x string) bool { return slices.Contains(places[str(get(n, end, "id"))], x) }
	of := func(n any, a string) bool { return get(n, "from", "id") == a || get(n, "to", "id") == a }
	checkFilters(t, "cooperations", list, []filterCase{
		{"kinds", map[string]any{"kinds": []string{"FUNDING", "REFERRAL"}}, nil, func(n any) bool { return get(n, "kind") == "FUNDING" || get(n, "kind") == "REFERRAL" }},
		{"actor from both ends", map[string]any{"actor": seed.BrokerSchoolID}, nil, func(n any) bool { return of(n, seed.BrokerSchoolID) }},
		{"neighbourhood quarter", map[string]any{"neighbourhood": nbhLindenpark}, nil, func(n any) bool {
			return activeIn(n, "from", nbhLindenpark) && activeIn(n, "to", nbhLindenpark)
		}},
		{"neighbourhood district", map[string]any{"neighbourhood": nbhNord}, nil, func(n any) bool {
			return activeIn(n, "from", nbhNord) && activeIn(n, "to", nbhNord)
		}},
		{"asOf today", map[string]any{"asOf": seed.ReferenceDay}, nil, func(n any) bool { return validOn(n, seed.ReferenceDay) }},
		{"asOf 2024", map[string]any{"asOf": seed.KeyActorCentralDay}, nil, func(n any) bool { return validOn(n, seed.KeyActorCentralDay) }},
		{"confirmedBefore", map[string]any{"confirmedBefore": seed.StaleBefore}, nil, func(n any) bool { return confirmedBefore(n, seed.StaleBefore) }},
		{"actor, kinds and asOf", map[string]any{"actor": seed.LostKeyActorID, "kinds": []string{"FUNDING", "JOINT_PROJECT"}, "asOf": seed.KeyActorCentralDay}, nil, func(n any) bool {
			return of(n, seed.LostKeyActorID) && (get(n, "kind") == "FUNDING" || get(n, "kind") == "JOINT_PROJECT") && validOn(n, seed.KeyActorCentralDay)
		}},
	})
	// The actor filter sees cooperations from either end.
	d := mustPost(t, `query($a: ID) { cooperations(first: 100, filter: {actor: $a}) { edges { node { from { id } } } } }`, map[string]any{"a": seed.BrokerSchoolID})
	ends := map[bool]int{}
	for i := 0; i < count(get(d, "cooperations", "edges")); i++ {
		ends[get(d, "cooperations", "edges", i, "node", "from", "id") == seed.BrokerSchoolID]++
	}
	if ends[true] == 0 || ends[false] == 0 {
		t.Errorf("the broker school's cooperations start from it %d times and end at it %d times; want both", ends[true], ends[false])
	}
}

func TestNetworksFilters(t *testing.T) {
	const q = `query($first: Int, $after: String, $filter: NetworkFilter) {
	  networks(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
	    edges { node { id name kind validFrom validTo neighbourhoods { id ancestors { id } } } } } }`
	lindenparkAnc, mitteAnc := ancestorsOf(t, nbhLindenpark), ancestorsOf(t, nbhMitte)
	checkFilters(t, "networks", rootList(q, "networks"), []filterCase{
		{"kinds", map[string]any{"kinds": []string{"ROUND_TABLE", "WORKING_GROUP"}}, nil, func(n any) bool {
			return get(n, "kind") == "ROUND_TABLE" || get(n, "kind") == "WORKING_GROUP"
		}},
		{"neighbourhood quarter: covering it or enclosing it", map[string]any{"neighbourhood": nbhLindenpark}, nil, func(n any) bool {
			return reaches(get(n, "neighbourhoods"), nbhLindenpark, lindenparkAnc)
		}},
		{"neighbourhood district: covering it, inside or enclosing it", map[string]any{"neighbourhood": nbhMitte}, nil, func(n any) bool {
			return reaches(get(n, "neighbourhoods"), nbhMitte, mitteAnc)
		}},
		{"nameContains folded", map[string]any{"nameContains": "AELTER"}, nil, func(n any) bool { return strings.Contains(fold(str(get(n, "name"))), "aelter") }},
		{"asOf", map[string]any{"asOf": "2013-01-01"}, nil, func(n any) bool { return validOn(n, "2013-01-01") }},
		{"kinds and neighbourhood", map[string]any{"kinds": []string{"PREVENTION_CHAIN", "THEMATIC"}, "neighbourhood": nbhLindenpark}, nil, func(n any) bool {
			k := get(n, "kind")
			return (k == "PREVENTION_CHAIN" || k == "THEMATIC") && reaches(get(n, "neighbourhoods"), nbhLindenpark, lindenparkAnc)
		}},
	})
}

func TestEventsFilters(t *testing.T) {
	const q = `query($first: Int, $after: String, $filter: EventFilter) {
	  events(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
	    edges { node { id kind date organiser { id } network { id } neighbourhood { id ancestors { id } }
	      participants(first: 100) { edges { node { id } } } } } } }`
	took := func(a string) func(any) bool {
		return func(n any) bool {
			return get(n, "organiser", "id") == a || slices.Contains(nodeIDs(get(n, "participants")), a)
		}
	}
	between := func(from, to string) func(any) bool {
		return func(n any) bool {
			d := str(get(n, "date"))
			return (from == "" || d >= from) && (to == "" || d <= to)
		}
	}
	checkFilters(t, "events", rootList(q, "events"), []filterCase{
		{"from", map[string]any{"from": "2024-01-01"}, nil, between("2024-01-01", "")},
		{"to", map[string]any{"to": "2019-12-31"}, nil, between("", "2019-12-31")},
		{"from and to, inclusive", map[string]any{"from": "2021-01-01", "to": "2021-12-31"}, nil, between("2021-01-01", "2021-12-31")},
		{"network", map[string]any{"network": seed.GrowingNetworkID}, nil, func(n any) bool { return get(n, "network", "id") == seed.GrowingNetworkID }},
		{"actor organising or taking part", map[string]any{"actor": seed.BrokerSchoolID}, nil, took(seed.BrokerSchoolID)},
		{"actor organising often", map[string]any{"actor": seed.LostKeyActorID}, nil, took(seed.LostKeyActorID)},
		{"neighbourhood district", map[string]any{"neighbourhood": nbhMitte}, nil, func(n any) bool { return inside(get(n, "neighbourhood"), nbhMitte) }},
		{"kinds", map[string]any{"kinds": []string{"NETWORK_MEETING"}}, nil, func(n any) bool { return get(n, "kind") == "NETWORK_MEETING" }},
		{"network, actor and range", map[string]any{"network": seed.ShrunkNetworkID, "actor": seed.LostKeyActorID, "from": "2022-01-01"}, nil, func(n any) bool {
			return get(n, "network", "id") == seed.ShrunkNetworkID && took(seed.LostKeyActorID)(n) && between("2022-01-01", "")(n)
		}},
	})
	// An event organised and taken part in by the same actor counts once;
	// events are newest first.
	nodes := walk(t, q, "events", map[string]any{"filter": map[string]any{"actor": seed.LostKeyActorID}})
	for i := 1; i < len(nodes); i++ {
		if str(get(nodes[i], "date")) > str(get(nodes[i-1], "date")) {
			t.Errorf("events not newest first: %v after %v", get(nodes[i], "date"), get(nodes[i-1], "date"))
		}
	}
	if ids := idsOfNodes(nodes); len(slices.Compact(slices.Sorted(slices.Values(ids)))) != len(ids) {
		t.Errorf("an event is listed twice for one actor: %v", ids)
	}
}

func TestActorsRootFilters(t *testing.T) {
	const q = `query($first: Int, $after: String, $filter: ActorFilter, $day: Date) {
	  actors(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
	    edges { node { id name validFrom validTo lastConfirmed
	      forTG: services(filter: {targetGroup: "tg_seniors-65", asOf: $day}) { totalCount }
	      onTopic: services(filter: {topic: "top_education", asOf: $day}) { totalCount } } } } }`
	day := map[string]any{"day": seed.ReferenceDay}
	checkFilters(t, "actors", rootList(q, "actors"), []filterCase{
		{"targetGroup on a day", map[string]any{"targetGroup": tgSeniors, "asOf": seed.ReferenceDay}, day, func(n any) bool {
			return num(get(n, "forTG", "totalCount")) > 0 && validOn(n, seed.ReferenceDay)
		}},
		{"topic on a day", map[string]any{"topic": topEducation, "asOf": seed.ReferenceDay}, day, func(n any) bool {
			return num(get(n, "onTopic", "totalCount")) > 0 && validOn(n, seed.ReferenceDay)
		}},
		{"targetGroup at any time", map[string]any{"targetGroup": tgSeniors}, map[string]any{"day": nil}, func(n any) bool { return num(get(n, "forTG", "totalCount")) > 0 }},
		{"asOf", map[string]any{"asOf": seed.ReferenceDay}, day, func(n any) bool { return validOn(n, seed.ReferenceDay) }},
		{"confirmedBefore", map[string]any{"confirmedBefore": seed.StaleBefore}, day, func(n any) bool { return confirmedBefore(n, seed.StaleBefore) }},
		{"nameContains folded", map[string]any{"nameContains": "STAETTE"}, day, func(n any) bool { return strings.Contains(fold(str(get(n, "name"))), "staette") }},
	})
}

// TestRetriedCreateNeverDuplicates sends every create that accepts a
// client-chosen id twice: the second is a CONFLICT and writes nothing.
func TestRetriedCreateNeverDuplicates(t *testing.T) {
	a, b := newActor(t, "Wiederholer A", nbhLindenpark), newActor(t, "Wiederholer B", nbhLindenpark)
	net := newNetwork(t)
	person := str(get(mutate(t, "createPerson", "CreatePersonInput", map[string]any{"name": "E2E Wiederholerin"}, "person { id }"), "person", "id"))
	cleanup(t, "deletePerson", person)
	tests := []struct {
		field, inputType, prefix, remove string
		in                               map[string]any
	}{
		{"createActor", "CreateActorInput", "act_", "deleteActor", map[string]any{"name": "E2E Doppelt", "kind": "INITIATIVE", "sector": "CIVIL_SOCIETY"}},
		{"createNeighbourhood", "CreateNeighbourhoodInput", "nbh_", "deleteNeighbourhood", map[string]any{"name": "E2E Doppelkiez", "level": "QUARTER", "parent": nbhNord}},
		{"createPerson", "CreatePersonInput", "per_", "deletePerson", map[string]any{"name": "E2E Doppelgängerin"}},
		{"createService", "CreateServiceInput", "svc_", "deleteService", map[string]any{"name": "E2E Doppelangebot", "provider": a,
			"targetGroups": []string{tgChildren}, "topics": []string{topEducation}, "neighbourhoods": []string{nbhLindenpark}}},
		{"createNeed", "CreateNeedInput", "ned_", "deleteNeed", map[string]any{"targetGroup": tgChildren, "topic": topEducation, "neighbourhood": nbhLindenpark, "severity": "LOW"}},
		{"createNetwork", "CreateNetworkInput", "net_", "deleteNetwork", map[string]any{"name": "E2E Doppelrunde", "kind": "THEMATIC"}},
		{"createEvent", "CreateEventInput", "evt_", "deleteEvent", map[string]any{"name": "E2E Doppeltreffen", "kind": "OTHER", "date": "2025-01-01", "participants": []string{a}}},
		{"createTargetGroup", "CreateTargetGroupInput", "tg_", "deleteTargetGroup", map[string]any{"code": strings.ToUpper(strings.ReplaceAll(uniq("tg"), "-", "_")), "labelDe": "x", "labelEn": "x"}},
		{"createTopic", "CreateTopicInput", "top_", "deleteTopic", map[string]any{"code": strings.ToUpper(strings.ReplaceAll(uniq("top"), "-", "_")), "labelDe": "x", "labelEn": "x"}},
		{"addCooperation", "AddCooperationInput", "coo_", "removeCooperation", map[string]any{"from": a, "to": b, "kind": "REFERRAL"}},
		{"addRole", "AddRoleInput", "rol_", "removeRole", map[string]any{"person": person, "actor": a, "title": "Leitung"}},
		{"addMembership", "AddMembershipInput", "mem_", "removeMembership", map[string]any{"actor": a, "network": net}},
	}
	for _, tc := range tests {
		t.Run(tc.field, func(t *testing.T) {
			id := tc.prefix + uniq("retry")
			tc.in["id"] = id
			q := fmt.Sprintf(`mutation($in: %s!) { %s(input: $in) { __typename } }`, tc.inputType, tc.field)
			mustPost(t, q, map[string]any{"in": tc.in})
			cleanup(t, tc.remove, id)
			mutateErr(t, tc.field, tc.inputType, tc.in, "CONFLICT", "")
		})
	}
	// Unique external keys and official codes hold on update too.
	keyA, keyB := "e2e:"+uniq("key"), "e2e:"+uniq("key")
	p1 := str(get(mutate(t, "createPerson", "CreatePersonInput", map[string]any{"name": "E2E Eins", "externalKey": keyA}, "person { id }"), "person", "id"))
	cleanup(t, "deletePerson", p1)
	p2 := str(get(mutate(t, "createPerson", "CreatePersonInput", map[string]any{"name": "E2E Zwei", "externalKey": keyB}, "person { id }"), "person", "id"))
	cleanup(t, "deletePerson", p2)
	mutateErr(t, "updatePerson", "UpdatePersonInput", map[string]any{"id": p2, "externalKey": keyA}, "CONFLICT", "")
	mutateErr(t, "updateNeighbourhood", "UpdateNeighbourhoodInput", map[string]any{"id": nbhHafenviertel, "officialCode": "110101"}, "CONFLICT", "")
	mutateErr(t, "addRole", "AddRoleInput", map[string]any{"person": "per_" + uniq("missing"), "actor": a, "title": "x"}, "BAD_USER_INPUT", "input.person")
	mutateErr(t, "addRole", "AddRoleInput", map[string]any{"person": person, "actor": a, "title": "x", "validFrom": "2025-01-02", "validTo": "2025-01-01"}, "BAD_USER_INPUT", "input.validTo")
}

// TestMutationsInOneDocumentSeeEachOther sends several mutations in one
// document. They run one after the other, and each payload must show the
// graph as the mutations before it left it, also for objects that an
// earlier payload of the same request already showed.
func TestMutationsInOneDocumentSeeEachOther(t *testing.T) {
	a := newActor(t, "Vorher", nbhLindenpark)
	d := mustPost(t, `mutation($a: ID!) {
	  s1: createService(input: {name: "E2E Erstes Angebot", provider: $a, targetGroups: ["tg_families"], topics: ["top_culture"], neighbourhoods: ["nbh_lindenpark"]}) {
	    service { id provider { id name neighbourhoods { id } } } }
	  u: updateActor(input: {id: $a, name: "E2E Nachher", neighbourhoods: ["nbh_hafenviertel"]}) { actor { name } }
	  s2: createService(input: {name: "E2E Zweites Angebot", provider: $a, targetGroups: ["tg_families"], topics: ["top_culture"], neighbourhoods: ["nbh_lindenpark"]}) {
	    service { id provider { id name neighbourhoods { id } } } } }`, map[string]any{"a": a})
	for _, alias := range []string{"s1", "s2"} {
		if id := str(get(d, alias, "service", "id")); id != "" {
			cleanup(t, "deleteService", id)
		}
	}
	if get(d, "s1", "service", "provider", "name") != "E2E Vorher" || get(d, "u", "actor", "name") != "E2E Nachher" {
		t.Fatalf("payloads = %v", d)
	}
	if got := get(d, "s2", "service", "provider", "name"); got != "E2E Nachher" {
		t.Errorf("the third mutation shows the provider's name as %q; the second renamed it to \"E2E Nachher\"", got)
	}
	if got := idsOf(get(d, "s2", "service", "provider", "neighbourhoods")); !slices.Equal(got, []string{nbhHafenviertel}) {
		t.Errorf("the third mutation shows the provider in %v; the second moved it to [%s]", got, nbhHafenviertel)
	}
}

// connPage is one page of a connection: its node ids, cursors and page info.
type connPage struct {
	ids, cursors []string
	total        int
	info         map[string]any
}

// pageOf fetches one page of the connection at path; query takes $first
// and $after.
func pageOf(t *testing.T, query string, path []any, first int, after any) connPage {
	t.Helper()
	d := mustPost(t, query, map[string]any{"first": first, "after": after})
	conn := get(d, path...)
	if conn == nil {
		t.Fatalf("no connection at %v: %v", path, d)
	}
	p := connPage{ids: nodeIDs(conn), total: num(get(conn, "totalCount"))}
	p.info, _ = get(conn, "pageInfo").(map[string]any)
	for i := 0; i < count(get(conn, "edges")); i++ {
		p.cursors = append(p.cursors, str(get(conn, "edges", i, "cursor")))
	}
	return p
}

// TestPaginationEdges walks root and nested connections page by page and
// checks the edges of paging: first: 0, the exact last page, a cursor at
// the end, and out-of-range arguments.
func TestPaginationEdges(t *testing.T) {
	const conn = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }`
	tests := []struct {
		name  string
		query string
		path  []any
	}{
		{"services", `query($first: Int, $after: String) { services(first: $first, after: $after) { ` + conn + ` } }`, []any{"services"}},
		{"needs by severity", `query($first: Int, $after: String) { needs(first: $first, after: $after, orderBy: {field: SEVERITY, direction: ASC}) { ` + conn + ` } }`, []any{"needs"}},
		{"cooperations", `query($first: Int, $after: String) { cooperations(first: $first, after: $after) { ` + conn + ` } }`, []any{"cooperations"}},
		{"events", `query($first: Int, $after: String) { events(first: $first, after: $after) { ` + conn + ` } }`, []any{"events"}},
		{"Neighbourhood.actors", `query($first: Int, $after: String) { neighbourhood(id: "nbh_nord") { actors(first: $first, after: $after) { ` + conn + ` } } }`, []any{"neighbourhood", "actors"}},
		{"Neighbourhood.services", `query($first: Int, $after: String) { neighbourhood(id: "nbh_lindenpark") { services(first: $first, after: $after) { ` + conn + ` } } }`, []any{"neighbourhood", "services"}},
		{"Neighbourhood.needs", `query($first: Int, $after: String) { neighbourhood(id: "nbh_lindenbrueck") { needs(first: $first, after: $after) { ` + conn + ` } } }`, []any{"neighbourhood", "needs"}},
		{"Actor.partners", `query($first: Int, $after: String) { actor(id: "` + seed.BrokerYouthOfficeID + `") { partners(asOf: "` + seed.ReferenceDay + `", first: $first, after: $after) { ` + conn + ` } } }`, []any{"actor", "partners"}},
		{"Network.memberships", `query($first: Int, $after: String) { network(id: "` + seed.GrowingNetworkID + `") { memberships(asOf: "` + seed.ReferenceDay + `", first: $first, after: $after) { ` + conn + ` } } }`, []any{"network", "memberships"}},
		{"Network.events", `query($first: Int, $after: String) { network(id: "` + seed.GrowingNetworkID + `") { events(first: $first, after: $after) { ` + conn + ` } } }`, []any{"network", "events"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// The reference: all items, 100 a page.
			var all []string
			var after any
			for page := 0; ; page++ {
				p := pageOf(t, tc.query, tc.path, 100, after)
				all = append(all, p.ids...)
				if p.info["hasNextPage"] != true {
					break
				}
				if page > 50 {
					t.Fatal("more than 50 pages of 100")
				}
				after = p.info["endCursor"]
			}
			total := len(all)
			if total < 10 {
				t.Fatalf("only %d items: too few to page through", total)
			}
			if len(slices.Compact(slices.Sorted(slices.Values(all)))) != total {
				t.Fatalf("an item is listed twice: %v", all)
			}

			// Pages of 7 add up to the same list, in the same order.
			const size = 7
			var walked, cursors []string
			seenCursors := map[string]bool{}
			after = nil
			var last connPage
			for page := 0; ; page++ {
				p := pageOf(t, tc.query, tc.path, size, after)
				if p.total != total {
					t.Errorf("page %d: totalCount %d, want %d", page, p.total, total)
				}
				isLast := len(walked)+len(p.ids) >= total
				if want := min(size, total-len(walked)); len(p.ids) != want {
					t.Fatalf("page %d has %d items, want %d", page, len(p.ids), want)
				}
				if p.info["hasNextPage"] != !isLast || p.info["hasPreviousPage"] != (page > 0) {
					t.Errorf("page %d of %d items: pageInfo %v", page, total, p.info)
				}
				if p.info["startCursor"] != p.cursors[0] || p.info["endCursor"] != p.cursors[len(p.cursors)-1] {
					t.Errorf("page %d: start/end cursor %v/%v, edges' cursors %v", page, p.info["startCursor"], p.info["endCursor"], p.cursors)
				}
				for _, c := range p.cursors {
					if c == "" || seenCursors[c] {
						t.Errorf("page %d: cursor %q empty or seen before", page, c)
					}
					seenCursors[c] = true
				}
				walked = append(walked, p.ids...)
				cursors = append(cursors, p.cursors...)
				last = p
				if isLast {
					break
				}
				after = p.info["endCursor"]
			}
			if !slices.Equal(walked, all) {
				t.Errorf("pages of %d differ from pages of 100:\n%v\n%v", size, walked, all)
			}

			// first: 0 counts without items; a cursor at the end gives an empty last page.
			p := pageOf(t, tc.query, tc.path, 0, nil)
			if len(p.ids) != 0 || p.total != total || p.info["startCursor"] != nil || p.info["endCursor"] != nil || p.info["hasNextPage"] != true {
				t.Errorf("first: 0 gave %d items, totalCount %d (want %d), pageInfo %v", len(p.ids), p.total, total, p.info)
			}
			p = pageOf(t, tc.query, tc.path, 10, last.info["endCursor"])
			if len(p.ids) != 0 || p.total != total || p.info["startCursor"] != nil || p.info["endCursor"] != nil || p.info["hasNextPage"] != false {
				t.Errorf("after the last cursor: %d items, totalCount %d, pageInfo %v", len(p.ids), p.total, p.info)
			}
			// After the last but one item: exactly the last one, and no next page.
			p = pageOf(t, tc.query, tc.path, 10, cursors[total-2])
			if !slices.Equal(p.ids, all[total-1:]) || p.info["hasNextPage"] != false || p.info["hasPreviousPage"] != true {
				t.Errorf("after the last but one: %v, pageInfo %v; want [%s]", p.ids, p.info, all[total-1])
			}
			// A page exactly as long as the list has no next page; one shorter has.
			if total <= 100 {
				if p := pageOf(t, tc.query, tc.path, total, nil); len(p.ids) != total || p.info["hasNextPage"] != false {
					t.Errorf("first: totalCount gave %d items, hasNextPage %v", len(p.ids), p.info["hasNextPage"])
				}
				if p := pageOf(t, tc.query, tc.path, total-1, nil); len(p.ids) != total-1 || p.info["hasNextPage"] != true {
					t.Errorf("first: totalCount-1 gave %d items, hasNextPage %v", len(p.ids), p.info["hasNextPage"])
				}
			}

			// Out of range.
			for _, bad := range []struct {
				first any
				after any
				field string
			}{{-1, nil, "first"}, {101, nil, "first"}, {5, "not-a-cursor", "after"}, {5, "b2Zmc2V0Oi0x", "after"}} {
				r := post(t, tc.query, map[string]any{"first": bad.first, "after": bad.after})
				if r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != bad.field {
					t.Errorf("first: %v, after: %v: errors %+v, want BAD_USER_INPUT on %s", bad.first, bad.after, r.Errors, bad.field)
				}
			}
		})
	}
}

// TestBatchedFieldsOfManyCooperationLists asks, in one query, for the
// neighbourhoods of both ends of the cooperations of every kind, as a
// client drawing the network on a map does. The same actors turn up in
// several lists and at both ends, so the level-aware loader is asked for
// the same key from many levels whose lists arrive at different times;
// every batch must resolve it, whichever batch fetches it.
//
// The bug it looks for panics in a timer goroutine of the loader (close of
// a closed channel), which kills the whole test binary and every test
// after it. So the test runs its queries in a child test process, whose
// TestMain reloads the demo city (the tests before it leave the demo as
// they found it), and reports a crash as its own failure.
func TestBatchedFieldsOfManyCooperationLists(t *testing.T) {
	if os.Getenv("KIEZGRAPH_E2E_CHILD") != "1" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestBatchedFieldsOfManyCooperationLists$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "KIEZGRAPH_E2E_CHILD=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("the queries failed (%v):\n%s", err, out)
		}
		return
	}
	kinds := []string{"INFORMATION_EXCHANGE", "REFERRAL", "JOINT_PROJECT", "FUNDING", "FORMAL_AGREEMENT", "SHARED_STAFF", "SHARED_ROOMS", "JOINT_EVENTS"}
	var b strings.Builder
	b.WriteString("query {")
	for i, k := range kinds {
		fmt.Fprintf(&b, " k%d: cooperations(first: 100, filter: {kinds: [%s]}) { ...Ends }", i, k)
	}
	b.WriteString(` }
	fragment Ends on CooperationConnection { totalCount edges { node { id kind
	  from { id neighbourhoods { id ancestors { id } } } to { id neighbourhoods { id ancestors { id } } } } } }`)
	for round := 0; round < 10; round++ {
		d := mustPost(t, b.String(), nil)
		total := 0
		for i, k := range kinds {
			conn := get(d, fmt.Sprintf("k%d", i))
			total += num(get(conn, "totalCount"))
			for j := 0; j < count(get(conn, "edges")); j++ {
				n := get(conn, "edges", j, "node")
				if get(n, "kind") != k {
					t.Fatalf("cooperations(kinds: [%s]) holds a %v", k, get(n, "kind"))
				}
				for _, end := range []string{"from", "to"} {
					if count(get(n, end, "neighbourhoods")) == 0 {
						t.Fatalf("cooperation %v: %s end %v has no neighbourhoods", get(n, "id"), end, get(n, end, "id"))
					}
				}
			}
		}
		if total < 500 {
			t.Fatalf("%d cooperations of all kinds, want the demo's 572", total)
		}
	}
}
