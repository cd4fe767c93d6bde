package store

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Row-level access rules.
//
// Read statements mark every record they return with VIS(Kind,var), e.g.
// "MATCH (n:Actor) WHERE VIS(Actor,n)". Before a statement runs, collect
// replaces each mark with the rule of the caller's access (see
// domain.Access): `true` for callers who read everything, otherwise a
// Cypher condition over $accessDistricts. Because loaders of nested
// fields run the same marked statements, a nested field can never show a
// record its root field hides, and a record the caller may not see looks
// exactly like a missing one.
//
// Records belong to districts through the places they are tied to:
//   - an actor is in the districts of the quarters it is active in;
//   - a service, role and person follow their actor (a person is visible
//     through any role at a visible actor); a cooperation needs both
//     actors, a membership its actor and network;
//   - a need is in the district of its neighbourhood;
//   - a network is in the districts it covers or of a visible member;
//   - an event is where it is held or where its organiser is;
//   - a neighbourhood is visible inside, and on the way up to, a district
//     (so the city and the district itself show), and vocabularies are
//     always visible;
//   - a location is read only through its actor or service (VIS on the
//     owner, also in servicesByPlace, actorsByPlace and a gap's nearby
//     providers), and an outline through its neighbourhood: a location of
//     a hidden record is as missing as the record (locations.go,
//     nearby.go, nearby_needs.go, geometry.go).
//
// The public sees actors and networks marked public, the services of
// public actors and the events they organise, and all places; no people,
// roles, needs or cooperations; and no draft or archived actor or
// service (see publicRule).

var visMark = regexp.MustCompile(`VIS\((\w+),(\w+)\)`)

// visRule returns the condition under which the record bound to v is
// visible to a. Kinds and variables are constants of this package.
func visRule(kind, v string, a domain.Access) string {
	if kind == "Vocabulary" || kind == "Audit" {
		// Everyone reads the vocabularies; the schema keeps the audit
		// trail to admins.
		return "true"
	}
	if a.PublicOnly() {
		return publicRule(kind, v)
	}
	if a.ReadDistricts() == nil {
		return "true"
	}
	return districtRule(kind, v)
}

// inDistricts is the condition that place node v lies in one of the
// caller's districts.
func inDistricts(pattern, v string) string {
	return fmt.Sprintf("EXISTS { MATCH %s-[:PART_OF*0..]->(vd_%s:Neighbourhood) WHERE vd_%s.id IN $accessDistricts }", pattern, v, v)
}

func districtRule(kind, v string) string {
	switch kind {
	case "Actor":
		return inDistricts("("+v+")-[:ACTIVE_IN]->(:Neighbourhood)", v)
	case "Neighbourhood":
		return "(" + inDistricts("("+v+")", v) +
			fmt.Sprintf(" OR EXISTS { MATCH (vu_%s:Neighbourhood)-[:PART_OF*1..]->(%s) WHERE vu_%s.id IN $accessDistricts })", v, v, v)
	case "Service":
		return fmt.Sprintf("EXISTS { MATCH (va_%s:Actor)-[:OFFERS]->(%s) WHERE %s }", v, v, districtRule("Actor", "va_"+v))
	case "Need":
		return inDistricts("("+v+")-[:IN]->(:Neighbourhood)", v)
	case "Person":
		return fmt.Sprintf("EXISTS { MATCH (%s)-[:WORKS_AT]->(va_%s:Actor) WHERE %s }", v, v, districtRule("Actor", "va_"+v))
	case "Role":
		return fmt.Sprintf("EXISTS { MATCH ()-[%s]->(va_%s:Actor) WHERE %s }", v, v, districtRule("Actor", "va_"+v))
	case "Cooperation":
		return fmt.Sprintf("EXISTS { MATCH (va_%s:Actor)-[%s]->(vb_%s:Actor) WHERE %s AND %s }", v, v, v,
			districtRule("Actor", "va_"+v), districtRule("Actor", "vb_"+v))
	case "Membership":
		return fmt.Sprintf("EXISTS { MATCH (va_%s:Actor)-[%s]->(:Network) WHERE %s }", v, v, districtRule("Actor", "va_"+v))
	case "Network":
		return "(" + inDistricts("("+v+")-[:COVERS]->(:Neighbourhood)", v) +
			fmt.Sprintf(" OR EXISTS { MATCH (va_%s:Actor)-[:MEMBER_OF]->(%s) WHERE %s })", v, v, districtRule("Actor", "va_"+v))
	case "Event":
		return "(" + inDistricts("("+v+")-[:HELD_IN]->(:Neighbourhood)", v) +
			fmt.Sprintf(" OR EXISTS { MATCH (va_%s:Actor)-[:ORGANISED]->(%s) WHERE %s })", v, v, districtRule("Actor", "va_"+v))
	}
	panic("store: no access rule for " + kind)
}

// publicRule is what the public sees. Drafts and archived actors and
// services are not published, whatever their public flag says: a draft
// is unchecked data, an archived record a mistake or a leftover.
func publicRule(kind, v string) string {
	switch kind {
	case "Actor":
		return v + ".public = true AND " + activeIn(v)
	case "Network":
		return v + ".public = true"
	case "Neighbourhood":
		return "true"
	case "Service":
		return fmt.Sprintf("%s AND EXISTS { MATCH (va_%s:Actor {public: true})-[:OFFERS]->(%s) WHERE %s }", activeIn(v), v, v, activeIn("va_"+v))
	case "Event":
		return fmt.Sprintf("EXISTS { MATCH (va_%s:Actor {public: true})-[:ORGANISED]->(%s) WHERE %s }", v, v, activeIn("va_"+v))
	case "Membership":
		return fmt.Sprintf("EXISTS { MATCH (va_%s:Actor {public: true})-[%s]->(:Network {public: true}) WHERE %s }", v, v, activeIn("va_"+v))
	case "Need", "Person", "Role", "Cooperation":
		return "false"
	}
	panic("store: no access rule for " + kind)
}

// publicOrderMark stands before the name order of a root list of a kind
// the public sees by a public flag (see publicOrder).
var publicOrderMark = regexp.MustCompile(`PUBORDER\((\w+),(\w+)\)`)

// publicOrder is the mark that scoped turns into "v.public, " for the
// public and into nothing for everyone else: ordering by the flag the
// public's rule fixes to true lets Neo4j walk the (public, searchName,
// name, id) index in order, where otherwise it walks the name index and
// skips every record the public may not see, all of them in a city with
// no public actors.
func publicOrder(kind, v string) string {
	if kind != "Actor" && kind != "Network" {
		return ""
	}
	return "PUBORDER(" + kind + "," + v + ")"
}

// scoped replaces the VIS marks of cypher with the rules of a.
func scoped(cypher string, a domain.Access) string {
	if strings.Contains(cypher, "PUBORDER(") {
		cypher = publicOrderMark.ReplaceAllStringFunc(cypher, func(m string) string {
			if !a.PublicOnly() {
				return ""
			}
			return publicOrderMark.FindStringSubmatch(m)[2] + ".public, "
		})
	}
	if !strings.Contains(cypher, "VIS(") {
		return cypher
	}
	return visMark.ReplaceAllStringFunc(cypher, func(m string) string {
		sub := visMark.FindStringSubmatch(m)
		return "(" + visRule(sub[1], sub[2], a) + ")"
	})
}

// vis returns the mark of kind on variable v.
func vis(kind, v string) string { return "VIS(" + kind + "," + v + ")" }

// kindOf names the access rule of the nodes of a label: vocabularies
// share one, every other label is its own.
func kindOf(label string) string {
	if label == "TargetGroup" || label == "Topic" {
		return "Vocabulary"
	}
	return label
}
