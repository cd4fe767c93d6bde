package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/apierror"
	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/seed"
	"github.com/kiezgraph/kiezgraph/server"
)

// Regression tests of the red team's findings (issue 12): each names the
// finding it closes and failed before its fix.

// oneOf returns the first id the oracle query finds, or fails.
func oneOf(t *testing.T, what, cypher string, params map[string]any) string {
	t.Helper()
	ids := oracle(t, cypher+" LIMIT 1", params)
	if len(ids) == 0 {
		t.Fatalf("the demo city has no %s", what)
	}
	return ids[0]
}

// Finding 2: a filter that names a record the caller cannot see answers
// exactly as a filter that names a missing record: BAD_USER_INPUT, the
// same message but for the id, no data.
func TestFiltersOnHiddenRecordsActAsMissing(t *testing.T) {
	needNeo4j(t)
	hiddenOrganiser := oneOf(t, "non-public actor with events",
		"MATCH (a:Actor)-[:ORGANISED|PARTICIPATED_IN]->(:Event) WHERE NOT coalesce(a.public, false) RETURN DISTINCT a.id ORDER BY a.id", nil)
	hiddenNetwork := oneOf(t, "non-public network with members",
		"MATCH (:Actor)-[:MEMBER_OF]->(w:Network) WHERE NOT coalesce(w.public, false) RETURN DISTINCT w.id ORDER BY w.id", nil)
	mitteWorker := oneOf(t, "actor only in Mitte with people",
		`MATCH (:Person)-[:WORKS_AT]->(a:Actor)-[:ACTIVE_IN]->(:Neighbourhood)-[:PART_OF*0..]->(:Neighbourhood {id: 'nbh_mitte'})
		 WHERE NOT EXISTS { MATCH (a)-[:ACTIVE_IN]->(m) WHERE NOT EXISTS { (m)-[:PART_OF*0..]->(:Neighbourhood {id: 'nbh_mitte'}) } }
		 RETURN DISTINCT a.id ORDER BY a.id`, nil)
	viewerNord := token(t, "viewer-nord", domain.RoleViewer, "nbh_nord")
	tests := []struct {
		name, bearer, query, hidden, missing string
	}{
		{"public: events of a non-public actor", "", `query($id: ID) { events(filter: {actor: $id}) { totalCount edges { node { id } } } }`, hiddenOrganiser, "act_e2e-missing"},
		{"public: members of a hidden network", "", `query($id: ID) { actors(filter: {network: $id}) { totalCount edges { node { id } } } }`, hiddenNetwork, "net_e2e-missing"},
		{"public: meetings of a hidden network", "", `query($id: ID) { events(filter: {network: $id}) { totalCount edges { node { id } } } }`, hiddenNetwork, "net_e2e-missing"},
		{"viewer: where a person of another district works", viewerNord, `query($id: ID) { people(filter: {actor: $id}) { totalCount edges { node { id } } } }`, mitteWorker, "act_e2e-missing"},
		{"viewer: events of an actor of another district", viewerNord, `query($id: ID) { events(filter: {actor: $id}) { totalCount edges { node { id } } } }`, mitteWorker, "act_e2e-missing"},
		{"viewer: needs of a quarter of another district", viewerNord, `query($id: ID) { needs(filter: {neighbourhood: $id}) { totalCount } }`, quarterIn(t, "nbh_mitte"), "nbh_e2e-missing"},
		{"viewer: analysis of another district", viewerNord, `query($id: ID) { gaps(scope: $id) { need { id } } }`, "nbh_mitte", "nbh_e2e-missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hidden := postAs(t, srv.URL, tt.bearer, tt.query, map[string]any{"id": tt.hidden})
			missing := postAs(t, srv.URL, tt.bearer, tt.query, map[string]any{"id": tt.missing})
			if missing.code() != "BAD_USER_INPUT" {
				t.Fatalf("missing id: code %q, want BAD_USER_INPUT (%+v)", missing.code(), missing.Errors)
			}
			if hidden.code() != missing.code() || hidden.Data != nil || missing.Data != nil {
				t.Fatalf("hidden id answers %q %v, missing id %q %v", hidden.code(), hidden.Data, missing.code(), missing.Data)
			}
			if h, m := strings.ReplaceAll(hidden.Errors[0].Message, tt.hidden, "ID"), strings.ReplaceAll(missing.Errors[0].Message, tt.missing, "ID"); h != m {
				t.Errorf("messages differ: %q vs %q", h, m)
			}
		})
	}
}

// Finding 1: the network an analysis runs on keeps only the cooperations
// the caller may see; the public sees none.
func TestNetworkSliceAppliesTheCooperationRule(t *testing.T) {
	needNeo4j(t)
	if n := countOf(t, "MATCH (a:Actor {public: true})-[:COOPERATES_WITH]->(:Actor {public: true}) RETURN count(*) AS c"); n == 0 {
		t.Fatal("the demo city has no cooperation between public actors")
	}
	public := domain.WithAccess(context.Background(), domain.Access{Role: domain.RolePublic})
	day, _ := time.Parse(time.DateOnly, seed.ReferenceDay)
	slice, err := st.NetworkSlice(public, domain.SliceQuery{AsOf: day})
	if err != nil {
		t.Fatal(err)
	}
	if len(slice.Actors) == 0 || len(slice.Cooperations) != 0 {
		t.Errorf("the public's network has %d actors and %d cooperations, want some and none", len(slice.Actors), len(slice.Cooperations))
	}
	// Nor can the public order actors by a ranking built from them.
	r := postAs(t, srv.URL, "", `{ actors(first: 3, orderBy: {field: BETWEENNESS, direction: DESC}) { edges { node { id } } } }`, nil)
	if r.code() != "FORBIDDEN" {
		t.Errorf("public orders by betweenness: code %q, want FORBIDDEN", r.code())
	}
}

// Finding 3: every page multiplies the cost of what it holds, at every
// depth, so nested pages cannot buy many objects for a few points.
func TestNestedPagesMultiplyTheirCost(t *testing.T) {
	needNeo4j(t)
	const nested = `{ events(first: 100) { edges { node { participants(first: 100) { edges { node {
	  events(first: 100) { edges { node { participants(first: 100) { edges { node { id } } } } } } } } } } } } }`
	before := st.QueryCount()
	if r := postAs(t, srv.URL, "", nested, nil); r.code() != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Errorf("code %q, want COMPLEXITY_LIMIT_EXCEEDED", r.code())
	}
	if st.QueryCount() != before {
		t.Error("a refused query ran Cypher")
	}
}

// Finding 3: a response holds at most MaxResponseFields fields, also
// through lists without pages.
func TestResponseFieldCap(t *testing.T) {
	needNeo4j(t)
	cfg := testConfig()
	cfg.MaxResponseFields = 40
	small := httptest.NewServer(server.New(st, cfg, slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer small.Close()
	r := postTo(t, small.URL, `{ targetGroups { id code labelDe labelEn } topics { id code labelDe labelEn } }`, nil)
	if r.code() != apierror.CodeResponseTooLarge {
		t.Fatalf("code %q, want %s", r.code(), apierror.CodeResponseTooLarge)
	}
	if r := postTo(t, small.URL, `{ topics { id } }`, nil); len(r.Errors) > 0 {
		t.Errorf("a small response was refused: %+v", r.Errors)
	}
}

// Finding 4: each distinct whole-network run costs what a brokers query
// costs, also when it hides in a list ordered by betweenness or in an
// actor's brokerage under another day per alias.
func TestDistinctAnalysisRunsArePriced(t *testing.T) {
	needNeo4j(t)
	var ordered, brokerage strings.Builder
	ordered.WriteString("{")
	brokerage.WriteString("{ actors(first: 1) { edges { node {")
	ref, _ := time.Parse(time.DateOnly, seed.ReferenceDay)
	for i := range 11 {
		day := ref.AddDate(0, 0, -i).Format(time.DateOnly)
		fmt.Fprintf(&ordered, ` a%d: actors(first: 1, orderBy: {field: BETWEENNESS}, filter: {asOf: %q}) { edges { node { id } } }`, i, day)
		fmt.Fprintf(&brokerage, ` b%d: brokerage(network: {asOf: %q}) { betweenness }`, i, day)
	}
	ordered.WriteString(" }")
	brokerage.WriteString(" } } } }")
	for name, q := range map[string]string{"ordered by betweenness": ordered.String(), "brokerage per day": brokerage.String()} {
		t.Run(name, func(t *testing.T) {
			before := st.QueryCount()
			if r := post(t, q, nil); r.code() != "COMPLEXITY_LIMIT_EXCEEDED" {
				t.Errorf("code %q, want COMPLEXITY_LIMIT_EXCEEDED", r.code())
			}
			if st.QueryCount() != before {
				t.Error("a refused query ran Cypher")
			}
		})
	}
}

// Finding 9: search ranks by what each record itself says, so creating a
// hidden record with the same words changes no visible score or rank.
func TestSearchScoresIgnoreHiddenRecords(t *testing.T) {
	needNeo4j(t)
	const q = `{ search(text: "schule", first: 20) { score node { __typename ... on Actor { id } ... on Service { id } ... on Neighbourhood { id } } } }`
	answer := func() string {
		r := postAs(t, srv.URL, "", q, nil)
		if len(r.Errors) > 0 {
			t.Fatal(r.Errors)
		}
		b, _ := json.Marshal(r.Data)
		return string(b)
	}
	before := answer()
	if !strings.Contains(before, "score") {
		t.Fatalf("no hits: %s", before)
	}
	for i := range 5 {
		id := str(get(mutate(t, "createActor", "CreateActorInput", map[string]any{
			"name": fmt.Sprintf("E2E Schule am Schulhof Schule %d", i), "kind": "ASSOCIATION", "sector": "NON_PROFIT",
			"neighbourhoods": []string{quarterIn(t, "nbh_nord")}, "keywords": []string{"schule", "schulsozialarbeit"},
			"description": "Schule, Schule, Schule",
		}, "actor { id }"), "actor", "id"))
		cleanup(t, "deleteActor", id)
	}
	if after := answer(); after != before {
		t.Errorf("the public's search changed when hidden records were added:\nbefore %s\nafter  %s", before, after)
	}
}

// Findings 5, 6 and 7: a coordinator writes only what lies wholly in its
// districts: not what a deletion takes along from another district, not
// into another district's network, not what is tied to no place.
func TestWritesStayInTheCallersDistricts(t *testing.T) {
	needNeo4j(t)
	coordNord := token(t, "coord-nord", domain.RoleCoordinator, "nbh_nord")
	nordQ, mitteQ := quarterIn(t, "nbh_nord"), quarterIn(t, "nbh_mitte")
	mitte := actorIn(t, "nbh_mitte")

	partnered := newActor(t, "Nord mit Partner in Mitte", nordQ)
	mutate(t, "addCooperation", "AddCooperationInput", map[string]any{"from": partnered, "to": mitte, "kind": "INFORMATION_EXCHANGE"}, "cooperation { id }")
	provider := newActor(t, "Nord mit Angebot in Mitte", nordQ)
	newService(t, provider, "tg_seniors-65", "top_neighbourhood", mitteQ, nil)
	member := newActor(t, "Nord im Mitte-Netzwerk", nordQ)
	mitteNet := newNetwork(t, mitteQ)
	mutate(t, "addMembership", "AddMembershipInput", map[string]any{"actor": member, "network": mitteNet}, "membership { id }")
	nordNet := newNetwork(t, nordQ)
	mutate(t, "addMembership", "AddMembershipInput", map[string]any{"actor": mitte, "network": nordNet}, "membership { id }")
	own := newActor(t, "Nord allein", nordQ)
	placeless := newActor(t, "ortlos")
	lonely := str(get(mutate(t, "createPerson", "CreatePersonInput", map[string]any{"name": "E2E Ohne Rolle " + uniq("p")}, "person { id }"), "person", "id"))
	cleanup(t, "deletePerson", lonely)

	tests := []struct {
		name  string
		query string
		vars  map[string]any
		code  string
	}{
		{"delete an own actor that cooperates with another district", `mutation($id: ID!) { deleteActor(id: $id) { deletedId } }`, map[string]any{"id": partnered}, "FORBIDDEN"},
		{"delete an own actor whose service reaches another district", `mutation($id: ID!) { deleteActor(id: $id) { deletedId } }`, map[string]any{"id": provider}, "FORBIDDEN"},
		{"delete an own actor that is member of another district's network", `mutation($id: ID!) { deleteActor(id: $id) { deletedId } }`, map[string]any{"id": member}, "FORBIDDEN"},
		{"delete an own network with a member of another district", `mutation($id: ID!) { deleteNetwork(id: $id) { deletedId } }`, map[string]any{"id": nordNet}, "FORBIDDEN"},
		{"join another district's network", `mutation($a: ID!, $n: ID!) { addMembership(input: {actor: $a, network: $n, role: "Sprecher"}) { membership { id } } }`, map[string]any{"a": own, "n": mitteNet}, "FORBIDDEN"},
		{"hold an event in another district's network", `mutation($a: ID!, $n: ID!) { createEvent(input: {name: "E2E Treffen", kind: NETWORK_MEETING, date: "2024-03-01", organiser: $a, network: $n}) { event { id } } }`, map[string]any{"a": own, "n": mitteNet}, "FORBIDDEN"},
		{"rename an actor tied to no place", `mutation($id: ID!) { updateActor(input: {id: $id, name: "E2E gekapert"}) { actor { id } } }`, map[string]any{"id": placeless}, "FORBIDDEN"},
		{"claim an actor tied to no place", `mutation($id: ID!, $n: [ID!]) { updateActor(input: {id: $id, neighbourhoods: $n}) { actor { id } } }`, map[string]any{"id": placeless, "n": []string{nordQ}}, "FORBIDDEN"},
		{"create an actor tied to no place", `mutation { createActor(input: {name: "E2E ortlos neu", kind: ASSOCIATION, sector: NON_PROFIT, neighbourhoods: []}) { actor { id } } }`, nil, "FORBIDDEN"},
		{"create a network tied to no place", `mutation { createNetwork(input: {name: "E2E ortloses Netz", kind: ROUND_TABLE, neighbourhoods: []}) { network { id } } }`, nil, "FORBIDDEN"},
		{"create a person without a role", `mutation { createPerson(input: {name: "E2E ortlose Person"}) { person { id } } }`, nil, "FORBIDDEN"},
		{"claim a person without a role", `mutation($p: ID!, $a: ID!) { addRole(input: {person: $p, actor: $a, title: "Leitung"}) { role { id } } }`, map[string]any{"p": lonely, "a": own}, "FORBIDDEN"},
		{"rename a person without a role", `mutation($p: ID!) { updatePerson(input: {id: $p, name: "E2E umbenannt"}) { person { id } } }`, map[string]any{"p": lonely}, "FORBIDDEN"},
		{"create a person with a role in the district", `mutation($a: ID!) { createPerson(input: {name: "E2E Neue Kollegin", role: {actor: $a, title: "Sozialarbeit"}}) { person { id roles(first: 5) { edges { node { actor { id } title } } } } } }`, map[string]any{"a": own}, ""},
		{"delete an own actor with nothing elsewhere", `mutation($id: ID!) { deleteActor(id: $id) { deletedId } }`, map[string]any{"id": own}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nodes, rels := nodeCount(t), countOf(t, "MATCH ()-[r]->() RETURN count(r) AS c")
			entries := countOf(t, "MATCH (e:AuditEntry) RETURN count(e) AS c")
			r := postAs(t, srv.URL, coordNord, tt.query, tt.vars)
			if r.code() != tt.code {
				t.Fatalf("code %q, want %q (%+v)", r.code(), tt.code, r.Errors)
			}
			if tt.code == "" {
				if p, ok := get(r.Data, "createPerson", "person", "id").(string); ok {
					if get(r.Data, "createPerson", "person", "roles", "edges", 0, "node", "actor", "id") != own {
						t.Errorf("the first role is missing: %v", r.Data)
					}
					cleanup(t, "deletePerson", p)
				}
				return
			}
			if n, m, e := nodeCount(t), countOf(t, "MATCH ()-[r]->() RETURN count(r) AS c"), countOf(t, "MATCH (e:AuditEntry) RETURN count(e) AS c"); n != nodes || m != rels || e != entries {
				t.Errorf("a refused write changed the graph: nodes %d -> %d, relationships %d -> %d, audit entries %d -> %d", nodes, n, rels, m, entries, e)
			}
		})
	}
}

// Found by the non-interference test: a person of the caller's district
// must not appear in a list on a day only through a role at a hidden
// actor.
func TestPeopleOnADayCountOnlyVisibleRoles(t *testing.T) {
	needNeo4j(t)
	nord, mitte := actorIn(t, "nbh_nord"), actorIn(t, "nbh_mitte")
	name := "E2E Zweitjob " + uniq("p")
	p := str(get(mutate(t, "createPerson", "CreatePersonInput", map[string]any{"name": name,
		"role": map[string]any{"actor": nord, "title": "Früher", "validFrom": "2020-01-01", "validTo": "2020-12-31"}}, "person { id }"), "person", "id"))
	cleanup(t, "deletePerson", p)
	viewer := token(t, "viewer-nord", domain.RoleViewer, "nbh_nord")
	const q = `query($n: String) { people(filter: {asOf: "2024-06-01", nameContains: $n}) { totalCount edges { node { id } } } }`
	answer := func() string {
		r := postAs(t, srv.URL, viewer, q, map[string]any{"n": name})
		if len(r.Errors) > 0 {
			t.Fatal(r.Errors)
		}
		return toJSON(r.Data)
	}
	before := answer()
	mutate(t, "addRole", "AddRoleInput", map[string]any{"person": p, "actor": mitte, "title": "Heute", "validFrom": "2024-01-01"}, "role { id }")
	if after := answer(); after != before {
		t.Errorf("a role at a hidden actor changed the viewer's list:\nbefore %s\nafter  %s", before, after)
	}
}

// The rules issue's wrong-looking-right answers: a filter on an unknown id
// is refused, naming the field and, where one is near, the id meant; a
// vocabulary code works where its id does.
func TestFiltersNameTheIDMeant(t *testing.T) {
	needNeo4j(t)
	tests := []struct {
		name, query, code, field, meant string
	}{
		{"vocabulary code for an id", `{ services(filter: {targetGroup: "CHILDREN_6_13"}) { totalCount } }`, "", "", ""},
		{"a quarter's name", `{ actors(filter: {neighbourhood: "Lindenpark"}) { totalCount } }`, "BAD_USER_INPUT", "filter.neighbourhood", seed.BrokerQuarterID},
		{"a typo in an id", `{ needs(filter: {neighbourhood: "nbh_linden-park"}) { totalCount } }`, "BAD_USER_INPUT", "filter.neighbourhood", seed.BrokerQuarterID},
		{"a typo in a code", `{ needs(filter: {targetGroup: "SENIOR_65"}) { totalCount } }`, "BAD_USER_INPUT", "filter.targetGroup", "tg_seniors-65"},
		{"an unknown actor", `{ cooperations(filter: {actor: "act_nobody-at-all"}) { totalCount } }`, "BAD_USER_INPUT", "filter.actor", ""},
		{"an input's unknown place", `mutation { createActor(input: {name: "E2E Tippfehler", kind: ASSOCIATION, sector: NON_PROFIT, neighbourhoods: ["nbh_lindenprk"]}) { actor { id } } }`, "BAD_USER_INPUT", "input.neighbourhoods", seed.BrokerQuarterID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := post(t, tt.query, nil)
			if r.code() != tt.code {
				t.Fatalf("code %q, want %q (%+v)", r.code(), tt.code, r.Errors)
			}
			if tt.code == "" {
				if n, _ := get(r.Data, "services", "totalCount").(float64); n == 0 {
					t.Errorf("no services for the code: %v", r.Data)
				}
				return
			}
			e := r.Errors[0]
			if e.Extensions["field"] != tt.field {
				t.Errorf("field %v, want %s", e.Extensions["field"], tt.field)
			}
			switch hinted := strings.Contains(e.Message, "did you mean"); {
			case tt.meant == "" && hinted:
				t.Errorf("message %q suggests an id, want none", e.Message)
			case tt.meant != "" && !strings.Contains(e.Message, `did you mean "`+tt.meant+`"`):
				t.Errorf("message %q, want the hint %q", e.Message, tt.meant)
			}
		})
	}
}
