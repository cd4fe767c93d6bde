package noninterference_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/internal/neo4jtest"
	"github.com/kiezgraph/kiezgraph/server"
	"github.com/kiezgraph/kiezgraph/server/noninterference"
)

// Non-interference: for each principal, every generated read document
// answers byte for byte the same before and after records the principal
// may not see are added (request ids aside). A record the principal may
// not see must read exactly like a missing one: in lists, counts,
// filters, orderings, scores, search and every analysis.

// principal is a caller the test reads as.
type principal struct {
	name      string
	role      domain.AccessRole
	districts []string
}

var principals = []principal{
	{"public", domain.RolePublic, nil},
	{"viewer-of-nord", domain.RoleViewer, []string{"nbh_nord"}},
	{"coordinator-of-nord", domain.RoleCoordinator, []string{"nbh_nord"}},
	{"researcher", domain.RoleResearcher, nil},
}

// defaultSeed is the seed of a run without NONINTERFERENCE_SEED.
const defaultSeed = 20261206

// testSeed is NONINTERFERENCE_SEED, a number or "random"; by default a
// fixed seed, so that CI runs the same documents every time.
func testSeed(t *testing.T) int64 {
	switch s := os.Getenv("NONINTERFERENCE_SEED"); s {
	case "":
		return defaultSeed
	case "random":
		return time.Now().UnixNano()
	default:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("NONINTERFERENCE_SEED=%q: %v", s, err)
		}
		return n
	}
}

func TestNonInterference(t *testing.T) {
	needNeo4j(t)
	seed := testSeed(t)
	t.Logf("seed %d (NONINTERFERENCE_SEED=%d repeats this run)", seed, seed)
	schema := servedSchema()
	for i, p := range principals {
		t.Run(p.name, func(t *testing.T) {
			start := time.Now()
			pseed := seed + int64(i)
			pl := planFor(t, p, pseed)
			pool := poolFor(t, p, pl, pseed)
			qs := noninterference.Generate(schema, pool, noninterference.DefaultOptions(pseed, string(p.role)))
			before := neo4jtest.Snapshot(t, drv)

			tok := bearer(t, p)
			phase1 := runAll(t, tok, qs)
			pl.apply(t)
			// Deferred, not a cleanup: t.Context, which the snapshot
			// reads with, ends before cleanups run.
			defer func() {
				pl.remove(t)
				if after := neo4jtest.Snapshot(t, drv); !slices.Equal(before, after) {
					t.Errorf("the hidden records were not removed cleanly")
				}
			}()
			checkPlanted(t, pl)
			phase2 := runAll(t, tok, qs)

			ok, errs, differ, codes := 0, 0, map[string]int{}, map[string]int{}
			for j, q := range qs {
				a, b := phase1[j], phase2[j]
				if a.hasData {
					ok++
				} else {
					errs++
					codes[q.Field+":"+a.code]++
				}
				if a.status == b.status && bytes.Equal(a.body, b.body) {
					continue
				}
				differ[q.Field]++
				vars, _ := json.Marshal(q.Variables)
				t.Errorf("%s: %s differs at %s (status %d → %d)\n  document: %s\n  variables: %s\n  before: %s\n  after:  %s",
					p.name, q.Field, firstDiff(a.body, b.body), a.status, b.status, q.Document, vars,
					around(a.body, b.body), around(b.body, a.body))
			}
			slowest := make([]int, len(qs))
			for j := range slowest {
				slowest[j] = j
			}
			slices.SortFunc(slowest, func(x, y int) int { return int(phase1[y].took - phase1[x].took) })
			for _, j := range slowest[:min(8, len(slowest))] {
				t.Logf("slow: %s %s %s", qs[j].Field, phase1[j].took.Round(time.Millisecond), phase2[j].took.Round(time.Millisecond))
			}
			var fields []string
			for f, n := range differ {
				fields = append(fields, fmt.Sprintf("%s×%d", f, n))
			}
			sort.Strings(fields)
			t.Logf("%s: %d documents (%d with data, %d with errors: %v), %d hidden records, %s; differing: %v",
				p.name, len(qs), ok, errs, codes, len(pl.ids()), time.Since(start).Round(time.Millisecond), fields)
			if ok < len(qs)/2 {
				t.Errorf("only %d of %d documents answered with data: the test reads too little", ok, len(qs))
			}
		})
	}
}

// poolFor fills arguments: ids of records of every type in the city
// (seeded sample) and, for a principal confined to districts, as many
// again from inside them, so that half the documents do not merely ask
// for records the principal may not see; the visible records the
// hidden ones are linked to,
// the hidden records' own ids (missing in phase 1, hidden in phase 2),
// and ids of nothing; words of visible names, which the hidden names
// share, and a word only hidden names have.
func poolFor(t *testing.T, p principal, pl *plan, seed int64) noninterference.Pool {
	t.Helper()
	r := rand.New(rand.NewSource(seed))
	ids := map[string][]string{}
	byPrefix := func(id string) string { return id[:max(strings.Index(id, "_"), 0)] }
	for _, rec := range neo4jtest.Query(t, drv, `CALL () { MATCH (n) WHERE n.id IS NOT NULL RETURN n.id AS id UNION MATCH ()-[x]->() WHERE x.id IS NOT NULL RETURN x.id AS id } RETURN collect(id) AS ids`, nil) {
		all := map[string][]string{}
		for _, x := range rec["ids"].([]any) {
			id := x.(string)
			all[byPrefix(id)] = append(all[byPrefix(id)], id)
		}
		// In prefix order: the seed must pick the same ids every run
		// (map order would hand the shuffles its numbers in any order).
		for _, prefix := range slices.Sorted(maps.Keys(all)) {
			ids[prefix] = sample(r, all[prefix], 4)
		}
	}
	if len(p.districts) > 0 {
		inside := map[string][]string{}
		for _, rec := range neo4jtest.Query(t, drv, `MATCH (d:Neighbourhood)<-[:PART_OF*0..]-(m:Neighbourhood) WHERE d.id IN $districts
CALL (m) {
  RETURN m.id AS id
  UNION MATCH (m)<-[:ACTIVE_IN]-(a:Actor) RETURN a.id AS id
  UNION MATCH (m)<-[:ACTIVE_IN]-(:Actor)-[:OFFERS]->(s:Service) RETURN s.id AS id
  UNION MATCH (m)<-[:IN]-(n:Need) RETURN n.id AS id
  UNION MATCH (m)<-[:ACTIVE_IN]-(:Actor)-[c:COOPERATES_WITH]-(:Actor)-[:ACTIVE_IN]->(:Neighbourhood)-[:PART_OF*0..]->(e:Neighbourhood)
    WHERE e.id IN $districts RETURN c.id AS id
}
RETURN collect(DISTINCT id) AS ids`, map[string]any{"districts": p.districts}) {
			for _, x := range rec["ids"].([]any) {
				id := x.(string)
				inside[byPrefix(id)] = append(inside[byPrefix(id)], id)
			}
		}
		for _, prefix := range slices.Sorted(maps.Keys(inside)) {
			ids[prefix] = append(ids[prefix], sample(r, inside[prefix], 4)...)
		}
	}
	probes := map[string][]string{}
	for _, id := range append(slices.Clone(pl.visible), pl.ids()...) {
		ids[byPrefix(id)] = append(ids[byPrefix(id)], id)
	}
	for _, id := range pl.ids() {
		probes[byPrefix(id)] = append(probes[byPrefix(id)], id)
	}
	words := append(slices.Clone(pl.words), "Zweigstelle", "schule", "Jugend")
	slices.Sort(words)
	// Where the visible records the hidden ones copy are: the hidden
	// ones sit at the same points.
	var coords [][2]float64
	for _, rec := range neo4jtest.Query(t, drv, `MATCH (o)-[:AT]->(l:Location) WHERE o.id IN $ids
RETURN l.point.x AS x, l.point.y AS y ORDER BY l.id`, map[string]any{"ids": pl.visible}) {
		coords = append(coords, [2]float64{rec["x"].(float64), rec["y"].(float64)})
	}
	return noninterference.Pool{
		Coordinates: coords,
		IDs:         ids,
		Probes:      probes,
		Garbage:     []string{"act_nobody", "nbh_nowhere", "", "not an id"},
		Words:       slices.Compact(words),
		Dates:       []string{"2016-01-01", "2024-02-08", "2025-06-01", "2026-11-14", "2030-01-01"},
		DateTimes:   []string{"2020-01-01T00:00:00Z", "2030-01-01T00:00:00Z"},
	}
}

// checkPlanted makes sure phase 2 has its hidden records: a test that
// compared two equal databases could not fail.
func checkPlanted(t *testing.T, pl *plan) {
	t.Helper()
	n := neo4jtest.Count(t, drv, "MATCH (n) WHERE n.id IN $ids RETURN count(n) AS c", map[string]any{"ids": pl.nodes})
	m := neo4jtest.Count(t, drv, "MATCH ()-[r]->() WHERE r.id IN $ids RETURN count(r) AS c", map[string]any{"ids": pl.rels})
	if int(n) != len(pl.nodes) || int(m) != len(pl.rels) {
		t.Fatalf("planted %d of %d nodes and %d of %d relationships", n, len(pl.nodes), m, len(pl.rels))
	}
}

// answer is one response: status and body without request ids.
type answer struct {
	status  int
	body    []byte
	hasData bool
	took    time.Duration
	code    string // of the first error
}

var requestIDs = regexp.MustCompile(`"requestId":"[^"]*"`)

// runAll runs every document as the bearer against a server of its own
// (a fresh analysis cache), two at a time.
func runAll(t *testing.T, tok string, qs []noninterference.Query) []answer {
	t.Helper()
	srv := httptest.NewServer(server.New(st, serverConfig(t), discard))
	defer srv.Close()
	out := make([]answer, len(qs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = post(t, srv.URL, tok, qs[i], fmt.Sprintf("noninterference-%d", i))
			}
		}()
	}
	for i := range qs {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// post sends one document; the request id is the same in both phases
// (the service takes the client's), so that error messages that quote
// it compare equal; ids in extensions are blanked besides.
func post(t *testing.T, base, tok string, q noninterference.Query, requestID string) answer {
	body, _ := json.Marshal(map[string]any{"query": q.Document, "variables": q.Variables})
	req, err := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Error(err)
		return answer{}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Request-Id", requestID)
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return answer{}
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Error(err)
	}
	var probe struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Extensions struct {
				Code string `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	_ = json.Unmarshal(b, &probe)
	code := ""
	if len(probe.Errors) > 0 {
		code = probe.Errors[0].Extensions.Code
	}
	return answer{status: resp.StatusCode, body: canonical(requestIDs.ReplaceAll(b, []byte(`"requestId":""`))),
		hasData: len(probe.Errors) == 0 && len(probe.Data) > 0 && string(probe.Data) != "null", took: time.Since(start), code: code}
}

// canonical sorts a response's errors: gqlgen resolves the items of a
// list concurrently and appends their errors as they come, so the order
// of errors (not their content) varies from run to run. Everything
// else stays byte for byte as the service wrote it.
func canonical(b []byte) []byte {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		return b
	}
	var errs []json.RawMessage
	if err := json.Unmarshal(top["errors"], &errs); err != nil || len(errs) < 2 {
		return b
	}
	slices.SortFunc(errs, func(x, y json.RawMessage) int { return bytes.Compare(x, y) })
	var out bytes.Buffer
	out.WriteString(`{"errors":[`)
	out.Write(bytes.Join(func() [][]byte {
		r := make([][]byte, len(errs))
		for i, e := range errs {
			r[i] = e
		}
		return r
	}(), []byte(",")))
	out.WriteString("]")
	for _, k := range []string{"data", "extensions"} {
		if v, ok := top[k]; ok {
			out.WriteString(`,"` + k + `":`)
			out.Write(v)
		}
	}
	out.WriteString("}")
	return out.Bytes()
}
