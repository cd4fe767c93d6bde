package confinement_test

import (
	"slices"
	"strings"
)

// pools sorts the records of s into the pools generators pick from (see
// generators), relative to district home.
func pools(s snapshot, home string) map[string][]string {
	class := func(z []string) string {
		switch {
		case len(z) == 1 && z[0] == city:
			return "city"
		case len(z) == 1 && z[0] == home:
			return "own"
		case slices.Contains(z, home):
			return "span"
		default:
			return "other"
		}
	}
	relKinds := map[string]string{"COOPERATES_WITH": "Cooperation", "MEMBER_OF": "Membership", "WORKS_AT": "Role"}
	byID := map[string]record{}
	for _, r := range s.records {
		if r.id != "" && r.ends == [2]string{} {
			byID[r.id] = r
		}
	}
	out := map[string][]string{}
	add := func(pool, id string) {
		if !slices.Contains(out[pool], id) {
			out[pool] = append(out[pool], id)
		}
	}
	// outward: own records with a tie that belongs elsewhere.
	outward := map[string]bool{}
	for _, r := range s.records {
		switch {
		case r.kind == "Neighbourhood":
			switch {
			case strings.Contains(r.body, " level=QUARTER"):
				add("Quarter/"+class(r.zones), r.id)
			case strings.Contains(r.body, " level=CITY"):
				add("City/none", r.id)
			}
		case r.ends == [2]string{}:
			c := class(r.zones)
			if c == "city" && !r.tied {
				c = "none"
			}
			add(r.kind+"/"+c, r.id)
		default:
			if k := relKinds[r.kind]; k != "" {
				add(k+"/"+class(r.zones), r.id)
			}
			if class(r.zones) == "own" {
				continue
			}
			for _, end := range r.ends {
				outward[end] = true
			}
			a, b := byID[r.ends[0]], byID[r.ends[1]]
			ownA, ownB := class(a.zones) == "own", class(b.zones) == "own"
			switch r.kind {
			case "COOPERATES_WITH":
				for _, e := range []record{a, b} {
					if class(e.zones) == "own" {
						add("Actor/coop-out", e.id)
					}
				}
			case "OFFERS":
				if ownA && !ownB {
					add("Actor/service-out", a.id)
				}
			case "PARTICIPATED_IN", "ORGANISED":
				if ownA && !ownB {
					add("Actor/event-out", a.id)
				}
				if ownB && !ownA {
					add("Event/guest", b.id)
				}
			case "MEMBER_OF":
				if ownA && !ownB {
					add("Actor/member-out", a.id)
				}
				switch {
				case ownA && (class(b.zones) == "other" || class(b.zones) == "span"):
					add("Membership/out", r.id)
				case ownA && !ownB:
					add("Membership/out-city", r.id)
				}
				if ownB && !ownA {
					add("Network/guest", b.id)
					add("Membership/in", r.id)
				}
			}
		}
	}
	for _, id := range out["Actor/own"] {
		if !outward[id] {
			add("Actor/plain", id)
		}
	}
	for _, id := range out["Network/own"] {
		if !outward[id] {
			add("Network/plain", id)
		}
	}
	// The fixture actorHub has every outward tie and a target of its own;
	// the cascade pools prefer the demo's actors.
	for _, p := range []string{"Actor/coop-out", "Actor/service-out", "Actor/event-out", "Actor/member-out"} {
		if len(out[p]) > 1 {
			out[p] = slices.DeleteFunc(out[p], func(id string) bool { return id == actorHub })
		}
	}
	for _, ids := range out {
		slices.Sort(ids)
	}
	return out
}
