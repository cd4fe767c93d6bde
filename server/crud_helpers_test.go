package server_test

import (
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
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
	// validFrom null: the test's records have always existed, so that
	// asking for a past day finds them (a create without validFrom
	// starts today; TestListsShowTodayUnlessToldOtherwise).
	id := str(get(mutate(t, "createActor", "CreateActorInput", map[string]any{
		"name": "E2E " + name, "kind": "ASSOCIATION", "sector": "NON_PROFIT", "neighbourhoods": neighbourhoods, "validFrom": nil,
	}, "actor { id }"), "actor", "id"))
	cleanup(t, "deleteActor", id)
	return id
}

// newService creates a service with one target group, topic and
// neighbourhood.
func newService(t *testing.T, provider, tg, topic, nbh string, extra map[string]any) string {
	t.Helper()
	in := map[string]any{"name": "E2E Angebot " + uniq("svc"), "provider": provider,
		"targetGroups": []string{tg}, "topics": []string{topic}, "neighbourhoods": []string{nbh}, "validFrom": nil}
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
