package store

import (
	"context"
	"regexp"
	"strings"
	"unicode"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"golang.org/x/text/unicode/norm"

	"github.com/kiezgraph/kiezgraph/domain"
)

var umlauts = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "ẞ", "ss")

// Fold lowers s, spells German umlauts and ß out (ü → ue, ß → ss) and
// strips other diacritics (é → e), so that "Schüler", "Schueler" and
// "SCHÜLER" all fold to "schueler". Names and search text are stored
// folded and queries are folded alike.
func Fold(s string) string {
	s = umlauts.Replace(strings.ToLower(s))
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// searchTerms splits folded text into words of letters and digits.
func searchTerms(text string) []string {
	return strings.FieldsFunc(Fold(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// contactQuery is luceneQuery for the contact points' words
// (searchContact, see contactSearchProp): every word must match the start
// of one of them.
func contactQuery(terms []string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = "(searchContact:" + t + " OR searchContact:" + t + "*)"
	}
	return strings.Join(parts, " AND ")
}

// phoneLike matches text that is a phone number as people write it.
var phoneLike = regexp.MustCompile(`^\+?[0-9][0-9 ()/.-]{4,}$`)

// queryTerms returns the search terms of text: its words, or, when the
// text is a phone number in any common spelling (+49 341 555-0001,
// 0341 5550001), the digits of its E.164 form as one term, which
// contactSearchProp indexes.
func queryTerms(text string) []string {
	if t := strings.TrimSpace(text); phoneLike.MatchString(t) {
		if e164, err := domain.NormalizePhone(t); err == nil {
			return phoneWords(e164)[:1]
		}
	}
	return searchTerms(text)
}

// luceneQuery builds a full-text query in which every word must match the
// start of a word of the name or the text; whole-word and name matches
// rank higher. Terms hold only letters and digits, so nothing needs
// escaping.
func luceneQuery(terms []string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = "(searchName:" + t + "^4 OR searchName:" + t + "*^2 OR searchText:" + t + " OR searchText:" + t + "*)"
	}
	return strings.Join(parts, " AND ")
}

var searchLabels = map[domain.SearchType]string{
	domain.SearchActor:         "Actor",
	domain.SearchService:       "Service",
	domain.SearchNeighbourhood: "Neighbourhood",
}

// searchCypher finds the candidates through the full-text index but
// ranks them by searchScore, which reads only the candidate's own
// properties: Lucene's scores depend on word frequencies across all
// indexed records, so a hidden record with the same word would move a
// visible record's score and rank.
var searchCypher = `
CALL () {
  CALL db.index.fulltext.queryNodes('search', $query) YIELD node RETURN node AS n
  UNION
  CALL db.index.fulltext.queryNodes('search_contact', $contactQuery) YIELD node RETURN node AS n
}
WITH n
WHERE any(l IN labels(n) WHERE l IN $labels)
  AND (NOT n:Actor OR VIS(Actor,n)) AND (NOT n:Service OR VIS(Service,n))
  AND (NOT n:Neighbourhood OR VIS(Neighbourhood,n))
  AND ($asOf IS NULL OR n:Neighbourhood OR ` + condAsOf + `)
  AND (n:Neighbourhood OR coalesce(n.status, 'ACTIVE') = 'ACTIVE')
  AND ($scope IS NULL
    OR (n:Actor AND EXISTS { (n)-[:ACTIVE_IN]->(:Neighbourhood)-[:PART_OF*0..]->(:Neighbourhood {id: $scope}) })
    OR (n:Service AND ` + searchReaches + `)
    OR (n:Neighbourhood AND EXISTS { (n)-[:PART_OF*0..]->(:Neighbourhood {id: $scope}) }))
WITH n, ` + searchScore + ` AS score
ORDER BY score DESC, n.id LIMIT $limit
RETURN score, labels(n) AS labels,
  CASE WHEN n:Actor THEN ` + actorProj + `
       WHEN n:Service THEN ` + serviceProj + `
       ELSE ` + neighbourhoodProj + ` END AS item`

// searchReaches is reachesS on $scope: the services list's rule of
// reaching a neighbourhood.
var searchReaches = strings.ReplaceAll(reachesS, "$neighbourhood", "$scope")

// searchScore weighs each query term as the full-text query does: a
// whole word of the name 4, a word of the name beginning with it 2, a
// whole word of the text 1, a word of the text beginning with it 1,
// summed over the terms ($words and $prefixes hold, per term, the Java
// regular expressions of a whole word and of a word start).
const searchScore = `reduce(s = 0.0, i IN range(0, size($words) - 1) | s
  + CASE WHEN coalesce(n.searchName, '') =~ $words[i] THEN 4.0 ELSE 0.0 END
  + CASE WHEN coalesce(n.searchName, '') =~ $prefixes[i] THEN 2.0 ELSE 0.0 END
  + CASE WHEN coalesce(n.searchText, '') =~ $words[i] THEN 1.0 ELSE 0.0 END
  + CASE WHEN coalesce(n.searchText, '') =~ $prefixes[i] THEN 1.0 ELSE 0.0 END
  + CASE WHEN coalesce(n.searchContact, '') =~ $words[i] THEN 1.0 ELSE 0.0 END
  + CASE WHEN coalesce(n.searchContact, '') =~ $prefixes[i] THEN 1.0 ELSE 0.0 END)`

// termPatterns returns, per term, the regular expressions of the term as
// a whole word and as the start of a word. Terms hold only letters and
// digits, so they need no quoting.
func termPatterns(terms []string) (words, prefixes []string) {
	for _, t := range terms {
		words = append(words, `(?sU).*(?<![\p{L}\p{N}])`+t+`(?![\p{L}\p{N}]).*`)
		prefixes = append(prefixes, `(?sU).*(?<![\p{L}\p{N}])`+t+`.*`)
	}
	return words, prefixes
}

// Search finds actors, services and neighbourhoods by name, description
// and keywords, and actors and services by their contact points'
// function, e-mail and phone (as everyone who sees them sees those; not
// by the person who answers), best first, among those valid on q.AsOf within q.Scope
// (see domain.SearchQuery). An unknown or hidden scope is
// BAD_USER_INPUT on scope.
func (s *Store) Search(ctx context.Context, q domain.SearchQuery) ([]domain.SearchHit, error) {
	text, types, limit := q.Text, q.Types, q.Limit
	terms := queryTerms(text)
	if len(terms) == 0 {
		return nil, domain.Invalid("text", "must contain at least one letter or digit")
	}
	if len(types) == 0 {
		types = []domain.SearchType{domain.SearchActor, domain.SearchService, domain.SearchNeighbourhood}
	}
	labels := make([]string, 0, len(types))
	for _, t := range types {
		labels = append(labels, searchLabels[t])
	}
	words, prefixes := termPatterns(terms)
	params := map[string]any{"query": luceneQuery(terms), "contactQuery": contactQuery(terms), "labels": labels, "limit": int64(limit),
		"words": words, "prefixes": prefixes, "asOf": dateParam(q.AsOf), "scope": nil}
	if q.Scope != nil {
		params["scopeRef"] = filterRef{label: "Neighbourhood", field: "scope", id: *q.Scope}
	}
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]domain.SearchHit, error) {
		if err := checkRefs(ctx, tx, params); err != nil {
			return nil, err
		}
		if q.Scope != nil {
			params["scope"] = params["scopeRef"]
		}
		recs, err := collect(ctx, tx, searchCypher, params)
		if err != nil {
			return nil, err
		}
		hits := make([]domain.SearchHit, 0, len(recs))
		for _, rec := range recs {
			score, _ := rec.Get("score")
			labelsV, _ := rec.Get("labels")
			item, _ := rec.Get("item")
			p, err := asProps(item)
			if err != nil {
				return nil, err
			}
			node := nodeFromLabels(labelsV, p)
			if p.err != nil {
				return nil, p.err
			}
			f, _ := score.(float64)
			hits = append(hits, domain.SearchHit{Score: f, Node: node})
		}
		return hits, nil
	})
}

// searchFields returns the folded name and text to index for a record.
func searchFields(name string, description *string, keywords []string) (string, string) {
	text := strings.Join(keywords, " ")
	if description != nil {
		text += " " + *description
	}
	return Fold(name), Fold(text)
}
