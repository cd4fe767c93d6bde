package server_test

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// Time spans are whole days with both ends inclusive, and asOf shows the
// network as it was on a day. These tests put records with a span into
// the graph and look at them through every list that takes asOf, on the
// days around each end of the span.

const (
	spanFrom = "2024-03-10"
	spanTo   = "2024-09-20"
	leapDay  = "2024-02-29"
)

// addDays shifts an ISO day.
func addDays(day string, n int) string {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		panic(err)
	}
	return d.AddDate(0, 0, n).Format(time.DateOnly)
}

// span is a validity span; "" is an open end.
type span struct{ from, to string }

func (s span) String() string { return fmt.Sprintf("[%s..%s]", s.from, s.to) }

// holds reports whether the span holds on day: the specification.
func (s span) holds(day string) bool {
	return (s.from == "" || s.from <= day) && (s.to == "" || day <= s.to)
}

// input returns the span as validFrom/validTo input fields.
func (s span) input(in map[string]any) map[string]any {
	if s.from != "" {
		in["validFrom"] = s.from
	}
	if s.to != "" {
		in["validTo"] = s.to
	}
	return in
}

// probeDays are the days before, on and after each end, a day inside, and
// days far out to see open ends.
func (s span) probeDays() []string {
	days := []string{"1990-01-01", "2099-12-31"}
	for _, d := range []string{s.from, s.to} {
		if d != "" {
			days = append(days, addDays(d, -1), d, addDays(d, 1))
		}
	}
	if s.from != "" && s.to != "" && s.from < s.to {
		days = append(days, addDays(s.from, 30))
	}
	slices.Sort(days)
	return slices.Compact(days)
}

var asOfSpans = []struct {
	name string
	span span
}{
	{"from D1 to D2", span{spanFrom, spanTo}},
	{"single day", span{spanFrom, spanFrom}},
	{"single leap day", span{leapDay, leapDay}},
	{"open end", span{spanFrom, ""}},
	{"open start", span{"", spanTo}},
}

// view is one place where the API shows a record on a day.
type view struct {
	name  string
	shows func(t *testing.T, day string) bool
}

// listed returns a view that runs query with $day and the vars and looks
// for id among the ids at path (a connection or a list).
func listed(name, query string, vars map[string]any, id string, path ...any) view {
	return view{name, func(t *testing.T, day string) bool {
		t.Helper()
		v := map[string]any{"day": day}
		for k, x := range vars {
			v[k] = x
		}
		d := mustPost(t, query, v)
		at := get(d, path...)
		if edges := get(at, "edges"); edges != nil {
			return slices.Contains(nodeIDs(at), id)
		}
		return slices.Contains(idsOf(at), id)
	}}
}

// asOfKinds sets up, for each kind of record with a span, one record with
// the given span and returns the views that must show it exactly on the
// days the span holds.
var asOfKinds = []struct {
	name  string
	setup func(t *testing.T, s span) []view
}{
	{"cooperation", func(t *testing.T, s span) []view {
		a, b := newActor(t, "Förderer "+uniq("a"), nbhLindenpark), newActor(t, "Gefördert "+uniq("b"), nbhLindenpark)
		id := str(get(mutate(t, "addCooperation", "AddCooperationInput", s.input(map[string]any{"from": a, "to": b, "kind": "FUNDING"}), "cooperation { id }"), "cooperation", "id"))
		cleanup(t, "removeCooperation", id)
		const partners = `query($id: ID!, $day: Date) { actor(id: $id) { partners(asOf: $day, first: 100) { edges { node { id } cooperation { id } } } } }`
		partnerView := func(name, of, partner string) view {
			return view{name, func(t *testing.T, day string) bool {
				t.Helper()
				d := mustPost(t, partners, map[string]any{"id": of, "day": day})
				edges := get(d, "actor", "partners", "edges")
				for i := 0; i < count(edges); i++ {
					if get(edges, i, "cooperation", "id") == id {
						if get(edges, i, "node", "id") != partner {
							t.Errorf("partner of %s via %s is %v, want %s", of, id, get(edges, i, "node", "id"), partner)
						}
						return true
					}
				}
				return false
			}}
		}
		return []view{
			partnerView("partners of the funder", a, b),
			partnerView("partners of the funded", b, a),
			listed("partners(kinds: [FUNDING])", `query($id: ID!, $day: Date) { actor(id: $id) { partners(asOf: $day, kinds: [FUNDING]) { edges { node { id } } } } }`,
				map[string]any{"id": b}, a, "actor", "partners"),
			listed("cooperations(filter: {actor, asOf})", `query($a: ID, $day: Date) { cooperations(first: 100, filter: {actor: $a, asOf: $day}) { edges { node { id } } } }`,
				map[string]any{"a": b}, id, "cooperations"),
			listed("cooperations(filter: {neighbourhood, kinds, asOf})", `query($a: ID, $n: ID, $day: Date) {
			  cooperations(first: 100, filter: {actor: $a, neighbourhood: $n, kinds: [FUNDING], asOf: $day}) { edges { node { id } } } }`,
				map[string]any{"a": a, "n": nbhNord}, id, "cooperations"),
		}
	}},
	{"service", func(t *testing.T, s span) []view {
		tg, topic := newVocabulary(t, "TargetGroup"), newVocabulary(t, "Topic")
		name := uniq("anbieter")
		provider := newActor(t, name, nbhLindenpark)
		id := newService(t, provider, tg, topic, nbhLindenpark, s.input(map[string]any{}))
		need := str(get(mutate(t, "createNeed", "CreateNeedInput", map[string]any{
			"targetGroup": tg, "topic": topic, "neighbourhood": nbhLindenpark, "severity": "MEDIUM",
		}, "need { id }"), "need", "id"))
		cleanup(t, "deleteNeed", need)
		vars := map[string]any{"p": provider}
		return []view{
			listed("services(filter: {provider, asOf})", `query($p: ID, $day: Date) { services(first: 100, filter: {provider: $p, asOf: $day}) { edges { node { id } } } }`,
				vars, id, "services"),
			listed("Actor.services(filter: {asOf})", `query($p: ID!, $day: Date) { actor(id: $p) { services(filter: {asOf: $day}) { edges { node { id } } } } }`,
				vars, id, "actor", "services"),
			listed("Neighbourhood.services of the quarter", `query($p: ID, $day: Date) { neighbourhood(id: "nbh_lindenpark") { services(first: 100, filter: {asOf: $day, provider: $p}) { edges { node { id } } } } }`,
				vars, id, "neighbourhood", "services"),
			listed("Neighbourhood.services of the district", `query($p: ID, $day: Date) { neighbourhood(id: "nbh_nord") { services(first: 100, filter: {asOf: $day, provider: $p}) { edges { node { id } } } } }`,
				vars, id, "neighbourhood", "services"),
			listed("Need.coveringServices", `query($n: ID!, $day: Date) { need(id: $n) { coveringServices(asOf: $day) { id } } }`,
				map[string]any{"n": need}, id, "need", "coveringServices"),
			listed("actors(filter: {targetGroup, asOf})", `query($tg: ID, $day: Date) { actors(first: 100, filter: {targetGroup: $tg, asOf: $day}) { edges { node { id } } } }`,
				map[string]any{"tg": tg}, provider, "actors"),
			listed("actors(filter: {topic, asOf})", `query($top: ID, $day: Date) { actors(first: 100, filter: {topic: $top, asOf: $day}) { edges { node { id } } } }`,
				map[string]any{"top": topic}, provider, "actors"),
		}
	}},
	{"need", func(t *testing.T, s span) []view {
		tg := newVocabulary(t, "TargetGroup")
		id := str(get(mutate(t, "createNeed", "CreateNeedInput", s.input(map[string]any{
			"targetGroup": tg, "topic": topEducation, "neighbourhood": nbhLindenpark, "severity": "HIGH",
		}), "need { id }"), "need", "id"))
		cleanup(t, "deleteNeed", id)
		vars := map[string]any{"tg": tg}
		return []view{
			listed("needs(filter: {targetGroup, asOf})", `query($tg: ID, $day: Date) { needs(first: 100, filter: {targetGroup: $tg, asOf: $day}) { edges { node { id } } } }`,
				vars, id, "needs"),
			listed("needs(filter: {neighbourhood: district, minSeverity, asOf})", `query($tg: ID, $day: Date) {
			  needs(first: 100, filter: {neighbourhood: "nbh_nord", targetGroup: $tg, minSeverity: HIGH, asOf: $day}) { edges { node { id } } } }`,
				vars, id, "needs"),
			listed("Neighbourhood.needs of the quarter", `query($tg: ID, $day: Date) { neighbourhood(id: "nbh_lindenpark") { needs(filter: {targetGroup: $tg, asOf: $day}) { edges { node { id } } } } }`,
				vars, id, "neighbourhood", "needs"),
			listed("Neighbourhood.needs of the city", `query($tg: ID, $day: Date) { neighbourhood(id: "nbh_lindenbrueck") { needs(filter: {targetGroup: $tg, asOf: $day}) { edges { node { id } } } } }`,
				vars, id, "neighbourhood", "needs"),
		}
	}},
	{"membership", func(t *testing.T, s span) []view {
		a, n := newActor(t, "Mitglied "+uniq("m")), newNetwork(t, nbhLindenpark)
		id := str(get(mutate(t, "addMembership", "AddMembershipInput", s.input(map[string]any{"actor": a, "network": n, "role": "speaker"}), "membership { id }"), "membership", "id"))
		cleanup(t, "removeMembership", id)
		return []view{
			listed("Network.memberships", `query($n: ID!, $day: Date) { network(id: $n) { memberships(asOf: $day) { edges { node { id } } } } }`,
				map[string]any{"n": n}, id, "network", "memberships"),
			listed("Actor.memberships", `query($a: ID!, $day: Date) { actor(id: $a) { memberships(asOf: $day) { edges { node { id } } } } }`,
				map[string]any{"a": a}, id, "actor", "memberships"),
		}
	}},
	{"role", func(t *testing.T, s span) []view {
		a := newActor(t, "Arbeitgeber "+uniq("r"))
		name := "E2E Person " + uniq("p")
		p := str(get(mutate(t, "createPerson", "CreatePersonInput", map[string]any{"name": name}, "person { id }"), "person", "id"))
		cleanup(t, "deletePerson", p)
		id := str(get(mutate(t, "addRole", "AddRoleInput", s.input(map[string]any{"person": p, "actor": a, "title": "Sozialarbeiter"}), "role { id }"), "role", "id"))
		cleanup(t, "removeRole", id)
		return []view{
			listed("Person.roles", `query($p: ID!, $day: Date) { person(id: $p) { roles(asOf: $day) { edges { node { id } } } } }`,
				map[string]any{"p": p}, id, "person", "roles"),
			listed("Actor.roles", `query($a: ID!, $day: Date) { actor(id: $a) { roles(asOf: $day) { edges { node { id } } } } }`,
				map[string]any{"a": a}, id, "actor", "roles"),
			listed("people(filter: {actor, asOf})", `query($a: ID, $day: Date) { people(first: 100, filter: {actor: $a, asOf: $day}) { edges { node { id } } } }`,
				map[string]any{"a": a}, p, "people"),
			listed("people(filter: {nameContains, asOf})", `query($name: String, $day: Date) { people(first: 100, filter: {nameContains: $name, asOf: $day}) { edges { node { id } } } }`,
				map[string]any{"name": name}, p, "people"),
		}
	}},
	{"actor", func(t *testing.T, s span) []view {
		name := "E2E Verein " + uniq("v")
		id := str(get(mutate(t, "createActor", "CreateActorInput", s.input(map[string]any{
			"name": name, "kind": "ASSOCIATION", "sector": "CIVIL_SOCIETY", "neighbourhoods": []string{nbhLindenpark},
		}), "actor { id }"), "actor", "id"))
		cleanup(t, "deleteActor", id)
		vars := map[string]any{"name": name}
		return []view{
			listed("actors(filter: {asOf})", `query($name: String, $day: Date) { actors(first: 100, filter: {nameContains: $name, asOf: $day}) { edges { node { id } } } }`,
				vars, id, "actors"),
			listed("Neighbourhood.actors(filter: {asOf})", `query($name: String, $day: Date) { neighbourhood(id: "nbh_nord") { actors(first: 100, filter: {nameContains: $name, asOf: $day}) { edges { node { id } } } } }`,
				vars, id, "neighbourhood", "actors"),
		}
	}},
	{"network", func(t *testing.T, s span) []view {
		name := "E2E Runde " + uniq("n")
		id := str(get(mutate(t, "createNetwork", "CreateNetworkInput", s.input(map[string]any{
			"name": name, "kind": "WORKING_GROUP", "neighbourhoods": []string{nbhLindenpark},
		}), "network { id }"), "network", "id"))
		cleanup(t, "deleteNetwork", id)
		return []view{
			listed("networks(filter: {asOf})", `query($name: String, $day: Date) { networks(first: 100, filter: {nameContains: $name, asOf: $day}) { edges { node { id } } } }`,
				map[string]any{"name": name}, id, "networks"),
			listed("networks(filter: {neighbourhood, kinds, asOf})", `query($name: String, $day: Date) {
			  networks(first: 100, filter: {nameContains: $name, neighbourhood: "nbh_nord", kinds: [WORKING_GROUP], asOf: $day}) { edges { node { id } } } }`,
				map[string]any{"name": name}, id, "networks"),
		}
	}},
}

// TestAsOfBoundaries: a record with a span shows on every day of it and
// on no other, in every list that takes asOf. For a span from D1 to D2:
// not on D1-1, on D1, on D2, not on D2+1; a span of one day shows on that
// day only; open ends reach as far as one looks.
func TestAsOfBoundaries(t *testing.T) {
	needNeo4j(t)
	for _, k := range asOfKinds {
		for _, sp := range asOfSpans {
			t.Run(k.name+"/"+sp.name, func(t *testing.T) {
				views := k.setup(t, sp.span)
				for _, day := range sp.span.probeDays() {
					want := sp.span.holds(day)
					for _, v := range views {
						if got := v.shows(t, day); got != want {
							t.Errorf("%s on %s: shown %v, want %v (span %v)", v.name, day, got, want, sp.span)
						}
					}
				}
			})
		}
	}
}

// TestAsOfAliasesInOneQuery asks for the same actor's partners on the
// four days around a cooperation's span in one query; each alias sees its
// own day, as four separate queries do.
func TestAsOfAliasesInOneQuery(t *testing.T) {
	needNeo4j(t)
	a, b := newActor(t, "Jugendhilfe "+uniq("a")), newActor(t, "Jugendclub "+uniq("b"))
	id := str(get(mutate(t, "addCooperation", "AddCooperationInput", map[string]any{
		"from": a, "to": b, "kind": "REFERRAL", "validFrom": spanFrom, "validTo": spanTo,
	}, "cooperation { id }"), "cooperation", "id"))
	cleanup(t, "removeCooperation", id)
	days := map[string]string{"before": addDays(spanFrom, -1), "first": spanFrom, "last": spanTo, "after": addDays(spanTo, 1)}
	want := map[string]int{"before": 0, "first": 1, "last": 1, "after": 0}
	d := mustPost(t, `query($a: ID!, $b: ID!, $before: Date, $first: Date, $last: Date, $after: Date) {
	  from: actor(id: $a) {
	    before: partners(asOf: $before) { totalCount edges { node { id } } }
	    first: partners(asOf: $first) { totalCount edges { node { id } } }
	    last: partners(asOf: $last) { totalCount edges { node { id } } }
	    after: partners(asOf: $after) { totalCount edges { node { id } } } }
	  to: actor(id: $b) {
	    before: partners(asOf: $before) { totalCount }
	    first: partners(asOf: $first) { totalCount }
	    last: partners(asOf: $last) { totalCount }
	    after: partners(asOf: $after) { totalCount } } }`,
		map[string]any{"a": a, "b": b, "before": days["before"], "first": days["first"], "last": days["last"], "after": days["after"]})
	for alias, n := range want {
		if got := num(get(d, "from", alias, "totalCount")); got != n {
			t.Errorf("from.%s (asOf %s): %d partners, want %d", alias, days[alias], got, n)
		}
		if got := num(get(d, "to", alias, "totalCount")); got != n {
			t.Errorf("to.%s (asOf %s): %d partners, want %d", alias, days[alias], got, n)
		}
		if n == 1 && !slices.Equal(nodeIDs(get(d, "from", alias)), []string{b}) {
			t.Errorf("from.%s partners = %v, want [%s]", alias, nodeIDs(get(d, "from", alias)), b)
		}
	}
}

// TestAsOfDefaultsToToday: nested partners, roles and memberships without
// asOf show the network as it is today; root lists without asOf do not
// filter by time at all.
func TestAsOfDefaultsToToday(t *testing.T) {
	needNeo4j(t)
	today := time.Now().UTC().Format(time.DateOnly)
	yesterday, tomorrow := addDays(today, -1), addDays(today, 1)
	a := newActor(t, "Heute "+uniq("a"), nbhLindenpark)
	spans := map[string]span{"ended yesterday": {"2020-01-01", yesterday}, "ends today": {"2020-01-01", today}, "starts tomorrow": {tomorrow, ""}}
	current := map[string]bool{"ends today": true}
	coops, roles, mems, svcs := map[string]string{}, map[string]string{}, map[string]string{}, map[string]string{}
	net := newNetwork(t)
	for name, s := range spans {
		b := newActor(t, "Partner "+uniq("b"))
		coops[name] = str(get(mutate(t, "addCooperation", "AddCooperationInput", s.input(map[string]any{"from": b, "to": a, "kind": "JOINT_EVENTS"}), "cooperation { id }"), "cooperation", "id"))
		cleanup(t, "removeCooperation", coops[name])
		p := str(get(mutate(t, "createPerson", "CreatePersonInput", map[string]any{"name": "E2E " + uniq("p")}, "person { id }"), "person", "id"))
		cleanup(t, "deletePerson", p)
		roles[name] = str(get(mutate(t, "addRole", "AddRoleInput", s.input(map[string]any{"person": p, "actor": a, "title": name}), "role { id }"), "role", "id"))
		mems[name] = str(get(mutate(t, "addMembership", "AddMembershipInput", s.input(map[string]any{"actor": a, "network": net}), "membership { id }"), "membership", "id"))
		svcs[name] = newService(t, a, tgFamilies, topCulture, nbhLindenpark, s.input(map[string]any{}))
	}
	d := mustPost(t, `query($a: ID!, $n: ID!) {
	  actor(id: $a) { partners { edges { cooperation { id } } } roles { edges { node { id } } } memberships { edges { node { id } } }
	    allServices: services { edges { node { id } } } }
	  network(id: $n) { memberships { edges { node { id } } } }
	  services(first: 100, filter: {provider: $a}) { edges { node { id } } } }`, map[string]any{"a": a, "n": net})
	var partnerCoops []string
	for i := 0; i < count(get(d, "actor", "partners", "edges")); i++ {
		partnerCoops = append(partnerCoops, str(get(d, "actor", "partners", "edges", i, "cooperation", "id")))
	}
	for name := range spans {
		for _, c := range []struct {
			what string
			ids  []string
			id   string
		}{
			{"Actor.partners", partnerCoops, coops[name]},
			{"Actor.roles", nodeIDs(get(d, "actor", "roles")), roles[name]},
			{"Actor.memberships", nodeIDs(get(d, "actor", "memberships")), mems[name]},
			{"Network.memberships", nodeIDs(get(d, "network", "memberships")), mems[name]},
		} {
			if got := slices.Contains(c.ids, c.id); got != current[name] {
				t.Errorf("%s without asOf shows the record that %s: %v, want %v", c.what, name, got, current[name])
			}
		}
		// Lists with a filter argument follow the same rule (changed
		// deliberately: they showed all of history unless asked; see the
		// README's breaking changes).
		for _, c := range []struct {
			what string
			ids  []string
		}{
			{"services", nodeIDs(get(d, "services"))},
			{"Actor.services", nodeIDs(get(d, "actor", "allServices"))},
		} {
			if got := slices.Contains(c.ids, svcs[name]); got != current[name] {
				t.Errorf("%s without asOf shows the service that %s: %v, want %v", c.what, name, got, current[name])
			}
		}
	}
}

// TestAsOfAfterUpdatingTheSpan: updates move a span's ends, and asOf
// follows at once; null opens an end.
func TestAsOfAfterUpdatingTheSpan(t *testing.T) {
	needNeo4j(t)
	a, b := newActor(t, "Träger "+uniq("a")), newActor(t, "Projekt "+uniq("b"))
	id := str(get(mutate(t, "addCooperation", "AddCooperationInput", map[string]any{
		"from": a, "to": b, "kind": "FUNDING", "validFrom": spanFrom, "validTo": spanTo,
	}, "cooperation { id }"), "cooperation", "id"))
	cleanup(t, "removeCooperation", id)
	shows := func(day string) bool {
		_, ids := partnersOf(t, a, day)
		return slices.Contains(ids, id)
	}
	for _, step := range []struct {
		update map[string]any
		span   span
	}{
		{map[string]any{}, span{spanFrom, spanTo}},
		{map[string]any{"validTo": addDays(spanTo, 1)}, span{spanFrom, addDays(spanTo, 1)}},
		{map[string]any{"validFrom": addDays(spanFrom, 1)}, span{addDays(spanFrom, 1), addDays(spanTo, 1)}},
		{map[string]any{"validTo": nil}, span{addDays(spanFrom, 1), ""}},
		{map[string]any{"validFrom": nil, "validTo": spanFrom}, span{"", spanFrom}},
		{map[string]any{"validFrom": spanFrom}, span{spanFrom, spanFrom}},
	} {
		if len(step.update) > 0 {
			step.update["id"] = id
			mutate(t, "updateCooperation", "UpdateCooperationInput", step.update, "cooperation { id }")
		}
		for _, day := range append(step.span.probeDays(), addDays(spanFrom, 1), addDays(spanTo, 1), addDays(spanTo, 2)) {
			if got, want := shows(day), step.span.holds(day); got != want {
				t.Errorf("after update %v: partner on %s: %v, want %v (span %v)", step.update, day, got, want, step.span)
			}
		}
	}
}

// TestEventDateRangeBoundaries: from and to include the day itself.
func TestEventDateRangeBoundaries(t *testing.T) {
	needNeo4j(t)
	const day = "2025-02-28"
	id := str(get(mutate(t, "createEvent", "CreateEventInput", map[string]any{
		"name": "E2E Stichtag " + uniq("e"), "kind": "WORKSHOP", "date": day, "neighbourhood": nbhLindenpark,
	}, "event { id }"), "event", "id"))
	cleanup(t, "deleteEvent", id)
	for _, tc := range []struct {
		from, to any
		want     bool
	}{
		{day, nil, true}, {addDays(day, 1), nil, false}, {nil, day, true}, {nil, addDays(day, -1), false},
		{day, day, true}, {addDays(day, -1), addDays(day, 1), true}, {"2025-03-01", "2025-03-31", false},
	} {
		d := mustPost(t, `query($from: Date, $to: Date) { events(first: 100, filter: {from: $from, to: $to, neighbourhood: "nbh_lindenpark"}) { edges { node { id date } } } }`,
			map[string]any{"from": tc.from, "to": tc.to})
		if got := slices.Contains(nodeIDs(get(d, "events")), id); got != tc.want {
			t.Errorf("events(from: %v, to: %v) lists the event of %s: %v, want %v", tc.from, tc.to, day, got, tc.want)
		}
	}
}

// TestConfirmedBeforeBoundaries: confirmedBefore lists records confirmed
// strictly before the day, and those never confirmed.
func TestConfirmedBeforeBoundaries(t *testing.T) {
	needNeo4j(t)
	const day = "2025-06-15"
	provider := newActor(t, "Bestätigt "+uniq("a"), nbhLindenpark)
	confirmed := newService(t, provider, tgChildren, topEducation, nbhLindenpark, map[string]any{"record": map[string]any{"lastConfirmed": day}})
	never := newService(t, provider, tgChildren, topEducation, nbhLindenpark, nil)
	for _, tc := range []struct {
		before        string
		wantConfirmed bool
	}{{day, false}, {addDays(day, 1), true}, {addDays(day, -1), false}} {
		d := mustPost(t, `query($p: ID, $before: Date!) {
		  services(first: 100, filter: {provider: $p, confirmedBefore: $before}) { edges { node { id } } }
		  staleRecords(confirmedBefore: $before, first: 100) { totalCount edges { node { ... on Service { id } } } } }`,
			map[string]any{"p": provider, "before": tc.before})
		got := nodeIDs(get(d, "services"))
		if slices.Contains(got, confirmed) != tc.wantConfirmed || !slices.Contains(got, never) {
			t.Errorf("services(confirmedBefore: %s) = %v; want the one confirmed on %s: %v, the never confirmed one: true", tc.before, got, day, tc.wantConfirmed)
		}
		// Never confirmed records come first in the list to check again.
		if stale := nodeIDs(get(d, "staleRecords")); !slices.Contains(stale, never) {
			t.Errorf("staleRecords(confirmedBefore: %s) leaves out the service never confirmed", tc.before)
		}
	}
}
