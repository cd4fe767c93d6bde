package server_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/seed"
)

// TestNeighbourhoodLifecycle creates a district under the demo city and a
// quarter under it, reads them back with their place in the hierarchy,
// updates and deletes them.
func TestNeighbourhoodLifecycle(t *testing.T) {
	needNeo4j(t)
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
	needNeo4j(t)
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
