package noninterference_test

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/internal/neo4jtest"
	"github.com/kiezgraph/kiezgraph/store"
)

// A plan of hidden records: what phase 2 adds for one principal, and
// the ids phase 1 already asks for (as missing ones). Records are made
// by copying the properties of existing records of the demo city, so
// that they read like any other (every property the store maps is
// there), with new ids and names that share the words of visible
// records, and are tied to places and records by the access rules of
// store/access.go so that the principal may not see them.
type plan struct {
	// stmts run in order to add the records.
	stmts []stmt
	// nodes and rels are the ids of added nodes and relationships with
	// ids; deleting them (nodes detached) removes everything added.
	nodes, rels []string
	// visible are ids of records the principal sees that hidden records
	// are linked to; words are words of their names.
	visible, words []string
	// restore undoes changes to existing records (the researcher's).
	restore []stmt
}

type stmt struct {
	cypher string
	params map[string]any
}

func (p *plan) add(cypher string, params map[string]any) {
	p.stmts = append(p.stmts, stmt{cypher, params})
}

// ids returns the ids by prefix of every added record.
func (p *plan) ids() []string { return append(slices.Clone(p.nodes), p.rels...) }

// world is what the planner knows of the demo city.
type world struct {
	districts map[string][]string // district → its quarters
	r         *rand.Rand
	seq       int
	tag       string
}

// locations plans copies of like's locations for the hidden owner.
func (w *world) locations(t *testing.T, pl *plan, like, owner string) {
	t.Helper()
	var ids []string
	for range strs(t, "MATCH (o)-[:AT]->(l:Location) WHERE o.id = $like RETURN l.id AS id", "id", map[string]any{"like": like}) {
		ids = append(ids, w.newID("loc"))
	}
	if len(ids) == 0 {
		return
	}
	pl.add(cloneLocations, map[string]any{"like": like, "owner": owner, "ids": ids})
	pl.nodes = append(pl.nodes, ids...)
}

func (w *world) newID(prefix string) string {
	w.seq++
	return fmt.Sprintf("%s_ni-%s-%d", prefix, w.tag, w.seq)
}

// strs runs cypher and returns column c of every record as strings.
func strs(t *testing.T, cypher, c string, params map[string]any) []string {
	t.Helper()
	var out []string
	for _, r := range neo4jtest.Query(t, drv, cypher, params) {
		if s, ok := r[c].(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// sample draws up to n of xs, sorted first so that the draw depends only
// on the seed.
func sample(r *rand.Rand, xs []string, n int) []string {
	xs = slices.Clone(xs)
	slices.Sort(xs)
	r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
	return xs[:min(n, len(xs))]
}

// nameWords returns the words of name of at least four letters.
func nameWords(name string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(name, func(r rune) bool {
		return r == ' ' || r == '-' || r == '/' || r == ',' || r == '(' || r == ')' || r == '.'
	}) {
		if len([]rune(w)) >= 4 {
			out = append(out, w)
		}
	}
	return out
}

// Cypher of the copies. Labels and relationship types are constants;
// everything else is a parameter.
const (
	cloneActor = `
MATCH (v:Actor {id: $like}), (q:Neighbourhood {id: $place})
CREATE (h:Actor)-[:ACTIVE_IN]->(q)
SET h = v {.*, id: $id, externalKey: $id, name: v.name + $suffix,
    searchName: v.searchName + $folded, public: $public}
REMOVE h.validTo
FOREACH (_ IN CASE WHEN v:Institution THEN [1] ELSE [] END | SET h:Institution)
FOREACH (_ IN CASE WHEN v:Organisation THEN [1] ELSE [] END | SET h:Organisation)`
	cloneCooperation = `
MATCH (a:Actor {id: $from}), (b:Actor {id: $to}), ()-[c:COOPERATES_WITH {id: $like}]->()
CREATE (a)-[r:COOPERATES_WITH]->(b)
SET r = c {.*, id: $id, externalKey: $id}
REMOVE r.validTo`
	cloneService = `
MATCH (src:Service {id: $like}), (h:Actor {id: $provider})
CREATE (h)-[:OFFERS]->(s:Service)
SET s = src {.*, id: $id, externalKey: $id, name: src.name + $suffix, searchName: src.searchName + $folded}
REMOVE s.validTo`
	// cloneLocations gives record $owner copies of the locations of
	// record $like, at the same points and in the same neighbourhoods:
	// hidden records where visible ones are. $ids are the new ids.
	cloneLocations = `
MATCH (src)-[:AT]->(l:Location) WHERE src.id = $like
WITH l ORDER BY l.id LIMIT size($ids)
WITH collect(l) AS ls
MATCH (h) WHERE h.id = $owner
UNWIND range(0, size(ls) - 1) AS i
WITH h, ls[i] AS l, $ids[i] AS id
CREATE (h)-[:AT]->(c:Location)
SET c = l {.*, id: id}
WITH l, c
OPTIONAL MATCH (l)-[:IN_AREA]->(q:Neighbourhood)
FOREACH (_ IN CASE WHEN q IS NULL THEN [] ELSE [1] END | CREATE (c)-[:IN_AREA]->(q))`
	// serviceFor ties service $id to the target group and topic of
	// record $of (a need or a service) and to the places $places.
	serviceFor = `
MATCH (s:Service {id: $id}), (of {id: $of})
WITH s, of
MATCH (of)-[:FOR]->(tg:TargetGroup)
MERGE (s)-[:FOR]->(tg)
WITH DISTINCT s, of
MATCH (of)-[:ON]->(tp:Topic)
MERGE (s)-[:ON]->(tp)
WITH DISTINCT s
UNWIND $places AS place
MATCH (q:Neighbourhood {id: place})
MERGE (s)-[:AVAILABLE_IN]->(q)`
	cloneNeed = `
MATCH (src:Need {id: $like}), (q:Neighbourhood {id: $place})
CREATE (n:Need)-[:IN]->(q)
SET n = src {.*, id: $id, externalKey: $id}
REMOVE n.validTo
WITH n, src
MATCH (src)-[:FOR]->(tg:TargetGroup)
CREATE (n)-[:FOR]->(tg)
WITH DISTINCT n, src
MATCH (src)-[:ON]->(tp:Topic)
CREATE (n)-[:ON]->(tp)`
	cloneNetwork = `
MATCH (src:Network {id: $like})
CREATE (n:Network)
SET n = src {.*, id: $id, externalKey: $id, name: src.name + $suffix,
    searchName: src.searchName + $folded, public: $public}
REMOVE n.validTo
WITH n
UNWIND $places AS place
MATCH (q:Neighbourhood {id: place})
CREATE (n)-[:COVERS]->(q)`
	cloneMembership = `
MATCH (a:Actor {id: $actor}), (n:Network {id: $network}), ()-[m:MEMBER_OF {id: $like}]->()
CREATE (a)-[r:MEMBER_OF]->(n)
SET r = m {.*, id: $id, externalKey: $id}
REMOVE r.validTo`
	cloneEvent = `
MATCH (src:Event {id: $like}), (q:Neighbourhood {id: $place}), (o:Actor {id: $organiser})
CREATE (o)-[:ORGANISED]->(e:Event)-[:HELD_IN]->(q)
SET e = src {.*, id: $id, externalKey: $id, name: src.name + $suffix,
    searchName: src.searchName + $folded, date: $date}
WITH e
OPTIONAL MATCH (n:Network {id: $network})
FOREACH (_ IN CASE WHEN n IS NULL THEN [] ELSE [1] END | CREATE (e)-[:OF_NETWORK]->(n))
WITH e
UNWIND $participants AS pid
MATCH (a:Actor {id: pid})
CREATE (a)-[:PARTICIPATED_IN]->(e)`
	clonePerson = `
MATCH (src:Person {id: $like})
CREATE (p:Person)
SET p = src {.*, id: $id, externalKey: $id, name: $name, searchName: $folded}`
	cloneRole = `
MATCH (p:Person {id: $person}), (a:Actor {id: $actor}), ()-[w:WORKS_AT {id: $like}]->()
CREATE (p)-[r:WORKS_AT]->(a)
SET r = w {.*, id: $id, externalKey: $id}
REMOVE r.validTo`
	participate = `
MATCH (a:Actor {id: $actor})
UNWIND $events AS eid
MATCH (e:Event {id: eid})
CREATE (a)-[:PARTICIPATED_IN]->(e)`
	addAudit = `
CREATE (e:AuditEntry {id: $id, at: datetime(), subject: 'noninterference-hidden', role: 'ADMIN',
  operation: 'updateActor', targetType: 'Actor', targetId: $target, changes: '[]', requestId: $id})`
)

// links adds, for principal p, hidden records linked to the visible
// actors vs: hidden actors hs (copies of vs, active in places), their
// cooperations with vs and among themselves, services reaching the
// visible actors' places and covering visible needs, needs, networks,
// memberships, events with visible participants, people and roles.
func (w *world) links(t *testing.T, pl *plan, vs []string, hidePlace func(v string) string, public bool, visibleNetworks, visibleNeeds, visiblePlaces, visibleEvents []string) {
	t.Helper()
	coops := strs(t, "MATCH ()-[c:COOPERATES_WITH]->() WHERE c.validTo IS NULL RETURN c.id AS id", "id", nil)
	mems := strs(t, "MATCH ()-[m:MEMBER_OF]->() RETURN m.id AS id", "id", nil)
	roles := strs(t, "MATCH ()-[r:WORKS_AT]->() RETURN r.id AS id", "id", nil)
	events := strs(t, "MATCH (e:Event) RETURN e.id AS id", "id", nil)
	networks := strs(t, "MATCH (n:Network) RETURN n.id AS id", "id", nil)
	people := strs(t, "MATCH (p:Person)-[:WORKS_AT]->(a:Actor) WHERE a.id IN $vs RETURN DISTINCT p.id AS id", "id", map[string]any{"vs": vs})
	needs := strs(t, "MATCH (n:Need) RETURN n.id AS id", "id", nil)
	allPeople := strs(t, "MATCH (p:Person) RETURN p.id AS id", "id", nil)
	personNames := strs(t, "MATCH (p:Person) RETURN p.name AS n", "n", nil)
	var hs []string
	for i, v := range vs {
		h := w.newID("act")
		hs = append(hs, h)
		pl.nodes = append(pl.nodes, h)
		pl.visible = append(pl.visible, v)
		for _, n := range strs(t, "MATCH (a:Actor {id: $id}) RETURN a.name AS n", "n", map[string]any{"id": v}) {
			pl.words = append(pl.words, nameWords(n)...)
		}
		pl.add(cloneActor, map[string]any{"like": v, "place": hidePlace(v), "id": h, "suffix": " Zweigstelle", "folded": " zweigstelle", "public": false})
		w.locations(t, pl, v, h)
		// A cooperation between the visible and the hidden actor, in
		// either direction.
		from, to := v, h
		if i%2 == 1 {
			from, to = h, v
		}
		c := w.newID("coo")
		pl.rels = append(pl.rels, c)
		pl.add(cloneCooperation, map[string]any{"from": from, "to": to, "like": sample(w.r, coops, 1)[0], "id": c})
		// A service of the hidden actor like one of the visible actor's,
		// reaching the visible places.
		for _, like := range sample(w.r, strs(t, "MATCH (:Actor {id: $v})-[:OFFERS]->(s:Service) RETURN s.id AS id", "id", map[string]any{"v": v}), 1) {
			s := w.newID("svc")
			pl.nodes = append(pl.nodes, s)
			pl.add(cloneService, map[string]any{"like": like, "provider": h, "id": s, "suffix": " Zweigstelle", "folded": " zweigstelle"})
			pl.add(serviceFor, map[string]any{"id": s, "of": like, "places": sample(w.r, visiblePlaces, 2)})
			w.locations(t, pl, like, s)
		}
		// A person who works only at the hidden actor, named like the
		// visible people, and a visible person's role there.
		per := w.newID("per")
		pl.nodes = append(pl.nodes, per)
		first, last := strings.Fields(sample(w.r, personNames, 1)[0]), strings.Fields(sample(w.r, personNames, 1)[0])
		name := first[0] + " " + last[len(last)-1]
		pl.words = append(pl.words, strings.Fields(name)...)
		pl.add(clonePerson, map[string]any{"like": sample(w.r, allPeople, 1)[0], "id": per, "name": name, "folded": store.Fold(name)})
		for _, who := range append([]string{per}, sample(w.r, people, 1)...) {
			r := w.newID("rol")
			pl.rels = append(pl.rels, r)
			pl.add(cloneRole, map[string]any{"person": who, "actor": h, "like": sample(w.r, roles, 1)[0], "id": r})
		}
	}
	// Cooperations among the hidden actors, and (for the public, to whom
	// every cooperation is hidden) among the visible ones.
	for i := range hs {
		c := w.newID("coo")
		pl.rels = append(pl.rels, c)
		pl.add(cloneCooperation, map[string]any{"from": hs[i], "to": hs[(i+1)%len(hs)], "like": sample(w.r, coops, 1)[0], "id": c})
		if public {
			c := w.newID("coo")
			pl.rels = append(pl.rels, c)
			pl.add(cloneCooperation, map[string]any{"from": vs[i], "to": vs[(i+2)%len(vs)], "like": sample(w.r, coops, 1)[0], "id": c})
		}
	}
	// Services of hidden actors that cover visible needs where they are.
	for i, n := range sample(w.r, visibleNeeds, 3) {
		s := w.newID("svc")
		pl.nodes = append(pl.nodes, s)
		like := sample(w.r, strs(t, "MATCH (s:Service) RETURN s.id AS id", "id", nil), 1)[0]
		pl.add(cloneService, map[string]any{"like": like, "provider": hs[i%len(hs)], "id": s, "suffix": " Zweigstelle", "folded": " zweigstelle"})
		w.locations(t, pl, like, s)
		place := strs(t, "MATCH (:Need {id: $n})-[:IN]->(q) RETURN q.id AS id", "id", map[string]any{"n": n})
		pl.add(serviceFor, map[string]any{"id": s, "of": n, "places": place})
	}
	// Needs like visible ones where the principal does not look (for
	// the public: anywhere).
	for i, like := range sample(w.r, needs, 3) {
		n := w.newID("ned")
		pl.nodes = append(pl.nodes, n)
		pl.add(cloneNeed, map[string]any{"like": like, "place": hidePlace(vs[i%len(vs)]), "id": n})
	}
	// A hidden network of hidden actors (for the public: with visible
	// members too), and hidden memberships in visible networks.
	net := w.newID("net")
	pl.nodes = append(pl.nodes, net)
	pl.add(cloneNetwork, map[string]any{"like": sample(w.r, networks, 1)[0], "id": net, "suffix": " Zweigstelle", "folded": " zweigstelle", "public": false, "places": []string{hidePlace(vs[0])}})
	members := slices.Clone(hs)
	if public {
		members = append(members, vs...)
	}
	for _, a := range members {
		m := w.newID("mem")
		pl.rels = append(pl.rels, m)
		pl.add(cloneMembership, map[string]any{"actor": a, "network": net, "like": sample(w.r, mems, 1)[0], "id": m})
	}
	for i, n := range visibleNetworks {
		m := w.newID("mem")
		pl.rels = append(pl.rels, m)
		pl.add(cloneMembership, map[string]any{"actor": hs[i%len(hs)], "network": n, "like": sample(w.r, mems, 1)[0], "id": m})
	}
	// Events organised by hidden actors where the principal does not
	// look, with visible participants, of visible and hidden networks,
	// on days the visible events have.
	days := []string{"2024-02-08", "2025-06-01", "2026-11-14"}
	for i, h := range hs {
		e := w.newID("evt")
		pl.nodes = append(pl.nodes, e)
		network := net
		if i%2 == 0 && len(visibleNetworks) > 0 {
			network = visibleNetworks[i%len(visibleNetworks)]
		}
		pl.add(cloneEvent, map[string]any{"like": sample(w.r, events, 1)[0], "place": hidePlace(vs[i]), "organiser": h,
			"id": e, "suffix": " Zweigstelle", "folded": " zweigstelle", "date": days[i%len(days)], "network": network,
			"participants": []string{vs[i], vs[(i+1)%len(vs)], h}})
	}
	// Hidden actors taking part in visible events.
	for i, h := range hs {
		pl.add(participate, map[string]any{"actor": h, "events": sample(w.r, visibleEvents, 2+i%2)})
	}
	w.audit(pl, vs)
}

// audit adds entries to the audit trail about visible records, which
// only admins read.
func (w *world) audit(pl *plan, targets []string) {
	for _, target := range targets {
		id := w.newID("aud")
		pl.nodes = append(pl.nodes, id)
		pl.add(addAudit, map[string]any{"id": id, "target": target})
	}
}

// planFor plans the hidden records of principal p.
func planFor(t *testing.T, p principal, seed int64) *plan {
	t.Helper()
	w := &world{r: rand.New(rand.NewSource(seed)), tag: fmt.Sprint(seed), districts: map[string][]string{}}
	for _, r := range neo4jtest.Query(t, drv, "MATCH (q:Neighbourhood)-[:PART_OF]->(d:Neighbourhood {level: 'DISTRICT'}) RETURN d.id AS d, collect(q.id) AS qs", nil) {
		for _, q := range r["qs"].([]any) {
			w.districts[r["d"].(string)] = append(w.districts[r["d"].(string)], q.(string))
		}
	}
	pl := &plan{}
	switch {
	case p.role == domain.RolePublic:
		vs := sample(w.r, strs(t, "MATCH (a:Actor {public: true}) RETURN a.id AS id", "id", nil), 4)
		place := func(v string) string {
			return sample(w.r, strs(t, "MATCH (:Actor {id: $v})-[:ACTIVE_IN]->(q) RETURN q.id AS id", "id", map[string]any{"v": v}), 1)[0]
		}
		nets := strs(t, "MATCH (n:Network {public: true}) RETURN n.id AS id", "id", nil)
		needs := strs(t, "MATCH (n:Need) RETURN n.id AS id", "id", nil)
		places := strs(t, "MATCH (q:Neighbourhood) RETURN q.id AS id", "id", nil)
		events := strs(t, "MATCH (:Actor {public: true})-[:ORGANISED]->(e:Event) RETURN e.id AS id", "id", nil)
		w.links(t, pl, vs, place, true, sample(w.r, nets, 2), needs, places, events)
	case p.role == domain.RoleViewer && len(p.districts) > 0:
		in := map[string]any{"ds": p.districts}
		const actorIn = "MATCH (a:Actor)-[:ACTIVE_IN]->(:Neighbourhood)-[:PART_OF*0..]->(d:Neighbourhood) WHERE d.id IN $ds "
		vs := sample(w.r, strs(t, actorIn+"RETURN DISTINCT a.id AS id", "id", in), 4)
		var elsewhere []string
		for d, qs := range w.districts {
			if !slices.Contains(p.districts, d) {
				elsewhere = append(elsewhere, qs...)
			}
		}
		place := func(string) string { return sample(w.r, elsewhere, 1)[0] }
		nets := strs(t, `CALL () { MATCH (n:Network)-[:COVERS]->(:Neighbourhood)-[:PART_OF*0..]->(d:Neighbourhood) WHERE d.id IN $ds RETURN n
  UNION `+actorIn+` MATCH (a)-[:MEMBER_OF]->(n:Network) RETURN n } RETURN DISTINCT n.id AS id`, "id", in)
		needs := strs(t, "MATCH (n:Need)-[:IN]->(:Neighbourhood)-[:PART_OF*0..]->(d:Neighbourhood) WHERE d.id IN $ds RETURN n.id AS id", "id", in)
		var places []string
		for _, d := range p.districts {
			places = append(places, w.districts[d]...)
		}
		events := strs(t, `CALL () { MATCH (e:Event)-[:HELD_IN]->(:Neighbourhood)-[:PART_OF*0..]->(d:Neighbourhood) WHERE d.id IN $ds RETURN e
  UNION `+actorIn+` MATCH (a)-[:ORGANISED]->(e:Event) RETURN e } RETURN DISTINCT e.id AS id`, "id", in)
		w.links(t, pl, vs, place, false, sample(w.r, nets, 2), needs, places, events)
	case p.role == domain.RoleResearcher:
		// Researchers see every record but not who people are: change
		// every person's name and external key (e-mails too), and
		// nothing they see may change.
		w.researcher(t, pl)
		w.audit(pl, sample(w.r, strs(t, "MATCH (a:Actor) RETURN a.id AS id", "id", nil), 3))
	default:
		// Coordinators (and viewers without districts) read every record
		// as it is; only the audit trail is the admins'.
		w.audit(pl, sample(w.r, strs(t, "MATCH (a:Actor) RETURN a.id AS id", "id", nil), 3))
	}
	return pl
}

// researcher plans new names for people: the names of others, shuffled,
// with new external keys and e-mails; restore puts the old ones back.
func (w *world) researcher(t *testing.T, pl *plan) {
	recs := neo4jtest.Query(t, drv, "MATCH (p:Person) RETURN p.id AS id, p.name AS name, p.searchName AS searchName, p.email AS email, p.externalKey AS externalKey ORDER BY p.id", nil)
	names := make([]string, len(recs))
	for i, r := range recs {
		names[i] = r["name"].(string)
	}
	w.r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	var rows, old []map[string]any
	for i, r := range recs {
		name := names[i] + " Zweitname"
		rows = append(rows, map[string]any{"id": r["id"], "name": name, "searchName": store.Fold(name),
			"email": fmt.Sprintf("ni-%d@example.org", i), "externalKey": fmt.Sprintf("ni-person-%s-%d", w.tag, i)})
		old = append(old, r)
	}
	const set = `UNWIND $rows AS row MATCH (p:Person {id: row.id})
SET p.name = row.name, p.searchName = row.searchName, p.email = row.email, p.externalKey = row.externalKey`
	pl.add(set, map[string]any{"rows": rows})
	pl.restore = append(pl.restore, stmt{set, map[string]any{"rows": old}})
}

// apply runs the plan's statements; remove deletes what they added and
// restores what they changed.
func (pl *plan) apply(t *testing.T) {
	t.Helper()
	for _, s := range pl.stmts {
		write(t, s.cypher, s.params)
	}
}

func (pl *plan) remove(t *testing.T) {
	t.Helper()
	write(t, "MATCH ()-[r]->() WHERE r.id IN $ids DELETE r", map[string]any{"ids": pl.rels})
	write(t, "MATCH (n) WHERE n.id IN $ids DETACH DELETE n", map[string]any{"ids": pl.nodes})
	for _, s := range pl.restore {
		write(t, s.cypher, s.params)
	}
}

// write runs a write statement with the test's own driver.
func write(t *testing.T, cypher string, params map[string]any) {
	t.Helper()
	db := os.Getenv("NEO4J_DATABASE")
	if db == "" {
		db = "neo4j"
	}
	if _, err := neo4j.ExecuteQuery(context.Background(), drv, cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(db), neo4j.ExecuteQueryWithWritersRouting()); err != nil {
		t.Fatalf("%s: %v", cypher, err)
	}
}
