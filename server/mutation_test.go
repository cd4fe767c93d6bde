package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// someIDs returns ids of demo records that mutations can refer to.
func someIDs(t *testing.T) (quarter, quarter2, tg, topic, actor string) {
	t.Helper()
	d := mustPost(t, `{ neighbourhoods(first: 2, filter: {levels: [QUARTER]}) { edges { node { id } } }
	  targetGroups { id } topics { id } actors(first: 1) { edges { node { id } } } }`, nil)
	return get(d, "neighbourhoods", "edges", 0, "node", "id").(string),
		get(d, "neighbourhoods", "edges", 1, "node", "id").(string),
		get(d, "targetGroups", 0, "id").(string), get(d, "topics", 0, "id").(string),
		get(d, "actors", "edges", 0, "node", "id").(string)
}

func TestActorLifecycle(t *testing.T) {
	needNeo4j(t)
	quarter, quarter2, tg, topic, partner := someIDs(t)
	d := mustPost(t, `mutation($in: CreateActorInput!) { createActor(input: $in) { actor { __typename id name kind sector
	  keywords contact { email website } neighbourhoods { id } validFrom source lastConfirmed createdAt } } }`,
		map[string]any{"in": map[string]any{
			"name": "Elterncafé Testkiez", "kind": "INITIATIVE", "sector": "CIVIL_SOCIETY",
			"keywords": []string{"Eltern", "Frühstück"}, "neighbourhoods": []string{quarter},
			"contact":   map[string]any{"email": "kontakt@elterncafe.example", "website": "https://elterncafe.example"},
			"validFrom": "2024-01-01", "externalKey": "test:elterncafe",
			"record": map[string]any{"source": "e2e test", "lastConfirmed": "2026-01-15"},
		}})
	a := get(d, "createActor", "actor")
	id := get(a, "id").(string)
	if get(a, "__typename") != "Organisation" || get(a, "validFrom") != "2024-01-01" || get(a, "lastConfirmed") != "2026-01-15" ||
		get(a, "neighbourhoods", 0, "id") != quarter || get(a, "contact", "email") != "kontakt@elterncafe.example" {
		t.Fatalf("created actor = %v", a)
	}

	// Update: change kind to an institution, clear the website, move it.
	d = mustPost(t, `mutation($in: UpdateActorInput!) { updateActor(input: $in) { actor { __typename kind name contact { email website } neighbourhoods { id } } } }`,
		map[string]any{"in": map[string]any{"id": id, "kind": "LIBRARY", "operator": "Bezirksamt",
			"contact": map[string]any{"email": "neu@elterncafe.example"}, "neighbourhoods": []string{quarter2}}})
	a = get(d, "updateActor", "actor")
	if get(a, "__typename") != "Institution" || get(a, "contact", "website") != nil || get(a, "neighbourhoods", 0, "id") != quarter2 {
		t.Errorf("updated actor = %v", a)
	}

	// A service, a cooperation and a role hang on it; deleting says what happens.
	mustPost(t, `mutation($in: CreateServiceInput!) { createService(input: $in) { service { id provider { id } } } }`,
		map[string]any{"in": map[string]any{"name": "Elternfrühstück", "provider": id, "targetGroups": []string{tg},
			"topics": []string{topic}, "neighbourhoods": []string{quarter2}}})
	mustPost(t, `mutation($in: AddCooperationInput!) { addCooperation(input: $in) { cooperation { id directed } } }`,
		map[string]any{"in": map[string]any{"from": id, "to": partner, "kind": "FUNDING"}})
	d = mustPost(t, `mutation($id: ID!) { deleteActor(id: $id) { deletedId effects { what count } } }`, map[string]any{"id": id})
	effects := map[string]float64{}
	for i := 0; i < count(get(d, "deleteActor", "effects")); i++ {
		effects[get(d, "deleteActor", "effects", i, "what").(string)] = get(d, "deleteActor", "effects", i, "count").(float64)
	}
	if effects["services deleted"] != 1 || effects["cooperations removed"] != 1 {
		t.Errorf("delete effects = %v", effects)
	}
	if r := mustPost(t, `query($id: ID!) { actor(id: $id) { id } }`, map[string]any{"id": id}); r["actor"] != nil {
		t.Error("deleted actor still there")
	}
}

// TestMutationErrors checks every error code and that a failed mutation
// writes nothing.
func TestMutationErrors(t *testing.T) {
	needNeo4j(t)
	quarter, _, tg, topic, actor := someIDs(t)
	mustPost(t, `mutation { createActor(input: {name: "Dup", kind: ASSOCIATION, sector: NON_PROFIT, externalKey: "test:dup"}) { actor { id } } }`, nil)
	tests := []struct {
		name, query string
		vars        map[string]any
		code, field string
	}{
		{"empty name", `mutation { createActor(input: {name: "  ", kind: ASSOCIATION, sector: NON_PROFIT}) { actor { id } } }`, nil, "BAD_USER_INPUT", "input.name"},
		{"span reversed", `mutation { createActor(input: {name: "X", kind: ASSOCIATION, sector: NON_PROFIT, validFrom: "2024-02-01", validTo: "2024-01-01"}) { actor { id } } }`, nil, "BAD_USER_INPUT", "input.validTo"},
		{"bad date", `mutation { createActor(input: {name: "X", kind: ASSOCIATION, sector: NON_PROFIT, validFrom: "2024-13-01"}) { actor { id } } }`, nil, "BAD_USER_INPUT", ""},
		{"unknown neighbourhood", `mutation { createActor(input: {name: "X", kind: ASSOCIATION, sector: NON_PROFIT, neighbourhoods: ["nbh_nowhere"]}) { actor { id } } }`, nil, "BAD_USER_INPUT", "input.neighbourhoods"},
		{"bad website", `mutation { createActor(input: {name: "X", kind: ASSOCIATION, sector: NON_PROFIT, contact: {website: "javascript:alert(1)"}}) { actor { id } } }`, nil, "BAD_USER_INPUT", "input.contact.website"},
		{"bad id prefix", `mutation { createActor(input: {id: "svc_x", name: "X", kind: ASSOCIATION, sector: NON_PROFIT}) { actor { id } } }`, nil, "BAD_USER_INPUT", "input.id"},
		{"duplicate external key", `mutation { createActor(input: {name: "Dup 2", kind: ASSOCIATION, sector: NON_PROFIT, externalKey: "test:dup"}) { actor { id } } }`, nil, "CONFLICT", ""},
		{"update missing", `mutation { updateActor(input: {id: "act_missing", name: "Y"}) { actor { id } } }`, nil, "NOT_FOUND", ""},
		{"delete missing", `mutation { deleteService(id: "svc_missing") { deletedId } }`, nil, "NOT_FOUND", ""},
		{"null name on update", `mutation($id: ID!) { updateActor(input: {id: $id, name: null}) { actor { id } } }`, map[string]any{"id": actor}, "BAD_USER_INPUT", "input.name"},
		{"service without target group", `mutation($p: ID!, $t: ID!, $q: ID!) { createService(input: {name: "S", provider: $p, targetGroups: [], topics: [$t], neighbourhoods: [$q]}) { service { id } } }`,
			map[string]any{"p": actor, "t": topic, "q": quarter}, "BAD_USER_INPUT", "input.targetGroups"},
		{"service of unknown provider", `mutation($g: ID!, $t: ID!, $q: ID!) { createService(input: {name: "S", provider: "act_gone", targetGroups: [$g], topics: [$t], neighbourhoods: [$q]}) { service { id } } }`,
			map[string]any{"g": tg, "t": topic, "q": quarter}, "BAD_USER_INPUT", "input.provider"},
		{"self cooperation", `mutation($a: ID!) { addCooperation(input: {from: $a, to: $a, kind: REFERRAL}) { cooperation { id } } }`, map[string]any{"a": actor}, "BAD_USER_INPUT", "input.to"},
		{"strength out of range", `mutation($a: ID!, $b: ID!) { addCooperation(input: {from: $a, to: $b, kind: REFERRAL, strength: 1.5}) { cooperation { id } } }`, map[string]any{"a": actor, "b": quarter}, "BAD_USER_INPUT", "input.strength"},
		{"quarter without parent", `mutation { createNeighbourhood(input: {name: "Q", level: QUARTER}) { neighbourhood { id } } }`, nil, "BAD_USER_INPUT", "input.parent"},
		{"district inside quarter", `mutation($q: ID!) { createNeighbourhood(input: {name: "D", level: DISTRICT, parent: $q}) { neighbourhood { id } } }`, map[string]any{"q": quarter}, "BAD_USER_INPUT", "input.level"},
		{"delete neighbourhood with children", `{ neighbourhoods(first: 1, filter: {levels: [CITY]}) { edges { node { id } } } }`, nil, "", ""},
		{"page too large", `{ actors(first: 101) { totalCount } }`, nil, "BAD_USER_INPUT", "first"},
		{"bad cursor", `{ actors(after: "bm9wZQ") { totalCount } }`, nil, "BAD_USER_INPUT", "after"},
		{"bad vocabulary code", `mutation { createTopic(input: {code: "lower case", labelDe: "x", labelEn: "x"}) { topic { id } } }`, nil, "BAD_USER_INPUT", "input.code"},
		{"vocabulary in use", `mutation($t: ID!) { deleteTopic(id: $t) { deletedId } }`, map[string]any{"t": topic}, "CONFLICT", ""},
		{"unknown field", `{ actors { nope } }`, nil, "GRAPHQL_VALIDATION_FAILED", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.code == "" {
				return // a lookup used by the next case
			}
			before := nodeCount(t)
			r := post(t, tc.query, tc.vars)
			if r.code() != tc.code {
				t.Fatalf("code = %q, want %q (errors %+v)", r.code(), tc.code, r.Errors)
			}
			if tc.field != "" && r.Errors[0].Extensions["field"] != tc.field {
				t.Errorf("field = %v, want %s", r.Errors[0].Extensions["field"], tc.field)
			}
			if r.Errors[0].Extensions["requestId"] == nil && tc.code != "GRAPHQL_VALIDATION_FAILED" {
				t.Error("error carries no requestId")
			}
			if after := nodeCount(t); after != before {
				t.Errorf("failed mutation changed the graph: %d → %d nodes+relationships", before, after)
			}
		})
	}
	d := mustPost(t, `{ neighbourhoods(first: 1, filter: {levels: [CITY]}) { edges { node { id } } } }`, nil)
	r := post(t, `mutation($id: ID!) { deleteNeighbourhood(id: $id) { deletedId } }`, map[string]any{"id": get(d, "neighbourhoods", "edges", 0, "node", "id")})
	if r.code() != "CONFLICT" {
		t.Errorf("deleting a city with districts: code %q, want CONFLICT", r.code())
	}
}

func TestMutationOverGETIsRefused(t *testing.T) {
	needNeo4j(t)
	q := url.Values{"query": {`mutation { createActor(input: {name: "Via GET", kind: ASSOCIATION, sector: NON_PROFIT}) { actor { id } } }`}}
	before := nodeCount(t)
	resp, err := http.Get(srv.URL + "/graphql?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		t.Errorf("mutation over GET answered 200")
	}
	if nodeCount(t) != before {
		t.Error("mutation over GET wrote")
	}
}

func TestCORSAllowList(t *testing.T) {
	needNeo4j(t)
	for _, tc := range []struct {
		origin string
		allow  bool
	}{{allowedOrigin, true}, {"https://evil.example", false}, {"null", false}} {
		req, _ := http.NewRequest(http.MethodOptions, srv.URL+"/graphql", nil)
		req.Header.Set("Origin", tc.origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "content-type")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		got := resp.Header.Get("Access-Control-Allow-Origin")
		if tc.allow && got != tc.origin || !tc.allow && got != "" {
			t.Errorf("origin %q: Access-Control-Allow-Origin = %q", tc.origin, got)
		}
	}
}

func TestShapeLimits(t *testing.T) {
	needNeo4j(t)
	// neighbourhoods > edges > node > 12 × children > id: 16 levels.
	deep := "{ neighbourhoods { edges { node { " + strings.Repeat("children { ", 12) + "id" + strings.Repeat(" }", 15) + " }"
	var aliases strings.Builder
	aliases.WriteString("{")
	for i := 0; i < 31; i++ {
		fmt.Fprintf(&aliases, " a%d: topics { id }", i)
	}
	aliases.WriteString(" }")
	tests := []struct{ name, query, code string }{
		{"too deep", deep, "DEPTH_LIMIT_EXCEEDED"},
		{"too many aliases", aliases.String(), "ALIAS_LIMIT_EXCEEDED"},
		{"too many tokens", "{" + strings.Repeat(" topics { id }", 3000) + " }", "GRAPHQL_PARSE_FAILED"},
		{"no field suggestions", "{ actorz { id } }", "GRAPHQL_VALIDATION_FAILED"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := st.QueryCount()
			r := post(t, tc.query, nil)
			if r.code() != tc.code {
				t.Fatalf("code %q, want %q (%+v)", r.code(), tc.code, r.Errors)
			}
			if strings.Contains(r.Errors[0].Message, "Did you mean") {
				t.Errorf("error suggests fields: %s", r.Errors[0].Message)
			}
			if st.QueryCount() != before {
				t.Error("a refused query ran Cypher")
			}
		})
	}
}
