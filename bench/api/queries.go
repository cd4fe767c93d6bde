package main

import (
	"context"
	"embed"
	"encoding/base64"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/store"
)

//go:embed queries/*.graphql
var queryFiles embed.FS

// query is one question asked of both servers, written once for each.
type query struct {
	Name, Title string
	// Kiezgraph and Peer are the two GraphQL documents.
	Kiezgraph, Peer string
	// Unordered names the lists (paths of field names from data) whose
	// order neither API defines, compared as sets.
	Unordered []string
	// Unwrap names lists whose elements are compared by one field of
	// theirs ("search" → "node": a hit is compared by its node).
	Unwrap map[string]string
}

// queries are Q1–Q5 of issue 14, in the order they are run.
var queries = []query{
	{Name: "Q1", Title: "a quarter's actors with services, target groups and partners",
		Unordered: []string{"actors.edges.node.services.edges.node.targetGroups"}},
	{Name: "Q2", Title: "services for a target group and topic with provider"},
	{Name: "Q3", Title: "actors by name, a page deep in the list, with neighbourhoods"},
	{Name: "Q4", Title: "a district's quarters with needs and covering services"},
	{Name: "Q5", Title: "a search page", Unwrap: map[string]string{"search": "node"}},
}

// loadQueries reads the documents of every query.
func loadQueries() ([]query, error) {
	out := slices.Clone(queries)
	for i := range out {
		for side, dst := range map[string]*string{"kiezgraph": &out[i].Kiezgraph, "peer": &out[i].Peer} {
			b, err := queryFiles.ReadFile("queries/" + strings.ToLower(out[i].Name) + "." + side + ".graphql")
			if err != nil {
				return nil, fmt.Errorf("query %s for %s: %w", out[i].Name, side, err)
			}
			*dst = string(b)
		}
	}
	return out, nil
}

var variableRE = regexp.MustCompile(`\$(\w+)`)

// variablesOf picks from all the variables those the document uses: a
// server may refuse variables its operation does not declare.
func variablesOf(doc string, all map[string]any) (map[string]any, error) {
	out := map[string]any{}
	for _, m := range variableRE.FindAllStringSubmatch(doc, -1) {
		v, ok := all[m[1]]
		if !ok {
			return nil, fmt.Errorf("variable $%s has no value", m[1])
		}
		out[m[1]] = v
	}
	return out, nil
}

// Cypher that picks what the queries ask about from the generated city,
// so that any size and seed works: the busiest quarter, the district
// with the most needs in its quarters, and the commonest pair of target
// group and topic among services. The quarter and the district's
// quarters have no neighbourhoods inside them: there kiezgraph's "here
// or inside" is the peer's "here", which its generated filters can say.
const (
	busiestQuarterCypher = `MATCH (q:Neighbourhood {level: 'QUARTER'}) WHERE NOT EXISTS { (q)<-[:PART_OF]-() }
RETURN q.id AS id ORDER BY COUNT { (q)<-[:ACTIVE_IN]-(:Actor) } DESC, q.id LIMIT 1`
	neediestDistrictCypher = `MATCH (d:Neighbourhood {level: 'DISTRICT'}) WHERE NOT EXISTS { (d)<-[:PART_OF]-()<-[:PART_OF]-() }
RETURN d.id AS id ORDER BY COUNT { (d)<-[:PART_OF]-(:Neighbourhood)<-[:IN]-(:Need) } DESC, d.id LIMIT 1`
	commonPairCypher = `MATCH (t:TargetGroup)<-[:FOR]-(s:Service)-[:ON]->(p:Topic)
RETURN t.id AS tg, p.id AS topic, count(s) AS c ORDER BY c DESC, tg, topic LIMIT 1`
	actorNamesCypher = `MATCH (a:Actor) RETURN a.searchName AS name, coalesce(a.searchText, '') AS text`
)

// discover returns the variables of all queries for the database at
// driver: ids picked from the data, the page of Q3, the word of Q5 and
// today's date.
func discover(ctx context.Context, driver neo4j.DriverWithContext, deepOffset int) (map[string]any, error) {
	one := func(cypher string, keys ...string) ([]any, error) {
		res, err := neo4j.ExecuteQuery(ctx, driver, cypher, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase("neo4j"), neo4j.ExecuteQueryWithReadersRouting())
		if err != nil {
			return nil, fmt.Errorf("discover: %w", err)
		}
		if len(res.Records) == 0 {
			return nil, fmt.Errorf("discover: no record for %q", cypher)
		}
		out := make([]any, len(keys))
		for i, k := range keys {
			out[i], _ = res.Records[0].Get(k)
		}
		return out, nil
	}
	quarter, err := one(busiestQuarterCypher, "id")
	if err != nil {
		return nil, err
	}
	district, err := one(neediestDistrictCypher, "id")
	if err != nil {
		return nil, err
	}
	pair, err := one(commonPairCypher, "tg", "topic")
	if err != nil {
		return nil, err
	}
	res, err := neo4j.ExecuteQuery(ctx, driver, actorNamesCypher, nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase("neo4j"), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, fmt.Errorf("discover: actor names: %w", err)
	}
	var names, texts []string
	for _, r := range res.Records {
		n, _ := r.Get("name")
		t, _ := r.Get("text")
		s, _ := n.(string)
		x, _ := t.(string)
		names, texts = append(names, s), append(texts, x)
	}
	word, err := searchWord(names, texts)
	if err != nil {
		return nil, err
	}
	// The deep page starts at deepOffset, or in the middle of a small city.
	offset := min(deepOffset, len(names)/2)
	return map[string]any{
		"quarter":     quarter[0],
		"district":    district[0],
		"targetGroup": pair[0],
		"topic":       pair[1],
		"offset":      offset,
		"after":       store.EncodeCursor(offset - 1),
		"peerAfter":   base64.StdEncoding.EncodeToString(fmt.Appendf(nil, "arrayconnection:%d", offset-1)),
		"word":        word,
		"today":       time.Now().Format(time.DateOnly),
	}, nil
}

// searchWord picks the word of Q5: a word of letters of at least four
// that occurs in actors' folded names only as a whole word (so that a
// CONTAINS filter finds what kiezgraph's word search finds), never in
// their search text (so that every hit scores the same), and in at least
// 20 names (a full page), the rarest such word (a typical search, not
// the whole city).
func searchWord(names, texts []string) (string, error) {
	whole := map[string]int{}
	for _, n := range names {
		seen := map[string]bool{}
		for _, w := range strings.FieldsFunc(n, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if len(w) >= 4 && strings.IndexFunc(w, unicode.IsDigit) < 0 && !seen[w] {
				seen[w] = true
				whole[w]++
			}
		}
	}
	best, bestN := "", 0
	for w, n := range whole {
		if n < 20 || (best != "" && (n > bestN || n == bestN && w > best)) {
			continue
		}
		if countContaining(names, w) != n || countContaining(texts, w) != 0 {
			continue
		}
		best, bestN = w, n
	}
	if best == "" {
		return "", fmt.Errorf("discover: no word occurs as a whole word in 20 or more actors' names")
	}
	return best, nil
}

func countContaining(list []string, w string) int {
	n := 0
	for _, s := range list {
		if strings.Contains(s, w) {
			n++
		}
	}
	return n
}
