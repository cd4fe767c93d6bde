package importer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/internal/neo4jtest"
	"github.com/kiezgraph/kiezgraph/store"
)

// places is a small hierarchy every case below may reference.
const places = `key,name,level,parent
c,City,CITY,
d,District,DISTRICT,c
q,Quarter,QUARTER,d
`

const twoActors = `key,name,kind,sector
a1,One,ASSOCIATION,NON_PROFIT
a2,Two,SCHOOL,PUBLIC
`

// storeRecords writes records to the database as if an earlier import,
// the demo city or the API had created them.
func storeRecords(t *testing.T, st *store.Store, ds *domain.Dataset) {
	t.Helper()
	if err := st.LoadDataset(t.Context(), ds, 0); err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

// TestRowProblems checks places.csv, actors.csv and then the case's
// file against a database that holds one actor and one target group (a
// dry run, so that the cases do not see each other's rows), and compares
// the problems: line, column and the start of the reason.
func TestRowProblems(t *testing.T) {
	_, stored := setup(t)
	storeRecords(t, stored, &domain.Dataset{
		TargetGroups: []domain.TargetGroup{{Vocabulary: domain.Vocabulary{ID: "tg_children-6-13", Code: "CHILDREN_6_13",
			LabelDe: "Kinder 6–13", LabelEn: "children 6–13"}}},
		Actors: []domain.Actor{{ID: "act_stored", Name: "Stored", Kind: domain.KindAssociation, Sector: domain.SectorNonProfit,
			Meta: domain.Meta{ExternalKey: ptr("stored-actor")}}},
	})
	type want struct {
		line        int
		col, reason string
	}
	for _, c := range []struct {
		name, file, content string
		want                []want
	}{
		{"missing key", "actors.csv", "key,name,kind,sector\n,Nameless,ASSOCIATION,NON_PROFIT\n",
			[]want{{2, "key", "is required"}}},
		{"missing required cell", "actors.csv", "key,name,kind,sector\nx,,ASSOCIATION,NON_PROFIT\n",
			[]want{{2, "name", "is required"}}},
		{"duplicate key", "actors.csv", "key,name,kind,sector\nx,A,ASSOCIATION,NON_PROFIT\nx,B,ASSOCIATION,NON_PROFIT\n",
			[]want{{3, "key", `"x" appears twice: line 2 has it too`}}},
		{"unknown enum", "actors.csv", "key,name,kind,sector\nx,A,ASSOCIATION,GOVERNMENT\n",
			[]want{{2, "sector", `"GOVERNMENT" is not one of PUBLIC, NON_PROFIT, PRIVATE, CIVIL_SOCIETY`}}},
		{"unknown status", "services.csv", "key,name,provider,status\nx,A,stored-actor,PUBLISHED\n",
			[]want{{2, "status", `"PUBLISHED" is not one of DRAFT, ACTIVE, ARCHIVED`}}},
		{"bidi override in a name", "actors.csv", "key,name,kind,sector\nx,\u202eevil,ASSOCIATION,NON_PROFIT\n",
			[]want{{2, "name", "must not contain control or bidirectional formatting characters"}}},
		{"line break in a keyword", "actors.csv", "key,name,kind,sector,keywords\nx,A,ASSOCIATION,NON_PROFIT,\"ok;two\nlines\"\n",
			[]want{{2, "keywords", "keyword 2 must not contain control or bidirectional formatting characters"}}},
		{"bidi override in an indicator name", "neighbourhoods.csv", "key,name,level,parent,indicators\nq2,Q2,QUARTER,d,\"[{\"\"name\"\": \"\"Arbeitslose\u202e\"\", \"\"value\"\": 12.5}]\"\n",
			[]want{{2, "indicators", "must not contain control or bidirectional formatting characters"}}},
		// Every free-text column follows the API's checks (domain/check.go).
		{"javascript website", "actors.csv", "key,name,kind,sector,website\nx,A,ASSOCIATION,NON_PROFIT,javascript:alert(1)\n",
			[]want{{2, "website", "must be an http or https URL"}}},
		{"website without scheme", "actors.csv", "key,name,kind,sector,website\nx,A,ASSOCIATION,NON_PROFIT,example.org\n",
			[]want{{2, "website", "must be an http or https URL"}}},
		{"https website is fine", "actors.csv", "key,name,kind,sector,website\nx,A,ASSOCIATION,NON_PROFIT,https://example.org/a?b=c\n", nil},
		{"NUL in a description", "actors.csv", "key,name,kind,sector,description\nx,A,ASSOCIATION,NON_PROFIT,a\x00b\n",
			[]want{{2, "description", "must not contain control or bidirectional formatting characters (found U+0000)"}}},
		{"line breaks in a description are fine", "actors.csv", "key,name,kind,sector,description\nx,A,ASSOCIATION,NON_PROFIT,\"two\nlines\"\n", nil},
		{"bidi override in an address", "actors.csv", "key,name,kind,sector,address\nx,A,ASSOCIATION,NON_PROFIT,Hauptstr. \u202e1\n",
			[]want{{2, "address", "must not contain control or bidirectional formatting characters (found U+202E)"}}},
		{"line break in an address", "actors.csv", "key,name,kind,sector,address\nx,A,ASSOCIATION,NON_PROFIT,\"Hauptstr. 1\nBerlin\"\n",
			[]want{{2, "address", "must not contain control"}}},
		{"NUL in a phone", "actors.csv", "key,name,kind,sector,phone\nx,A,ASSOCIATION,NON_PROFIT,030\x00\n",
			[]want{{2, "phone", "must not contain control"}}},
		{"bidi in an operator", "actors.csv", "key,name,kind,sector,operator\nx,A,ASSOCIATION,NON_PROFIT,\u2066AWO\n",
			[]want{{2, "operator", "must not contain control"}}},
		{"actor e-mail without @", "actors.csv", "key,name,kind,sector,email\nx,A,ASSOCIATION,NON_PROFIT,info\n",
			[]want{{2, "email", "is not an e-mail address"}}},
		{"bidi in a source", "actors.csv", "key,name,kind,sector,source\nx,A,ASSOCIATION,NON_PROFIT,\u202bMSS\n",
			[]want{{2, "source", "must not contain control"}}},
		{"bidi in a key", "actors.csv", "key,name,kind,sector\nx\u202e,A,ASSOCIATION,NON_PROFIT\n",
			[]want{{2, "key", "must not contain control"}}},
		{"NUL in a person's e-mail", "people.csv", "key,name,email\np,P,p@example.org\x00\n",
			[]want{{2, "email", "must not contain control"}}},
		{"bidi in a service description", "services.csv", "key,name,provider,description\ns,S,a1,\u202eevil\n",
			[]want{{2, "description", "must not contain control"}}},
		{"bidi in a network description", "networks.csv", "key,name,kind,description\nn,N,ROUND_TABLE,\u202eevil\n",
			[]want{{2, "description", "must not contain control"}}},
		{"NUL in an event description", "events.csv", "key,name,kind,date,description\ne,E,WORKSHOP,2025-01-01,\x00\n",
			[]want{{2, "description", "must not contain control"}}},
		{"bidi in a cooperation description", "cooperations.csv", "key,from,to,kind,description\nk,a1,a2,REFERRAL,\u202eevil\n",
			[]want{{2, "description", "must not contain control"}}},
		{"NUL in an official code", "neighbourhoods.csv", "key,name,level,parent,officialCode\nq2,Q2,QUARTER,d,11\x00\n",
			[]want{{2, "officialCode", "must not contain control"}}},
		{"bidi in an indicator source", "neighbourhoods.csv", "key,name,level,parent,indicators\nq2,Q2,QUARTER,d,\"[{\"\"name\"\": \"\"x\"\", \"\"value\"\": 1, \"\"source\"\": \"\"\u202eMSS\"\"}]\"\n",
			[]want{{2, "indicators", "must not contain control"}}},
		{"bidi in a target group description", "target_groups.csv", "code,labelDe,labelEn,description\nNEW_TG,Neu,New,\u202eevil\n",
			[]want{{2, "description", "must not contain control"}}},
		{"enum in lower case is fine", "actors.csv", "key,name,kind,sector\nx,A,association,non_profit\n", nil},
		{"unknown target group code", "services.csv", "key,name,provider,targetGroups\ns,S,a1,CHILDREN_6_13;KIDS\n",
			[]want{{2, "targetGroups", `unknown target group code "KIDS"`}}},
		{"unknown topic code", "needs.csv", "key,targetGroup,topic,neighbourhood,severity\nn,CHILDREN_6_13,EDUCATION,q,HIGH\n",
			[]want{{2, "topic", `unknown topic code "EDUCATION"`}}},
		{"dangling reference", "roles.csv", "key,person,actor,title\nr,p,a1,Lead\n",
			[]want{{2, "person", `no person with key "p" in this import or the database`}}},
		{"reference to a stored record", "cooperations.csv", "key,from,to,kind\nk,a1,stored-actor,REFERRAL\n", nil},
		{"reference to a bad row", "cooperations.csv", "key,from,to,kind\nk,a1,a3,REFERRAL\n",
			[]want{{2, "to", `actor "a3" is not imported: its row (`}}},
		{"bad date", "actors.csv", "key,name,kind,sector,validFrom\nx,A,ASSOCIATION,NON_PROFIT,1.2.2020\n",
			[]want{{2, "validFrom", `"1.2.2020" is not a date (want YYYY-MM-DD)`}}},
		{"validTo before validFrom", "actors.csv", "key,name,kind,sector,validFrom,validTo\nx,A,ASSOCIATION,NON_PROFIT,2020-02-01,2020-01-31\n",
			[]want{{2, "validTo", "must not be before validFrom"}}},
		{"wrong number type", "neighbourhoods.csv", "key,name,level,parent,population\nq2,Q,QUARTER,d,many\n",
			[]want{{2, "population", `"many" is not a whole number`}}},
		{"wrong decimal type", "cooperations.csv", "key,from,to,kind,strength\nk,a1,a2,REFERRAL,strong\n",
			[]want{{2, "strength", `"strong" is not a number`}}},
		{"strength out of range", "cooperations.csv", "key,from,to,kind,strength\nk,a1,a2,REFERRAL,1.5\n",
			[]want{{2, "strength", "must be between 0 and 1"}}},
		{"self cooperation", "cooperations.csv", "key,from,to,kind\nk,a1,a1,REFERRAL\n",
			[]want{{2, "to", "an actor cannot cooperate with itself"}}},
		{"wrong boolean", "cooperations.csv", "key,from,to,kind,directed\nk,a1,a2,REFERRAL,yes\n",
			[]want{{2, "directed", `"yes" is not a boolean (want true or false)`}}},
		{"bad id", "actors.csv", "key,id,name,kind,sector\nx,actor-1,A,ASSOCIATION,NON_PROFIT\n",
			[]want{{2, "id", `must start with "act_"`}}},
		{"too many cells", "people.csv", "key,name\np,Name,extra\n",
			[]want{{2, "", "has 3 cells, the header has 2"}}},
		{"unknown column", "people.csv", "key,name,phone\np,Name,123\n",
			[]want{{1, "", `unknown column "phone"; the columns of people are key,id,name,email,source,lastConfirmed (nothing of this file is imported)`}}},
		{"semicolons", "people.csv", "key;name\np;P\n",
			[]want{{1, "", `unknown column "key;name", missing column "key", missing column "name", the file seems to separate columns by ';'`}}},
		{"missing column", "roles.csv", "key,person,title\nr,p,Lead\n",
			[]want{{1, "", `missing column "actor"`}}},
		{"parent later in the file", "neighbourhoods.csv", "key,name,level,parent\nq2,Q2,QUARTER,d2\nd2,D2,DISTRICT,c\n", nil},
		{"parent of the wrong level", "neighbourhoods.csv", "key,name,level,parent\nq2,Q2,QUARTER,q3\nq3,Q3,QUARTER,d\n",
			[]want{{2, "level", "a QUARTER cannot lie inside a QUARTER"}}},
		{"parent missing", "neighbourhoods.csv", "key,name,level,parent\nq2,Q2,QUARTER,\n",
			[]want{{2, "parent", "a QUARTER needs a parent neighbourhood"}}},
		{"parent bad", "neighbourhoods.csv", "key,name,level,parent\nq2,Q2,QUARTER,d2\nd2,D2,DISTRICT,nowhere\n",
			[]want{{2, "parent", `neighbourhood "d2" is not imported: its row (`}, {3, "parent", `no neighbourhood with key "nowhere"`}}},
		{"event without date", "events.csv", "key,name,kind,date\ne,E,WORKSHOP,\n",
			[]want{{2, "date", "is required"}}},
		{"bad indicators", "neighbourhoods.csv", "key,name,level,parent,indicators\nq2,Q,QUARTER,d,\"[{\"\"name\"\":\"\"x\"\",\"\"value\"\":\"\"high\"\"}]\"\n",
			[]want{{2, "indicators", "not a JSON array of {name, value, unit, year, source}"}}},
		{"bad CSV quoting", "people.csv", "key,name\np,\"Na\"me\"\nq,Fine\n",
			[]want{{2, "", "not valid CSV"}}},
		{"JSON wrong types", "actors.json", `[
  {"key": "j1", "name": "J", "kind": "ASSOCIATION", "sector": "NON_PROFIT"},
  {"key": "j2", "name": 7, "kind": "ASSOCIATION", "sector": "NON_PROFIT",
   "keywords": "a;b", "validFrom": "2020-01-01"},
  {
    "key": "j3", "name": "J3", "kind": "ASSOCIATION", "sector": "NON_PROFIT", "neighbourhoods": ["q", 4]
  },
  {"key": "j4", "name": "J4", "kind": "ASSOCIATION", "sector": "NON_PROFIT", "colour": "red"}
]`, []want{{3, "name", "want a string, got a number"}, {5, "neighbourhoods", "want an array of strings, got a number in it"},
			{8, "colour", "unknown column"}}},
		{"JSON number as string", "neighbourhoods.jsonl", `{"key": "q2", "name": "Q", "level": "QUARTER", "parent": "d", "population": "12"}
not json
{"key": "q3", "name": "Q3", "level": "QUARTER", "parent": "d", "quarterManagement": "true"}`,
			[]want{{1, "population", "want a whole number, got a string"}, {2, "", "not a JSON object"},
				{3, "quarterManagement", "want a boolean, got a string"}}},
		{"JSON syntax error stops the file", "people.json", "[\n{\"key\": \"p\", \"name\": \"P\"},\n{\"key\": \"q\" \"name\": \"Q\"}\n]",
			[]want{{3, "", "not valid JSON"}}},
		{"JSON on one line", "people.json", `[{"key": "p", "name": "P"}, {"key": "q", "name": 1}, {"key": "p", "name": "P2"}]`,
			[]want{{1, "name", "want a string, got a number"}, {1, "key", `"p" appears twice: line 1 has it too`}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			write := func(name, content string) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
				return p
			}
			write("0-places.neighbourhoods.csv", places)
			write("0-base.actors.csv", twoActors+"a3,Three,ASSOCIATION,NOWHERE\n")
			path := write(c.file, c.content)
			files, err := Plan([]string{dir}, "")
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Run(t.Context(), stored, files, Options{Partial: true, DryRun: true, Batch: 2})
			if err != nil {
				t.Fatal(err)
			}
			var got []Problem
			for _, f := range rep.Files {
				for _, p := range f.Problems {
					if p.File == path {
						got = append(got, p)
					}
				}
			}
			if len(got) != len(c.want) {
				t.Fatalf("problems %v, want %v", got, c.want)
			}
			for i, w := range c.want {
				if g := got[i]; g.Line != w.line || g.Column != w.col || !strings.HasPrefix(g.Reason, w.reason) {
					t.Errorf("problem %d: %d %q %q, want %d %q %q…", i, g.Line, g.Column, g.Reason, w.line, w.col, w.reason)
				}
			}
		})
	}
}

func TestDefaultWritesNothingWhenAnyRowIsBad(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{"neighbourhoods.csv": places, "actors.csv": twoActors + "a3,Three,ASSOCIATION,NOWHERE\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, st := setup(t)
	rep, err := importPaths(t, st, Options{}, dir)
	if n := neo4jtest.Count(t, testDriver, "MATCH (n) RETURN count(n) AS c", nil); !errors.Is(err, ErrBadRows) || rep.Bad() != 1 || n != 0 {
		t.Fatalf("err %v, %d bad, %d nodes written; want ErrBadRows, 1, 0", err, rep.Bad(), n)
	}
	rep, err = importPaths(t, st, Options{Partial: true}, dir)
	if n := neo4jtest.Count(t, testDriver, "MATCH (n) RETURN count(n) AS c", nil); err != nil || rep.Written() != 5 || n != 5 {
		t.Fatalf("partial: err %v, %d written, %d nodes; want 5 and 5", err, rep.Written(), n)
	}
	// A file that cannot be read fails the import even without rows.
	if err := os.WriteFile(filepath.Join(dir, "actors.csv"), []byte(twoActors), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "people.csv"), []byte("key,nam\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, st = setup(t)
	_, err = importPaths(t, st, Options{}, dir)
	if n := neo4jtest.Count(t, testDriver, "MATCH (n) RETURN count(n) AS c", nil); !errors.Is(err, ErrBadRows) || n != 0 {
		t.Errorf("err %v, %d nodes written; want ErrBadRows and none", err, n)
	}
}

func TestStoredKeysKeepTheirIDs(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "actors.csv")
	if err := os.WriteFile(p, []byte(twoActors+"a3,Three,ASSOCIATION,PRIVATE\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, st := setup(t)
	storeRecords(t, st, &domain.Dataset{Actors: []domain.Actor{{ID: "act_two", Name: "Zwei", Kind: domain.KindSchool,
		Sector: domain.SectorPublic, Meta: domain.Meta{ExternalKey: ptr("a2")}}}})
	if _, err := importPaths(t, st, Options{}, p); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range neo4jtest.Query(t, testDriver, "MATCH (a:Actor) RETURN a.id AS id ORDER BY a.externalKey", nil) {
		ids = append(ids, r["id"].(string))
	}
	want := []string{DeriveID("act_", "a1"), "act_two", DeriveID("act_", "a3")}
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("ids %v, want %v", ids, want)
	}
	if got := neo4jtest.Count(t, testDriver, "MATCH (a:Actor {id: 'act_two', name: 'Two'}) RETURN count(a) AS c", nil); got != 1 {
		t.Errorf("the stored actor with key a2 was not updated in place")
	}
	// A row that names another id than the stored record's is bad.
	if err := os.WriteFile(p, []byte("key,id,name,kind,sector\na2,act_other,Two,SCHOOL,PUBLIC\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := importPaths(t, st, Options{}, p)
	if !errors.Is(err, ErrBadRows) || len(rep.Files[0].Problems) != 1 || rep.Files[0].Problems[0].Column != "id" {
		t.Errorf("err %v, problems %v; want one about the id", err, rep.Files[0].Problems)
	}
}

// racingStore is the real store with a second writer that creates the
// records of the first batch just before the import writes it, as
// another import or a user of the API might: the import found them not
// stored and creates them, which the database's uniqueness constraints
// refuse. It counts the records each write tried to create.
type racingStore struct {
	*store.Store
	mu   sync.Mutex
	race bool
	news []int
}

func (s *racingStore) WriteImportBatch(ctx context.Context, b *store.ImportBatch) error {
	s.mu.Lock()
	race := s.race
	s.race = false
	s.news = append(s.news, len(b.New))
	s.mu.Unlock()
	if race {
		if err := s.LoadDataset(ctx, &domain.Dataset{Actors: b.Actors}, 0); err != nil {
			return fmt.Errorf("the other writer: %w", err)
		}
	}
	return s.Store.WriteImportBatch(ctx, b)
}

func TestBatchesAreRetriedAsMerges(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "actors.csv")
	if err := os.WriteFile(p, []byte(twoActors), 0o644); err != nil {
		t.Fatal(err)
	}
	_, real := setup(t)
	st := &racingStore{Store: real, race: true}
	rep, err := importPaths(t, st, Options{Workers: 1}, p)
	if err != nil || rep.Written() != 2 {
		t.Fatalf("err %v, %d written; want the batch retried", err, rep.Written())
	}
	if len(st.news) != 2 || st.news[0] != 2 || st.news[1] != 0 {
		t.Errorf("records to create per write: %v, want [2 0]: created, refused, retried as merges", st.news)
	}
	if got := neo4jtest.Count(t, testDriver, "MATCH (a:Actor) RETURN count(a) AS c", nil); got != 2 {
		t.Errorf("%d actors after the race, want 2", got)
	}
	_, real = setup(t)
	st = &racingStore{Store: real}
	if _, err := importPaths(t, st, Options{}, p); err != nil || len(st.news) != 1 || st.news[0] != 2 {
		t.Errorf("err %v, records to create per write %v; want both actors created as new in one write", err, st.news)
	}
	// Stored records are merged, never created.
	st = &racingStore{Store: real}
	if _, err := importPaths(t, st, Options{}, p); err != nil || len(st.news) != 1 || st.news[0] != 0 {
		t.Errorf("again: err %v, records to create per write %v; want none", err, st.news)
	}
}

func TestIDs(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{DeriveID("act_", "ms-a-elterncafe"), "act_8b35abc0b2d0ccd1d7a1"}, // as FORMAT.md says
		{DeriveID("coo_", ""), "coo_e3b0c44298fc1c149afb"},
		{VocabularyID("tg_", "CHILDREN_6_13"), "tg_children-6-13"},
		{VocabularyID("top_", "LOCAL_ECONOMY"), "top_local-economy"},
	} {
		if c.got != c.want {
			t.Errorf("%s, want %s", c.got, c.want)
		}
	}
}
