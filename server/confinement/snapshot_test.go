package confinement_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/internal/neo4jtest"
)

// city is the zone of records tied to no district: the city node, the
// vocabularies, and place-less records (an actor or network without
// neighbourhoods, a person without roles). Such records are city-wide,
// and only admins may change them.
const city = "CITY"

// record is one node or relationship of the graph with the zones
// (district ids, or city) it belongs to.
type record struct {
	kind  string    // the node's main label, or the relationship's type
	id    string    // the id property, or "" for relationships without one
	ends  [2]string // ids of a relationship's start and end nodes
	body  string    // labels or type, ends and every property, sorted
	zones []string  // sorted
	// tied says the record is tied to some place or record; a city-wide
	// record that is not is place-less.
	tied bool

	// What undo needs to put the record back.
	element string         // elementId
	labels  []string       // of a node
	props   map[string]any // every property
}

// snapshot is the whole graph but the audit trail, by record key, and
// the number of audit entries.
type snapshot struct {
	records  map[string]record
	audit    int64
	auditIDs []string // elementIds of the audit entries
}

// placeZone is the zone of a place q: the district it lies in (or is),
// city for the city itself.
const placeZone = `coalesce(head([(q)-[:PART_OF*0..]->(d:Neighbourhood {level: 'DISTRICT'}) | d.id]), 'CITY')`

// snapshotNodes returns every node but audit entries and service
// listings (store/listing.go: an index kept in the graph, no record;
// the LISTED relationships to them are in snapshotRels) with the zones of
// the places it is tied to directly (places) and the nodes whose zones
// it inherits (follows), after the rules of store/access.go written
// anew: an actor is where it is active; a service where its provider is
// and where it is available; a person where the actors are that they
// work at; a need where it is; a network where it covers; an event where
// it is held, where its organiser is and where its network is.
const snapshotNodes = `
MATCH (n) WHERE NOT n:AuditEntry AND NOT n:ServiceListing
WITH n, CASE
    WHEN n:Neighbourhood THEN [n]
    WHEN n:Actor THEN [(n)-[:ACTIVE_IN]->(q) | q]
    WHEN n:Service THEN [(n)-[:AVAILABLE_IN]->(q) | q]
    WHEN n:Need THEN [(n)-[:IN]->(q) | q]
    WHEN n:Network THEN [(n)-[:COVERS]->(q) | q]
    WHEN n:Event THEN [(n)-[:HELD_IN]->(q) | q]
    WHEN n:Location THEN [(n)-[:IN_AREA]->(q) | q]
    WHEN n:Boundary THEN [(n)-[:OUTLINES]->(q) | q]
    ELSE [] END AS places
RETURN elementId(n) AS e, labels(n) AS labels, properties(n) AS p,
  [q IN places | ` + placeZone + `] AS placeZones,
  CASE
    WHEN n:Service THEN [(a:Actor)-[:OFFERS]->(n) | elementId(a)]
    WHEN n:Person THEN [(n)-[:WORKS_AT]->(a:Actor) | elementId(a)]
    WHEN n:Event THEN [(a:Actor)-[:ORGANISED]->(n) | elementId(a)] + [(n)-[:OF_NETWORK]->(w:Network) | elementId(w)]
    WHEN n:Location THEN [(o)-[:AT]->(n) | elementId(o)]
    ELSE [] END AS follows`

// snapshotRels returns every relationship but those of the audit trail;
// a service listing is known by its key.
const snapshotRels = `
MATCH (a)-[r]->(b) WHERE NOT a:AuditEntry AND NOT b:AuditEntry
RETURN type(r) AS t, properties(r) AS p, elementId(r) AS e, elementId(a) AS ea, elementId(b) AS eb, a.id AS ia, coalesce(b.id, b.key) AS ib`

// auditEntries returns the audit trail's entries.
const auditEntries = `MATCH (e:AuditEntry) RETURN elementId(e) AS e`

// relZones says whose zones a relationship takes: its start node's
// ("a"), its end node's ("b") or both ("ab"). A relationship type not
// listed here is city-wide, so that a new kind of tie is confined until
// the test learns about it.
var relZones = map[string]string{
	"PART_OF":         "a",  // a place is where it lies
	"ACTIVE_IN":       "ab", // the actor and the place
	"WORKS_AT":        "b",  // a role follows its actor
	"OFFERS":          "b",  // the service (provider and places)
	"FOR":             "a",  // a service's or need's target group
	"ON":              "a",  // a service's or need's topic
	"AVAILABLE_IN":    "a",  // the service
	"IN":              "a",  // the need
	"COOPERATES_WITH": "ab", // both actors
	"MEMBER_OF":       "ab", // the actor and the network
	"COVERS":          "a",  // the network
	"ORGANISED":       "ab", // the organiser and the event
	"PARTICIPATED_IN": "ab", // the participant and the event
	"HELD_IN":         "a",  // the event
	"OF_NETWORK":      "a",  // the event (which includes its network)
	"AT":              "ab", // the actor or service and its location
	"IN_AREA":         "ab", // the location and the area it lies in
	"OUTLINES":        "ab", // a boundary and its neighbourhood
	"LISTED":          "a",  // the service in a listing
}

// nodeKinds are the main labels of nodes, checked in this order.
var nodeKinds = []string{"Actor", "Neighbourhood", "Person", "Service", "Need", "Network", "Event", "TargetGroup", "Topic", "Location", "Boundary"}

// takeSnapshot reads the whole graph with the zones of every record.
func takeSnapshot(t testing.TB) snapshot {
	t.Helper()
	type node struct {
		rec        record
		placeZones []string
		follows    []string
	}
	nodes := map[string]*node{}
	for _, r := range neo4jtest.Query(t, drv, snapshotNodes, nil) {
		labels := strs(r["labels"])
		slices.Sort(labels)
		p := r["p"].(map[string]any)
		kind := strings.Join(labels, ":")
		for _, k := range nodeKinds {
			if slices.Contains(labels, k) {
				kind = k
				break
			}
		}
		id, _ := p["id"].(string)
		if kind == "Boundary" {
			// An outline is known by its neighbourhood.
			id, _ = p["neighbourhoodId"].(string)
		}
		nodes[r["e"].(string)] = &node{
			rec: record{kind: kind, id: id, body: strings.Join(labels, ":") + props(p),
				tied:    len(strs(r["placeZones"])) > 0 || len(strs(r["follows"])) > 0,
				element: r["e"].(string), labels: labels, props: p},
			placeZones: strs(r["placeZones"]),
			follows:    strs(r["follows"]),
		}
	}
	var zonesOf func(e string, depth int) []string
	zonesOf = func(e string, depth int) []string {
		n := nodes[e]
		if n.rec.zones != nil {
			return n.rec.zones
		}
		z := slices.Clone(n.placeZones)
		if depth < 3 {
			for _, f := range n.follows {
				z = append(z, zonesOf(f, depth+1)...)
			}
		}
		if len(z) == 0 {
			z = []string{city}
		}
		slices.Sort(z)
		return slices.Compact(z)
	}
	s := snapshot{records: map[string]record{}}
	for e, n := range nodes {
		n.rec.zones = zonesOf(e, 0)
	}
	for _, n := range nodes {
		s.records[n.rec.kind+" "+n.rec.id] = n.rec
	}
	for _, r := range neo4jtest.Query(t, drv, snapshotRels, nil) {
		typ := r["t"].(string)
		p := r["p"].(map[string]any)
		ia, _ := r["ia"].(string)
		ib, _ := r["ib"].(string)
		id, _ := p["id"].(string)
		rec := record{kind: typ, id: id, ends: [2]string{ia, ib}, body: fmt.Sprintf("%s %s->%s%s", typ, ia, ib, props(p)),
			tied: true, element: r["e"].(string), props: p}
		var z []string
		switch relZones[typ] {
		case "a":
			z = nodes[r["ea"].(string)].rec.zones
		case "b":
			z = nodes[r["eb"].(string)].rec.zones
		case "ab":
			z = append(slices.Clone(nodes[r["ea"].(string)].rec.zones), nodes[r["eb"].(string)].rec.zones...)
		default:
			z = []string{city}
		}
		z = slices.Clone(z)
		slices.Sort(z)
		rec.zones = slices.Compact(z)
		key := typ + " " + id
		if id == "" {
			key = typ + " " + ia + "->" + ib
		}
		for k, i := key, 2; ; i++ {
			if _, dup := s.records[k]; !dup {
				key = k
				break
			}
			k = fmt.Sprintf("%s#%d", key, i)
		}
		s.records[key] = rec
	}
	for _, r := range neo4jtest.Query(t, drv, auditEntries, nil) {
		s.auditIDs = append(s.auditIDs, r["e"].(string))
	}
	s.audit = int64(len(s.auditIDs))
	return s
}

// props renders properties sorted by name.
func props(p map[string]any) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(p)) {
		fmt.Fprintf(&b, " %s=%v", k, p[k])
	}
	return b.String()
}

// strs converts a Cypher list of strings.
func strs(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// foreign returns the zones of zones that are not among the caller's
// districts (city included: place-less records are admins').
func foreign(zones []string, districts []string) []string {
	var out []string
	for _, z := range zones {
		if !slices.Contains(districts, z) {
			out = append(out, z)
		}
	}
	return out
}

// change is a difference between two snapshots.
type change struct {
	key           string
	before, after *record
}

func (c change) String() string {
	var b strings.Builder
	b.WriteString(c.key)
	switch {
	case c.before == nil:
		fmt.Fprintf(&b, " created %v: %s", c.after.zones, short(c.after.body))
	case c.after == nil:
		fmt.Fprintf(&b, " deleted %v: %s", c.before.zones, short(c.before.body))
	case c.before.body == c.after.body:
		fmt.Fprintf(&b, " moved %v → %v", c.before.zones, c.after.zones)
	default:
		fmt.Fprintf(&b, " changed %v → %v: %s", c.before.zones, c.after.zones, bodyDiff(c.before.body, c.after.body))
	}
	return b.String()
}

// short cuts a record's body for a message.
func short(body string) string {
	if r := []rune(body); len(r) > 160 {
		return string(r[:160]) + "…"
	}
	return body
}

// bodyDiff names the properties that differ between two bodies.
func bodyDiff(a, b string) string {
	fa, fb := strings.Fields(a), strings.Fields(b)
	var out []string
	for _, f := range fa {
		if !slices.Contains(fb, f) {
			out = append(out, "-"+f)
		}
	}
	for _, f := range fb {
		if !slices.Contains(fa, f) {
			out = append(out, "+"+f)
		}
	}
	return short(strings.Join(out, " "))
}

// foreignChanges returns the changes from before to after of records
// that belong, before or after, to a zone outside districts: records
// created, deleted or changed, and records that were foreign and moved
// (a place-less actor given a place, i.e. claimed). A record of the
// caller's that merely loses or gains a zone through a tie of another
// record (a person whose only role is removed) is not a change of its
// own; the tie is.
func foreignChanges(before, after snapshot, districts []string) []change {
	var out []change
	keys := slices.Sorted(maps.Keys(before.records))
	for k := range after.records {
		if _, ok := before.records[k]; !ok {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		b, inB := before.records[k]
		a, inA := after.records[k]
		c := change{key: k}
		switch {
		case inB && inA && b.body == a.body:
			fb, fa := foreign(b.zones, districts), foreign(a.zones, districts)
			if len(fb) == 0 || slices.Equal(fb, fa) {
				continue
			}
			c.before, c.after = &b, &a
		case inB && inA:
			if len(foreign(b.zones, districts)) == 0 && len(foreign(a.zones, districts)) == 0 {
				continue
			}
			c.before, c.after = &b, &a
		case inB:
			if len(foreign(b.zones, districts)) == 0 {
				continue
			}
			c.before = &b
		default:
			if len(foreign(a.zones, districts)) == 0 {
				continue
			}
			c.after = &a
		}
		out = append(out, c)
	}
	return out
}

// allChanges returns every difference between before and after.
func allChanges(before, after snapshot) []change {
	var out []change
	for k, b := range before.records {
		a, ok := after.records[k]
		switch {
		case !ok:
			out = append(out, change{key: k, before: &b})
		case a.body != b.body:
			out = append(out, change{key: k, before: &b, after: &a})
		}
	}
	for k, a := range after.records {
		if _, ok := before.records[k]; !ok {
			out = append(out, change{key: k, after: &a})
		}
	}
	slices.SortFunc(out, func(x, y change) int { return strings.Compare(x.key, y.key) })
	return out
}
