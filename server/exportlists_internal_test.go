package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kiezgraph/kiezgraph/apierror"
	"github.com/kiezgraph/kiezgraph/domain"
)

// fakePages answers a list export's pages from a script: each entry is
// a response body; the handler counts the requests it served.
type fakePages struct {
	bodies []string
	served int
}

func (f *fakePages) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	body := f.bodies[min(f.served, len(f.bodies)-1)]
	f.served++
	_, _ = w.Write([]byte(body))
}

func fakePage(ids []string, next bool) string {
	edges := ""
	for i, id := range ids {
		if i > 0 {
			edges += ","
		}
		edges += fmt.Sprintf(`{"node":{"id":%q}}`, id)
	}
	return fmt.Sprintf(`{"data":{"list":{"edges":[%s],"pageInfo":{"hasNextPage":%v,"endCursor":"c%d"}}}}`, edges, next, len(ids))
}

const rateLimited = `{"errors":[{"message":"rate limit exceeded","extensions":{"code":"RATE_LIMITED","retryAfter":1}}],"data":null}`

// TestListPagesWaitForTheRateLimit: a page after the first that the rate
// limit refuses is asked for again after Retry-After, so the file goes
// on; a refused first page is the export's refusal (429 before any byte).
func TestListPagesWaitForTheRateLimit(t *testing.T) {
	fake := &fakePages{bodies: []string{fakePage([]string{"a", "b"}, true), rateLimited, fakePage([]string{"c"}, false)}}
	e := &exporter{graphql: fake}
	r := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/export/lists/actors.csv", nil)
	p := &listPager{e: e, r: r, doc: listExports["actors"].document(), vars: map[string]any{}}
	start := time.Now()
	first, err := p.next()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := p.each(first, func(n map[string]any) error { got = append(got, n["id"].(string)); return nil }); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[a b c]" || fake.served != 3 || time.Since(start) < time.Second {
		t.Errorf("rows %v after %d requests in %v; want a, b, c after 3, waiting a second", got, fake.served, time.Since(start))
	}

	refused := &listPager{e: &exporter{graphql: &fakePages{bodies: []string{rateLimited}}}, r: r, doc: "query", vars: map[string]any{}}
	_, err = refused.next()
	var ge *errGraphQL
	if !errors.As(err, &ge) || ge.refusal.Code != apierror.CodeRateLimited || ge.refusal.Status != http.StatusTooManyRequests {
		t.Errorf("a refused first page: %v, want the RATE_LIMITED refusal", err)
	}
}

// TestListDocumentsNameTheirColumns: every column of every list export
// reads a field its selection asks for, so no column is always empty.
func TestListDocumentsNameTheirColumns(t *testing.T) {
	for name, l := range listExports {
		for _, c := range l.columns {
			part, _, _ := strings.Cut(c.path, ".")
			if !containsWord(l.selection, part) {
				t.Errorf("%s: column %s reads %s, which the selection %q does not ask for", name, c.header, part, l.selection)
			}
		}
	}
}

func containsWord(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if s[i:i+len(w)] == w && (i == 0 || s[i-1] == ' ' || s[i-1] == '{') &&
			(i+len(w) == len(s) || s[i+len(w)] == ' ' || s[i+len(w)] == '(') {
			return true
		}
	}
	return false
}

// TestListCells: values along lists are joined, text that a spreadsheet
// would run as a formula is defused in CSV, and only the columns of days
// and times become dates in XLSX.
func TestListCells(t *testing.T) {
	n := map[string]any{"id": "act_a", "name": "=HYPERLINK(\"http://evil\")", "public": true, "strength": 0.5,
		"neighbourhoods": []any{map[string]any{"id": "nbh_a"}, map[string]any{"id": "nbh_b"}},
		"provider":       nil, "validFrom": "2024-06-01", "description": "2024-06-01", "createdAt": "2026-12-06T07:06:54.162Z"}
	for _, tc := range []struct {
		path, csv string
	}{
		{"id", "act_a"}, {"name", "'=HYPERLINK(\"http://evil\")"}, {"public", "true"}, {"strength", "0.5"},
		{"neighbourhoods.id", "nbh_a; nbh_b"}, {"provider.name", ""}, {"validFrom", "2024-06-01"},
	} {
		if got := csvText(cell(n, listColumn{path: tc.path})); got != tc.csv {
			t.Errorf("%s: CSV cell %q, want %q", tc.path, got, tc.csv)
		}
	}
	if got := csvText("-1"); got != "'-1" {
		t.Errorf("a text -1 is %q", got)
	}
	if got := csvText(-1.5); got != "-1.5" {
		t.Errorf("a number -1.5 is %q: numbers are not text", got)
	}
	for path, date := range map[string]bool{"validFrom": true, "description": false, "createdAt": true} {
		v := xlsxValue(listColumn{path: path}, cell(n, listColumn{path: path}), 1, 2)
		if _, isCell := v.(excelize.Cell); isCell != date {
			t.Errorf("%s: XLSX value %#v, want a date: %v", path, v, date)
		}
	}
}

// TestSampleSourcesParam: sampleSources samples the betweenness of
// scores; it needs scores=true, a whole number of at least 2, and a
// network format.
func TestSampleSourcesParam(t *testing.T) {
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		format, query string
		sources       int
		errField      string
	}{
		{"gexf", "scores=true&sampleSources=500", 500, ""},
		{"geojson", "scores=true&sampleSources=2", 2, ""},
		{"gexf", "scores=true", 0, ""},
		{"gexf", "sampleSources=500", 0, "sampleSources"},
		{"gexf", "scores=false&sampleSources=500", 0, "sampleSources"},
		{"cytoscape", "scores=true&sampleSources=1", 0, "sampleSources"},
		{"graphml", "scores=true&sampleSources=many", 0, "sampleSources"},
		{"hsds", "sampleSources=500", 0, "sampleSources"},
	} {
		t.Run(tc.format+"?"+tc.query, func(t *testing.T) {
			q, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			p, err := parseNetworkParams(q, networkFormats[tc.format], day)
			if tc.errField == "" {
				if err != nil || p.sources != tc.sources {
					t.Errorf("sources %d, err %v; want %d", p.sources, err, tc.sources)
				}
				return
			}
			fe := domain.FieldErrors(err)
			if len(fe) == 0 {
				t.Errorf("err %v, want one on %s", err, tc.errField)
			}
			for _, f := range fe {
				if f.Field != tc.errField {
					t.Errorf("err %v, want only errors on %s", err, tc.errField)
				}
			}
		})
	}
}
