package server_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/seed"
)

// TestCooperationLifecycle links actors, reads the links from both ends,
// ends and removes them.
func TestCooperationLifecycle(t *testing.T) {
	needNeo4j(t)
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
		in := map[string]any{"from": a, "to": b, "kind": tc.kind, "validFrom": nil} // open start: valid on the reference day
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
	needNeo4j(t)
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
	needNeo4j(t)
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
	needNeo4j(t)
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
