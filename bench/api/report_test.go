package main

import (
	"strings"
	"testing"
)

func TestReport(t *testing.T) {
	const results = `{"kind":"run","size":"300","actors":300,"cooperations":1500,"boundMs":100,"rates":[25,50],"conns":[8]}
{"kind":"step","size":"300","server":"kiezgraph","query":"Q1","model":"closed","conns":8,"throughput":80,"neo4jTxPerRequest":5,"neo4jCpuMsPerRequest":30,"serverRssMiB":40}
{"kind":"step","size":"300","server":"kiezgraph","query":"Q1","model":"open","rate":25,"throughput":25,"p99ms":20,"sustained":true}
{"kind":"step","size":"300","server":"kiezgraph","query":"Q1","model":"open","rate":50,"throughput":50,"p99ms":60,"sustained":true}
{"kind":"step","size":"300","server":"peer","query":"Q1","model":"closed","conns":8,"throughput":40,"neo4jTxPerRequest":1,"neo4jCpuMsPerRequest":10,"serverRssMiB":150}
{"kind":"step","size":"300","server":"peer","query":"Q1","model":"open","rate":25,"throughput":25,"p99ms":90,"sustained":true}
{"kind":"step","size":"300","server":"peer","query":"Q1","model":"open","rate":50,"throughput":41,"p99ms":900,"sustained":false}
{"kind":"run","size":"300","actors":300,"cooperations":1500,"boundMs":100,"peerFailed":{"Q3":"Q3: the peer failed: out of memory"}}
{"kind":"step","size":"300","server":"kiezgraph","query":"Q3","model":"closed","conns":8,"throughput":70}
`
	runs, err := readResults(strings.NewReader(results))
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 || len(runs[0].steps) != 1 {
		t.Fatalf("got %d runs, want the latest run of size 300 alone", len(runs))
	}
	// The first run alone, as if the second had not come.
	first, err := readResults(strings.NewReader(strings.Join(strings.SplitAfter(results, "\n")[:7], "")))
	if err != nil {
		t.Fatal(err)
	}
	report := renderReport(first, "results.jsonl")
	for _, want := range []string{
		"| Q1: a quarter's actors with services, target groups and partners | 50 | 25 | **2.00×** | 80 (8) | 40 (8) | 2.00× | 5.0 / 1.0 | 30.0 / 10.0 | 40 / 150 |",
		"| Q1 | peer | open | 50/s | 41.0 |",
		"the raw steps are in `results.jsonl` beside this file",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	// A server that met no step: the ratio is bounded by the lowest rate it was offered.
	if got := sustainedRatio(serverQuery{lowest: 25}, serverQuery{sustained: 50, lowest: 25}); got != "< 0.50×" {
		t.Errorf("ratio with kiezgraph meeting no step = %q, want < 0.50×", got)
	}
	if got := sustainedRatio(serverQuery{sustained: 100, lowest: 25}, serverQuery{lowest: 2}); got != "> 50.00×" {
		t.Errorf("ratio with the peer meeting no step = %q, want > 50.00×", got)
	}
	if report := renderReport(runs, "results.jsonl"); !strings.Contains(report, "fails: Q3: the peer failed: out of memory") {
		t.Errorf("report does not say the peer failed Q3:\n%s", report)
	}
	if _, err := readResults(strings.NewReader(`{"kind":"step","size":"9"}`)); err == nil {
		t.Error("a step without its run line was read without error")
	}
}

// Two sizes loaded: the report compares kiezgraph's throughput at the
// larger with that at the smaller; a size that only timed pages is not
// among them.
func TestReportGrowth(t *testing.T) {
	const results = `{"kind":"run","size":"5000","actors":5000,"cooperations":25000,"boundMs":100}
{"kind":"step","size":"5000","server":"kiezgraph","query":"Q1","model":"closed","conns":8,"throughput":100}
{"kind":"step","size":"5000","server":"kiezgraph","query":"Q1","model":"open","rate":140,"throughput":140,"sustained":true}
{"kind":"step","size":"5000","server":"kiezgraph","query":"Q2","model":"closed","conns":8,"throughput":400}
{"kind":"run","size":"50000","actors":50000,"cooperations":250000,"boundMs":100}
{"kind":"step","size":"50000","server":"kiezgraph","query":"Q1","model":"closed","conns":8,"throughput":90}
{"kind":"step","size":"50000","server":"kiezgraph","query":"Q1","model":"open","rate":100,"throughput":100,"sustained":true}
{"kind":"step","size":"50000","server":"kiezgraph","query":"Q2","model":"closed","conns":8,"throughput":100}
{"kind":"run","size":"100000","actors":100000,"cooperations":500000}
{"kind":"page","size":"100000","list":"actors","after":0,"items":20,"requests":50,"p50ms":4.5,"p99ms":9,"maxMs":12}
`
	runs, err := readResults(strings.NewReader(results))
	if err != nil {
		t.Fatal(err)
	}
	report := renderReport(runs, "results.jsonl")
	for _, want := range []string{
		"## kiezgraph at 50000 actors against 5000",
		"| Q1 | 140 / 100 | 0.71× | 100 / 90 | 0.90× |",
		"| Q2 | none / none | – | 400 / 100 | 0.25× |",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	if strings.Contains(renderReport(runs[:1], "results.jsonl"), "## kiezgraph at") {
		t.Error("one loaded size is compared with itself")
	}
}

// A run of pages alone (PAGES_ONLY) reports its pages and names the
// slowest p50; a page without its run line is refused.
func TestReportPages(t *testing.T) {
	const results = `{"kind":"run","size":"100000","actors":100000,"cooperations":500000}
{"kind":"page","size":"100000","list":"actors","after":0,"items":20,"requests":50,"p50ms":4.5,"p99ms":9,"maxMs":12,"neo4jCpuMsPerRequest":1.5}
{"kind":"page","size":"100000","list":"actors","order":"CREATED_AT","after":1000,"items":20,"requests":50,"p50ms":7.25,"p99ms":11,"maxMs":13,"neo4jCpuMsPerRequest":2}
{"kind":"page","size":"100000","list":"needs","after":0,"items":20,"requests":50,"p50ms":3,"p99ms":5,"maxMs":6,"neo4jCpuMsPerRequest":1}
`
	runs, err := readResults(strings.NewReader(results))
	if err != nil {
		t.Fatal(err)
	}
	report := renderReport(runs, "results.jsonl")
	for _, want := range []string{
		"Slowest p50: actors CREATED_AT after 1000, 7.2 ms.",
		"| actors | default | 0 | 20 | 50 | 4.5 | 9.0 | 12.0 | 1.50 |",
		"| needs | default | 0 | 20 | 50 | 3.0 | 5.0 | 6.0 | 1.00 |",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	if strings.Contains(report, "Closed model") || strings.Contains(report, "the peer on") {
		t.Errorf("a run of pages alone reports a load or a peer:\n%s", report)
	}
	if _, err := readResults(strings.NewReader(`{"kind":"page","size":"9"}`)); err == nil {
		t.Error("a page without its run line was read without error")
	}
}

// The page query asks for the list in the order, after $after, with
// the arguments the list requires, and the name only where nodes have one.
func TestPageDocument(t *testing.T) {
	for _, tc := range []struct {
		list  rootList
		order string
		want  string
	}{
		{rootList{Name: "actors", Named: true}, "",
			"query Page($after: String) { list: actors(first: 20, after: $after) { edges { node { id name } } pageInfo { hasNextPage endCursor } } }"},
		{rootList{Name: "cooperations"}, "VALID_FROM",
			"query Page($after: String) { list: cooperations(first: 20, after: $after, orderBy: {field: VALID_FROM}) { edges { node { id } } pageInfo { hasNextPage endCursor } } }"},
		{rootList{Name: "actorsByPlace", Named: true, Args: `within: "nbh_1"`}, "",
			`query Page($after: String) { list: actorsByPlace(first: 20, after: $after, within: "nbh_1") { edges { node { id name } } pageInfo { hasNextPage endCursor } } }`},
	} {
		if got := pageDocument(tc.list, tc.order, pageSize); got != tc.want {
			t.Errorf("pageDocument(%s, %q) =\n%s\nwant\n%s", tc.list.Name, tc.order, got, tc.want)
		}
	}
}
