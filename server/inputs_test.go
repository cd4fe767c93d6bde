package server_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// typeRef is a GraphQL type reference as introspection returns it.
type typeRef struct {
	Kind   string   `json:"kind"`
	Name   string   `json:"name"`
	OfType *typeRef `json:"ofType"`
}

// named returns the named type under NON_NULL and LIST wrappers, and
// whether a LIST was among them.
func (r typeRef) named() (typeRef, bool) {
	list := false
	for r.OfType != nil {
		if r.Kind == "LIST" {
			list = true
		}
		r = *r.OfType
	}
	return r, list
}

// TestEveryUpdateFieldIsSettable sets each field of each update input of
// the schema, one at a time, on a record made for it, and requires the
// update to succeed and scalar fields to read back as sent. The inputs
// and their fields come from introspection, so a field added later is
// tested without editing the test (or fails it until it has a value
// below). A field that the resolver passes on but the store refuses
// (updateNetwork's public) answered INTERNAL.
func TestEveryUpdateFieldIsSettable(t *testing.T) {
	needNeo4j(t)
	actor := newActor(t, uniq("setzbar"), nbhLindenpark)
	other := newActor(t, uniq("setzbar-b"), nbhLindenpark)
	network := newNetwork(t, nbhLindenpark)
	create := func(field, inputType, payload, remove string, in map[string]any) func(t *testing.T) string {
		return func(t *testing.T) string {
			id := str(get(mutate(t, field, inputType, in, payload+" { id }"), payload, "id"))
			cleanup(t, remove, id)
			return id
		}
	}
	person := func(t *testing.T) string {
		return create("createPerson", "CreatePersonInput", "person", "deletePerson", map[string]any{"name": "E2E " + uniq("person")})(t)
	}
	targets := map[string]func(t *testing.T) string{
		"UpdateActorInput":   func(t *testing.T) string { return newActor(t, uniq("ziel"), nbhLindenpark) },
		"UpdateNetworkInput": func(t *testing.T) string { return newNetwork(t, nbhLindenpark) },
		"UpdateServiceInput": func(t *testing.T) string {
			return newService(t, actor, tgChildren, topEducation, nbhLindenpark, nil)
		},
		"UpdateTargetGroupInput": func(t *testing.T) string { return newVocabulary(t, "TargetGroup") },
		"UpdateTopicInput":       func(t *testing.T) string { return newVocabulary(t, "Topic") },
		"UpdatePersonInput":      person,
		"UpdateCooperationInput": func(t *testing.T) string {
			return create("addCooperation", "AddCooperationInput", "cooperation", "removeCooperation",
				map[string]any{"from": actor, "to": other, "kind": "JOINT_PROJECT"})(t)
		},
		"UpdateMembershipInput": func(t *testing.T) string {
			return create("addMembership", "AddMembershipInput", "membership", "removeMembership",
				map[string]any{"actor": actor, "network": network})(t)
		},
		"UpdateRoleInput": func(t *testing.T) string {
			return create("addRole", "AddRoleInput", "role", "removeRole",
				map[string]any{"person": person(t), "actor": actor, "title": "Leitung"})(t)
		},
		"UpdateEventInput": func(t *testing.T) string {
			return create("createEvent", "CreateEventInput", "event", "deleteEvent",
				map[string]any{"name": "E2E " + uniq("event"), "kind": "WORKSHOP", "date": "2025-03-01", "neighbourhood": nbhLindenpark})(t)
		},
		"UpdateNeedInput": func(t *testing.T) string {
			return create("createNeed", "CreateNeedInput", "need", "deleteNeed",
				map[string]any{"targetGroup": tgSeniors, "topic": topCulture, "neighbourhood": nbhLindenpark, "severity": "LOW"})(t)
		},
		"UpdateNeighbourhoodInput": func(t *testing.T) string {
			return create("createNeighbourhood", "CreateNeighbourhoodInput", "neighbourhood", "deleteNeighbourhood",
				map[string]any{"name": "E2E " + uniq("kiez"), "level": "QUARTER", "parent": nbhNord})(t)
		},
	}
	// Values by field name; scalars and enums not named here get one by
	// their type.
	byName := map[string]any{
		"validFrom": "2020-01-01", "validTo": "2099-12-31", "date": "2025-06-01",
		"strength": 0.5, "population": 1000,
		"provider": actor, "organiser": actor, "neighbourhood": nbhLindenpark, "network": network,
		"neighbourhoods": []string{nbhLindenpark}, "targetGroups": []string{tgChildren}, "topics": []string{topEducation},
		"participants": []string{actor, other}, "keywords": []string{"e2e"},
		"contact":    map[string]any{"email": "info@example.org", "phone": "+49 30 1234", "website": "https://example.org", "address": "Hauptstr. 1"},
		"record":     map[string]any{"source": "e2e", "lastConfirmed": "2025-01-01"},
		"evidence":   map[string]any{"indicator": "child poverty", "value": 31.5, "unit": "%", "year": 2023, "source": "MSS"},
		"indicators": []map[string]any{{"name": "child poverty", "value": 31.5, "unit": "%", "year": 2023}},
		"email":      "e2e@example.org",
	}
	schema := mustPost(t, `{ __schema { types { name kind } } }`, nil)
	var inputs []string
	for i := 0; i < count(get(schema, "__schema", "types")); i++ {
		name := str(get(schema, "__schema", "types", i, "name"))
		if strings.HasPrefix(name, "Update") && strings.HasSuffix(name, "Input") && get(schema, "__schema", "types", i, "kind") == "INPUT_OBJECT" {
			inputs = append(inputs, name)
		}
	}
	if len(inputs) < 12 {
		t.Fatalf("found only the update inputs %v", inputs)
	}
	// The fields of every Node type and of the Actor interface.
	readable := map[string]map[string]bool{}
	nodes := mustPost(t, `{ __type(name: "Node") { possibleTypes { name fields { name } } } actor: __type(name: "Actor") { name fields { name } } }`, nil)
	types := append(get(nodes, "__type", "possibleTypes").([]any), get(nodes, "actor"))
	for i := range types {
		name := str(get(types, i, "name"))
		readable[name] = map[string]bool{}
		for j := 0; j < count(get(types, i, "fields")); j++ {
			readable[name][str(get(types, i, "fields", j, "name"))] = true
		}
	}
	for _, input := range inputs {
		target, ok := targets[input]
		if !ok {
			t.Errorf("%s: no record to update; add one to targets", input)
			continue
		}
		typ := strings.TrimSuffix(strings.TrimPrefix(input, "Update"), "Input")
		mutation := "update" + typ
		fields := introspectInput(t, input)
		for _, f := range fields {
			if f.Name == "id" {
				continue
			}
			t.Run(input+"."+f.Name, func(t *testing.T) {
				named, list := f.Type.named()
				v, ok := byName[f.Name]
				switch {
				case ok:
				case list || named.Kind == "INPUT_OBJECT" || named.Name == "ID":
					t.Fatalf("no test value for %s (%s); add one to byName", f.Name, named.Name)
				case named.Kind == "ENUM":
					v = enumNames(t, named.Name)[1%len(enumNames(t, named.Name))]
				case named.Name == "String":
					v = "E2E " + uniq(f.Name)
				case named.Name == "Boolean":
					v = true
				case named.Name == "Int":
					v = 7
				case named.Name == "Float":
					v = 0.25
				default:
					t.Fatalf("no test value for %s of type %s; add one to byName", f.Name, named.Name)
				}
				id := target(t)
				q := fmt.Sprintf(`mutation($in: %s!) { %s(input: $in) { __typename } }`, input, mutation)
				if r := post(t, q, map[string]any{"in": map[string]any{"id": id, f.Name: v}}); len(r.Errors) > 0 {
					t.Fatalf("%s(%s: %v): %s %+v", mutation, f.Name, v, r.code(), r.Errors)
				}
				// Read back scalars where the record is a Node with a
				// field of that name (an actor's operator and e-mail are
				// elsewhere; roles and memberships are no Nodes).
				if list || named.Kind == "INPUT_OBJECT" || named.Name == "ID" || !readable[typ][f.Name] {
					return
				}
				read := fmt.Sprintf(`query($id: ID!) { node(id: $id) { ... on %s { %s } } }`, typ, f.Name)
				got := get(mustPost(t, read, map[string]any{"id": id}), "node", f.Name)
				if fmt.Sprint(got) != fmt.Sprint(v) && !(named.Name == "Int" && fmt.Sprint(got) == strconv.Itoa(v.(int))) {
					t.Errorf("%s.%s reads back %v, want %v", typ, f.Name, got, v)
				}
			})
		}
	}
}

type inputField struct {
	Name string  `json:"name"`
	Type typeRef `json:"type"`
}

// introspectInput returns the fields of an input type.
func introspectInput(t *testing.T, name string) []inputField {
	t.Helper()
	d := mustPost(t, `query($n: String!) { __type(name: $n) { inputFields { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }`,
		map[string]any{"n": name})
	var out []inputField
	remarshal(t, get(d, "__type", "inputFields"), &out)
	return out
}

// enumValues returns the values of an enum type.
func enumNames(t *testing.T, name string) []string {
	t.Helper()
	d := mustPost(t, `query($n: String!) { __type(name: $n) { enumValues { name } } }`, map[string]any{"n": name})
	var out []string
	for i := 0; i < count(get(d, "__type", "enumValues")); i++ {
		out = append(out, str(get(d, "__type", "enumValues", i, "name")))
	}
	return out
}

// TestHugeCursorIsBadInput: a cursor is client input, so one pointing
// far beyond any list is BAD_USER_INPUT on field after (it was INTERNAL:
// the offset overflowed in Go or in Cypher's list slice), and one just
// past the end is an empty page.
func TestHugeCursorIsBadInput(t *testing.T) {
	needNeo4j(t)
	cursor := func(offset string) string { return base64.RawURLEncoding.EncodeToString([]byte("offset:" + offset)) }
	tests := []struct {
		name, after, code string
	}{
		{"just past the end", cursor("100000"), ""},
		{"a million", cursor("1000000"), ""},
		{"past int32", cursor(strconv.FormatInt(math.MaxInt32, 10)), "BAD_USER_INPUT"},
		{"2^53", cursor(strconv.FormatInt(1<<53, 10)), "BAD_USER_INPUT"},
		{"max int64 - 1", cursor(strconv.FormatInt(math.MaxInt64-1, 10)), "BAD_USER_INPUT"},
		{"max int64", cursor(strconv.FormatInt(math.MaxInt64, 10)), "BAD_USER_INPUT"},
		{"past int64", cursor("9223372036854775808"), "BAD_USER_INPUT"},
		{"negative", cursor("-2"), "BAD_USER_INPUT"},
	}
	lists := []struct{ name, query string }{
		{"actors", `query($a: String) { actors(first: 5, after: $a) { totalCount edges { node { id } } } }`},
		{"nested", `query($a: String) { neighbourhood(id: "nbh_nord") { actors(first: 5, after: $a) { edges { node { id } } } } }`},
		{"cooperations", `query($a: String) { cooperations(first: 5, after: $a) { edges { cursor } } }`},
	}
	for _, l := range lists {
		for _, tc := range tests {
			t.Run(l.name+"/"+tc.name, func(t *testing.T) {
				r := post(t, l.query, map[string]any{"a": tc.after})
				if r.code() != tc.code {
					t.Fatalf("code %q, want %q (errors %+v)", r.code(), tc.code, r.Errors)
				}
				if tc.code != "" && r.Errors[0].Extensions["field"] != "after" {
					t.Errorf("field %v, want after", r.Errors[0].Extensions["field"])
				}
			})
		}
	}
}

// remarshal converts a decoded JSON tree into out.
func remarshal(t *testing.T, v, out any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatal(err)
	}
}

// TestFreeTextIsChecked sets every String field of every update input
// (found by introspection, nested inputs included) to text with a NUL, a
// bidi override and, for descriptions, a line break, and requires
// BAD_USER_INPUT for the first two; websites must be http or https.
// Descriptions, addresses and sources accepted NUL and bidi controls.
func TestFreeTextIsChecked(t *testing.T) {
	needNeo4j(t)
	actor := newActor(t, uniq("freitext"), nbhLindenpark)
	other := newActor(t, uniq("freitext-b"), nbhLindenpark)
	network := newNetwork(t, nbhLindenpark)
	create := func(field, inputType, payload, remove string, in map[string]any) string {
		id := str(get(mutate(t, field, inputType, in, payload+" { id }"), payload, "id"))
		cleanup(t, remove, id)
		return id
	}
	person := create("createPerson", "CreatePersonInput", "person", "deletePerson", map[string]any{"name": "E2E " + uniq("person")})
	targets := map[string]string{
		"UpdateActorInput":         actor,
		"UpdateNetworkInput":       network,
		"UpdateServiceInput":       newService(t, actor, tgChildren, topEducation, nbhLindenpark, nil),
		"UpdateTargetGroupInput":   newVocabulary(t, "TargetGroup"),
		"UpdateTopicInput":         newVocabulary(t, "Topic"),
		"UpdatePersonInput":        person,
		"UpdateCooperationInput":   create("addCooperation", "AddCooperationInput", "cooperation", "removeCooperation", map[string]any{"from": actor, "to": other, "kind": "JOINT_PROJECT"}),
		"UpdateMembershipInput":    create("addMembership", "AddMembershipInput", "membership", "removeMembership", map[string]any{"actor": actor, "network": network}),
		"UpdateRoleInput":          create("addRole", "AddRoleInput", "role", "removeRole", map[string]any{"person": person, "actor": actor, "title": "Leitung"}),
		"UpdateEventInput":         create("createEvent", "CreateEventInput", "event", "deleteEvent", map[string]any{"name": "E2E " + uniq("event"), "kind": "WORKSHOP", "date": "2025-03-01", "neighbourhood": nbhLindenpark}),
		"UpdateNeedInput":          create("createNeed", "CreateNeedInput", "need", "deleteNeed", map[string]any{"targetGroup": tgSeniors, "topic": topCulture, "neighbourhood": nbhLindenpark, "severity": "LOW"}),
		"UpdateNeighbourhoodInput": create("createNeighbourhood", "CreateNeighbourhoodInput", "neighbourhood", "deleteNeighbourhood", map[string]any{"name": "E2E " + uniq("kiez"), "level": "QUARTER", "parent": nbhNord}),
	}
	// Required siblings of nested String fields, by input type.
	siblings := map[string]map[string]any{
		"EvidenceInput":  {"indicator": "child poverty"},
		"IndicatorInput": {"name": "child poverty", "value": 1, "unit": "%", "year": 2023},
	}
	type textField struct {
		path  []string // input field names down to the String
		lists []bool   // whether each step is a list
		name  string
	}
	var walk func(typ string, path []string, lists []bool, depth int) []textField
	walk = func(typ string, path []string, lists []bool, depth int) []textField {
		var out []textField
		for _, f := range introspectInput(t, typ) {
			named, list := f.Type.named()
			p, l := append(slices.Clone(path), f.Name), append(slices.Clone(lists), list)
			switch {
			case named.Name == "String" && !list:
				out = append(out, textField{path: p, lists: l, name: typ + "." + f.Name})
			case named.Kind == "INPUT_OBJECT" && depth < 2:
				out = append(out, walk(named.Name, p, l, depth+1)...)
			}
		}
		return out
	}
	// value builds the input with s at the field's path.
	value := func(f textField, leafType string, s string) map[string]any {
		var build func(i int) any
		build = func(i int) any {
			if i == len(f.path)-1 {
				return s
			}
			m := map[string]any{}
			typ := ""
			if i+1 == len(f.path)-1 {
				typ = leafType
			}
			for k, v := range siblings[typ] {
				m[k] = v
			}
			m[f.path[i+1]] = build(i + 1)
			if f.lists[i] {
				return []any{m}
			}
			return m
		}
		in := map[string]any{}
		v := build(0)
		in[f.path[0]] = v
		return in
	}
	for input, id := range targets {
		mutation := "update" + strings.TrimSuffix(strings.TrimPrefix(input, "Update"), "Input")
		for _, f := range walk(input, nil, nil, 0) {
			leafType := strings.Split(f.name, ".")[0]
			for _, tc := range []struct {
				name, text string
				ok         bool
			}{
				{"NUL", "E2E\x00text", false},
				{"bidi override", "E2E \u202eTXT", false},
				{"line break", "E2E line\nbreak", strings.HasSuffix(f.name, ".description")},
				{"javascript URL", "javascript:alert(1)", !strings.HasSuffix(f.name, ".website")},
			} {
				t.Run(input+"."+strings.Join(f.path, ".")+"/"+tc.name, func(t *testing.T) {
					in := value(f, leafType, tc.text)
					in["id"] = id
					if strings.HasSuffix(f.name, ".email") {
						in[f.path[0]] = value(f, leafType, strings.Replace(tc.text, "E2E", "e2e@example.org", 1))[f.path[0]]
					}
					q := fmt.Sprintf(`mutation($in: %s!) { %s(input: $in) { __typename } }`, input, mutation)
					r := post(t, q, map[string]any{"in": in})
					switch {
					case tc.ok && r.code() == "BAD_USER_INPUT" && tc.name == "javascript URL":
						// Some fields have formats of their own (e-mail, codes).
					case tc.ok && len(r.Errors) > 0 && tc.name != "javascript URL":
						t.Fatalf("%v: %s %+v, want it accepted", in, r.code(), r.Errors)
					case !tc.ok && r.code() != "BAD_USER_INPUT":
						t.Fatalf("%v: code %q (%+v), want BAD_USER_INPUT", in, r.code(), r.Errors)
					}
				})
			}
		}
	}
}
