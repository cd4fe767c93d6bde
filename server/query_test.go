package server_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/server"
)

func TestProbes(t *testing.T) {
	needNeo4j(t)
	for _, path := range []string{"/healthz", "/readyz", "/"} {
		t.Run(path, func(t *testing.T) {
			resp, err := http.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if resp.Header.Get("X-Request-Id") == "" {
				t.Error("no X-Request-Id header")
			}
		})
	}
}

const actorsPage = `query($first: Int, $after: String, $filter: ActorFilter, $order: ActorOrder) {
  actors(first: $first, after: $after, filter: $filter, orderBy: $order) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { __typename id name kind sector } }
  }
}`

func TestActorPaging(t *testing.T) {
	needNeo4j(t)
	all := mustPost(t, actorsPage, map[string]any{"first": 100})
	total := int(get(all, "actors", "totalCount").(float64))
	if total < 150 {
		t.Fatalf("demo city has %d actors, want at least 150", total)
	}
	// Walk all pages of 40 and check that they add up, in order, without repeats.
	seen := map[string]bool{}
	var after any
	var names []string
	for pages := 0; ; pages++ {
		d := mustPost(t, actorsPage, map[string]any{"first": 40, "after": after})
		conn := get(d, "actors")
		for i := 0; i < count(get(conn, "edges")); i++ {
			id := get(conn, "edges", i, "node", "id").(string)
			if seen[id] {
				t.Fatalf("actor %s on two pages", id)
			}
			seen[id] = true
			names = append(names, strings.ToLower(get(conn, "edges", i, "node", "name").(string)))
		}
		if (pages > 0) != get(conn, "pageInfo", "hasPreviousPage").(bool) {
			t.Errorf("page %d: hasPreviousPage wrong", pages)
		}
		after = get(conn, "pageInfo", "endCursor")
		if !get(conn, "pageInfo", "hasNextPage").(bool) {
			break
		}
	}
	if len(seen) != total {
		t.Errorf("pages held %d actors, totalCount says %d", len(seen), total)
	}
	// An empty page after the end, and first: 0.
	d := mustPost(t, actorsPage, map[string]any{"first": 10, "after": after})
	if n := count(get(d, "actors", "edges")); n != 0 {
		t.Errorf("page after the last has %d edges", n)
	}
	if get(d, "actors", "pageInfo", "endCursor") != nil || get(d, "actors", "pageInfo", "hasNextPage").(bool) {
		t.Errorf("empty page info wrong: %v", get(d, "actors", "pageInfo"))
	}
	d = mustPost(t, actorsPage, map[string]any{"first": 0})
	if count(get(d, "actors", "edges")) != 0 || int(get(d, "actors", "totalCount").(float64)) != total {
		t.Errorf("first: 0 should give no edges and the full count")
	}
	// Descending order by name reverses the ascending one.
	d = mustPost(t, actorsPage, map[string]any{"first": 1, "order": map[string]any{"field": "NAME", "direction": "DESC"}})
	if got := strings.ToLower(get(d, "actors", "edges", 0, "node", "name").(string)); got != names[len(names)-1] {
		t.Errorf("first by name DESC = %q, want %q", got, names[len(names)-1])
	}
}

func TestActorFilters(t *testing.T) {
	needNeo4j(t)
	tests := []struct {
		name   string
		filter map[string]any
		check  func(t *testing.T, node any)
	}{
		{"sector", map[string]any{"sectors": []string{"CIVIL_SOCIETY"}}, func(t *testing.T, n any) {
			if get(n, "sector") != "CIVIL_SOCIETY" {
				t.Errorf("sector %v", get(n, "sector"))
			}
		}},
		{"kind", map[string]any{"kinds": []string{"SCHOOL"}}, func(t *testing.T, n any) {
			if get(n, "kind") != "SCHOOL" || get(n, "__typename") != "Institution" {
				t.Errorf("kind %v typename %v", get(n, "kind"), get(n, "__typename"))
			}
		}},
		{"institutions", map[string]any{"institution": true}, func(t *testing.T, n any) {
			if get(n, "__typename") != "Institution" {
				t.Errorf("typename %v", get(n, "__typename"))
			}
		}},
		{"organisations", map[string]any{"institution": false}, func(t *testing.T, n any) {
			if get(n, "__typename") != "Organisation" {
				t.Errorf("typename %v", get(n, "__typename"))
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := mustPost(t, actorsPage, map[string]any{"first": 100, "filter": tc.filter})
			edges := get(d, "actors", "edges")
			if count(edges) == 0 {
				t.Fatal("filter matched nothing in the demo city")
			}
			for i := 0; i < count(edges); i++ {
				tc.check(t, get(edges, i, "node"))
			}
		})
	}
}

func TestNeighbourhoodFilterIncludesSubNeighbourhoods(t *testing.T) {
	needNeo4j(t)
	d := mustPost(t, `{ neighbourhoods(first: 100, filter: {levels: [DISTRICT]}) { edges { node { id
	  children { id actors(first: 0) { totalCount } }
	  actors(first: 0) { totalCount } } } } }`, nil)
	districts := get(d, "neighbourhoods", "edges")
	if count(districts) < 3 {
		t.Fatalf("%d districts, want at least 3", count(districts))
	}
	for i := 0; i < count(districts); i++ {
		n := get(districts, i, "node")
		inDistrict := int(get(n, "actors", "totalCount").(float64))
		maxChild := 0
		for j := 0; j < count(get(n, "children")); j++ {
			maxChild = max(maxChild, int(get(n, "children", j, "actors", "totalCount").(float64)))
		}
		if inDistrict < maxChild || inDistrict == 0 {
			t.Errorf("district %v has %d actors, a quarter of it %d", get(n, "id"), inDistrict, maxChild)
		}
		// The root filter agrees with the nested field.
		r := mustPost(t, `query($id: ID) { actors(first: 0, filter: {neighbourhood: $id}) { totalCount } }`, map[string]any{"id": get(n, "id")})
		if got := int(get(r, "actors", "totalCount").(float64)); got != inDistrict {
			t.Errorf("actors(filter: {neighbourhood}) = %d, nested = %d", got, inDistrict)
		}
	}
}

func TestNodeRefetch(t *testing.T) {
	needNeo4j(t)
	d := mustPost(t, `{
	  actors(first: 1) { edges { node { id } } }
	  institutions: actors(first: 1, filter: {institution: true}) { edges { node { id } } }
	  neighbourhoods(first: 1) { edges { node { id } } }
	  services(first: 1) { edges { node { id } } }
	  needs(first: 1) { edges { node { id } } }
	  people(first: 1) { edges { node { id } } }
	  networks(first: 1) { edges { node { id } } }
	  events(first: 1) { edges { node { id } } }
	  cooperations(first: 1) { edges { node { id } } }
	  targetGroups { id } topics { id }
	}`, nil)
	want := map[string]string{
		"actors": "Organisation", "institutions": "Institution", "neighbourhoods": "Neighbourhood",
		"services": "Service", "needs": "Need", "people": "Person", "networks": "Network",
		"events": "Event", "cooperations": "Cooperation",
	}
	ids := []any{}
	for field, typename := range want {
		id := get(d, field, "edges", 0, "node", "id")
		if id == nil {
			t.Fatalf("no %s in the demo city", field)
		}
		ids = append(ids, id)
		r := mustPost(t, `query($id: ID!) { node(id: $id) { __typename id } }`, map[string]any{"id": id})
		if got := get(r, "node", "__typename"); field != "actors" && got != typename {
			t.Errorf("node(%v) is %v, want %s", id, got, typename)
		}
		if get(r, "node", "id") != id {
			t.Errorf("node(%v) returned id %v", id, get(r, "node", "id"))
		}
	}
	ids = append(ids, get(d, "targetGroups", 0, "id"), get(d, "topics", 0, "id"), "act_does-not-exist", "zzz_unknown")
	r := mustPost(t, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids})
	nodes := get(r, "nodes")
	if count(nodes) != len(ids) {
		t.Fatalf("nodes returned %d entries for %d ids", count(nodes), len(ids))
	}
	for i, id := range ids {
		got := get(nodes, i, "id")
		if i < len(ids)-2 && got != id {
			t.Errorf("nodes[%d] = %v, want %v", i, got, id)
		}
		if i >= len(ids)-2 && get(nodes, i) != nil {
			t.Errorf("nodes[%d] for unknown id = %v, want null", i, get(nodes, i))
		}
	}
	if r := mustPost(t, `{ node(id: "act_nope") { id } actor(id: "act_nope") { id } }`, nil); r["node"] != nil || r["actor"] != nil {
		t.Errorf("unknown id should give null, got %v", r)
	}
}

// TestRoundTripsGrowWithDepthNotSize asks a three-level query for few and
// for many results and counts the store's transactions: they must be
// equal, and small.
func TestRoundTripsGrowWithDepthNotSize(t *testing.T) {
	needNeo4j(t)
	const q = `query($n: Int) { neighbourhoods(first: $n) { edges { node { name
	  actors(first: $n) { edges { node { name
	    services(first: $n) { edges { node { name provider { name } targetGroups { code } topics { code } neighbourhoods { name } } } }
	    partners(first: $n) { edges { node { name } cooperation { kind from { name } to { name } } } }
	  } } }
	} } } }`
	// Pages multiply in the complexity estimate: 50 per level is about
	// two million points, far above the default limit; this test is
	// about round trips, so its service allows it.
	cfg := testConfig()
	cfg.ComplexityLimit, cfg.RateLimit = 10_000_000, server.RateLimit{}
	big := httptest.NewServer(server.New(st, cfg, slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer big.Close()
	trips := func(n int) int64 {
		before, txs := st.QueryCount(), st.TransactionCount()
		if r := postTo(t, big.URL, q, map[string]any{"n": n}); len(r.Errors) > 0 {
			t.Fatalf("unexpected errors: %+v", r.Errors)
		}
		// All reads of a query share one read transaction.
		if txs := st.TransactionCount() - txs; txs != 1 {
			t.Errorf("%d per level: %d transactions; want 1", n, txs)
		}
		return st.QueryCount() - before
	}
	small, large := trips(2), trips(50)
	if small != large {
		t.Errorf("round trips: %d for 2 per level, %d for 50 per level; want equal", small, large)
	}
	if large > 10 {
		t.Errorf("%d round trips for a query of depth 4; want at most 10", large)
	}
}

func TestSearchIgnoresCaseAndUmlauts(t *testing.T) {
	needNeo4j(t)
	const q = `query($t: String!) { search(text: $t, first: 5) { score node { __typename id
	  ... on Actor { name } ... on Service { name } ... on Neighbourhood { name } } } }`
	spellings := []string{"Schüler", "Schueler", "SCHÜLER", "schuel"}
	var firstIDs []any
	for _, s := range spellings {
		d := mustPost(t, q, map[string]any{"t": s})
		hits := get(d, "search")
		if count(hits) == 0 {
			t.Fatalf("search %q found nothing", s)
		}
		firstIDs = append(firstIDs, get(hits, 0, "node", "id"))
		for i := 1; i < count(hits); i++ {
			if get(hits, i, "score").(float64) > get(hits, i-1, "score").(float64) {
				t.Errorf("search %q not ranked by score", s)
			}
		}
	}
	for i := range firstIDs {
		if firstIDs[i] != firstIDs[0] {
			t.Errorf("best hit for %q is %v, for %q %v", spellings[i], firstIDs[i], spellings[0], firstIDs[0])
		}
	}
	d := mustPost(t, `{ search(text: "Nordstadt Lindenau Bildung", types: [NEIGHBOURHOOD]) { node { __typename } } }`, nil)
	for i := 0; i < count(get(d, "search")); i++ {
		if get(d, "search", i, "node", "__typename") != "Neighbourhood" {
			t.Errorf("types filter let through %v", get(d, "search", i, "node", "__typename"))
		}
	}
}

func TestStaleRecords(t *testing.T) {
	needNeo4j(t)
	d := mustPost(t, `{ staleRecords(confirmedBefore: "2025-11-25", first: 100) { totalCount
	  edges { node { __typename id lastConfirmed source } } } }`, nil)
	conn := get(d, "staleRecords")
	if int(get(conn, "totalCount").(float64)) == 0 {
		t.Fatal("demo city has no records unconfirmed for a year")
	}
	prev := ""
	for i := 0; i < count(get(conn, "edges")); i++ {
		// Each record can be identified, to be confirmed or corrected.
		if id, _ := get(conn, "edges", i, "node", "id").(string); id == "" {
			t.Errorf("record %d has no id", i)
		}
		lc, _ := get(conn, "edges", i, "node", "lastConfirmed").(string)
		if lc >= "2025-11-25" {
			t.Errorf("record confirmed %s listed as stale", lc)
		}
		if lc != "" && lc < prev {
			t.Errorf("not oldest first: %s after %s", lc, prev)
		}
		if lc != "" {
			prev = lc
		}
	}
}

func TestMetrics(t *testing.T) {
	needNeo4j(t)
	const probe = `kiezgraph_graphql_operations_total{operation="query staleRecords",outcome="OK"}`
	const probeBad = `kiezgraph_graphql_operations_total{operation="query actors",outcome="BAD_USER_INPUT"}`
	before := scrape(t)
	mustPost(t, `query MetricsProbe { staleRecords(first: 1, confirmedBefore: "2000-01-01") { totalCount } }`, nil)
	post(t, `query MetricsProbeBad { actors(first: 1000) { totalCount } }`, nil)
	// An importer sharing the store reports the rows it wrote.
	importedBefore := st.ImportRows()
	st.AddImportRows(7)
	body := scrape(t)
	for _, series := range []string{probe, probeBad} {
		if got := metricValue(body, series) - metricValue(before, series); got != 1 {
			t.Errorf("%s grew by %v, want 1", series, got)
		}
	}
	for _, want := range []string{
		`kiezgraph_neo4j_transaction_duration_seconds_count{mode="read",outcome="ok"}`,
		`kiezgraph_analysis_cache_hits_total`,
		// No transaction runs while /metrics is scraped.
		"kiezgraph_neo4j_sessions_in_use 0\n",
		fmt.Sprintf("kiezgraph_import_rows_written_total %d\n", importedBefore+7),
		// The default rate limits never refuse the end-to-end tests.
		"kiezgraph_ratelimit_refusals_total 0\n",
		"kiezgraph_ratelimit_clients ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// metricValue returns the value of one series in a scrape, 0 when absent.
func metricValue(body, series string) float64 {
	for _, line := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return f
		}
	}
	return 0
}

// TestMetricsAreApart: the API does not serve /metrics; the metrics
// handler wants its bearer key; and no client-chosen string (operation
// names, unknown field names) becomes a label value: operations are
// labelled by their type and root field, from the schema.
func TestMetricsAreApart(t *testing.T) {
	needNeo4j(t)
	get := func(url, bearer string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if bearer != "" {
			req.Header.Set("Authorization", "Bearer "+bearer)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, tc := range []struct {
		name, url, bearer string
		status            int
	}{
		{"the API has no /metrics", srv.URL + "/metrics", "", http.StatusNotFound},
		{"the API has no /metrics, even with the key", srv.URL + "/metrics", testMetricsToken, http.StatusNotFound},
		{"metrics without the key", metricsSrv.URL + "/metrics", "", http.StatusUnauthorized},
		{"metrics with a wrong key", metricsSrv.URL + "/metrics", testMetricsToken + "x", http.StatusUnauthorized},
		{"metrics with an admin token", metricsSrv.URL + "/metrics", adminToken, http.StatusUnauthorized},
		{"metrics with the key", metricsSrv.URL + "/metrics", testMetricsToken, http.StatusOK},
		{"only /metrics on the metrics address", metricsSrv.URL + "/graphql", testMetricsToken, http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if status, _ := get(tc.url, tc.bearer); status != tc.status {
				t.Fatalf("status %d, want %d", status, tc.status)
			}
		})
	}

	for _, tc := range []struct {
		name, query, secret, label string
	}{
		{"named query", `query Anna_Schmidt_Jugendamt { topics { code } }`, "Anna_Schmidt_Jugendamt", "query topics"},
		{"aliases of one field", `query PersonLookup_Hans { a: topics { code } b: topics { labelDe } }`, "PersonLookup_Hans", "query topics"},
		{"several root fields", `query Several_Karl { topics { code } targetGroups { code } }`, "Several_Karl", "query (several)"},
		{"root field in a fragment", `query Frag_Erika { ...F } fragment F on Query { targetGroups { code } }`, "Frag_Erika", "query targetGroups"},
		{"unknown field", `query Bad_Olga { olgaSecretField }`, "olgaSecretField", "(invalid)"},
		{"not GraphQL", `query Parse_Fritz { `, "Parse_Fritz", "(invalid)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := scrape(t)
			post(t, tc.query, nil)
			body := scrape(t)
			if strings.Contains(body, tc.secret) {
				t.Errorf("/metrics carries the client's %q", tc.secret)
			}
			sum := func(b string) (n float64) {
				for _, line := range strings.Split(b, "\n") {
					if strings.HasPrefix(line, `kiezgraph_graphql_operations_total{operation="`+tc.label+`"`) {
						f, _ := strconv.ParseFloat(line[strings.LastIndex(line, " ")+1:], 64)
						n += f
					}
				}
				return n
			}
			if got := sum(body) - sum(before); got != 1 {
				t.Errorf("operations labelled %q grew by %v, want 1", tc.label, got)
			}
		})
	}
}

// scrape returns the service's /metrics.
func scrape(t *testing.T) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, metricsSrv.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+testMetricsToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: status %d", resp.StatusCode)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}
