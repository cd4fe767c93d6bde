package store

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
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

// searchOrder lists the search types in the order of searchCypher's
// conditions.
var searchOrder = []domain.SearchType{domain.SearchActor, domain.SearchService, domain.SearchNeighbourhood}

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
//
// The statement holds only what the search asked can meet: the
// conditions and projections of the labels asked for, the contact
// points' index only when actors or services are asked for (only they
// have contact points), the scope's conditions only with a scope. A
// statement for every label and an optional scope tests each candidate
// against the rules of every label and every way of reaching a scope,
// which cost Neo4j more than finding and ranking the candidates. The
// pieces are constants; values arrive as parameters.
//
// The hits are projected for the fields f asked of them (nil: every
// field): a page of names reads no texts (Q5 of make bench-api). The
// statements without projections are cached.
func searchCypher(labels []string, scope bool, f domain.Fields) string {
	var projs []string
	for _, l := range labels {
		switch l {
		case "Actor":
			projs = append(projs, "WHEN n:Actor THEN "+actorProjection(f))
		case "Service":
			projs = append(projs, "WHEN n:Service THEN "+serviceProjection(f))
		case "Neighbourhood":
			projs = append(projs, "WHEN n:Neighbourhood THEN "+neighbourhoodProj)
		}
	}
	return searchHead(labels, scope) + "\nRETURN score, labels(n) AS labels,\n  CASE " + strings.Join(projs, "\n       ") + " END AS item"
}

// searchHead is searchCypher up to its RETURN.
func searchHead(labels []string, scope bool) string {
	key := strings.Join(labels, ",") + fmt.Sprint(scope)
	if c, ok := searchStatements.Load(key); ok {
		return c.(string)
	}
	has := func(l string) bool { return slices.Contains(labels, l) }
	var b strings.Builder
	b.WriteString("CALL () {\n  CALL db.index.fulltext.queryNodes('search', $query) YIELD node RETURN node AS n\n")
	if has("Actor") || has("Service") {
		b.WriteString("  UNION\n  CALL db.index.fulltext.queryNodes('search_contact', $contactQuery) YIELD node RETURN node AS n\n")
	}
	b.WriteString("}\nWITH n\nWHERE (")
	var ofLabel, rules, scopes []string
	for _, l := range labels {
		ofLabel = append(ofLabel, "n:"+l)
		rules = append(rules, "(NOT n:"+l+" OR VIS("+l+",n))")
		switch l {
		case "Actor":
			scopes = append(scopes, "(n:Actor AND EXISTS { (n)-[:ACTIVE_IN]->(:Neighbourhood)-[:PART_OF*0..]->(:Neighbourhood {id: $scope}) })")
		case "Service":
			scopes = append(scopes, "(n:Service AND "+searchReaches+")")
		case "Neighbourhood":
			scopes = append(scopes, "(n:Neighbourhood AND EXISTS { (n)-[:PART_OF*0..]->(:Neighbourhood {id: $scope}) })")
		}
	}
	b.WriteString(strings.Join(ofLabel, " OR ") + ")\n  AND " + strings.Join(rules, " AND "))
	if has("Actor") || has("Service") {
		b.WriteString("\n  AND ($asOf IS NULL OR n:Neighbourhood OR " + condAsOf + ")" +
			"\n  AND (n:Neighbourhood OR coalesce(n.status, 'ACTIVE') = 'ACTIVE')")
	}
	if scope {
		b.WriteString("\n  AND (" + strings.Join(scopes, "\n    OR ") + ")")
	}
	b.WriteString("\nWITH n, " + searchScore + " AS score\nORDER BY score DESC, n.id LIMIT $limit")
	c := b.String()
	searchStatements.Store(key, c)
	return c
}

// searchStatements caches searchHead's statements by labels and scope.
var searchStatements sync.Map

// searchReaches is reachesS on $scope: the services list's rule of
// reaching a neighbourhood.
var searchReaches = strings.ReplaceAll(reachesS, "$neighbourhood", "$scope")

// searchScore weighs each query term as the full-text query does: a
// whole word of the name 4, a word of the name beginning with it 2, a
// whole word of the text 1, a word of the text beginning with it 1,
// summed over the terms ($words and $prefixes hold, per term, the Java
// regular expressions of a whole word and of a word start; $terms the
// terms). A regular expression costs Neo4j some microseconds a candidate
// (it compiles one that is not a literal each time), which for a common
// word was most of the search, so the score asks one only where plain
// string tests cannot tell (see fieldScore).
var searchScore = `reduce(s = 0.0, i IN range(0, size($words) - 1) | s
  + ` + fieldScore("n.searchName", "4.0", "2.0") + `
  + ` + fieldScore("n.searchText", "1.0", "1.0") + `
  + ` + fieldScore("n.searchContact", "1.0", "1.0") + `)`

// fieldScore is the weight of term i in the folded field: word for a
// whole word, plus prefix for a word beginning with it (a whole word is
// one). A field without the term scores nothing; a term between spaces
// or the field's ends is a whole word, a term at the start or after a
// space begins a word, without a regular expression; only the rest (a
// term beside other punctuation, or inside a word) asks the patterns.
func fieldScore(field, word, prefix string) string {
	t := "$terms[i]"
	return `CASE WHEN NOT coalesce(` + field + `, '') CONTAINS ` + t + ` THEN 0.0
    WHEN ` + field + ` = ` + t + ` OR ` + field + ` STARTS WITH ` + t + ` + ' ' OR ` + field + ` ENDS WITH ' ' + ` + t +
		` OR ` + field + ` CONTAINS ' ' + ` + t + ` + ' ' OR ` + field + ` =~ $words[i] THEN ` + word + ` + ` + prefix + `
    WHEN ` + field + ` STARTS WITH ` + t + ` OR ` + field + ` CONTAINS ' ' + ` + t + ` OR ` + field + ` =~ $prefixes[i] THEN ` + prefix + `
    ELSE 0.0 END`
}

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
	// The labels in one order, each once: the statement of a set of
	// types is cached (searchCypher).
	labels := make([]string, 0, len(searchOrder))
	for _, t := range searchOrder {
		if slices.Contains(types, t) {
			labels = append(labels, searchLabels[t])
		}
	}
	words, prefixes := termPatterns(terms)
	params := map[string]any{"query": luceneQuery(terms), "contactQuery": contactQuery(terms), "limit": int64(limit),
		"words": words, "prefixes": prefixes, "terms": terms, "asOf": dateParam(q.AsOf), "scope": nil}
	if q.Scope != nil {
		params["scope"] = filterRef{label: "Neighbourhood", field: "scope", id: *q.Scope}
	}
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]domain.SearchHit, error) {
		recs, err := collectGuarded(ctx, tx, searchCypher(labels, q.Scope != nil, q.Fields), params)
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
