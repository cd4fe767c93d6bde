package server_test

import (
	"context"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/seed"
)

// The authorisation matrix: every role, with and without districts,
// reads every root field and every nested edge of the API, and every
// record that comes back is checked against what the role may see. What
// it may see is computed here independently, straight from the graph
// with the test's own Cypher, from the rules the README states.

// record is a typed id found in a response.
type record struct{ typ, id string }

// collectRecords walks a response tree and returns every object with
// __typename and id.
func collectRecords(v any, out map[record]bool) {
	switch x := v.(type) {
	case map[string]any:
		if typ, ok := x["__typename"].(string); ok {
			if id, ok := x["id"].(string); ok {
				out[record{typ, id}] = true
			}
		}
		for _, c := range x {
			collectRecords(c, out)
		}
	case []any:
		for _, c := range x {
			collectRecords(c, out)
		}
	}
}

// actorFields is the selection of an actor with every nested edge.
const actorFields = `__typename id name public
  neighbourhoods { __typename id }
  services(first: 20) { edges { node { __typename id provider { __typename id } neighbourhoods { __typename id } targetGroups { __typename id } } } }
  partners(first: 20) { edges { node { __typename id } cooperation { __typename id from { __typename id } to { __typename id } } } }
  roles(first: 10) { edges { node { __typename id person { __typename id name email externalKey roles(first: 10) { edges { node { __typename id actor { __typename id } } } } } } } }
  memberships(first: 10) { edges { node { __typename id network { __typename id memberships(first: 20) { edges { node { __typename id actor { __typename id } } } } } } } }
  events(first: 10) { edges { node { __typename id organiser { __typename id } neighbourhood { __typename id } network { __typename id }
    participants(first: 20) { edges { node { __typename id } } } } } }`

// matrixQueries read every root list and every nested edge, one root
// field per document to stay inside the complexity limit; lists ask for
// all of history, so that ended records are checked too.
var matrixQueries = []string{
	`{ neighbourhoods(first: 100) { edges { node { __typename id parent { __typename id } ancestors { __typename id } children { __typename id }
    actors(first: 100, filter: {includeEnded: true}) { edges { node { __typename id } } }
    services(first: 100, filter: {includeEnded: true}) { edges { node { __typename id } } }
    needs(first: 100, filter: {includeEnded: true}) { edges { node { __typename id } } } } } } }`,
	`{ services(first: 100, filter: {includeEnded: true}) { edges { node { __typename id provider { __typename id } neighbourhoods { __typename id } } } } }`,
	`{ needs(first: 100, filter: {includeEnded: true}) { edges { node { __typename id neighbourhood { __typename id } coveringServices { __typename id provider { __typename id } } } } } }`,
	`{ people(first: 100) { edges { node { __typename id name roles(first: 100) { edges { node { __typename id actor { __typename id } } } } } } } }`,
	`{ cooperations(first: 100, filter: {includeEnded: true}) { edges { node { __typename id from { __typename id } to { __typename id } } } } }`,
	`{ networks(first: 100) { edges { node { __typename id neighbourhoods { __typename id }
    memberships(first: 100) { edges { node { __typename id actor { __typename id } } } }
    events(first: 100) { edges { node { __typename id organiser { __typename id } } } } } } } }`,
	`{ events(first: 100) { edges { node { __typename id organiser { __typename id } neighbourhood { __typename id } network { __typename id }
    participants(first: 100) { edges { node { __typename id } } } } } } }`,
	`{ targetGroups { __typename id } topics { __typename id } search(text: "schule") { node { __typename id } } }`,
}

// analysisQuery reads every analysis field.
const analysisQuery = `{
  brokers(first: 50) { actor { __typename id } }
  gaps { need { __typename id neighbourhood { __typename id } } candidates { service { __typename id } provider { __typename id } } }
  overlaps { neighbourhood { __typename id } services { __typename id } providers { __typename id } pairs { a { __typename id } b { __typename id } } }
  hotspots { neighbourhood { __typename id } needs { need { __typename id } } }
  communities { communities(first: 100) { edges { node { actors(first: 100) { edges { node { __typename id } } } } } } bridges(first: 100) { actor { __typename id } } }
}`

// principal is a row of the matrix.
type principal struct {
	name      string
	role      domain.AccessRole
	districts []string
}

var principals = []principal{
	{"admin", domain.RoleAdmin, nil},
	{"coordinator of Nord", domain.RoleCoordinator, []string{"nbh_nord"}},
	{"viewer of Nord", domain.RoleViewer, []string{"nbh_nord"}},
	{"viewer of Mitte and Ost", domain.RoleViewer, []string{"nbh_mitte", "nbh_ost"}},
	{"viewer of the city", domain.RoleViewer, nil},
	{"researcher", domain.RoleResearcher, nil},
	{"public", domain.RolePublic, nil},
}

func (p principal) bearer(t *testing.T) string {
	if p.role == domain.RolePublic {
		return ""
	}
	return token(t, "matrix-"+strings.ReplaceAll(p.name, " ", "-"), p.role, p.districts...)
}

// allowed returns, per type, the ids the principal may see, computed from
// the graph; nil means everything.
func allowed(t *testing.T, p principal) map[string]map[string]bool {
	t.Helper()
	var rules map[string]string
	switch {
	case p.role == domain.RolePublic:
		rules = map[string]string{
			"Organisation":  "MATCH (x:Organisation {public: true}) RETURN x.id",
			"Institution":   "MATCH (x:Institution {public: true}) RETURN x.id",
			"Service":       "MATCH (:Actor {public: true})-[:OFFERS]->(x:Service) RETURN x.id",
			"Network":       "MATCH (x:Network {public: true}) RETURN x.id",
			"Event":         "MATCH (:Actor {public: true})-[:ORGANISED]->(x:Event) RETURN x.id",
			"Membership":    "MATCH (:Actor {public: true})-[x:MEMBER_OF]->(:Network {public: true}) RETURN x.id",
			"Neighbourhood": "MATCH (x:Neighbourhood) RETURN x.id",
			"Need":          "RETURN null LIMIT 0", "Person": "RETURN null LIMIT 0",
			"Role": "RETURN null LIMIT 0", "Cooperation": "RETURN null LIMIT 0",
		}
	case p.role == domain.RoleViewer && len(p.districts) > 0:
		in := "(:Neighbourhood)-[:PART_OF*0..]->(d:Neighbourhood) WHERE d.id IN $ds"
		actor := "MATCH (a:Actor)-[:ACTIVE_IN]->" + in
		rules = map[string]string{
			"Organisation":  actor + " AND a:Organisation RETURN DISTINCT a.id",
			"Institution":   actor + " AND a:Institution RETURN DISTINCT a.id",
			"Service":       actor + " MATCH (a)-[:OFFERS]->(x:Service) RETURN DISTINCT x.id",
			"Need":          "MATCH (x:Need)-[:IN]->" + in + " RETURN DISTINCT x.id",
			"Person":        actor + " MATCH (x:Person)-[:WORKS_AT]->(a) RETURN DISTINCT x.id",
			"Role":          actor + " MATCH (:Person)-[x:WORKS_AT]->(a) RETURN DISTINCT x.id",
			"Cooperation":   actor + " WITH collect(DISTINCT a) AS as MATCH (a)-[x:COOPERATES_WITH]->(b) WHERE a IN as AND b IN as RETURN x.id",
			"Membership":    actor + " MATCH (a)-[x:MEMBER_OF]->(:Network) RETURN DISTINCT x.id",
			"Network":       "CALL () { MATCH (x:Network)-[:COVERS]->" + in + " RETURN x UNION " + actor + " MATCH (a)-[:MEMBER_OF]->(x:Network) RETURN x } RETURN DISTINCT x.id",
			"Event":         "CALL () { MATCH (x:Event)-[:HELD_IN]->" + in + " RETURN x UNION " + actor + " MATCH (a)-[:ORGANISED]->(x:Event) RETURN x } RETURN DISTINCT x.id",
			"Neighbourhood": "CALL () { MATCH (x:Neighbourhood)-[:PART_OF*0..]->(d:Neighbourhood) WHERE d.id IN $ds RETURN x UNION MATCH (d:Neighbourhood)-[:PART_OF*1..]->(x:Neighbourhood) WHERE d.id IN $ds RETURN x } RETURN DISTINCT x.id",
		}
	default:
		return nil
	}
	out := map[string]map[string]bool{}
	for typ, cypher := range rules {
		ids := oracle(t, cypher, map[string]any{"ds": p.districts})
		out[typ] = map[string]bool{}
		for _, id := range ids {
			out[typ][id] = true
		}
	}
	return out
}

var (
	oracleOnce   sync.Once
	oracleDriver neo4j.DriverWithContext
)

// oracle runs a read statement with the test's own driver and returns
// the first column as strings.
func oracle(t *testing.T, cypher string, params map[string]any) []string {
	t.Helper()
	oracleOnce.Do(func() {
		var err error
		oracleDriver, err = neo4j.NewDriverWithContext(os.Getenv("NEO4J_URI"),
			neo4j.BasicAuth(os.Getenv("NEO4J_USER"), os.Getenv("NEO4J_PASSWORD"), ""))
		if err != nil {
			panic(err)
		}
	})
	ctx := context.Background()
	db := os.Getenv("NEO4J_DATABASE")
	if db == "" {
		db = "neo4j"
	}
	res, err := neo4j.ExecuteQuery(ctx, oracleDriver, cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(db), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		t.Fatalf("oracle %q: %v", cypher, err)
	}
	var out []string
	for _, r := range res.Records {
		if s, ok := r.Values[0].(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// checkRecords fails for every record the principal may not see.
func checkRecords(t *testing.T, p principal, seen map[record]bool, may map[string]map[string]bool) {
	t.Helper()
	if may == nil {
		return
	}
	var foreign []string
	for r := range seen {
		if r.typ == "TargetGroup" || r.typ == "Topic" {
			continue
		}
		ids, ok := may[r.typ]
		if !ok {
			t.Fatalf("no rule for type %s", r.typ)
		}
		if !ids[r.id] {
			foreign = append(foreign, r.typ+" "+r.id)
		}
	}
	sort.Strings(foreign)
	if len(foreign) > 0 {
		t.Errorf("%s saw %d foreign records, e.g. %v", p.name, len(foreign), foreign[:min(5, len(foreign))])
	}
}

// allIDs returns the ids of every record of the demo city, as an admin
// reads them.
func allIDs(t *testing.T) []string {
	var ids []string
	for _, q := range []string{
		"MATCH (x) WHERE x:Actor OR x:Service OR x:Need OR x:Person OR x:Network OR x:Event OR x:Neighbourhood RETURN x.id",
		"MATCH ()-[x:COOPERATES_WITH]->() RETURN x.id",
	} {
		ids = append(ids, oracle(t, q, nil)...)
	}
	return ids
}

func TestAuthorisationMatrix(t *testing.T) {
	needNeo4j(t)
	every := allIDs(t)
	total := countOf(t, "MATCH (x:Actor) RETURN count(x)")
	for _, p := range principals {
		t.Run(p.name, func(t *testing.T) {
			bearer := p.bearer(t)
			may := allowed(t, p)
			seen := map[record]bool{}

			actors := -1
			for after := any(nil); ; {
				r := postAs(t, srv.URL, bearer, `query($after: String) { actors(first: 5, after: $after, filter: {includeEnded: true}) {
					totalCount pageInfo { hasNextPage endCursor } edges { node { `+actorFields+` } } } }`, map[string]any{"after": after})
				if len(r.Errors) > 0 {
					t.Fatalf("actors: %+v", r.Errors)
				}
				collectRecords(r.Data, seen)
				actors = int(get(r.Data, "actors", "totalCount").(float64))
				if get(r.Data, "actors", "pageInfo", "hasNextPage") != true {
					break
				}
				after = get(r.Data, "actors", "pageInfo", "endCursor")
			}
			for _, q := range matrixQueries {
				r := postAs(t, srv.URL, bearer, q, nil)
				if len(r.Errors) > 0 {
					t.Fatalf("%.40s: %+v", q, r.Errors)
				}
				collectRecords(r.Data, seen)
			}
			switch {
			case may == nil && actors != total:
				t.Errorf("sees %d actors, want all %d", actors, total)
			case may != nil && (actors == 0 || actors >= total):
				t.Errorf("sees %d of %d actors, want some but not all", actors, total)
			}

			// Every id of the city, asked for directly.
			for start := 0; start < len(every); start += 100 {
				ids := every[start:min(start+100, len(every))]
				if p.role == domain.RoleResearcher {
					// Researchers may not look people up by id at all
					// (TestResearchersCannotLinkPseudonyms).
					ids = slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return strings.HasPrefix(id, "per_") })
				}
				r := postAs(t, srv.URL, bearer, `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, map[string]any{"ids": ids})
				if len(r.Errors) > 0 {
					t.Fatalf("nodes: %+v", r.Errors)
				}
				collectRecords(r.Data, seen)
			}

			r := postAs(t, srv.URL, bearer, analysisQuery, nil)
			if p.role == domain.RolePublic {
				if r.code() != "UNAUTHENTICATED" {
					t.Errorf("public analysis: code %q, want UNAUTHENTICATED", r.code())
				}
			} else {
				if len(r.Errors) > 0 {
					t.Fatalf("analysis: %+v", r.Errors)
				}
				collectRecords(r.Data, seen)
			}
			checkRecords(t, p, seen, may)
			if p.role == domain.RoleResearcher {
				checkPseudonyms(t, r, bearer)
			}
		})
	}
}

// countOf runs a count with the oracle.
func countOf(t *testing.T, cypher string) int {
	t.Helper()
	res, err := neo4j.ExecuteQuery(context.Background(), oracleDriverFor(t), cypher, nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(dbName()))
	if err != nil {
		t.Fatal(err)
	}
	return int(res.Records[0].Values[0].(int64))
}

func oracleDriverFor(t *testing.T) neo4j.DriverWithContext {
	oracle(t, "RETURN 1", nil)
	return oracleDriver
}

func dbName() string {
	if db := os.Getenv("NEO4J_DATABASE"); db != "" {
		return db
	}
	return "neo4j"
}

// checkPseudonyms checks that a researcher never sees a person's name,
// e-mail or external key, and cannot search people by name.
func checkPseudonyms(t *testing.T, _ response, bearer string) {
	t.Helper()
	names := map[string]bool{}
	for _, n := range oracle(t, "MATCH (p:Person) RETURN p.name", nil) {
		names[n] = true
	}
	r := postAs(t, srv.URL, bearer, `{ people(first: 100) { edges { node { id name email externalKey } } } }`, nil)
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	edges := get(r.Data, "people", "edges").([]any)
	if len(edges) == 0 {
		t.Fatal("researcher sees no people")
	}
	for _, e := range edges {
		name, _ := get(e, "node", "name").(string)
		if names[name] || !strings.HasPrefix(name, "p_") || get(e, "node", "email") != nil || get(e, "node", "externalKey") != nil {
			t.Fatalf("researcher sees person %v", get(e, "node"))
		}
	}
	some := oracle(t, "MATCH (p:Person) RETURN p.name LIMIT 1", nil)[0]
	r = postAs(t, srv.URL, bearer, `query($q: String) { people(filter: {nameContains: $q}) { totalCount } }`, map[string]any{"q": some[:3]})
	if r.code() != "FORBIDDEN" {
		t.Fatalf("researcher name search: code %q, want FORBIDDEN", r.code())
	}
}

func TestMe(t *testing.T) {
	needNeo4j(t)
	for _, p := range principals {
		r := postAs(t, srv.URL, p.bearer(t), `{ me { subject role districts { id level } } }`, nil)
		if len(r.Errors) > 0 {
			t.Fatalf("%s: %+v", p.name, r.Errors)
		}
		if got := get(r.Data, "me", "role"); got != string(p.role) {
			t.Errorf("%s: role %v", p.name, got)
		}
		if got := count(get(r.Data, "me", "districts")); got != len(p.districts) {
			t.Errorf("%s: %d districts, want %d", p.name, got, len(p.districts))
		}
	}
}

func TestBadCredentialsAre401(t *testing.T) {
	needNeo4j(t)
	for _, bearer := range []string{"garbage", token(t, "x", domain.RoleAdmin) + "tampered"} {
		r := postAs(t, srv.URL, bearer, `{ me { role } }`, nil)
		if r.code() != "UNAUTHENTICATED" || r.Data != nil {
			t.Errorf("bearer %.10s…: %+v", bearer, r)
		}
	}
}

// Sanity: the demo city has the districts the matrix uses.
func TestMatrixDistrictsExist(t *testing.T) {
	needNeo4j(t)
	for _, d := range []string{"nbh_nord", "nbh_mitte", "nbh_ost", seed.CityID} {
		if len(oracle(t, "MATCH (n:Neighbourhood {id: $id}) RETURN n.id", map[string]any{"id": d})) != 1 {
			t.Fatalf("no neighbourhood %s", d)
		}
	}
}
