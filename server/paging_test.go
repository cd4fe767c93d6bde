package server_test

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/seed"
)

// TestRetriedCreateNeverDuplicates sends every create that accepts a
// client-chosen id twice, the second time with another input: it is a
// CONFLICT and writes nothing. (The same input again answers with the
// record: TestRetriedCreatesAreIdempotent.)
func TestRetriedCreateNeverDuplicates(t *testing.T) {
	needNeo4j(t)
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
			tc.in["record"] = map[string]any{"source": "another input"}
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
	needNeo4j(t)
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
	needNeo4j(t)
	const conn = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }`
	// Without totalCount a root list is not counted: hasNextPage comes
	// from one item read past the page.
	const uncounted = `pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }`
	tests := []struct {
		name      string
		query     string
		path      []any
		uncounted bool
	}{
		{"actors, uncounted", `query($first: Int, $after: String) { actors(first: $first, after: $after) { ` + uncounted + ` } }`, []any{"actors"}, true},
		{"services of a target group, uncounted", `query($first: Int, $after: String) { services(filter: {targetGroup: "` + tgChildren + `"}, first: $first, after: $after) { ` + uncounted + ` } }`, []any{"services"}, true},
		{"actors of a district, uncounted", `query($first: Int, $after: String) { actors(filter: {neighbourhood: "nbh_nord"}, first: $first, after: $after) { ` + uncounted + ` } }`, []any{"actors"}, true},
		{"services", `query($first: Int, $after: String) { services(first: $first, after: $after) { ` + conn + ` } }`, []any{"services"}, false},
		{"needs by severity", `query($first: Int, $after: String) { needs(first: $first, after: $after, orderBy: {field: SEVERITY, direction: ASC}) { ` + conn + ` } }`, []any{"needs"}, false},
		{"cooperations", `query($first: Int, $after: String) { cooperations(first: $first, after: $after) { ` + conn + ` } }`, []any{"cooperations"}, false},
		{"events", `query($first: Int, $after: String) { events(first: $first, after: $after) { ` + conn + ` } }`, []any{"events"}, false},
		{"Neighbourhood.actors", `query($first: Int, $after: String) { neighbourhood(id: "nbh_nord") { actors(first: $first, after: $after) { ` + conn + ` } } }`, []any{"neighbourhood", "actors"}, false},
		{"Neighbourhood.services", `query($first: Int, $after: String) { neighbourhood(id: "nbh_lindenpark") { services(first: $first, after: $after) { ` + conn + ` } } }`, []any{"neighbourhood", "services"}, false},
		{"Neighbourhood.needs", `query($first: Int, $after: String) { neighbourhood(id: "nbh_lindenbrueck") { needs(first: $first, after: $after) { ` + conn + ` } } }`, []any{"neighbourhood", "needs"}, false},
		{"Actor.partners", `query($first: Int, $after: String) { actor(id: "` + seed.BrokerYouthOfficeID + `") { partners(asOf: "` + seed.ReferenceDay + `", first: $first, after: $after) { ` + conn + ` } } }`, []any{"actor", "partners"}, false},
		{"Network.memberships", `query($first: Int, $after: String) { network(id: "` + seed.GrowingNetworkID + `") { memberships(asOf: "` + seed.ReferenceDay + `", first: $first, after: $after) { ` + conn + ` } } }`, []any{"network", "memberships"}, false},
		{"Network.events", `query($first: Int, $after: String) { network(id: "` + seed.GrowingNetworkID + `") { events(first: $first, after: $after) { ` + conn + ` } } }`, []any{"network", "events"}, false},
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
				if !tc.uncounted && p.total != total {
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
			if len(p.ids) != 0 || (!tc.uncounted && p.total != total) || p.info["startCursor"] != nil || p.info["endCursor"] != nil || p.info["hasNextPage"] != true {
				t.Errorf("first: 0 gave %d items, totalCount %d (want %d), pageInfo %v", len(p.ids), p.total, total, p.info)
			}
			p = pageOf(t, tc.query, tc.path, 10, last.info["endCursor"])
			if len(p.ids) != 0 || (!tc.uncounted && p.total != total) || p.info["startCursor"] != nil || p.info["endCursor"] != nil || p.info["hasNextPage"] != false {
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
	needNeo4j(t)
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
