package confinement_test

import (
	"fmt"
	"math/rand"
	"slices"

	"github.com/vektah/gqlparser/v2/ast"
)

// target is one call of a mutation: what it aims at, in words, and its
// variables.
type target struct {
	name string
	vars map[string]any
}

// generator makes the targets of one mutation for a coordinator of
// g.home. Targets whose records the world lacks are left out (pick
// returns ""), and the test fails when a mutation ends up with none.
type generator func(g *gen) []target

// gen holds what generators choose from: the schema (for enum values),
// the pools of record ids by kind and by where they lie relative to the
// caller's district, and the seeded random source.
type gen struct {
	rng    *rand.Rand
	schema *ast.Schema
	home   string
	pools  map[string][]string
	seq    int
}

// pick returns a random id of pool, or "" when it is empty.
func (g *gen) pick(pool string) string {
	ids := g.pools[pool]
	if len(ids) == 0 {
		return ""
	}
	return ids[g.rng.Intn(len(ids))]
}

// enum returns a random value of the enum type name.
func (g *gen) enum(name string) string {
	vals := g.schema.Types[name].EnumValues
	return vals[g.rng.Intn(len(vals))].Name
}

// fresh returns a new id with prefix, and a name to go with it.
func (g *gen) fresh(prefix string) (id, name string) {
	g.seq++
	return fmt.Sprintf("%s_wc-neu-%d", prefix, g.seq), fmt.Sprintf("Eingriffstest %d", g.seq)
}

// text returns a random description, so that an update changes
// something.
func (g *gen) text() string {
	return fmt.Sprintf("geändert im Eingriffstest %d", g.rng.Intn(1_000_000))
}

// one returns the targets whose ids are all known; each is (name, vars)
// and the ids its vars need.
func one(name string, vars map[string]any, need ...string) []target {
	if slices.Contains(need, "") {
		return nil
	}
	return []target{{name: name, vars: vars}}
}

// byID is the targets of a mutation that takes only an id, one per pool.
func byID(g *gen, pools ...string) []target {
	var out []target
	for _, p := range pools {
		id := g.pick(p)
		out = append(out, one(p, map[string]any{"id": id}, id)...)
	}
	return out
}

// updates is the targets of an update mutation: the input change(g)
// applied to one record of each pool.
func updates(g *gen, change func() map[string]any, pools ...string) []target {
	var out []target
	for _, p := range pools {
		id := g.pick(p)
		in := change()
		in["id"] = id
		out = append(out, one(p, map[string]any{"input": in}, id)...)
	}
	return out
}

func input(in map[string]any) map[string]any { return map[string]any{"input": in} }

// generators maps every mutation of the schema to its targets. Pools are
// "Kind/where": own (only in the caller's district), other (only in
// other districts), span (in the caller's and another), city (tied to
// the city as a whole), none (tied to nothing: place-less, also
// city-wide); Membership/out and /in are an own actor's membership in
// another district's network and the other way round, /out-city in a
// city-wide or place-less network; Actor/… pools
// name own actors with a tie into another district (cascades of
// deleteActor), Network/guest own networks with a member from another,
// Event/guest own events with a participant from another;
// see pools() in pools_test.go.
var generators = map[string]generator{
	// Places, vocabularies, imports and erasure are admins'; a
	// coordinator's call must change nothing, even inside its district.
	"createNeighbourhood": func(g *gen) []target {
		id, name := g.fresh("nbh")
		return one("quarter in own district", input(map[string]any{"id": id, "name": name, "level": "QUARTER", "parent": g.home}))
	},
	"updateNeighbourhood": func(g *gen) []target {
		return updates(g, func() map[string]any { return map[string]any{"description": g.text()} }, "Quarter/own", "Quarter/other")
	},
	"deleteNeighbourhood": func(g *gen) []target { return byID(g, "Quarter/own") },
	"createTargetGroup": func(g *gen) []target {
		g.seq++
		return one("new", input(map[string]any{"code": fmt.Sprintf("WC_%d", g.seq), "labelDe": "x", "labelEn": "x"}))
	},
	"updateTargetGroup": func(g *gen) []target {
		return updates(g, func() map[string]any { return map[string]any{"labelEn": g.text()} }, "TargetGroup/none")
	},
	"deleteTargetGroup": func(g *gen) []target { return byID(g, "TargetGroup/none") },
	"createTopic": func(g *gen) []target {
		g.seq++
		return one("new", input(map[string]any{"code": fmt.Sprintf("WC_%d", g.seq), "labelDe": "x", "labelEn": "x"}))
	},
	"updateTopic": func(g *gen) []target {
		return updates(g, func() map[string]any { return map[string]any{"labelEn": g.text()} }, "Topic/none")
	},
	"deleteTopic": func(g *gen) []target { return byID(g, "Topic/none") },
	"importFiles": func(g *gen) []target {
		q := g.pick("Quarter/other")
		csv := fmt.Sprintf("id,name,kind,sector,neighbourhoods\nact_wc-import,Import-Test,ASSOCIATION,CIVIL_SOCIETY,%s\n", q)
		return one("actor in another district", input(map[string]any{"files": []any{map[string]any{"name": "actors.csv", "content": csv}}}), q)
	},
	"erasePerson": func(g *gen) []target { return byID(g, "Person/own", "Person/other") },

	"createActor": func(g *gen) []target {
		var out []target
		for _, c := range []struct {
			name   string
			places []string
		}{
			{"in own quarter", []string{g.pick("Quarter/own")}},
			{"in other district's quarter", []string{g.pick("Quarter/other")}},
			{"in own and other district", []string{g.pick("Quarter/own"), g.pick("Quarter/other")}},
			{"in the city as a whole", []string{g.pick("City/none")}},
			{"place-less", []string{}},
		} {
			id, name := g.fresh("act")
			out = append(out, one(c.name, input(map[string]any{"id": id, "name": name, "kind": g.enum("ActorKind"),
				"sector": g.enum("Sector"), "neighbourhoods": c.places}), c.places...)...)
		}
		// A location is a place too: an actor of the own quarter
		// located in another district's quarter touches that district.
		for _, c := range []struct{ name, at string }{
			{"in own quarter, located in own quarter", g.pick("Quarter/own")},
			{"in own quarter, located in other district's quarter", g.pick("Quarter/other")},
		} {
			id, name := g.fresh("act")
			own := g.pick("Quarter/own")
			out = append(out, one(c.name, input(map[string]any{"id": id, "name": name, "kind": g.enum("ActorKind"),
				"sector": g.enum("Sector"), "neighbourhoods": []string{own}, "locations": []any{map[string]any{
					"name": "Eingang", "latitude": 52.5, "longitude": 13.4, "neighbourhood": c.at}}}), own, c.at)...)
		}
		return out
	},
	"setLocations": func(g *gen) []target {
		at := func(quarter string) []any {
			return []any{map[string]any{"name": "Eingang", "latitude": 52.5, "longitude": 13.4, "neighbourhood": quarter}}
		}
		var out []target
		for _, c := range []struct{ name, record, quarter string }{
			{"own actor placed in own quarter", g.pick("Actor/own"), g.pick("Quarter/own")},
			{"own actor placed in other district's quarter", g.pick("Actor/own"), g.pick("Quarter/other")},
			{"other district's actor placed in own quarter", g.pick("Actor/other"), g.pick("Quarter/own")},
			{"own service placed in other district's quarter", g.pick("Service/own"), g.pick("Quarter/other")},
			{"spanning actor placed in own quarter", g.pick("Actor/span"), g.pick("Quarter/own")},
		} {
			out = append(out, one(c.name, input(map[string]any{"record": c.record, "locations": at(c.quarter)}), c.record, c.quarter)...)
		}
		other := g.pick("Service/other")
		return append(out, one("other district's service's locations cleared", input(map[string]any{"record": other, "locations": []any{}}), other)...)
	},
	"updateActor": func(g *gen) []target {
		out := updates(g, func() map[string]any { return map[string]any{"description": g.text()} },
			"Actor/own", "Actor/other", "Actor/span", "Actor/none", "Actor/city")
		own, q, oq := g.pick("Actor/own"), g.pick("Quarter/other"), g.pick("Quarter/own")
		out = append(out, one("own actor moved to other district", input(map[string]any{"id": own, "neighbourhoods": []string{q}}), own, q)...)
		own = g.pick("Actor/own")
		out = append(out, one("own actor extended to other district", input(map[string]any{"id": own, "neighbourhoods": []string{oq, q}}), own, q, oq)...)
		own = g.pick("Actor/own")
		out = append(out, one("own actor made place-less", input(map[string]any{"id": own, "neighbourhoods": []string{}}), own)...)
		none := g.pick("Actor/none")
		out = append(out, one("place-less actor claimed", input(map[string]any{"id": none, "neighbourhoods": []string{oq}}), none, oq)...)
		span := g.pick("Actor/span")
		out = append(out, one("spanning actor pulled into own district", input(map[string]any{"id": span, "neighbourhoods": []string{oq}}), span, oq)...)
		return out
	},
	"deleteActor": func(g *gen) []target {
		return append(byID(g, "Actor/plain", "Actor/other", "Actor/span", "Actor/none", "Actor/city",
			"Actor/coop-out", "Actor/service-out", "Actor/event-out", "Actor/member-out"),
			target{"own actor with every tie into Mitte (fixture)", map[string]any{"id": actorHub}})
	},

	"createService": func(g *gen) []target {
		var out []target
		for _, c := range []struct{ name, provider, place string }{
			{"own provider, own quarter", g.pick("Actor/own"), g.pick("Quarter/own")},
			{"own provider, other district's quarter", g.pick("Actor/own"), g.pick("Quarter/other")},
			{"other district's provider, own quarter", g.pick("Actor/other"), g.pick("Quarter/own")},
			{"place-less provider, own quarter", g.pick("Actor/none"), g.pick("Quarter/own")},
			{"own provider, whole city", g.pick("Actor/own"), g.pick("City/none")},
		} {
			id, name := g.fresh("svc")
			out = append(out, one(c.name, input(map[string]any{"id": id, "name": name, "provider": c.provider,
				"targetGroups": []string{g.pick("TargetGroup/none")}, "topics": []string{g.pick("Topic/none")},
				"neighbourhoods": []string{c.place}}), c.provider, c.place)...)
		}
		own, q, oq := g.pick("Actor/own"), g.pick("Quarter/own"), g.pick("Quarter/other")
		id, name := g.fresh("svc")
		out = append(out, one("own provider, own quarter, located in other district's quarter", input(map[string]any{"id": id, "name": name,
			"provider": own, "targetGroups": []string{g.pick("TargetGroup/none")}, "topics": []string{g.pick("Topic/none")},
			"neighbourhoods": []string{q}, "locations": []any{map[string]any{"latitude": 52.5, "longitude": 13.4, "neighbourhood": oq}}}), own, q, oq)...)
		return out
	},
	"updateService": func(g *gen) []target {
		out := updates(g, func() map[string]any { return map[string]any{"description": g.text()} },
			"Service/own", "Service/other", "Service/span", "Service/city")
		own, q, a := g.pick("Service/own"), g.pick("Quarter/other"), g.pick("Actor/other")
		out = append(out, one("own service moved to other district", input(map[string]any{"id": own, "neighbourhoods": []string{q}}), own, q)...)
		own = g.pick("Service/own")
		out = append(out, one("own service handed to other district's provider", input(map[string]any{"id": own, "provider": a}), own, a)...)
		return out
	},
	"deleteService": func(g *gen) []target {
		return byID(g, "Service/own", "Service/other", "Service/span", "Service/city")
	},
	"createNeed": func(g *gen) []target {
		var out []target
		for _, c := range []struct{ name, place string }{
			{"in own quarter", g.pick("Quarter/own")},
			{"in other district's quarter", g.pick("Quarter/other")},
			{"in the city as a whole", g.pick("City/none")},
		} {
			id, _ := g.fresh("ned")
			out = append(out, one(c.name, input(map[string]any{"id": id, "targetGroup": g.pick("TargetGroup/none"),
				"topic": g.pick("Topic/none"), "neighbourhood": c.place, "severity": g.enum("Severity")}), c.place)...)
		}
		return out
	},
	"updateNeed": func(g *gen) []target {
		return updates(g, func() map[string]any { return map[string]any{"description": g.text()} }, "Need/own", "Need/other")
	},
	"deleteNeed": func(g *gen) []target { return byID(g, "Need/own", "Need/other") },

	"createPerson": func(g *gen) []target {
		id, name := g.fresh("per")
		return one("without roles (city-wide)", input(map[string]any{"id": id, "name": name}))
	},
	"updatePerson": func(g *gen) []target {
		return updates(g, func() map[string]any {
			return map[string]any{"email": fmt.Sprintf("wc%d@example.org", g.rng.Intn(1e6))}
		},
			"Person/own", "Person/other", "Person/span", "Person/none", "Person/city")
	},
	"deletePerson": func(g *gen) []target {
		return byID(g, "Person/own", "Person/other", "Person/span", "Person/none", "Person/city")
	},
	"addRole": func(g *gen) []target {
		var out []target
		for _, c := range []struct{ name, person, actor string }{
			{"own person at own actor", g.pick("Person/own"), g.pick("Actor/own")},
			{"own person at other district's actor", g.pick("Person/own"), g.pick("Actor/other")},
			{"other district's person at own actor", g.pick("Person/other"), g.pick("Actor/own")},
			{"role-less person claimed by own actor", g.pick("Person/none"), g.pick("Actor/own")},
			{"own person at place-less actor", g.pick("Person/own"), g.pick("Actor/none")},
		} {
			id, _ := g.fresh("rol")
			out = append(out, one(c.name, input(map[string]any{"id": id, "person": c.person, "actor": c.actor, "title": "Testrolle"}), c.person, c.actor)...)
		}
		return out
	},
	"updateRole": func(g *gen) []target {
		return updates(g, func() map[string]any { return map[string]any{"title": g.text()} }, "Role/own", "Role/other", "Role/span", "Role/city")
	},
	"removeRole": func(g *gen) []target { return byID(g, "Role/own", "Role/other", "Role/span", "Role/city") },

	"addCooperation": func(g *gen) []target {
		var out []target
		for _, c := range []struct{ name, from, to string }{
			{"own with own", g.pick("Actor/own"), g.pick("Actor/own")},
			{"own with other district's", g.pick("Actor/own"), g.pick("Actor/other")},
			{"other district's with own", g.pick("Actor/other"), g.pick("Actor/own")},
			{"within other district", g.pick("Actor/other"), g.pick("Actor/other")},
			{"own with place-less", g.pick("Actor/own"), g.pick("Actor/none")},
		} {
			if c.from == c.to {
				continue
			}
			id, _ := g.fresh("coo")
			out = append(out, one(c.name, input(map[string]any{"id": id, "from": c.from, "to": c.to, "kind": g.enum("CooperationKind")}), c.from, c.to)...)
		}
		return out
	},
	"updateCooperation": func(g *gen) []target {
		return updates(g, func() map[string]any { return map[string]any{"description": g.text()} },
			"Cooperation/own", "Cooperation/other", "Cooperation/span", "Cooperation/city")
	},
	"removeCooperation": func(g *gen) []target {
		return byID(g, "Cooperation/own", "Cooperation/other", "Cooperation/span", "Cooperation/city")
	},

	"createNetwork": func(g *gen) []target {
		var out []target
		for _, c := range []struct {
			name   string
			places []string
		}{
			{"covering own quarter", []string{g.pick("Quarter/own")}},
			{"covering other district's quarter", []string{g.pick("Quarter/other")}},
			{"covering own and other district", []string{g.pick("Quarter/own"), g.pick("Quarter/other")}},
			{"place-less", []string{}},
		} {
			id, name := g.fresh("net")
			out = append(out, one(c.name, input(map[string]any{"id": id, "name": name, "kind": g.enum("NetworkKind"), "neighbourhoods": c.places}), c.places...)...)
		}
		return out
	},
	"updateNetwork": func(g *gen) []target {
		out := updates(g, func() map[string]any { return map[string]any{"description": g.text()} },
			"Network/own", "Network/other", "Network/span", "Network/none", "Network/city")
		own, q, oq := g.pick("Network/own"), g.pick("Quarter/other"), g.pick("Quarter/own")
		out = append(out, one("own network extended to other district", input(map[string]any{"id": own, "neighbourhoods": []string{oq, q}}), own, q, oq)...)
		own = g.pick("Network/own")
		out = append(out, one("own network made place-less", input(map[string]any{"id": own, "neighbourhoods": []string{}}), own)...)
		none := g.pick("Network/none")
		out = append(out, one("place-less network claimed", input(map[string]any{"id": none, "neighbourhoods": []string{oq}}), none, oq)...)
		return out
	},
	"deleteNetwork": func(g *gen) []target {
		return byID(g, "Network/plain", "Network/guest", "Network/other", "Network/span", "Network/none", "Network/city")
	},
	"addMembership": func(g *gen) []target {
		var out []target
		for _, c := range []struct{ name, actor, network, role string }{
			{"own actor in own network", g.pick("Actor/own"), g.pick("Network/own"), ""},
			{"own actor in other district's network", g.pick("Actor/own"), g.pick("Network/other"), ""},
			{"own actor as speaker of other district's network", g.pick("Actor/own"), g.pick("Network/other"), "Sprecher"},
			{"other district's actor in own network", g.pick("Actor/other"), g.pick("Network/own"), ""},
			{"own actor in place-less network", g.pick("Actor/own"), g.pick("Network/none"), ""},
			{"own actor in city-wide network", g.pick("Actor/own"), g.pick("Network/city"), ""},
			{"place-less actor in own network", g.pick("Actor/none"), g.pick("Network/own"), ""},
		} {
			id, _ := g.fresh("mem")
			in := map[string]any{"id": id, "actor": c.actor, "network": c.network}
			if c.role != "" {
				in["role"] = c.role
			}
			out = append(out, one(c.name, input(in), c.actor, c.network)...)
		}
		return out
	},
	"updateMembership": func(g *gen) []target {
		return updates(g, func() map[string]any { return map[string]any{"role": "Sprecher"} },
			"Membership/own", "Membership/other", "Membership/out", "Membership/out-city", "Membership/in", "Membership/city")
	},
	"removeMembership": func(g *gen) []target {
		return byID(g, "Membership/own", "Membership/other", "Membership/out", "Membership/out-city", "Membership/in", "Membership/city")
	},
	"createEvent": func(g *gen) []target {
		// ev makes one target; "-" leaves a field out, "" (an empty
		// pool) leaves the target out.
		ev := func(name, place, organiser, network, participant string) []target {
			id, title := g.fresh("evt")
			in := map[string]any{"id": id, "name": title, "kind": g.enum("EventKind"), "date": "2026-11-20"}
			var need []string
			for k, v := range map[string]string{"neighbourhood": place, "organiser": organiser, "network": network, "participants": participant} {
				if v == "-" {
					continue
				}
				need = append(need, v)
				if k == "participants" {
					in[k] = []string{v}
				} else {
					in[k] = v
				}
			}
			return one(name, input(in), need...)
		}
		var out []target
		out = append(out, ev("own quarter, own organiser", g.pick("Quarter/own"), g.pick("Actor/own"), "-", "-")...)
		out = append(out, ev("other district's quarter", g.pick("Quarter/other"), "-", "-", "-")...)
		out = append(out, ev("own quarter, other district's organiser", g.pick("Quarter/own"), g.pick("Actor/other"), "-", "-")...)
		out = append(out, ev("own quarter, of other district's network", g.pick("Quarter/own"), "-", g.pick("Network/other"), "-")...)
		out = append(out, ev("own quarter, other district's participant", g.pick("Quarter/own"), "-", "-", g.pick("Actor/other"))...)
		out = append(out, ev("own quarter, of place-less network", g.pick("Quarter/own"), "-", g.pick("Network/none"), "-")...)
		out = append(out, ev("place-less", "-", "-", "-", "-")...)
		return out
	},
	"updateEvent": func(g *gen) []target {
		out := updates(g, func() map[string]any { return map[string]any{"description": g.text()} },
			"Event/own", "Event/other", "Event/span", "Event/none", "Event/city")
		own, n := g.pick("Event/own"), g.pick("Network/other")
		out = append(out, one("own event attached to other district's network", input(map[string]any{"id": own, "network": n}), own, n)...)
		own, q := g.pick("Event/own"), g.pick("Quarter/other")
		out = append(out, one("own event moved to other district", input(map[string]any{"id": own, "neighbourhood": q}), own, q)...)
		own, a := g.pick("Event/own"), g.pick("Actor/other")
		out = append(out, one("own event given other district's participant", input(map[string]any{"id": own, "participants": []string{a}}), own, a)...)
		own, a = g.pick("Event/own"), g.pick("Actor/other")
		out = append(out, one("own event handed to other district's organiser", input(map[string]any{"id": own, "organiser": a}), own, a)...)
		guest := g.pick("Event/guest")
		out = append(out, one("own event's guests from other districts dropped", input(map[string]any{"id": guest, "participants": []string{}}), guest)...)
		return out
	},
	// Contact points change their actor or service.
	"setContactPoints": func(g *gen) []target {
		var out []target
		for _, pool := range []string{"Actor/own", "Actor/other", "Actor/span", "Actor/none", "Service/own", "Service/other", "Service/span", "Service/city"} {
			id := g.pick(pool)
			out = append(out, one(pool, input(map[string]any{"record": id, "contactPoints": []map[string]any{{
				"function": "Anmeldung " + g.text(), "phone": "030 1234567", "email": "anmeldung@example.org", "languages": []string{"de", "ar"},
				"openingHours": []map[string]any{{"days": []string{"MO", "TH"}, "opens": "09:00", "closes": "12:00"}},
			}}}), id)...)
		}
		own, role := g.pick("Actor/own"), g.pick("Role/other")
		out = append(out, one("own actor, another district's role", input(map[string]any{"record": own,
			"contactPoints": []map[string]any{{"function": "Leitung", "role": role}}}), own, role)...)
		return out
	},
	"setResponsibleRole": func(g *gen) []target {
		var out []target
		for _, pool := range []string{"Service/own", "Service/other", "Service/span", "Service/city"} {
			id := g.pick(pool)
			out = append(out, one(pool+", cleared", map[string]any{"service": id, "role": nil}, id)...)
		}
		own, role := g.pick("Service/own"), g.pick("Role/other")
		out = append(out, one("own service, another district's role", map[string]any{"service": own, "role": role}, own, role)...)
		return out
	},
	// Confirming writes each record named: a list with one record the
	// coordinator may not change must change nothing at all.
	"confirmRecords": func(g *gen) []target {
		var out []target
		for _, c := range []struct {
			name  string
			pools []string
		}{
			{"own records of every kind", []string{"Actor/own", "Service/own", "Need/own", "Role/own", "Membership/own",
				"Cooperation/own", "Network/own", "Person/own"}},
			// Own events may have guests from elsewhere (the write rule
			// counts participants): allowed or refused, never leaking.
			{"own record and an own event", []string{"Actor/own", "Event/own"}},
			{"own records and one of another district", []string{"Service/own", "Role/own", "Service/other"}},
			{"own record and one across districts", []string{"Actor/own", "Cooperation/span"}},
			{"own record and a membership in another district's network", []string{"Need/own", "Membership/out"}},
			{"own record and a city-wide one", []string{"Need/own", "Event/city"}},
			{"own record and a quarter of the own district", []string{"Actor/own", "Quarter/own"}},
			{"own record and a vocabulary entry", []string{"Actor/own", "TargetGroup/none"}},
		} {
			var ids []string
			for _, p := range c.pools {
				if id := g.pick(p); id != "" && !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
			}
			if len(ids) == len(c.pools) || (c.name == "own records of every kind" && len(ids) > 0) {
				out = append(out, target{name: c.name, vars: map[string]any{"ids": ids, "on": "2026-11-30"}})
			}
		}
		return out
	},
	"deleteEvent": func(g *gen) []target {
		return byID(g, "Event/own", "Event/guest", "Event/other", "Event/span", "Event/none", "Event/city")
	},
}
