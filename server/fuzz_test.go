package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// hostileSeeds are the fuzz corpus's seeds: injection classics for
// Cypher and Lucene, label- and enum-like words, unicode, control
// characters and strings at and past the length limits. Plain `go test`
// runs each of them as a regular test.
var hostileSeeds = []string{
	// Cypher injection.
	`"}) DETACH DELETE n //`,
	`'}) DETACH DELETE n //`,
	`' OR 1=1 --`,
	`" OR 1=1 //`,
	"`) MATCH (m) DETACH DELETE m //",
	"x` {id: 'act_x'}) SET n.name = 'pwned' //",
	"MATCH (n) DETACH DELETE n",
	`'; CALL db.index.fulltext.queryNodes('search', '*') YIELD node DETACH DELETE node //`,
	"$name", "$props", "${id}", "{", "}", "{}", "{name: 'x'}", "})-[:COOPERATES_WITH]->(", "\\'", `\"`,
	// Lucene query syntax.
	"*", "?", "name:*", "searchName:x^99", "a AND b OR NOT c", `"unterminated`, "(((", `\`, "~0.5", "[a TO z]", "AND", "OR NOT",
	strings.TrimSpace(strings.Repeat("a ", 100)), strings.TrimSpace(strings.Repeat("ab* ", 50)),
	// Labels, enum values and ids in the wrong places.
	"SCHOOL", "school", "ASSOCIATION", "ASSOCIATION`) DETACH DELETE n //", "Actor", "Organisation", "Person",
	"NAME", "BETWEENNESS", "ACTOR", "__typename", "act_fuzz", "nbh_nord", "act_", "../../etc/passwd",
	// Unicode.
	"Schüler", "SCHÜLER", "ẞ", "İstanbul", "👩‍👩‍👧", "\u202eevil", "中文", "Ǆ", "\u200b", "e\u0301", "\ufeff",
	// Control characters, blanks and broken UTF-8.
	"\x00", "a\x00b", "\n\t ", " ", "", "\r\n", "\xff\xfe", "a\xc3(",
	// Lengths at and past the limits (name 200, text 5000 characters).
	strings.Repeat("x", 200), strings.Repeat("x", 201), strings.Repeat("ä", 200), strings.Repeat("ä", 201),
	strings.Repeat("y", 5001), strings.Repeat("z", 100_000),
}

// knownCodes are the codes a hostile string may earn: the client's
// mistakes. INTERNAL, UNAVAILABLE and TIMEOUT mean the string got
// somewhere it should not.
var knownCodes = []string{"BAD_USER_INPUT", "NOT_FOUND", "CONFLICT", "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED"}

var fuzzSeq atomic.Int64

// FuzzActorText feeds one hostile string through the API into the store,
// in every text position of an actor and in lookups, search, filters and
// enum positions (as variables), and checks that each answer is data or
// a clean error with a known code, that the actor holds exactly what was
// sent, and that nothing else changed: the graph's counts and a checksum
// of every node's and relationship's labels, ends and properties, read
// straight from Neo4j, are the same after each input as before the first.
//
// The fuzz workers share one Neo4j and each one's TestMain reloads the
// demo city, so fuzz with -parallel 1 (see `make fuzz`).
func FuzzActorText(f *testing.F) {
	needNeo4j(f)
	for _, s := range hostileSeeds {
		f.Add(s)
	}
	if flag.Lookup("test.fuzz").Value.String() != "" && flag.Lookup("test.parallel").Value.String() != "1" {
		f.Fatal("fuzz with -parallel 1: the workers share one Neo4j, and each reloads the demo city")
	}
	drv, db := rawDriver(f)
	enums := enumValues(f, "ActorKind", "ActorOrderField", "SearchType")
	// Each input deletes what it creates, so the whole graph is the same
	// after each one as before the first.
	base := snapshot(f, drv, db)

	f.Fuzz(func(t *testing.T, s string) {
		// JSON carries only valid UTF-8; this is what the server receives.
		s = string([]rune(s))
		if b, _ := json.Marshal(s); len(b) > 150_000 {
			t.Skip("a string this long cannot be sent three times within the body limit")
		}
		gql := func(query string, vars map[string]any) rawResponse {
			return send(t, srv.URL, rawRequest{body: jsonBody(query, vars)})
		}

		// Lookups and enum positions.
		expect(t, gql(`query($s: ID!) { actor(id: $s) { id } node(id: $s) { id } }`, map[string]any{"s": s}), "lookup by id", data)
		enumQueries := map[string]string{
			"ActorKind":       `query($e: ActorKind!) { actors(first: 1, filter: {kinds: [$e]}) { totalCount } }`,
			"ActorOrderField": `query($e: ActorOrderField!) { actors(first: 1, orderBy: {field: $e}) { totalCount } }`,
			"SearchType":      `query($e: SearchType!) { search(text: "jugend", types: [$e], first: 1) { score } }`,
		}
		for typ, q := range enumQueries {
			queries := st.QueryCount()
			valid := slices.Contains(enums[typ], s)
			expect(t, gql(q, map[string]any{"e": s}), typ+" from a variable", must(valid))
			if !valid && st.QueryCount() != queries {
				t.Errorf("%s %q: refused, yet ran Cypher", typ, s)
			}
		}

		// Create the actor with s in every text field, or a plain one when s is not a valid name.
		id := fmt.Sprintf("act_fuzz-%d-%d", os.Getpid(), fuzzSeq.Add(1))
		const create = `mutation($in: CreateActorInput!) { createActor(input: $in) { actor { id } } }`
		in := map[string]any{"id": id, "name": s, "kind": "ASSOCIATION", "sector": "NON_PROFIT",
			"description": s, "keywords": []string{s}, "neighbourhoods": []string{nbhLindenpark}}
		want := actorState{name: strings.TrimSpace(s), description: textValue(s), keywords: []any{s}}
		valid := nameOK(s) && textOK(s) && keywordOK(s)
		expect(t, gql(create, map[string]any{"in": in}), "createActor", must(valid))
		if !valid {
			if c := countsWith(t, drv, db, id); c.nodes != int64(base.nodes) || c.rels != int64(base.rels) {
				t.Fatalf("a refused create changed the graph: %d nodes and %d relationships, was %d and %d", c.nodes, c.rels, base.nodes, base.rels)
			}
			in = map[string]any{"id": id, "name": "Fuzz", "kind": "ASSOCIATION", "sector": "NON_PROFIT", "neighbourhoods": []string{nbhLindenpark}}
			want = actorState{name: "Fuzz", keywords: []any{}}
			expect(t, gql(create, map[string]any{"in": in}), "createActor (plain)", data)
		}
		defer func() {
			expect(t, gql(`mutation($id: ID!) { deleteActor(id: $id) { deletedId } }`, map[string]any{"id": id}), "deleteActor", data)
			if after := snapshot(t, drv, db); after != base {
				t.Errorf("the graph differs after the actor is gone: %v, was %v", after, base)
			}
		}()

		// Update the name, then the texts, each with s.
		const update = `mutation($in: UpdateActorInput!) { updateActor(input: $in) { actor { id } } }`
		expect(t, gql(update, map[string]any{"in": map[string]any{"id": id, "name": s}}), "updateActor name", must(nameOK(s)))
		if nameOK(s) {
			want.name = strings.TrimSpace(s)
		}
		expect(t, gql(update, map[string]any{"in": map[string]any{"id": id, "description": s, "keywords": []string{s, "fuzz"}}}),
			"updateActor texts", must(textOK(s) && keywordOK(s)))
		if textOK(s) && keywordOK(s) {
			want.description, want.keywords = textValue(s), []any{s, "fuzz"}
		}

		// The actor holds what was sent, through the API and in Neo4j.
		r := gql(`query($id: ID!) { actor(id: $id) { name description keywords } }`, map[string]any{"id": id})
		expect(t, r, "read back", data)
		got := actorState{name: get(r.Data, "actor", "name"), description: get(r.Data, "actor", "description")}
		got.keywords, _ = get(r.Data, "actor", "keywords").([]any)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("the API reads back %#v, want %#v", got, want)
		}
		c := countsWith(t, drv, db, id)
		if c.name != want.name {
			t.Errorf("Neo4j holds the name %q, want %q", c.name, want.name)
		}
		if c.selfNodes != 1 || c.selfRels != 1 || c.nodes != int64(base.nodes)+1 || c.rels != int64(base.rels)+1 {
			t.Errorf("with the actor: %+v; want it as 1 node with 1 relationship, in %d nodes and %d relationships",
				c, base.nodes+1, base.rels+1)
		}

		// Search and the name filter with s.
		expect(t, gql(`query($s: String!) { search(text: $s) { score node { id } } }`, map[string]any{"s": s}), "search", searchable(s))
		r = gql(`query($s: String) { actors(first: 100, filter: {nameContains: $s}) { totalCount edges { node { id } } } }`,
			map[string]any{"s": s})
		expect(t, r, "actors by nameContains", must(utf8.RuneCountInString(s) <= 200))
		n := num(get(r.Data, "actors", "totalCount"))
		if s == want.name && n <= 100 && !slices.Contains(nodeIDs(get(r.Data, "actors")), id) {
			t.Errorf("nameContains %q: %d actors, but not %s", s, n, id)
		}
	})
}

// actorState is what the fuzzed actor holds, as decoded JSON values.
type actorState struct {
	name, description any
	keywords          []any
}

// nameOK and textOK are the API's rules for names (1–200 characters) and
// descriptions (at most 5000, line breaks and tabs but no other control
// or bidi characters), after trimming.
func nameOK(s string) bool {
	n := utf8.RuneCountInString(strings.TrimSpace(s))
	return n >= 1 && n <= 200 && !strings.ContainsFunc(strings.TrimSpace(s), unsafeRune)
}

// keywordOK is the API's rule for a keyword: at most 100 characters, as
// sent (keywords are not trimmed), without control or bidi characters.
func keywordOK(s string) bool {
	return utf8.RuneCountInString(s) <= 100 && !strings.ContainsFunc(s, unsafeRune)
}

// unsafeRune is written here from the rule, not taken from domain.BadRune:
// control characters and the bidirectional formatting characters.
func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || r == 0x061c || r == 0x200e || r == 0x200f ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

func textOK(s string) bool {
	t := strings.TrimSpace(s)
	return utf8.RuneCountInString(t) <= 5000 &&
		!strings.ContainsFunc(t, func(r rune) bool { return r != '\n' && r != '\r' && r != '\t' && unsafeRune(r) })
}

// textValue is what the API stores for a free text: trimmed, or null.
func textValue(s string) any {
	if t := strings.TrimSpace(s); t != "" {
		return t
	}
	return nil
}

// searchable says whether search must answer s with data: 1 to 200
// characters holding an ASCII letter or digit. Other texts may be refused
// (no letter or digit at all) or answered (letters of other scripts).
func searchable(s string) outcome {
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0 || n > 200:
		return refusal
	case strings.ContainsFunc(s, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' }):
		return data
	}
	return either
}

// outcome is what a fuzzed request must earn.
type outcome int

const (
	data    outcome = iota // data, no errors
	refusal                // errors with known codes only
	either                 // one or the other
)

// must returns data when ok, else refusal.
func must(ok bool) outcome {
	if ok {
		return data
	}
	return refusal
}

// expect checks a response to a fuzzed request: data or a clean error
// with a known code, as want says; never INTERNAL.
func expect(t *testing.T, r rawResponse, what string, want outcome) {
	t.Helper()
	if r.status != 200 {
		t.Fatalf("%s: status %d: %.300s", what, r.status, r.body)
	}
	switch {
	case want == data && len(r.Errors) > 0:
		t.Fatalf("%s: %.500s", what, r.body)
	case want == refusal && len(r.Errors) == 0:
		t.Fatalf("%s was accepted; want a refusal: %.300s", what, r.body)
	}
	for _, e := range r.Errors {
		if code, _ := e.Extensions["code"].(string); !slices.Contains(knownCodes, code) {
			t.Fatalf("%s: code %q: %.300s", what, code, r.body)
		}
	}
}

// enumValues reads the values of enum types by introspection.
func enumValues(tb testing.TB, types ...string) map[string][]string {
	tb.Helper()
	out := map[string][]string{}
	for _, typ := range types {
		r := send(tb, srv.URL, rawRequest{body: jsonBody(`query($t: String!) { __type(name: $t) { enumValues { name } } }`, map[string]any{"t": typ})})
		values := get(r.Data, "__type", "enumValues")
		for i := 0; i < count(values); i++ {
			out[typ] = append(out[typ], str(get(values, i, "name")))
		}
		if len(out[typ]) == 0 {
			tb.Fatalf("enum %s has no values: %s", typ, r.body)
		}
	}
	return out
}

// graphState is a fingerprint of the graph: the number of nodes and
// relationships and a checksum of all of them.
type graphState struct {
	nodes, rels int
	sum         [sha256.Size]byte
}

func (g graphState) String() string {
	return fmt.Sprintf("{%d nodes, %d relationships, sum %x}", g.nodes, g.rels, g.sum[:6])
}

// actorCounts is the graph's size with the fuzzed actor in it, and the
// actor's own node, relationships and name, read straight from Neo4j.
type actorCounts struct {
	nodes, rels, selfNodes, selfRels int64
	name                             any
}

const actorCountsCypher = `
CALL () { MATCH (n) WHERE NOT n:AuditEntry RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS rels }
OPTIONAL MATCH (s:Actor {id: $id})
OPTIONAL MATCH (s)-[r]-()
RETURN nodes, rels, count(DISTINCT s) AS selfNodes, count(r) AS selfRels, collect(DISTINCT s.name) AS names`

// countsWith reads actorCounts for the actor id.
func countsWith(t *testing.T, drv neo4j.DriverWithContext, db neo4j.ExecuteQueryConfigurationOption, id string) actorCounts {
	t.Helper()
	res, err := neo4j.ExecuteQuery(context.Background(), drv, actorCountsCypher, map[string]any{"id": id},
		neo4j.EagerResultTransformer, db, neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		t.Fatal(err)
	}
	m := res.Records[0].AsMap()
	c := actorCounts{nodes: m["nodes"].(int64), rels: m["rels"].(int64), selfNodes: m["selfNodes"].(int64), selfRels: m["selfRels"].(int64)}
	if names, _ := m["names"].([]any); len(names) == 1 {
		c.name = names[0]
	}
	return c
}

const (
	snapshotNodesCypher = `MATCH (n) WHERE NOT n:AuditEntry RETURN elementId(n) AS eid, labels(n) AS labels, properties(n) AS props`
	snapshotRelsCypher  = `MATCH (a)-[r]->(b) RETURN elementId(r) AS eid, type(r) AS type, elementId(a) AS from, elementId(b) AS to, properties(r) AS props`
)

// snapshot reads the whole graph straight from Neo4j and fingerprints
// it: the number of nodes and relationships and a checksum of their
// labels, types, ends and properties.
func snapshot(tb testing.TB, drv neo4j.DriverWithContext, db neo4j.ExecuteQueryConfigurationOption) graphState {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	read := func(cypher string) []*neo4j.Record {
		res, err := neo4j.ExecuteQuery(ctx, drv, cypher, nil, neo4j.EagerResultTransformer, db, neo4j.ExecuteQueryWithReadersRouting())
		if err != nil {
			tb.Fatal(err)
		}
		return res.Records
	}
	var g graphState
	var lines []string
	for _, rec := range read(snapshotNodesCypher) {
		m := rec.AsMap()
		lines = append(lines, fmt.Sprint("n ", m["eid"], canon(m["labels"]), canon(m["props"])))
	}
	g.nodes = len(lines)
	for _, rec := range read(snapshotRelsCypher) {
		m := rec.AsMap()
		lines = append(lines, fmt.Sprint("r ", m["eid"], m["type"], m["from"], m["to"], canon(m["props"])))
	}
	g.rels = len(lines) - g.nodes
	slices.Sort(lines)
	h := sha256.New()
	for _, l := range lines {
		fmt.Fprintln(h, l)
	}
	copy(g.sum[:], h.Sum(nil))
	return g
}

// canon writes a property value the same way every time it is read.
func canon(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = canon(e)
		}
		return "[" + strings.Join(parts, ",") + "]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = strconv.Quote(k) + ":" + canon(x[k])
		}
		return "{" + strings.Join(parts, ",") + "}"
	case dbtype.Date:
		return "date(" + time.Time(x).Format(time.DateOnly) + ")"
	case dbtype.LocalDateTime:
		return "localdatetime(" + time.Time(x).Format(time.RFC3339Nano) + ")"
	case time.Time:
		return "datetime(" + x.Format(time.RFC3339Nano) + " " + x.Location().String() + ")"
	}
	return fmt.Sprintf("%T(%v)", v, v)
}
